//! Data transfer objects for commands and events. Field names are snake_case on the
//! wire; command *argument* keys are camelCase (Tauri's default), see [`cmd`].

use serde::{Deserialize, Serialize};

use crate::units::Units;

/// Row id of an activity in the vault.
pub type ActivityId = i64;

/// Command names, shared so the UI and the shell cannot drift apart.
pub mod cmd {
    pub const APP_INFO: &str = "app_info";
    pub const LIST_ACTIVITIES: &str = "list_activities";
    pub const GET_ACTIVITY: &str = "get_activity";
    pub const ACTIVITY_CHART: &str = "activity_chart";
    pub const IMPORT_FILES: &str = "import_files";
    pub const GET_SETTINGS: &str = "get_settings";
    pub const SET_SETTINGS: &str = "set_settings";
    pub const DASHBOARD: &str = "dashboard";
    pub const ACTIVITY_METRICS: &str = "activity_metrics";
    pub const LOAD_CHART: &str = "load_chart";
    pub const GET_THRESHOLDS: &str = "get_thresholds";
    pub const SET_THRESHOLD: &str = "set_threshold";
    pub const DELETE_THRESHOLD: &str = "delete_threshold";
    pub const CANCEL_IMPORT: &str = "cancel_import";
    pub const REPROCESS: &str = "reprocess";
    pub const WATCHED_FOLDERS: &str = "watched_folders";
    pub const GET_PROFILE: &str = "get_profile";
    pub const SET_PROFILE: &str = "set_profile";
    pub const SET_ACTIVITY_RPE: &str = "set_activity_rpe";
}

/// Events the shell emits to the UI.
pub mod event {
    /// Payload: [`super::ImportReport`]. Sent after any import (drop, command, watcher).
    pub const ACTIVITIES_CHANGED: &str = "activities-changed";
    /// Payload: `u32`, how many files a drop brought; sent before the import starts.
    pub const IMPORT_STARTED: &str = "import-started";
    /// Payload: [`super::ImportProgress`], a few times a second while an import runs.
    pub const IMPORT_PROGRESS: &str = "import-progress";
}

/// Sports Paceline knows. Anything else is kept as `Other` with the source's name
/// in `sub_sport`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sport {
    Run,
    Ride,
    Swim,
    Walk,
    Hike,
    Row,
    Strength,
    Multisport,
    Transition,
    Other,
}

impl Sport {
    pub fn label(self) -> &'static str {
        match self {
            Sport::Run => "Run",
            Sport::Ride => "Ride",
            Sport::Swim => "Swim",
            Sport::Walk => "Walk",
            Sport::Hike => "Hike",
            Sport::Row => "Row",
            Sport::Strength => "Strength",
            Sport::Multisport => "Multisport",
            Sport::Transition => "Transition",
            Sport::Other => "Other",
        }
    }

    /// Stable lowercase key, the same string serde uses.
    pub fn key(self) -> &'static str {
        match self {
            Sport::Run => "run",
            Sport::Ride => "ride",
            Sport::Swim => "swim",
            Sport::Walk => "walk",
            Sport::Hike => "hike",
            Sport::Row => "row",
            Sport::Strength => "strength",
            Sport::Multisport => "multisport",
            Sport::Transition => "transition",
            Sport::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Sport> {
        ALL_SPORTS.iter().copied().find(|s| s.key() == key)
    }
}

pub const ALL_SPORTS: [Sport; 10] = [
    Sport::Run,
    Sport::Ride,
    Sport::Swim,
    Sport::Walk,
    Sport::Hike,
    Sport::Row,
    Sport::Strength,
    Sport::Multisport,
    Sport::Transition,
    Sport::Other,
];

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

/// Biological sex, which weights Banister's TRIMP (women's HR rises faster with
/// intensity at the same load).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
}

impl Sex {
    pub fn key(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
        }
    }

    pub fn from_key(key: &str) -> Option<Sex> {
        match key {
            "female" => Some(Sex::Female),
            "male" => Some(Sex::Male),
            _ => None,
        }
    }
}

/// Who the vault belongs to (arguments of [`cmd::SET_PROFILE`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AthleteProfile {
    pub name: String,
    pub sex: Option<Sex>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    Light,
    Dark,
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

/// A rendered chart: a self-contained SVG document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    pub svg: String,
}

