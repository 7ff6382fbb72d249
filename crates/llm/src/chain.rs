//! [`FallbackChain`]: ordered providers with budget checks, retries with backoff, and a
//! circuit breaker per provider.
//!
//! For each provider in order: skipped while its breaker is open; refused (and the next one
//! tried) when the call could cross a budget cap; otherwise sent, and retried on the same
//! provider on 429/5xx/408/timeout/network errors, waiting `base_delay · 2^n` (capped at
//! `max_delay`) or the server's `Retry-After` when longer. A `Retry-After` beyond
//! `max_retry_after` moves on at once. A 400 stops the chain (the request itself is wrong
//! and would be paid for again elsewhere); 401/403/404 and other errors move to the next
//! provider. Fallback happens only before the answer starts: once a stream has produced
//! content, a failure is returned to the caller (the text may already be on screen).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::cost::{Meter, Outcome};
use crate::provider::{Provider, ProviderConfig};
use crate::stream::ChatStream;
use crate::types::{ChatRequest, ChatResponse};
use crate::LlmError;

/// A monotonic clock for the circuit breaker (injected so tests control time).
pub trait Clock: Send + Sync {
    /// Time since an arbitrary fixed origin.
    fn now(&self) -> Duration;
}

/// The real monotonic clock.
#[derive(Debug)]
pub struct SystemClock(Instant);

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock(Instant::now())
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.0.elapsed()
    }
}

/// A clock that moves only when told to (tests).
#[derive(Debug, Default)]
pub struct ManualClock(Mutex<Duration>);

impl ManualClock {
    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Duration {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Retries on one provider before moving to the next.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 2).
    pub max_retries: u32,
    /// First backoff (default 500 ms), doubled each retry.
    pub base_delay: Duration,
    /// Longest backoff (default 8 s).
    pub max_delay: Duration,
    /// Longest `Retry-After` we wait for; beyond it the next provider is tried (default 30 s).
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (0-based), honouring `Retry-After`;
    /// `None` when the server asks for longer than `max_retry_after`.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Option<Duration> {
        let backoff = self
            .base_delay
            .saturating_mul(1u32 << retry.min(16))
            .min(self.max_delay);
        match retry_after {
            Some(ra) if ra > self.max_retry_after => None,
            Some(ra) => Some(ra.max(backoff)),
            None => Some(backoff),
        }
    }
}

/// When a provider is skipped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreakerPolicy {
    /// Consecutive failed calls (each after its retries) that open the breaker (default 3).
    pub failure_threshold: u32,
    /// How long an open breaker skips the provider (default 60 s); then one trial call is let
    /// through, which closes it on success and reopens it on failure.
    pub cooldown: Duration,
}

impl Default for BreakerPolicy {
    fn default() -> Self {
        BreakerPolicy {
            failure_threshold: 3,
            cooldown: Duration::from_secs(60),
        }
    }
}

/// A provider's breaker as the settings page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerStatus {
    Closed { consecutive_failures: u32 },
    Open { remaining: Duration },
}

#[derive(Debug, Default)]
struct Breaker {
    failures: u32,
    open_until: Option<Duration>,
}

struct Entry {
    provider: Box<dyn Provider>,
    breaker: Mutex<Breaker>,
}

/// Ordered providers tried one after the other (see the module doc for the rules).
pub struct FallbackChain {
    entries: Vec<Entry>,
    retry: RetryPolicy,
    breaker: BreakerPolicy,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for FallbackChain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FallbackChain")
            .field("providers", &self.providers())
            .field("retry", &self.retry)
            .field("breaker", &self.breaker)
            .finish()
    }
}

impl FallbackChain {
    pub fn new(providers: Vec<Box<dyn Provider>>) -> Self {
        FallbackChain {
            entries: providers
                .into_iter()
                .map(|provider| Entry {
                    provider,
                    breaker: Mutex::default(),
                })
                .collect(),
            retry: RetryPolicy::default(),
            breaker: BreakerPolicy::default(),
            clock: Arc::new(SystemClock::default()),
        }
    }

