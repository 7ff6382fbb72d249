//! Garmin Connect for an athlete: connect (a service ticket exchanged once, a
//! python-garminconnect token file, or email/password/MFA), status, sign-out, the
//! sync job (`sync.rs`, `wellness.rs`), its log, its schedule, and pushing planned
//! workouts (`push.rs`). Tokens live in the secrets module only (`garmin/<athlete>/tokens`)
//! and never reach a log line, an error or a DTO.

mod client;
mod desktop;
mod login;
mod push;
mod sync;
mod wellness;

use std::sync::Arc;

use paceline_garmin::{ServiceTicket, TokenSet};
use paceline_store::{GarminSyncLogRow, WellnessDay};
use paceline_types::date::format_ymd;
use paceline_types::{AthleteId, GarminStatus, GarminSyncLogEntry, WellnessDayView};

pub(crate) use client::{garmin_err, GarminEndpoint};
pub use login::{GarminLoginStep, GarminMfa};
pub use push::GarminPushed;
pub use sync::GarminSyncOptions;

use crate::{App, AppError, Result};

/// The athlete's Garmin display name (not a secret), kept as a setting.
fn display_name_key(athlete: AthleteId) -> String {
    format!("athlete/{athlete}/garmin.display_name")
}

/// The athlete's sync schedule (`every 6h`, `daily 07:00 Europe/Berlin`).
fn schedule_key(athlete: AthleteId) -> String {
    format!("athlete/{athlete}/garmin.schedule")
}

/// The scheduler entry of an athlete's sync.
fn schedule_name(athlete: AthleteId) -> String {
    format!("garmin-sync/{athlete}")
}

impl App {
    /// Connects the athlete with a service ticket (`ST-…` or the URL holding it): the
    /// ticket is exchanged once, the tokens checked with the profile call, then saved.
    pub fn garmin_connect_ticket(
        self: &Arc<Self>,
        athlete: AthleteId,
        ticket_or_url: &str,
    ) -> Result<GarminStatus> {
        self.athlete(athlete)?;
        let ticket = ServiceTicket::parse(ticket_or_url).map_err(garmin_err)?;
        let (cfg, _) = self.garmin_setup()?;
        let app = self.clone();
        self.block_on(async move {
            let http: Arc<dyn paceline_garmin::HttpBackend> = Arc::new(
                paceline_garmin::ReqwestBackend::new()
                    .map_err(|e| AppError::Internal(format!("HTTP client: {e:?}")))?,
            );
            let di = paceline_garmin::DiAuth::new(Arc::new(cfg), http);
            let tokens = di
                .exchange(&ticket, jiff::Timestamp::now())
                .await
                .map_err(garmin_err)?;
            app.verify_and_save(athlete, tokens).await
        })
    }

    /// Connects the athlete with python-garminconnect's `garmin_tokens.json` (its
    /// contents), checked with the profile call.
    pub fn garmin_import_tokens(
        self: &Arc<Self>,
        athlete: AthleteId,
        json: &str,
    ) -> Result<GarminStatus> {
        self.athlete(athlete)?;
        let tokens = TokenSet::from_python_garminconnect(json).map_err(garmin_err)?;
        let app = self.clone();
        self.block_on(async move { app.verify_and_save(athlete, tokens).await })
    }

    /// Checks fresh tokens with the profile call (refreshing them if needed), saves them
    /// and the display name.
    async fn verify_and_save(
        self: &Arc<Self>,
        athlete: AthleteId,
        tokens: TokenSet,
    ) -> Result<GarminStatus> {
        let client = self.garmin_client_with(athlete, tokens)?;
        let profile = client.profile().await.map_err(garmin_err)?;
        // after the call: a refresh it needed is in these
        self.save_garmin_tokens(athlete, &client.tokens().await)?;
        if let Some(d) = &profile.display_name {
            self.store.set_setting(&display_name_key(athlete), d)?;
        }
        self.store
            .set_garmin_login_cooldown(athlete, None, None)
            .map_err(AppError::from)?;
        tracing::info!(athlete, "connected to Garmin Connect");
        self.garmin_status(athlete)
    }

    /// Whether the athlete is connected, and how the sync stands.
    pub fn garmin_status(&self, athlete: AthleteId) -> Result<GarminStatus> {
        self.athlete(athlete)?;
        let tokens = self.garmin_tokens(athlete).unwrap_or_else(|e| {
            tracing::warn!(athlete, error = %e, "stored Garmin tokens unreadable");
            None
        });
        let state = self.store.garmin_state(athlete)?;
        let now = self.now();
        Ok(GarminStatus {
            connected: tokens.is_some(),
            display_name: self.store.setting(&display_name_key(athlete))?,
            refresh_expires_utc: tokens
                .as_ref()
                .and_then(|t| t.refresh_expires_at)
                .map(|t| t.as_second()),
            synced_activities: self.store.garmin_activity_ids(athlete)?.len() as u32,
            backfill_done: state.backfill_done,
            backfill_since: state.backfill_since_day.map(|d| format_ymd(d.into())),
            wellness_through: state.wellness_through_day.map(|d| format_ymd(d.into())),
            login_cooldown_until_utc: state.login_cooldown_until.filter(|u| *u > now),
            schedule: self.store.setting(&schedule_key(athlete))?,
            last_sync: self.garmin_log(athlete, 1)?.into_iter().next(),
        })
    }

