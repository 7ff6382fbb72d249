//! Providers (vault-wide: the money is the user's, not an athlete's), their API keys
//! through the secrets module, the budget caps and the ledger's summaries.

use std::collections::BTreeMap;

use paceline_llm::{
    FallbackChain, JsonMode, Price, PriceTable, ProviderConfig, ProviderKind, SecretString,
};
use paceline_store::{BudgetRow, LedgerRow, ProviderRow};
use serde::Serialize;

use crate::{App, AppError, Result};

/// A provider to add (or replace, keeping its place in the order).
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderInput {
    /// Lowercase letters, digits, `.`, `_`, `-`, starting with a letter.
    pub name: String,
    pub kind: ProviderKind,
    pub base_url: String,
    pub model: String,
    /// Read the API key from this environment variable now and keep it as a secret.
    pub api_key_env: Option<String>,
    /// USD per million tokens.
    pub price_in: Option<f64>,
    pub price_out: Option<f64>,
    pub timeout_s: Option<u32>,
    /// Overrides the guess from the URL (a model on this machine is free unless priced).
    pub local: Option<bool>,
}

/// A provider as listed: never its key, only whether there is one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProviderView {
    pub name: String,
    pub kind: String,
    pub base_url: String,
    pub model: String,
    pub position: u32,
    pub has_key: bool,
    pub local: bool,
    /// What a million tokens cost and where the price comes from (`table`, `local`, `default`).
    pub price_in: f64,
    pub price_out: f64,
    pub price_source: String,
    pub timeout_s: Option<u32>,
}

/// Spend grouped one way (by day, model or action).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpendLine {
    pub key: String,
    pub calls: u32,
    pub tokens_in: u64,
    pub tokens_out: u64,
    pub cost_usd: f64,
}

/// The ledger's totals for Settings › Coach and `paceline coach ledger`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerSummary {
    pub calls: u32,
    pub tokens_in: u64,
    pub tokens_out: u64,
    pub cost_usd: f64,
    pub by_day: Vec<SpendLine>,
    pub by_model: Vec<SpendLine>,
    pub by_action: Vec<SpendLine>,
}

fn kind_key(k: ProviderKind) -> &'static str {
    match k {
        ProviderKind::Openai => "openai",
        ProviderKind::Anthropic => "anthropic",
        ProviderKind::Ollama => "ollama",
    }
}

fn kind_of(key: &str) -> Result<ProviderKind> {
    match key {
        "openai" => Ok(ProviderKind::Openai),
        "anthropic" => Ok(ProviderKind::Anthropic),
        "ollama" => Ok(ProviderKind::Ollama),
        other => Err(AppError::Internal(format!(
            "the vault names an unknown provider kind `{other}`"
        ))),
    }
}

fn secret_name(provider: &str) -> String {
    format!("llm/{provider}/key")
}

fn invalid(m: impl Into<String>) -> AppError {
    AppError::InvalidInput(m.into())
}

fn check_price(what: &str, v: Option<f64>) -> Result<()> {
    match v {
        Some(p) if !(p.is_finite() && (0.0..=10_000.0).contains(&p)) => Err(invalid(format!(
            "{what} must be 0–10000 USD per million tokens, not {p}"
        ))),
        _ => Ok(()),
    }
}

fn check_cap(what: &str, v: Option<f64>) -> Result<()> {
    match v {
        Some(c) if !(c.is_finite() && c >= 0.0) => Err(invalid(format!(
            "the {what} budget must be 0 or more USD, not {c}"
        ))),
        _ => Ok(()),
    }
}

impl App {
    /// The runtime config of a stored provider, with its key from the secrets module.
    fn provider_config(&self, p: &ProviderRow) -> Result<ProviderConfig> {
        let mut c = ProviderConfig::new(&p.name, kind_of(&p.kind)?, &p.base_url, &p.model);
        c.api_key = self.secret(&secret_name(&p.name))?;
        if let Some(t) = p.timeout_s {
            c.timeout = std::time::Duration::from_secs(u64::from(t.max(1)));
        }
        if let Some(l) = p.local {
            c.local = l;
        }
        c.json_mode = JsonMode::Schema;
        Ok(c)
    }

