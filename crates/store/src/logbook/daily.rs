//! The daily journal and body metrics: one row per athlete and day each, written
//! whole (an upsert replaces the day).

use paceline_types::AthleteId;
use rusqlite::params;

use crate::athletes::exists;
use crate::{Result, Store};

/// One day of the journal. Scales are the app's (documented in `docs/logbook.md`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JournalRow {
    pub day: i32,
    pub sleep_quality: Option<u8>,
    pub soreness: Option<u8>,
    pub mood: Option<u8>,
    pub stress: Option<u8>,
    pub motivation: Option<u8>,
    pub weight_kg: Option<f64>,
    pub notes: String,
}

/// One day of body metrics entered by hand.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BodyRow {
    pub day: i32,
    pub weight_kg: Option<f64>,
    pub body_fat_pct: Option<f64>,
    pub resting_hr: Option<f64>,
    pub waist_cm: Option<f64>,
    pub hip_cm: Option<f64>,
    pub chest_cm: Option<f64>,
    pub arm_cm: Option<f64>,
    pub thigh_cm: Option<f64>,
    pub notes: String,
}

impl Store {
    /// Writes the journal of `j.day` (replacing that day's).
    pub fn put_journal(&self, athlete_id: AthleteId, j: &JournalRow) -> Result<()> {
        self.write(|c| {
            exists(c, athlete_id)?;
            c.execute(
                "INSERT OR REPLACE INTO lb_journal(athlete_id, day, sleep_quality, soreness, mood,
                    stress, motivation, weight_kg, notes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    athlete_id,
                    j.day,
                    j.sleep_quality,
                    j.soreness,
                    j.mood,
                    j.stress,
                    j.motivation,
                    j.weight_kg,
                    j.notes
                ],
            )?;
            Ok(())
        })
    }

    /// Deletes the journal of `day`; false if there was none.
    pub fn delete_journal(&self, athlete_id: AthleteId, day: i32) -> Result<bool> {
        self.write(|c| {
            Ok(c.execute(
                "DELETE FROM lb_journal WHERE athlete_id = ?1 AND day = ?2",
                params![athlete_id, day],
            )? > 0)
        })
    }

    /// The journal, oldest day first.
    pub fn journal(&self, athlete_id: AthleteId) -> Result<Vec<JournalRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT day, sleep_quality, soreness, mood, stress, motivation, weight_kg, notes
                 FROM lb_journal WHERE athlete_id = ?1 ORDER BY day",
            )?;
            let rows = st.query_map([athlete_id], |r| {
                Ok(JournalRow {
                    day: r.get(0)?,
                    sleep_quality: r.get(1)?,
                    soreness: r.get(2)?,
                    mood: r.get(3)?,
                    stress: r.get(4)?,
                    motivation: r.get(5)?,
                    weight_kg: r.get(6)?,
                    notes: r.get(7)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Writes the body metrics of `b.day` (replacing that day's).
    pub fn put_body(&self, athlete_id: AthleteId, b: &BodyRow) -> Result<()> {
        self.write(|c| {
            exists(c, athlete_id)?;
            c.execute(
                "INSERT OR REPLACE INTO lb_body(athlete_id, day, weight_kg, body_fat_pct, resting_hr,
                    waist_cm, hip_cm, chest_cm, arm_cm, thigh_cm, notes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    athlete_id,
                    b.day,
                    b.weight_kg,
                    b.body_fat_pct,
                    b.resting_hr,
                    b.waist_cm,
                    b.hip_cm,
                    b.chest_cm,
                    b.arm_cm,
                    b.thigh_cm,
                    b.notes
                ],
            )?;
            Ok(())
        })
    }

    /// Deletes the body metrics of `day`; false if there were none.
    pub fn delete_body(&self, athlete_id: AthleteId, day: i32) -> Result<bool> {
        self.write(|c| {
            Ok(c.execute(
                "DELETE FROM lb_body WHERE athlete_id = ?1 AND day = ?2",
                params![athlete_id, day],
            )? > 0)
        })
    }

    /// Body metrics, oldest day first.
    pub fn body_metrics(&self, athlete_id: AthleteId) -> Result<Vec<BodyRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT day, weight_kg, body_fat_pct, resting_hr, waist_cm, hip_cm, chest_cm,
                        arm_cm, thigh_cm, notes
                 FROM lb_body WHERE athlete_id = ?1 ORDER BY day",
            )?;
            let rows = st.query_map([athlete_id], |r| {
                Ok(BodyRow {
                    day: r.get(0)?,
                    weight_kg: r.get(1)?,
                    body_fat_pct: r.get(2)?,
                    resting_hr: r.get(3)?,
                    waist_cm: r.get(4)?,
                    hip_cm: r.get(5)?,
                    chest_cm: r.get(6)?,
                    arm_cm: r.get(7)?,
                    thigh_cm: r.get(8)?,
                    notes: r.get(9)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
