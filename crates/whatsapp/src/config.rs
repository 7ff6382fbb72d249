//! Settings: base URL (with the `PACELINE_WHATSAPP_URL` override), the sending phone
//! number id, the token (a secret), the recipient and the retry policy.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use secrecy::SecretString;
use url::Url;

use crate::WaError;

/// Meta's Graph API host.
pub const DEFAULT_BASE_URL: &str = "https://graph.facebook.com";
/// The Graph API version in every path (v23.0 documents the Groups API; Meta keeps a
/// version for two years).
pub const API_VERSION: &str = "v23.0";
/// Environment variable whose URL replaces [`DEFAULT_BASE_URL`] (tests, proxies).
pub const URL_ENV: &str = "PACELINE_WHATSAPP_URL";

/// Who receives the digest.
///
/// Parsed from one settings string ([`Recipient::parse`]):
/// - `group:<id>` is a group id from the Groups API (whatever follows the prefix);
/// - a phone number in international format, digits with an optional leading `+` and
///   spaces, dots, dashes or parentheses (`+49 170 123-4567`), is a person; only the
///   digits are sent;
/// - anything else (group ids are opaque, not all digits) is a group id as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    /// A phone number, digits only, with country code.
    Individual(String),
    /// A group id.
    Group(String),
}

impl Recipient {
    pub fn parse(s: &str) -> Result<Self, WaError> {
        let s = s.trim();
        if let Some(id) = s.strip_prefix("group:") {
            let id = id.trim();
            if id.is_empty() {
                return Err(WaError::Config(
                    "the recipient \"group:\" names no group id".into(),
                ));
            }
            return Ok(Self::Group(id.to_string()));
        }
        if s.is_empty() {
            return Err(WaError::Config(
                "no recipient: enter a phone number with country code or a group id".into(),
            ));
        }
        let body = s.strip_prefix('+').unwrap_or(s);
        let phone_like = body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'));
        let digits: String = body.chars().filter(char::is_ascii_digit).collect();
        if phone_like && !digits.is_empty() {
            // E.164 numbers have at most 15 digits; fewer than 7 is no phone number.
            if !(7..=15).contains(&digits.len()) {
                return Err(WaError::Config(format!(
                    "the recipient {s:?} is not a phone number with country code (7 to 15 digits); \
                     write group:<id> for a group"
                )));
            }
            return Ok(Self::Individual(digits));
        }
        Ok(Self::Group(s.to_string()))
    }

    /// The `recipient_type` of a message.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Individual(_) => "individual",
            Self::Group(_) => "group",
        }
    }

    /// The `to` of a message.
    pub fn to(&self) -> &str {
        match self {
            Self::Individual(s) | Self::Group(s) => s,
        }
    }
}

impl FromStr for Recipient {
    type Err = WaError;
    fn from_str(s: &str) -> Result<Self, WaError> {
        Self::parse(s)
    }
}

/// The settings string [`Recipient::parse`] reads back.
impl fmt::Display for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Individual(n) => write!(f, "+{n}"),
            Self::Group(g) => write!(f, "group:{g}"),
        }
    }
}

/// How often and how patiently a request is retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (0 counts as 1).
    pub max_attempts: u32,
    /// The wait before the second attempt; doubled for each later one.
    pub base_delay: Duration,
    /// No wait is longer, not even one a `Retry-After` asks for.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retry.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Four attempts a few milliseconds apart (tests).
    pub fn fast() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(2),
            max_delay: Duration::from_millis(20),
        }
    }

    /// The wait after failed attempt `attempt` (1-based): exponential, with jitter in
    /// its upper half, at least `retry_after`, never over `max_delay`.
    pub(crate) fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(20))
            .min(self.max_delay);
        let half = exp / 2;
        let half_ns = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        let jitter = Duration::from_nanos(fastrand::u64(..=half_ns));
        let d = half + jitter;
        d.max(retry_after.unwrap_or_default()).min(self.max_delay)
    }
}

/// Everything the client needs. `Debug` shows the token as `[REDACTED]`.
#[derive(Debug, Clone)]
pub struct Config {
    /// Scheme, host, optional port and path prefix; the version and ids follow.
    pub base_url: Url,
    /// The Graph API version (`v23.0`).
    pub api_version: String,
    /// The id of the sending business phone number (not the number itself).
    pub phone_number_id: String,
    /// A system-user or app access token.
    pub token: SecretString,
    pub recipient: Recipient,
    pub retry: RetryPolicy,
    /// Longest wait for one request, connecting to the last byte of the answer.
    pub timeout: Duration,
}

impl Config {
    /// Meta's host, [`API_VERSION`], the default retries and a 30 s timeout.
    pub fn new(phone_number_id: &str, token: SecretString, recipient: Recipient) -> Self {
        Self {
            base_url: Url::parse(DEFAULT_BASE_URL).expect("the default base URL is valid"),
            api_version: API_VERSION.to_string(),
            phone_number_id: phone_number_id.trim().to_string(),
            token,
            recipient,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(30),
        }
    }
}

/// **Reads the environment**: `PACELINE_WHATSAPP_URL` when set and not blank, else
/// [`DEFAULT_BASE_URL`]. A bad value is a [`WaError::Config`] naming the variable.
pub fn base_url_from_env() -> Result<Url, WaError> {
    match std::env::var(URL_ENV) {
        Ok(s) if !s.trim().is_empty() => parse_base_url(&s),
        _ => parse_base_url(DEFAULT_BASE_URL),
    }
}

/// An `http`/`https` URL with a host, an optional port and path prefix, and no query,
/// fragment or credentials; a trailing `/` is dropped.
pub fn parse_base_url(s: &str) -> Result<Url, WaError> {
    let s = s.trim();
    let bad = |why: &str| {
        WaError::Config(format!(
            "{URL_ENV} must be an http(s) URL like http://127.0.0.1:8080 or \
             https://proxy.example/graph ({why}), not {s:?}"
        ))
    };
    let mut u = Url::parse(s).map_err(|e| bad(&e.to_string()))?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err(bad("the scheme is not http or https"));
    }
    if u.host_str().is_none_or(str::is_empty) {
        return Err(bad("no host"));
    }
    if u.query().is_some() || u.fragment().is_some() {
        return Err(bad("a query or fragment is not allowed"));
    }
    if !u.username().is_empty() || u.password().is_some() {
        // without the value: it holds a secret
        return Err(WaError::Config(format!(
            "{URL_ENV} must not hold a user name or password"
        )));
    }
    let path = u.path().trim_end_matches('/').to_string();
    u.set_path(&path);
    Ok(u)
}
