//! The LLM provider layer of the coach: no Tauri, no store.
//!
//! # Shape
//! - [`Provider`]: one streaming interface ([`Provider::stream`] → [`StreamEvent`]s: text,
//!   tool-call fragments, usage, stop reason) with a non-streaming [`complete`] built on it.
//! - Three backends ([`build`] from a [`ProviderConfig`]), all over one reqwest 0.13 client
//!   (rustls + ring) and `eventsource-stream`, with lenient response parsing from
//!   `serde_json::Value` so almost-compatible servers work:
//!   - [`ProviderKind::Openai`]: OpenAI-compatible chat completions at any base URL (OpenAI,
//!     OpenRouter, LM Studio, vLLM). Structured output per [`JsonMode`]: `json_schema`
//!     (`strict` only when the schema allows it), `json_object`, or prompt only.
//!   - [`ProviderKind::Anthropic`]: Messages API with SSE; structured output as a forced tool.
//!   - [`ProviderKind::Ollama`]: the **native** `/api/chat`, not Ollama's `/v1`: only the native
//!     API takes `options.num_ctx` (through `/v1` long prompts are silently cut at the server's
//!     default context) and a JSON schema in `format` (`/v1` ignores `response_format`). The
//!     schema is also put in the prompt, since Ollama does not show it to the model.
//!
//!   Why our own thin layer rather than a crate: async-openai's strict types break on
//!   compatible servers and it has no Anthropic; genai needs Rust ≥ 1.88 and its Ollama
//!   adapter never sends the schema; rig needs ≥ 1.95; others pull in reqwest 0.12.
//! - [`FallbackChain`]: ordered providers, per-provider timeouts, retries with backoff
//!   honouring `Retry-After`, a circuit breaker with an injected [`Clock`]; streaming
//!   ([`FallbackChain::stream`]), whole answers ([`FallbackChain::complete`]), structured
//!   answers validated with one repair round ([`FallbackChain::complete_json`]) and a tool
//!   loop ([`FallbackChain::run_tools`] over a [`ToolRegistry`]).
//! - Money: [`PriceTable`] (USD per million tokens per provider and model; a missing cloud
//!   model is charged [`Price::CONSERVATIVE_DEFAULT`], a missing local one nothing),
//!   [`BudgetCaps`] checked before every call against [`Spent`] plus the run so far, and the
//!   [`Meter`] that records a [`CallRecord`] (usage from the provider, cost, latency, time to
//!   first token, [`Outcome`]) for every call, refused and failed ones included.
//! - [`count_tokens`]: o200k_base from the embedded tiktoken data, for context budgets.
//!
//! # Secrets
//! API keys are [`secrecy::SecretString`]: `Debug` prints `[REDACTED]`, and every provider
//! message that reaches an error or a log is scrubbed of the key first.

mod anthropic;
mod chain;
mod cost;
mod error;
mod http;
mod json_call;
mod ollama;
mod openai;
mod provider;
mod stream;
pub mod structured;
mod tokens;
mod tools;
mod types;

pub use chain::{
    BreakerPolicy, BreakerStatus, Clock, FallbackChain, ManualClock, RetryPolicy, SystemClock,
};
pub use cost::{
    BudgetCaps, CallRecord, Meter, Outcome, Price, PriceEntry, PriceSource, PriceTable, Spent,
};
pub use error::{LlmError, Period};
pub use json_call::JsonResponse;
pub use provider::{
    build, complete, EventStream, JsonMode, Provider, ProviderConfig, ProviderKind,
    ProviderSettings,
};
pub use secrecy::SecretString;
pub use stream::ChatStream;
pub use tokens::{count_request, count_tokens};
pub use tools::{ToolRegistry, ToolRun};
pub use types::{
    ChatRequest, ChatResponse, Message, OutputSchema, StopReason, StreamEvent, ToolCall, ToolSpec,
    Usage,
};
