//! Anthropic Messages (`POST {base}/v1/messages`, `anthropic-version: 2023-06-01`).
//!
//! Structured output is a tool whose input schema is the requested schema: forced with
//! `tool_choice: {type: "tool"}` when the request has no other tools, `{type: "any"}` when it
//! has (so the model either calls a real tool or answers through the schema tool). This works
//! on every Claude model, unlike `output_config.format` (Claude 4.5+ only). The schema tool's
//! input is streamed out as answer text; its call is never reported as a tool call.

use std::collections::HashSet;

use futures_util::future::BoxFuture;
use futures_util::StreamExt;
use secrecy::ExposeSecret;
use serde_json::{json, Value};

use crate::http;
use crate::provider::{EventStream, Provider, ProviderConfig};
use crate::types::{ChatRequest, Message, StopReason, StreamEvent, Usage};
use crate::LlmError;

pub(crate) const API_VERSION: &str = "2023-06-01";

pub(crate) struct Anthropic {
    cfg: ProviderConfig,
}

impl Anthropic {
    pub(crate) fn new(cfg: ProviderConfig) -> Self {
        Anthropic { cfg }
    }
}

fn url(cfg: &ProviderConfig) -> String {
    let base = cfg.base_url.trim_end_matches('/');
    if base.ends_with("/v1") {
        format!("{base}/messages")
    } else {
        format!("{base}/v1/messages")
    }
}

/// Appends a content block, merging with the previous message when it has the same role
/// (the API wants user and assistant turns to alternate).
fn push(messages: &mut Vec<Value>, role: &str, block: Value) {
    if let Some(last) = messages.last_mut() {
        if last["role"] == role {
            if let Some(a) = last["content"].as_array_mut() {
                a.push(block);
                return;
            }
        }
    }
    messages.push(json!({"role": role, "content": [block]}));
}

pub(crate) fn body(cfg: &ProviderConfig, req: &ChatRequest) -> Value {
    let mut messages = Vec::new();
    for m in &req.messages {
        match m {
            Message::User { content } => {
                push(
                    &mut messages,
                    "user",
                    json!({"type": "text", "text": content}),
                );
            }
            Message::Assistant {
                content,
                tool_calls,
            } => {
                if !content.is_empty() {
                    push(
                        &mut messages,
                        "assistant",
                        json!({"type": "text", "text": content}),
                    );
                }
                for c in tool_calls {
                    let input = c.arguments_json().unwrap_or_else(|_| json!({}));
                    push(
                        &mut messages,
                        "assistant",
                        json!({"type": "tool_use", "id": c.id, "name": c.name, "input": input}),
                    );
                }
            }
            Message::Tool {
                call_id,
                content,
                is_error,
                ..
            } => push(
                &mut messages,
                "user",
                json!({"type": "tool_result", "tool_use_id": call_id,
                       "content": content, "is_error": is_error}),
            ),
        }
    }
    let mut b = json!({
        "model": cfg.model,
        "max_tokens": req.max_tokens,
        "messages": messages,
        "stream": true,
    });
    if let Some(s) = &req.system {
        b["system"] = json!(s);
    }
    if let Some(t) = req.temperature {
        b["temperature"] = json!(t);
    }
    let mut tools: Vec<Value> = req
        .tools
        .iter()
        .map(
            |t| json!({"name": t.name, "description": t.description, "input_schema": t.parameters}),
        )
        .collect();
    if let Some(s) = &req.schema {
        tools.push(json!({
            "name": s.name,
            "description": "Give your final answer by calling this tool; its input is the answer.",
            "input_schema": s.schema,
        }));
        b["tool_choice"] = if req.tools.is_empty() {
            json!({"type": "tool", "name": s.name})
        } else {
            json!({"type": "any"})
        };
    }
    if !tools.is_empty() {
        b["tools"] = Value::Array(tools);
    }
    b
}

fn stop_reason(s: &str) -> StopReason {
    match s {
        "end_turn" | "stop_sequence" => StopReason::EndTurn,
        "max_tokens" => StopReason::MaxTokens,
        "tool_use" => StopReason::ToolUse,
        "refusal" => StopReason::ContentFilter,
        other => StopReason::Other(other.to_string()),
    }
}

fn input_tokens(u: &Value) -> u64 {
    [
        "input_tokens",
        "cache_creation_input_tokens",
        "cache_read_input_tokens",
    ]
    .iter()
    .filter_map(|k| u.get(*k).and_then(Value::as_u64))
    .sum()
}

/// Stream state: which content blocks are the schema tool, and whether a real tool was called.
struct State {
    cfg: ProviderConfig,
    schema_tool: Option<String>,
    structured_blocks: HashSet<u64>,
    /// Content block index → tool call index among real tool calls.
    tool_index: Vec<(u64, usize)>,
}

