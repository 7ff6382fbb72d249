//! OpenAI-compatible chat completions (OpenAI, OpenRouter, LM Studio, vLLM, llama.cpp).
//!
//! Always asks for a stream with `stream_options.include_usage`; a server that answers with
//! one JSON document anyway is read as such. Response types are read leniently from
//! `serde_json::Value`: a missing field is absent, never a decode error.

use futures_util::future::BoxFuture;
use futures_util::StreamExt;
use secrecy::ExposeSecret;
use serde_json::{json, Value};

use crate::http;
use crate::provider::{EventStream, JsonMode, Provider, ProviderConfig};
use crate::structured::{is_strict_compatible, schema_instruction};
use crate::types::{ChatRequest, Message, StopReason, StreamEvent, Usage};
use crate::LlmError;

pub(crate) struct OpenAi {
    cfg: ProviderConfig,
}

impl OpenAi {
    pub(crate) fn new(cfg: ProviderConfig) -> Self {
        OpenAi { cfg }
    }
}

pub(crate) fn body(cfg: &ProviderConfig, req: &ChatRequest) -> Value {
    let mut messages = Vec::new();
    let mut system = req.system.clone().unwrap_or_default();
    if let Some(s) = &req.schema {
        if cfg.json_mode != JsonMode::Schema {
            if !system.is_empty() {
                system.push_str("\n\n");
            }
            system.push_str(&schema_instruction(&s.schema));
        }
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
                            json!({"id": c.id, "type": "function",
                                   "function": {"name": c.name, "arguments": c.arguments}})
                        })
                        .collect();
                }
                v
            }
            Message::Tool {
                call_id, content, ..
            } => json!({"role": "tool", "tool_call_id": call_id, "content": content}),
        });
    }
    let mut b = json!({
        "model": cfg.model,
        "messages": messages,
        "stream": true,
        "stream_options": {"include_usage": true},
    });
    // OpenAI's own API rejects `max_tokens` for its reasoning models; compatible servers
    // (OpenRouter, LM Studio, vLLM, llama.cpp) all take `max_tokens`.
    let limit = if is_openai_itself(&cfg.base_url) {
        "max_completion_tokens"
    } else {
        "max_tokens"
    };
    b[limit] = json!(req.max_tokens);
    if let Some(t) = req.temperature {
        b["temperature"] = json!(t);
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
    if let Some(s) = &req.schema {
        match cfg.json_mode {
            JsonMode::Schema => {
                b["response_format"] = json!({"type": "json_schema", "json_schema": {
                    "name": s.name, "schema": s.schema,
                    // strict mode rejects schemas with optional or open properties.
                    "strict": is_strict_compatible(&s.schema)}});
            }
            JsonMode::Object => b["response_format"] = json!({"type": "json_object"}),
            JsonMode::Prompt => {}
        }
    }
    b
}

fn is_openai_itself(base_url: &str) -> bool {
    reqwest::Url::parse(base_url)
        .ok()
        .and_then(|u| u.host_str().map(|h| h == "api.openai.com"))
        .unwrap_or(false)
}

fn stop_reason(s: &str) -> StopReason {
    match s {
        "stop" | "end_turn" | "eos" => StopReason::EndTurn,
        "length" | "max_tokens" => StopReason::MaxTokens,
        "tool_calls" | "function_call" => StopReason::ToolUse,
        "content_filter" => StopReason::ContentFilter,
        other => StopReason::Other(other.to_string()),
    }
}

fn usage(v: &Value) -> Option<Usage> {
    let u = v.get("usage").filter(|u| u.is_object())?;
    Some(Usage {
        input_tokens: u
            .get("prompt_tokens")
            .or_else(|| u.get("input_tokens"))
            .and_then(Value::as_u64)
            .unwrap_or(0),
        output_tokens: u
            .get("completion_tokens")
            .or_else(|| u.get("output_tokens"))
            .and_then(Value::as_u64)
            .unwrap_or(0),
        estimated: false,
    })
}

fn str_of(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_string)
}

