//! Renders a [`Turn`] in each dialect, as one JSON body or as a stream of frames.

use std::convert::Infallible;

use axum::body::Body;
use axum::response::Response;
use futures_util::StreamExt;
use serde_json::{json, Value};

use crate::{plain, Dialect, FakeStop, Turn};

pub(crate) fn turn(dialect: Dialect, model: &str, t: &Turn, stream: bool) -> Response {
    match (dialect, stream) {
        (Dialect::OpenAi, false) => json_body(openai_json(model, t)),
        (Dialect::OpenAi, true) => frames("text/event-stream", openai_sse(model, t), t),
        (Dialect::Anthropic, false) => json_body(anthropic_json(model, t)),
        (Dialect::Anthropic, true) => frames("text/event-stream", anthropic_sse(model, t), t),
        (Dialect::Ollama, false) => json_body(ollama_json(model, t, true)),
        (Dialect::Ollama, true) => frames("application/x-ndjson", ollama_ndjson(model, t), t),
    }
}

fn json_body(v: Value) -> Response {
    plain(200, "application/json", v.to_string())
}

fn frames(content_type: &str, frames: Vec<String>, t: &Turn) -> Response {
    let half = frames.len() / 2;
    let stall = t.stall_mid_stream;
    let stream =
        futures_util::stream::iter(frames.into_iter().enumerate()).then(move |(i, f)| async move {
            if let (Some(d), true) = (stall, i == half) {
                tokio::time::sleep(d).await;
            }
            Ok::<_, Infallible>(f)
        });
    let mut r = Response::new(Body::from_stream(stream));
    if let Ok(v) = content_type.parse() {
        r.headers_mut().insert("content-type", v);
    }
    r
}

/// Splits text into pieces of `n` characters (never inside a UTF-8 sequence).
fn pieces(text: &str, n: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.chunks(n.max(1)).map(|c| c.iter().collect()).collect()
}

fn openai_finish(t: &Turn) -> &'static str {
    match effective_stop(t) {
        FakeStop::End => "stop",
        FakeStop::Length => "length",
        FakeStop::ToolUse => "tool_calls",
    }
}

fn effective_stop(t: &Turn) -> FakeStop {
    if t.stop == FakeStop::End && !t.tool_calls.is_empty() {
        FakeStop::ToolUse
    } else {
        t.stop
    }
}

fn openai_usage(t: &Turn) -> Value {
    json!({
        "prompt_tokens": t.input_tokens,
        "completion_tokens": t.output_tokens,
        "total_tokens": t.input_tokens + t.output_tokens,
    })
}

fn openai_json(model: &str, t: &Turn) -> Value {
    let calls: Vec<Value> = t
        .tool_calls
        .iter()
        .map(|c| {
            json!({"id": c.id, "type": "function",
                   "function": {"name": c.name, "arguments": c.arguments.to_string()}})
        })
        .collect();
    let mut message = json!({"role": "assistant", "content": t.text});
    if !calls.is_empty() {
        message["tool_calls"] = Value::Array(calls);
    }
    let mut v = json!({
        "id": "chatcmpl-fake", "object": "chat.completion", "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": openai_finish(t)}],
    });
    if !t.omit_usage {
        v["usage"] = openai_usage(t);
    }
    v
}

fn sse(data: &Value) -> String {
    format!("data: {data}\n\n")
}

fn openai_sse(model: &str, t: &Turn) -> Vec<String> {
    let chunk = |delta: Value, finish: Value| {
        sse(
            &json!({"id": "chatcmpl-fake", "object": "chat.completion.chunk", "model": model,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}),
        )
    };
    let mut out = vec![chunk(
        json!({"role": "assistant", "content": ""}),
        Value::Null,
    )];
    for p in pieces(&t.text, t.chunk_chars) {
        out.push(chunk(json!({"content": p}), Value::Null));
    }
    for (i, c) in t.tool_calls.iter().enumerate() {
        out.push(chunk(
            json!({"tool_calls": [{"index": i, "id": c.id, "type": "function",
                                   "function": {"name": c.name, "arguments": ""}}]}),
            Value::Null,
        ));
        for p in pieces(&c.arguments.to_string(), t.chunk_chars) {
            out.push(chunk(
                json!({"tool_calls": [{"index": i, "function": {"arguments": p}}]}),
                Value::Null,
            ));
        }
    }
    out.push(chunk(json!({}), json!(openai_finish(t))));
    if !t.omit_usage {
        out.push(sse(
            &json!({"id": "chatcmpl-fake", "object": "chat.completion.chunk",
                             "model": model, "choices": [], "usage": openai_usage(t)}),
        ));
    }
    out.push("data: [DONE]\n\n".into());
    out
}

