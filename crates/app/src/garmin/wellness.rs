//! Wellness per day: range endpoints once per range of at most 28 days (HRV, resting
//! HR, steps, stress, body battery, weight, sleep scores), the per-day ones (sleep
//! stages, respiration, SpO2, training readiness) for each day; each range is written
//! with the wellness cursor in one transaction. Every value is stored under the date
//! Garmin gives it; Garmin's answers are kept as raw JSON per day.

use std::collections::BTreeMap;

use jiff::civil::Date;
use paceline_garmin::mappers::morning_readiness;
use paceline_garmin::{date_chunks, GarminClient};
use paceline_store::WellnessDay;
use paceline_types::date::{civil_from_days, days_from_civil};
use paceline_types::{AthleteId, GarminSyncPhase};
use serde_json::{json, Map, Value};

use super::garmin_err;
use super::sync::{GarminSyncOptions, Run};
use crate::{App, AppError, Result};

/// Wellness fetched on a first sync without a start day.
const FIRST_WINDOW_DAYS: i32 = 28;
/// Days per range request (Garmin's limit).
const RANGE_DAYS: u32 = 28;

pub(super) fn to_date(day: i32) -> Result<Date> {
    let (y, m, d) = civil_from_days(day.into());
    Date::new(y as i16, m as i8, d as i8)
        .map_err(|_| AppError::InvalidInput(format!("day {day} is out of range")))
}

fn to_day(d: Date) -> i32 {
    days_from_civil(d.year().into(), d.month() as u32, d.day() as u32) as i32
}

/// A day being assembled: the values and the raw answers.
#[derive(Default)]
struct Acc {
    day: WellnessDay,
    raw: Map<String, Value>,
}

impl App {
    pub(super) async fn sync_wellness(
        &self,
        athlete: AthleteId,
        opts: GarminSyncOptions,
        run: &mut Run<'_>,
    ) -> Result<()> {
        let today = self.athlete(athlete)?.today()?;
        let state = self.store.garmin_state(athlete)?;
        // the last stored day again: it may have been stored before it ended
        let start = state
            .wellness_through_day
            .or(opts.since_day)
            .unwrap_or(today - (FIRST_WINDOW_DAYS - 1))
            .min(today);
        let total = (today - start + 1) as usize;
        let mut done = 0;
        run.tell(GarminSyncPhase::Wellness, 0, total);
        for (s, e) in date_chunks(to_date(start)?, to_date(today)?, RANGE_DAYS) {
            if run.stop() {
                return Ok(());
            }
            let days = fetch_range(&run.client, s, e).await?;
            let new = self
                .store
                .put_wellness_days(athlete, &days, Some(to_day(e)))?;
            run.report.new_days += new as u32;
            done += (to_day(e) - to_day(s) + 1) as usize;
            run.tell(GarminSyncPhase::Wellness, done, total);
        }
        Ok(())
    }
}

