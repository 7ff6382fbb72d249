//! What a recording carries beyond the core streams: multisport legs, running
//! dynamics and developer fields (by name and units), HRV beat intervals, pool
//! lengths and strength sets. Kept so nothing a device wrote is lost on import.

use crate::Sport;

/// One leg of a multisport activity (swim, T1, bike, T2, run), from its session.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Leg {
    pub sport: Option<Sport>,
    pub sub_sport: Option<String>,
    pub start_utc: i64,
    pub elapsed_s: f64,
    pub moving_s: f64,
    pub distance_m: Option<f64>,
    pub avg_hr: Option<f64>,
    pub avg_power: Option<f64>,
    pub calories: Option<f64>,
}

/// A per-sample stream outside the core set, aligned with `Streams::time_s` (NaN =
/// missing). `key` is stable for storage: `lr_balance`, `vertical_oscillation`,
/// `stance_time`, `step_length`, `core_temperature`, or `dev:<app>:<field name>`
/// for a developer (Connect IQ) field.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExtraStream {
    pub key: String,
    /// What a person reads ("Power", "core_temperature").
    pub name: String,
    pub units: String,
    pub values: Vec<f32>,
}

/// One pool length.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SwimLength {
    pub start_utc: i64,
    pub elapsed_s: f64,
    pub strokes: Option<u16>,
    /// freestyle, backstroke, breaststroke, butterfly, drill, mixed, im.
    pub stroke: Option<String>,
    /// false for a rest (idle) length.
    pub active: bool,
}

/// One strength set (or the rest between sets).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StrengthSet {
    pub start_utc: i64,
    pub duration_s: Option<f64>,
    pub reps: Option<u16>,
    pub weight_kg: Option<f64>,
    /// The device's exercise category number (FIT `exercise_category`), if any.
    pub category: Option<u16>,
    pub active: bool,
}

/// Everything beyond the core: empty for a plain GPX track.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extras {
    pub legs: Vec<Leg>,
    pub streams: Vec<ExtraStream>,
    /// Beat-to-beat (RR) intervals in milliseconds, in order.
    pub rr_ms: Vec<u16>,
    pub lengths: Vec<SwimLength>,
    pub sets: Vec<StrengthSet>,
}

impl Extras {
    pub fn is_empty(&self) -> bool {
        self.legs.is_empty()
            && self.streams.is_empty()
            && self.rr_ms.is_empty()
            && self.lengths.is_empty()
            && self.sets.is_empty()
    }
}
