//! The one HTTP stack shared by the backends: a reqwest client (rustls with ring), status
//! mapping, `Retry-After`, idle timeouts on streamed bodies, SSE and NDJSON framing, and
//! scrubbing the API key out of anything that might end up in an error.

use std::sync::OnceLock;
use std::time::Duration;

use bytes::Bytes;
use eventsource_stream::{Event, EventStreamError, Eventsource};
use futures_util::{Stream, StreamExt};
use secrecy::ExposeSecret;

use crate::provider::ProviderConfig;
use crate::LlmError;

/// The longest provider message kept in an error.
const MAX_MESSAGE: usize = 300;

pub(crate) fn client() -> Result<reqwest::Client, LlmError> {
    static CLIENT: OnceLock<Result<reqwest::Client, String>> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            // Ring instead of aws-lc-rs: no C/cmake build of aws-lc (minutes on this machine).
            // Ring lacks the post-quantum key exchange (hence the deprecation); switching is
            // reqwest's `rustls` feature. A provider installed earlier by someone else wins.
            #[allow(deprecated)]
            let _ = rustls::crypto::ring::default_provider().install_default();
            reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(10))
                .build()
                .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(|e| LlmError::Config(format!("cannot start the HTTP client: {e}")))
}

/// Replaces every occurrence of the provider's API key by `[REDACTED]`.
pub(crate) fn scrub(cfg: &ProviderConfig, text: &str) -> String {
    match &cfg.api_key {
        Some(k) if !k.expose_secret().is_empty() => text.replace(k.expose_secret(), "[REDACTED]"),
        _ => text.to_string(),
    }
}

fn transport_error(cfg: &ProviderConfig, e: &reqwest::Error) -> LlmError {
    if e.is_timeout() {
        return LlmError::Timeout {
            provider: cfg.name.clone(),
            after: cfg.timeout,
        };
    }
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    LlmError::Network {
        provider: cfg.name.clone(),
        message: scrub(cfg, &msg),
    }
}

/// `Retry-After` in seconds (the HTTP-date form is ignored: LLM APIs send seconds).
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let v = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    let secs: f64 = v.trim().parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(86_400.0)))
}

/// Pulls a human message out of an error body: `error.message`, `error` or `message`.
fn error_message(body: &str) -> String {
    let parsed: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let msg = parsed
        .as_ref()
        .and_then(|v| {
            v.pointer("/error/message")
                .or_else(|| v.get("error"))
                .or_else(|| v.get("message"))
                .and_then(|m| m.as_str().map(str::to_string))
        })
        .unwrap_or_else(|| body.trim().to_string());
    let mut msg: String = msg.chars().take(MAX_MESSAGE).collect();
    if msg.is_empty() {
        msg = "no details from the server".into();
    }
    msg
}

/// Sends a request, waiting at most the provider's timeout for the response headers;
/// a non-2xx status becomes [`LlmError::Http`] with the body's message (scrubbed).
pub(crate) async fn send(
    cfg: &ProviderConfig,
    req: reqwest::RequestBuilder,
) -> Result<reqwest::Response, LlmError> {
    let resp = match tokio::time::timeout(cfg.timeout, req.send()).await {
        Err(_) => {
            return Err(LlmError::Timeout {
                provider: cfg.name.clone(),
                after: cfg.timeout,
            })
        }
        Ok(Err(e)) => return Err(transport_error(cfg, &e)),
        Ok(Ok(r)) => r,
    };
    let status = resp.status();
    if status.is_success() {
        return Ok(resp);
    }
    let retry = retry_after(resp.headers());
    let body = match tokio::time::timeout(cfg.timeout, resp.text()).await {
        Ok(Ok(b)) => b,
        _ => String::new(),
    };
    Err(LlmError::Http {
        provider: cfg.name.clone(),
        status: status.as_u16(),
        message: scrub(cfg, &error_message(&body)),
        retry_after: retry,
    })
}

