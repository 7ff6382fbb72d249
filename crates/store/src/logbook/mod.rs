//! The logbook's tables: the athlete's own exercises, strength sessions and templates
//! with their sets, manual workouts, the daily journal and body metrics.
//!
//! Days are days since 1970-01-01 in the athlete's calendar; weights kg. Every write
//! that belongs together (a session and its sets, a manual workout's activity row,
//! metrics and notes) is one transaction. What a FIT file recorded (`strength_set`) is
//! never changed here: a session that reviews it links to its activity and keeps the
//! corrected sets in its own rows.

mod daily;
mod manual;
mod strength;

pub use daily::{BodyRow, JournalRow};
pub use manual::{ManualRow, NewManual, MANUAL_FORMAT};
pub use strength::{FitStrength, NewSession, OwnExerciseRow, SessionKind, SessionRow, SetRow};
