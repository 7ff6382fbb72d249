//! Email/password/MFA sign-in through the client's SSO strategies (the CLI's
//! interactive login). After Garmin's login 429 nothing retries: the cooldown is saved
//! and every sign-in before its end is refused with the time to try again.

use std::sync::Arc;
use std::time::Duration;

use paceline_garmin::{GarminError, LoginOutcome, PendingMfa, ReqwestBackend, SsoLogin};
use paceline_store::SecretString;
use paceline_types::{AthleteId, GarminStatus};

use super::garmin_err;
use crate::{App, AppError, Result};

/// A sign-in waiting for the code Garmin sent (by [`GarminMfa::method`]).
pub struct GarminMfa {
    pending: PendingMfa,
    sso: SsoLogin,
}

impl GarminMfa {
    /// How Garmin sent the code (`email`, `sms`, `totp`, …).
    pub fn method(&self) -> &str {
        &self.pending.method
    }
}

impl std::fmt::Debug for GarminMfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GarminMfa")
            .field("method", &self.pending.method)
            .finish_non_exhaustive()
    }
}

/// Where an email/password sign-in stands.
#[derive(Debug)]
pub enum GarminLoginStep {
    Connected(GarminStatus),
    NeedsMfa(GarminMfa),
}

impl App {
    fn check_login_cooldown(&self, athlete: AthleteId) -> Result<Option<Duration>> {
        let s = self.store.garmin_state(athlete)?;
        if let Some(until) = s.login_cooldown_until.filter(|u| *u > self.now()) {
            return Err(AppError::InvalidInput(format!(
                "Garmin is rate-limiting sign-ins for this account: try again after {} (retrying earlier extends the block)",
                jiff::Timestamp::from_second(until).map_or(until.to_string(), |t| t.to_string())
            )));
        }
        Ok(s.login_cooldown_s
            .map(|s| Duration::from_secs(s.max(0) as u64)))
    }

    fn sso(&self, previous: Option<Duration>) -> Result<SsoLogin> {
        let (cfg, opts) = self.garmin_setup()?;
        let local = opts.spacing.is_zero();
        let http: Arc<dyn paceline_garmin::HttpBackend> = Arc::new(
            ReqwestBackend::new().map_err(|e| AppError::Internal(format!("HTTP client: {e:?}")))?,
        );
        let sso = SsoLogin::new(Arc::new(cfg), http.clone(), http).previous_cooldown(previous);
        Ok(if local { sso.without_delays() } else { sso })
    }

    /// Keeps a login 429's cooldown, then hands the error on.
    fn login_failed(&self, athlete: AthleteId, e: GarminError) -> AppError {
        if let GarminError::LoginRateLimited { until, cooldown } = &e {
            let saved = self.store.set_garmin_login_cooldown(
                athlete,
                Some(until.as_second()),
                Some(cooldown.as_secs() as i64),
            );
            if let Err(s) = saved {
                tracing::warn!(error = %s, "login cooldown not saved");
            }
        }
        garmin_err(e)
    }

    /// Signs in with email and password (Garmin's SSO strategies in order); either
    /// connected, or waiting for an MFA code ([`App::garmin_login_mfa`]).
    pub fn garmin_login(
        self: &Arc<Self>,
        athlete: AthleteId,
        email: &str,
        password: &SecretString,
    ) -> Result<GarminLoginStep> {
        self.athlete(athlete)?;
        let previous = self.check_login_cooldown(athlete)?;
        let sso = self.sso(previous)?;
        let app = self.clone();
        self.block_on(async move {
            match sso.login(email, password, jiff::Timestamp::now()).await {
                Ok(LoginOutcome::Tokens(t)) => app
                    .verify_and_save(athlete, t)
                    .await
                    .map(GarminLoginStep::Connected),
                Ok(LoginOutcome::NeedsMfa(pending)) => {
                    Ok(GarminLoginStep::NeedsMfa(GarminMfa { pending, sso }))
                }
                Err(e) => Err(app.login_failed(athlete, e)),
            }
        })
    }

    /// Sends the MFA code of a pending sign-in; a wrong code leaves `mfa` usable.
    pub fn garmin_login_mfa(
        self: &Arc<Self>,
        athlete: AthleteId,
        mfa: &GarminMfa,
        code: &str,
    ) -> Result<GarminStatus> {
        self.athlete(athlete)?;
        let app = self.clone();
        self.block_on(async move {
            match mfa
                .sso
                .resume_mfa(&mfa.pending, code, jiff::Timestamp::now())
                .await
            {
                Ok(t) => app.verify_and_save(athlete, t).await,
                Err(e) => Err(app.login_failed(athlete, e)),
            }
        })
    }
}
