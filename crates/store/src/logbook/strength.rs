//! Strength sessions and templates with their sets, the athlete's own exercises, and
//! the FIT strength sets of their activities (read only).

use paceline_model::StrengthSet;
use paceline_types::AthleteId;
use rusqlite::{params, Connection};

use crate::athletes::exists;
use crate::{owned, Error, Result, Store};

/// An exercise the athlete added (the built-in library lives in `paceline-logbook`).
/// Sets refer to it as `own:<id>`.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnExerciseRow {
    pub id: i64,
    pub name: String,
    /// Muscle group keys (`paceline_logbook::Muscle`, snake_case).
    pub muscles: Vec<String>,
    /// Equipment key (snake_case).
    pub equipment: String,
}

/// A logged session or a template to repeat one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Session,
    Template,
}

impl SessionKind {
    fn key(self) -> &'static str {
        match self {
            SessionKind::Session => "session",
            SessionKind::Template => "template",
        }
    }
}

/// One set as stored.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SetRow {
    /// Built-in exercise id (`back_squat`) or `own:<id>`.
    pub exercise: String,
    pub reps: u32,
    pub weight_kg: f64,
    /// CR-10 RPE of the set.
    pub rpe: Option<f64>,
    /// Reps in reserve.
    pub rir: Option<u32>,
    pub rest_s: Option<u32>,
    pub notes: String,
}

/// A session (or template) to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSession {
    pub kind: SessionKind,
    /// `None` for a template.
    pub day: Option<i32>,
    /// Minutes after local midnight.
    pub start_min: Option<u32>,
    pub name: String,
    pub notes: String,
    /// The imported activity whose FIT sets this session reviews.
    pub activity_id: Option<i64>,
    /// In order.
    pub sets: Vec<SetRow>,
}

/// A stored session or template.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRow {
    pub id: i64,
    pub session: NewSession,
}

/// The strength sets a device recorded in one activity, as imported.
#[derive(Debug, Clone, PartialEq)]
pub struct FitStrength {
    pub activity_id: i64,
    pub name: String,
    pub start_utc: i64,
    pub utc_offset_s: i32,
    pub elapsed_s: f64,
    /// Active sets and rests, in recording order.
    pub sets: Vec<StrengthSet>,
}

fn join_keys(keys: &[String]) -> String {
    keys.join(",")
}

fn split_keys(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect()
}

