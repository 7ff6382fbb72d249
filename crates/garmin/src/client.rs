//! The API client: one request in flight, spaced; 429 → back off; 5xx and timeouts →
//! bounded retries with jitter; 401 → one refresh, then "sign in again"; a circuit
//! breaker after repeated failures; a request counter.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex as StdMutex};
use std::time::Duration;

use jiff::Timestamp;
use secrecy::ExposeSecret;
use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::auth::di::DiAuth;
use crate::config::GarminConfig;
use crate::error::{GarminError, Result};
use crate::http::{
    BoxFuture, HttpBackend, HttpRequest, HttpResponse, Method, ReqwestBackend, TransportError,
};
use crate::tokens::TokenSet;

/// Pacing, retry and breaker settings. [`ClientOptions::default`] is for the real
/// Garmin; [`ClientOptions::local`] for a server on this machine.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Pause between the end of one request and the start of the next
    /// (`PACELINE_GARMIN_PACE_MS`).
    pub spacing: Duration,
    /// First wait after a 429 without `Retry-After`; doubles each time.
    pub rate_limit_base: Duration,
    /// Longest wait after a 429 (also caps `Retry-After`).
    pub rate_limit_max: Duration,
    /// 429s tolerated for one call before giving up with `RateLimited`.
    pub rate_limit_retries: u32,
    /// Retries of one call after a 5xx, a timeout or a transport error.
    pub retry_attempts: u32,
    /// First retry delay (grows ×2, plus 50–100 % jitter) and its cap.
    pub retry_base: Duration,
    pub retry_max: Duration,
    /// Per-request timeout; `None` = the constants file's `api.timeout_secs`.
    pub timeout: Option<Duration>,
    /// Failed attempts in a row (429, 5xx, timeout, transport) that open the breaker.
    pub circuit_threshold: u32,
    /// How long an open breaker refuses calls before letting one through.
    pub circuit_cooldown: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            spacing: Duration::from_millis(1000),
            rate_limit_base: Duration::from_secs(30),
            rate_limit_max: Duration::from_secs(600),
            rate_limit_retries: 3,
            retry_attempts: 3,
            retry_base: Duration::from_secs(1),
            retry_max: Duration::from_secs(10),
            timeout: None,
            circuit_threshold: 8,
            circuit_cooldown: Duration::from_secs(300),
        }
    }
}

impl ClientOptions {
    /// For a server on this machine (tests, `PACELINE_GARMIN_PACE_MS=0`): no spacing,
    /// millisecond back-offs, a 2 s timeout.
    pub fn local() -> Self {
        Self {
            spacing: Duration::ZERO,
            rate_limit_base: Duration::from_millis(20),
            rate_limit_max: Duration::from_millis(500),
            retry_base: Duration::from_millis(5),
            retry_max: Duration::from_millis(50),
            timeout: Some(Duration::from_secs(2)),
            circuit_cooldown: Duration::from_millis(200),
            ..Self::default()
        }
    }
}

/// Called with the new tokens after every refresh, so the caller persists the rotated
/// refresh token (atomically, in the keyring) before it is needed again.
pub type TokenCallback = Arc<dyn Fn(&TokenSet) + Send + Sync>;

/// One API call, before auth headers.
#[derive(Debug, Clone)]
pub(crate) struct ApiCall {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<(String, Vec<u8>)>,
    pub accept: &'static str,
    /// What the call fetches, for messages ("activity 123").
    pub what: String,
    /// Non-2xx statuses handed back as a response instead of an error (upload's 409).
    pub pass: &'static [u16],
}

impl ApiCall {
    pub fn get(path: String, what: impl Into<String>) -> Self {
        Self {
            method: Method::Get,
            path,
            query: Vec::new(),
            body: None,
            accept: "application/json",
            what: what.into(),
            pass: &[],
        }
    }
    pub fn query(mut self, k: &str, v: impl ToString) -> Self {
        self.query.push((k.into(), v.to_string()));
        self
    }
}

