//! The client: one retry loop around every request, media upload, text and image
//! messages, and the digest (text chunks then the chart).

use std::fmt;
use std::time::Duration;

use secrecy::ExposeSecret;
use serde_json::{json, Value};
use url::Url;

use crate::error::GraphError;
use crate::text::{split_text, truncate_chars, MAX_CAPTION_CHARS, MAX_TEXT_CHARS};
use crate::{Config, WaError};

/// WhatsApp's limit for an image.
const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// An uploaded media's id, as the Cloud API returned it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MediaId(pub String);

/// A sent message's id (`wamid.…`), as the Cloud API returned it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MessageId(pub String);

impl MediaId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
impl MessageId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
impl fmt::Display for MediaId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One message of a digest. The text is split the same way every time, so a part
/// names the same message across attempts ([`Client::send_digest_resume`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// Text chunk `index` (0-based) of `of`.
    Text { index: usize, of: usize },
    /// The chart (uploaded, then sent as an image message).
    Image,
}

/// What happened to a part, reported as soon as it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartOutcome {
    Sent(MessageId),
    /// The error as a person reads it (never the token).
    Failed(String),
}

/// Whether a request may go out again after it left without an answer: an upload
/// may (a second copy of a media is harmless), a message may not (it could arrive
/// twice).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Resend {
    Safe,
    OnlyIfUnsent,
}

/// A WhatsApp Cloud API client for one sending number and one recipient.
pub struct Client {
    http: reqwest::Client,
    cfg: Config,
    media_url: Url,
    messages_url: Url,
}

/// Manual `Debug`: where it sends, never the token.
impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.cfg.base_url.as_str())
            .field("api_version", &self.cfg.api_version)
            .field("phone_number_id", &self.cfg.phone_number_id)
            .field("recipient", &self.cfg.recipient)
            .finish_non_exhaustive()
    }
}

fn endpoint(cfg: &Config, last: &str) -> Result<Url, WaError> {
    let mut u = cfg.base_url.clone();
    u.set_query(None);
    u.set_fragment(None);
    u.path_segments_mut()
        .map_err(|()| WaError::Config(format!("{} is not a base URL", cfg.base_url)))?
        .pop_if_empty()
        .extend([cfg.api_version.as_str(), cfg.phone_number_id.as_str(), last]);
    Ok(u)
}

impl Client {
    /// Checks the settings and builds the HTTP client (rustls with ring).
    pub fn new(cfg: Config) -> Result<Client, WaError> {
        let id = cfg.phone_number_id.trim();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(WaError::Config(format!(
                "the phone number id must be the numeric id Meta shows for the sending number, not {id:?}"
            )));
        }
        if cfg.token.expose_secret().trim().is_empty() {
            return Err(WaError::Config("no access token".into()));
        }
        let v = &cfg.api_version;
        if v.is_empty() || v.contains('/') {
            return Err(WaError::Config(format!("{v:?} is not a Graph API version")));
        }
        if cfg.recipient.to().trim().is_empty() {
            return Err(WaError::Config("no recipient".into()));
        }
        if !matches!(cfg.base_url.scheme(), "http" | "https") {
            return Err(WaError::Config(format!(
                "{} is not an http(s) URL",
                cfg.base_url
            )));
        }
        // reqwest is built with `rustls-no-provider`: install ring once per process (an
        // error only means a provider is already installed). Ring over aws-lc-rs: no
        // C/cmake build; rustls deprecates it only for lacking post-quantum key exchange.
        #[allow(deprecated)]
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .connect_timeout(cfg.timeout.min(Duration::from_secs(10)))
            .timeout(cfg.timeout)
            .build()
            .map_err(|e| WaError::Config(format!("cannot start the HTTP client: {e}")))?;
        Ok(Client {
            http,
            media_url: endpoint(&cfg, "media")?,
            messages_url: endpoint(&cfg, "messages")?,
            cfg,
        })
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// Sends one text message (1 to [`MAX_TEXT_CHARS`] characters; see
    /// [`split_text`] for longer texts).
    pub async fn send_text(&self, body: &str) -> Result<MessageId, WaError> {
        if body.trim().is_empty() {
            return Err(WaError::Config("the message is empty".into()));
        }
        let n = body.chars().count();
        if n > MAX_TEXT_CHARS {
            return Err(WaError::Config(format!(
                "the message has {n} characters; WhatsApp takes at most {MAX_TEXT_CHARS}"
            )));
        }
        let msg = self.message("text", json!({"preview_url": false, "body": body}));
        self.send_message(msg).await
    }

