//! Activities: list rows, the activity page, its chart request.

use serde::{Deserialize, Serialize};

use crate::domain::{ActivityId, Sport};
use crate::units::Units;
use crate::wire::Theme;

/// Totals of one activity, as shown in lists. Times are UTC unix seconds; the
/// local offset is kept so the UI can show the athlete's wall-clock time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivitySummary {
    pub id: ActivityId,
    pub name: String,
    pub sport: Sport,
    pub sub_sport: Option<String>,
    pub start_utc: i64,
    pub utc_offset_s: i32,
    pub elapsed_s: f64,
    pub moving_s: f64,
    pub distance_m: Option<f64>,
    pub ascent_m: Option<f64>,
    pub avg_hr: Option<f64>,
    pub max_hr: Option<f64>,
    pub avg_power: Option<f64>,
    pub max_power: Option<f64>,
    pub avg_speed_mps: Option<f64>,
    pub avg_cadence: Option<f64>,
    pub calories: Option<f64>,
    pub device: Option<String>,
    /// "fit", "gpx", "tcx".
    pub source_format: String,
    /// Session RPE, CR-10 (0–10): rated on the device or entered afterwards.
    #[serde(default)]
    pub rpe: Option<f64>,
}

impl ActivitySummary {
    /// The time it counts for in totals: moving time when the file has one,
    /// elapsed time otherwise.
    pub fn active_s(&self) -> f64 {
        if self.moving_s > 0.0 {
            self.moving_s
        } else {
            self.elapsed_s
        }
    }
}

/// One lap of an activity. `index` counts from 0 in recording order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LapSummary {
    pub index: u32,
    pub start_utc: i64,
    pub elapsed_s: f64,
    pub distance_m: Option<f64>,
    pub avg_hr: Option<f64>,
    pub avg_power: Option<f64>,
    pub avg_speed_mps: Option<f64>,
}

/// Which sample streams an activity has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StreamKind {
    HeartRate,
    Power,
    Speed,
    Cadence,
    Altitude,
    Distance,
    Position,
    Temperature,
}

/// Everything the activity page shows, except the chart (fetched separately so a
/// theme change redraws only the chart).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityDetail {
    pub summary: ActivitySummary,
    pub laps: Vec<LapSummary>,
    pub streams: Vec<StreamKind>,
    pub sample_count: u32,
    /// Notes the importer made (e.g. a salvaged truncated file).
    pub warnings: Vec<String>,
    /// What the recording carries beyond the core (legs, sensors, files).
    #[serde(default)]
    pub extras: ExtrasSummary,
}

/// Legs of a multisport activity, extra sensor streams, HRV, lengths, sets and the
/// other files of the same recording.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ExtrasSummary {
    pub legs: Vec<LegSummary>,
    /// Extra streams, e.g. "Ground contact time (ms)", "Power (Stryd) (W)".
    pub streams: Vec<NamedStream>,
    /// Beat-to-beat intervals recorded (0 when none).
    pub hrv_beats: u32,
    /// Pool lengths: active ones and their total strokes.
    pub active_lengths: u32,
    pub strokes: Option<u32>,
    /// Pool swims: the pool length the device was set to, metres.
    #[serde(default)]
    pub pool_length_m: Option<f64>,
    pub strength_sets: Vec<SetSummary>,
    /// Other files of the same recording kept with this activity.
    pub linked_files: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegSummary {
    pub sport: Sport,
    pub start_utc: i64,
    pub elapsed_s: f64,
    pub distance_m: Option<f64>,
    pub avg_hr: Option<f64>,
    pub avg_power: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedStream {
    pub key: String,
    pub name: String,
    pub units: String,
}

impl NamedStream {
    /// "Ground contact time (ms)", or the bare name when it has no unit.
    pub fn label(&self) -> String {
        if self.units.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.units)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetSummary {
    pub reps: Option<u32>,
    pub weight_kg: Option<f64>,
    pub duration_s: Option<f64>,
}

/// Arguments of [`cmd::ACTIVITY_CHART`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartRequest {
    pub id: ActivityId,
    pub theme: Theme,
    pub units: Units,
    pub width: u32,
    pub height: u32,
    /// Shade power zones (from the FTP valid that day) and heart-rate zones (from
    /// LTHR) behind their panels. On when a request leaves it out.
    #[serde(default = "on")]
    pub zones: bool,
    /// Thin lines at lap starts. On when a request leaves it out.
    #[serde(default = "on")]
    pub laps: bool,
    /// Streams against distance instead of time (time when there is no distance).
    #[serde(default)]
    pub by_distance: bool,
}

fn on() -> bool {
    true
}