#[derive(Default)]
struct Breaker {
    consecutive: u32,
    open_until: Option<Instant>,
}

struct Inner {
    cfg: Arc<GarminConfig>,
    opts: ClientOptions,
    api: Arc<dyn HttpBackend>,
    di: DiAuth,
    tokens: Mutex<TokenSet>,
    /// Held for a whole call: one request in flight. Holds the end of the last request.
    gate: Mutex<Option<Instant>>,
    requests: Arc<AtomicU64>,
    breaker: StdMutex<Breaker>,
    on_tokens: StdMutex<Option<TokenCallback>>,
    pub(crate) display_name: StdMutex<Option<String>>,
}

/// A signed-in Garmin Connect client. Cheap to clone; clones share the pacing gate,
/// the tokens and the counter.
#[derive(Clone)]
pub struct GarminClient {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for GarminClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GarminClient")
            .field("api", &self.inner.cfg.hosts.connectapi.as_str())
            .field("requests", &self.requests())
            .finish_non_exhaustive()
    }
}

/// Counts every request that reaches a backend.
struct Counted {
    inner: Arc<dyn HttpBackend>,
    n: Arc<AtomicU64>,
}

impl HttpBackend for Counted {
    fn send(&self, req: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.n.fetch_add(1, Ordering::Relaxed);
        self.inner.send(req)
    }
    fn fresh_session(&self) -> Arc<dyn HttpBackend> {
        Arc::new(Counted {
            inner: self.inner.fresh_session(),
            n: self.n.clone(),
        })
    }
}

impl GarminClient {
    /// A client over reqwest (rustls) for both the API and the token host.
    pub fn new(cfg: GarminConfig, tokens: TokenSet, opts: ClientOptions) -> Result<Self> {
        let b: Arc<dyn HttpBackend> = Arc::new(ReqwestBackend::new().map_err(|e| match e {
            TransportError::Timeout => GarminError::Transport("timeout".into()),
            TransportError::Failed(m) => GarminError::Transport(m),
        })?);
        Ok(Self::with_backends(cfg, tokens, opts, b.clone(), b))
    }

    /// A client over the given backends: `api` for connectapi, `auth` for the token
    /// host (swap it for a browser-fingerprint client if Garmin demands one).
    pub fn with_backends(
        cfg: GarminConfig,
        tokens: TokenSet,
        opts: ClientOptions,
        api: Arc<dyn HttpBackend>,
        auth: Arc<dyn HttpBackend>,
    ) -> Self {
        let n = Arc::new(AtomicU64::new(0));
        let cfg = Arc::new(cfg);
        let api: Arc<dyn HttpBackend> = Arc::new(Counted {
            inner: api,
            n: n.clone(),
        });
        let auth: Arc<dyn HttpBackend> = Arc::new(Counted {
            inner: auth,
            n: n.clone(),
        });
        Self {
            inner: Arc::new(Inner {
                di: DiAuth::new(cfg.clone(), auth),
                cfg,
                opts,
                api,
                tokens: Mutex::new(tokens),
                gate: Mutex::new(None),
                requests: n,
                breaker: StdMutex::new(Breaker::default()),
                on_tokens: StdMutex::new(None),
                display_name: StdMutex::new(None),
            }),
        }
    }

    /// Registers the callback that persists rotated tokens.
    pub fn on_tokens_changed(&self, cb: TokenCallback) {
        *lock(&self.inner.on_tokens) = Some(cb);
    }

    /// HTTP requests sent so far (API and token host, retries included).
    pub fn requests(&self) -> u64 {
        self.inner.requests.load(Ordering::Relaxed)
    }

    /// The current tokens (after any refresh).
    pub async fn tokens(&self) -> TokenSet {
        self.inner.tokens.lock().await.clone()
    }

    /// The constants in use.
    pub fn config(&self) -> &GarminConfig {
        &self.inner.cfg
    }

