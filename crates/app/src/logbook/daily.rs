//! Manual workouts, the daily journal and body metrics.
//!
//! A manual workout is stored as an activity without a file and scored by the same
//! code as every activity: with no samples and no heart rate that is its session RPE
//! (the TSS-equivalent `hours × IF(RPE)² × 100`, docs/metrics.md); Foster's
//! `minutes × RPE` is kept beside it. So the PMC, the dashboard and plan compliance
//! count it, and a threshold change rescores it like the rest.

use paceline_load::readiness::WellnessDay;
use paceline_model::Streams;
use paceline_store::{BodyRow, JournalRow, ManualRow, NewManual};
use paceline_types::{ActivitySummary, BodyEntry, JournalEntry, ManualInput, ManualWorkout};

use super::LogbookError;
use crate::{metrics, now_utc, AthleteScope, Result};

/// Noon when the athlete gives no time.
const DEFAULT_START_MIN: u32 = 12 * 60;

fn check_scale(field: &'static str, v: Option<u8>) -> Result<(), LogbookError> {
    match v {
        Some(value) if !(1..=5).contains(&value) => Err(LogbookError::Scale { field, value }),
        _ => Ok(()),
    }
}

fn check_range(
    field: &'static str,
    v: Option<f64>,
    (min, max): (f64, f64),
    unit: &'static str,
) -> Result<(), LogbookError> {
    match v {
        Some(value) if !(value.is_finite() && (min..=max).contains(&value)) => {
            Err(LogbookError::Range {
                field,
                value,
                min,
                max,
                unit,
            })
        }
        _ => Ok(()),
    }
}

const WEIGHT: (f64, f64) = (20.0, 400.0);

fn manual_out(r: &ManualRow) -> ManualWorkout {
    let w = &r.workout;
    let local = w.start_utc + i64::from(w.utc_offset_s);
    ManualWorkout {
        id: r.activity_id,
        input: ManualInput {
            day: metrics::local_day(w.start_utc, w.utc_offset_s),
            start_min: Some((local.rem_euclid(86_400) / 60) as u32),
            sport: w.sport,
            duration_s: w.duration_s,
            distance_m: w.distance_m,
            rpe: w.rpe,
            name: w.name.clone(),
            notes: w.notes.clone(),
        },
        session_rpe: w.duration_s / 60.0 * w.rpe,
        load: r.load,
    }
}

