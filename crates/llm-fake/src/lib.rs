//! A scripted fake LLM server for tests, on 127.0.0.1 with an OS-chosen port.
//!
//! One server speaks three dialects, chosen by the path the client calls:
//! OpenAI-compatible `POST …/chat/completions`, Anthropic `POST …/messages` and Ollama
//! `POST /api/chat`. Each request takes the next [`Reply`] from a queue (FIFO); a
//! protocol-neutral [`Turn`] is rendered in the dialect of the request, as JSON or as a
//! stream (SSE for OpenAI/Anthropic, NDJSON for Ollama) when the request asks
//! `"stream": true`. Every request is recorded ([`Recorded`]) so a test can check what was
//! sent. When the queue is empty the server answers 500 "script exhausted", so a test that
//! makes more calls than it scripted fails loudly — unless the test set a
//! [`FakeLlm::set_responder`], which answers from the request itself (for flows whose
//! number of calls or whose content depends on the app's data, like a plan per block).
//!
//! Used by `paceline-llm`'s tests and meant for the app's and the e2e tests.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use serde_json::{json, Value};

mod render;

/// Why the scripted model stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FakeStop {
    /// A normal end of the answer.
    End,
    /// The answer hit `max_tokens` (OpenAI `length`, Anthropic `max_tokens`, Ollama `length`).
    Length,
    /// The model asks for tool calls (set automatically when a turn has tool calls).
    ToolUse,
}

/// A tool call made by the scripted model.
#[derive(Debug, Clone)]
pub struct FakeToolCall {
    pub id: String,
    pub name: String,
    pub arguments: Value,
}

/// One protocol-neutral model answer.
#[derive(Debug, Clone)]
pub struct Turn {
    pub text: String,
    pub tool_calls: Vec<FakeToolCall>,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub stop: FakeStop,
    /// Characters per streamed text delta (≥ 1).
    pub chunk_chars: usize,
    /// Leave the usage out of the answer (servers that do not report it).
    pub omit_usage: bool,
    /// When streaming: pause this long after the first half of the frames (a stalled server).
    pub stall_mid_stream: Option<Duration>,
}

impl Turn {
    /// A text answer with the given usage.
    pub fn text(text: impl Into<String>, input_tokens: u64, output_tokens: u64) -> Self {
        Turn {
            text: text.into(),
            tool_calls: Vec::new(),
            input_tokens,
            output_tokens,
            stop: FakeStop::End,
            chunk_chars: 7,
            omit_usage: false,
            stall_mid_stream: None,
        }
    }

    /// An answer that calls one tool.
    pub fn tool_call(
        id: &str,
        name: &str,
        arguments: Value,
        input_tokens: u64,
        output_tokens: u64,
    ) -> Self {
        let mut t = Turn::text("", input_tokens, output_tokens);
        t.stop = FakeStop::ToolUse;
        t.tool_calls.push(FakeToolCall {
            id: id.into(),
            name: name.into(),
            arguments,
        });
        t
    }

    /// Marks the answer as cut off at `max_tokens`.
    pub fn truncated(mut self) -> Self {
        self.stop = FakeStop::Length;
        self
    }

    /// Stalls the stream halfway for `by`.
    pub fn stalling(mut self, by: Duration) -> Self {
        self.stall_mid_stream = Some(by);
        self
    }

    /// Leaves the usage out.
    pub fn without_usage(mut self) -> Self {
        self.omit_usage = true;
        self
    }
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A model answer in the request's dialect.
    Turn(Turn),
    /// An HTTP error with an optional `Retry-After` header value.
    Status {
        status: u16,
        retry_after: Option<String>,
        body: String,
    },
    /// A raw body with a content type (malformed answers).
    Raw {
        status: u16,
        content_type: String,
        body: String,
    },
    /// Waits, then answers (timeouts).
    Delay(Duration, Box<Reply>),
}

impl Reply {
    pub fn status(status: u16) -> Self {
        Reply::Status {
            status,
            retry_after: None,
            body: json!({"error": {"message": format!("fake error {status}")}}).to_string(),
        }
    }

