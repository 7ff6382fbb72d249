//! Garmin Connect sync as the UI and the CLI see it: the connection's status, a sync's
//! progress and report, the sync log, the schedule, and the stored wellness days.
//! No token ever appears in these types.

use serde::{Deserialize, Serialize};

/// Whether the athlete is connected to Garmin Connect, and how the sync stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GarminStatus {
    pub connected: bool,
    /// The Garmin display name, when connected and known.
    pub display_name: Option<String>,
    /// When the sign-in (refresh token) runs out, if Garmin said (Unix seconds).
    pub refresh_expires_utc: Option<i64>,
    /// Garmin activities synced so far.
    pub synced_activities: u32,
    /// The first full pass over the history has finished.
    pub backfill_done: bool,
    /// Where the backfill reaches back to (`YYYY-MM-DD`); `None` = the whole history.
    pub backfill_since: Option<String>,
    /// Wellness is stored up to this day (`YYYY-MM-DD`).
    pub wellness_through: Option<String>,
    /// Signing in again is refused until then (Unix seconds), after Garmin's login 429.
    pub login_cooldown_until_utc: Option<i64>,
    /// The scheduled sync (`every 6h`, `daily 07:00 Europe/Berlin`), if any.
    pub schedule: Option<String>,
    /// The last sync, if any.
    pub last_sync: Option<GarminSyncLogEntry>,
}

/// The end of a sign-in on Garmin's own page (the `garmin_signed_in` event).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GarminSignedIn {
    pub athlete_id: crate::AthleteId,
    /// The connection after the exchange; `None` when it failed.
    pub status: Option<GarminStatus>,
    /// Why it failed (never a ticket or a token).
    pub error: Option<String>,
}

/// What a sync fetches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GarminSyncScope {
    #[default]
    All,
    ActivitiesOnly,
    WellnessOnly,
}

/// The phase a running sync is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GarminSyncPhase {
    Listing,
    Activities,
    Wellness,
}

/// Progress of a running sync (a job payload).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GarminSyncProgress {
    pub phase: GarminSyncPhase,
    /// Activities (or wellness days) done in this phase, and how many there are.
    pub done: u32,
    pub total: u32,
    pub new_activities: u32,
    pub new_days: u32,
    pub requests: u64,
    pub elapsed_s: f64,
}

impl GarminSyncProgress {
    /// 0…1 within the current phase.
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            (f64::from(self.done) / f64::from(self.total)).clamp(0.0, 1.0)
        }
    }
}

/// What a finished (or stopped) sync did.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GarminSyncReport {
    /// Activities new to the vault.
    pub new_activities: u32,
    /// Garmin activities the vault already held (dropped as files before): linked.
    pub already_present: u32,
    /// Listed but gone from Garmin (404) or not an activity file.
    pub skipped: u32,
    /// Days that got Garmin wellness for the first time.
    pub new_days: u32,
    /// HTTP requests made (retries and token refreshes included).
    pub requests: u64,
    pub elapsed_s: f64,
    /// The vault ids of the new activities.
    pub activity_ids: Vec<i64>,
    /// Stopped by the user before the end (resumes from its cursor next time).
    pub cancelled: bool,
}

/// One row of the sync log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GarminSyncLogEntry {
    pub started_utc: i64,
    pub finished_utc: Option<i64>,
    pub requests: u64,
    pub new_activities: u32,
    pub new_days: u32,
    /// `running`, `done`, `cancelled`, `failed`.
    pub outcome: String,
    pub error: Option<String>,
}

/// One stored wellness day, whatever its source (Garmin, the demo, a device).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WellnessDayView {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub source: Option<String>,
    pub hrv_rmssd_ms: Option<f64>,
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
    pub readiness_score: Option<f64>,
    pub readiness_level: Option<String>,
}