    /// Uploads a PNG (at most 5 MB) for a later image message.
    pub async fn upload_png(&self, bytes: Vec<u8>, filename: &str) -> Result<MediaId, WaError> {
        if !bytes.starts_with(PNG_MAGIC) {
            return Err(WaError::Config("the chart is not a PNG image".into()));
        }
        if bytes.len() > MAX_IMAGE_BYTES {
            return Err(WaError::Config(format!(
                "the chart is {} bytes; WhatsApp takes images up to 5 MB",
                bytes.len()
            )));
        }
        let filename = match filename.trim() {
            "" => "chart.png".to_string(),
            f => f.to_string(),
        };
        let build = || {
            let file = reqwest::multipart::Part::bytes(bytes.clone())
                .file_name(filename.clone())
                .mime_str("image/png")
                .map_err(|e| WaError::Config(format!("cannot build the upload: {e}")))?;
            let form = reqwest::multipart::Form::new()
                .text("messaging_product", "whatsapp")
                .text("type", "image/png")
                .part("file", file);
            Ok(self.http.post(self.media_url.clone()).multipart(form))
        };
        let v = self.request("media upload", build, Resend::Safe).await?;
        let id = v
            .get("id")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| WaError::BadResponse("the media upload answer has no id".into()))?;
        Ok(MediaId(id.to_string()))
    }

    /// Sends an uploaded image, with a caption of at most [`MAX_CAPTION_CHARS`]
    /// characters (cut with `…` beyond).
    pub async fn send_image(
        &self,
        media: &MediaId,
        caption: Option<&str>,
    ) -> Result<MessageId, WaError> {
        let mut image = json!({"id": media.as_str()});
        if let Some(c) = caption.map(str::trim).filter(|c| !c.is_empty()) {
            image["caption"] = json!(truncate_chars(c, MAX_CAPTION_CHARS));
        }
        self.send_message(self.message("image", image)).await
    }

    /// Sends the digest: `text` in as many messages as it needs, then the chart
    /// (`(png bytes, file name)`) as an image. Stops at the first failure, which
    /// `progress` hears about too. Returns the parts sent, in order.
    pub async fn send_digest(
        &self,
        text: &str,
        png: Option<(Vec<u8>, String)>,
        progress: &mut (dyn FnMut(Part, PartOutcome) + Send),
    ) -> Result<Vec<(Part, MessageId)>, WaError> {
        self.send_digest_resume(text, png, None, &[], progress)
            .await
    }

    /// [`Client::send_digest`], skipping the parts in `done` (sent by an earlier try):
    /// a retried digest never repeats a message. The chart goes with `caption`.
    pub async fn send_digest_resume(
        &self,
        text: &str,
        png: Option<(Vec<u8>, String)>,
        caption: Option<&str>,
        done: &[Part],
        progress: &mut (dyn FnMut(Part, PartOutcome) + Send),
    ) -> Result<Vec<(Part, MessageId)>, WaError> {
        let chunks = split_text(text, MAX_TEXT_CHARS);
        if chunks.is_empty() && png.is_none() {
            return Err(WaError::Config("the digest is empty".into()));
        }
        let of = chunks.len();
        let mut sent = Vec::new();
        for (index, chunk) in chunks.iter().enumerate() {
            let part = Part::Text { index, of };
            if done.contains(&part) {
                continue;
            }
            let r = self.send_text(chunk).await;
            sent.push((part, report(part, r, progress)?));
        }
        if let Some((bytes, name)) = png {
            if !done.contains(&Part::Image) {
                let r = match self.upload_png(bytes, &name).await {
                    Ok(media) => self.send_image(&media, caption).await,
                    Err(e) => Err(e),
                };
                sent.push((Part::Image, report(Part::Image, r, progress)?));
            }
        }
        Ok(sent)
    }

    fn message(&self, kind: &str, content: Value) -> Value {
        let r = &self.cfg.recipient;
        let mut m = json!({
            "messaging_product": "whatsapp",
            "recipient_type": r.kind(),
            "to": r.to(),
            "type": kind,
        });
        m[kind] = content;
        m
    }

    async fn send_message(&self, msg: Value) -> Result<MessageId, WaError> {
        let build = || Ok(self.http.post(self.messages_url.clone()).json(&msg));
        let v = self.request("message", build, Resend::OnlyIfUnsent).await?;
        let id = v
            .pointer("/messages/0/id")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| WaError::BadResponse("the send answer names no message id".into()))?;
        tracing::info!(message_id = id, "WhatsApp accepted the message");
        Ok(MessageId(id.to_string()))
    }

    /// One request with retries: 429, Graph rate-limit codes, 5xx and temporary codes
    /// back off and go again (up to `max_attempts`); a request that never reached the
    /// server goes again; anything else returns at once. Logs neither the token nor
    /// the body.
    async fn request(
        &self,
        what: &'static str,
        build: impl Fn() -> Result<reqwest::RequestBuilder, WaError>,
        resend: Resend,
    ) -> Result<Value, WaError> {
        let policy = &self.cfg.retry;
        let max = policy.max_attempts.max(1);
        let token = self.cfg.token.expose_secret();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let req = build()?.bearer_auth(token);
            let (err, retry_after, may_retry) = match self.attempt(req).await {
                Ok(Answer::Ok(v)) => return Ok(v),
                Ok(Answer::Bad(m)) => return Err(WaError::BadResponse(m)),
                Ok(Answer::Graph {
                    status,
                    error,
                    retry_after,
                }) => {
                    let error = error.scrub(token);
                    tracing::warn!(
                        what,
                        attempt,
                        max,
                        status,
                        code = error.code,
                        "WhatsApp refused the request"
                    );
                    if error.is_rate_limit(status) {
                        let e = WaError::RateLimited {
                            attempts: attempt,
                            last: error.summary(),
                        };
                        (e, retry_after, true)
                    } else if error.is_unauthorized(status) || !error.is_temporary(status) {
                        return Err(error.into_error(status));
                    } else {
                        (error.into_error(status), retry_after, true)
                    }
                }
                Err(Transport::Unsent(msg)) => {
                    tracing::warn!(what, attempt, max, "WhatsApp could not be reached");
                    (WaError::Network(msg), None, true)
                }
                Err(Transport::Timeout) => {
                    tracing::warn!(what, attempt, max, "WhatsApp did not answer in time");
                    (WaError::Timeout, None, resend == Resend::Safe)
                }
                Err(Transport::Broken(msg)) => {
                    tracing::warn!(what, attempt, max, "the connection to WhatsApp broke");
                    (WaError::Network(msg), None, resend == Resend::Safe)
                }
            };
            if !may_retry || attempt >= max {
                return Err(err);
            }
            let wait = policy.delay(attempt, retry_after);
            tracing::info!(
                what,
                attempt,
                wait_ms = wait.as_millis() as u64,
                "retrying WhatsApp request"
            );
            tokio::time::sleep(wait).await;
        }
    }

    async fn attempt(&self, req: reqwest::RequestBuilder) -> Result<Answer, Transport> {
        let resp = req.send().await.map_err(transport)?;
        let status = resp.status().as_u16();
        let retry_after = retry_after(resp.headers());
        let body = resp.bytes().await.map_err(|e| match transport(e) {
            // the request arrived: whatever happens now, it was sent
            Transport::Unsent(m) => Transport::Broken(m),
            t => t,
        })?;
        if (200..300).contains(&status) {
            return Ok(serde_json::from_slice(&body).map_or_else(
                |_| Answer::Bad(format!("HTTP {status} with a body that is not JSON")),
                Answer::Ok,
            ));
        }
        Ok(Answer::Graph {
            status,
            error: GraphError::parse(&body),
            retry_after,
        })
    }
}

