//! WhatsApp Business Cloud API client for the weekly digest: uploads a PNG, sends text
//! and image messages to one phone number or to a group (Groups API), retries rate
//! limits and server failures with bounded backoff, and maps Graph errors to
//! [`WaError`]s a person can act on. The token only ever travels in the
//! `Authorization` header: it is in no `Debug`, error message or log line.
//!
//! Build a [`Config`] (base URL from [`base_url_from_env`]), a [`Client`], then
//! [`Client::send_digest`]. No Tauri, no store: the app keeps the delivery log.

mod client;
mod config;
mod error;
#[cfg(feature = "fake-server")]
pub mod fake;
mod text;

pub use client::{Client, MediaId, MessageId, Part, PartOutcome};
pub use config::{
    base_url_from_env, parse_base_url, Config, Recipient, RetryPolicy, API_VERSION,
    DEFAULT_BASE_URL, URL_ENV,
};
pub use error::WaError;
pub use text::{split_text, MAX_CAPTION_CHARS, MAX_TEXT_CHARS};
