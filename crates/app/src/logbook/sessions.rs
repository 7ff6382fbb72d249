//! Strength sessions and templates, and the sets watch files recorded.
//!
//! A watch file's sets (`strength_set`, kept as imported) appear as a session of
//! source `fit` until the athlete saves it: the saved session links to the activity
//! (source `reviewed`) and holds the corrected sets, while `fit_sets` still shows
//! what the file said. Only one of the two counts in progress, never both.

use paceline_model::StrengthSet;
use paceline_store::{FitStrength, NewSession, SessionKind, SessionRow, SetRow};
use paceline_types::{SessionInput, SessionSource, SetEntry, StrengthSession, TemplateInfo};

use super::LogbookError;
use crate::metrics::local_day;
use crate::{AppError, AthleteScope, Result};

const DEFAULT_NAME: &str = "Strength";

fn to_row(s: &SetEntry) -> SetRow {
    SetRow {
        exercise: s.exercise.trim().to_string(),
        reps: s.reps,
        weight_kg: s.weight_kg,
        rpe: s.rpe,
        rir: s.rir,
        rest_s: s.rest_s,
        notes: s.notes.trim().to_string(),
    }
}

fn from_row(r: &SetRow) -> SetEntry {
    SetEntry {
        exercise: r.exercise.clone(),
        reps: r.reps,
        weight_kg: r.weight_kg,
        rpe: r.rpe,
        rir: r.rir,
        rest_s: r.rest_s,
        notes: r.notes.clone(),
    }
}

fn volume(sets: &[SetEntry]) -> f64 {
    sets.iter()
        .filter(|s| s.weight_kg.is_finite() && s.weight_kg > 0.0)
        .map(|s| f64::from(s.reps) * s.weight_kg)
        .sum()
}

/// The library exercise for a FIT `exercise_category`, where one clearly fits;
/// else `fit:<category>` (not in the library: the athlete picks one on review).
pub(crate) fn fit_exercise(category: Option<u16>) -> String {
    let id = match category {
        Some(0) => "bench_press",
        Some(1) => "standing_calf_raise",
        Some(6) => "crunch",
        Some(7) => "dumbbell_curl",
        Some(8) => "deadlift",
        Some(9) => "dumbbell_fly",
        Some(10) => "glute_bridge",
        Some(13) => "back_extension",
        Some(14) => "lateral_raise",
        Some(15) => "leg_curl",
        Some(16) => "hanging_leg_raise",
        Some(17) => "lunge",
        Some(18) => "clean",
        Some(19) => "plank",
        Some(21) => "pull_up",
        Some(22) => "push_up",
        Some(23) => "barbell_row",
        Some(24) => "overhead_press",
        Some(26) => "shrug",
        Some(27) => "crunch",
        Some(28) => "back_squat",
        Some(30) => "overhead_triceps_extension",
        Some(c) => return format!("fit:{c}"),
        None => return "fit:unknown".into(),
    };
    id.into()
}

/// A watch file's active sets as logbook sets; a rest after a set is its rest time.
pub(crate) fn fit_sets(sets: &[StrengthSet]) -> Vec<SetEntry> {
    let mut out: Vec<SetEntry> = Vec::new();
    let mut after_active = false;
    for s in sets {
        if s.active {
            out.push(SetEntry {
                exercise: fit_exercise(s.category),
                reps: s.reps.map_or(0, u32::from),
                weight_kg: s
                    .weight_kg
                    .filter(|w| w.is_finite() && *w >= 0.0)
                    .unwrap_or(0.0),
                ..Default::default()
            });
            after_active = true;
        } else if after_active {
            if let (Some(last), Some(d)) = (out.last_mut(), s.duration_s) {
                last.rest_s = Some(d.round().max(0.0) as u32);
            }
            after_active = false;
        }
    }
    out
}

