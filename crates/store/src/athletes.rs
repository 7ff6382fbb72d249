//! Athletes: several in one vault. Everything an athlete owns hangs off their row, so
//! deleting one removes every activity, original file, threshold, wellness day,
//! watched folder and secret of theirs in one transaction, and then compacts the file so the
//! deleted pages are gone from it.

use paceline_types::{AthleteId, Sex};
use rusqlite::{Connection, OptionalExtension};

use crate::{Error, Result, Store};

/// An athlete as the vault keeps them.
#[derive(Debug, Clone, PartialEq)]
pub struct AthleteRow {
    pub id: AthleteId,
    pub name: String,
    pub sex: Option<Sex>,
    pub created_utc: i64,
    pub archived_utc: Option<i64>,
    /// IANA zone for the athlete's "today"; `None`: the offset of their latest activity.
    pub tz: Option<String>,
    pub activity_count: u32,
}

/// Tables keyed by activity id (all `ON DELETE CASCADE` from `activity`), plus the
/// athlete-keyed ones, in the order an athlete's data is deleted.
const ATHLETE_TABLES: &[&str] = &[
    "threshold",
    "wellness",
    "watched_folder",
    "job_run",
    "lb_set",
    "lb_session",
    "lb_exercise",
    "lb_manual",
    "lb_journal",
    "lb_body",
    "garmin_activity",
    "garmin_sync_state",
    "garmin_sync_log",
    "activity",
    "plan_workout",
    "plan_version",
    "plan_race",
    "plan_availability",
    "plan_equipment",
    "plan_injury",
    "plan_rules",
    "plan_profile",
    "route_workout",
    "route_section",
    "route",
    "bike",
    "route_assumptions",
    "coach_chat",
    "coach_suggestion",
    "coach_review",
    "coach_deep_step",
    "coach_deep_run",
];

fn athlete_row(r: &rusqlite::Row) -> rusqlite::Result<AthleteRow> {
    let sex: Option<String> = r.get(2)?;
    Ok(AthleteRow {
        id: r.get(0)?,
        name: r.get(1)?,
        sex: sex.as_deref().and_then(Sex::from_key),
        created_utc: r.get(3)?,
        archived_utc: r.get(4)?,
        tz: r.get(5)?,
        activity_count: r.get(6)?,
    })
}

const ATHLETE_COLS: &str = "a.id, a.name, a.sex, a.created_utc, a.archived_utc, a.tz,
    (SELECT count(*) FROM activity x WHERE x.athlete_id = a.id)";

pub(crate) fn exists(c: &Connection, id: AthleteId) -> Result<()> {
    let found = c
        .prepare_cached("SELECT 1 FROM athlete WHERE id = ?1")?
        .exists([id])?;
    found.then_some(()).ok_or(Error::AthleteNotFound(id))
}

