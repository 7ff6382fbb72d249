//! Garmin Connect sync state: the Garmin id of synced activities (a link table: an
//! activity imported as a file first keeps its row and gains the id), one sync state per
//! athlete (the incremental cursor, which also resumes an interrupted backfill, the
//! wellness cursor and the sign-in cooldown), the sync log, and the wellness days with
//! every series Garmin gives.
//!
//! Every write here is one transaction: a link and the cursor move together, a batch
//! of days and the wellness cursor move together.

use std::collections::HashSet;

use rusqlite::{params, OptionalExtension};

use crate::{owned, Result, Store};

/// An athlete's sync state. All `None`/`false` before the first sync.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GarminSyncState {
    /// The newest Garmin activity whose older ones are all synced: an incremental sync
    /// lists down to it. A backfill works oldest first and moves it as it goes, so an
    /// interrupted backfill resumes from it.
    pub last_activity_id: Option<i64>,
    /// The first day (days since 1970-01-01) the backfill reaches back to; `None` = the
    /// whole history.
    pub backfill_since_day: Option<i32>,
    /// The first full pass over the history has finished.
    pub backfill_done: bool,
    /// Wellness is stored up to and including this day.
    pub wellness_through_day: Option<i32>,
    /// Sign-in is refused before this time (Unix seconds) after Garmin's login 429.
    pub login_cooldown_until: Option<i64>,
    /// The last cooldown's length in seconds (the next one grows from it).
    pub login_cooldown_s: Option<i64>,
}

/// One row of the sync log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GarminSyncLogRow {
    pub id: i64,
    pub started_utc: i64,
    pub finished_utc: Option<i64>,
    pub requests: i64,
    pub new_activities: i64,
    pub new_days: i64,
    /// `running`, `done`, `cancelled`, `failed`.
    pub outcome: String,
    pub error: Option<String>,
}

/// A wellness day with every series (any may be missing). `source` says where the
/// extended values came from (`garmin`); `raw_json` keeps Garmin's answers for the day.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WellnessDay {
    pub day: i32,
    pub source: Option<String>,
    pub hrv_rmssd_ms: Option<f64>,
    pub hrv_weekly_avg_ms: Option<f64>,
    pub hrv_status: Option<String>,
    pub resting_hr: Option<f64>,
    pub sleep_s: Option<f64>,
    pub sleep_score: Option<f64>,
    pub sleep_deep_s: Option<f64>,
    pub sleep_light_s: Option<f64>,
    pub sleep_rem_s: Option<f64>,
    pub sleep_awake_s: Option<f64>,
    pub steps: Option<i64>,
    pub stress_avg: Option<f64>,
    pub body_battery_high: Option<f64>,
    pub body_battery_low: Option<f64>,
    pub respiration_avg: Option<f64>,
    pub spo2_avg: Option<f64>,
    pub weight_kg: Option<f64>,
    pub body_fat_pct: Option<f64>,
    pub body_water_pct: Option<f64>,
    pub muscle_mass_kg: Option<f64>,
    pub bone_mass_kg: Option<f64>,
    pub bmi: Option<f64>,
    pub readiness_score: Option<f64>,
    pub readiness_level: Option<String>,
    pub raw_json: Option<String>,
}

const DAY_COLS: &str = "day, source, hrv_rmssd_ms, hrv_weekly_avg_ms, hrv_status, resting_hr,
    sleep_s, sleep_score, sleep_deep_s, sleep_light_s, sleep_rem_s, sleep_awake_s, steps,
    stress_avg, body_battery_high, body_battery_low, respiration_avg, spo2_avg, weight_kg,
    body_fat_pct, body_water_pct, muscle_mass_kg, bone_mass_kg, bmi, readiness_score,
    readiness_level, raw_json";

