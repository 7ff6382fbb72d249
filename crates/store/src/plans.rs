//! Training plans: the athlete's brief (races, availability, equipment, injuries,
//! versioned rules, goal and checker overrides) and plans versioned with a parent.
//!
//! The vault keeps its own rows: days as day numbers, enums as their snake_case keys,
//! lists as comma-separated keys. Rules and workout steps are kept as the plan
//! format's own JSON (they are the plan, not a wire DTO). Every write is one
//! transaction.

use paceline_plan::brief::{Availability, Equipment, Injury, Race, Rule};
use paceline_plan::{Date, Weekday, Workout, Zones};
use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::athletes::exists;
use crate::{Error, Result, Store};

/// A race with its row id.
#[derive(Debug, Clone, PartialEq)]
pub struct RaceRow {
    pub id: i64,
    pub race: Race,
}

/// An injury with its row id.
#[derive(Debug, Clone, PartialEq)]
pub struct InjuryRow {
    pub id: i64,
    pub injury: Injury,
}

/// One version of the athlete's structured rules, with the words they came from.
#[derive(Debug, Clone, PartialEq)]
pub struct RulesVersion {
    /// 1, 2, … per athlete.
    pub version: u32,
    pub created_utc: i64,
    pub rules: Vec<Rule>,
    pub text: String,
}

/// Planning settings that are not lists: which sports are planned (`None`: the ones
/// the vault shows), cross-training, the CTL goal and checker overrides.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlanProfile {
    pub sports: Option<Vec<paceline_plan::Sport>>,
    pub cross_training: Vec<paceline_plan::Sport>,
    /// CTL to reach on the first A race's morning.
    pub goal_ctl: Option<f32>,
    /// Checker overrides as the checker config's JSON (missing fields keep defaults).
    pub checker_config: Option<String>,
}

/// Who made a plan version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanSource {
    /// The built-in planner.
    Builtin,
    /// A change by the athlete (a moved workout, an undo, a readiness swap).
    Manual,
    /// An approved suggestion of the LLM coach.
    Llm,
}

impl PlanSource {
    pub fn key(self) -> &'static str {
        match self {
            PlanSource::Builtin => "builtin",
            PlanSource::Manual => "manual",
            PlanSource::Llm => "llm",
        }
    }

    pub fn from_key(s: &str) -> Option<PlanSource> {
        match s {
            "builtin" => Some(PlanSource::Builtin),
            "manual" => Some(PlanSource::Manual),
            "llm" => Some(PlanSource::Llm),
            _ => None,
        }
    }
}

/// A stored plan version (without its workouts).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanVersionRow {
    /// 1, 2, … per athlete.
    pub version: u32,
    pub parent: Option<u32>,
    pub created_utc: i64,
    pub reason: String,
    pub source: PlanSource,
    /// The brief's start date the plan was made (and checked) for.
    pub start_date: Date,
    pub workout_count: u32,
    pub total_tss: f32,
}

/// A plan version to store.
#[derive(Debug, Clone, Copy)]
pub struct NewPlan<'a> {
    pub parent: Option<u32>,
    pub created_utc: i64,
    pub reason: &'a str,
    pub source: PlanSource,
    pub start_date: Date,
    pub workouts: &'a [Workout],
}

/// An enum's snake_case key (its serde name).
fn key<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn bad(col: usize, e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, Type::Text, Box::new(e))
}

fn from_key<T: DeserializeOwned>(col: usize, s: &str) -> rusqlite::Result<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|e| bad(col, e))
}

fn list_key<T: Serialize>(v: &[T]) -> String {
    v.iter().map(key).collect::<Vec<_>>().join(",")
}

fn from_list<T: DeserializeOwned>(col: usize, s: &str) -> rusqlite::Result<Vec<T>> {
    s.split(',')
        .filter(|k| !k.is_empty())
        .map(|k| from_key(col, k))
        .collect()
}

fn json<T: DeserializeOwned>(col: usize, s: &str) -> rusqlite::Result<T> {
    serde_json::from_str(s).map_err(|e| bad(col, e))
}