    pub fn too_many(retry_after: &str) -> Self {
        Reply::Status {
            status: 429,
            retry_after: Some(retry_after.into()),
            body: json!({"error": {"message": "rate limited"}}).to_string(),
        }
    }

    pub fn delayed(self, by: Duration) -> Self {
        Reply::Delay(by, Box::new(self))
    }
}

impl From<Turn> for Reply {
    fn from(t: Turn) -> Self {
        Reply::Turn(t)
    }
}

/// A request the server received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub path: String,
    /// Header names are lower case.
    pub headers: HashMap<String, String>,
    pub body: Value,
}

/// Answers a request from its JSON body when the script is empty.
pub type Responder = Arc<dyn Fn(&Value) -> Reply + Send + Sync>;

#[derive(Default)]
struct Shared {
    script: VecDeque<Reply>,
    requests: Vec<Recorded>,
    responder: Option<Responder>,
}

/// A running fake server; stops when dropped.
pub struct FakeLlm {
    addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    task: tokio::task::JoinHandle<()>,
}

impl FakeLlm {
    /// Binds 127.0.0.1:0 and serves on the current tokio runtime.
    ///
    /// # Panics
    /// If the loopback port cannot be bound (a broken test machine).
    pub async fn start() -> FakeLlm {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let app = Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0 for the fake LLM server");
        let addr = listener.local_addr().expect("local addr");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeLlm { addr, shared, task }
    }

    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Queues a reply.
    pub fn push(&self, reply: impl Into<Reply>) -> &Self {
        self.lock().script.push_back(reply.into());
        self
    }

    /// Answers with `f(request body)` whenever the script is empty; `None` goes back to
    /// "script exhausted".
    pub fn set_responder(&self, f: Option<Responder>) -> &Self {
        self.lock().responder = f;
        self
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.lock().requests.clone()
    }

    /// Drops the replies still queued (a cancelled flow's leftovers).
    pub fn clear(&self) -> &Self {
        self.lock().script.clear();
        self
    }

    /// Replies still queued.
    pub fn remaining(&self) -> usize {
        self.lock().script.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for FakeLlm {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The dialect of a request, from its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    OpenAi,
    Anthropic,
    Ollama,
}

async fn handle(
    State(shared): State<Arc<Mutex<Shared>>>,
    uri: Uri,
    headers: HeaderMap,
    body: bytes::Bytes,
) -> Response {
    let path = uri.path().to_string();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let reply = {
        let mut s = shared.lock().unwrap_or_else(|e| e.into_inner());
        s.requests.push(Recorded {
            path: path.clone(),
            headers: headers
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_ascii_lowercase(),
                        v.to_str().unwrap_or("").to_string(),
                    )
                })
                .collect(),
            body: body.clone(),
        });
        s.script
            .pop_front()
            .or_else(|| s.responder.as_ref().map(|f| f(&body)))
    };
    let dialect = if path.ends_with("/chat/completions") {
        Dialect::OpenAi
    } else if path.ends_with("/messages") {
        Dialect::Anthropic
    } else if path.ends_with("/api/chat") {
        Dialect::Ollama
    } else {
        return plain(404, "text/plain", format!("no such endpoint: {path}"));
    };
    let stream = body.get("stream").and_then(Value::as_bool).unwrap_or(false);
    let model = body
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("fake-model")
        .to_string();
    let mut reply = match reply {
        Some(r) => r,
        None => return plain(500, "text/plain", "script exhausted".into()),
    };
    loop {
        match reply {
            Reply::Delay(d, inner) => {
                tokio::time::sleep(d).await;
                reply = *inner;
            }
            Reply::Status {
                status,
                retry_after,
                body,
            } => {
                let mut r = plain(status, "application/json", body);
                if let Some(ra) = retry_after {
                    if let Ok(v) = ra.parse() {
                        r.headers_mut().insert("retry-after", v);
                    }
                }
                return r;
            }
            Reply::Raw {
                status,
                content_type,
                body,
            } => return plain(status, &content_type, body),
            Reply::Turn(t) => return render::turn(dialect, &model, &t, stream),
        }
    }
}

pub(crate) fn plain(status: u16, content_type: &str, body: String) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(v) = content_type.parse() {
        r.headers_mut().insert("content-type", v);
    }
    r
}