impl State {
    fn event(&mut self, v: &Value) -> Result<Vec<StreamEvent>, LlmError> {
        let index = v.get("index").and_then(Value::as_u64).unwrap_or(0);
        let mut out = Vec::new();
        match v.get("type").and_then(Value::as_str).unwrap_or("") {
            "message_start" => {
                if let Some(u) = v.pointer("/message/usage") {
                    out.push(StreamEvent::Usage(Usage {
                        input_tokens: input_tokens(u),
                        output_tokens: u.get("output_tokens").and_then(Value::as_u64).unwrap_or(0),
                        estimated: false,
                    }));
                }
            }
            "content_block_start" => {
                let block = v.get("content_block").cloned().unwrap_or(Value::Null);
                match block.get("type").and_then(Value::as_str) {
                    Some("text") => {
                        if let Some(t) = block.get("text").and_then(Value::as_str) {
                            if !t.is_empty() {
                                out.push(StreamEvent::Text(t.to_string()));
                            }
                        }
                    }
                    Some("tool_use") => {
                        let name = block.get("name").and_then(Value::as_str).unwrap_or("");
                        if self.schema_tool.as_deref() == Some(name) {
                            self.structured_blocks.insert(index);
                        } else {
                            let n = self.tool_index.len();
                            self.tool_index.push((index, n));
                            out.push(StreamEvent::ToolCallDelta {
                                index: n,
                                id: block.get("id").and_then(Value::as_str).map(str::to_string),
                                name: Some(name.to_string()),
                                arguments: String::new(),
                            });
                        }
                    }
                    _ => {}
                }
            }
            "content_block_delta" => {
                let d = v.get("delta").cloned().unwrap_or(Value::Null);
                let text = d.get("text").or_else(|| d.get("partial_json"));
                let text = text.and_then(Value::as_str).unwrap_or("").to_string();
                if d.get("type").and_then(Value::as_str) == Some("input_json_delta") {
                    if self.structured_blocks.contains(&index) {
                        out.push(StreamEvent::Text(text));
                    } else if let Some(&(_, n)) = self.tool_index.iter().find(|(b, _)| *b == index)
                    {
                        out.push(StreamEvent::ToolCallDelta {
                            index: n,
                            id: None,
                            name: None,
                            arguments: text,
                        });
                    }
                } else if !text.is_empty() {
                    out.push(StreamEvent::Text(text));
                }
            }
            "message_delta" => {
                if let Some(u) = v.get("usage") {
                    out.push(StreamEvent::Usage(Usage {
                        input_tokens: input_tokens(u),
                        output_tokens: u.get("output_tokens").and_then(Value::as_u64).unwrap_or(0),
                        estimated: false,
                    }));
                }
                if let Some(r) = v.pointer("/delta/stop_reason").and_then(Value::as_str) {
                    let mut stop = stop_reason(r);
                    // Answering through the schema tool is the end of the answer, not a tool call.
                    if stop == StopReason::ToolUse && self.tool_index.is_empty() {
                        stop = StopReason::EndTurn;
                    }
                    out.push(StreamEvent::Stop(stop));
                }
            }
            "error" => {
                let cfg = &self.cfg;
                let kind = v
                    .pointer("/error/type")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                return Err(LlmError::Http {
                    provider: cfg.name.clone(),
                    status: if kind == "overloaded_error" { 529 } else { 500 },
                    message: http::scrub(
                        cfg,
                        &v.pointer("/error/message").map_or_else(
                            || v.to_string(),
                            |m| m.as_str().unwrap_or_default().to_string(),
                        ),
                    ),
                    retry_after: None,
                });
            }
            _ => {}
        }
        Ok(out)
    }

    /// A whole (non-streamed) message as events.
    fn message(&mut self, v: &Value) -> Vec<StreamEvent> {
        let mut out = Vec::new();
        for (i, block) in v
            .get("content")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let start = json!({"type": "content_block_start", "index": i, "content_block": block});
            out.extend(self.event_ok(&start));
            if block.get("type").and_then(Value::as_str) == Some("tool_use") {
                let input = block.get("input").cloned().unwrap_or(json!({}));
                let delta = json!({"type": "content_block_delta", "index": i,
                    "delta": {"type": "input_json_delta", "partial_json": input.to_string()}});
                out.extend(self.event_ok(&delta));
            }
        }
        let end = json!({"type": "message_delta", "usage": v.get("usage").cloned().unwrap_or(Value::Null),
                         "delta": {"stop_reason": v.get("stop_reason").cloned().unwrap_or(json!("end_turn"))}});
        out.extend(self.event_ok(&end));
        out
    }

    fn event_ok(&mut self, v: &Value) -> Vec<StreamEvent> {
        // Only "error" events fail, and these are built from content blocks.
        self.event(v).unwrap_or_default()
    }
}

impl Provider for Anthropic {
    fn config(&self) -> &ProviderConfig {
        &self.cfg
    }

    fn stream<'a>(&'a self, req: &'a ChatRequest) -> BoxFuture<'a, Result<EventStream, LlmError>> {
        Box::pin(async move {
            let cfg = &self.cfg;
            let mut rb = http::client()?
                .post(url(cfg))
                .header("anthropic-version", API_VERSION)
                .json(&body(cfg, req));
            if let Some(k) = &cfg.api_key {
                rb = rb.header("x-api-key", k.expose_secret());
            }
            tracing::debug!(provider = %cfg.name, model = %cfg.model, "anthropic request");
            let resp = http::send(cfg, rb).await?;
            let mut state = State {
                cfg: cfg.clone(),
                schema_tool: req.schema.as_ref().map(|s| s.name.clone()),
                structured_blocks: HashSet::new(),
                tool_index: Vec::new(),
            };
            if http::is_json(&resp) {
                let v = http::json_body(cfg, resp).await?;
                let events = state.message(&v);
                return Ok(futures_util::stream::iter(events.into_iter().map(Ok)).boxed());
            }
            let c = cfg.clone();
            let frames = http::sse(cfg, resp).map(move |r| {
                let ev = r?;
                if ev.data.trim().is_empty() {
                    return Ok(Vec::new());
                }
                let v: Value = serde_json::from_str(&ev.data)
                    .map_err(|e| http::decode(&c, format!("bad event: {e}")))?;
                state.event(&v)
            });
            Ok(http::flatten_events(frames))
        })
    }
}
