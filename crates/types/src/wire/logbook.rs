//! The logbook on the wire: strength sessions and templates, manual workouts, the
//! daily journal, body metrics and progress. Days are days since 1970-01-01 in the
//! athlete's calendar; weights kg; exercise ids are the built-in library's slugs
//! (`back_squat`) or `own:<id>` for the athlete's own. Journal scales are 1–5
//! (`docs/logbook.md`).

use serde::{Deserialize, Serialize};

use crate::domain::Sport;
use crate::wire::Theme;

/// An exercise of the picker: built in or the athlete's own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseInfo {
    pub id: String,
    pub name: String,
    /// Muscle group keys: chest, back, shoulders, biceps, triceps, forearms, core,
    /// glutes, quads, hamstrings, calves.
    pub muscles: Vec<String>,
    /// barbell, dumbbell, kettlebell, machine, cable, bodyweight, band, other.
    pub equipment: String,
    pub own: bool,
}

/// An exercise of the athlete's to add (`id` `None`) or change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnExercise {
    pub id: Option<i64>,
    pub name: String,
    pub muscles: Vec<String>,
    pub equipment: String,
}

/// One set.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SetEntry {
    pub exercise: String,
    pub reps: u32,
    pub weight_kg: f64,
    /// Set RPE, 1–10 (give this or `rir`, not both).
    #[serde(default)]
    pub rpe: Option<f64>,
    /// Reps in reserve, 0–10.
    #[serde(default)]
    pub rir: Option<u32>,
    #[serde(default)]
    pub rest_s: Option<u32>,
    #[serde(default)]
    pub notes: String,
}

/// A strength session to log (or a template, where `day` is ignored).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SessionInput {
    pub day: i32,
    /// Minutes after local midnight.
    #[serde(default)]
    pub start_min: Option<u32>,
    pub name: String,
    #[serde(default)]
    pub notes: String,
    /// The imported activity whose FIT sets this session reviews.
    #[serde(default)]
    pub activity_id: Option<i64>,
    pub sets: Vec<SetEntry>,
}

/// Where a session in the list comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionSource {
    /// Logged by hand.
    Logged,
    /// A watch file's sets not reviewed yet: saving it (with its `activity_id`) logs it.
    Fit,
    /// The reviewed (corrected) sets of a watch file; `fit_sets` keeps the file's.
    Reviewed,
}

/// A strength session of the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrengthSession {
    /// `None` for a watch file's session not reviewed yet.
    pub id: Option<i64>,
    pub source: SessionSource,
    pub input: SessionInput,
    /// What the watch file recorded (for `fit` and `reviewed`), as imported.
    pub fit_sets: Vec<SetEntry>,
    /// Σ reps × weight, kg.
    pub volume_kg: f64,
}

/// A saved template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateInfo {
    pub id: i64,
    pub name: String,
    pub notes: String,
    pub sets: Vec<SetEntry>,
}

/// A workout without a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManualInput {
    pub day: i32,
    /// Minutes after local midnight (noon when not given).
    #[serde(default)]
    pub start_min: Option<u32>,
    pub sport: Sport,
    pub duration_s: f64,
    #[serde(default)]
    pub distance_m: Option<f64>,
    /// CR-10 session RPE, 1–10.
    pub rpe: f64,
    /// The sport's name when empty.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub notes: String,
}

/// A stored manual workout (an activity of source `manual`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManualWorkout {
    /// Its activity id.
    pub id: i64,
    pub input: ManualInput,
    /// Foster's session RPE, minutes × RPE (arbitrary units).
    pub session_rpe: f64,
    /// The TSS-equivalent the PMC counts.
    pub load: Option<f64>,
}

/// One day of the journal; every scale 1–5 (`docs/logbook.md`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct JournalEntry {
    pub day: i32,
    /// 1 very poor … 5 excellent.
    pub sleep_quality: Option<u8>,
    /// 1 none … 5 very sore.
    pub soreness: Option<u8>,
    /// 1 very low … 5 very good.
    pub mood: Option<u8>,
    /// 1 very relaxed … 5 very stressed.
    pub stress: Option<u8>,
    /// 1 none … 5 very eager.
    pub motivation: Option<u8>,
    pub weight_kg: Option<f64>,
    #[serde(default)]
    pub notes: String,
}

/// One day of body metrics entered by hand.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BodyEntry {
    pub day: i32,
    pub weight_kg: Option<f64>,
    pub body_fat_pct: Option<f64>,
    pub resting_hr: Option<f64>,
    pub waist_cm: Option<f64>,
    pub hip_cm: Option<f64>,
    pub chest_cm: Option<f64>,
    pub arm_cm: Option<f64>,
    pub thigh_cm: Option<f64>,
    #[serde(default)]
    pub notes: String,
}

/// Everything logged, newest first.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Logbook {
    pub sessions: Vec<StrengthSession>,
    pub manual: Vec<ManualWorkout>,
    pub journal: Vec<JournalEntry>,
    pub body: Vec<BodyEntry>,
}

/// A personal record: the day it was first reached and the set behind it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PrEntry {
    pub day: i32,
    pub value: f64,
    pub reps: u32,
    pub weight_kg: f64,
}

/// An exercise's records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseRecords {
    pub exercise: ExerciseInfo,
    /// Heaviest weight (value = kg).
    pub heaviest: Option<PrEntry>,
    /// Best Epley e1RM.
    pub best_e1rm: Option<PrEntry>,
    /// Biggest one-day volume.
    pub best_day_volume: Option<PrEntry>,
}

/// An exercise's best e1RM on a day, by both formulas (sets of 1–15 reps).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct E1rmPoint {
    pub day: i32,
    pub epley_kg: f64,
    pub brzycki_kg: f64,
}

/// One exercise's progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseProgress {
    pub records: ExerciseRecords,
    pub e1rm: Vec<E1rmPoint>,
}

/// A week's volume per muscle group, kg (groups without volume left out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekVolumeEntry {
    /// The week's Monday.
    pub monday: i32,
    /// (muscle key, kg), in the library's muscle order.
    pub by_muscle: Vec<(String, f64)>,
}

/// One day of the body-weight trend.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WeightTrendPoint {
    pub day: i32,
    pub weight_kg: Option<f64>,
    pub mean7_kg: f64,
}

/// The progress view: weekly volume, every exercise's records, the weight trend.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LogbookProgress {
    pub weekly_volume: Vec<WeekVolumeEntry>,
    /// Exercises trained, by name.
    pub records: Vec<ExerciseRecords>,
    pub weight: Vec<WeightTrendPoint>,
}

/// Which logbook chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum LogbookChartKind {
    /// e1RM over time of one exercise (both formulas).
    E1rm {
        exercise: String,
    },
    WeeklyVolume,
    BodyWeight,
}

/// A logbook chart to draw (SVG).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogbookChartRequest {
    pub kind: LogbookChartKind,
    pub theme: Theme,
    pub width: u32,
    pub height: u32,
}