/// True when the response is a single JSON document (a server that ignored `stream: true`).
pub(crate) fn is_json(resp: &reqwest::Response) -> bool {
    resp.headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// Reads a whole JSON body within the timeout.
pub(crate) async fn json_body(
    cfg: &ProviderConfig,
    resp: reqwest::Response,
) -> Result<serde_json::Value, LlmError> {
    let bytes = match tokio::time::timeout(cfg.timeout, resp.bytes()).await {
        Err(_) => {
            return Err(LlmError::Timeout {
                provider: cfg.name.clone(),
                after: cfg.timeout,
            })
        }
        Ok(Err(e)) => return Err(transport_error(cfg, &e)),
        Ok(Ok(b)) => b,
    };
    serde_json::from_slice(&bytes).map_err(|e| decode(cfg, format!("not JSON: {e}")))
}

pub(crate) fn decode(cfg: &ProviderConfig, message: impl AsRef<str>) -> LlmError {
    LlmError::Decode {
        provider: cfg.name.clone(),
        message: scrub(cfg, message.as_ref()),
    }
}

/// The body as chunks; waiting longer than the timeout for the next chunk is an error.
pub(crate) fn body_stream(
    cfg: &ProviderConfig,
    resp: reqwest::Response,
) -> impl Stream<Item = Result<Bytes, LlmError>> + Send + 'static {
    let cfg = cfg.clone();
    let inner = resp.bytes_stream().boxed();
    futures_util::stream::unfold(Some(inner), move |state| {
        let cfg = cfg.clone();
        async move {
            let mut inner = state?;
            match tokio::time::timeout(cfg.timeout, inner.next()).await {
                Err(_) => Some((
                    Err(LlmError::Timeout {
                        provider: cfg.name.clone(),
                        after: cfg.timeout,
                    }),
                    None,
                )),
                Ok(None) => None,
                Ok(Some(Err(e))) => Some((Err(transport_error(&cfg, &e)), None)),
                Ok(Some(Ok(b))) => Some((Ok(b), Some(inner))),
            }
        }
    })
}

/// Server-sent events of the body.
pub(crate) fn sse(
    cfg: &ProviderConfig,
    resp: reqwest::Response,
) -> impl Stream<Item = Result<Event, LlmError>> + Send + 'static {
    let cfg2 = cfg.clone();
    body_stream(cfg, resp).eventsource().map(move |r| {
        r.map_err(|e| match e {
            EventStreamError::Transport(e) => e,
            EventStreamError::Utf8(e) => decode(&cfg2, format!("stream is not UTF-8: {e}")),
            EventStreamError::Parser(e) => decode(&cfg2, format!("bad event stream: {e}")),
        })
    })
}

/// Newline-delimited JSON documents of the body (Ollama's stream); a last line without its
/// newline is read too.
pub(crate) fn ndjson(
    cfg: &ProviderConfig,
    resp: reqwest::Response,
) -> impl Stream<Item = Result<serde_json::Value, LlmError>> + Send + 'static {
    let cfg2 = cfg.clone();
    body_stream(cfg, resp)
        .map(Some)
        .chain(futures_util::stream::once(futures_util::future::ready(
            None,
        )))
        .scan(Vec::<u8>::new(), move |buf, chunk| {
            let mut out: Vec<Result<serde_json::Value, LlmError>> = Vec::new();
            let line_of =
                |line: &[u8], out: &mut Vec<_>| {
                    let line = line.trim_ascii();
                    if !line.is_empty() {
                        out.push(serde_json::from_slice(line).map_err(|e| {
                            decode(&cfg2, format!("bad line in the answer stream: {e}"))
                        }));
                    }
                };
            match chunk {
                Some(Err(e)) => out.push(Err(e)),
                Some(Ok(b)) => {
                    buf.extend_from_slice(&b);
                    while let Some(nl) = buf.iter().position(|&c| c == b'\n') {
                        let line: Vec<u8> = buf.drain(..=nl).collect();
                        line_of(&line, &mut out);
                    }
                }
                None => {
                    let rest = std::mem::take(buf);
                    line_of(&rest, &mut out);
                }
            }
            futures_util::future::ready(Some(futures_util::stream::iter(out)))
        })
        .flatten()
}

/// Turns a stream of per-frame results into a stream of events.
pub(crate) fn flatten_events<S>(s: S) -> crate::provider::EventStream
where
    S: Stream<Item = Result<Vec<crate::StreamEvent>, LlmError>> + Send + 'static,
{
    s.flat_map(|r| {
        futures_util::stream::iter(match r {
            Ok(v) => v.into_iter().map(Ok).collect::<Vec<_>>(),
            Err(e) => vec![Err(e)],
        })
    })
    .boxed()
}
