//! Typed errors. No message ever carries a token, a ticket or a password: they are
//! built from statuses, field names and Garmin's own (token-free) error codes only.

use std::time::Duration;

use jiff::Timestamp;

/// The constants file or an environment override is wrong.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("the Garmin settings file is not valid: {0}")]
    Invalid(String),
    #[error("cannot read the Garmin settings file {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("PACELINE_GARMIN_URL must be a URL with a scheme and a host (like http://127.0.0.1:8080), not {0:?}")]
    BaseUrl(String),
    #[error("PACELINE_GARMIN_PACE_MS must be a whole number of milliseconds, not {0:?}")]
    Pace(String),
}

/// Everything that can go wrong talking to Garmin.
#[derive(Debug, thiserror::Error)]
pub enum GarminError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("not a Garmin service ticket: paste the ST-… ticket or the whole URL that contains ticket=ST-…")]
    BadTicket,
    #[error("Garmin rejected the service ticket ({status}{detail}); tickets work once only: sign in again to get a fresh one")]
    TicketRejected { status: u16, detail: String },
    #[error("the Garmin sign-in has expired or was revoked ({reason}): sign in again")]
    SignInAgain { reason: String },
    #[error("the stored Garmin tokens are not usable ({0}): sign in again")]
    BadTokens(String),
    #[error("Garmin refused the email or password: check them and try again")]
    BadCredentials,
    #[error("Garmin does not allow this account to sign in here ({0}); sign in on Garmin's page instead")]
    AccountNotSupported(String),
    #[error(
        "Garmin asked for a CAPTCHA or blocked the sign-in: sign in on Garmin's own page instead"
    )]
    Blocked,
    #[error("the MFA code was not accepted: check it and enter it again")]
    BadMfaCode,
    #[error("Garmin is rate-limiting sign-ins for this account: try again after {until} (retrying earlier extends the block)")]
    LoginRateLimited {
        until: Timestamp,
        cooldown: Duration,
    },
    #[error("Garmin is rate-limiting requests{}: try again later", fmt_wait(.retry_after))]
    RateLimited { retry_after: Option<Duration> },
    #[error("Garmin has no {what} (HTTP 404): it may have been deleted")]
    NotFound { what: String },
    #[error("Garmin refused access to {what} (HTTP 403)")]
    Forbidden { what: String },
    #[error("Garmin answered HTTP {status} for {what}")]
    Http { status: u16, what: String },
    #[error("Garmin's server failed (HTTP {status}) for {what} after {attempts} attempts: try again later")]
    Server {
        status: u16,
        what: String,
        attempts: u32,
    },
    #[error("Garmin did not answer in time for {what} after {attempts} attempts: check the connection and try again")]
    Timeout { what: String, attempts: u32 },
    #[error("cannot reach Garmin ({0}): check the connection")]
    Transport(String),
    #[error("Garmin sync paused after {failures} failures in a row: try again in a few minutes")]
    CircuitOpen { failures: u32 },
    #[error("the activity download is not a valid ZIP ({0}): try the sync again")]
    BadZip(String),
    #[error("the activity download holds no activity file")]
    EmptyZip,
    #[error("unexpected answer from Garmin for {what}: {reason}")]
    Unexpected { what: String, reason: String },
    #[error("the workout cannot be sent to Garmin: {0}")]
    BadWorkout(String),
}

fn fmt_wait(d: &Option<Duration>) -> String {
    d.map(|d| format!(" (asked to wait {} s)", d.as_secs()))
        .unwrap_or_default()
}

impl GarminError {
    /// Whether signing in again is the fix.
    pub fn needs_sign_in(&self) -> bool {
        matches!(
            self,
            Self::SignInAgain { .. } | Self::BadTokens(_) | Self::TicketRejected { .. }
        )
    }
}

pub type Result<T, E = GarminError> = std::result::Result<T, E>;
