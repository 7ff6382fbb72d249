//! Proof that nothing leaks and nothing is lost (issue #16), against the real
//! `paceline` binary: marker strings written through every feature are found in no
//! file the app wrote; kill -9 at random points of import, Garmin sync, plan save,
//! backup and restore leaves a sound vault that a re-run completes; a full disk and a
//! read-only data folder give clear errors. `cargo xtask test` runs the fast part,
//! `cargo xtask soak` the long one.

pub mod cli;
pub mod crash;
pub mod disk;
pub mod fixtures;
pub mod ops;
pub mod scan;