    /// Closes an open circuit breaker (the user pressed "sync now" again).
    pub fn reset_circuit(&self) {
        *lock(&self.inner.breaker) = Breaker::default();
    }

    /// Refreshes the tokens now, whatever their expiry.
    pub async fn refresh_tokens(&self) -> Result<TokenSet> {
        let mut gate = self.inner.gate.lock().await;
        self.refresh_locked(&mut gate).await
    }

    pub(crate) fn cached_display_name(&self) -> Option<String> {
        lock(&self.inner.display_name).clone()
    }

    pub(crate) fn set_display_name(&self, name: &str) {
        *lock(&self.inner.display_name) = Some(name.to_string());
    }

    /// Sends one call with pacing, refresh, retries and the breaker; returns a 2xx
    /// response or a typed error.
    pub(crate) async fn execute(&self, call: ApiCall) -> Result<HttpResponse> {
        let o = &self.inner.opts;
        let mut gate = self.inner.gate.lock().await;
        self.check_breaker()?;
        let (mut refreshed, mut limited, mut failed) = (false, 0u32, 0u32);
        loop {
            let margin = Duration::from_secs(self.inner.cfg.di.refresh_margin_secs);
            let stale = self
                .inner
                .tokens
                .lock()
                .await
                .expires_within(Timestamp::now(), margin);
            if stale && !refreshed {
                refreshed = true;
                self.refresh_locked(&mut gate).await?;
            }
            let req = self.build(&call).await;
            let res = self.paced(&mut gate, &self.inner.api, req).await;
            let retry_wait = match res {
                Ok(r) if (200..300).contains(&r.status) || call.pass.contains(&r.status) => {
                    self.breaker_ok();
                    return Ok(r);
                }
                Ok(r) if r.status == 401 => {
                    if refreshed {
                        return Err(GarminError::SignInAgain {
                            reason: "Garmin rejected a freshly refreshed token".into(),
                        });
                    }
                    refreshed = true;
                    self.refresh_locked(&mut gate).await?;
                    continue;
                }
                Ok(r) if r.status == 429 => {
                    let after = retry_after(&r);
                    self.breaker_fail()?;
                    if limited >= o.rate_limit_retries {
                        return Err(GarminError::RateLimited { retry_after: after });
                    }
                    let grown = o.rate_limit_base.saturating_mul(1 << limited.min(16));
                    limited += 1;
                    after.unwrap_or(grown).min(o.rate_limit_max)
                }
                Ok(r) if r.status >= 500 => {
                    self.breaker_fail()?;
                    failed += 1;
                    if failed > o.retry_attempts {
                        return Err(GarminError::Server {
                            status: r.status,
                            what: call.what.clone(),
                            attempts: failed,
                        });
                    }
                    self.jitter(failed)
                }
                Ok(r) => {
                    self.breaker_ok();
                    return Err(status_error(r.status, &call.what));
                }
                Err(e) => {
                    self.breaker_fail()?;
                    failed += 1;
                    if failed > o.retry_attempts {
                        return Err(match e {
                            TransportError::Timeout => GarminError::Timeout {
                                what: call.what.clone(),
                                attempts: failed,
                            },
                            TransportError::Failed(m) => GarminError::Transport(m),
                        });
                    }
                    self.jitter(failed)
                }
            };
            tracing::debug!(what = %call.what, wait_ms = retry_wait.as_millis() as u64, "garmin retry");
            tokio::time::sleep(retry_wait).await;
        }
    }

