//! What the desktop shell needs around Garmin beyond the card: the sign-in page its
//! webview opens, pausing every athlete's scheduled sync at once (the tray), the
//! newest sync of any athlete, and a time written in an athlete's own zone.

use std::sync::Arc;

use paceline_types::{AthleteId, GarminSyncLogEntry};

use super::schedule_name;
use crate::{App, Result};

/// Vault-wide: scheduled Garmin syncs are paused (the schedules themselves are kept).
const PAUSED_KEY: &str = "garmin.paused";

impl App {
    /// Garmin's widget sign-in page (the one PACELINE_GARMIN_URL points elsewhere):
    /// after a sign-in (and MFA, run by Garmin's own page) it navigates to
    /// `{sso}/sso/embed?ticket=ST-…`, the ticket the shell catches and exchanges once.
    pub fn garmin_signin_url(&self) -> Result<String> {
        let (cfg, _) = self.garmin_setup()?;
        let embed = cfg.url(&cfg.hosts.sso, &cfg.sso.embed_path).to_string();
        let mut url = cfg.url(&cfg.hosts.sso, &cfg.sso.signin_path);
        url.query_pairs_mut()
            .append_pair("id", "gauth-widget")
            .append_pair("embedWidget", "true")
            .append_pair("gauthHost", &embed)
            .append_pair("service", &embed)
            .append_pair("source", &embed)
            .append_pair("redirectAfterAccountLoginUrl", &embed)
            .append_pair("redirectAfterAccountCreationUrl", &embed);
        Ok(url.to_string())
    }

    /// The athletes (not archived) with a Garmin sign-in stored.
    pub fn garmin_connected_athletes(&self) -> Result<Vec<AthleteId>> {
        let mut out = Vec::new();
        for a in self.store.athletes()? {
            if a.archived_utc.is_none() && self.garmin_tokens(a.id).ok().flatten().is_some() {
                out.push(a.id);
            }
        }
        Ok(out)
    }

    /// Whether scheduled syncs are paused.
    pub fn garmin_paused(&self) -> Result<bool> {
        Ok(self.store.setting(PAUSED_KEY)?.as_deref() == Some("true"))
    }

    /// Pauses (unregisters) or resumes every athlete's scheduled sync; the choice is
    /// kept, so a paused app starts paused. Answers how many schedules it touched.
    pub fn set_garmin_paused(self: &Arc<Self>, paused: bool) -> Result<u32> {
        self.store
            .set_setting(PAUSED_KEY, if paused { "true" } else { "false" })?;
        if !paused {
            return self.restore_garmin_schedules();
        }
        let mut n = 0;
        for a in self.store.athletes()? {
            if self.unschedule(&schedule_name(a.id)) {
                n += 1;
            }
        }
        tracing::info!(schedules = n, "Garmin syncs paused");
        Ok(n)
    }

    /// The newest sync of any athlete, with whose it was.
    pub fn garmin_last_sync_any(&self) -> Result<Option<(AthleteId, GarminSyncLogEntry)>> {
        let mut best: Option<(AthleteId, GarminSyncLogEntry)> = None;
        for a in self.store.athletes()? {
            if let Some(e) = self.garmin_log(a.id, 1)?.into_iter().next() {
                if best
                    .as_ref()
                    .is_none_or(|(_, b)| e.started_utc > b.started_utc)
                {
                    best = Some((a.id, e));
                }
            }
        }
        Ok(best)
    }

    /// The athlete's UTC offset at `utc` (seconds): their zone when set, else the
    /// offset of their latest activity, else 0.
    pub fn athlete_utc_offset(&self, athlete: AthleteId, utc: i64) -> Result<i32> {
        if let Some(tz) = self.store.athlete(athlete)?.tz {
            let at = jiff::Timestamp::from_second(utc);
            if let (Ok(zone), Ok(at)) = (jiff::tz::db().get(&tz), at) {
                return Ok(zone.to_offset(at).seconds());
            }
        }
        Ok(self.store.latest_utc_offset(athlete)?.unwrap_or(0))
    }
}
