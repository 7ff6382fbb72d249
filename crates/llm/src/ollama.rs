//! Ollama's native `POST {base}/api/chat` (NDJSON stream).
//!
//! Native rather than Ollama's `/v1`: only here can we set `options.num_ctx` (otherwise long
//! prompts are silently cut at the server default) and constrain the answer with the schema
//! in `format` (`/v1` ignores `response_format`). The schema also goes into the system prompt,
//! because Ollama does not show it to the model (ollama#8162).

use futures_util::future::BoxFuture;
use futures_util::StreamExt;
use secrecy::ExposeSecret;
use serde_json::{json, Value};

use crate::http;
use crate::provider::{EventStream, Provider, ProviderConfig};
use crate::structured::schema_instruction;
use crate::types::{ChatRequest, Message, StopReason, StreamEvent, Usage};
use crate::LlmError;

pub(crate) struct Ollama {
    cfg: ProviderConfig,
}

impl Ollama {
    pub(crate) fn new(cfg: ProviderConfig) -> Self {
        Ollama { cfg }
    }
}

pub(crate) fn body(cfg: &ProviderConfig, req: &ChatRequest) -> Value {
    let mut messages = Vec::new();
    let mut system = req.system.clone().unwrap_or_default();
    if let Some(s) = &req.schema {
        if !system.is_empty() {
            system.push_str("\n\n");
        }
        system.push_str(&schema_instruction(&s.schema));
    }
    if !system.is_empty() {
        messages.push(json!({"role": "system", "content": system}));
    }
    for m in &req.messages {
        messages.push(match m {
            Message::User { content } => json!({"role": "user", "content": content}),
            Message::Assistant {
                content,
                tool_calls,
            } => {
                let mut v = json!({"role": "assistant", "content": content});
                if !tool_calls.is_empty() {
                    v["tool_calls"] = tool_calls
                        .iter()
                        .map(|c| {
                            let args = c.arguments_json().unwrap_or_else(|_| json!({}));
                            json!({"function": {"name": c.name, "arguments": args}})
                        })
                        .collect();
                }
                v
            }
            Message::Tool { name, content, .. } => {
                json!({"role": "tool", "content": content, "tool_name": name})
            }
        });
    }
    let mut options = json!({"num_predict": req.max_tokens});
    if let Some(n) = cfg.num_ctx {
        options["num_ctx"] = json!(n);
    }
    if let Some(t) = req.temperature {
        options["temperature"] = json!(t);
    }
    let mut b =
        json!({"model": cfg.model, "messages": messages, "stream": true, "options": options});
    if let Some(s) = &req.schema {
        b["format"] = s.schema.clone();
    }
    if !req.tools.is_empty() {
        b["tools"] = req
            .tools
            .iter()
            .map(|t| {
                json!({"type": "function", "function": {
                    "name": t.name, "description": t.description, "parameters": t.parameters}})
            })
            .collect();
    }
    b
}

/// Events of one NDJSON document; `calls` counts tool calls so far (Ollama sends no ids).
fn doc_events(
    cfg: &ProviderConfig,
    v: &Value,
    calls: &mut usize,
) -> Result<Vec<StreamEvent>, LlmError> {
    if let Some(e) = v.get("error") {
        return Err(LlmError::Http {
            provider: cfg.name.clone(),
            status: 500,
            message: http::scrub(cfg, e.as_str().unwrap_or(&e.to_string())),
            retry_after: None,
        });
    }
    let mut out = Vec::new();
    if let Some(t) = v.pointer("/message/content").and_then(Value::as_str) {
        if !t.is_empty() {
            out.push(StreamEvent::Text(t.to_string()));
        }
    }
    for c in v
        .pointer("/message/tool_calls")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let f = c.get("function").cloned().unwrap_or(Value::Null);
        let args = match f.get("arguments") {
            Some(Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => "{}".into(),
        };
        out.push(StreamEvent::ToolCallDelta {
            index: *calls,
            id: Some(format!("ollama_call_{calls}")),
            name: f.get("name").and_then(Value::as_str).map(str::to_string),
            arguments: args,
        });
        *calls += 1;
    }
    if v.get("done").and_then(Value::as_bool) == Some(true) {
        if v.get("prompt_eval_count").is_some() || v.get("eval_count").is_some() {
            out.push(StreamEvent::Usage(Usage {
                input_tokens: v
                    .get("prompt_eval_count")
                    .and_then(Value::as_u64)
                    .unwrap_or(0),
                output_tokens: v.get("eval_count").and_then(Value::as_u64).unwrap_or(0),
                estimated: false,
            }));
        }
        let stop = match v
            .get("done_reason")
            .and_then(Value::as_str)
            .unwrap_or("stop")
        {
            "stop" => {
                if *calls > 0 {
                    StopReason::ToolUse
                } else {
                    StopReason::EndTurn
                }
            }
            "length" => StopReason::MaxTokens,
            other => StopReason::Other(other.to_string()),
        };
        out.push(StreamEvent::Stop(stop));
    }
    Ok(out)
}

impl Provider for Ollama {
    fn config(&self) -> &ProviderConfig {
        &self.cfg
    }

    fn stream<'a>(&'a self, req: &'a ChatRequest) -> BoxFuture<'a, Result<EventStream, LlmError>> {
        Box::pin(async move {
            let cfg = &self.cfg;
            let url = format!("{}/api/chat", cfg.base_url.trim_end_matches('/'));
            let mut rb = http::client()?.post(url).json(&body(cfg, req));
            if let Some(k) = &cfg.api_key {
                // Ollama behind an authenticating proxy, or Ollama's own hosted API.
                rb = rb.bearer_auth(k.expose_secret());
            }
            tracing::debug!(provider = %cfg.name, model = %cfg.model, "ollama request");
            let resp = http::send(cfg, rb).await?;
            let c = cfg.clone();
            let mut calls = 0usize;
            let docs = http::ndjson(cfg, resp).map(move |r| doc_events(&c, &r?, &mut calls));
            Ok(http::flatten_events(docs))
        })
    }
}