    async fn build(&self, call: &ApiCall) -> HttpRequest {
        let cfg = &self.inner.cfg;
        let mut url = cfg.url(&cfg.hosts.connectapi, &call.path);
        if !call.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&call.query);
        }
        let mut headers: Vec<(String, String)> = cfg
            .native_headers
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let token = self.inner.tokens.lock().await;
        headers.push((
            "Authorization".into(),
            format!("Bearer {}", token.access_token.expose_secret()),
        ));
        headers.push(("Accept".into(), call.accept.into()));
        let body = match &call.body {
            Some((ct, b)) => {
                headers.push(("Content-Type".into(), ct.clone()));
                b.clone()
            }
            None => Vec::new(),
        };
        HttpRequest {
            method: call.method,
            url,
            headers,
            body,
            timeout: self.timeout(),
        }
    }

    fn timeout(&self) -> Duration {
        self.inner
            .opts
            .timeout
            .unwrap_or(Duration::from_secs(self.inner.cfg.api.timeout_secs))
    }

    /// Waits out the spacing since the last request, sends, and notes the end time.
    async fn paced(
        &self,
        last: &mut Option<Instant>,
        backend: &Arc<dyn HttpBackend>,
        req: HttpRequest,
    ) -> Result<HttpResponse, TransportError> {
        if let Some(t) = *last {
            tokio::time::sleep_until(t + self.inner.opts.spacing).await;
        }
        let r = backend.send(req).await;
        *last = Some(Instant::now());
        r
    }

    async fn refresh_locked(&self, last: &mut Option<Instant>) -> Result<TokenSet> {
        if let Some(t) = *last {
            tokio::time::sleep_until(t + self.inner.opts.spacing).await;
        }
        let mut tokens = self.inner.tokens.lock().await;
        let r = self.inner.di.refresh(&tokens, Timestamp::now()).await;
        *last = Some(Instant::now());
        let fresh = r?;
        *tokens = fresh.clone();
        drop(tokens);
        tracing::info!(client_id = %fresh.client_id, "garmin tokens refreshed");
        let cb = lock(&self.inner.on_tokens).clone();
        if let Some(cb) = cb {
            cb(&fresh);
        }
        Ok(fresh)
    }

    fn jitter(&self, attempt: u32) -> Duration {
        let o = &self.inner.opts;
        let base = o.retry_base.saturating_mul(1 << (attempt - 1).min(16));
        let j = base.mul_f64(1.0 + 0.5 + fastrand::f64() * 0.5);
        j.clamp(o.retry_base, o.retry_max.max(o.retry_base))
    }

    fn check_breaker(&self) -> Result<()> {
        let mut b = lock(&self.inner.breaker);
        match b.open_until {
            Some(t) if Instant::now() < t => Err(GarminError::CircuitOpen {
                failures: b.consecutive,
            }),
            Some(_) => {
                // half-open: one more failure re-opens it
                b.open_until = None;
                b.consecutive = self.inner.opts.circuit_threshold.saturating_sub(1);
                Ok(())
            }
            None => Ok(()),
        }
    }

    fn breaker_ok(&self) {
        *lock(&self.inner.breaker) = Breaker::default();
    }

    fn breaker_fail(&self) -> Result<()> {
        let mut b = lock(&self.inner.breaker);
        b.consecutive += 1;
        if b.consecutive >= self.inner.opts.circuit_threshold {
            b.open_until = Some(Instant::now() + self.inner.opts.circuit_cooldown);
            tracing::warn!(failures = b.consecutive, "garmin circuit breaker open");
            return Err(GarminError::CircuitOpen {
                failures: b.consecutive,
            });
        }
        Ok(())
    }
}

fn lock<T>(m: &StdMutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn status_error(status: u16, what: &str) -> GarminError {
    let what = what.to_string();
    match status {
        404 => GarminError::NotFound { what },
        403 => GarminError::Forbidden { what },
        _ => GarminError::Http { status, what },
    }
}

/// `Retry-After` as seconds or an HTTP date (relative to now).
pub(crate) fn retry_after(r: &HttpResponse) -> Option<Duration> {
    let v = r.header("retry-after")?.trim();
    if let Ok(s) = v.parse::<u64>() {
        return Some(Duration::from_secs(s));
    }
    let at = jiff::fmt::rfc2822::parse(v).ok()?.timestamp();
    let d = at.duration_since(Timestamp::now());
    Some(Duration::try_from(d).unwrap_or(Duration::ZERO))
}
