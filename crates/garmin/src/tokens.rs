//! DI OAuth tokens: secrets in memory (`SecretString`), redacted in `Debug`, serialised
//! only on purpose (for the keyring) through [`TokenSet::to_json`].

use base64::Engine;
use jiff::Timestamp;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::error::{GarminError, Result};

/// An access token, its refresh token, the client id that issued them (refresh must use
/// the same one) and their lifetimes as Garmin stated them.
#[derive(Clone)]
pub struct TokenSet {
    pub access_token: SecretString,
    pub refresh_token: SecretString,
    /// The DI client id that issued the token: refreshes must use it.
    pub client_id: String,
    /// When the access token expires: the earlier of `now + expires_in` and the JWT
    /// `exp`, whichever are known.
    pub access_expires_at: Option<Timestamp>,
    /// When the refresh token expires (`refresh_token_expires_in`), if Garmin said.
    pub refresh_expires_at: Option<Timestamp>,
}

impl std::fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &"[redacted]")
            .field("refresh_token", &"[redacted]")
            .field("client_id", &self.client_id)
            .field("access_expires_at", &self.access_expires_at)
            .field("refresh_expires_at", &self.refresh_expires_at)
            .finish()
    }
}

/// The JSON shape stored in the keyring.
#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    access_token: String,
    refresh_token: String,
    client_id: String,
    access_expires_at: Option<Timestamp>,
    refresh_expires_at: Option<Timestamp>,
}

/// python-garminconnect's `garmin_tokens.json`.
#[derive(Deserialize)]
struct PythonTokens {
    di_token: Option<String>,
    di_refresh_token: Option<String>,
    di_client_id: Option<String>,
}

impl TokenSet {
    /// The JSON to store in the keyring (it holds the secrets, hence a `SecretString`).
    pub fn to_json(&self) -> SecretString {
        let s = Stored {
            version: 1,
            access_token: self.access_token.expose_secret().to_string(),
            refresh_token: self.refresh_token.expose_secret().to_string(),
            client_id: self.client_id.clone(),
            access_expires_at: self.access_expires_at,
            refresh_expires_at: self.refresh_expires_at,
        };
        SecretString::from(serde_json::to_string(&s).expect("plain strings serialise"))
    }

    /// Reads what [`TokenSet::to_json`] wrote.
    pub fn from_json(json: &str) -> Result<Self> {
        let s: Stored = serde_json::from_str(json)
            .map_err(|e| GarminError::BadTokens(format!("stored tokens: {}", json_err(&e))))?;
        if s.access_token.is_empty() || s.refresh_token.is_empty() || s.client_id.is_empty() {
            return Err(GarminError::BadTokens("a stored token is empty".into()));
        }
        Ok(Self {
            access_token: s.access_token.into(),
            refresh_token: s.refresh_token.into(),
            client_id: s.client_id,
            access_expires_at: s.access_expires_at,
            refresh_expires_at: s.refresh_expires_at,
        })
    }

    /// Imports python-garminconnect's `garmin_tokens.json` (`di_token`,
    /// `di_refresh_token`, `di_client_id`). The access expiry comes from the JWT `exp`;
    /// the refresh expiry is unknown. Without `di_client_id` the JWT's `client_id`
    /// claim is used.
    pub fn from_python_garminconnect(json: &str) -> Result<Self> {
        let p: PythonTokens = serde_json::from_str(json).map_err(|e| {
            GarminError::BadTokens(format!("not a garmin_tokens.json ({})", json_err(&e)))
        })?;
        let access = p
            .di_token
            .filter(|s| !s.is_empty())
            .ok_or_else(|| GarminError::BadTokens("garmin_tokens.json has no di_token".into()))?;
        let refresh = p
            .di_refresh_token
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                GarminError::BadTokens("garmin_tokens.json has no di_refresh_token".into())
            })?;
        let claims = JwtClaims::read(&access);
        let client_id = p
            .di_client_id
            .filter(|s| !s.is_empty())
            .or(claims.client_id)
            .ok_or_else(|| {
                GarminError::BadTokens("garmin_tokens.json has no di_client_id".into())
            })?;
        Ok(Self {
            access_token: access.into(),
            refresh_token: refresh.into(),
            client_id,
            access_expires_at: claims.exp,
            refresh_expires_at: None,
        })
    }

    /// Builds tokens from a DI token response (`access_token`, `refresh_token`,
    /// `expires_in`, `refresh_token_expires_in`). `client_id` is the id the request
    /// used; the JWT's `client_id` claim wins when present. A refresh response without
    /// a `refresh_token` keeps `previous_refresh`.
    pub fn from_token_response(
        body: &[u8],
        client_id: &str,
        previous_refresh: Option<&SecretString>,
        now: Timestamp,
    ) -> Result<Self> {
        let bad = |r: &str| GarminError::Unexpected {
            what: "the token answer".into(),
            reason: r.into(),
        };
        let v: serde_json::Value = serde_json::from_slice(body).map_err(|_| bad("not JSON"))?;
        let access = v
            .get("access_token")
            .and_then(|x| x.as_str())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| bad("no access_token"))?;
        let refresh: SecretString = match v.get("refresh_token").and_then(|x| x.as_str()) {
            Some(r) if !r.is_empty() => r.to_string().into(),
            _ => previous_refresh
                .cloned()
                .ok_or_else(|| bad("no refresh_token"))?,
        };
        let secs = |k: &str| v.get(k).and_then(|x| x.as_i64());
        let expires_in = secs("expires_in");
        if matches!(expires_in, Some(s) if s <= 0) {
            return Err(bad("expires_in is not positive"));
        }
        let claims = JwtClaims::read(access);
        let from_in =
            expires_in.and_then(|s| now.checked_add(jiff::SignedDuration::from_secs(s)).ok());
        let access_expires_at = match (from_in, claims.exp) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let refresh_expires_at = secs("refresh_token_expires_in")
            .filter(|s| *s > 0)
            .and_then(|s| now.checked_add(jiff::SignedDuration::from_secs(s)).ok());
        Ok(Self {
            access_token: access.to_string().into(),
            refresh_token: refresh,
            client_id: claims.client_id.unwrap_or_else(|| client_id.to_string()),
            access_expires_at,
            refresh_expires_at,
        })
    }

    /// Whether the access token expires within `margin` of `now` (unknown expiry: no).
    pub fn expires_within(&self, now: Timestamp, margin: std::time::Duration) -> bool {
        match self.access_expires_at {
            Some(at) => {
                let margin = jiff::SignedDuration::try_from(margin).unwrap_or_default();
                now.checked_add(margin).map(|t| t >= at).unwrap_or(true)
            }
            None => false,
        }
    }
}

/// The unverified claims we read from a JWT (the signature is Garmin's business).
#[derive(Default)]
struct JwtClaims {
    exp: Option<Timestamp>,
    client_id: Option<String>,
}

impl JwtClaims {
    fn read(jwt: &str) -> Self {
        let Some(payload) = jwt.split('.').nth(1) else {
            return Self::default();
        };
        let Ok(bytes) =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('='))
        else {
            return Self::default();
        };
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
            return Self::default();
        };
        Self {
            exp: v
                .get("exp")
                .and_then(|e| e.as_i64())
                .and_then(|e| Timestamp::from_second(e).ok()),
            client_id: v
                .get("client_id")
                .and_then(|c| c.as_str())
                .map(String::from),
        }
    }
}

/// A serde_json error without its message: the message can quote the input (a token).
pub(crate) fn json_err(e: &serde_json::Error) -> String {
    format!(
        "{:?} at line {} column {}",
        e.classify(),
        e.line(),
        e.column()
    )
}
