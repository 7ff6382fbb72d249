//! Manual workouts: activities entered by hand. Each is an `activity` row of source
//! format [`MANUAL_FORMAT`] with no original file, no streams and its metrics written
//! in the same transaction, so the PMC, the activity list, the dashboard totals, plan
//! compliance and deleting the athlete treat it as any other activity; its notes are
//! in `lb_manual`.

use paceline_types::{ActivityMetrics, AthleteId, Sport};
use rusqlite::params;

use super::strength::missing;
use crate::athletes::exists;
use crate::training::MetricsRow;
use crate::{Result, Store};

/// `activity.source_format` of a manual workout.
pub const MANUAL_FORMAT: &str = "manual";

/// A manual workout to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewManual {
    pub name: String,
    pub sport: Sport,
    pub start_utc: i64,
    pub utc_offset_s: i32,
    pub duration_s: f64,
    pub distance_m: Option<f64>,
    /// CR-10 session RPE.
    pub rpe: f64,
    pub notes: String,
}

/// A stored manual workout with the load it was scored with.
#[derive(Debug, Clone, PartialEq)]
pub struct ManualRow {
    pub activity_id: i64,
    pub workout: NewManual,
    pub load: Option<f64>,
}

impl Store {
    /// Stores a manual workout (`id` `None`) or replaces manual workout `id`, with
    /// its metrics, in one transaction. Returns the activity id.
    pub fn put_manual(
        &self,
        athlete_id: AthleteId,
        id: Option<i64>,
        w: &NewManual,
        metrics: &ActivityMetrics,
        imported_utc: i64,
    ) -> Result<i64> {
        let row = MetricsRow::new(metrics);
        let speed = w
            .distance_m
            .filter(|_| w.duration_s > 0.0)
            .map(|d| d / w.duration_s);
        self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, athlete_id)?;
            let id = match id {
                Some(id) => {
                    let n = tx.execute(
                        "UPDATE activity SET name = ?3, sport = ?4, start_utc = ?5, utc_offset_s = ?6,
                            elapsed_s = ?7, moving_s = ?7, distance_m = ?8, avg_speed_mps = ?9, rpe = ?10
                         WHERE id = ?1 AND athlete_id = ?2 AND source_format = ?11",
                        params![
                            id,
                            athlete_id,
                            w.name,
                            w.sport.key(),
                            w.start_utc,
                            w.utc_offset_s,
                            w.duration_s,
                            w.distance_m,
                            speed,
                            w.rpe,
                            MANUAL_FORMAT
                        ],
                    )?;
                    if n == 0 {
                        return Err(missing("manual workout", id));
                    }
                    tx.execute(
                        "UPDATE lb_manual SET notes = ?2 WHERE activity_id = ?1",
                        params![id, w.notes],
                    )?;
                    id
                }
                None => {
                    // No file, so no content hash: a random one keeps the column's
                    // uniqueness and can never equal a file's SHA-256.
                    tx.execute(
                        "INSERT INTO activity(athlete_id, name, sport, start_utc, utc_offset_s,
                            elapsed_s, moving_s, distance_m, avg_speed_mps, rpe, source_format,
                            content_hash, sample_count, imported_utc)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, ?10, randomblob(32), 0, ?11)",
                        params![
                            athlete_id,
                            w.name,
                            w.sport.key(),
                            w.start_utc,
                            w.utc_offset_s,
                            w.duration_s,
                            w.distance_m,
                            speed,
                            w.rpe,
                            MANUAL_FORMAT,
                            imported_utc
                        ],
                    )?;
                    let id = tx.last_insert_rowid();
                    tx.execute(
                        "INSERT INTO lb_manual(activity_id, athlete_id, notes) VALUES (?1, ?2, ?3)",
                        params![id, athlete_id, w.notes],
                    )?;
                    id
                }
            };
            row.write(&tx, id)?;
            if !row.has_curve() {
                tx.execute(
                    "DELETE FROM setting WHERE key = ?1",
                    [crate::training::CURVES_COMPLETE],
                )?;
            }
            tx.commit()?;
            Ok(id)
        })
    }

    /// Deletes a manual workout (its activity row, metrics and notes); false if the
    /// athlete has no manual workout `id` (an imported activity is not deleted here).
    pub fn delete_manual(&self, athlete_id: AthleteId, id: i64) -> Result<bool> {
        self.write(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "DELETE FROM lb_manual WHERE activity_id = ?1 AND athlete_id = ?2",
                params![id, athlete_id],
            )?;
            let n = tx.execute(
                "DELETE FROM activity WHERE id = ?1 AND athlete_id = ?2 AND source_format = ?3",
                params![id, athlete_id, MANUAL_FORMAT],
            )?;
            tx.commit()?;
            Ok(n > 0)
        })
    }

    /// The athlete's manual workouts, newest first.
    pub fn manual_workouts(&self, athlete_id: AthleteId) -> Result<Vec<ManualRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT a.id, a.name, a.sport, a.start_utc, a.utc_offset_s, a.elapsed_s,
                        a.distance_m, a.rpe, coalesce(m.notes, ''), x.load
                 FROM activity a
                 LEFT JOIN lb_manual m ON m.activity_id = a.id
                 LEFT JOIN activity_metrics x ON x.activity_id = a.id
                 WHERE a.athlete_id = ?1 AND a.source_format = ?2
                 ORDER BY a.start_utc DESC, a.id DESC",
            )?;
            let rows = st.query_map(params![athlete_id, MANUAL_FORMAT], |r| {
                let sport: String = r.get(2)?;
                Ok(ManualRow {
                    activity_id: r.get(0)?,
                    workout: NewManual {
                        name: r.get(1)?,
                        sport: Sport::from_key(&sport).unwrap_or(Sport::Other),
                        start_utc: r.get(3)?,
                        utc_offset_s: r.get(4)?,
                        duration_s: r.get(5)?,
                        distance_m: r.get(6)?,
                        rpe: r.get::<_, Option<f64>>(7)?.unwrap_or(0.0),
                        notes: r.get(8)?,
                    },
                    load: r.get(9)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
