//! Building a signed-in Garmin client for an athlete: the constants (overridable by
//! `<data dir>/garmin.toml`), the environment (`PACELINE_GARMIN_URL`,
//! `PACELINE_GARMIN_PACE_MS`, read here at the edge), the tokens from the secrets
//! module, and the callback that saves a rotated refresh token as soon as it exists.

use std::sync::{Arc, Mutex};

use paceline_garmin::{
    ClientOptions, EnvOverrides, GarminClient, GarminConfig, GarminError, TokenSet,
};
use paceline_types::AthleteId;

use crate::{App, AppError, Result};

/// The athlete's secret holding the token JSON.
pub(crate) const TOKENS: &str = "tokens";
const SERVICE: &str = "garmin";
/// A user file beside the vault that overrides Garmin's constants key by key.
const USER_CONSTANTS: &str = "garmin.toml";

/// Where Garmin is and how fast to talk to it: from the environment unless a test set it.
#[derive(Default)]
pub(crate) struct GarminEndpoint(Mutex<Option<EnvOverrides>>);

impl App {
    /// Points this app's Garmin client at another server (tests, debugging) instead of
    /// reading `PACELINE_GARMIN_URL` / `PACELINE_GARMIN_PACE_MS`.
    pub fn set_garmin_endpoint(&self, base_url: Option<&str>, pace_ms: Option<u64>) -> Result<()> {
        let base_url = match base_url {
            Some(u) => Some(url::Url::parse(u).map_err(|_| {
                AppError::InvalidInput(format!(
                    "not a URL with a scheme and a host (like http://127.0.0.1:8080): {u:?}"
                ))
            })?),
            None => None,
        };
        *lock(&self.garmin.0) = Some(EnvOverrides {
            base_url,
            pace: pace_ms.map(std::time::Duration::from_millis),
        });
        Ok(())
    }

    fn garmin_overrides(&self) -> Result<EnvOverrides> {
        if let Some(o) = lock(&self.garmin.0).clone() {
            return Ok(o);
        }
        EnvOverrides::from_env().map_err(|e| AppError::InvalidInput(e.to_string()))
    }

    /// The constants and the client options in force.
    pub(crate) fn garmin_setup(&self) -> Result<(GarminConfig, ClientOptions)> {
        let user = self.data_dir.join(USER_CONSTANTS);
        let mut cfg = GarminConfig::load(user.exists().then_some(user.as_path()))
            .map_err(|e| AppError::InvalidInput(e.to_string()))?;
        let env = self.garmin_overrides()?;
        let mut opts = ClientOptions::default();
        if let Some(base) = &env.base_url {
            cfg = cfg
                .with_base_url(base)
                .map_err(|e| AppError::InvalidInput(e.to_string()))?;
            // a server of one's own: short back-offs and time-outs
            opts = ClientOptions::local();
        }
        if let Some(p) = env.pace {
            opts.spacing = p;
        }
        Ok((cfg, opts))
    }

    pub(crate) fn garmin_secret(&self, athlete: AthleteId) -> String {
        paceline_store::athlete_secret_name(SERVICE, athlete, TOKENS)
    }

    /// The athlete's stored tokens, `None` when not connected.
    pub(crate) fn garmin_tokens(&self, athlete: AthleteId) -> Result<Option<TokenSet>> {
        let Some(json) = self.secret(&self.garmin_secret(athlete))? else {
            return Ok(None);
        };
        use paceline_store::ExposeSecret;
        TokenSet::from_json(json.expose_secret())
            .map(Some)
            .map_err(garmin_err)
    }

    pub(crate) fn save_garmin_tokens(&self, athlete: AthleteId, t: &TokenSet) -> Result<()> {
        self.put_secret(&self.garmin_secret(athlete), &t.to_json())
    }

    /// A client with the athlete's tokens whose refreshes are saved at once.
    pub(crate) fn garmin_client(self: &Arc<Self>, athlete: AthleteId) -> Result<GarminClient> {
        let tokens = self.garmin_tokens(athlete)?.ok_or_else(|| {
            AppError::InvalidInput(
                "not connected to Garmin Connect: sign in first (paceline garmin login)".into(),
            )
        })?;
        self.garmin_client_with(athlete, tokens)
    }

    pub(crate) fn garmin_client_with(
        self: &Arc<Self>,
        athlete: AthleteId,
        tokens: TokenSet,
    ) -> Result<GarminClient> {
        let (cfg, opts) = self.garmin_setup()?;
        let client = GarminClient::new(cfg, tokens, opts).map_err(garmin_err)?;
        // Weak: a client kept somewhere must not keep the vault open.
        let app = Arc::downgrade(self);
        client.on_tokens_changed(Arc::new(move |t: &TokenSet| {
            let Some(app) = app.upgrade() else { return };
            match app.save_garmin_tokens(athlete, t) {
                Ok(()) => tracing::info!(athlete, "rotated Garmin tokens saved"),
                Err(e) => tracing::error!(athlete, error = %e, "rotated Garmin tokens NOT saved"),
            }
        }));
        Ok(client)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A Garmin error as an app error; the client's messages never carry a token.
pub(crate) fn garmin_err(e: GarminError) -> AppError {
    use GarminError as G;
    match e {
        G::NotFound { .. } => AppError::NotFound(e.to_string()),
        G::BadTicket
        | G::TicketRejected { .. }
        | G::SignInAgain { .. }
        | G::BadTokens(_)
        | G::BadCredentials
        | G::AccountNotSupported(_)
        | G::Blocked
        | G::BadMfaCode
        | G::LoginRateLimited { .. }
        | G::Config(_)
        | G::BadWorkout(_) => AppError::InvalidInput(e.to_string()),
        _ => AppError::Internal(e.to_string()),
    }
}