/// Where the vault key came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    /// A random 256-bit key kept in the OS keyring.
    Keyring,
    /// Derived with Argon2id from `PACELINE_PASSPHRASE`.
    Passphrase,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub vault_path: String,
    pub key_source: KeySource,
    pub athlete_name: String,
    pub activity_count: u32,
}

/// User preferences kept in the vault.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Settings {
    pub units: Units,
    /// Folders watched for new activity files (a mounted watch, a sync folder).
    #[serde(default)]
    pub watched_folders: Vec<String>,
}

/// What a training threshold measures. Units: W, bpm, m/s, kg.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdKind {
    /// Functional threshold power (W).
    Ftp,
    /// Lactate-threshold heart rate (bpm).
    Lthr,
    MaxHr,
    RestingHr,
    /// Threshold running speed (m/s); the UI shows it as pace.
    ThresholdSpeed,
    /// Critical swim speed (m/s).
    Css,
    /// Body mass (kg).
    Weight,
}

impl ThresholdKind {
    pub const ALL: [ThresholdKind; 7] = [
        ThresholdKind::Ftp,
        ThresholdKind::Lthr,
        ThresholdKind::MaxHr,
        ThresholdKind::RestingHr,
        ThresholdKind::ThresholdSpeed,
        ThresholdKind::Css,
        ThresholdKind::Weight,
    ];

    /// Stable lowercase key, the same string serde uses.
    pub fn key(self) -> &'static str {
        match self {
            ThresholdKind::Ftp => "ftp",
            ThresholdKind::Lthr => "lthr",
            ThresholdKind::MaxHr => "max_hr",
            ThresholdKind::RestingHr => "resting_hr",
            ThresholdKind::ThresholdSpeed => "threshold_speed",
            ThresholdKind::Css => "css",
            ThresholdKind::Weight => "weight",
        }
    }

    pub fn from_key(key: &str) -> Option<ThresholdKind> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// One dated threshold: valid from `from_day` (days since 1970-01-01) until the
/// next entry of the same kind and sport. `sport: None` applies to every sport.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Threshold {
    pub sport: Option<Sport>,
    pub kind: ThresholdKind,
    pub value: f64,
    pub from_day: i32,
}

impl Threshold {
    /// Which entry this is (its sport, kind and first day), e.g. to delete it.
    pub fn id(&self) -> ThresholdId {
        ThresholdId {
            sport: self.sport,
            kind: self.kind,
            from_day: self.from_day,
        }
    }
}

/// One dated threshold entry: at most one value per sport, kind and first day.
/// Arguments of [`cmd::DELETE_THRESHOLD`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThresholdId {
    pub sport: Option<Sport>,
    pub kind: ThresholdKind,
    pub from_day: i32,
}

/// A suggested threshold change backed by a recent activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThresholdSuggestion {
    pub threshold: Threshold,
    pub current: Option<f64>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    pub entries: Vec<Threshold>,
    pub suggestions: Vec<ThresholdSuggestion>,
    /// The zones worked out from the thresholds valid today.
    #[serde(default)]
    pub zones: Vec<ZoneSet>,
}

/// A zone model from one threshold, e.g. Coggan's power levels from an FTP.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZoneSet {
    /// "Power (Coggan)", "Run pace (Friel)".
    pub title: String,
    /// The threshold behind it, which also gives the unit (W, bpm, m/s).
    pub kind: ThresholdKind,
    pub sport: Option<Sport>,
    pub threshold: f64,
    pub zones: Vec<ZoneRange>,
}

/// One zone, in its model's unit. The first zone has no `low`, the last no `high`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZoneRange {
    pub name: String,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// Seconds spent in one training zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZoneTime {
    pub name: String,
    pub seconds: u32,
}

/// A best effort: the highest mean power held for `seconds`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BestEffort {
    pub seconds: u32,
    pub watts: f64,
}