fn day_row(r: &rusqlite::Row) -> rusqlite::Result<WellnessDay> {
    Ok(WellnessDay {
        day: r.get(0)?,
        source: r.get(1)?,
        hrv_rmssd_ms: r.get(2)?,
        hrv_weekly_avg_ms: r.get(3)?,
        hrv_status: r.get(4)?,
        resting_hr: r.get(5)?,
        sleep_s: r.get(6)?,
        sleep_score: r.get(7)?,
        sleep_deep_s: r.get(8)?,
        sleep_light_s: r.get(9)?,
        sleep_rem_s: r.get(10)?,
        sleep_awake_s: r.get(11)?,
        steps: r.get(12)?,
        stress_avg: r.get(13)?,
        body_battery_high: r.get(14)?,
        body_battery_low: r.get(15)?,
        respiration_avg: r.get(16)?,
        spo2_avg: r.get(17)?,
        weight_kg: r.get(18)?,
        body_fat_pct: r.get(19)?,
        body_water_pct: r.get(20)?,
        muscle_mass_kg: r.get(21)?,
        bone_mass_kg: r.get(22)?,
        bmi: r.get(23)?,
        readiness_score: r.get(24)?,
        readiness_level: r.get(25)?,
        raw_json: r.get(26)?,
    })
}

/// Records Garmin activity `garmin_id` as synced (as vault activity `activity_id`,
/// when it is one) and moves the cursor to it, inside the caller's transaction.
pub(crate) fn link(
    c: &rusqlite::Connection,
    athlete_id: i64,
    garmin_id: i64,
    activity_id: Option<i64>,
    now_utc: i64,
) -> Result<()> {
    if let Some(id) = activity_id {
        owned(c, athlete_id, id)?;
        c.execute(
            "INSERT INTO garmin_activity(athlete_id, garmin_id, activity_id, synced_utc)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(athlete_id, garmin_id) DO UPDATE SET activity_id = excluded.activity_id",
            params![athlete_id, garmin_id, id, now_utc],
        )?;
    }
    ensure_state(c, athlete_id)?;
    c.execute(
        "UPDATE garmin_sync_state SET last_activity_id = ?2 WHERE athlete_id = ?1",
        params![athlete_id, garmin_id],
    )?;
    Ok(())
}

fn ensure_state(c: &rusqlite::Connection, athlete_id: i64) -> Result<()> {
    c.execute(
        "INSERT OR IGNORE INTO garmin_sync_state(athlete_id) VALUES (?1)",
        [athlete_id],
    )?;
    Ok(())
}