impl AthleteScope<'_> {
    /// Logs a manual workout (`id` `None`) or replaces manual workout `id`, scored,
    /// in one transaction; returns it as stored.
    pub fn save_manual_workout(&self, id: Option<i64>, w: &ManualInput) -> Result<ManualWorkout> {
        if !(w.duration_s.is_finite() && w.duration_s > 0.0 && w.duration_s <= 86_400.0) {
            return Err(LogbookError::Duration(w.duration_s).into());
        }
        if let Some(d) = w.distance_m.filter(|d| !(d.is_finite() && *d >= 0.0)) {
            return Err(LogbookError::Distance(d).into());
        }
        if !(w.rpe.is_finite() && (1.0..=10.0).contains(&w.rpe)) {
            return Err(LogbookError::SessionRpe(w.rpe).into());
        }
        let start_min = w.start_min.unwrap_or(DEFAULT_START_MIN);
        if start_min >= 1440 {
            return Err(LogbookError::StartMin(start_min).into());
        }
        // The offset only places the workout in UTC; its local day is `w.day` whatever it is.
        let offset = self.store.latest_utc_offset(self.athlete_id)?.unwrap_or(0);
        let start_utc = i64::from(w.day) * 86_400 + i64::from(start_min) * 60 - i64::from(offset);
        let name = match w.name.trim() {
            "" => w.sport.label().to_string(),
            n => n.to_string(),
        };
        let new = NewManual {
            name: name.clone(),
            sport: w.sport,
            start_utc,
            utc_offset_s: offset,
            duration_s: w.duration_s,
            distance_m: w.distance_m.filter(|d| *d > 0.0),
            rpe: w.rpe,
            notes: w.notes.trim().to_string(),
        };
        let summary = ActivitySummary {
            id: id.unwrap_or(0),
            name,
            sport: w.sport,
            sub_sport: None,
            start_utc,
            utc_offset_s: offset,
            elapsed_s: w.duration_s,
            moving_s: w.duration_s,
            distance_m: new.distance_m,
            ascent_m: None,
            avg_hr: None,
            max_hr: None,
            avg_power: None,
            max_power: None,
            avg_speed_mps: None,
            avg_cadence: None,
            calories: None,
            device: None,
            source_format: paceline_store::MANUAL_FORMAT.into(),
            rpe: Some(w.rpe),
        };
        let m = metrics::compute(&summary, &Streams::default(), &[], &self.scoring()?);
        let id = self
            .store
            .put_manual(self.athlete_id, id, &new, &m, now_utc())?;
        self.manual_workouts()?
            .into_iter()
            .find(|x| x.id == id)
            .ok_or_else(|| paceline_store::Error::NotFound(id).into())
    }

    /// Deletes a manual workout (imported activities are not deleted here).
    pub fn delete_manual_workout(&self, id: i64) -> Result<()> {
        if self.store.delete_manual(self.athlete_id, id)? {
            Ok(())
        } else {
            Err(crate::AppError::NotFound(format!(
                "no manual workout with id {id}"
            )))
        }
    }

    /// Manual workouts, newest first.
    pub fn manual_workouts(&self) -> Result<Vec<ManualWorkout>> {
        Ok(self
            .store
            .manual_workouts(self.athlete_id)?
            .iter()
            .map(manual_out)
            .collect())
    }

    /// Writes a day of the journal (replacing that day's).
    pub fn save_journal(&self, j: &JournalEntry) -> Result<()> {
        check_scale("sleep quality", j.sleep_quality)?;
        check_scale("soreness", j.soreness)?;
        check_scale("mood", j.mood)?;
        check_scale("stress", j.stress)?;
        check_scale("motivation", j.motivation)?;
        check_range("weight", j.weight_kg, WEIGHT, "kg")?;
        let empty = [j.sleep_quality, j.soreness, j.mood, j.stress, j.motivation]
            .iter()
            .all(Option::is_none)
            && j.weight_kg.is_none()
            && j.notes.trim().is_empty();
        if empty {
            return Err(LogbookError::Empty.into());
        }
        self.store.put_journal(
            self.athlete_id,
            &JournalRow {
                day: j.day,
                sleep_quality: j.sleep_quality,
                soreness: j.soreness,
                mood: j.mood,
                stress: j.stress,
                motivation: j.motivation,
                weight_kg: j.weight_kg,
                notes: j.notes.trim().to_string(),
            },
        )?;
        Ok(())
    }

    pub fn delete_journal(&self, day: i32) -> Result<()> {
        self.store.delete_journal(self.athlete_id, day)?;
        Ok(())
    }

    /// The journal, newest day first.
    pub fn journal(&self) -> Result<Vec<JournalEntry>> {
        let mut v: Vec<JournalEntry> = self
            .store
            .journal(self.athlete_id)?
            .into_iter()
            .map(|j| JournalEntry {
                day: j.day,
                sleep_quality: j.sleep_quality,
                soreness: j.soreness,
                mood: j.mood,
                stress: j.stress,
                motivation: j.motivation,
                weight_kg: j.weight_kg,
                notes: j.notes,
            })
            .collect();
        v.reverse();
        Ok(v)
    }

    /// Writes a day of body metrics (replacing that day's).
    pub fn save_body_metrics(&self, b: &BodyEntry) -> Result<()> {
        check_range("weight", b.weight_kg, WEIGHT, "kg")?;
        check_range("body fat", b.body_fat_pct, (2.0, 70.0), "%")?;
        check_range("resting HR", b.resting_hr, (20.0, 150.0), "bpm")?;
        for (field, v) in [
            ("waist", b.waist_cm),
            ("hips", b.hip_cm),
            ("chest", b.chest_cm),
            ("arm", b.arm_cm),
            ("thigh", b.thigh_cm),
        ] {
            check_range(field, v, (5.0, 300.0), "cm")?;
        }
        let values = [
            b.weight_kg,
            b.body_fat_pct,
            b.resting_hr,
            b.waist_cm,
            b.hip_cm,
            b.chest_cm,
            b.arm_cm,
            b.thigh_cm,
        ];
        if values.iter().all(Option::is_none) && b.notes.trim().is_empty() {
            return Err(LogbookError::Empty.into());
        }
        self.store.put_body(
            self.athlete_id,
            &BodyRow {
                day: b.day,
                weight_kg: b.weight_kg,
                body_fat_pct: b.body_fat_pct,
                resting_hr: b.resting_hr,
                waist_cm: b.waist_cm,
                hip_cm: b.hip_cm,
                chest_cm: b.chest_cm,
                arm_cm: b.arm_cm,
                thigh_cm: b.thigh_cm,
                notes: b.notes.trim().to_string(),
            },
        )?;
        Ok(())
    }

    pub fn delete_body_metrics(&self, day: i32) -> Result<()> {
        self.store.delete_body(self.athlete_id, day)?;
        Ok(())
    }

    /// Body metrics, newest day first.
    pub fn body_metrics(&self) -> Result<Vec<BodyEntry>> {
        let mut v: Vec<BodyEntry> = self
            .store
            .body_metrics(self.athlete_id)?
            .into_iter()
            .map(|b| BodyEntry {
                day: b.day,
                weight_kg: b.weight_kg,
                body_fat_pct: b.body_fat_pct,
                resting_hr: b.resting_hr,
                waist_cm: b.waist_cm,
                hip_cm: b.hip_cm,
                chest_cm: b.chest_cm,
                arm_cm: b.arm_cm,
                thigh_cm: b.thigh_cm,
                notes: b.notes,
            })
            .collect();
        v.reverse();
        Ok(v)
    }

    /// Every weight reading (day, kg): body metrics and journal.
    pub(crate) fn weight_readings(&self) -> Result<Vec<(i32, f64)>> {
        let body = self.store.body_metrics(self.athlete_id)?;
        let journal = self.store.journal(self.athlete_id)?;
        Ok(body
            .iter()
            .filter_map(|b| b.weight_kg.map(|w| (b.day, w)))
            .chain(
                journal
                    .iter()
                    .filter_map(|j| j.weight_kg.map(|w| (j.day, w))),
            )
            .collect())
    }

    /// Adds what the logbook knows to the readiness inputs, where a device gave
    /// nothing that day (docs/logbook.md): journal sleep quality as a sleep score
    /// (1 → 0 … 5 → 100) and a resting HR entered in body metrics.
    pub(crate) fn merge_logbook_wellness(&self, days: &mut Vec<WellnessDay>) -> Result<()> {
        let journal = self.store.journal(self.athlete_id)?;
        let body = self.store.body_metrics(self.athlete_id)?;
        for j in &journal {
            if let Some(q) = j.sleep_quality {
                slot(days, j.day)
                    .sleep_score
                    .get_or_insert(sleep_score_of_quality(q));
            }
        }
        for b in &body {
            if let Some(hr) = b.resting_hr {
                slot(days, b.day).resting_hr.get_or_insert(hr as f32);
            }
        }
        days.sort_by_key(|w| w.day);
        Ok(())
    }
}

fn slot(days: &mut Vec<WellnessDay>, d: i32) -> &mut WellnessDay {
    let i = match days.iter().position(|w| w.day == d) {
        Some(i) => i,
        None => {
            days.push(WellnessDay {
                day: d,
                ..Default::default()
            });
            days.len() - 1
        }
    };
    &mut days[i]
}

/// Journal sleep quality 1–5 as a 0–100 sleep score: (q − 1) × 25.
pub(crate) fn sleep_score_of_quality(q: u8) -> f32 {
    f32::from(q.clamp(1, 5) - 1) * 25.0
}