fn fit_input(f: &FitStrength) -> SessionInput {
    let local = f.start_utc + i64::from(f.utc_offset_s);
    SessionInput {
        day: local_day(f.start_utc, f.utc_offset_s),
        start_min: Some((local.rem_euclid(86_400) / 60) as u32),
        name: if f.name.trim().is_empty() {
            DEFAULT_NAME.into()
        } else {
            f.name.clone()
        },
        notes: String::new(),
        activity_id: Some(f.activity_id),
        sets: fit_sets(&f.sets),
    }
}

impl AthleteScope<'_> {
    fn check_sets(&self, sets: &[SetEntry]) -> Result<()> {
        if sets.is_empty() {
            return Err(LogbookError::NoSets.into());
        }
        let known = self.exercise_list()?;
        for (i, s) in sets.iter().enumerate() {
            let set = i + 1;
            let ex = s.exercise.trim();
            if !known.iter().any(|(e, _)| e.id == ex) {
                return Err(LogbookError::UnknownExercise {
                    set,
                    exercise: s.exercise.clone(),
                }
                .into());
            }
            if s.reps == 0 {
                return Err(LogbookError::Reps { set }.into());
            }
            if !(s.weight_kg.is_finite() && s.weight_kg >= 0.0) {
                return Err(LogbookError::Weight {
                    set,
                    weight_kg: s.weight_kg,
                }
                .into());
            }
            if let Some(rpe) = s
                .rpe
                .filter(|r| !(r.is_finite() && (1.0..=10.0).contains(r)))
            {
                return Err(LogbookError::SetRpe { set, rpe }.into());
            }
            if let Some(rir) = s.rir.filter(|r| *r > 10) {
                return Err(LogbookError::Rir { set, rir }.into());
            }
            if s.rpe.is_some() && s.rir.is_some() {
                return Err(LogbookError::RpeAndRir { set }.into());
            }
        }
        Ok(())
    }

    /// Logs a strength session (`id` `None`) or replaces session `id`; returns its
    /// id. With `activity_id`, it is the reviewed version of that activity's watch
    /// sets (which stay as imported).
    pub fn save_strength_session(&self, id: Option<i64>, s: &SessionInput) -> Result<i64> {
        self.check_sets(&s.sets)?;
        if let Some(m) = s.start_min.filter(|m| *m >= 1440) {
            return Err(LogbookError::StartMin(m).into());
        }
        if let Some(a) = s.activity_id {
            if !self
                .store
                .fit_strength(self.athlete_id)?
                .iter()
                .any(|f| f.activity_id == a)
            {
                self.store.check_owned(self.athlete_id, &[a])?;
                return Err(LogbookError::NoFitSets(a).into());
            }
            let other = self
                .store
                .sessions(self.athlete_id, SessionKind::Session)?
                .into_iter()
                .find(|r| r.session.activity_id == Some(a) && Some(r.id) != id);
            if let Some(o) = other {
                return Err(LogbookError::AlreadyReviewed {
                    activity_id: a,
                    session_id: o.id,
                }
                .into());
            }
        }
        if let Some(id) = id {
            self.session_of_kind(id, SessionKind::Session)?;
        }
        let name = s.name.trim();
        Ok(self.store.put_session(
            self.athlete_id,
            id,
            &NewSession {
                kind: SessionKind::Session,
                day: Some(s.day),
                start_min: s.start_min,
                name: if name.is_empty() { DEFAULT_NAME } else { name }.to_string(),
                notes: s.notes.trim().to_string(),
                activity_id: s.activity_id,
                sets: s.sets.iter().map(to_row).collect(),
            },
        )?)
    }

    fn session_of_kind(&self, id: i64, kind: SessionKind) -> Result<SessionRow> {
        let row = self.store.session(self.athlete_id, id)?;
        if row.session.kind != kind {
            let what = match kind {
                SessionKind::Session => "strength session",
                SessionKind::Template => "template",
            };
            return Err(AppError::NotFound(format!("no {what} with id {id}")));
        }
        Ok(row)
    }

    /// Deletes a logged session (a reviewed watch session shows the file's sets again).
    pub fn delete_strength_session(&self, id: i64) -> Result<()> {
        self.session_of_kind(id, SessionKind::Session)?;
        self.store.delete_session(self.athlete_id, id)?;
        Ok(())
    }

    /// Logged sessions and watch sessions not reviewed yet, newest first.
    pub fn strength_sessions(&self) -> Result<Vec<StrengthSession>> {
        let fit = self.store.fit_strength(self.athlete_id)?;
        let logged = self.store.sessions(self.athlete_id, SessionKind::Session)?;
        let mut out: Vec<StrengthSession> = logged
            .iter()
            .map(|r| {
                let input = session_input(r);
                let file = r
                    .session
                    .activity_id
                    .and_then(|a| fit.iter().find(|f| f.activity_id == a));
                StrengthSession {
                    id: Some(r.id),
                    source: if file.is_some() {
                        SessionSource::Reviewed
                    } else {
                        SessionSource::Logged
                    },
                    fit_sets: file.map(|f| fit_sets(&f.sets)).unwrap_or_default(),
                    volume_kg: volume(&input.sets),
                    input,
                }
            })
            .collect();
        for f in &fit {
            if logged
                .iter()
                .any(|r| r.session.activity_id == Some(f.activity_id))
            {
                continue;
            }
            let input = fit_input(f);
            out.push(StrengthSession {
                id: None,
                source: SessionSource::Fit,
                fit_sets: input.sets.clone(),
                volume_kg: volume(&input.sets),
                input,
            });
        }
        out.sort_by(|a, b| {
            (b.input.day, b.input.start_min, b.id).cmp(&(a.input.day, a.input.start_min, a.id))
        });
        Ok(out)
    }

    /// Saved templates, by name.
    pub fn strength_templates(&self) -> Result<Vec<TemplateInfo>> {
        Ok(self
            .store
            .sessions(self.athlete_id, SessionKind::Template)?
            .iter()
            .map(|r| TemplateInfo {
                id: r.id,
                name: r.session.name.clone(),
                notes: r.session.notes.clone(),
                sets: r.session.sets.iter().map(from_row).collect(),
            })
            .collect())
    }

    /// Saves logged session `session_id`'s sets as a template called `name` (the
    /// session's name when empty); returns the template's id.
    pub fn save_template(&self, session_id: i64, name: &str) -> Result<i64> {
        let s = self
            .session_of_kind(session_id, SessionKind::Session)?
            .session;
        let name = name.trim();
        Ok(self.store.put_session(
            self.athlete_id,
            None,
            &NewSession {
                kind: SessionKind::Template,
                day: None,
                start_min: None,
                name: if name.is_empty() { s.name } else { name.into() },
                notes: s.notes,
                activity_id: None,
                sets: s.sets,
            },
        )?)
    }

    pub fn delete_template(&self, id: i64) -> Result<()> {
        self.session_of_kind(id, SessionKind::Template)?;
        self.store.delete_session(self.athlete_id, id)?;
        Ok(())
    }

    /// A new session on `day` with template `id`'s sets, to edit and save.
    pub fn start_from_template(&self, id: i64, day: i32) -> Result<SessionInput> {
        let t = self.session_of_kind(id, SessionKind::Template)?;
        Ok(SessionInput {
            day,
            ..session_input(&t)
        })
    }

    /// Every set that counts for progress: logged and reviewed sessions, and watch
    /// sessions not reviewed yet.
    pub(crate) fn progress_sets(&self) -> Result<Vec<paceline_logbook::SetEntry>> {
        Ok(self
            .strength_sessions()?
            .iter()
            .flat_map(|s| {
                s.input.sets.iter().map(|x| paceline_logbook::SetEntry {
                    day: s.input.day,
                    exercise_id: x.exercise.clone(),
                    reps: x.reps,
                    weight_kg: x.weight_kg,
                })
            })
            .collect())
    }
}

fn session_input(r: &SessionRow) -> SessionInput {
    SessionInput {
        day: r.session.day.unwrap_or_default(),
        start_min: r.session.start_min,
        name: r.session.name.clone(),
        notes: r.session.notes.clone(),
        activity_id: r.session.activity_id,
        sets: r.session.sets.iter().map(from_row).collect(),
    }
}