    /// Adds a provider (or replaces one of the same name in its place). With
    /// `api_key_env`, the key is read from that variable now and kept as a secret
    /// (OS keyring, or inside a passphrase vault); it is never stored in the settings.
    pub fn coach_add_provider(&self, p: &ProviderInput) -> Result<()> {
        let name_ok = p.name.len() <= 40
            && p.name.starts_with(|c: char| c.is_ascii_lowercase())
            && p.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
        if !name_ok {
            return Err(invalid(format!(
                "provider name `{}`: use lowercase letters, digits, '.', '_' or '-', starting with a letter (e.g. openrouter)",
                p.name
            )));
        }
        if p.model.trim().is_empty() {
            return Err(invalid("name the model (e.g. --model gpt-4o-mini)"));
        }
        check_price("--price-in", p.price_in)?;
        check_price("--price-out", p.price_out)?;
        // The LLM layer's own check of the URL.
        paceline_llm::build(ProviderConfig::new(&p.name, p.kind, &p.base_url, &p.model))
            .map_err(|e| invalid(e.to_string()))?;
        let key = match &p.api_key_env {
            Some(var) => match std::env::var(var) {
                Ok(v) if !v.trim().is_empty() => Some(SecretString::from(v.trim().to_string())),
                _ => {
                    return Err(invalid(format!(
                        "the environment variable {var} is not set: export the API key in it first"
                    )))
                }
            },
            None => None,
        };
        if let Some(k) = &key {
            self.put_secret(&secret_name(&p.name), k)?;
        }
        self.store.put_coach_provider(&ProviderRow {
            name: p.name.clone(),
            kind: kind_key(p.kind).into(),
            base_url: p.base_url.trim().to_string(),
            model: p.model.trim().to_string(),
            position: 0,
            timeout_s: p.timeout_s,
            price_in_per_mtok: p.price_in,
            price_out_per_mtok: p.price_out,
            api_key_env: p.api_key_env.clone(),
            local: p.local,
        })?;
        tracing::info!(provider = %p.name, kind = kind_key(p.kind), "coach provider saved");
        Ok(())
    }

    /// The providers in fallback order.
    pub fn coach_providers(&self) -> Result<Vec<ProviderView>> {
        let prices = self.coach_prices()?;
        self.store
            .coach_providers()?
            .iter()
            .map(|p| {
                let c = self.provider_config(p)?;
                let (price, source) = prices.lookup(&c.name, &c.model, c.local);
                Ok(ProviderView {
                    name: p.name.clone(),
                    kind: p.kind.clone(),
                    base_url: p.base_url.clone(),
                    model: p.model.clone(),
                    position: p.position,
                    has_key: c.api_key.is_some(),
                    local: c.local,
                    price_in: price.input_per_mtok,
                    price_out: price.output_per_mtok,
                    price_source: serde_json::to_value(source)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    timeout_s: p.timeout_s,
                })
            })
            .collect()
    }

    /// Removes a provider and its key.
    pub fn coach_remove_provider(&self, name: &str) -> Result<()> {
        if !self.store.remove_coach_provider(name)? {
            return Err(AppError::NotFound(format!("no provider named {name}")));
        }
        let secret = secret_name(name);
        if self.secret_names()?.contains(&secret) {
            self.delete_secret(&secret)?;
        }
        Ok(())
    }

    /// Puts the named providers first, in this order.
    pub fn coach_order_providers(&self, names: &[String]) -> Result<()> {
        let known: Vec<String> = self
            .store
            .coach_providers()?
            .into_iter()
            .map(|p| p.name)
            .collect();
        if let Some(n) = names.iter().find(|n| !known.contains(n)) {
            return Err(AppError::NotFound(format!(
                "no provider named {n} (the providers are: {})",
                known.join(", ")
            )));
        }
        Ok(self.store.order_coach_providers(names)?)
    }

    /// The price table from the providers' prices: a price set for one direction only
    /// keeps the conservative default for the other.
    pub fn coach_prices(&self) -> Result<PriceTable> {
        let mut t = PriceTable::default();
        for p in self.store.coach_providers()? {
            if p.price_in_per_mtok.is_none() && p.price_out_per_mtok.is_none() {
                continue;
            }
            let d = Price::CONSERVATIVE_DEFAULT;
            t.set(
                &p.name,
                &p.model,
                Price {
                    input_per_mtok: p.price_in_per_mtok.unwrap_or(d.input_per_mtok),
                    output_per_mtok: p.price_out_per_mtok.unwrap_or(d.output_per_mtok),
                },
            );
        }
        Ok(t)
    }