/// Training metrics of one activity, each with what it was computed from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ActivityMetrics {
    /// The one load value (TSS-equivalent) and its source: "power", "pace",
    /// "heart_rate" or "rpe" (power > pace > heart rate > RPE).
    pub load: Option<f64>,
    pub load_source: Option<String>,
    pub intensity_factor: Option<f64>,
    pub normalized_power: Option<f64>,
    pub variability_index: Option<f64>,
    pub efficiency_factor: Option<f64>,
    pub work_kj: Option<f64>,
    pub hr_tss: Option<f64>,
    pub trimp: Option<f64>,
    /// The activity's CR-10 rating (0–10), if rated.
    #[serde(default)]
    pub rpe: Option<f64>,
    /// Session RPE (Foster): CR-10 rating × minutes, arbitrary units.
    #[serde(default)]
    pub session_rpe: Option<f64>,
    /// Left leg's share of the power, %, weighted by power (pedals and meters
    /// that measure both legs).
    #[serde(default)]
    pub left_balance_pct: Option<f64>,
    pub decoupling_pct: Option<f64>,
    pub power_zones: Vec<ZoneTime>,
    pub hr_zones: Vec<ZoneTime>,
    /// Runs with a threshold pace: time in Friel's pace zones.
    #[serde(default)]
    pub pace_zones: Vec<ZoneTime>,
    pub best_efforts: Vec<BestEffort>,
    /// Thresholds valid on the activity's day that the numbers used.
    pub ftp: Option<f64>,
    pub lthr: Option<f64>,
    pub threshold_speed_mps: Option<f64>,
    pub css_mps: Option<f64>,
    /// Why something could not be computed (e.g. "set your FTP to score power").
    pub notes: Vec<String>,
    /// The critical power model W′ balance used; `None` without power or without a
    /// credible fit from the efforts before the activity.
    #[serde(default)]
    pub critical_power: Option<CriticalPower>,
    /// How deep into W′ the activity went, with that model.
    #[serde(default)]
    pub wbal: Option<WbalSummary>,
    /// The activity's mean-max power curve, (seconds, watts). Kept by the vault
    /// beside the metrics (for the power curve and the CP of later activities),
    /// never sent: `None` here means "not computed", so storing metrics read back
    /// from the vault keeps the stored curve.
    #[serde(skip)]
    pub power_curve: Option<Vec<(u32, f32)>>,
}

/// Critical power and W′ from the 2-parameter fit (work = CP·t + W′) of the
/// athlete's best 2–20 min efforts in the 90 days before an activity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CriticalPower {
    pub cp_w: f64,
    pub w_prime_j: f64,
    /// Best-effort durations the fit used.
    pub efforts: u32,
}

/// W′ balance (Skiba 2015) over an activity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WbalSummary {
    /// Lowest balance, kJ (negative: more was spent than the model's W′).
    pub min_kj: f64,
    /// Seconds from the start at which it was lowest.
    pub min_at_s: u32,
    /// Seconds spent below 0.
    pub below_zero_s: u32,
}

impl WbalSummary {
    /// "−4.8 kJ at 12:00, 49 s below zero" (the time the lowest second ends).
    pub fn describe(&self) -> String {
        let at = crate::units::duration(f64::from(self.min_at_s) + 1.0);
        let mut s = format!("{:.1} kJ at {at}", self.min_kj).replace('-', "−");
        if self.below_zero_s > 0 {
            s.push_str(&format!(", {} s below zero", self.below_zero_s));
        }
        s
    }
}

/// Fitness, fatigue and form at the end of a day (TrainingPeaks' convention:
/// form is yesterday's fitness minus yesterday's fatigue).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Form {
    pub day: i32,
    pub ctl: f64,
    pub atl: f64,
    pub tsb: f64,
    /// CTL change over the last 7 days.
    pub ramp: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SportLoad {
    pub sport: Sport,
    pub load: f64,
    pub sessions: u32,
}

/// The dashboard's numbers (its charts come from [`cmd::LOAD_CHART`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub today: i32,
    pub form: Option<Form>,
    /// 0–100 with the reasons behind it; `None` without wellness data.
    pub readiness: Option<u8>,
    pub readiness_reasons: Vec<String>,
    /// Load of the last 7 days per sport.
    pub week: Vec<SportLoad>,
    /// Activities that have no load (no threshold for their sport yet).
    pub unscored: u32,
    /// Today's load balance: ramping up too fast, or the same every day.
    #[serde(default)]
    pub balance: LoadBalance,
    /// Wellness (HRV, resting HR, sleep) is on file: the HRV chart has data.
    #[serde(default)]
    pub has_wellness: bool,
    /// Critical power and eFTP from the rides of the last 90 days.
    #[serde(default)]
    pub power_profile: Option<PowerProfile>,
}