/// Every series for the days `s..=e`, one [`WellnessDay`] per date Garmin gave.
async fn fetch_range(c: &GarminClient, s: Date, e: Date) -> Result<Vec<WellnessDay>> {
    let mut days: BTreeMap<Date, Acc> = BTreeMap::new();
    let g = garmin_err;
    for h in c.hrv_range(s, e).await.map_err(g)? {
        let a = acc(&mut days, h.date);
        a.day.hrv_rmssd_ms = h.last_night_avg;
        a.day.hrv_weekly_avg_ms = h.weekly_avg;
        a.day.hrv_status = h.status;
        a.raw.insert("hrv".into(), h.raw);
    }
    for r in c.resting_hr_range(s, e).await.map_err(g)? {
        let a = acc(&mut days, r.date);
        a.day.resting_hr = Some(r.value);
        a.raw.insert("resting_hr".into(), r.raw);
    }
    for st in c.steps_range(s, e).await.map_err(g)? {
        let a = acc(&mut days, st.date);
        a.day.steps = st.steps.map(i64::from);
        a.raw.insert("steps".into(), st.raw);
    }
    for st in c.stress_range(s, e).await.map_err(g)? {
        let a = acc(&mut days, st.date);
        a.day.stress_avg = st.avg;
        a.raw.insert("stress".into(), st.raw);
    }
    for b in c.body_battery_range(s, e).await.map_err(g)? {
        let a = acc(&mut days, b.date);
        a.day.body_battery_high = b.highest;
        a.day.body_battery_low = b.lowest;
        a.raw.insert("body_battery".into(), b.raw);
    }
    // several weigh-ins a day: the latest one counts, all are kept raw
    let mut weights = c.weight_range(s, e).await.map_err(g)?;
    weights.sort_by_key(|w| w.at_gmt);
    for w in weights {
        let a = acc(&mut days, w.date);
        a.day.weight_kg = w.weight_kg.or(a.day.weight_kg);
        a.day.body_fat_pct = w.body_fat_pct.or(a.day.body_fat_pct);
        a.day.body_water_pct = w.body_water_pct.or(a.day.body_water_pct);
        a.day.muscle_mass_kg = w.muscle_mass_kg.or(a.day.muscle_mass_kg);
        a.day.bone_mass_kg = w.bone_mass_kg.or(a.day.bone_mass_kg);
        a.day.bmi = w.bmi.or(a.day.bmi);
        push_raw(&mut a.raw, "weight", w.raw);
    }
    for (d, score) in c.sleep_scores(s, e).await.map_err(g)? {
        acc(&mut days, d).day.sleep_score = Some(score.into());
    }
    for (d, _) in date_chunks(s, e, 1) {
        if let Some(sl) = c.sleep_day(d).await.map_err(g)? {
            let a = acc(&mut days, sl.date);
            a.day.sleep_s = sl.sleep_s.map(f64::from);
            a.day.sleep_score = sl.score.map(f64::from).or(a.day.sleep_score);
            a.day.sleep_deep_s = sl.deep_s.map(f64::from);
            a.day.sleep_light_s = sl.light_s.map(f64::from);
            a.day.sleep_rem_s = sl.rem_s.map(f64::from);
            a.day.sleep_awake_s = sl.awake_s.map(f64::from);
            a.raw.insert("sleep".into(), sleep_summary(&sl.raw));
        }
        if let Some(r) = c.respiration_day(d).await.map_err(g)? {
            let a = acc(&mut days, r.date);
            a.day.respiration_avg = r.avg_waking.or(r.avg_sleep);
            a.raw.insert("respiration".into(), without_series(&r.raw));
        }
        if let Some(o) = c.spo2_day(d).await.map_err(g)? {
            let a = acc(&mut days, o.date);
            a.day.spo2_avg = o.average.or(o.avg_sleep);
            a.raw.insert("spo2".into(), without_series(&o.raw));
        }
        let snaps = c.training_readiness(d).await.map_err(g)?;
        if let Some(m) = morning_readiness(&snaps) {
            let a = acc(&mut days, m.date);
            a.day.readiness_score = m.score.map(f64::from);
            a.day.readiness_level = m.level.clone();
            a.raw.insert("readiness".into(), m.raw.clone());
        }
    }
    Ok(days
        .into_iter()
        .map(|(d, mut a)| {
            a.day.day = to_day(d);
            a.day.source = Some("garmin".into());
            a.day.raw_json = Some(Value::Object(a.raw).to_string());
            a.day
        })
        .collect())
}

fn acc(days: &mut BTreeMap<Date, Acc>, d: Date) -> &mut Acc {
    days.entry(d).or_default()
}

fn push_raw(raw: &mut Map<String, Value>, key: &str, v: Value) {
    match raw.entry(key).or_insert_with(|| json!([])) {
        Value::Array(a) => a.push(v),
        other => *other = json!([v]),
    }
}

/// A day's answer without its sample arrays (minute-by-minute series are large and
/// not daily values); every scalar field stays.
fn without_series(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, x)| !x.is_array())
                .map(|(k, x)| (k.clone(), x.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The sleep answer's summary object (`dailySleepDTO`) and its scalar siblings.
fn sleep_summary(v: &Value) -> Value {
    without_series(v)
}