    /// Signs the athlete out: the tokens are deleted (the synced data stays). False
    /// when there were none.
    pub fn garmin_logout(&self, athlete: AthleteId) -> Result<bool> {
        self.athlete(athlete)?;
        self.unschedule(&schedule_name(athlete));
        self.store.set_setting(&schedule_key(athlete), "")?;
        let had = self.delete_secret(&self.garmin_secret(athlete))?;
        tracing::info!(athlete, had, "signed out of Garmin Connect");
        Ok(had)
    }

    /// The Garmin id of the athlete's activity `id`, if it came from (or was seen in)
    /// Garmin Connect.
    pub fn garmin_activity_id(&self, athlete: AthleteId, id: i64) -> Result<Option<i64>> {
        self.athlete(athlete)?;
        Ok(self.store.garmin_id_of(athlete, id)?)
    }

    /// The athlete's most recent syncs, newest first.
    pub fn garmin_log(&self, athlete: AthleteId, limit: u32) -> Result<Vec<GarminSyncLogEntry>> {
        Ok(self
            .store
            .garmin_log(athlete, limit)?
            .into_iter()
            .map(log_entry)
            .collect())
    }

    /// Syncs the athlete on `schedule` from now on (`None` stops it); the choice is
    /// saved and brought back by [`App::restore_garmin_schedules`]. Returns when the
    /// next sync is due (Unix seconds), `None` while syncs are paused.
    pub fn set_garmin_schedule(
        self: &Arc<Self>,
        athlete: AthleteId,
        schedule: Option<&str>,
    ) -> Result<Option<i64>> {
        self.athlete(athlete)?;
        let Some(text) = schedule.map(str::trim).filter(|s| !s.is_empty()) else {
            self.unschedule(&schedule_name(athlete));
            self.store.set_setting(&schedule_key(athlete), "")?;
            return Ok(None);
        };
        let s = paceline_jobs::Schedule::parse(text)
            .map_err(|e| AppError::InvalidInput(e.to_string()))?;
        if self.garmin_paused()? {
            // kept for when the syncs resume (the tray's "Resume sync")
            self.store
                .set_setting(&schedule_key(athlete), &s.to_string())?;
            return Ok(None);
        }
        let first = self.schedule(&schedule_name(athlete), s.clone(), move |app| {
            app.start_garmin_sync(athlete, GarminSyncOptions::default())
        })?;
        self.store
            .set_setting(&schedule_key(athlete), &s.to_string())?;
        Ok(Some(first))
    }

    /// Registers every athlete's saved sync schedule (the desktop shell at start),
    /// unless the syncs are paused.
    pub fn restore_garmin_schedules(self: &Arc<Self>) -> Result<u32> {
        let mut n = 0;
        if self.garmin_paused()? {
            return Ok(0);
        }
        for a in self.store.athletes()? {
            if let Some(s) = self.store.setting(&schedule_key(a.id))? {
                if !s.is_empty() && self.garmin_tokens(a.id)?.is_some() {
                    self.set_garmin_schedule(a.id, Some(&s))?;
                    n += 1;
                }
            }
        }
        Ok(n)
    }

    /// The stored wellness days in `[from, to]` (days since 1970-01-01), whatever
    /// their source.
    pub fn wellness_days(
        &self,
        athlete: AthleteId,
        from: i32,
        to: i32,
    ) -> Result<Vec<WellnessDayView>> {
        self.athlete(athlete)?;
        Ok(self
            .store
            .wellness_days(athlete, from, to)?
            .into_iter()
            .map(day_view)
            .collect())
    }

    /// Runs a future on the jobs' async runtime and waits for it. From a thread of
    /// another runtime (the shell's async commands) it waits on a scoped thread of its
    /// own, since a runtime thread may not block on a runtime.
    pub(crate) fn block_on<T: Send>(&self, f: impl std::future::Future<Output = T> + Send) -> T {
        let rt = self.jobs.runtime();
        if tokio::runtime::Handle::try_current().is_err() {
            return rt.block_on(f);
        }
        std::thread::scope(|s| {
            s.spawn(|| rt.block_on(f))
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p))
        })
    }
}

fn log_entry(r: GarminSyncLogRow) -> GarminSyncLogEntry {
    GarminSyncLogEntry {
        started_utc: r.started_utc,
        finished_utc: r.finished_utc,
        requests: r.requests.max(0) as u64,
        new_activities: r.new_activities.max(0) as u32,
        new_days: r.new_days.max(0) as u32,
        outcome: r.outcome,
        error: r.error,
    }
}

fn day_view(d: WellnessDay) -> WellnessDayView {
    WellnessDayView {
        date: format_ymd(d.day.into()),
        source: d.source,
        hrv_rmssd_ms: d.hrv_rmssd_ms,
        hrv_status: d.hrv_status,
        resting_hr: d.resting_hr,
        sleep_s: d.sleep_s,
        sleep_score: d.sleep_score,
        sleep_deep_s: d.sleep_deep_s,
        sleep_light_s: d.sleep_light_s,
        sleep_rem_s: d.sleep_rem_s,
        sleep_awake_s: d.sleep_awake_s,
        steps: d.steps,
        stress_avg: d.stress_avg,
        body_battery_high: d.body_battery_high,
        body_battery_low: d.body_battery_low,
        respiration_avg: d.respiration_avg,
        spo2_avg: d.spo2_avg,
        weight_kg: d.weight_kg,
        body_fat_pct: d.body_fat_pct,
        readiness_score: d.readiness_score,
        readiness_level: d.readiness_level,
    }
}
