//! Training plans on the wire: the Coach › Goals page (races, hours per weekday,
//! equipment, the CTL goal) and the Calendar (planned workouts beside what was done,
//! weekly totals, versions). Days are days since 1970-01-01; plan sports are
//! `run`/`bike`/`swim`/`strength`/`other`, race sports also `triathlon`; priorities
//! `A`/`B`/`C`; intensities as in `docs/plan-brief.md`.

use serde::{Deserialize, Serialize};

/// A race of the athlete's calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RaceEntry {
    /// `None` for a race not stored yet.
    pub id: Option<i64>,
    pub day: i32,
    pub name: String,
    pub sport: String,
    pub distance_km: Option<f64>,
    pub priority: String,
    pub target_time_min: Option<f64>,
    pub taper_days: Option<u32>,
}

/// Hours available per weekday.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct WeekHours {
    pub mon: f64,
    pub tue: f64,
    pub wed: f64,
    pub thu: f64,
    pub fri: f64,
    pub sat: f64,
    pub sun: f64,
}

/// What the athlete can train with.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EquipmentSet {
    pub indoor_trainer: bool,
    pub power_meter: bool,
    pub treadmill: bool,
    pub pool_access: bool,
    /// Weekdays (`mon`…`sun`) the pool can be used; `None`: every day.
    pub pool_days: Option<Vec<String>>,
    pub open_water: bool,
    pub indoor_only: bool,
    pub gym_access: bool,
}

/// Everything the Goals page edits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanGoals {
    pub races: Vec<RaceEntry>,
    /// `None` until the athlete has set them.
    pub availability: Option<WeekHours>,
    pub equipment: EquipmentSet,
    pub goal_ctl: Option<f64>,
    pub injuries: Vec<InjuryEntry>,
    /// The current structured rules.
    pub rules: Vec<RuleEntry>,
    /// The current rules in words, with their version.
    pub rules_text: String,
    pub rules_version: u32,
}

/// What `generate_plan` did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanGenerated {
    /// The version saved; `None` when the checker refused the plan.
    pub version: Option<u32>,
    pub workouts: u32,
    /// Goals it could not reach safely, in words.
    pub infeasible: Vec<String>,
    /// The checker's reasons when refused.
    pub violations: Vec<String>,
}

/// One stored plan version, for the lineage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanVersionEntry {
    pub version: u32,
    pub parent: Option<u32>,
    pub created_utc: i64,
    pub reason: String,
    /// `builtin`, `manual` or `llm`.
    pub source: String,
    pub workouts: u32,
    pub total_tss: f64,
}

/// One planned workout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedWorkout {
    /// Its position in the plan version: what `move_workout` names.
    pub index: u32,
    pub day: i32,
    pub sport: String,
    /// `long`, `intervals`, `race`… (the plan's `type`).
    pub kind: String,
    pub name: String,
    pub duration_min: f64,
    pub tss: f64,
    pub intensity: String,
    pub location: String,
    pub description: String,
    /// The structured steps in words.
    pub steps: String,
    /// `done`, `partial`, `missed` or `upcoming`.
    pub status: String,
}

/// One done activity on the calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoneEntry {
    pub activity_id: i64,
    pub day: i32,
    pub sport: crate::domain::Sport,
    pub name: String,
    pub duration_min: f64,
    pub distance_km: Option<f64>,
    pub tss: Option<f64>,
}

/// One ISO week of the calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarWeek {
    /// Its Monday.
    pub week_start: i32,
    pub planned_min: f64,
    pub done_min: f64,
    pub planned_km: Option<f64>,
    pub done_km: f64,
    pub planned_tss: f64,
    pub done_tss: f64,
    /// Form (TSB) projected at the end of the week from the plan; `None` for weeks
    /// before the plan.
    pub projected_tsb: Option<f64>,
    pub adherence_pct: Option<f64>,
}

/// Planned beside done over a span of days (the current plan version).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanCalendar {
    pub today: i32,
    pub from: i32,
    pub to: i32,
    /// The version shown; `None` without a plan.
    pub version: Option<u32>,
    pub versions: Vec<PlanVersionEntry>,
    pub planned: Vec<PlannedWorkout>,
    pub done: Vec<DoneEntry>,
    pub weeks: Vec<CalendarWeek>,
    pub adherence_pct: Option<f64>,
}

/// The planned load of one ISO week in two versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekLoadChange {
    /// Its Monday.
    pub week_start: i32,
    pub before_tss: f64,
    pub after_tss: f64,
    pub before_min: f64,
    pub after_min: f64,
}

/// What changed from version `a` to `b`, in words per workout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanDiffView {
    pub a: u32,
    pub b: u32,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// "2027-03-02 run Threshold 3×10 min: duration_min, tss".
    pub changed: Vec<String>,
    /// Only the weeks whose load or time differ.
    pub weeks: Vec<WeekLoadChange>,
}

/// An injury the planner works around.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InjuryEntry {
    /// `None` for one not stored yet.
    pub id: Option<i64>,
    pub description: String,
    /// The sport it affects (`run`, `bike`, …); `None`: every sport.
    pub sport: Option<String>,
    pub from: i32,
    /// Last affected day; `None`: until further notice.
    pub until: Option<i32>,
    /// Intensities it forbids (`threshold`, `vo2`, …).
    pub forbidden_intensities: Vec<String>,
    pub max_session_minutes: Option<f64>,
    /// The sport is not trained at all while it lasts.
    pub forbid_sport: bool,
}

/// One structured rule of the current version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleEntry {
    /// Its position (what `remove_rule` takes).
    pub index: u32,
    /// In plain words.
    pub words: String,
    /// The rule as the brief's JSON (`{"type":"rest_day","day":"mon"}`).
    pub json: String,
}

/// What `export_plan` wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanExported {
    pub version: u32,
    /// The folder the files are in.
    pub dir: String,
    /// File names in it.
    pub files: Vec<String>,
}
