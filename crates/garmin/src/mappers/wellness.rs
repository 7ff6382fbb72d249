//! Wellness: sleep, HRV, resting HR, steps, stress, body battery, respiration, SpO2,
//! weight/body composition, training readiness. Per day; each keeps its raw JSON.

use jiff::civil::Date;
use jiff::Timestamp;
use serde_json::Value;

use super::*;

/// One night (`dailySleepData`, the `dailySleepDTO` plus its siblings).
#[derive(Debug, Clone, PartialEq)]
pub struct SleepDay {
    pub date: Date,
    pub sleep_s: Option<u32>,
    pub nap_s: Option<u32>,
    pub deep_s: Option<u32>,
    pub light_s: Option<u32>,
    pub rem_s: Option<u32>,
    pub awake_s: Option<u32>,
    /// `sleepScores.overall.value` (0–100).
    pub score: Option<u32>,
    /// `sleepScores.overall.qualifierKey` (`GOOD`, `FAIR`, …).
    pub score_qualifier: Option<String>,
    pub start_gmt: Option<Timestamp>,
    pub end_gmt: Option<Timestamp>,
    pub avg_spo2: Option<f64>,
    pub avg_respiration: Option<f64>,
    pub avg_sleep_stress: Option<f64>,
    pub resting_hr: Option<f64>,
    pub raw: Value,
}

/// `None` when Garmin has no sleep for the day (no `dailySleepDTO`, or no date in it).
pub fn map_sleep_day(v: &Value) -> Option<SleepDay> {
    let d = at(v, "dailySleepDTO")?;
    let date = date_at(d, "calendarDate")?;
    // an empty night is a DTO of nulls: treat it as absent
    let sleep_s = u32_at(d, "sleepTimeSeconds");
    Some(SleepDay {
        date,
        sleep_s,
        nap_s: u32_at(d, "napTimeSeconds"),
        deep_s: u32_at(d, "deepSleepSeconds"),
        light_s: u32_at(d, "lightSleepSeconds"),
        rem_s: u32_at(d, "remSleepSeconds"),
        awake_s: u32_at(d, "awakeSleepSeconds"),
        score: u32_at(d, "sleepScores/overall/value"),
        score_qualifier: str_at(d, "sleepScores/overall/qualifierKey"),
        start_gmt: gmt_at(d, "sleepStartTimestampGMT"),
        end_gmt: gmt_at(d, "sleepEndTimestampGMT"),
        avg_spo2: f64_at(d, "averageSpO2Value"),
        avg_respiration: f64_at(d, "averageRespirationValue"),
        avg_sleep_stress: f64_at(d, "avgSleepStress"),
        resting_hr: f64_at(v, "restingHeartRate"),
        raw: v.clone(),
    })
    .filter(|s| s.sleep_s.is_some() || s.score.is_some())
}

/// `wellness-service/stats/daily/sleep/score/{s}/{e}`: `[{calendarDate, value}]`.
pub fn map_sleep_scores(v: &Value) -> Vec<(Date, u32)> {
    list(v, None)
        .iter()
        .filter_map(|r| Some((date_at(r, "calendarDate")?, u32_at(r, "value")?)))
        .collect()
}

/// One night's HRV summary.
#[derive(Debug, Clone, PartialEq)]
pub struct HrvDay {
    pub date: Date,
    /// Nightly average rMSSD (ms).
    pub last_night_avg: Option<f64>,
    pub last_night_5min_high: Option<f64>,
    pub weekly_avg: Option<f64>,
    /// `BALANCED`, `UNBALANCED`, `LOW`, `POOR`, …
    pub status: Option<String>,
    pub baseline_low_upper: Option<f64>,
    pub baseline_balanced_low: Option<f64>,
    pub baseline_balanced_upper: Option<f64>,
    pub raw: Value,
}

fn map_hrv_summary(s: &Value, raw: &Value) -> Option<HrvDay> {
    Some(HrvDay {
        date: date_at(s, "calendarDate")?,
        last_night_avg: f64_at(s, "lastNightAvg"),
        last_night_5min_high: f64_at(s, "lastNight5MinHigh"),
        weekly_avg: f64_at(s, "weeklyAvg"),
        status: str_at(s, "status"),
        baseline_low_upper: f64_at(s, "baseline/lowUpper"),
        baseline_balanced_low: f64_at(s, "baseline/balancedLow"),
        baseline_balanced_upper: f64_at(s, "baseline/balancedUpper"),
        raw: raw.clone(),
    })
}

