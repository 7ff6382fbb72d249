//! The provider interface, its configuration, and the non-streaming convenience.

use std::pin::Pin;
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use futures_util::{Stream, StreamExt};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use crate::types::{ChatRequest, ChatResponse, Collector, StopReason, StreamEvent};
use crate::LlmError;

/// A stream of answer pieces; ends after the provider's last event.
pub type EventStream = Pin<Box<dyn Stream<Item = Result<StreamEvent, LlmError>> + Send>>;

/// The wire protocol of a provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    /// OpenAI-compatible `POST {base_url}/chat/completions` (OpenAI, OpenRouter, LM Studio, vLLM, llama.cpp).
    #[serde(alias = "openai_compat")]
    Openai,
    /// Anthropic Messages, `POST {base_url}/messages` (`/v1` is appended when missing).
    Anthropic,
    /// Ollama's native `POST {base_url}/api/chat` (for `num_ctx` and schema-constrained `format`).
    Ollama,
}

/// How an OpenAI-compatible server is asked for JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JsonMode {
    /// `response_format: {type: json_schema}` (OpenAI, OpenRouter, LM Studio, vLLM).
    #[default]
    Schema,
    /// `response_format: {type: json_object}` plus the schema in the prompt.
    Object,
    /// Only the schema in the prompt (servers that reject `response_format`).
    Prompt,
}

/// One configured provider. `Debug` never shows the key (`SecretString` redacts it).
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    /// The user's name for it, e.g. `openrouter`; the price table and the ledger use it.
    pub name: String,
    pub kind: ProviderKind,
    pub base_url: String,
    pub model: String,
    pub api_key: Option<SecretString>,
    /// Longest wait for the response headers and between two streamed chunks.
    pub timeout: Duration,
    /// A model on the athlete's machine: priced at 0 unless the price table says otherwise.
    pub local: bool,
    /// OpenAI-compatible only.
    pub json_mode: JsonMode,
    /// Ollama only: the context window to ask for (Ollama's default silently cuts long prompts).
    pub num_ctx: Option<u32>,
}

impl ProviderConfig {
    /// A config with a 60 s timeout. It is local (free unless priced) when the base URL is
    /// on this machine (localhost, 127.0.0.0/8, ::1: LM Studio, vLLM, llama.cpp) or it is
    /// Ollama anywhere but ollama.com. Ollama gets a 16,384-token context.
    pub fn new(
        name: impl Into<String>,
        kind: ProviderKind,
        base_url: impl Into<String>,
        model: impl Into<String>,
    ) -> Self {
        let ollama = kind == ProviderKind::Ollama;
        let base_url = base_url.into();
        let host = reqwest::Url::parse(base_url.trim())
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .unwrap_or_default();
        let loopback =
            host == "localhost" || host.starts_with("127.") || host == "[::1]" || host == "::1";
        let local = loopback || (ollama && !host.ends_with("ollama.com"));
        ProviderConfig {
            name: name.into(),
            kind,
            base_url,
            model: model.into(),
            api_key: None,
            timeout: Duration::from_secs(60),
            local,
            json_mode: JsonMode::Schema,
            num_ctx: ollama.then_some(16_384),
        }
    }

    pub fn with_api_key(mut self, key: SecretString) -> Self {
        self.api_key = Some(key);
        self
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// A provider as stored in the settings (serde; never holds the key itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderSettings {
    pub name: String,
    pub kind: ProviderKind,
    pub base_url: String,
    pub model: String,
    /// The environment variable the key is read from (CLI `--api-key-env`), if that is
    /// where it lives; otherwise the app keeps the key in the keyring or the vault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_env: Option<String>,
    /// Overrides; `None` takes [`ProviderConfig::new`]'s default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_secs: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_mode: Option<JsonMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_ctx: Option<u32>,
}

impl ProviderSettings {
    /// The runtime config, with the key the caller fetched.
    pub fn to_config(&self, api_key: Option<SecretString>) -> ProviderConfig {
        let mut c = ProviderConfig::new(&self.name, self.kind, &self.base_url, &self.model);
        c.api_key = api_key;
        if let Some(t) = self.timeout_secs {
            c.timeout = Duration::from_secs(t.max(1));
        }
        if let Some(l) = self.local {
            c.local = l;
        }
        if let Some(m) = self.json_mode {
            c.json_mode = m;
        }
        if self.num_ctx.is_some() {
            c.num_ctx = self.num_ctx;
        }
        c
    }
}

/// One model endpoint. Implemented by the three built-in backends ([`build`]); tests may
/// implement it too.
pub trait Provider: Send + Sync {
    fn config(&self) -> &ProviderConfig;

    /// Sends the request and returns the answer as a stream once the response has started.
    /// Errors before the first event (HTTP status, timeout, connection) come from the future.
    fn stream<'a>(&'a self, req: &'a ChatRequest) -> BoxFuture<'a, Result<EventStream, LlmError>>;
}

/// The built-in backend for a config.
pub fn build(config: ProviderConfig) -> Result<Box<dyn Provider>, LlmError> {
    if config.base_url.trim().is_empty() {
        return Err(LlmError::Config(format!(
            "provider `{}` has no base URL",
            config.name
        )));
    }
    if reqwest::Url::parse(config.base_url.trim()).is_err() {
        return Err(LlmError::Config(format!(
            "provider `{}`: `{}` is not a URL (expected e.g. https://api.openai.com/v1)",
            config.name, config.base_url
        )));
    }
    Ok(match config.kind {
        ProviderKind::Openai => Box::new(crate::openai::OpenAi::new(config)),
        ProviderKind::Anthropic => Box::new(crate::anthropic::Anthropic::new(config)),
        ProviderKind::Ollama => Box::new(crate::ollama::Ollama::new(config)),
    })
}

/// Sends a request and collects the whole answer (one call, no retries, no budget).
/// A stream that ends without a stop reason is a [`LlmError::Decode`] error.
pub async fn complete(p: &dyn Provider, req: &ChatRequest) -> Result<ChatResponse, LlmError> {
    let started = Instant::now();
    let mut stream = p.stream(req).await?;
    let mut c = Collector::default();
    while let Some(ev) = stream.next().await {
        c.push(&ev?);
    }
    finish(p.config(), req, c, started.elapsed())
}

pub(crate) fn finish(
    cfg: &ProviderConfig,
    req: &ChatRequest,
    c: Collector,
    latency: Duration,
) -> Result<ChatResponse, LlmError> {
    let stop = c.stop.clone().ok_or_else(|| LlmError::Decode {
        provider: cfg.name.clone(),
        message: "the stream ended before the answer was complete".into(),
    })?;
    let tool_calls = c.tool_calls();
    let mut usage = c.usage;
    if !c.usage_seen {
        // A server that reports nothing is charged by our own count, so a cap still holds.
        usage.input_tokens = crate::tokens::count_request(req) as u64;
        usage.output_tokens = (crate::tokens::count_tokens(&c.text)
            + tool_calls
                .iter()
                .map(|t| crate::tokens::count_tokens(&t.arguments))
                .sum::<usize>()) as u64;
        usage.estimated = true;
    }
    Ok(ChatResponse {
        text: c.text,
        tool_calls,
        usage,
        stop: if stop == StopReason::EndTurn && !c.calls.is_empty() {
            StopReason::ToolUse
        } else {
            stop
        },
        provider: cfg.name.clone(),
        model: cfg.model.clone(),
        latency,
    })
}
