//! Activity files to [`paceline_model::Activity`].
//!
//! Each format lives in its own module and turns bytes into an activity or a typed
//! [`ImportError`] a person can act on. Nothing here touches the store: the caller
//! decides what to keep, so a failed file never leaves half an activity behind.

mod fit;
mod sniff;
pub mod totals;

use paceline_model::{Activity, SourceFormat};
use sha2::{Digest, Sha256};

pub use sniff::sniff;

/// Files larger than this are refused before decoding: no real activity is near it.
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ImportError {
    #[error("the file is empty (0 bytes)")]
    Empty,
    #[error("not a FIT file{}", looks_like.map(|k| format!(": looks like {k}")).unwrap_or_default())]
    NotFit { looks_like: Option<&'static str> },
    #[error("{0} files are not supported yet; Paceline imports FIT files")]
    Unsupported(&'static str),
    #[error("damaged FIT file: {0}")]
    Corrupt(String),
    #[error("holds no activity ({0})")]
    NoActivity(String),
    #[error("file is too large ({0} MB; the limit is 200 MB)")]
    TooLarge(u64),
}

impl ImportError {
    /// A valid file that is simply not an activity is skipped, not failed.
    pub fn is_skip(&self) -> bool {
        matches!(self, ImportError::NoActivity(_))
    }
}

/// A decoded file, ready to store.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub activity: Activity,
    pub format: SourceFormat,
    /// SHA-256 of the original bytes: the same file imported twice is one activity.
    pub content_hash: [u8; 32],
}

pub fn content_hash(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Decodes one file. `name` is used for the format guess and the default title.
pub fn decode(name: &str, bytes: &[u8]) -> Result<Decoded, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge(bytes.len() as u64 / (1024 * 1024)));
    }
    let lower = name.to_ascii_lowercase();
    let format = if lower.ends_with(".gpx") {
        return Err(ImportError::Unsupported("GPX"));
    } else if lower.ends_with(".tcx") {
        return Err(ImportError::Unsupported("TCX"));
    } else {
        SourceFormat::Fit
    };
    let mut activity = fit::decode(bytes)?;
    totals::fill_from_streams(&mut activity);
    if activity.name.is_empty() {
        activity.name = default_name(&activity);
    }
    Ok(Decoded {
        activity,
        format,
        content_hash: content_hash(bytes),
    })
}

/// "Morning Run" style names from the local start hour and sport.
pub fn default_name(a: &Activity) -> String {
    let local = a.start_utc + i64::from(a.utc_offset_s);
    let hour = local.rem_euclid(86_400) / 3600;
    let part = match hour {
        5..=11 => "Morning",
        12..=16 => "Afternoon",
        17..=20 => "Evening",
        _ => "Night",
    };
    format!("{part} {}", a.sport_or_other().label())
}
