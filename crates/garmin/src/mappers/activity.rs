use jiff::civil::DateTime;
use jiff::Timestamp;
use serde_json::Value;

use super::*;

/// One row of the activity list, or the summary of `activity-service/activity/{id}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivitySummary {
    /// Garmin's activity id.
    pub id: i64,
    pub name: Option<String>,
    /// `activityType.typeKey` (`running`, `trail_running`, `cycling`, …).
    pub type_key: Option<String>,
    pub start_gmt: Option<Timestamp>,
    pub start_local: Option<DateTime>,
    pub duration_s: Option<f64>,
    pub elapsed_s: Option<f64>,
    pub moving_s: Option<f64>,
    pub distance_m: Option<f64>,
    pub elevation_gain_m: Option<f64>,
    pub avg_hr: Option<f64>,
    pub max_hr: Option<f64>,
    pub avg_power: Option<f64>,
    pub normalized_power: Option<f64>,
    pub calories: Option<f64>,
    pub device_id: Option<i64>,
    pub raw: Value,
}

/// A list row; `None` without a usable `activityId`.
pub fn map_activity_summary(v: &Value) -> Option<ActivitySummary> {
    Some(ActivitySummary {
        id: i64_at(v, "activityId")?,
        name: str_at(v, "activityName"),
        type_key: str_at(v, "activityType/typeKey"),
        start_gmt: gmt_at(v, "startTimeGMT").or_else(|| gmt_at(v, "beginTimestamp")),
        start_local: local_at(v, "startTimeLocal"),
        duration_s: f64_at(v, "duration"),
        elapsed_s: f64_at(v, "elapsedDuration"),
        moving_s: f64_at(v, "movingDuration"),
        distance_m: f64_at(v, "distance"),
        elevation_gain_m: f64_at(v, "elevationGain"),
        avg_hr: f64_at(v, "averageHR"),
        max_hr: f64_at(v, "maxHR"),
        avg_power: f64_at(v, "avgPower"),
        normalized_power: f64_at(v, "normPower"),
        calories: f64_at(v, "calories"),
        device_id: i64_at(v, "deviceId"),
        raw: v.clone(),
    })
}

/// The activity list (a bare array); rows without an id are skipped.
pub fn map_activity_list(v: &Value) -> Vec<ActivitySummary> {
    list(v, None)
        .iter()
        .filter_map(map_activity_summary)
        .collect()
}

/// `activity-service/activity/{id}`: the same summary, read from `summaryDTO` and the
/// `…DTO` objects; `None` without an id.
pub fn map_activity_detail(v: &Value) -> Option<ActivitySummary> {
    let s = |k: &str| format!("summaryDTO/{k}");
    Some(ActivitySummary {
        id: i64_at(v, "activityId")?,
        name: str_at(v, "activityName"),
        type_key: str_at(v, "activityTypeDTO/typeKey"),
        start_gmt: gmt_at(v, &s("startTimeGMT")),
        start_local: local_at(v, &s("startTimeLocal")),
        duration_s: f64_at(v, &s("duration")),
        elapsed_s: f64_at(v, &s("elapsedDuration")),
        moving_s: f64_at(v, &s("movingDuration")),
        distance_m: f64_at(v, &s("distance")),
        elevation_gain_m: f64_at(v, &s("elevationGain")),
        avg_hr: f64_at(v, &s("averageHR")),
        max_hr: f64_at(v, &s("maxHR")),
        avg_power: f64_at(v, &s("averagePower")),
        normalized_power: f64_at(v, &s("normalizedPower")),
        calories: f64_at(v, &s("calories")),
        device_id: i64_at(v, "metadataDTO/deviceMetaDataDTO/deviceId"),
        raw: v.clone(),
    })
}
