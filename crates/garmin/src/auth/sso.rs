//! Email/password/MFA sign-in through Garmin's SSO (reference §1.2–1.6): the mobile JSON
//! API, the embed widget and the portal, in the configured order, each in a fresh
//! cookie session of the swappable [`HttpBackend`]. A 429 moves on to the next strategy
//! (another client id, another rate-limit bucket) but never retries one; when every
//! strategy is rate-limited the error carries the time to try again.

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{json, Value};

use super::di::{form, DiAuth};
use super::ticket::ServiceTicket;
use crate::config::GarminConfig;
use crate::error::{GarminError, Result};
use crate::http::{HttpBackend, HttpRequest, HttpResponse, Method, TransportError};
use crate::tokens::TokenSet;

/// The result of a sign-in step.
#[derive(Debug)]
pub enum LoginOutcome {
    Tokens(TokenSet),
    /// Garmin sent a code (by `method`); call [`SsoLogin::resume_mfa`] with it.
    NeedsMfa(PendingMfa),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Mobile,
    Widget,
    Portal,
}

/// A sign-in waiting for its MFA code. It keeps the session (cookies) that got the
/// challenge; a wrong code leaves it usable for another try.
pub struct PendingMfa {
    flow: Flow,
    session: Arc<dyn HttpBackend>,
    /// `email`, `sms`, `totp`, … as Garmin named it.
    pub method: String,
    csrf: Option<String>,
}

impl std::fmt::Debug for PendingMfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingMfa")
            .field("flow", &self.flow)
            .field("method", &self.method)
            .finish_non_exhaustive()
    }
}

enum Step {
    Ticket(ServiceTicket),
    Mfa(PendingMfa),
    RateLimited,
    FallThrough(&'static str),
}

/// The cooldown after a login 429: 2 h, then double the previous one, at most 24 h
/// (retrying earlier re-arms Garmin's limit).
pub fn login_cooldown(previous: Option<Duration>) -> Duration {
    let day = Duration::from_secs(24 * 3600);
    match previous {
        None => Duration::from_secs(2 * 3600),
        Some(p) => p
            .saturating_mul(2)
            .clamp(Duration::from_secs(2 * 3600), day),
    }
}

/// Email/password sign-in.
pub struct SsoLogin {
    cfg: Arc<GarminConfig>,
    http: Arc<dyn HttpBackend>,
    di: DiAuth,
    delays: bool,
    previous_cooldown: Option<Duration>,
}

impl SsoLogin {
    /// `sso` serves the SSO pages, `token` the DI token host.
    pub fn new(
        cfg: Arc<GarminConfig>,
        sso: Arc<dyn HttpBackend>,
        token: Arc<dyn HttpBackend>,
    ) -> Self {
        Self {
            di: DiAuth::new(cfg.clone(), token),
            cfg,
            http: sso,
            delays: true,
            previous_cooldown: None,
        }
    }

    /// Skips the page→post pauses Garmin's WAF wants (for a local server).
    pub fn without_delays(mut self) -> Self {
        self.delays = false;
        self
    }

    /// The last cooldown the caller persisted, so the next one grows.
    pub fn previous_cooldown(mut self, d: Option<Duration>) -> Self {
        self.previous_cooldown = d;
        self
    }

    /// Tries the strategies in order. Tokens are not yet verified: call
    /// [`GarminClient::profile`](crate::GarminClient::profile) with them.
    pub async fn login(
        &self,
        email: &str,
        password: &SecretString,
        now: Timestamp,
    ) -> Result<LoginOutcome> {
        let mut limited = false;
        for name in &self.cfg.sso.strategies {
            let session = self.http.fresh_session();
            let step = match name.as_str() {
                "mobile" => self.mobile(&session, email, password).await,
                "widget" => self.widget(&session, email, password).await,
                "portal" => self.portal(&session, email, password).await,
                _ => continue,
            };
            match step? {
                Step::Ticket(t) => {
                    return Ok(LoginOutcome::Tokens(self.di.exchange(&t, now).await?));
                }
                Step::Mfa(p) => return Ok(LoginOutcome::NeedsMfa(p)),
                Step::RateLimited => {
                    tracing::warn!(strategy = %name, "garmin sign-in rate-limited");
                    limited = true;
                }
                Step::FallThrough(why) => {
                    tracing::info!(strategy = %name, why, "garmin sign-in strategy failed")
                }
            }
        }
        if limited {
            let cooldown = login_cooldown(self.previous_cooldown);
            let until = now
                .checked_add(jiff::SignedDuration::try_from(cooldown).unwrap_or_default())
                .unwrap_or(now);
            return Err(GarminError::LoginRateLimited { until, cooldown });
        }
        Err(GarminError::Blocked)
    }