    /// The fallback chain of the configured providers; `None` when there is none.
    pub fn coach_chain(&self) -> Result<Option<FallbackChain>> {
        let rows = self.store.coach_providers()?;
        if rows.is_empty() {
            return Ok(None);
        }
        let configs = rows
            .iter()
            .map(|p| self.provider_config(p))
            .collect::<Result<Vec<_>>>()?;
        FallbackChain::from_configs(configs)
            .map(Some)
            .map_err(|e| invalid(e.to_string()))
    }

    pub fn coach_budget(&self) -> Result<BudgetRow> {
        Ok(self.store.coach_budget()?)
    }

    /// Sets the caps given (`Some`), keeping the others; a cap of 0 refuses every
    /// call that costs anything.
    pub fn coach_set_budget(
        &self,
        daily: Option<f64>,
        weekly: Option<f64>,
        monthly: Option<f64>,
    ) -> Result<BudgetRow> {
        check_cap("daily", daily)?;
        check_cap("weekly", weekly)?;
        check_cap("monthly", monthly)?;
        let mut b = self.store.coach_budget()?;
        b.daily_usd = daily.or(b.daily_usd);
        b.weekly_usd = weekly.or(b.weekly_usd);
        b.monthly_usd = monthly.or(b.monthly_usd);
        self.store.set_coach_budget(&b)?;
        Ok(b)
    }

    /// Replaces all three caps (`None`: no cap), for the window's budget form; unlike
    /// [`App::coach_set_budget`] an empty cap clears it.
    pub fn coach_replace_budget(
        &self,
        daily: Option<f64>,
        weekly: Option<f64>,
        monthly: Option<f64>,
    ) -> Result<BudgetRow> {
        check_cap("daily", daily)?;
        check_cap("weekly", weekly)?;
        check_cap("monthly", monthly)?;
        let b = BudgetRow {
            daily_usd: daily,
            weekly_usd: weekly,
            monthly_usd: monthly,
        };
        self.store.set_coach_budget(&b)?;
        Ok(b)
    }

    /// Stores (or replaces) provider `name`'s API key as typed in the window, where
    /// there is no environment variable to read it from.
    pub fn coach_set_provider_key(&self, name: &str, key: &SecretString) -> Result<()> {
        if !self.store.coach_providers()?.iter().any(|p| p.name == name) {
            return Err(AppError::NotFound(format!("no provider named {name}")));
        }
        self.put_secret(&secret_name(name), key)
    }

    /// Every ledger row since `since_utc`, oldest first.
    pub fn coach_ledger(&self, since_utc: i64) -> Result<Vec<LedgerRow>> {
        Ok(self.store.ledger(since_utc)?)
    }

    /// Totals since `since_utc`, by day (UTC), model and action.
    pub fn coach_ledger_summary(&self, since_utc: i64) -> Result<LedgerSummary> {
        let rows = self.store.ledger(since_utc)?;
        let group = |key: &dyn Fn(&LedgerRow) -> String| {
            let mut m: BTreeMap<String, SpendLine> = BTreeMap::new();
            for r in &rows {
                let k = key(r);
                let e = m.entry(k.clone()).or_insert(SpendLine {
                    key: k,
                    calls: 0,
                    tokens_in: 0,
                    tokens_out: 0,
                    cost_usd: 0.0,
                });
                e.calls += 1;
                e.tokens_in += r.tokens_in;
                e.tokens_out += r.tokens_out;
                e.cost_usd += r.cost_usd;
            }
            m.into_values().collect::<Vec<_>>()
        };
        Ok(LedgerSummary {
            calls: rows.len() as u32,
            tokens_in: rows.iter().map(|r| r.tokens_in).sum(),
            tokens_out: rows.iter().map(|r| r.tokens_out).sum(),
            cost_usd: rows.iter().map(|r| r.cost_usd).sum(),
            by_day: group(&|r| paceline_types::date::format_ymd(r.at_utc.div_euclid(super::DAY))),
            by_model: group(&|r| format!("{}/{}", r.provider, r.model)),
            by_action: group(&|r| r.action.clone()),
        })
    }
}