impl Store {
    /// The athlete's own exercises, by name.
    pub fn own_exercises(&self, athlete_id: AthleteId) -> Result<Vec<OwnExerciseRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, name, muscles, equipment FROM lb_exercise
                 WHERE athlete_id = ?1 ORDER BY name COLLATE NOCASE",
            )?;
            let rows = st.query_map([athlete_id], |r| {
                Ok(OwnExerciseRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    muscles: split_keys(&r.get::<_, String>(2)?),
                    equipment: r.get(3)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Adds an exercise of the athlete's (`id` `None`) or renames/changes one; the
    /// name is unique per athlete (a second one with the same name is a constraint
    /// error, which the app checks for first).
    pub fn put_own_exercise(&self, athlete_id: AthleteId, e: &OwnExerciseRow) -> Result<i64> {
        self.write(|c| {
            exists(c, athlete_id)?;
            if e.id > 0 {
                let n = c.execute(
                    "UPDATE lb_exercise SET name = ?3, muscles = ?4, equipment = ?5
                     WHERE id = ?1 AND athlete_id = ?2",
                    params![e.id, athlete_id, e.name, join_keys(&e.muscles), e.equipment],
                )?;
                return if n == 1 {
                    Ok(e.id)
                } else {
                    Err(missing("exercise", e.id))
                };
            }
            c.execute(
                "INSERT INTO lb_exercise(athlete_id, name, muscles, equipment) VALUES (?1, ?2, ?3, ?4)",
                params![athlete_id, e.name, join_keys(&e.muscles), e.equipment],
            )?;
            Ok(c.last_insert_rowid())
        })
    }

    /// Deletes an own exercise; false if the athlete has none with that id. Sets that
    /// use it keep their `own:<id>` and are left out of the progress figures.
    pub fn delete_own_exercise(&self, athlete_id: AthleteId, id: i64) -> Result<bool> {
        self.write(|c| {
            Ok(c.execute(
                "DELETE FROM lb_exercise WHERE id = ?1 AND athlete_id = ?2",
                params![id, athlete_id],
            )? > 0)
        })
    }

    /// Stores a new session or template with its sets, or replaces session `id`
    /// whole (its sets too), in one transaction. A linked activity must be the
    /// athlete's and not reviewed by another of their sessions.
    pub fn put_session(
        &self,
        athlete_id: AthleteId,
        id: Option<i64>,
        s: &NewSession,
    ) -> Result<i64> {
        self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, athlete_id)?;
            if let Some(a) = s.activity_id {
                owned(&tx, athlete_id, a)?;
            }
            let id = match id {
                Some(id) => {
                    let n = tx.execute(
                        "UPDATE lb_session SET kind = ?3, day = ?4, start_min = ?5, name = ?6,
                            notes = ?7, activity_id = ?8
                         WHERE id = ?1 AND athlete_id = ?2",
                        params![
                            id,
                            athlete_id,
                            s.kind.key(),
                            s.day,
                            s.start_min,
                            s.name,
                            s.notes,
                            s.activity_id
                        ],
                    )?;
                    if n == 0 {
                        return Err(missing("strength session", id));
                    }
                    tx.execute("DELETE FROM lb_set WHERE session_id = ?1", [id])?;
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO lb_session(athlete_id, kind, day, start_min, name, notes, activity_id)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![
                            athlete_id,
                            s.kind.key(),
                            s.day,
                            s.start_min,
                            s.name,
                            s.notes,
                            s.activity_id
                        ],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            {
                let mut st = tx.prepare_cached(
                    "INSERT INTO lb_set(session_id, athlete_id, seq, exercise, reps, weight_kg, rpe, rir, rest_s, notes)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )?;
                for (i, x) in s.sets.iter().enumerate() {
                    st.execute(params![
                        id,
                        athlete_id,
                        i as i64,
                        x.exercise,
                        x.reps,
                        x.weight_kg,
                        x.rpe,
                        x.rir,
                        x.rest_s,
                        x.notes
                    ])?;
                }
            }
            tx.commit()?;
            Ok(id)
        })
    }

    /// Deletes a session or template and its sets; false if there was none.
    pub fn delete_session(&self, athlete_id: AthleteId, id: i64) -> Result<bool> {
        self.write(|c| {
            Ok(c.execute(
                "DELETE FROM lb_session WHERE id = ?1 AND athlete_id = ?2",
                params![id, athlete_id],
            )? > 0)
        })
    }

    /// One session or template of the athlete's.
    pub fn session(&self, athlete_id: AthleteId, id: i64) -> Result<SessionRow> {
        self.read(|c| {
            let mut v = sessions_where(c, athlete_id, "s.id = ?2", id)?;
            v.pop().ok_or_else(|| missing("strength session", id))
        })
    }

    /// The athlete's sessions (newest day first) or templates (by name).
    pub fn sessions(&self, athlete_id: AthleteId, kind: SessionKind) -> Result<Vec<SessionRow>> {
        self.read(|c| {
            let mut v = sessions_where(c, athlete_id, "s.kind = ?2", kind.key())?;
            match kind {
                SessionKind::Session => v.sort_by(|a, b| {
                    (b.session.day, b.session.start_min, b.id).cmp(&(
                        a.session.day,
                        a.session.start_min,
                        a.id,
                    ))
                }),
                SessionKind::Template => v.sort_by(|a, b| {
                    a.session
                        .name
                        .to_lowercase()
                        .cmp(&b.session.name.to_lowercase())
                }),
            }
            Ok(v)
        })
    }

    /// The FIT strength sets of each of the athlete's activities that has any,
    /// oldest first.
    pub fn fit_strength(&self, athlete_id: AthleteId) -> Result<Vec<FitStrength>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT a.id, a.name, a.start_utc, a.utc_offset_s, a.elapsed_s,
                        s.start_utc, s.duration_s, s.reps, s.weight_kg, s.category, s.active
                 FROM activity a JOIN strength_set s ON s.activity_id = a.id
                 WHERE a.athlete_id = ?1 ORDER BY a.start_utc, a.id, s.idx",
            )?;
            let mut rows = st.query([athlete_id])?;
            let mut out: Vec<FitStrength> = Vec::new();
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let set = StrengthSet {
                    start_utc: r.get(5)?,
                    duration_s: r.get(6)?,
                    reps: r.get(7)?,
                    weight_kg: r.get(8)?,
                    category: r.get(9)?,
                    active: r.get(10)?,
                };
                match out.last_mut() {
                    Some(f) if f.activity_id == id => f.sets.push(set),
                    _ => out.push(FitStrength {
                        activity_id: id,
                        name: r.get(1)?,
                        start_utc: r.get(2)?,
                        utc_offset_s: r.get(3)?,
                        elapsed_s: r.get(4)?,
                        sets: vec![set],
                    }),
                }
            }
            Ok(out)
        })
    }
}

pub(super) fn missing(what: &'static str, id: i64) -> Error {
    Error::Missing { what, id }
}

fn sessions_where(
    c: &Connection,
    athlete_id: AthleteId,
    cond: &str,
    arg: impl rusqlite::ToSql,
) -> Result<Vec<SessionRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT s.id, s.kind, s.day, s.start_min, s.name, s.notes, s.activity_id
         FROM lb_session s WHERE s.athlete_id = ?1 AND {cond}"
    ))?;
    let mut out: Vec<SessionRow> = st
        .query_map(params![athlete_id, arg], |r| {
            let kind: String = r.get(1)?;
            Ok(SessionRow {
                id: r.get(0)?,
                session: NewSession {
                    kind: if kind == "template" {
                        SessionKind::Template
                    } else {
                        SessionKind::Session
                    },
                    day: r.get(2)?,
                    start_min: r.get(3)?,
                    name: r.get(4)?,
                    notes: r.get(5)?,
                    activity_id: r.get(6)?,
                    sets: Vec::new(),
                },
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = c.prepare_cached(
        "SELECT exercise, reps, weight_kg, rpe, rir, rest_s, notes FROM lb_set
         WHERE session_id = ?1 ORDER BY seq",
    )?;
    for s in &mut out {
        s.session.sets = st
            .query_map([s.id], |r| {
                Ok(SetRow {
                    exercise: r.get(0)?,
                    reps: r.get(1)?,
                    weight_kg: r.get(2)?,
                    rpe: r.get(3)?,
                    rir: r.get(4)?,
                    rest_s: r.get(5)?,
                    notes: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(out)
}