fn report(
    part: Part,
    r: Result<MessageId, WaError>,
    progress: &mut (dyn FnMut(Part, PartOutcome) + Send),
) -> Result<MessageId, WaError> {
    match r {
        Ok(id) => {
            progress(part, PartOutcome::Sent(id.clone()));
            Ok(id)
        }
        Err(e) => {
            progress(part, PartOutcome::Failed(e.to_string()));
            Err(e)
        }
    }
}

enum Answer {
    Ok(Value),
    /// 2xx, but not JSON.
    Bad(String),
    Graph {
        status: u16,
        error: GraphError,
        retry_after: Option<Duration>,
    },
}

enum Transport {
    /// Never reached the server (connect, DNS, TLS): safe to send again.
    Unsent(String),
    /// Sent, but no answer in time.
    Timeout,
    /// Sent, then the connection failed.
    Broken(String),
}

fn transport(e: reqwest::Error) -> Transport {
    let (connect, timeout) = (e.is_connect(), e.is_timeout());
    let e = e.without_url();
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(&e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    if connect {
        Transport::Unsent(msg)
    } else if timeout {
        Transport::Timeout
    } else {
        Transport::Broken(msg)
    }
}

/// `Retry-After` in seconds (Graph sends seconds; the HTTP-date form is ignored).
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let v = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    let secs: f64 = v.trim().parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(86_400.0)))
}