/// `hrv-service/hrv/{date}` (the whole body, readings included, is kept raw).
pub fn map_hrv_day(v: &Value) -> Option<HrvDay> {
    map_hrv_summary(at(v, "hrvSummary")?, v)
}

/// `hrv-service/hrv/daily/{s}/{e}`: `hrvSummaries[]`.
pub fn map_hrv_range(v: &Value) -> Vec<HrvDay> {
    list(v, Some("hrvSummaries"))
        .iter()
        .filter_map(|s| map_hrv_summary(s, s))
        .collect()
}

/// A day's value of a daily metric with nothing else worth a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct DayValue {
    pub date: Date,
    pub value: f64,
    pub raw: Value,
}

/// `userstats-service/wellness/daily/{D}?metricId=60`:
/// `allMetrics.metricsMap.WELLNESS_RESTING_HEART_RATE[] {calendarDate, value}`.
pub fn map_resting_hr(v: &Value) -> Vec<DayValue> {
    list(v, Some("allMetrics/metricsMap/WELLNESS_RESTING_HEART_RATE"))
        .iter()
        .filter_map(|r| {
            Some(DayValue {
                date: date_at(r, "calendarDate")?,
                value: f64_at(r, "value")?,
                raw: r.clone(),
            })
        })
        .collect()
}

/// `usersummary-service/stats/steps/daily/{s}/{e}`.
#[derive(Debug, Clone, PartialEq)]
pub struct StepsDay {
    pub date: Date,
    pub steps: Option<u32>,
    pub goal: Option<u32>,
    pub distance_m: Option<f64>,
    pub raw: Value,
}

pub fn map_steps_range(v: &Value) -> Vec<StepsDay> {
    list(v, None)
        .iter()
        .filter_map(|r| {
            Some(StepsDay {
                date: date_at(r, "calendarDate")?,
                steps: u32_at(r, "totalSteps"),
                goal: u32_at(r, "stepGoal"),
                distance_m: f64_at(r, "totalDistance"),
                raw: r.clone(),
            })
        })
        .collect()
}

/// A day's stress (`stats/stress/daily` rows, or `dailyStress/{date}`).
#[derive(Debug, Clone, PartialEq)]
pub struct StressDay {
    pub date: Date,
    /// Overall (average) stress level, 0–100.
    pub avg: Option<f64>,
    pub max: Option<f64>,
    pub rest_s: Option<u32>,
    pub low_s: Option<u32>,
    pub medium_s: Option<u32>,
    pub high_s: Option<u32>,
    pub raw: Value,
}

pub fn map_stress_range(v: &Value) -> Vec<StressDay> {
    list(v, None)
        .iter()
        .filter_map(|r| {
            Some(StressDay {
                date: date_at(r, "calendarDate")?,
                avg: f64_at(r, "values/overallStressLevel"),
                max: None,
                rest_s: u32_at(r, "values/restStressDuration"),
                low_s: u32_at(r, "values/lowStressDuration"),
                medium_s: u32_at(r, "values/mediumStressDuration"),
                high_s: u32_at(r, "values/highStressDuration"),
                raw: r.clone(),
            })
        })
        .collect()
}

/// `wellness-service/wellness/dailyStress/{date}` (the time series stays in `raw`).
pub fn map_stress_day(v: &Value) -> Option<StressDay> {
    Some(StressDay {
        date: date_at(v, "calendarDate")?,
        avg: f64_at(v, "avgStressLevel").filter(|x| *x >= 0.0),
        max: f64_at(v, "maxStressLevel").filter(|x| *x >= 0.0),
        rest_s: None,
        low_s: None,
        medium_s: None,
        high_s: None,
        raw: v.clone(),
    })
}

