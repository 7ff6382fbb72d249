//! Training load: thresholds, zones, per-activity metrics, the dashboard, load charts.

use serde::{Deserialize, Serialize};

use crate::domain::{ActivityId, Sport, ThresholdKind};
use crate::wire::Theme;

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
    /// The athlete's today (days since 1970-01-01), from the app's clock: which
    /// entry is current, and the default day of a new one.
    #[serde(default)]
    pub today: i32,
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
    /// Sessions, time and distance per sport over the 7 local days ending today.
    #[serde(default)]
    pub last_7_days: Vec<SportTotals>,
    /// The same over the 28 days ending today.
    #[serde(default)]
    pub last_28_days: Vec<SportTotals>,
}

/// What one sport (or, with `sport: None`, all of them) added up to over a window.
/// Lists hold the sports by time, most first, then an all-sports row when there
/// is more than one sport.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SportTotals {
    pub sport: Option<Sport>,
    pub sessions: u32,
    /// Moving time where the file has one, else elapsed time.
    pub seconds: f64,
    pub meters: f64,
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
