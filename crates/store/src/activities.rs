//! The activity table and its children (laps, streams, the original file).

use paceline_model::Streams;
use paceline_types::{ActivitySummary, LapSummary, Sport};
use rusqlite::{OptionalExtension, Row};

use crate::streams::{decode_into, unpack_original};
use crate::{Error, Result, Store};

/// An activity as read back for its page.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredActivity {
    pub summary: ActivitySummary,
    pub laps: Vec<LapSummary>,
    /// 0 for a file without samples (an activity summary file, a laps-only TCX).
    pub sample_count: u32,
    pub warnings: Vec<String>,
    /// Pool swims: the pool length the device was set to, metres.
    pub pool_length_m: Option<f64>,
}

const SUMMARY_COLS: &str = "id, name, sport, sub_sport, start_utc, utc_offset_s, elapsed_s, moving_s, \
    distance_m, ascent_m, avg_hr, max_hr, avg_power, max_power, avg_speed_mps, avg_cadence, calories, \
    device, source_format, rpe";

fn summary(r: &Row) -> rusqlite::Result<ActivitySummary> {
    let sport: String = r.get(2)?;
    Ok(ActivitySummary {
        id: r.get(0)?,
        name: r.get(1)?,
        sport: Sport::from_key(&sport).unwrap_or(Sport::Other),
        sub_sport: r.get(3)?,
        start_utc: r.get(4)?,
        utc_offset_s: r.get(5)?,
        elapsed_s: r.get(6)?,
        moving_s: r.get(7)?,
        distance_m: r.get(8)?,
        ascent_m: r.get(9)?,
        avg_hr: r.get(10)?,
        max_hr: r.get(11)?,
        avg_power: r.get(12)?,
        max_power: r.get(13)?,
        avg_speed_mps: r.get(14)?,
        avg_cadence: r.get(15)?,
        calories: r.get(16)?,
        device: r.get(17)?,
        source_format: r.get(18)?,
        rpe: r.get(19)?,
    })
}

impl Store {
    /// Sets (or with `None` clears) an activity's session RPE, CR-10.
    pub fn set_activity_rpe(&self, athlete_id: i64, id: i64, rpe: Option<f64>) -> Result<()> {
        self.write(|c| {
            crate::owned(c, athlete_id, id)?;
            match c.execute("UPDATE activity SET rpe = ?2 WHERE id = ?1", (id, rpe))? {
                0 => Err(Error::NotFound(id)),
                _ => Ok(()),
            }
        })
    }

    /// Every id in `ids` is an activity of `athlete_id`, else `NotFound` for the
    /// first that is not (checked before a batch operation starts).
    pub fn check_owned(&self, athlete_id: i64, ids: &[i64]) -> Result<()> {
        self.read(|c| {
            ids.iter()
                .try_for_each(|&id| crate::owned(c, athlete_id, id))
        })
    }

    /// All activities of an athlete, newest first.
    pub fn list_activities(&self, athlete_id: i64) -> Result<Vec<ActivitySummary>> {
        self.read(|c| {
            let sql = format!("SELECT {SUMMARY_COLS} FROM activity WHERE athlete_id = ?1 ORDER BY start_utc DESC, id DESC");
            let mut st = c.prepare_cached(&sql)?;
            let rows = st.query_map([athlete_id], summary)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The athlete's activities that started at or after `start_utc`, newest first
    /// (the dashboard's recent totals read only these).
    pub fn activities_since(
        &self,
        athlete_id: i64,
        start_utc: i64,
    ) -> Result<Vec<ActivitySummary>> {
        self.read(|c| {
            let sql = format!("SELECT {SUMMARY_COLS} FROM activity WHERE athlete_id = ?1 AND start_utc >= ?2 ORDER BY start_utc DESC, id DESC");
            let mut st = c.prepare_cached(&sql)?;
            let rows = st.query_map([athlete_id, start_utc], summary)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn activity_count(&self, athlete_id: i64) -> Result<u32> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM activity WHERE athlete_id = ?1",
                [athlete_id],
                |r| r.get(0),
            )?)
        })
    }

    pub fn activity(&self, athlete_id: i64, id: i64) -> Result<StoredActivity> {
        self.read(|c| {
            crate::owned(c, athlete_id, id)?;
            let sql = format!(
                "SELECT {SUMMARY_COLS}, sample_count, warnings, pool_length_m FROM activity WHERE id = ?1"
            );
            let (summary, sample_count, warnings, pool_length_m) = c
                .query_row(&sql, [id], |r| {
                    Ok((
                        summary(r)?,
                        r.get::<_, u32>(20)?,
                        r.get::<_, String>(21)?,
                        r.get::<_, Option<f64>>(22)?,
                    ))
                })
                .optional()?
                .ok_or(Error::NotFound(id))?;
            let mut st = c.prepare_cached(
                "SELECT idx, start_utc, elapsed_s, distance_m, avg_hr, avg_power, avg_speed_mps
                 FROM lap WHERE activity_id = ?1 ORDER BY idx",
            )?;
            let laps = st
                .query_map([id], |r| {
                    Ok(LapSummary {
                        index: r.get(0)?,
                        start_utc: r.get(1)?,
                        elapsed_s: r.get(2)?,
                        distance_m: r.get(3)?,
                        avg_hr: r.get(4)?,
                        avg_power: r.get(5)?,
                        avg_speed_mps: r.get(6)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let warnings = serde_json::from_str(&warnings).unwrap_or_default();
            Ok(StoredActivity {
                summary,
                laps,
                sample_count,
                warnings,
                pool_length_m,
            })
        })
    }

    pub fn streams(&self, athlete_id: i64, id: i64) -> Result<Streams> {
        self.read(|c| {
            crate::owned(c, athlete_id, id)?;
            let mut st =
                c.prepare_cached("SELECT kind, encoding, data FROM stream WHERE activity_id = ?1")?;
            let mut rows = st.query([id])?;
            let mut s = Streams::default();
            while let Some(r) = rows.next()? {
                let kind: String = r.get(0)?;
                let blob = r.get_ref(2)?.as_blob().map_err(rusqlite::Error::from)?;
                decode_into(&mut s, &kind, r.get(1)?, blob)?;
            }
            Ok(s)
        })
    }

    /// The original file as imported: `(file name, bytes)`.
    pub fn source_file(&self, athlete_id: i64, id: i64) -> Result<(String, Vec<u8>)> {
        let (name, len, blob): (String, i64, Vec<u8>) = self.read(|c| {
            crate::owned(c, athlete_id, id)?;
            c.query_row(
                "SELECT file_name, byte_len, deflated FROM source_file WHERE activity_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or(Error::NotFound(id))
        })?;
        Ok((name, unpack_original(&blob, len as usize)?))
    }
}