/// Events of one streamed chunk.
pub(crate) fn chunk_events(v: &Value) -> Vec<StreamEvent> {
    let mut out = Vec::new();
    if let Some(choice) = v.pointer("/choices/0") {
        let delta = choice.get("delta").or_else(|| choice.get("message"));
        if let Some(d) = delta {
            if let Some(t) = d.get("content").and_then(Value::as_str) {
                if !t.is_empty() {
                    out.push(StreamEvent::Text(t.to_string()));
                }
            }
            for (pos, c) in d
                .get("tool_calls")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let f = c.get("function");
                let args = f.and_then(|f| f.get("arguments"));
                out.push(StreamEvent::ToolCallDelta {
                    index: c
                        .get("index")
                        .and_then(Value::as_u64)
                        .map_or(pos, |i| i as usize),
                    id: str_of(c.get("id")),
                    name: str_of(f.and_then(|f| f.get("name"))),
                    // Some servers send the arguments as an object instead of a string.
                    arguments: match args {
                        Some(Value::String(s)) => s.clone(),
                        Some(Value::Null) | None => String::new(),
                        Some(other) => other.to_string(),
                    },
                });
            }
        }
        if let Some(r) = choice.get("finish_reason").and_then(Value::as_str) {
            out.push(StreamEvent::Stop(stop_reason(r)));
        }
    }
    if let Some(u) = usage(v) {
        out.push(StreamEvent::Usage(u));
    }
    out
}

impl Provider for OpenAi {
    fn config(&self) -> &ProviderConfig {
        &self.cfg
    }

    fn stream<'a>(&'a self, req: &'a ChatRequest) -> BoxFuture<'a, Result<EventStream, LlmError>> {
        Box::pin(async move {
            let cfg = &self.cfg;
            let url = format!("{}/chat/completions", cfg.base_url.trim_end_matches('/'));
            let mut rb = http::client()?.post(url).json(&body(cfg, req));
            if let Some(k) = &cfg.api_key {
                rb = rb.bearer_auth(k.expose_secret());
            }
            tracing::debug!(provider = %cfg.name, model = %cfg.model, "openai-compatible request");
            let resp = http::send(cfg, rb).await?;
            if http::is_json(&resp) {
                let v = http::json_body(cfg, resp).await?;
                let events = chunk_events(&v);
                return Ok(futures_util::stream::iter(events.into_iter().map(Ok)).boxed());
            }
            let c = cfg.clone();
            let frames = http::sse(cfg, resp)
                .take_while(|r| {
                    futures_util::future::ready(!matches!(r, Ok(e) if e.data.trim() == "[DONE]"))
                })
                .map(move |r| {
                    let ev = r?;
                    if ev.data.trim().is_empty() {
                        return Ok(Vec::new());
                    }
                    let v: Value = serde_json::from_str(&ev.data)
                        .map_err(|e| http::decode(&c, format!("bad chunk: {e}")))?;
                    if let Some(err) = v.get("error") {
                        // OpenRouter reports mid-stream failures as an error chunk.
                        return Err(LlmError::Http {
                            provider: c.name.clone(),
                            status: err.get("code").and_then(Value::as_u64).unwrap_or(502) as u16,
                            message: http::scrub(&c, &err.to_string()),
                            retry_after: None,
                        });
                    }
                    Ok(chunk_events(&v))
                });
            Ok(http::flatten_events(frames))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ProviderKind;

    #[test]
    fn the_token_limit_field_depends_on_the_server() {
        let req = ChatRequest::new("x").with_max_tokens(77);
        let openai =
            ProviderConfig::new("o", ProviderKind::Openai, "https://api.openai.com/v1", "m");
        let router = ProviderConfig::new(
            "r",
            ProviderKind::Openai,
            "https://openrouter.ai/api/v1",
            "m",
        );
        let b = body(&openai, &req);
        assert_eq!(b["max_completion_tokens"], json!(77));
        assert!(b.get("max_tokens").is_none());
        let b = body(&router, &req);
        assert_eq!(b["max_tokens"], json!(77));
        assert!(b.get("max_completion_tokens").is_none());
    }
}