impl Store {
    /// Every athlete, archived ones included, in the order they were added.
    pub fn athletes(&self) -> Result<Vec<AthleteRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {ATHLETE_COLS} FROM athlete a ORDER BY a.id"
            ))?;
            let rows = st.query_map([], athlete_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn athlete(&self, id: AthleteId) -> Result<AthleteRow> {
        self.read(|c| {
            c.query_row(
                &format!("SELECT {ATHLETE_COLS} FROM athlete a WHERE a.id = ?1"),
                [id],
                athlete_row,
            )
            .optional()?
            .ok_or(Error::AthleteNotFound(id))
        })
    }

    pub fn add_athlete(&self, name: &str, now_utc: i64) -> Result<AthleteId> {
        self.write(|c| {
            c.execute(
                "INSERT INTO athlete(name, created_utc) VALUES (?1, ?2)",
                (name, now_utc),
            )?;
            Ok(c.last_insert_rowid())
        })
    }

    /// The first athlete, created on first use (a fresh vault gets one).
    pub fn ensure_athlete(&self, name: &str, now_utc: i64) -> Result<AthleteId> {
        let first: Option<AthleteId> = self.read(|c| {
            Ok(
                c.query_row("SELECT id FROM athlete ORDER BY id LIMIT 1", [], |r| {
                    r.get(0)
                })
                .optional()?,
            )
        })?;
        match first {
            Some(id) => Ok(id),
            None => self.add_athlete(name, now_utc),
        }
    }

    fn update_athlete(&self, id: AthleteId, sql: &str, value: &dyn rusqlite::ToSql) -> Result<()> {
        self.write(|c| match c.execute(sql, rusqlite::params![id, value])? {
            0 => Err(Error::AthleteNotFound(id)),
            _ => Ok(()),
        })
    }

    pub fn athlete_name(&self, id: AthleteId) -> Result<Option<String>> {
        match self.athlete(id) {
            Ok(a) => Ok(Some(a.name)),
            Err(Error::AthleteNotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub fn rename_athlete(&self, id: AthleteId, name: &str) -> Result<()> {
        self.update_athlete(id, "UPDATE athlete SET name = ?2 WHERE id = ?1", &name)
    }

    pub fn athlete_sex(&self, id: AthleteId) -> Result<Option<Sex>> {
        Ok(self.athlete(id)?.sex)
    }

    pub fn set_athlete_sex(&self, id: AthleteId, sex: Option<Sex>) -> Result<()> {
        self.update_athlete(
            id,
            "UPDATE athlete SET sex = ?2 WHERE id = ?1",
            &sex.map(Sex::key),
        )
    }

    pub fn set_athlete_tz(&self, id: AthleteId, tz: Option<&str>) -> Result<()> {
        self.update_athlete(id, "UPDATE athlete SET tz = ?2 WHERE id = ?1", &tz)
    }

    /// Archives (`Some(time)`) or restores (`None`) an athlete; their data stays.
    pub fn set_athlete_archived(&self, id: AthleteId, archived_utc: Option<i64>) -> Result<()> {
        self.update_athlete(
            id,
            "UPDATE athlete SET archived_utc = ?2 WHERE id = ?1",
            &archived_utc,
        )
    }

    /// Deletes an athlete and everything they own in one transaction, then compacts
    /// the vault (VACUUM and a truncating checkpoint) so none of the deleted pages
    /// stay in the file or its WAL. Returns how many activities went.
    pub fn delete_athlete(&self, id: AthleteId) -> Result<u32> {
        self.athlete(id)?;
        self.forget_athlete_secrets(id)?;
        let removed = self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, id)?;
            for name in crate::secrets::athlete_names(&tx, id)? {
                tx.execute("DELETE FROM secret WHERE name = ?1", [name])?;
            }
            let n: u32 = tx.query_row(
                "SELECT count(*) FROM activity WHERE athlete_id = ?1",
                [id],
                |r| r.get(0),
            )?;
            // The ledger keeps the money spent (budgets hold) but not whose it was.
            tx.execute(
                "UPDATE coach_ledger SET athlete_id = NULL WHERE athlete_id = ?1",
                [id],
            )?;
            crate::groups::forget_athlete(&tx, id)?;
            for t in ATHLETE_TABLES {
                tx.execute(&format!("DELETE FROM {t} WHERE athlete_id = ?1"), [id])?;
            }
            tx.execute(
                "DELETE FROM setting WHERE key LIKE ?1",
                [format!("athlete/{id}/%")],
            )?;
            tx.execute("DELETE FROM athlete WHERE id = ?1", [id])?;
            tx.commit()?;
            Ok(n)
        })?;
        self.compact()?;
        Ok(removed)
    }

    /// Rewrites the vault without free pages, then empties the WAL.
    pub fn compact(&self) -> Result<()> {
        self.write(|c| {
            c.execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
            Ok(())
        })
    }

    /// Pages of the vault file that hold no live data (0 right after [`Store::compact`]).
    pub fn freelist_count(&self) -> Result<i64> {
        self.write(|c| Ok(c.query_row("PRAGMA freelist_count", [], |r| r.get(0))?))
    }

    /// Rows left of an athlete, per table, whether or not the athlete still exists:
    /// their own tables, their settings and secrets, and rows of the activity tables
    /// whose activity is gone. Lets tests prove a deletion complete.
    #[doc(hidden)]
    pub fn debug_rows_of_athlete(&self, id: AthleteId) -> Result<Vec<(String, i64)>> {
        const BY_ACTIVITY: &[&str] = &[
            "lap",
            "stream",
            "source_file",
            "activity_metrics",
            "leg",
            "extra_stream",
            "hrv",
            "swim_length",
            "strength_set",
            "linked_file",
            "power_curve",
        ];
        self.read(|c| {
            let count = |sql: &str| -> Result<i64> { Ok(c.query_row(sql, [id], |r| r.get(0))?) };
            let mut out = Vec::new();
            for t in ATHLETE_TABLES.iter().chain(&["athlete"]) {
                let col = if *t == "athlete" { "id" } else { "athlete_id" };
                let n = count(&format!("SELECT count(*) FROM {t} WHERE {col} = ?1"))?;
                out.push((t.to_string(), n));
            }
            for t in BY_ACTIVITY {
                let n = count(&format!(
                    "SELECT count(*) FROM {t} WHERE activity_id NOT IN (SELECT id FROM activity) AND ?1 = ?1"
                ))?;
                out.push((format!("{t} (orphaned)"), n));
            }
            let settings = count("SELECT count(*) FROM setting WHERE key LIKE 'athlete/' || ?1 || '/%'")?;
            out.push(("setting".into(), settings));
            out.push(("secret".into(), crate::secrets::athlete_names(c, id)?.len() as i64));
            Ok(out)
        })
    }

    /// The folders watched for an athlete's new activity files.
    pub fn watched_folders(&self, id: AthleteId) -> Result<Vec<String>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT path FROM watched_folder WHERE athlete_id = ?1 ORDER BY rowid",
            )?;
            let rows = st.query_map([id], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Every athlete's watched folders: (athlete, folder).
    pub fn all_watched_folders(&self) -> Result<Vec<(AthleteId, String)>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT w.athlete_id, w.path FROM watched_folder w
                 JOIN athlete a ON a.id = w.athlete_id
                 WHERE a.archived_utc IS NULL ORDER BY w.rowid",
            )?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Replaces an athlete's watched folders.
    pub fn set_watched_folders(&self, id: AthleteId, folders: &[String]) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, id)?;
            tx.execute("DELETE FROM watched_folder WHERE athlete_id = ?1", [id])?;
            for f in folders {
                tx.execute(
                    "INSERT OR IGNORE INTO watched_folder(athlete_id, path) VALUES (?1, ?2)",
                    (id, f),
                )?;
            }
            tx.commit()?;
            Ok(())
        })
    }
}
