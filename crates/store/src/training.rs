//! Training-load tables: dated thresholds, per-activity metrics and wellness days.
//! Metrics are stored as JSON beside the two columns the dashboard aggregates.

use paceline_types::{ActivityMetrics, Sport, Threshold, ThresholdId, ThresholdKind};
use rusqlite::{params, OptionalExtension};

use crate::{Error, Result, Store};

/// One activity's load as the PMC needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadRow {
    pub activity_id: i64,
    pub start_utc: i64,
    pub utc_offset_s: i32,
    pub sport: Sport,
    pub load: Option<f64>,
}

/// One activity as a weekly digest needs it: its totals, load and power curve.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestSessionRow {
    pub activity_id: i64,
    pub name: String,
    pub sport: Sport,
    pub start_utc: i64,
    pub utc_offset_s: i32,
    /// Moving time where the file has one, else elapsed.
    pub active_s: f64,
    pub distance_m: Option<f64>,
    pub ascent_m: Option<f64>,
    pub load: Option<f64>,
    /// Empty without power.
    pub curve: Vec<(u32, f32)>,
}

/// One activity's stored mean-max power curve.
#[derive(Debug, Clone, PartialEq)]
pub struct CurveRow {
    pub activity_id: i64,
    pub start_utc: i64,
    pub utc_offset_s: i32,
    pub sport: Sport,
    /// (seconds, watts), durations ascending.
    pub curve: Vec<(u32, f32)>,
}

/// Inserts or replaces one activity's metrics.
const UPSERT_METRICS: &str =
    "INSERT INTO activity_metrics(activity_id, load, load_source, json) VALUES (?1, ?2, ?3, ?4)
     ON CONFLICT(activity_id) DO UPDATE SET load = excluded.load,
        load_source = excluded.load_source, json = excluded.json";
const UPSERT_CURVE: &str = "INSERT INTO power_curve(activity_id, curve) VALUES (?1, ?2)
     ON CONFLICT(activity_id) DO UPDATE SET curve = excluded.curve";

/// The setting that is `true` while every activity with a power stream has its
/// curve, so the check is one row instead of a scan of every activity (about 20 ms
/// on a cold 3,000-activity vault, on the first dashboard of each run). A backfill
/// pass sets it `"pending"` before its scan and `true` after storing what the scan
/// found; whatever stores an activity without its curve removes it
/// ([`crate::insert`]), so an import during the pass leaves it unset.
pub(crate) const CURVES_COMPLETE: &str = "power_curves_complete";

/// Metrics encoded for their rows (done off the writer lock by importers).
pub(crate) struct MetricsRow {
    load: Option<f64>,
    source: Option<String>,
    json: String,
    /// `None`: not computed, the stored curve stays.
    curve: Option<Vec<u8>>,
}

impl MetricsRow {
    pub(crate) fn new(m: &ActivityMetrics) -> MetricsRow {
        MetricsRow {
            load: m.load,
            source: m.load_source.clone(),
            json: serde_json::to_string(&crate::metrics_row::StoredMetrics::from(m))
                .expect("metrics serialize"),
            curve: m.power_curve.as_deref().map(curve_blob),
        }
    }

    pub(crate) fn has_curve(&self) -> bool {
        self.curve.is_some()
    }

    /// Writes the metrics of activity `id`, and its power curve when computed.
    pub(crate) fn write(&self, c: &rusqlite::Connection, id: i64) -> Result<()> {
        c.prepare_cached(UPSERT_METRICS)?.execute(params![
            id,
            self.load,
            self.source,
            self.json
        ])?;
        if let Some(curve) = &self.curve {
            c.prepare_cached(UPSERT_CURVE)?
                .execute(params![id, curve])?;
        }
        Ok(())
    }
}

/// A curve as little-endian (u32 seconds, f32 watts) pairs: 8 bytes a point,
/// ~2 KB for a 6-hour ride.
pub(crate) fn curve_blob(curve: &[(u32, f32)]) -> Vec<u8> {
    curve
        .iter()
        .flat_map(|(s, w)| s.to_le_bytes().into_iter().chain(w.to_le_bytes()))
        .collect()
}