fn anthropic_stop(t: &Turn) -> &'static str {
    match effective_stop(t) {
        FakeStop::End => "end_turn",
        FakeStop::Length => "max_tokens",
        FakeStop::ToolUse => "tool_use",
    }
}

fn anthropic_json(model: &str, t: &Turn) -> Value {
    let mut content = Vec::new();
    if !t.text.is_empty() {
        content.push(json!({"type": "text", "text": t.text}));
    }
    for c in &t.tool_calls {
        content.push(json!({"type": "tool_use", "id": c.id, "name": c.name, "input": c.arguments}));
    }
    let mut v = json!({
        "id": "msg_fake", "type": "message", "role": "assistant", "model": model,
        "content": content, "stop_reason": anthropic_stop(t), "stop_sequence": null,
    });
    if !t.omit_usage {
        v["usage"] = json!({"input_tokens": t.input_tokens, "output_tokens": t.output_tokens});
    }
    v
}

fn event(name: &str, data: &Value) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

fn anthropic_sse(model: &str, t: &Turn) -> Vec<String> {
    let (inp, first_out) = if t.omit_usage {
        (0, 0)
    } else {
        (t.input_tokens, 1)
    };
    let mut out = vec![event(
        "message_start",
        &json!({"type": "message_start", "message": {
            "id": "msg_fake", "type": "message", "role": "assistant", "model": model,
            "content": [], "stop_reason": null,
            "usage": {"input_tokens": inp, "output_tokens": first_out}}}),
    )];
    out.push(event("ping", &json!({"type": "ping"})));
    let mut index = 0;
    if !t.text.is_empty() {
        out.push(event(
            "content_block_start",
            &json!({"type": "content_block_start", "index": index,
                    "content_block": {"type": "text", "text": ""}}),
        ));
        for p in pieces(&t.text, t.chunk_chars) {
            out.push(event(
                "content_block_delta",
                &json!({"type": "content_block_delta", "index": index,
                        "delta": {"type": "text_delta", "text": p}}),
            ));
        }
        out.push(event(
            "content_block_stop",
            &json!({"type": "content_block_stop", "index": index}),
        ));
        index += 1;
    }
    for c in &t.tool_calls {
        out.push(event(
            "content_block_start",
            &json!({"type": "content_block_start", "index": index,
                    "content_block": {"type": "tool_use", "id": c.id, "name": c.name, "input": {}}}),
        ));
        for p in pieces(&c.arguments.to_string(), t.chunk_chars) {
            out.push(event(
                "content_block_delta",
                &json!({"type": "content_block_delta", "index": index,
                        "delta": {"type": "input_json_delta", "partial_json": p}}),
            ));
        }
        out.push(event(
            "content_block_stop",
            &json!({"type": "content_block_stop", "index": index}),
        ));
        index += 1;
    }
    let mut delta = json!({"type": "message_delta",
                           "delta": {"stop_reason": anthropic_stop(t), "stop_sequence": null}});
    if !t.omit_usage {
        delta["usage"] = json!({"output_tokens": t.output_tokens});
    }
    out.push(event("message_delta", &delta));
    out.push(event("message_stop", &json!({"type": "message_stop"})));
    out
}

fn ollama_reason(t: &Turn) -> &'static str {
    match effective_stop(t) {
        FakeStop::Length => "length",
        _ => "stop",
    }
}

fn ollama_json(model: &str, t: &Turn, with_text: bool) -> Value {
    let mut message =
        json!({"role": "assistant", "content": if with_text { t.text.as_str() } else { "" }});
    if !t.tool_calls.is_empty() {
        message["tool_calls"] = Value::Array(
            t.tool_calls
                .iter()
                .map(|c| json!({"function": {"name": c.name, "arguments": c.arguments}}))
                .collect(),
        );
    }
    let mut v = json!({"model": model, "created_at": "2026-12-04T00:00:00Z",
                       "message": message, "done": true, "done_reason": ollama_reason(t)});
    if !t.omit_usage {
        v["prompt_eval_count"] = json!(t.input_tokens);
        v["eval_count"] = json!(t.output_tokens);
    }
    v
}

fn ollama_ndjson(model: &str, t: &Turn) -> Vec<String> {
    let mut out: Vec<String> = pieces(&t.text, t.chunk_chars)
        .into_iter()
        .map(|p| {
            format!(
                "{}\n",
                json!({"model": model, "created_at": "2026-12-04T00:00:00Z",
                       "message": {"role": "assistant", "content": p}, "done": false})
            )
        })
        .collect();
    out.push(format!("{}\n", ollama_json(model, t, false)));
    out
}