/// The daily summary (`usersummary-service/usersummary/daily/{D}`).
#[derive(Debug, Clone, PartialEq)]
pub struct DailySummary {
    pub date: Date,
    pub steps: Option<u32>,
    pub resting_hr: Option<f64>,
    pub avg_stress: Option<f64>,
    pub total_kcal: Option<f64>,
    pub active_kcal: Option<f64>,
    pub body_battery_high: Option<f64>,
    pub body_battery_low: Option<f64>,
    /// Garmin hides the data (an auth problem, says PGC).
    pub privacy_protected: bool,
    pub raw: Value,
}

pub fn map_daily_summary(v: &Value) -> Option<DailySummary> {
    Some(DailySummary {
        date: date_at(v, "calendarDate")?,
        steps: u32_at(v, "totalSteps"),
        resting_hr: f64_at(v, "restingHeartRate"),
        avg_stress: f64_at(v, "averageStressLevel").filter(|x| *x >= 0.0),
        total_kcal: f64_at(v, "totalKilocalories"),
        active_kcal: f64_at(v, "activeKilocalories"),
        body_battery_high: f64_at(v, "bodyBatteryHighestValue"),
        body_battery_low: f64_at(v, "bodyBatteryLowestValue"),
        privacy_protected: at(v, "privacyProtected").and_then(Value::as_bool) == Some(true),
        raw: v.clone(),
    })
}

/// A day of body battery (`bodyBattery/reports/daily` rows).
#[derive(Debug, Clone, PartialEq)]
pub struct BodyBatteryDay {
    pub date: Date,
    pub charged: Option<f64>,
    pub drained: Option<f64>,
    pub highest: Option<f64>,
    pub lowest: Option<f64>,
    /// The last level of the day's samples.
    pub latest: Option<f64>,
    pub raw: Value,
}

pub fn map_body_battery(v: &Value) -> Vec<BodyBatteryDay> {
    list(v, None)
        .iter()
        .filter_map(|r| {
            // the descriptor list names the level's column; the last column otherwise
            let col = list(r, Some("bodyBatteryValueDescriptorDTOList"))
                .iter()
                .find(|d| {
                    str_at(d, "bodyBatteryValueDescriptorKey").as_deref()
                        == Some("bodyBatteryLevel")
                })
                .and_then(|d| i64_at(d, "bodyBatteryValueDescriptorIndex"));
            let levels: Vec<f64> = list(r, Some("bodyBatteryValuesArray"))
                .iter()
                .filter_map(|s| {
                    let row = s.as_array()?;
                    let i = col.map(|c| c as usize).unwrap_or(row.len().checked_sub(1)?);
                    row.get(i)?.as_f64().filter(|x| x.is_finite())
                })
                .collect();
            Some(BodyBatteryDay {
                date: date_at(r, "date")?,
                charged: f64_at(r, "charged"),
                drained: f64_at(r, "drained"),
                highest: levels.iter().copied().reduce(f64::max),
                lowest: levels.iter().copied().reduce(f64::min),
                latest: levels.last().copied(),
                raw: r.clone(),
            })
        })
        .collect()
}

/// `wellness-service/wellness/daily/respiration/{date}` (breaths/min).
#[derive(Debug, Clone, PartialEq)]
pub struct RespirationDay {
    pub date: Date,
    pub avg_waking: Option<f64>,
    pub avg_sleep: Option<f64>,
    pub lowest: Option<f64>,
    pub highest: Option<f64>,
    pub raw: Value,
}

pub fn map_respiration(v: &Value) -> Option<RespirationDay> {
    Some(RespirationDay {
        date: date_at(v, "calendarDate")?,
        avg_waking: f64_at(v, "avgWakingRespirationValue"),
        avg_sleep: f64_at(v, "avgSleepRespirationValue"),
        lowest: f64_at(v, "lowestRespirationValue"),
        highest: f64_at(v, "highestRespirationValue"),
        raw: v.clone(),
    })
}

/// `wellness-service/wellness/daily/spo2/{date}` (%).
#[derive(Debug, Clone, PartialEq)]
pub struct Spo2Day {
    pub date: Date,
    pub average: Option<f64>,
    pub lowest: Option<f64>,
    pub latest: Option<f64>,
    pub avg_sleep: Option<f64>,
    pub last_seven_days_avg: Option<f64>,
    pub raw: Value,
}

