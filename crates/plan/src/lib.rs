//! Paceline's planning core: the athlete's [`brief`], the [`model`] of a plan,
//! the built-in periodized [`planner`], the hard [`checker`] every plan (from
//! any source) must pass, plan [`diff`]s, [`compliance`] of done activities,
//! the readiness [`adjust`]ment and [`export`]s (JSON, FIT workouts, iCalendar).
//!
//! Pure: no IO, no clock. Today and the plan's start are arguments; load
//! projection (CTL/ATL/TSB) is `paceline-load`'s PMC.

pub mod adjust;
pub mod brief;
pub mod checker;
pub mod compliance;
pub mod date;
pub mod diff;
pub mod export;
pub mod model;
pub mod planner;

pub use adjust::{eased, readiness_low, Adjustment};
pub use brief::{Brief, BriefError};
pub use checker::{check, CheckReport, CheckerConfig, Violation, ViolationKind};
pub use compliance::{compliance, ComplianceReport, DoneActivity};
pub use date::{Date, Weekday};
pub use diff::{diff, PlanDiff};
pub use model::{
    Intensity, Location, Plan, Sport, Step, StepBody, Target, Workout, WorkoutKind, Zones,
};
pub use planner::session::race_workout;
pub use planner::{generate, Infeasible, PlanOutcome};
