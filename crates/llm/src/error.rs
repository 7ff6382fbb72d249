//! Errors. No message ever carries an API key: provider bodies are scrubbed of the key
//! before they are put in an error (see `http::scrub`).

use std::time::Duration;

/// Which budget period a refused call would have crossed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    Week,
    Month,
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Period::Day => "daily",
            Period::Week => "weekly",
            Period::Month => "monthly",
        })
    }
}

/// Everything that can go wrong talking to a model.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LlmError {
    #[error("{provider}: HTTP {status}: {message}")]
    Http {
        provider: String,
        status: u16,
        message: String,
        /// The server's `Retry-After`, when it sent one.
        retry_after: Option<Duration>,
    },
    #[error("{provider}: no answer within {:.1} s; check that the server is running, or raise its timeout", after.as_secs_f64())]
    Timeout { provider: String, after: Duration },
    #[error("{provider}: could not reach the server ({message}); check the base URL and that the server is running")]
    Network { provider: String, message: String },
    #[error("{provider}: the answer could not be read ({message})")]
    Decode { provider: String, message: String },
    #[error("{provider}: the answer was cut off at the {max_tokens}-token limit; raise max tokens or ask for less")]
    Truncated { provider: String, max_tokens: u32 },
    #[error("{provider}: the answer is not valid JSON for schema `{schema}` even after a repair round: {}", errors.join("; "))]
    InvalidStructuredOutput {
        provider: String,
        schema: String,
        errors: Vec<String>,
    },
    #[error("the {period} budget of ${cap:.2} would be crossed: ${spent:.4} spent, this call could cost up to ${estimate:.4}; raise the cap in Settings › Coach or use a local model")]
    BudgetExceeded {
        period: Period,
        cap: f64,
        spent: f64,
        estimate: f64,
    },
    #[error("the model was still calling tools after {rounds} rounds; ask a narrower question")]
    ToolRoundsExhausted { rounds: usize },
    #[error("{provider}: skipped for {:.0} s after repeated failures", remaining.as_secs_f64().ceil())]
    CircuitOpen {
        provider: String,
        remaining: Duration,
    },
    #[error("every provider failed: {}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join(" | "))]
    AllFailed(Vec<LlmError>),
    #[error("no provider is configured; add one in Settings › Coach")]
    NoProvider,
    #[error("invalid provider configuration: {0}")]
    Config(String),
}

impl LlmError {
    /// Worth retrying on the same provider: 429, 5xx, 408, timeouts and network errors.
    pub fn is_retryable(&self) -> bool {
        match self {
            LlmError::Http { status, .. } => *status == 429 || *status == 408 || *status >= 500,
            LlmError::Timeout { .. } | LlmError::Network { .. } => true,
            _ => false,
        }
    }

    /// Counts against the provider's circuit breaker (the provider is unwell, not the request).
    pub fn is_provider_failure(&self) -> bool {
        self.is_retryable() || matches!(self, LlmError::Decode { .. })
    }

    /// The `BudgetExceeded` inside this error, also inside `AllFailed`.
    pub fn budget_refusal(&self) -> Option<&LlmError> {
        match self {
            LlmError::BudgetExceeded { .. } => Some(self),
            LlmError::AllFailed(v) => v.iter().find_map(|e| e.budget_refusal()),
            _ => None,
        }
    }

    /// A short machine-friendly outcome label for the ledger.
    pub fn outcome_label(&self) -> &'static str {
        match self {
            LlmError::Http { status: 429, .. } => "rate_limited",
            LlmError::Http { status, .. } if *status >= 500 => "server_error",
            LlmError::Http { .. } => "http_error",
            LlmError::Timeout { .. } => "timeout",
            LlmError::Network { .. } => "network",
            LlmError::Decode { .. } => "decode_error",
            LlmError::Truncated { .. } => "truncated",
            LlmError::InvalidStructuredOutput { .. } => "invalid_output",
            LlmError::BudgetExceeded { .. } => "budget_refused",
            LlmError::ToolRoundsExhausted { .. } => "tool_error",
            LlmError::CircuitOpen { .. } => "circuit_open",
            LlmError::AllFailed(_) => "all_failed",
            LlmError::NoProvider | LlmError::Config(_) => "config",
        }
    }
}
