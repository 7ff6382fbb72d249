//! Money: the price table, budget caps, and the [`Meter`] that checks every call before it is
//! sent and records what it cost.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::Period;
use crate::provider::ProviderConfig;
use crate::types::{ChatRequest, Usage};
use crate::LlmError;

/// USD per million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Price {
    pub input_per_mtok: f64,
    pub output_per_mtok: f64,
}

impl Price {
    pub const FREE: Price = Price {
        input_per_mtok: 0.0,
        output_per_mtok: 0.0,
    };

    /// What a model missing from the table is charged until the user sets its price:
    /// $15 in / $75 out per million tokens, as high as the dearest mainstream model
    /// (Claude Opus), so a budget cap holds whatever the model really costs.
    pub const CONSERVATIVE_DEFAULT: Price = Price {
        input_per_mtok: 15.0,
        output_per_mtok: 75.0,
    };

    /// The cost of the given token counts in USD.
    pub fn cost(&self, input_tokens: u64, output_tokens: u64) -> f64 {
        (input_tokens as f64 * self.input_per_mtok + output_tokens as f64 * self.output_per_mtok)
            / 1_000_000.0
    }
}

/// One row of the price table; `model = "*"` prices every model of the provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceEntry {
    pub provider: String,
    pub model: String,
    #[serde(flatten)]
    pub price: Price,
}

/// Where a price came from, for the ledger and the settings page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceSource {
    /// The user's table (exact model, else the provider's `*` row).
    Table,
    /// A local provider with no row: free.
    Local,
    /// A cloud model with no row: [`Price::CONSERVATIVE_DEFAULT`].
    Default,
}

/// The user-editable price table (serde: `{"prices": [{provider, model, input_per_mtok, output_per_mtok}]}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PriceTable {
    #[serde(default)]
    pub prices: Vec<PriceEntry>,
}

impl PriceTable {
    /// The price of a provider's model: an exact row, else the provider's `*` row, else free
    /// for a local provider, else the conservative default.
    pub fn lookup(&self, provider: &str, model: &str, local: bool) -> (Price, PriceSource) {
        let row = |m: &str| {
            self.prices
                .iter()
                .find(|e| e.provider == provider && e.model == m)
        };
        match row(model).or_else(|| row("*")) {
            Some(e) => (e.price, PriceSource::Table),
            None if local => (Price::FREE, PriceSource::Local),
            None => (Price::CONSERVATIVE_DEFAULT, PriceSource::Default),
        }
    }

    /// Sets (or replaces) a row.
    pub fn set(&mut self, provider: &str, model: &str, price: Price) {
        self.prices
            .retain(|e| !(e.provider == provider && e.model == model));
        self.prices.push(PriceEntry {
            provider: provider.into(),
            model: model.into(),
            price,
        });
    }
}

/// Spending caps in USD; `None` is no cap, `Some(0.0)` refuses every call that costs anything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct BudgetCaps {
    #[serde(default)]
    pub daily_usd: Option<f64>,
    #[serde(default)]
    pub weekly_usd: Option<f64>,
    #[serde(default)]
    pub monthly_usd: Option<f64>,
}

/// What was already spent in the current day, week and month (the caller reads its ledger).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Spent {
    pub day_usd: f64,
    pub week_usd: f64,
    pub month_usd: f64,
}

impl BudgetCaps {
    /// Refuses a call whose estimated cost would take a period over its cap. A free call
    /// always passes; a negative or NaN cap counts as 0.
    pub fn check(&self, spent: Spent, estimate: f64) -> Result<(), LlmError> {
        if estimate <= 0.0 {
            return Ok(());
        }
        for (period, cap, spent) in [
            (Period::Day, self.daily_usd, spent.day_usd),
            (Period::Week, self.weekly_usd, spent.week_usd),
            (Period::Month, self.monthly_usd, spent.month_usd),
        ] {
            let Some(cap) = cap else { continue };
            let cap = if cap.is_nan() { 0.0 } else { cap.max(0.0) };
            if spent + estimate > cap {
                return Err(LlmError::BudgetExceeded {
                    period,
                    cap,
                    spent,
                    estimate,
                });
            }
        }
        Ok(())
    }
}

/// How a call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Ok,
    /// Answered, but cut off at max tokens.
    Truncated,
    /// Refused by the budget before anything was sent.
    Refused,
    /// The caller stopped reading the stream.
    Cancelled,
    /// Failed; the label says how (`timeout`, `rate_limited`, `server_error`, …).
    Failed(&'static str),
}

impl Outcome {
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Truncated => "truncated",
            Outcome::Refused => "budget_refused",
            Outcome::Cancelled => "cancelled",
            Outcome::Failed(l) => l,
        }
    }
}