/// The inverse of [`curve_blob`]; a truncated tail is ignored.
fn decode_curve(blob: &[u8]) -> Vec<(u32, f32)> {
    blob.chunks_exact(8)
        .map(|c| {
            let s = u32::from_le_bytes(c[..4].try_into().expect("4 bytes"));
            let w = f32::from_le_bytes(c[4..].try_into().expect("4 bytes"));
            (s, w)
        })
        .collect()
}

/// One day of wellness data (HRV, resting HR, sleep).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct WellnessRow {
    pub day: i32,
    pub hrv_rmssd_ms: Option<f64>,
    pub resting_hr: Option<f64>,
    pub sleep_s: Option<f64>,
    pub sleep_score: Option<f64>,
}

impl Store {
    pub fn thresholds(&self, athlete_id: i64) -> Result<Vec<Threshold>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT sport, kind, from_day, value FROM threshold WHERE athlete_id = ?1 ORDER BY kind, sport, from_day",
            )?;
            let rows = st.query_map([athlete_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i32>(2)?, r.get::<_, f64>(3)?))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (sport, kind, from_day, value) = row?;
                let Some(kind) = ThresholdKind::from_key(&kind) else { continue };
                let sport = if sport.is_empty() { None } else { Sport::from_key(&sport) };
                out.push(Threshold { sport, kind, value, from_day });
            }
            Ok(out)
        })
    }

    /// Adds or replaces the value of (sport, kind) from `from_day` on.
    pub fn set_threshold(&self, athlete_id: i64, t: &Threshold) -> Result<()> {
        self.write(|c| {
            c.execute(
                "INSERT INTO threshold(athlete_id, sport, kind, from_day, value) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(athlete_id, sport, kind, from_day) DO UPDATE SET value = excluded.value",
                params![athlete_id, t.sport.map(|s| s.key()).unwrap_or(""), t.kind.key(), t.from_day, t.value],
            )?;
            Ok(())
        })
    }

    /// Removes the value of (sport, kind) from `from_day`; false if there was none.
    pub fn delete_threshold(&self, athlete_id: i64, id: &ThresholdId) -> Result<bool> {
        self.write(|c| {
            let n = c.execute(
                "DELETE FROM threshold WHERE athlete_id = ?1 AND sport = ?2 AND kind = ?3 AND from_day = ?4",
                params![athlete_id, id.sport.map(|s| s.key()).unwrap_or(""), id.kind.key(), id.from_day],
            )?;
            Ok(n > 0)
        })
    }

    /// Stores (or replaces) the metrics of many activities in one transaction. A
    /// metrics value without a power curve (`None`: not computed) keeps the stored one.
    pub fn put_metrics(&self, rows: &[(i64, ActivityMetrics)]) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            for (id, m) in rows {
                MetricsRow::new(m).write(&tx, *id)?;
            }
            tx.commit()?;
            Ok(())
        })
    }

    /// Starts a backfill pass (before its [`Store::missing_power_curves`] scan): see
    /// [`CURVES_COMPLETE`].
    pub fn start_power_curve_check(&self) -> Result<()> {
        self.write(|c| {
            c.execute(
                "INSERT OR REPLACE INTO setting(key, value) VALUES (?1, '\"pending\"')",
                [CURVES_COMPLETE],
            )?;
            Ok(())
        })
    }

    /// Stores power curves computed after the metrics (vaults from before schema 4),
    /// and notes the vault complete when nothing was stored without a curve since
    /// [`Store::start_power_curve_check`].
    pub fn put_power_curves(&self, rows: &[(i64, Vec<(u32, f32)>)]) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            {
                let mut st = tx.prepare_cached(UPSERT_CURVE)?;
                for (id, curve) in rows {
                    st.execute(params![id, curve_blob(curve)])?;
                }
            }
            tx.execute(
                "UPDATE setting SET value = 'true' WHERE key = ?1 AND value = '\"pending\"'",
                [CURVES_COMPLETE],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Whether every activity with a power stream has its curve (see
    /// [`CURVES_COMPLETE`]); `false` also when not checked since the last change.
    pub fn power_curves_complete(&self) -> Result<bool> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT EXISTS (SELECT 1 FROM setting WHERE key = ?1 AND value = 'true')",
                [CURVES_COMPLETE],
                |r| r.get(0),
            )?)
        })
    }

    /// Activities with a power stream whose curve is not computed yet: (id, whether
    /// it has a metrics row at all).
    pub fn missing_power_curves(&self, athlete_id: i64) -> Result<Vec<(i64, bool)>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT a.id, EXISTS (SELECT 1 FROM activity_metrics m WHERE m.activity_id = a.id)
                 FROM activity a
                 WHERE a.athlete_id = ?1
                   AND NOT EXISTS (SELECT 1 FROM power_curve p WHERE p.activity_id = a.id)
                   AND EXISTS (SELECT 1 FROM stream s WHERE s.activity_id = a.id AND s.kind = 'power')",
            )?;
            let rows = st.query_map([athlete_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Stored power curves of activities starting in `from_utc..to_utc`, oldest first
    /// (activities without power are left out).
    pub fn power_curves(
        &self,
        athlete_id: i64,
        from_utc: i64,
        to_utc: i64,
    ) -> Result<Vec<CurveRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT a.id, a.start_utc, a.utc_offset_s, a.sport, p.curve FROM activity a
                 JOIN power_curve p ON p.activity_id = a.id
                 WHERE a.athlete_id = ?1 AND a.start_utc >= ?2 AND a.start_utc < ?3
                   AND length(p.curve) > 0
                 ORDER BY a.start_utc",
            )?;
            let rows = st.query_map(params![athlete_id, from_utc, to_utc], |r| {
                let sport: String = r.get(3)?;
                let blob: Vec<u8> = r.get(4)?;
                Ok(CurveRow {
                    activity_id: r.get(0)?,
                    start_utc: r.get(1)?,
                    utc_offset_s: r.get(2)?,
                    sport: Sport::from_key(&sport).unwrap_or(Sport::Other),
                    curve: decode_curve(&blob),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn metrics(&self, athlete_id: i64, activity_id: i64) -> Result<Option<ActivityMetrics>> {
        let json: Option<String> = self.read(|c| {
            crate::owned(c, athlete_id, activity_id)?;
            Ok(c.query_row(
                "SELECT json FROM activity_metrics WHERE activity_id = ?1",
                [activity_id],
                |r| r.get(0),
            )
            .optional()?)
        })?;
        json.map(|j| {
            serde_json::from_str::<crate::metrics_row::StoredMetrics>(&j)
                .map(Into::into)
                .map_err(|e| Error::Damaged(format!("metrics of {activity_id}: {e}")))
        })
        .transpose()
    }

    /// Every activity with its load (None where it has no metrics or no load),
    /// oldest first. Both queries read covering indexes, not the wide rows, and the
    /// loads are read as one range scan over the athlete's span of activity ids (their
    /// imports come in batches, so with many athletes it is about their own rows, not
    /// the vault's; one seek per activity instead is slower on a freshly written vault).
    pub fn load_rows(&self, athlete_id: i64) -> Result<Vec<LoadRow>> {
        self.read(|c| {
            let (lo, hi): (Option<i64>, Option<i64>) = c
                .prepare_cached("SELECT min(id), max(id) FROM activity WHERE athlete_id = ?1")?
                .query_row([athlete_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let (Some(lo), Some(hi)) = (lo, hi) else {
                return Ok(Vec::new());
            };
            let mut st = c.prepare_cached(
                "SELECT activity_id, load FROM activity_metrics WHERE activity_id BETWEEN ?1 AND ?2",
            )?;
            let loads: std::collections::HashMap<i64, Option<f64>> = st
                .query_map([lo, hi], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut st = c.prepare_cached(
                "SELECT id, start_utc, utc_offset_s, sport FROM activity
                 WHERE athlete_id = ?1 ORDER BY start_utc",
            )?;
            let rows = st.query_map([athlete_id], |r| {
                let id: i64 = r.get(0)?;
                let sport: String = r.get(3)?;
                Ok(LoadRow {
                    activity_id: id,
                    start_utc: r.get(1)?,
                    utc_offset_s: r.get(2)?,
                    sport: Sport::from_key(&sport).unwrap_or(Sport::Other),
                    load: loads.get(&id).copied().flatten(),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The athlete's activities that started before `to_utc`, oldest first, with their
    /// load and power curve: one query over the activity rows and two keyed joins.
    pub fn digest_sessions(&self, athlete_id: i64, to_utc: i64) -> Result<Vec<DigestSessionRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT a.id, a.name, a.sport, a.start_utc, a.utc_offset_s,
                        CASE WHEN a.moving_s > 0 THEN a.moving_s ELSE a.elapsed_s END,
                        a.distance_m, a.ascent_m, m.load, p.curve
                 FROM activity a
                 LEFT JOIN activity_metrics m ON m.activity_id = a.id
                 LEFT JOIN power_curve p ON p.activity_id = a.id
                 WHERE a.athlete_id = ?1 AND a.start_utc < ?2
                 ORDER BY a.start_utc, a.id",
            )?;
            let rows = st.query_map(params![athlete_id, to_utc], |r| {
                let sport: String = r.get(2)?;
                let blob: Option<Vec<u8>> = r.get(9)?;
                Ok(DigestSessionRow {
                    activity_id: r.get(0)?,
                    name: r.get(1)?,
                    sport: Sport::from_key(&sport).unwrap_or(Sport::Other),
                    start_utc: r.get(3)?,
                    utc_offset_s: r.get(4)?,
                    active_s: r.get::<_, Option<f64>>(5)?.unwrap_or(0.0),
                    distance_m: r.get(6)?,
                    ascent_m: r.get(7)?,
                    load: r.get(8)?,
                    curve: blob.map(|b| decode_curve(&b)).unwrap_or_default(),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The UTC offset of the athlete's latest activity (their "today" follows it).
    pub fn latest_utc_offset(&self, athlete_id: i64) -> Result<Option<i32>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT utc_offset_s FROM activity WHERE athlete_id = ?1
                 ORDER BY start_utc DESC LIMIT 1",
                [athlete_id],
                |r| r.get(0),
            )
            .optional()?)
        })
    }

    pub fn wellness(&self, athlete_id: i64) -> Result<Vec<WellnessRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT day, hrv_rmssd_ms, resting_hr, sleep_s, sleep_score FROM wellness WHERE athlete_id = ?1 ORDER BY day",
            )?;
            let rows = st.query_map([athlete_id], |r| {
                Ok(WellnessRow {
                    day: r.get(0)?,
                    hrv_rmssd_ms: r.get(1)?,
                    resting_hr: r.get(2)?,
                    sleep_s: r.get(3)?,
                    sleep_score: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn put_wellness(&self, athlete_id: i64, rows: &[WellnessRow]) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            for w in rows {
                tx.execute(
                    "INSERT INTO wellness(athlete_id, day, hrv_rmssd_ms, resting_hr, sleep_s, sleep_score)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT(athlete_id, day) DO UPDATE SET hrv_rmssd_ms = excluded.hrv_rmssd_ms,
                        resting_hr = excluded.resting_hr, sleep_s = excluded.sleep_s, sleep_score = excluded.sleep_score",
                    params![athlete_id, w.day, w.hrv_rmssd_ms, w.resting_hr, w.sleep_s, w.sleep_score],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curve_blob_round_trips() {
        let c = vec![(1, 950.5), (60, 420.0), (3600, 251.25)];
        let b = curve_blob(&c);
        assert_eq!(b.len(), 24);
        assert_eq!(&b[..8], &[1, 0, 0, 0, 0x00, 0xA0, 0x6D, 0x44]);
        assert_eq!(decode_curve(&b), c);
        assert_eq!(decode_curve(&b[..20]), c[..2].to_vec());
    }
}
