//! Paceline logbook: the math behind strength sessions and body metrics.
//!
//! Pure functions over plain values: days are numbers passed in ([`Day`], days since
//! 1970-01-01, as in `paceline_load`), nothing reads a clock or a store. Weights are
//! kilograms. Invalid entries (no reps, a negative or non-finite weight) are skipped
//! by every figure rather than failing it.

pub mod body;
pub mod library;
pub mod strength;

pub use body::{weight_trend, WeightPoint};
pub use library::{builtin, find, Equipment, Exercise, Muscle};
pub use strength::{
    best_e1rm_by_day, brzycki, e1rm, epley, personal_records, weekly_volume, Formula, Pr, Records,
    SetEntry, WeekVolume,
};

/// Days since 1970-01-01 (the athlete's local calendar day), as `paceline_load::Day`.
pub type Day = i32;

/// The Monday of `day`'s week (1970-01-01 was a Thursday).
pub fn monday_of(day: Day) -> Day {
    day - (day + 3).rem_euclid(7)
}