    /// Sends the MFA code in the session that got the challenge.
    pub async fn resume_mfa(
        &self,
        pending: &PendingMfa,
        code: &str,
        now: Timestamp,
    ) -> Result<TokenSet> {
        let code = code.trim();
        let s = &self.cfg.sso;
        let ticket = match pending.flow {
            Flow::Mobile | Flow::Portal => {
                let (path, q, ua) = self.json_flow(pending.flow);
                let body = json!({"mfaMethod": pending.method, "mfaVerificationCode": code,
                    "rememberMyBrowser": true, "reconsentList": [], "mfaSetup": false});
                let r = send(&pending.session, self.json_post(path, &q, ua, body)).await?;
                match self.read_json_login(&r, pending.flow, &pending.session)? {
                    Step::Ticket(t) => t,
                    Step::RateLimited => return Err(self.rate_limited(now)),
                    _ => return Err(GarminError::BadMfaCode),
                }
            }
            Flow::Widget => {
                let q = self.widget_query();
                let mut url = self.sso_url(&s.widget_mfa_submit_path);
                url.query_pairs_mut().extend_pairs(&q);
                let body = form(&[
                    ("mfa-code", code),
                    ("embed", "true"),
                    ("_csrf", pending.csrf.as_deref().unwrap_or("")),
                    ("fromPage", "setupEnterMfaCode"),
                ]);
                let r = send(&pending.session, self.form_post(url, body)).await?;
                if r.status == 429 {
                    return Err(self.rate_limited(now));
                }
                match self.read_widget_page(&r)? {
                    Step::Ticket(t) => t,
                    _ => return Err(GarminError::BadMfaCode),
                }
            }
        };
        self.di.exchange(&ticket, now).await
    }

    fn rate_limited(&self, now: Timestamp) -> GarminError {
        let cooldown = login_cooldown(self.previous_cooldown);
        let until = now
            .checked_add(jiff::SignedDuration::try_from(cooldown).unwrap_or_default())
            .unwrap_or(now);
        GarminError::LoginRateLimited { until, cooldown }
    }

    fn sso_url(&self, path: &str) -> url::Url {
        self.cfg.url(&self.cfg.hosts.sso, path)
    }

    fn portal_service(&self) -> String {
        self.cfg
            .url(&self.cfg.hosts.connect, &self.cfg.sso.portal_service_path)
            .to_string()
    }

