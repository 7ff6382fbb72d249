//! Every Garmin constant (hosts, client ids, user agents, app-version headers, SSO and
//! API paths) comes from `garmin.toml`, compiled in and overridable by a user file,
//! because Garmin rotates them every few months.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use url::Url;

use crate::error::ConfigError;

/// The data file compiled into the crate.
pub const BUILTIN_TOML: &str = include_str!("../garmin.toml");

/// Environment variable (read by the caller, or by [`EnvOverrides::from_env`]) whose URL
/// replaces the scheme and host of every Garmin host.
pub const URL_ENV: &str = "PACELINE_GARMIN_URL";
/// Environment variable with the spacing between requests in milliseconds.
pub const PACE_ENV: &str = "PACELINE_GARMIN_PACE_MS";

/// The four Garmin hosts. Only scheme, host and port are used; paths come from the
/// other sections.
#[derive(Debug, Clone, Deserialize)]
pub struct Hosts {
    pub sso: Url,
    pub connect: Url,
    pub connectapi: Url,
    pub diauth: Url,
}

/// DI OAuth2 token service.
#[derive(Debug, Clone, Deserialize)]
pub struct DiConfig {
    pub token_path: String,
    pub grant_type_service_ticket: String,
    /// The client id a fresh ticket is exchanged with (tickets are single-use).
    pub client_id: String,
    /// Refresh this many seconds before the access token expires.
    pub refresh_margin_secs: u64,
}

/// SSO (email/password/MFA) constants.
#[derive(Debug, Clone, Deserialize)]
pub struct SsoConfig {
    pub locale: String,
    pub mobile_client_id: String,
    pub mobile_service: String,
    pub mobile_user_agent: String,
    pub mobile_login_path: String,
    pub mobile_mfa_path: String,
    pub embed_path: String,
    pub signin_path: String,
    pub widget_mfa_request_path: String,
    pub widget_mfa_submit_path: String,
    pub portal_client_id: String,
    pub portal_service_path: String,
    pub portal_signin_path: String,
    pub portal_login_path: String,
    pub portal_mfa_path: String,
    pub browser_user_agent: String,
    pub widget_delay_secs: [u64; 2],
    pub portal_delay_secs: [u64; 2],
    pub strategies: Vec<String>,
}

/// API paths (`{id}`, `{date}`, `{start}`, `{end}`, `{display_name}` are placeholders).
#[derive(Debug, Clone, Deserialize)]
pub struct ApiConfig {
    pub timeout_secs: u64,
    pub social_profile: String,
    pub user_settings: String,
    pub activity_list: String,
    pub activity: String,
    pub download_original: String,
    pub daily_sleep: String,
    pub sleep_range: String,
    pub hrv_day: String,
    pub hrv_range: String,
    pub resting_hr: String,
    pub user_summary: String,
    pub steps_range: String,
    pub stress_day: String,
    pub stress_range: String,
    pub body_battery: String,
    pub respiration: String,
    pub spo2: String,
    pub weight_range: String,
    pub training_readiness: String,
    pub workout_create: String,
    pub workout_schedule: String,
    pub upload: String,
    pub max_range_days: u32,
}

/// All Garmin constants.
#[derive(Debug, Clone, Deserialize)]
pub struct GarminConfig {
    pub hosts: Hosts,
    pub di: DiConfig,
    /// Sent on every DI token and API call (header name → value).
    pub native_headers: BTreeMap<String, String>,
    pub sso: SsoConfig,
    pub api: ApiConfig,
}

impl GarminConfig {
    /// The compiled-in constants.
    pub fn builtin() -> Self {
        Self::parse(BUILTIN_TOML, None).expect("the built-in garmin.toml is valid")
    }

    /// The compiled-in constants, overlaid key by key with `user_toml` (any subset of
    /// the same tables and keys).
    pub fn parse(builtin: &str, user_toml: Option<&str>) -> Result<Self, ConfigError> {
        let mut base: toml::Table =
            toml::from_str(builtin).map_err(|e| ConfigError::Invalid(e.to_string()))?;
        if let Some(user) = user_toml {
            let over: toml::Table =
                toml::from_str(user).map_err(|e| ConfigError::Invalid(e.to_string()))?;
            merge(&mut base, over);
        }
        toml::Value::Table(base)
            .try_into()
            .map_err(|e: toml::de::Error| ConfigError::Invalid(e.to_string()))
    }

    /// The built-in constants overlaid with the user file at `path`, when given.
    pub fn load(user_file: Option<&Path>) -> Result<Self, ConfigError> {
        let user = match user_file {
            Some(p) => Some(std::fs::read_to_string(p).map_err(|e| ConfigError::Read {
                path: p.display().to_string(),
                reason: e.to_string(),
            })?),
            None => None,
        };
        Self::parse(BUILTIN_TOML, user.as_deref())
    }

    /// Points every Garmin host (sso, connect, connectapi, diauth) at `base`: its scheme,
    /// host and port replace theirs; paths stay unchanged.
    pub fn with_base_url(mut self, base: &Url) -> Result<Self, ConfigError> {
        for host in [
            &mut self.hosts.sso,
            &mut self.hosts.connect,
            &mut self.hosts.connectapi,
            &mut self.hosts.diauth,
        ] {
            *host = rebase(host, base)?;
        }
        Ok(self)
    }

    /// `host` joined with `path`, whose placeholders are already filled in.
    pub fn url(&self, host: &Url, path: &str) -> Url {
        let mut u = host.clone();
        match path.split_once('?') {
            Some((p, q)) => {
                u.set_path(p);
                u.set_query(Some(q));
            }
            None => u.set_path(path),
        }
        u
    }
}

fn rebase(host: &Url, base: &Url) -> Result<Url, ConfigError> {
    let bad = || ConfigError::BaseUrl(base.to_string());
    let mut u = host.clone();
    u.set_scheme(base.scheme()).map_err(|_| bad())?;
    u.set_host(base.host_str()).map_err(|_| bad())?;
    u.set_port(base.port()).map_err(|_| bad())?;
    Ok(u)
}

fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// Values the environment may set, read by the caller (or [`EnvOverrides::from_env`])
/// so that nothing else in this crate reads the environment.
#[derive(Debug, Clone, Default)]
pub struct EnvOverrides {
    /// `PACELINE_GARMIN_URL`: one base for every Garmin host.
    pub base_url: Option<Url>,
    /// `PACELINE_GARMIN_PACE_MS`: spacing between requests.
    pub pace: Option<Duration>,
}

impl EnvOverrides {
    /// **Reads the environment** (`PACELINE_GARMIN_URL`, `PACELINE_GARMIN_PACE_MS`):
    /// the only place in this crate that does.
    pub fn from_env() -> Result<Self, ConfigError> {
        let base_url = match std::env::var(URL_ENV) {
            Ok(s) if !s.trim().is_empty() => {
                Some(Url::parse(s.trim()).map_err(|_| ConfigError::BaseUrl(s.trim().to_string()))?)
            }
            _ => None,
        };
        let pace = match std::env::var(PACE_ENV) {
            Ok(s) if !s.trim().is_empty() => Some(Duration::from_millis(
                s.trim()
                    .parse()
                    .map_err(|_| ConfigError::Pace(s.trim().to_string()))?,
            )),
            _ => None,
        };
        Ok(Self { base_url, pace })
    }
}

/// Fills `{name}` placeholders of a configured path.
pub(crate) fn fill(path: &str, vars: &[(&str, &str)]) -> String {
    let mut s = path.to_string();
    for (k, v) in vars {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}
