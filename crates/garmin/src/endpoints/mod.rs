//! The calls, as methods on [`GarminClient`](crate::GarminClient): each fetches, then
//! maps with [`crate::mappers`].

mod activities;
mod upload;
mod wellness;

pub use activities::{new_since, OriginalFile};
pub use upload::{CreatedWorkout, ScheduledWorkout, UploadOutcome};
pub use wellness::date_chunks;

/// The activity file out of a Garmin download ZIP, as [`GarminClient::download_original`](crate::GarminClient::download_original) does.
pub fn unzip_original(bytes: &[u8]) -> Result<OriginalFile> {
    activities::unzip_original(bytes)
}

use serde_json::Value;

use crate::error::{GarminError, Result};
use crate::http::HttpResponse;

/// The body as JSON; an empty body (204) is `Null`.
pub(crate) fn json_body(r: &HttpResponse, what: &str) -> Result<Value> {
    if r.status == 204 || r.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(&r.body).map_err(|e| GarminError::Unexpected {
        what: what.to_string(),
        reason: format!("not JSON ({:?})", e.classify()),
    })
}
