//! Holds the end-to-end test in `tests/`; no library code.