/// What the best ride efforts of a window say about the athlete's power.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PowerProfile {
    /// Days of rides behind it (ending today).
    pub days: u32,
    /// Monod's 2-parameter model over 2–20 min bests.
    pub cp2: Option<CpModel>,
    /// Morton's 3-parameter model over 1–20 min bests.
    pub cp3: Option<CpModel>,
    /// Estimated FTP: the credible 2-parameter CP, else 95 % of the best 20 min.
    pub eftp_w: Option<f64>,
    /// `true` when eFTP is the critical power, `false` for 95 % of 20 min.
    pub eftp_from_cp: bool,
    pub best_20min_w: Option<f64>,
}

/// One critical power fit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CpModel {
    pub cp_w: f64,
    pub w_prime_j: f64,
    /// 3-parameter only: the power the model gives at t = 0 (CP − W′/k), W.
    pub pmax_w: Option<f64>,
    /// Fit quality (r² of work for 2-p, of power for 3-p).
    pub r2: f64,
    /// Enough durations, a tight fit and a W′ in the physiological range.
    pub credible: bool,
}

/// Acute:chronic workload ratio and Foster's monotony and strain on one day
/// (definitions in `docs/metrics.md`). `None` until there is enough history.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct LoadBalance {
    /// Mean load of the last 7 days ÷ of the last 28 (needs 28 days of history).
    pub acwr: Option<f64>,
    /// The same from exponentially weighted averages (Williams et al. 2017).
    pub acwr_ewma: Option<f64>,
    /// Mean ÷ SD of the last 7 days' daily loads (Foster flags > 2).
    pub monotony: Option<f64>,
    /// The last 7 days' load × monotony.
    pub strain: Option<f64>,
    /// The last 7 days' load.
    pub week_load: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoadChartKind {
    Pmc90,
    Pmc365,
    PmcAll,
    WeeklyLoad,
    PowerCurve,
    /// Needs `activity_id`.
    ActivityPowerZones,
    /// Needs `activity_id`.
    ActivityHrZones,
    /// Needs `activity_id`: a run's time in Friel's pace zones.
    ActivityPaceZones,
    /// Morning HRV (ln rMSSD) with its normal range and resting HR, last 90 days.
    HrvTrend,
}

/// Arguments of [`cmd::LOAD_CHART`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadChartRequest {
    pub kind: LoadChartKind,
    pub activity_id: Option<ActivityId>,
    pub theme: Theme,
    pub width: u32,
    pub height: u32,
}

/// Error categories the UI branches on. Add one only when the UI treats it
/// differently; everything else is `Internal` with the cause in the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    InvalidInput,
    Vault,
    Internal,
}

/// The one error shape on the wire: `{ "code": ..., "message": ... }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireError {
    pub code: ErrorCode,
    pub message: String,
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for WireError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_shape_is_code_and_message() {
        let e = WireError {
            code: ErrorCode::NotFound,
            message: "no activity 7".into(),
        };
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"code":"not_found","message":"no activity 7"}"#
        );
    }

    #[test]
    fn chart_request_without_overlay_flags_draws_them() {
        let old = r#"{"id":3,"theme":"dark","units":"metric","width":900,"height":340}"#;
        let r: ChartRequest = serde_json::from_str(old).unwrap();
        assert!(r.zones && r.laps);
        let off = r#"{"id":3,"theme":"dark","units":"metric","width":900,"height":340,"zones":false,"laps":false}"#;
        let r: ChartRequest = serde_json::from_str(off).unwrap();
        assert!(!r.zones && !r.laps);
    }

    #[test]
    fn wbal_reads_as_a_sentence() {
        let w = WbalSummary {
            min_kj: -4.8,
            min_at_s: 719,
            below_zero_s: 49,
        };
        assert_eq!(w.describe(), "−4.8 kJ at 12:00, 49 s below zero");
        let w = WbalSummary {
            min_kj: 12.6,
            min_at_s: 659,
            below_zero_s: 0,
        };
        assert_eq!(w.describe(), "12.6 kJ at 11:00");
    }

    #[test]
    fn threshold_keys_match_serde() {
        for k in ThresholdKind::ALL {
            assert_eq!(ThresholdKind::from_key(k.key()), Some(k));
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.key())
            );
        }
    }

    #[test]
    fn sport_keys_round_trip() {
        for s in ALL_SPORTS {
            assert_eq!(Sport::from_key(s.key()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.key())
            );
        }
    }
}