    /// (login path, query, user agent) of the mobile or portal flow.
    fn json_flow(&self, flow: Flow) -> (&str, Vec<(&'static str, String)>, &str) {
        let s = &self.cfg.sso;
        let (path, client, service, ua) = if flow == Flow::Portal {
            (
                &s.portal_mfa_path,
                &s.portal_client_id,
                self.portal_service(),
                &s.browser_user_agent,
            )
        } else {
            (
                &s.mobile_mfa_path,
                &s.mobile_client_id,
                s.mobile_service.clone(),
                &s.mobile_user_agent,
            )
        };
        let q = vec![
            ("clientId", client.clone()),
            ("locale", s.locale.clone()),
            ("service", service),
        ];
        (path, q, ua)
    }

    fn json_post(&self, path: &str, q: &[(&str, String)], ua: &str, body: Value) -> HttpRequest {
        let mut url = self.sso_url(path);
        url.query_pairs_mut().extend_pairs(q);
        let origin = self.cfg.hosts.sso.origin().ascii_serialization();
        HttpRequest {
            method: Method::Post,
            url,
            headers: vec![
                ("User-Agent".into(), ua.into()),
                ("Accept".into(), "application/json, text/plain, */*".into()),
                ("Content-Type".into(), "application/json".into()),
                ("Origin".into(), origin),
            ],
            body: body.to_string().into_bytes(),
            timeout: Duration::from_secs(self.cfg.api.timeout_secs),
        }
    }

    fn form_post(&self, url: url::Url, body: String) -> HttpRequest {
        HttpRequest {
            method: Method::Post,
            url,
            headers: vec![
                ("User-Agent".into(), self.cfg.sso.browser_user_agent.clone()),
                (
                    "Content-Type".into(),
                    "application/x-www-form-urlencoded".into(),
                ),
            ],
            body: body.into_bytes(),
            timeout: Duration::from_secs(self.cfg.api.timeout_secs),
        }
    }

    fn get(&self, url: url::Url) -> HttpRequest {
        HttpRequest {
            method: Method::Get,
            url,
            headers: vec![
                ("User-Agent".into(), self.cfg.sso.browser_user_agent.clone()),
                (
                    "Accept".into(),
                    "text/html,application/xhtml+xml,*/*;q=0.8".into(),
                ),
            ],
            body: Vec::new(),
            timeout: Duration::from_secs(self.cfg.api.timeout_secs),
        }
    }

    async fn pause(&self, range: [u64; 2]) {
        if self.delays {
            let (a, b) = (range[0].min(range[1]), range[0].max(range[1]));
            tokio::time::sleep(Duration::from_secs(fastrand::u64(a..=b))).await;
        }
    }

    async fn mobile(
        &self,
        session: &Arc<dyn HttpBackend>,
        email: &str,
        password: &SecretString,
    ) -> Result<Step> {
        let s = &self.cfg.sso;
        let q = vec![
            ("clientId", s.mobile_client_id.clone()),
            ("locale", s.locale.clone()),
            ("service", s.mobile_service.clone()),
        ];
        let body = json!({"username": email, "password": password.expose_secret(),
            "rememberMe": true, "captchaToken": ""});
        let req = self.json_post(&s.mobile_login_path, &q, &s.mobile_user_agent, body);
        match session.send(req).await {
            Ok(r) => self.read_json_login(&r, Flow::Mobile, session),
            Err(_) => Ok(Step::FallThrough("transport")),
        }
    }

    async fn portal(
        &self,
        session: &Arc<dyn HttpBackend>,
        email: &str,
        password: &SecretString,
    ) -> Result<Step> {
        let s = &self.cfg.sso;
        let service = self.portal_service();
        let mut page = self.sso_url(&s.portal_signin_path);
        page.query_pairs_mut()
            .append_pair("clientId", &s.portal_client_id)
            .append_pair("service", &service);
        match session.send(self.get(page.clone())).await {
            Ok(r) if r.status == 429 => return Ok(Step::RateLimited),
            Ok(r) if r.status >= 400 => return Ok(Step::FallThrough("sign-in page")),
            Err(_) => return Ok(Step::FallThrough("transport")),
            Ok(_) => {}
        }
        self.pause(s.portal_delay_secs).await;
        let q = vec![
            ("clientId", s.portal_client_id.clone()),
            ("locale", s.locale.clone()),
            ("service", service),
        ];
        let body = json!({"username": email, "password": password.expose_secret(),
            "rememberMe": true, "captchaToken": ""});
        let mut req = self.json_post(&s.portal_login_path, &q, &s.browser_user_agent, body);
        req.headers.push(("Referer".into(), page.to_string()));
        match session.send(req).await {
            Ok(r) => self.read_json_login(&r, Flow::Portal, session),
            Err(_) => Ok(Step::FallThrough("transport")),
        }
    }

    /// The mobile/portal login JSON (`responseStatus.type`).
    fn read_json_login(
        &self,
        r: &HttpResponse,
        flow: Flow,
        session: &Arc<dyn HttpBackend>,
    ) -> Result<Step> {
        if r.status == 429 {
            return Ok(Step::RateLimited);
        }
        if r.status == 403 || r.status >= 500 {
            return Ok(Step::FallThrough("blocked or failed"));
        }
        let Ok(v) = serde_json::from_slice::<Value>(&r.body) else {
            return Ok(Step::FallThrough("not JSON"));
        };
        let code = v.pointer("/error/status-code");
        if code.and_then(Value::as_str) == Some("429") || code.and_then(Value::as_i64) == Some(429)
        {
            return Ok(Step::RateLimited);
        }
        let service = if flow == Flow::Portal {
            self.portal_service()
        } else {
            self.cfg.sso.mobile_service.clone()
        };
        match v.pointer("/responseStatus/type").and_then(Value::as_str) {
            Some("SUCCESSFUL") => match v.get("serviceTicketId").and_then(Value::as_str) {
                Some(t) => Ok(Step::Ticket(ServiceTicket::new(t, Some(service))?)),
                None => Ok(Step::FallThrough("no ticket")),
            },
            Some("MFA_REQUIRED") => Ok(Step::Mfa(PendingMfa {
                flow,
                session: session.clone(),
                method: v
                    .pointer("/customerMfaInfo/mfaLastMethodUsed")
                    .and_then(Value::as_str)
                    .unwrap_or("email")
                    .to_string(),
                csrf: None,
            })),
            Some("INVALID_USERNAME_PASSWORD") => Err(GarminError::BadCredentials),
            _ => Ok(Step::FallThrough("captcha or unknown answer")),
        }
    }

    fn widget_query(&self) -> Vec<(&'static str, String)> {
        let e = self.sso_url(&self.cfg.sso.embed_path).to_string();
        vec![
            ("id", "gauth-widget".into()),
            ("embedWidget", "true".into()),
            ("gauthHost", e.clone()),
            ("service", e.clone()),
            ("source", e.clone()),
            ("redirectAfterAccountLoginUrl", e.clone()),
            ("redirectAfterAccountCreationUrl", e),
        ]
    }

    async fn widget(
        &self,
        session: &Arc<dyn HttpBackend>,
        email: &str,
        password: &SecretString,
    ) -> Result<Step> {
        let s = &self.cfg.sso;
        let mut embed = self.sso_url(&s.embed_path);
        embed
            .query_pairs_mut()
            .append_pair("id", "gauth-widget")
            .append_pair("embedWidget", "true")
            .append_pair("gauthHost", self.sso_url("/sso").as_str());
        let mut signin = self.sso_url(&s.signin_path);
        signin.query_pairs_mut().extend_pairs(self.widget_query());
        for url in [embed, signin.clone()] {
            match session.send(self.get(url)).await {
                Ok(r) if r.status == 429 => return Ok(Step::RateLimited),
                Ok(r) if r.status >= 400 => return Ok(Step::FallThrough("sign-in page")),
                Err(_) => return Ok(Step::FallThrough("transport")),
                Ok(r) => {
                    if let Some(c) = csrf(&r.body) {
                        self.pause(s.widget_delay_secs).await;
                        let body = form(&[
                            ("username", email),
                            ("password", password.expose_secret()),
                            ("embed", "true"),
                            ("_csrf", &c),
                        ]);
                        let mut req = self.form_post(signin.clone(), body);
                        req.headers.push(("Referer".into(), signin.to_string()));
                        return match session.send(req).await {
                            Ok(r) if r.status == 429 => Ok(Step::RateLimited),
                            Ok(r) => self.read_widget_page(&r).map(|st| match st {
                                Step::Mfa(mut p) => {
                                    p.session = session.clone();
                                    Step::Mfa(p)
                                }
                                st => st,
                            }),
                            Err(_) => Ok(Step::FallThrough("transport")),
                        };
                    }
                }
            }
        }
        Ok(Step::FallThrough("no CSRF token on the sign-in page"))
    }

    /// The widget's HTML answer, read from its `<title>`.
    fn read_widget_page(&self, r: &HttpResponse) -> Result<Step> {
        let html = String::from_utf8_lossy(&r.body);
        let title = between(&html, "<title>", "</title>")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let service = self.sso_url(&self.cfg.sso.embed_path).to_string();
        if title.contains("success") {
            if let Some(at) = html.find("?ticket=ST-").or_else(|| html.find("ticket=ST-")) {
                let t = &html[at..];
                let t = &t[t.find("ST-").unwrap_or(0)..];
                let end = t
                    .find(|c: char| c == '"' || c == '&' || c == '\'' || c.is_whitespace())
                    .unwrap_or(t.len());
                return Ok(Step::Ticket(ServiceTicket::new(&t[..end], Some(service))?));
            }
            return Ok(Step::FallThrough("no ticket on the success page"));
        }
        if let Some(method) = js_var(&html, "mfaMethod") {
            return Ok(Step::Mfa(PendingMfa {
                flow: Flow::Widget,
                session: self.http.clone(),
                method,
                csrf: csrf(&r.body),
            }));
        }
        if ["locked", "invalid", "incorrect", "account error"]
            .iter()
            .any(|w| title.contains(w))
        {
            return Err(GarminError::BadCredentials);
        }
        if title.contains("unable to sign in") {
            return Err(GarminError::AccountNotSupported(
                "a child or family account".into(),
            ));
        }
        Ok(Step::FallThrough("unrecognised widget page"))
    }
}

async fn send(session: &Arc<dyn HttpBackend>, req: HttpRequest) -> Result<HttpResponse> {
    session.send(req).await.map_err(|e| match e {
        TransportError::Timeout => GarminError::Timeout {
            what: "Garmin's sign-in".into(),
            attempts: 1,
        },
        TransportError::Failed(m) => GarminError::Transport(m),
    })
}

fn between<'a>(s: &'a str, a: &str, b: &str) -> Option<&'a str> {
    let i = s.find(a)? + a.len();
    let j = s[i..].find(b)? + i;
    Some(s[i..j].trim())
}

/// `name="_csrf" value="…"`.
fn csrf(body: &[u8]) -> Option<String> {
    let html = String::from_utf8_lossy(body);
    let i = html.find("name=\"_csrf\"")?;
    between(&html[i..], "value=\"", "\"").map(String::from)
}

/// An inline JS string variable: `var mfaMethod = "email";` (or with single quotes).
fn js_var(html: &str, name: &str) -> Option<String> {
    let i = html.find(name)? + name.len();
    let rest = html[i..]
        .trim_start()
        .strip_prefix([':', '='])?
        .trim_start();
    let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let v = &rest[1..];
    let end = v.find(q)?;
    Some(v[..end].to_string()).filter(|s| !s.is_empty())
}