pub fn map_spo2(v: &Value) -> Option<Spo2Day> {
    Some(Spo2Day {
        date: date_at(v, "calendarDate")?,
        average: f64_at(v, "averageSpO2"),
        lowest: f64_at(v, "lowestSpO2"),
        latest: f64_at(v, "latestSpO2"),
        avg_sleep: f64_at(v, "avgSleepSpO2"),
        last_seven_days_avg: f64_at(v, "lastSevenDaysAvgSpO2"),
        raw: v.clone(),
    })
}

/// One weigh-in (`weight/range` → `dailyWeightSummaries[].allWeightMetrics[]`).
/// Garmin sends grams; these are kilograms and percent.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightEntry {
    pub date: Date,
    /// Garmin's id of the sample.
    pub sample_pk: Option<i64>,
    pub at_gmt: Option<Timestamp>,
    pub weight_kg: Option<f64>,
    pub bmi: Option<f64>,
    pub body_fat_pct: Option<f64>,
    pub body_water_pct: Option<f64>,
    pub bone_mass_kg: Option<f64>,
    pub muscle_mass_kg: Option<f64>,
    pub source_type: Option<String>,
    pub raw: Value,
}

pub fn map_weight_range(v: &Value) -> Vec<WeightEntry> {
    let kg = |r: &Value, k: &str| f64_at(r, k).map(|g| g / 1000.0);
    list(v, Some("dailyWeightSummaries"))
        .iter()
        .flat_map(|d| list(d, Some("allWeightMetrics")).iter())
        .chain(list(v, Some("dateWeightList")).iter())
        .filter_map(|r| {
            Some(WeightEntry {
                date: date_at(r, "calendarDate")?,
                sample_pk: i64_at(r, "samplePk"),
                at_gmt: gmt_at(r, "timestampGMT").or_else(|| gmt_at(r, "date")),
                weight_kg: kg(r, "weight"),
                bmi: f64_at(r, "bmi"),
                body_fat_pct: f64_at(r, "bodyFat"),
                body_water_pct: f64_at(r, "bodyWater"),
                bone_mass_kg: kg(r, "boneMass"),
                muscle_mass_kg: kg(r, "muscleMass"),
                source_type: str_at(r, "sourceType"),
                raw: r.clone(),
            })
        })
        .collect()
}

/// One training-readiness snapshot (Garmin sends several a day).
#[derive(Debug, Clone, PartialEq)]
pub struct ReadinessSnapshot {
    pub date: Date,
    pub at_gmt: Option<Timestamp>,
    pub score: Option<u32>,
    pub level: Option<String>,
    /// `AFTER_WAKEUP_RESET` for the morning one.
    pub input_context: Option<String>,
    pub sleep_score: Option<u32>,
    pub hrv_weekly_avg: Option<f64>,
    pub recovery_time_min: Option<u32>,
    pub acute_load: Option<f64>,
    pub raw: Value,
}

pub fn map_training_readiness(v: &Value) -> Vec<ReadinessSnapshot> {
    list(v, None)
        .iter()
        .filter_map(|r| {
            Some(ReadinessSnapshot {
                date: date_at(r, "calendarDate")?,
                at_gmt: gmt_at(r, "timestamp"),
                score: u32_at(r, "score"),
                level: str_at(r, "level"),
                input_context: str_at(r, "inputContext"),
                sleep_score: u32_at(r, "sleepScore"),
                hrv_weekly_avg: f64_at(r, "hrvWeeklyAverage"),
                recovery_time_min: u32_at(r, "recoveryTime"),
                acute_load: f64_at(r, "acuteLoad"),
                raw: r.clone(),
            })
        })
        .collect()
}

/// The day's readiness: the morning snapshot (`AFTER_WAKEUP_RESET`), else the latest.
pub fn morning_readiness(snaps: &[ReadinessSnapshot]) -> Option<&ReadinessSnapshot> {
    snaps
        .iter()
        .filter(|s| s.input_context.as_deref() == Some("AFTER_WAKEUP_RESET"))
        .max_by_key(|s| s.at_gmt)
        .or_else(|| snaps.iter().max_by_key(|s| s.at_gmt))
}