fn race_row(r: &Row) -> rusqlite::Result<RaceRow> {
    Ok(RaceRow {
        id: r.get(0)?,
        race: Race {
            date: Date(r.get(1)?),
            name: r.get(2)?,
            sport: from_key(3, &r.get::<_, String>(3)?)?,
            distance_km: r.get(4)?,
            priority: from_key(5, &r.get::<_, String>(5)?)?,
            target_time_min: r.get(6)?,
            taper_days: r.get(7)?,
        },
    })
}

fn injury_row(r: &Row) -> rusqlite::Result<InjuryRow> {
    let sport: Option<String> = r.get(2)?;
    Ok(InjuryRow {
        id: r.get(0)?,
        injury: Injury {
            description: r.get(1)?,
            sport: sport.map(|s| from_key(2, &s)).transpose()?,
            from: Date(r.get(3)?),
            until: r.get::<_, Option<i32>>(4)?.map(Date),
            forbidden_intensities: from_list(5, &r.get::<_, String>(5)?)?,
            max_session_minutes: r.get(6)?,
            forbid_sport: r.get::<_, bool>(7)?.then_some(true),
        },
    })
}

fn rules_row(r: &Row) -> rusqlite::Result<RulesVersion> {
    Ok(RulesVersion {
        version: r.get(0)?,
        created_utc: r.get(1)?,
        rules: json(2, &r.get::<_, String>(2)?)?,
        text: r.get(3)?,
    })
}

const VERSION_COLS: &str = "v.version, v.parent, v.created_utc, v.reason, v.source, v.start_day,
    (SELECT count(*) FROM plan_workout w WHERE w.plan_id = v.id),
    (SELECT coalesce(sum(w.tss), 0) FROM plan_workout w WHERE w.plan_id = v.id)";

fn version_row(r: &Row) -> rusqlite::Result<PlanVersionRow> {
    let source: String = r.get(4)?;
    Ok(PlanVersionRow {
        version: r.get(0)?,
        parent: r.get(1)?,
        created_utc: r.get(2)?,
        reason: r.get(3)?,
        source: PlanSource::from_key(&source).ok_or_else(|| {
            bad(
                4,
                std::io::Error::other(format!("unknown plan source {source:?}")),
            )
        })?,
        start_date: Date(r.get(5)?),
        workout_count: r.get(6)?,
        total_tss: r.get::<_, f64>(7)? as f32,
    })
}

fn workout_row(r: &Row) -> rusqlite::Result<Workout> {
    Ok(Workout {
        date: Date(r.get(0)?),
        sport: from_key(1, &r.get::<_, String>(1)?)?,
        kind: from_key(2, &r.get::<_, String>(2)?)?,
        name: r.get(3)?,
        duration_min: r.get(4)?,
        tss: r.get(5)?,
        intensity: from_key(6, &r.get::<_, String>(6)?)?,
        time_in_zone_min: Zones {
            z1: r.get(7)?,
            z2: r.get(8)?,
            z3: r.get(9)?,
            z4: r.get(10)?,
            z5: r.get(11)?,
        },
        location: from_key(12, &r.get::<_, String>(12)?)?,
        steps: json(13, &r.get::<_, String>(13)?)?,
        description: r.get(14)?,
        race: r.get(15)?,
    })
}

fn deleted(what: &'static str, id: i64, n: usize) -> Result<()> {
    if n == 0 {
        Err(Error::Missing { what, id })
    } else {
        Ok(())
    }
}

fn plan_id(c: &Connection, athlete_id: i64, version: Option<u32>) -> Result<Option<i64>> {
    Ok(match version {
        Some(v) => c
            .query_row(
                "SELECT id FROM plan_version WHERE athlete_id = ?1 AND version = ?2",
                (athlete_id, v),
                |r| r.get(0),
            )
            .optional()?,
        None => c
            .query_row(
                "SELECT id FROM plan_version WHERE athlete_id = ?1 ORDER BY version DESC LIMIT 1",
                [athlete_id],
                |r| r.get(0),
            )
            .optional()?,
    })
}

