//! Typed errors. Messages come from statuses and Graph's own error bodies, with the
//! token scrubbed out of anything the server sent back.

/// Graph error codes that mean "too many, too fast": retried with backoff.
/// 4 app call limit, 613 call rate, 80007 account rate limit, 130429 throughput,
/// 131048 spam rate limit, 131056 too many messages to the same recipient.
pub(crate) const RATE_CODES: [i64; 6] = [4, 613, 80007, 130429, 131048, 131056];
/// Graph codes for a temporary failure on Meta's side (1 unknown, 2 service
/// unavailable, 131000 something went wrong, 133004 server temporarily unavailable).
pub(crate) const TEMPORARY_CODES: [i64; 4] = [1, 2, 131000, 133004];

/// Everything that can go wrong talking to the WhatsApp Cloud API.
#[derive(Debug, thiserror::Error)]
pub enum WaError {
    /// WhatsApp answered with an error that retrying did not (or could not) fix.
    #[error("{}", api_text(*.status, *.code, .message, .details.as_deref()))]
    Api {
        status: u16,
        code: Option<i64>,
        subcode: Option<i64>,
        message: String,
        details: Option<String>,
        fbtrace_id: Option<String>,
    },
    /// Still rate-limited after every attempt.
    #[error("WhatsApp is rate-limiting this number and still refused after {attempts} attempts ({last}): try again later")]
    RateLimited { attempts: u32, last: String },
    /// HTTP 401 or Graph code 190: the token expired or was revoked.
    #[error("WhatsApp refused the access token ({0}): create a new token and save it in the WhatsApp settings")]
    Unauthorized(String),
    /// No answer: connection refused, DNS, TLS, reset.
    #[error("cannot reach WhatsApp ({0}): check the connection")]
    Network(String),
    /// The request went out but no answer came in time: a message may still arrive.
    #[error("WhatsApp did not answer in time; the message may or may not have been delivered")]
    Timeout,
    /// A 2xx answer without the expected content.
    #[error("unexpected answer from WhatsApp: {0}")]
    BadResponse(String),
    /// The settings or the input cannot work.
    #[error("WhatsApp settings: {0}")]
    Config(String),
}

fn api_text(status: u16, code: Option<i64>, message: &str, details: Option<&str>) -> String {
    let what = match code {
        Some(c) => format!("code {c}"),
        None => format!("HTTP {status}"),
    };
    let details = match details {
        Some(d) if !d.is_empty() && d != message => format!(" ({d})"),
        _ => String::new(),
    };
    if status >= 500 {
        let what = match code {
            Some(c) => format!("code {c}, HTTP {status}"),
            None => what,
        };
        format!("WhatsApp's server failed ({what}): {message}{details}; try again later")
    } else {
        format!("WhatsApp refused the message ({what}): {message}{details}")
    }
}

impl WaError {
    /// Whether the same request may succeed later, unchanged: rate limits, server
    /// failures, network trouble, timeouts. Not: a bad token, a bad recipient, a bad
    /// request or bad settings.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::RateLimited { .. } | Self::Network(_) | Self::Timeout => true,
            Self::Api { status, code, .. } => {
                *status >= 500
                    || *status == 429
                    || code.is_some_and(|c| RATE_CODES.contains(&c) || TEMPORARY_CODES.contains(&c))
            }
            Self::Unauthorized(_) | Self::BadResponse(_) | Self::Config(_) => false,
        }
    }

    /// The Graph error code, when WhatsApp sent one.
    pub fn code(&self) -> Option<i64> {
        match self {
            Self::Api { code, .. } => *code,
            _ => None,
        }
    }
}

/// The fields of a Graph error body `{"error": {...}}`.
#[derive(Debug, Default, Clone)]
pub(crate) struct GraphError {
    pub code: Option<i64>,
    pub subcode: Option<i64>,
    pub message: String,
    pub details: Option<String>,
    pub fbtrace_id: Option<String>,
}

const NO_DETAILS: &str = "no details given";

/// The longest server text kept in an error.
const MAX_TEXT: usize = 300;

fn clip(s: &str) -> String {
    crate::text::truncate_chars(s.trim(), MAX_TEXT)
}

