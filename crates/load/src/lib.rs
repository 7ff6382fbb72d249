//! Paceline training-load engine.
//!
//! Pure functions over plain slices: no IO, no clock, no threads, so the same
//! code runs in the desktop core and in the wasm32 UI. Streams are 1 Hz
//! `&[Option<f32>]` where `None` means "not recorded" (paused or dropped out);
//! [`clean`] turns irregular device samples into such streams. Dates are
//! [`Day`] numbers passed in by the caller. Every formula, unit, source and
//! convention is written down in `docs/metrics.md`.
//!
//! Nothing here panics on empty, NaN or degenerate input: functions return
//! `None` (or 0 for sums) as each one documents.

use serde::{Deserialize, Serialize};

pub mod activity;
pub mod clean;
pub mod cp;
pub mod curve;
pub mod hr;
pub mod pmc;
pub mod power;
pub mod readiness;
pub mod rpe;
pub mod run;
pub mod swim;
pub mod thresholds;
mod util;
pub mod wbal;
pub mod zones;

/// Days since 1970-01-01 (UTC calendar day of the athlete's local date; the
/// caller decides which day an activity belongs to).
pub type Day = i32;

/// 1 Hz stream: one value per second, `None` = not recorded (paused/dropout).
pub type Stream = [Option<f32>];

/// Sport an activity, a threshold or a PMC line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Sport {
    Bike,
    Run,
    Swim,
    Other,
}

impl Sport {
    pub const ALL: [Sport; 4] = [Sport::Bike, Sport::Run, Sport::Swim, Sport::Other];
}

pub use activity::{activity_load, ActivityInput, ActivityLoad, ActivityThresholds, LoadSource};