fn insert_injury(tx: &Connection, athlete_id: i64, i: &Injury) -> Result<i64> {
    tx.execute(
        "INSERT INTO plan_injury(athlete_id, description, sport, from_day, until_day,
            forbidden_intensities, max_session_minutes, forbid_sport)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            athlete_id,
            i.description,
            i.sport.as_ref().map(key),
            i.from.0,
            i.until.map(|d| d.0),
            list_key(&i.forbidden_intensities),
            i.max_session_minutes,
            i.forbid_sport.unwrap_or(false)
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn insert_rules(
    tx: &Connection,
    athlete_id: i64,
    encoded: &str,
    text: &str,
    created_utc: i64,
) -> Result<u32> {
    let v: u32 = tx.query_row(
        "SELECT coalesce(max(version), 0) + 1 FROM plan_rules WHERE athlete_id = ?1",
        [athlete_id],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO plan_rules VALUES (?1, ?2, ?3, ?4, ?5)",
        params![athlete_id, v, created_utc, encoded, text],
    )?;
    Ok(v)
}

/// Inserts a plan version inside the caller's transaction (so a coach suggestion and
/// the version it made are written together); returns its number.
pub(crate) fn insert_plan(tx: &Connection, athlete_id: i64, p: &NewPlan) -> Result<u32> {
    let steps: Vec<String> = p
        .workouts
        .iter()
        .map(|w| serde_json::to_string(&w.steps).expect("steps serialize"))
        .collect();
    exists(tx, athlete_id)?;
    if let Some(parent) = p.parent {
        if plan_id(tx, athlete_id, Some(parent))?.is_none() {
            return Err(Error::Missing {
                what: "plan version",
                id: i64::from(parent),
            });
        }
    }
    let v: u32 = tx.query_row(
        "SELECT coalesce(max(version), 0) + 1 FROM plan_version WHERE athlete_id = ?1",
        [athlete_id],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO plan_version(athlete_id, version, parent, created_utc, reason,
            source, start_day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            athlete_id,
            v,
            p.parent,
            p.created_utc,
            p.reason,
            p.source.key(),
            p.start_date.0
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut st = tx.prepare_cached(
        "INSERT INTO plan_workout(plan_id, athlete_id, seq, day, sport, kind, name,
            duration_min, tss, intensity, z1, z2, z3, z4, z5, location, steps,
            description, race) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,
            ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?;
    for (seq, (w, steps)) in p.workouts.iter().zip(&steps).enumerate() {
        let z = &w.time_in_zone_min;
        st.execute(params![
            id,
            athlete_id,
            seq as i64,
            w.date.0,
            key(&w.sport),
            key(&w.kind),
            w.name,
            w.duration_min,
            w.tss,
            key(&w.intensity),
            z.z1,
            z.z2,
            z.z3,
            z.z4,
            z.z5,
            key(&w.location),
            steps,
            w.description,
            w.race,
        ])?;
    }
    Ok(v)
}

impl Store {
    /// The athlete's races, by date.
    pub fn races(&self, athlete_id: i64) -> Result<Vec<RaceRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, day, name, sport, distance_km, priority, target_time_min, taper_days
                 FROM plan_race WHERE athlete_id = ?1 ORDER BY day, priority, id",
            )?;
            let rows = st.query_map([athlete_id], race_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Adds a race; returns its id.
    pub fn add_race(&self, athlete_id: i64, r: &Race) -> Result<i64> {
        self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, athlete_id)?;
            tx.execute(
                "INSERT INTO plan_race(athlete_id, day, name, sport, distance_km, priority,
                    target_time_min, taper_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    athlete_id,
                    r.date.0,
                    r.name,
                    key(&r.sport),
                    r.distance_km,
                    key(&r.priority),
                    r.target_time_min,
                    r.taper_days
                ],
            )?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            Ok(id)
        })
    }

    pub fn remove_race(&self, athlete_id: i64, id: i64) -> Result<()> {
        self.write(|c| {
            let n = c.execute(
                "DELETE FROM plan_race WHERE id = ?1 AND athlete_id = ?2",
                (id, athlete_id),
            )?;
            deleted("race", id, n)
        })
    }

    /// Hours per weekday; `None` before the athlete has set them.
    pub fn availability(&self, athlete_id: i64) -> Result<Option<Availability>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT mon, tue, wed, thu, fri, sat, sun FROM plan_availability
                 WHERE athlete_id = ?1",
                [athlete_id],
                |r| {
                    Ok(Availability {
                        mon: r.get(0)?,
                        tue: r.get(1)?,
                        wed: r.get(2)?,
                        thu: r.get(3)?,
                        fri: r.get(4)?,
                        sat: r.get(5)?,
                        sun: r.get(6)?,
                    })
                },
            )
            .optional()?)
        })
    }

    pub fn set_availability(&self, athlete_id: i64, a: &Availability) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, athlete_id)?;
            tx.execute(
                "INSERT OR REPLACE INTO plan_availability VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![athlete_id, a.mon, a.tue, a.wed, a.thu, a.fri, a.sat, a.sun],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// The athlete's equipment; `None` before it was set.
    pub fn equipment(&self, athlete_id: i64) -> Result<Option<Equipment>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT indoor_trainer, power_meter, treadmill, pool_access, pool_days,
                    open_water, indoor_only, gym_access FROM plan_equipment WHERE athlete_id = ?1",
                [athlete_id],
                |r| {
                    let days: Option<String> = r.get(4)?;
                    Ok(Equipment {
                        indoor_trainer: r.get(0)?,
                        power_meter: r.get(1)?,
                        treadmill: r.get(2)?,
                        pool_access: r.get(3)?,
                        pool_days: days.map(|d| from_list::<Weekday>(4, &d)).transpose()?,
                        open_water: r.get(5)?,
                        indoor_only: r.get(6)?,
                        gym_access: r.get(7)?,
                    })
                },
            )
            .optional()?)
        })
    }

    pub fn set_equipment(&self, athlete_id: i64, e: &Equipment) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, athlete_id)?;
            tx.execute(
                "INSERT OR REPLACE INTO plan_equipment VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    athlete_id,
                    e.indoor_trainer,
                    e.power_meter,
                    e.treadmill,
                    e.pool_access,
                    e.pool_days.as_deref().map(list_key),
                    e.open_water,
                    e.indoor_only,
                    e.gym_access
                ],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    pub fn injuries(&self, athlete_id: i64) -> Result<Vec<InjuryRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, description, sport, from_day, until_day,
                    forbidden_intensities, max_session_minutes, forbid_sport
                 FROM plan_injury WHERE athlete_id = ?1 ORDER BY from_day, id",
            )?;
            let rows = st.query_map([athlete_id], injury_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn add_injury(&self, athlete_id: i64, i: &Injury) -> Result<i64> {
        self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, athlete_id)?;
            let id = insert_injury(&tx, athlete_id, i)?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Stores a new rules version and adds injuries in one transaction (rules and
    /// injuries the coach read from the athlete's words: both or neither); returns the
    /// rules version.
    pub fn set_rules_with_injuries(
        &self,
        athlete_id: i64,
        rules: &[Rule],
        text: &str,
        injuries: &[Injury],
        created_utc: i64,
    ) -> Result<u32> {
        let encoded = serde_json::to_string(rules).expect("rules serialize");
        self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, athlete_id)?;
            let v = insert_rules(&tx, athlete_id, &encoded, text, created_utc)?;
            for i in injuries {
                insert_injury(&tx, athlete_id, i)?;
            }
            tx.commit()?;
            Ok(v)
        })
    }

    pub fn remove_injury(&self, athlete_id: i64, id: i64) -> Result<()> {
        self.write(|c| {
            let n = c.execute(
                "DELETE FROM plan_injury WHERE id = ?1 AND athlete_id = ?2",
                (id, athlete_id),
            )?;
            deleted("injury", id, n)
        })
    }

    /// The athlete's current rules (their latest version), if any was ever set.
    pub fn rules(&self, athlete_id: i64) -> Result<Option<RulesVersion>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT version, created_utc, rules, rules_text FROM plan_rules
                 WHERE athlete_id = ?1 ORDER BY version DESC LIMIT 1",
                [athlete_id],
                rules_row,
            )
            .optional()?)
        })
    }

    /// Every version of the athlete's rules, oldest first.
    pub fn rules_history(&self, athlete_id: i64) -> Result<Vec<RulesVersion>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT version, created_utc, rules, rules_text FROM plan_rules
                 WHERE athlete_id = ?1 ORDER BY version",
            )?;
            let rows = st.query_map([athlete_id], rules_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Stores `rules` (with their natural-language form) as a new version; returns it.
    pub fn set_rules(
        &self,
        athlete_id: i64,
        rules: &[Rule],
        text: &str,
        created_utc: i64,
    ) -> Result<u32> {
        let encoded = serde_json::to_string(rules).expect("rules serialize");
        self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, athlete_id)?;
            let v = insert_rules(&tx, athlete_id, &encoded, text, created_utc)?;
            tx.commit()?;
            Ok(v)
        })
    }

    pub fn plan_profile(&self, athlete_id: i64) -> Result<PlanProfile> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT sports, cross_training, goal_ctl, checker_config FROM plan_profile
                 WHERE athlete_id = ?1",
                [athlete_id],
                |r| {
                    let sports: Option<String> = r.get(0)?;
                    Ok(PlanProfile {
                        sports: sports.map(|s| from_list(0, &s)).transpose()?,
                        cross_training: from_list(1, &r.get::<_, String>(1)?)?,
                        goal_ctl: r.get(2)?,
                        checker_config: r.get(3)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default())
        })
    }

    pub fn set_plan_profile(&self, athlete_id: i64, p: &PlanProfile) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, athlete_id)?;
            tx.execute(
                "INSERT OR REPLACE INTO plan_profile VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    athlete_id,
                    p.sports.as_deref().map(list_key),
                    list_key(&p.cross_training),
                    p.goal_ctl,
                    p.checker_config
                ],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Stores a plan as the athlete's next version (workouts and all, in one
    /// transaction); returns its number. The parent must be one of their versions.
    pub fn save_plan(&self, athlete_id: i64, p: NewPlan) -> Result<u32> {
        self.write(|c| {
            let tx = c.transaction()?;
            let v = insert_plan(&tx, athlete_id, &p)?;
            tx.commit()?;
            Ok(v)
        })
    }

    /// Every plan version of the athlete, oldest first.
    pub fn plan_versions(&self, athlete_id: i64) -> Result<Vec<PlanVersionRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {VERSION_COLS} FROM plan_version v WHERE v.athlete_id = ?1
                 ORDER BY v.version"
            ))?;
            let rows = st.query_map([athlete_id], version_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// One plan version (the latest for `None`) with its workouts in their order;
    /// `Ok(None)` when the athlete has no plan yet, `Missing` for an unknown version.
    pub fn plan(
        &self,
        athlete_id: i64,
        version: Option<u32>,
    ) -> Result<Option<(PlanVersionRow, Vec<Workout>)>> {
        self.read(|c| {
            let Some(id) = plan_id(c, athlete_id, version)? else {
                return match version {
                    Some(v) => Err(Error::Missing {
                        what: "plan version",
                        id: i64::from(v),
                    }),
                    None => Ok(None),
                };
            };
            let meta = c.query_row(
                &format!("SELECT {VERSION_COLS} FROM plan_version v WHERE v.id = ?1"),
                [id],
                version_row,
            )?;
            let mut st = c.prepare_cached(
                "SELECT day, sport, kind, name, duration_min, tss, intensity, z1, z2, z3, z4, z5,
                    location, steps, description, race
                 FROM plan_workout WHERE plan_id = ?1 ORDER BY seq",
            )?;
            let rows = st.query_map([id], workout_row)?;
            Ok(Some((meta, rows.collect::<rusqlite::Result<_>>()?)))
        })
    }
}
