//! The DI OAuth2 token service: a service ticket is exchanged once for tokens;
//! tokens are refreshed with the client id that issued them.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use jiff::Timestamp;
use secrecy::ExposeSecret;

use super::ticket::ServiceTicket;
use crate::config::GarminConfig;
use crate::error::{GarminError, Result};
use crate::http::{HttpBackend, HttpRequest, HttpResponse, Method, TransportError};
use crate::tokens::TokenSet;

/// Talks to `diauth…/di-oauth2-service/oauth/token`.
#[derive(Clone)]
pub struct DiAuth {
    cfg: Arc<GarminConfig>,
    http: Arc<dyn HttpBackend>,
}

impl DiAuth {
    pub fn new(cfg: Arc<GarminConfig>, http: Arc<dyn HttpBackend>) -> Self {
        Self { cfg, http }
    }

    /// Exchanges a service ticket for tokens, **once** with the configured client id:
    /// a ticket is burnt by its first exchange, failed or not.
    pub async fn exchange(&self, ticket: &ServiceTicket, now: Timestamp) -> Result<TokenSet> {
        let client_id = self.cfg.di.client_id.clone();
        let service = ticket.service_for(&self.cfg);
        let form = form(&[
            ("client_id", &client_id),
            ("service_ticket", ticket.expose()),
            ("grant_type", &self.cfg.di.grant_type_service_ticket),
            ("service_url", &service),
        ]);
        let resp = self
            .post(
                &client_id,
                form,
                "application/json,text/html;q=0.9,*/*;q=0.8",
            )
            .await?;
        match resp.status {
            200..=299 => TokenSet::from_token_response(&resp.body, &client_id, None, now),
            429 => Err(rate_limited(&resp)),
            s @ 400..=499 => Err(GarminError::TicketRejected {
                status: s,
                detail: oauth_error(&resp.body)
                    .map(|e| format!(", {e}"))
                    .unwrap_or_default(),
            }),
            s => Err(GarminError::Http {
                status: s,
                what: "the ticket exchange".into(),
            }),
        }
    }

    /// Refreshes with the issuing client id; the answer's refresh token replaces the old
    /// one (Garmin rotates it: persist the result every time).
    pub async fn refresh(&self, tokens: &TokenSet, now: Timestamp) -> Result<TokenSet> {
        let form = form(&[
            ("grant_type", "refresh_token"),
            ("client_id", &tokens.client_id),
            ("refresh_token", tokens.refresh_token.expose_secret()),
        ]);
        let resp = self
            .post(&tokens.client_id, form, "application/json")
            .await?;
        match resp.status {
            200..=299 => TokenSet::from_token_response(
                &resp.body,
                &tokens.client_id,
                Some(&tokens.refresh_token),
                now,
            ),
            429 => Err(rate_limited(&resp)),
            400 | 401 | 403 => Err(GarminError::SignInAgain {
                reason: oauth_error(&resp.body)
                    .unwrap_or_else(|| format!("token refresh HTTP {}", resp.status)),
            }),
            s @ 500..=599 => Err(GarminError::Server {
                status: s,
                what: "the token refresh".into(),
                attempts: 1,
            }),
            s => Err(GarminError::Http {
                status: s,
                what: "the token refresh".into(),
            }),
        }
    }

    async fn post(&self, client_id: &str, body: String, accept: &str) -> Result<HttpResponse> {
        let url = self
            .cfg
            .url(&self.cfg.hosts.diauth, &self.cfg.di.token_path);
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{client_id}:"));
        let mut headers: Vec<(String, String)> = self
            .cfg
            .native_headers
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        headers.extend([
            ("Authorization".into(), format!("Basic {basic}")),
            ("Accept".into(), accept.into()),
            (
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
            ),
            ("Cache-Control".into(), "no-cache".into()),
        ]);
        self.http
            .send(HttpRequest {
                method: Method::Post,
                url,
                headers,
                body: body.into_bytes(),
                timeout: Duration::from_secs(self.cfg.api.timeout_secs),
            })
            .await
            .map_err(|e| match e {
                TransportError::Timeout => GarminError::Timeout {
                    what: "the token service".into(),
                    attempts: 1,
                },
                TransportError::Failed(m) => GarminError::Transport(m),
            })
    }
}

pub(crate) fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

fn rate_limited(resp: &HttpResponse) -> GarminError {
    GarminError::RateLimited {
        retry_after: crate::client::retry_after(resp),
    }
}

/// The OAuth `error` code of a token-service answer (a short lowercase word; anything
/// else is dropped so no echoed input reaches a message).
pub(crate) fn oauth_error(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let e = v.get("error")?.as_str()?;
    (e.len() <= 40 && e.chars().all(|c| c.is_ascii_lowercase() || c == '_')).then(|| e.to_string())
}
