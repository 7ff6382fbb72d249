//! Service tickets (`ST-…`), as pasted by a person or caught from a navigation.

use secrecy::{ExposeSecret, SecretString};
use url::Url;

use crate::config::GarminConfig;
use crate::error::{GarminError, Result};

/// A single-use CAS service ticket and the service it was issued for.
#[derive(Clone)]
pub struct ServiceTicket {
    ticket: SecretString,
    /// The service the ticket was issued for, when the pasted URL tells it.
    pub service_url: Option<String>,
}

impl std::fmt::Debug for ServiceTicket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceTicket")
            .field("ticket", &"[redacted]")
            .field("service_url", &self.service_url)
            .finish()
    }
}

impl ServiceTicket {
    /// Parses `ST-…` alone, or any URL (or text) holding `ticket=ST-…`. A URL's own
    /// scheme, host and path (without its query) is the service the ticket belongs to:
    /// `https://sso.garmin.com/sso/embed?ticket=ST-…` → `https://sso.garmin.com/sso/embed`.
    pub fn parse(input: &str) -> Result<Self> {
        let s = input.trim();
        if let Some(t) = s.strip_prefix("ST-") {
            if valid_tail(t) {
                return Ok(Self {
                    ticket: SecretString::from(s.to_string()),
                    service_url: None,
                });
            }
            return Err(GarminError::BadTicket);
        }
        let at = s.find("ticket=ST-").ok_or(GarminError::BadTicket)?;
        let rest = &s[at + "ticket=".len()..];
        let end = rest
            .find(|c: char| matches!(c, '&' | '#' | '"' | '\'' | '<') || c.is_whitespace())
            .unwrap_or(rest.len());
        let ticket = &rest[..end];
        if !valid_tail(&ticket[3..]) {
            return Err(GarminError::BadTicket);
        }
        let service_url = Url::parse(s).ok().filter(|u| u.has_host()).map(|mut u| {
            u.set_query(None);
            u.set_fragment(None);
            u.to_string()
        });
        Ok(Self {
            ticket: SecretString::from(ticket.to_string()),
            service_url,
        })
    }

    /// A ticket caught in code (the webview's login JSON, an SSO page), with its service.
    pub fn new(ticket: &str, service_url: Option<String>) -> Result<Self> {
        let mut t = Self::parse(ticket)?;
        t.service_url = service_url;
        Ok(t)
    }

    /// The service to name in the exchange: the one the URL showed, else Garmin's
    /// widget service (`{sso}/sso/embed`), the page a browser shows the ticket on.
    pub fn service_for(&self, cfg: &GarminConfig) -> String {
        self.service_url
            .clone()
            .unwrap_or_else(|| cfg.url(&cfg.hosts.sso, &cfg.sso.embed_path).to_string())
    }

    pub(crate) fn expose(&self) -> &str {
        self.ticket.expose_secret()
    }
}

fn valid_tail(t: &str) -> bool {
    !t.is_empty()
        && t.len() < 512
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}