impl GraphError {
    /// Reads a Graph error body; anything else becomes a short message from the body.
    pub(crate) fn parse(body: &[u8]) -> Self {
        let v: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        let e = v
            .as_ref()
            .and_then(|v| v.get("error"))
            .filter(|e| e.is_object());
        let Some(e) = e else {
            let text = String::from_utf8_lossy(body);
            let looks_textual = !text.trim().is_empty() && !text.trim_start().starts_with('<');
            return Self {
                message: if looks_textual {
                    clip(&text)
                } else {
                    NO_DETAILS.to_string()
                },
                ..Self::default()
            };
        };
        let s = |k: &str| e.get(k).and_then(|x| x.as_str()).map(clip);
        let message = s("message")
            .or_else(|| s("error_user_msg"))
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| NO_DETAILS.to_string());
        Self {
            code: e.get("code").and_then(serde_json::Value::as_i64),
            subcode: e.get("error_subcode").and_then(serde_json::Value::as_i64),
            message,
            details: e
                .pointer("/error_data/details")
                .and_then(|x| x.as_str())
                .map(clip)
                .filter(|d| !d.is_empty()),
            fbtrace_id: s("fbtrace_id"),
        }
    }

    /// Replaces every occurrence of `secret` in the server's texts.
    pub(crate) fn scrub(mut self, secret: &str) -> Self {
        if !secret.is_empty() {
            self.message = self.message.replace(secret, "[REDACTED]");
            self.details = self.details.map(|d| d.replace(secret, "[REDACTED]"));
        }
        self
    }

    pub(crate) fn is_rate_limit(&self, status: u16) -> bool {
        status == 429 || self.code.is_some_and(|c| RATE_CODES.contains(&c))
    }

    pub(crate) fn is_unauthorized(&self, status: u16) -> bool {
        status == 401 || self.code == Some(190)
    }

    pub(crate) fn is_temporary(&self, status: u16) -> bool {
        status >= 500 || self.code.is_some_and(|c| TEMPORARY_CODES.contains(&c))
    }

    pub(crate) fn into_error(self, status: u16) -> WaError {
        if self.is_unauthorized(status) {
            return WaError::Unauthorized(self.message);
        }
        WaError::Api {
            status,
            code: self.code,
            subcode: self.subcode,
            message: self.message,
            details: self.details,
            fbtrace_id: self.fbtrace_id,
        }
    }

    /// `message (code N)` for logs and [`WaError::RateLimited`].
    pub(crate) fn summary(&self) -> String {
        match self.code {
            Some(c) => format!("{} (code {c})", self.message),
            None => self.message.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_graph_error_body() {
        let body = br#"{"error":{"message":"(#131030) Recipient phone number not in allowed list","type":"OAuthException","code":131030,"error_data":{"messaging_product":"whatsapp","details":"Recipient phone number not in allowed list"},"error_subcode":2655007,"fbtrace_id":"Az8or2"}}"#;
        let g = GraphError::parse(body);
        assert_eq!(g.code, Some(131030));
        assert_eq!(g.subcode, Some(2655007));
        assert_eq!(g.fbtrace_id.as_deref(), Some("Az8or2"));
        let e = g.into_error(400);
        assert!(!e.is_retryable());
        assert_eq!(
            e.to_string(),
            "WhatsApp refused the message (code 131030): (#131030) Recipient phone number not in \
             allowed list (Recipient phone number not in allowed list)"
        );
    }

    #[test]
    fn html_and_empty_bodies_give_the_status() {
        let e = GraphError::parse(b"<html>bad gateway</html>").into_error(502);
        assert_eq!(
            e.to_string(),
            "WhatsApp's server failed (HTTP 502): no details given; try again later"
        );
        let e = GraphError::parse(b"").into_error(400);
        assert_eq!(
            e.to_string(),
            "WhatsApp refused the message (HTTP 400): no details given"
        );
        assert_eq!(GraphError::parse(b"oops").message, "oops");
    }

    #[test]
    fn code_190_is_unauthorized_and_rate_codes_retry() {
        let g = GraphError::parse(br#"{"error":{"message":"expired","code":190}}"#);
        assert!(matches!(g.into_error(400), WaError::Unauthorized(_)));
        let g = GraphError::parse(br#"{"error":{"message":"slow down","code":131056}}"#);
        assert!(g.is_rate_limit(400));
        assert!(g.into_error(400).is_retryable());
    }
}
