//! Route engine tests.