    /// A chain of the built-in backends, in the given order.
    pub fn from_configs(configs: Vec<ProviderConfig>) -> Result<Self, LlmError> {
        let providers = configs
            .into_iter()
            .map(crate::provider::build)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(FallbackChain::new(providers))
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn with_breaker(mut self, breaker: BreakerPolicy) -> Self {
        self.breaker = breaker;
        self
    }

    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The providers' configs, in order.
    pub fn providers(&self) -> Vec<&ProviderConfig> {
        self.entries.iter().map(|e| e.provider.config()).collect()
    }

    /// The breaker of the named provider.
    pub fn breaker_status(&self, name: &str) -> Option<BreakerStatus> {
        let now = self.clock.now();
        self.entries
            .iter()
            .find(|e| e.provider.config().name == name)
            .map(|e| {
                let b = lock(&e.breaker);
                match b.open_until {
                    Some(t) if t > now => BreakerStatus::Open { remaining: t - now },
                    _ => BreakerStatus::Closed {
                        consecutive_failures: b.failures,
                    },
                }
            })
    }

    /// Starts a streamed answer from the first provider that begins answering.
    pub async fn stream(&self, req: &ChatRequest, meter: &Meter) -> Result<ChatStream, LlmError> {
        if self.entries.is_empty() {
            return Err(LlmError::NoProvider);
        }
        let mut errors = Vec::new();
        for entry in &self.entries {
            let cfg = entry.provider.config();
            let now = self.clock.now();
            if let Some(until) = lock(&entry.breaker).open_until.filter(|t| *t > now) {
                errors.push(LlmError::CircuitOpen {
                    provider: cfg.name.clone(),
                    remaining: until - now,
                });
                continue;
            }
            match self.try_provider(entry, req, meter).await {
                Ok(s) => {
                    let mut b = lock(&entry.breaker);
                    b.failures = 0;
                    b.open_until = None;
                    return Ok(s);
                }
                Err(e) => {
                    if e.is_provider_failure() {
                        let mut b = lock(&entry.breaker);
                        b.failures += 1;
                        if b.failures >= self.breaker.failure_threshold {
                            b.open_until = Some(self.clock.now() + self.breaker.cooldown);
                            tracing::warn!(provider = %cfg.name, "circuit opened");
                        }
                    }
                    let stop = matches!(e, LlmError::Http { status: 400, .. });
                    tracing::info!(provider = %cfg.name, error = %e, "provider failed");
                    errors.push(e);
                    if stop {
                        break;
                    }
                }
            }
        }
        Err(if errors.len() == 1 {
            errors.remove(0)
        } else {
            LlmError::AllFailed(errors)
        })
    }

    /// One provider with its retries.
    async fn try_provider(
        &self,
        entry: &Entry,
        req: &ChatRequest,
        meter: &Meter,
    ) -> Result<ChatStream, LlmError> {
        let p = entry.provider.as_ref();
        let cfg = p.config();
        let mut retry = 0;
        loop {
            meter.authorize(cfg, req)?;
            let started = Instant::now();
            let e = match p.stream(req).await {
                Ok(inner) => {
                    let mut s =
                        ChatStream::new(cfg.clone(), req.clone(), inner, meter.clone(), started);
                    match s.prime().await {
                        Ok(()) => return Ok(s),
                        Err(e) => {
                            s.fail(&e);
                            e
                        }
                    }
                }
                Err(e) => {
                    meter.record(
                        cfg,
                        Default::default(),
                        started.elapsed(),
                        None,
                        Outcome::Failed(e.outcome_label()),
                    );
                    e
                }
            };
            if !e.is_retryable() || retry >= self.retry.max_retries {
                return Err(e);
            }
            let ra = match &e {
                LlmError::Http { retry_after, .. } => *retry_after,
                _ => None,
            };
            let Some(wait) = self.retry.delay(retry, ra) else {
                return Err(e);
            };
            tracing::info!(provider = %cfg.name, error = %e, wait_ms = wait.as_millis() as u64, "retrying");
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    /// The whole answer from the first provider that gives one.
    pub async fn complete(
        &self,
        req: &ChatRequest,
        meter: &Meter,
    ) -> Result<ChatResponse, LlmError> {
        self.stream(req, meter).await?.collect().await
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
