use jiff::civil::Date;
use serde_json::Value;

use super::*;

/// `userprofile-service/socialProfile`.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Needed by the per-user wellness paths.
    pub display_name: Option<String>,
    pub profile_id: Option<i64>,
    pub full_name: Option<String>,
    pub user_name: Option<String>,
    pub location: Option<String>,
    pub raw: Value,
}

pub fn map_profile(v: &Value) -> Profile {
    Profile {
        display_name: str_at(v, "displayName"),
        profile_id: i64_at(v, "profileId"),
        full_name: str_at(v, "fullName"),
        user_name: str_at(v, "userName"),
        location: str_at(v, "location"),
        raw: v.clone(),
    }
}

/// `userprofile-service/userprofile/user-settings`.
#[derive(Debug, Clone, PartialEq)]
pub struct UserSettings {
    /// `metric` or `statute_us`.
    pub measurement_system: Option<String>,
    pub gender: Option<String>,
    pub weight_kg: Option<f64>,
    pub height_cm: Option<f64>,
    pub birth_date: Option<Date>,
    pub vo2max_running: Option<f64>,
    pub vo2max_cycling: Option<f64>,
    pub lactate_threshold_hr: Option<f64>,
    pub raw: Value,
}

pub fn map_user_settings(v: &Value) -> UserSettings {
    UserSettings {
        measurement_system: str_at(v, "userData/measurementSystem"),
        gender: str_at(v, "userData/gender"),
        weight_kg: f64_at(v, "userData/weight").map(|g| g / 1000.0),
        height_cm: f64_at(v, "userData/height"),
        birth_date: date_at(v, "userData/birthDate"),
        vo2max_running: f64_at(v, "userData/vo2MaxRunning"),
        vo2max_cycling: f64_at(v, "userData/vo2MaxCycling"),
        lactate_threshold_hr: f64_at(v, "userData/lactateThresholdHeartRate"),
        raw: v.clone(),
    }
}
