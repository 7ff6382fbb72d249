//! The logbook: strength sessions (logged, or a watch file's sets to review), templates,
//! manual workouts scored like any activity, the daily journal, body metrics and
//! progress (e1RM, weekly volume, records, weight trend). The math is
//! `paceline-logbook`'s; scales and rules are in `docs/logbook.md`.

mod daily;
mod progress;
mod sessions;

use paceline_logbook::{Equipment, Exercise, Muscle};
use paceline_types::ExerciseInfo;

use crate::{AppError, AthleteScope, Result};

/// Bad logbook input, with what to do about it. Maps to `invalid_input`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LogbookError {
    #[error("a session needs at least one set")]
    NoSets,
    #[error(
        "set {set}: no exercise `{exercise}`; pick one from the library or add it as your own"
    )]
    UnknownExercise { set: usize, exercise: String },
    #[error(
        "no exercise `{0}`: use a library id or name (`paceline log exercises`) or one of your own"
    )]
    NoExercise(String),
    #[error("set {set}: reps must be at least 1")]
    Reps { set: usize },
    #[error("set {set}: weight must be 0 kg or more (body-weight sets: 0 or the added load), not {weight_kg}")]
    Weight { set: usize, weight_kg: f64 },
    #[error("set {set}: RPE is rated 1 to 10, not {rpe}")]
    SetRpe { set: usize, rpe: f64 },
    #[error("set {set}: reps in reserve (RIR) is 0 to 10, not {rir}")]
    Rir { set: usize, rir: u32 },
    #[error("set {set}: give RPE or RIR, not both")]
    RpeAndRir { set: usize },
    #[error(
        "activity {activity_id} is already reviewed by session {session_id}: edit that session"
    )]
    AlreadyReviewed { activity_id: i64, session_id: i64 },
    #[error("activity {0} has no strength sets to review")]
    NoFitSets(i64),
    #[error("the duration must be more than 0 and at most 24 h, not {0} s")]
    Duration(f64),
    #[error("the distance must be 0 or more, not {0} m")]
    Distance(f64),
    #[error("session RPE is rated 1 (very easy) to 10 (maximal), not {0}")]
    SessionRpe(f64),
    #[error("the start time must be 00:00 to 23:59 (minutes 0–1439), not minute {0}")]
    StartMin(u32),
    #[error("{field} is rated 1 to 5, not {value}")]
    Scale { field: &'static str, value: u8 },
    #[error("{field} must be {min} to {max} {unit}, not {value}")]
    Range {
        field: &'static str,
        value: f64,
        min: f64,
        max: f64,
        unit: &'static str,
    },
    #[error("nothing to save: fill in at least one field")]
    Empty,
    #[error("give the exercise a name")]
    ExerciseName,
    #[error("you already have an exercise called `{0}`")]
    DuplicateExercise(String),
    #[error("no muscle group `{0}`: use chest, back, shoulders, biceps, triceps, forearms, core, glutes, quads, hamstrings or calves")]
    Muscle(String),
    #[error("no equipment `{0}`: use barbell, dumbbell, kettlebell, machine, cable, bodyweight, band or other")]
    Equipment(String),
}

impl From<LogbookError> for AppError {
    fn from(e: LogbookError) -> Self {
        AppError::Logbook(e)
    }
}

/// The id sets use for an own exercise.
pub(crate) fn own_id(row_id: i64) -> String {
    format!("own:{row_id}")
}

/// snake_case key of a serde unit variant (the library's muscles and equipment).
fn key<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn parse<T: serde::de::DeserializeOwned>(k: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(k.trim().to_lowercase())).ok()
}

pub(crate) fn muscle_key(m: Muscle) -> String {
    key(&m)
}

fn info(e: &Exercise, own: bool) -> ExerciseInfo {
    ExerciseInfo {
        id: e.id.clone(),
        name: e.name.clone(),
        muscles: e.muscles.iter().map(|m| muscle_key(*m)).collect(),
        equipment: key(&e.equipment),
        own,
    }
}

impl AthleteScope<'_> {
    /// The library and the athlete's own exercises, as the progress math sees them.
    pub(crate) fn exercise_list(&self) -> Result<Vec<(Exercise, bool)>> {
        let mut out: Vec<(Exercise, bool)> = paceline_logbook::builtin()
            .into_iter()
            .map(|e| (e, false))
            .collect();
        for r in self.store.own_exercises(self.athlete_id)? {
            out.push((
                Exercise {
                    id: own_id(r.id),
                    name: r.name,
                    muscles: r.muscles.iter().filter_map(|m| parse(m)).collect(),
                    equipment: parse(&r.equipment).unwrap_or(Equipment::Other),
                },
                true,
            ));
        }
        Ok(out)
    }

    /// The exercise picker: the built-in library, then the athlete's own.
    pub fn logbook_exercises(&self) -> Result<Vec<ExerciseInfo>> {
        Ok(self
            .exercise_list()?
            .iter()
            .map(|(e, own)| info(e, *own))
            .collect())
    }

    /// Adds (`id` `None`) or changes an own exercise; returns its exercise id.
    pub fn save_own_exercise(&self, e: &paceline_types::OwnExercise) -> Result<String> {
        let name = e.name.trim();
        if name.is_empty() {
            return Err(LogbookError::ExerciseName.into());
        }
        let muscles = e
            .muscles
            .iter()
            .map(|m| {
                parse::<Muscle>(m)
                    .map(muscle_key)
                    .ok_or_else(|| LogbookError::Muscle(m.clone()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let equipment = parse::<Equipment>(&e.equipment)
            .map(|q| key(&q))
            .ok_or_else(|| LogbookError::Equipment(e.equipment.clone()))?;
        let clash = self.exercise_list()?.into_iter().any(|(x, _)| {
            x.name.eq_ignore_ascii_case(name) && e.id.is_none_or(|id| x.id != own_id(id))
        });
        if clash {
            return Err(LogbookError::DuplicateExercise(name.to_string()).into());
        }
        let id = self.store.put_own_exercise(
            self.athlete_id,
            &paceline_store::OwnExerciseRow {
                id: e.id.unwrap_or(0),
                name: name.to_string(),
                muscles,
                equipment,
            },
        )?;
        Ok(own_id(id))
    }
}