/// One call to one provider, for the ledger (the caller adds athlete, action, prompt, time).
#[derive(Debug, Clone, PartialEq)]
pub struct CallRecord {
    pub provider: String,
    pub model: String,
    pub usage: Usage,
    pub cost_usd: f64,
    pub price_source: PriceSource,
    /// From sending the request to the end of the answer (or the failure).
    pub latency: Duration,
    /// From sending the request to the first text or tool-call event.
    pub time_to_first_token: Option<Duration>,
    pub outcome: Outcome,
}

type OnCall = Box<dyn Fn(&CallRecord) + Send + Sync>;

struct MeterInner {
    prices: PriceTable,
    caps: BudgetCaps,
    spent_before: Spent,
    calls: Mutex<Vec<CallRecord>>,
    on_call: Mutex<Option<OnCall>>,
}

/// Prices, caps and the calls of one run (a plan generation, a chat turn, a deep analysis).
/// Every call is checked against the caps with what was spent before the run plus what the
/// run has spent so far, and recorded. Cheap to clone (shared).
#[derive(Clone)]
pub struct Meter(Arc<MeterInner>);

impl std::fmt::Debug for Meter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Meter")
            .field("caps", &self.0.caps)
            .field("spent_before", &self.0.spent_before)
            .field("calls", &self.calls().len())
            .finish()
    }
}

impl Meter {
    pub fn new(prices: PriceTable, caps: BudgetCaps, spent_before: Spent) -> Self {
        Meter(Arc::new(MeterInner {
            prices,
            caps,
            spent_before,
            calls: Mutex::new(Vec::new()),
            on_call: Mutex::new(None),
        }))
    }

    /// No caps; unknown models still priced at the conservative default.
    pub fn unlimited() -> Self {
        Meter::new(
            PriceTable::default(),
            BudgetCaps::default(),
            Spent::default(),
        )
    }

    /// Calls `f` with every record from now on, as it is made (e.g. to write the ledger row
    /// at once). Replaces an earlier callback; clones of the meter share it.
    pub fn with_on_call(self, f: impl Fn(&CallRecord) + Send + Sync + 'static) -> Self {
        *self.0.on_call.lock().unwrap_or_else(|e| e.into_inner()) = Some(Box::new(f));
        self
    }

    pub fn prices(&self) -> &PriceTable {
        &self.0.prices
    }

    /// The most a request can cost on this provider: its counted prompt tokens plus
    /// `max_tokens` of output.
    pub fn estimate(&self, cfg: &ProviderConfig, req: &ChatRequest) -> f64 {
        let (price, _) = self.0.prices.lookup(&cfg.name, &cfg.model, cfg.local);
        price.cost(
            crate::tokens::count_request(req) as u64,
            u64::from(req.max_tokens),
        )
    }

    /// Checks the caps for one call; on refusal records it as `Refused`.
    pub(crate) fn authorize(
        &self,
        cfg: &ProviderConfig,
        req: &ChatRequest,
    ) -> Result<(), LlmError> {
        let estimate = self.estimate(cfg, req);
        let run = self.cost_usd();
        let b = self.0.spent_before;
        let spent = Spent {
            day_usd: b.day_usd + run,
            week_usd: b.week_usd + run,
            month_usd: b.month_usd + run,
        };
        let r = self.0.caps.check(spent, estimate);
        if r.is_err() {
            let (_, source) = self.0.prices.lookup(&cfg.name, &cfg.model, cfg.local);
            self.record_raw(CallRecord {
                provider: cfg.name.clone(),
                model: cfg.model.clone(),
                usage: Usage::default(),
                cost_usd: 0.0,
                price_source: source,
                latency: Duration::ZERO,
                time_to_first_token: None,
                outcome: Outcome::Refused,
            });
        }
        r
    }

    /// Prices and records one call.
    pub(crate) fn record(
        &self,
        cfg: &ProviderConfig,
        usage: Usage,
        latency: Duration,
        time_to_first_token: Option<Duration>,
        outcome: Outcome,
    ) {
        let (price, source) = self.0.prices.lookup(&cfg.name, &cfg.model, cfg.local);
        self.record_raw(CallRecord {
            provider: cfg.name.clone(),
            model: cfg.model.clone(),
            usage,
            cost_usd: price.cost(usage.input_tokens, usage.output_tokens),
            price_source: source,
            latency,
            time_to_first_token,
            outcome,
        });
    }

    fn record_raw(&self, rec: CallRecord) {
        if let Some(f) = &*self.0.on_call.lock().unwrap_or_else(|e| e.into_inner()) {
            f(&rec);
        }
        self.0
            .calls
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rec);
    }

    /// Every call of the run so far, refused ones included.
    pub fn calls(&self) -> Vec<CallRecord> {
        self.0
            .calls
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Tokens of the run so far.
    pub fn usage(&self) -> Usage {
        let mut u = Usage::default();
        for c in self.calls() {
            u.add(c.usage);
        }
        u
    }

    /// USD spent by the run so far.
    pub fn cost_usd(&self) -> f64 {
        self.calls().iter().map(|c| c.cost_usd).sum()
    }
}