impl Store {
    /// The athlete's sync state (the default before the first sync).
    pub fn garmin_state(&self, athlete_id: i64) -> Result<GarminSyncState> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT last_activity_id, backfill_since_day, backfill_done, wellness_through_day,
                        login_cooldown_until, login_cooldown_s
                 FROM garmin_sync_state WHERE athlete_id = ?1",
                [athlete_id],
                |r| {
                    Ok(GarminSyncState {
                        last_activity_id: r.get(0)?,
                        backfill_since_day: r.get(1)?,
                        backfill_done: r.get::<_, i64>(2)? != 0,
                        wellness_through_day: r.get(3)?,
                        login_cooldown_until: r.get(4)?,
                        login_cooldown_s: r.get(5)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default())
        })
    }

    /// Sets where the backfill reaches back to, and whether it has finished.
    pub fn set_garmin_backfill(
        &self,
        athlete_id: i64,
        since_day: Option<i32>,
        done: bool,
    ) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            ensure_state(&tx, athlete_id)?;
            tx.execute(
                "UPDATE garmin_sync_state SET backfill_since_day = ?2, backfill_done = ?3
                 WHERE athlete_id = ?1",
                params![athlete_id, since_day, done as i64],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Records (or clears) the sign-in cooldown after Garmin's login 429.
    pub fn set_garmin_login_cooldown(
        &self,
        athlete_id: i64,
        until_utc: Option<i64>,
        secs: Option<i64>,
    ) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            ensure_state(&tx, athlete_id)?;
            tx.execute(
                "UPDATE garmin_sync_state SET login_cooldown_until = ?2,
                    login_cooldown_s = coalesce(?3, login_cooldown_s)
                 WHERE athlete_id = ?1",
                params![athlete_id, until_utc, secs],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// The Garmin ids of the athlete's synced activities.
    pub fn garmin_activity_ids(&self, athlete_id: i64) -> Result<HashSet<i64>> {
        self.read(|c| {
            let mut st =
                c.prepare_cached("SELECT garmin_id FROM garmin_activity WHERE athlete_id = ?1")?;
            let rows = st.query_map([athlete_id], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The Garmin id of activity `id`, if it came from (or was seen in) Garmin.
    pub fn garmin_id_of(&self, athlete_id: i64, id: i64) -> Result<Option<i64>> {
        self.read(|c| {
            owned(c, athlete_id, id)?;
            Ok(c.query_row(
                "SELECT garmin_id FROM garmin_activity WHERE athlete_id = ?1 AND activity_id = ?2",
                [athlete_id, id],
                |r| r.get(0),
            )
            .optional()?)
        })
    }

    /// In one transaction: Garmin activity `garmin_id` is stored as `activity_id` (when
    /// given; `None` = skipped, e.g. deleted on Garmin) and the cursor moves to
    /// `garmin_id`. Linking the same id again is a no-op.
    pub fn garmin_activity_synced(
        &self,
        athlete_id: i64,
        garmin_id: i64,
        activity_id: Option<i64>,
        now_utc: i64,
    ) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            link(&tx, athlete_id, garmin_id, activity_id, now_utc)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Writes wellness days and moves the wellness cursor to `through_day`, in one
    /// transaction. A value Garmin does not have keeps what the day already held (from
    /// the demo, or an earlier sync). Returns how many days had no Garmin data before.
    pub fn put_wellness_days(
        &self,
        athlete_id: i64,
        days: &[WellnessDay],
        through_day: Option<i32>,
    ) -> Result<usize> {
        self.write(|c| {
            let tx = c.transaction()?;
            let mut new = 0;
            for d in days {
                let had: bool = tx
                    .prepare_cached(
                        "SELECT 1 FROM wellness WHERE athlete_id = ?1 AND day = ?2 AND source IS NOT NULL",
                    )?
                    .exists(params![athlete_id, d.day])?;
                new += usize::from(!had);
                tx.prepare_cached(&format!(
                    "INSERT INTO wellness(athlete_id, {DAY_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6,
                        ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                        ?22, ?23, ?24, ?25, ?26, ?27, ?28)
                     ON CONFLICT(athlete_id, day) DO UPDATE SET
                        source = coalesce(excluded.source, source),
                        hrv_rmssd_ms = coalesce(excluded.hrv_rmssd_ms, hrv_rmssd_ms),
                        hrv_weekly_avg_ms = coalesce(excluded.hrv_weekly_avg_ms, hrv_weekly_avg_ms),
                        hrv_status = coalesce(excluded.hrv_status, hrv_status),
                        resting_hr = coalesce(excluded.resting_hr, resting_hr),
                        sleep_s = coalesce(excluded.sleep_s, sleep_s),
                        sleep_score = coalesce(excluded.sleep_score, sleep_score),
                        sleep_deep_s = coalesce(excluded.sleep_deep_s, sleep_deep_s),
                        sleep_light_s = coalesce(excluded.sleep_light_s, sleep_light_s),
                        sleep_rem_s = coalesce(excluded.sleep_rem_s, sleep_rem_s),
                        sleep_awake_s = coalesce(excluded.sleep_awake_s, sleep_awake_s),
                        steps = coalesce(excluded.steps, steps),
                        stress_avg = coalesce(excluded.stress_avg, stress_avg),
                        body_battery_high = coalesce(excluded.body_battery_high, body_battery_high),
                        body_battery_low = coalesce(excluded.body_battery_low, body_battery_low),
                        respiration_avg = coalesce(excluded.respiration_avg, respiration_avg),
                        spo2_avg = coalesce(excluded.spo2_avg, spo2_avg),
                        weight_kg = coalesce(excluded.weight_kg, weight_kg),
                        body_fat_pct = coalesce(excluded.body_fat_pct, body_fat_pct),
                        body_water_pct = coalesce(excluded.body_water_pct, body_water_pct),
                        muscle_mass_kg = coalesce(excluded.muscle_mass_kg, muscle_mass_kg),
                        bone_mass_kg = coalesce(excluded.bone_mass_kg, bone_mass_kg),
                        bmi = coalesce(excluded.bmi, bmi),
                        readiness_score = coalesce(excluded.readiness_score, readiness_score),
                        readiness_level = coalesce(excluded.readiness_level, readiness_level),
                        raw_json = coalesce(excluded.raw_json, raw_json)"
                ))?
                .execute(params![
                    athlete_id,
                    d.day,
                    d.source,
                    d.hrv_rmssd_ms,
                    d.hrv_weekly_avg_ms,
                    d.hrv_status,
                    d.resting_hr,
                    d.sleep_s,
                    d.sleep_score,
                    d.sleep_deep_s,
                    d.sleep_light_s,
                    d.sleep_rem_s,
                    d.sleep_awake_s,
                    d.steps,
                    d.stress_avg,
                    d.body_battery_high,
                    d.body_battery_low,
                    d.respiration_avg,
                    d.spo2_avg,
                    d.weight_kg,
                    d.body_fat_pct,
                    d.body_water_pct,
                    d.muscle_mass_kg,
                    d.bone_mass_kg,
                    d.bmi,
                    d.readiness_score,
                    d.readiness_level,
                    d.raw_json,
                ])?;
            }
            if let Some(t) = through_day {
                ensure_state(&tx, athlete_id)?;
                tx.execute(
                    "UPDATE garmin_sync_state SET wellness_through_day = max(coalesce(wellness_through_day, ?2), ?2)
                     WHERE athlete_id = ?1",
                    params![athlete_id, t],
                )?;
            }
            tx.commit()?;
            Ok(new)
        })
    }

    /// The stored wellness days in `[from, to]` (days since 1970-01-01), whatever their
    /// source, oldest first.
    pub fn wellness_days(&self, athlete_id: i64, from: i32, to: i32) -> Result<Vec<WellnessDay>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {DAY_COLS} FROM wellness WHERE athlete_id = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day"
            ))?;
            let rows = st.query_map(params![athlete_id, from, to], day_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Opens a sync log row (`running`) and returns its id.
    pub fn garmin_log_start(&self, athlete_id: i64, started_utc: i64) -> Result<i64> {
        self.write(|c| {
            c.execute(
                "INSERT INTO garmin_sync_log(athlete_id, started_utc, outcome) VALUES (?1, ?2, 'running')",
                params![athlete_id, started_utc],
            )?;
            Ok(c.last_insert_rowid())
        })
    }

    /// Closes sync log row `id` with what the sync did.
    pub fn garmin_log_finish(&self, athlete_id: i64, row: &GarminSyncLogRow) -> Result<()> {
        self.write(|c| {
            c.execute(
                "UPDATE garmin_sync_log SET finished_utc = ?3, requests = ?4, new_activities = ?5,
                    new_days = ?6, outcome = ?7, error = ?8
                 WHERE id = ?1 AND athlete_id = ?2",
                params![
                    row.id,
                    athlete_id,
                    row.finished_utc,
                    row.requests,
                    row.new_activities,
                    row.new_days,
                    row.outcome,
                    row.error
                ],
            )?;
            Ok(())
        })
    }

    /// The athlete's most recent syncs, newest first.
    pub fn garmin_log(&self, athlete_id: i64, limit: u32) -> Result<Vec<GarminSyncLogRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, started_utc, finished_utc, requests, new_activities, new_days, outcome, error
                 FROM garmin_sync_log WHERE athlete_id = ?1 ORDER BY started_utc DESC, id DESC LIMIT ?2",
            )?;
            let rows = st.query_map(params![athlete_id, limit], |r| {
                Ok(GarminSyncLogRow {
                    id: r.get(0)?,
                    started_utc: r.get(1)?,
                    finished_utc: r.get(2)?,
                    requests: r.get(3)?,
                    new_activities: r.get(4)?,
                    new_days: r.get(5)?,
                    outcome: r.get(6)?,
                    error: r.get(7)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
