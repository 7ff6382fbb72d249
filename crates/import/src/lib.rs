//! Activity files to [`paceline_model::Activity`].
//!
//! Each format lives in its own module and turns bytes into an activity or a typed
//! [`ImportError`] a person can act on. Archives (`.gz`, `.zip`, Garmin exports) are
//! expanded in memory by [`decode_many`]. Nothing here touches the store or the disk:
//! the caller decides what to keep, so a failed file never leaves half an activity behind.

mod archive;
mod fit;
mod fit_extras;
mod fit_names;
mod fit_offset;
mod gpx;
mod sniff;
mod tcx;
pub mod totals;
mod xml;

use paceline_model::{Activity, SourceFormat};
use sha2::{Digest, Sha256};

pub use archive::{MAX_ARCHIVE_DEPTH, MAX_EXPANDED_BYTES, MAX_RATIO};
pub use sniff::sniff;
/// Great-circle distance in metres; `paceline-routes` measures routes with it too.
pub use xml::haversine_m;

/// Files larger than this are refused before decoding: no real activity is near it.
/// Also the limit for one file inside an archive.
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ImportError {
    #[error("the file is empty (0 bytes)")]
    Empty,
    #[error("not a FIT file{}", looks_like.map(|k| format!(": looks like {k}")).unwrap_or_default())]
    NotFit { looks_like: Option<&'static str> },
    /// A `.gpx`/`.tcx` name whose content is something else.
    #[error("not a {expected} file{}", looks_like.map(|k| format!(": looks like {k}")).unwrap_or_default())]
    WrongContent {
        expected: &'static str,
        looks_like: Option<&'static str>,
    },
    #[error("{0} files are not supported; Paceline imports FIT, GPX and TCX files (also gzipped or zipped)")]
    Unsupported(&'static str),
    #[error("damaged FIT file: {0}")]
    Corrupt(String),
    /// A GPX or TCX file that is not readable XML (or not the expected structure).
    #[error("damaged {format} file: {reason}")]
    Damaged {
        format: &'static str,
        reason: String,
    },
    #[error("holds no activity ({0})")]
    NoActivity(String),
    #[error("file is too large ({0} MB; the limit is 200 MB)")]
    TooLarge(u64),
    #[error("damaged archive: {0}")]
    Archive(String),
    /// Refused before expanding: the archive would blow up memory (a "ZIP bomb").
    #[error("refused to unpack the archive: {0}; it looks like a ZIP bomb")]
    ZipBomb(String),
    /// An entry named like `../../x` or `/etc/x`: never expanded.
    #[error("refused an archive entry with an unsafe path: \"{0}\"")]
    UnsafePath(String),
    /// [`decode`] was given an archive holding several activity files.
    #[error("the archive holds {0} activity files; import them as a batch (or unpack it and import the folder)")]
    SeveralInArchive(usize),
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
    /// SHA-256 of the activity file's own bytes (decompressed when it came out of an
    /// archive): the same file imported twice, zipped or not, is one activity.
    pub content_hash: [u8; 32],
    /// The activity file's bytes when they came out of an archive (store these as the
    /// original); `None` when the input bytes are the file itself.
    pub unpacked: Option<Vec<u8>>,
}

pub fn content_hash(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Decodes one file. `name` is used for the format guess and the default title.
/// A `.gz` or a ZIP holding exactly one activity file decodes to that activity.
pub fn decode(name: &str, bytes: &[u8]) -> Result<Decoded, ImportError> {
    let mut entries = decode_many(name, bytes);
    if entries.len() == 1 {
        return entries
            .pop()
            .map(|(_, r)| r)
            .unwrap_or(Err(ImportError::Empty));
    }
    // Several entries only come from archives: one good activity among skipped
    // entries is still "the" activity; more than one needs a batch import.
    let good = entries.iter().filter(|(_, r)| r.is_ok()).count();
    if good == 1 {
        return entries
            .into_iter()
            .find_map(|(_, r)| r.ok())
            .ok_or(ImportError::Empty);
    }
    if good == 0 {
        // The first failure says more than a count; skips come last.
        entries.sort_by_key(|(_, r)| matches!(r, Err(e) if e.is_skip()));
        return entries
            .into_iter()
            .next()
            .map(|(_, r)| r)
            .unwrap_or(Err(ImportError::Empty));
    }
    Err(ImportError::SeveralInArchive(good))
}

/// Decodes a file that may be an archive: one entry per activity file found inside
/// (recursively, up to [`MAX_ARCHIVE_DEPTH`] levels of nesting), each with its own
/// outcome. A plain file gives exactly one entry, named `name`. Files in archives that
/// are not activity files (Garmin's JSON summaries, images) are left out.
pub fn decode_many(name: &str, bytes: &[u8]) -> Vec<(String, Result<Decoded, ImportError>)> {
    let mut out = Vec::new();
    decode_each(name, bytes, &mut |n, r| out.push((n, r)));
    out
}

/// [`decode_many`], handing each entry to `f` as soon as it is decoded, so an
/// archive of thousands of activities is never held decoded all at once.
pub fn decode_each(
    name: &str,
    bytes: &[u8],
    f: &mut dyn FnMut(String, Result<Decoded, ImportError>),
) {
    if bytes.is_empty() {
        return f(name.to_string(), Err(ImportError::Empty));
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let mb = bytes.len() as u64 / (1024 * 1024);
        return f(name.to_string(), Err(ImportError::TooLarge(mb)));
    }
    archive::expand_each(name, bytes, &mut |e| {
        let result = e.bytes.and_then(|inner| {
            let file: &[u8] = inner.as_deref().unwrap_or(bytes);
            let mut d = decode_file(&e.name, file)?;
            d.unpacked = inner;
            Ok(d)
        });
        f(e.name, result)
    });
}

/// Largest ZIP read from disk: what [`MAX_EXPANDED_BYTES`] lets it expand to anyway.
pub const MAX_ZIP_FILE_BYTES: u64 = MAX_EXPANDED_BYTES;

/// A ZIP on disk (a whole Garmin bulk export), read entry by entry; each activity
/// file in it is handed to `f` with its bytes as `Decoded::unpacked`.
pub fn decode_zip_file(
    path: &std::path::Path,
    f: &mut dyn FnMut(String, Result<Decoded, ImportError>),
) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => {
            return f(
                name,
                Err(ImportError::Archive(format!("cannot open it ({e})"))),
            )
        }
    };
    archive::expand_zip_reader(&name, std::io::BufReader::new(file), &mut |e| {
        let result = e.bytes.and_then(|inner| {
            let bytes = inner.ok_or(ImportError::Empty)?;
            let mut d = decode_file(&e.name, &bytes)?;
            d.unpacked = Some(bytes);
            Ok(d)
        });
        f(e.name, result)
    });
}

/// The format a plain (not archived) file is decoded as: by extension, else by content.
fn format_of(name: &str, bytes: &[u8]) -> Result<SourceFormat, ImportError> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".fit") {
        return Ok(SourceFormat::Fit);
    }
    if lower.ends_with(".gpx") {
        return Ok(SourceFormat::Gpx);
    }
    if lower.ends_with(".tcx") {
        return Ok(SourceFormat::Tcx);
    }
    match sniff(bytes) {
        Some("FIT") => Ok(SourceFormat::Fit),
        Some("GPX") => Ok(SourceFormat::Gpx),
        Some("TCX") => Ok(SourceFormat::Tcx),
        Some(other) => Err(ImportError::Unsupported(other)),
        // Unknown names and content: FIT is by far the most common, and its decoder
        // gives the most useful "not a FIT file" message.
        None => Ok(SourceFormat::Fit),
    }
}

/// Decodes one activity file (never an archive).
fn decode_file(name: &str, bytes: &[u8]) -> Result<Decoded, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    let format = format_of(name, bytes)?;
    let mut activity = match format {
        SourceFormat::Fit => fit::decode(bytes)?,
        SourceFormat::Gpx => gpx::decode(bytes)?,
        SourceFormat::Tcx => tcx::decode(bytes)?,
    };
    totals::fill_from_streams(&mut activity);
    totals::check_moving(&mut activity);
    if activity.name.is_empty() {
        activity.name = default_name(&activity);
    }
    Ok(Decoded {
        activity,
        format,
        content_hash: content_hash(bytes),
        unpacked: None,
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

/// Sport from a free-text name ("running", "Biking", "Run", "cycling").
pub(crate) fn sport_from_text(t: &str) -> Option<paceline_model::Sport> {
    use paceline_model::Sport;
    let t = t.trim().to_ascii_lowercase();
    if t.is_empty() {
        return None;
    }
    Some(if t.contains("run") || t.contains("jog") {
        Sport::Run
    } else if t.contains("bik") || t.contains("cycl") || t.contains("ride") {
        Sport::Ride
    } else if t.contains("swim") {
        Sport::Swim
    } else if t.contains("walk") {
        Sport::Walk
    } else if t.contains("hik") {
        Sport::Hike
    } else if t.contains("row") {
        Sport::Row
    } else {
        Sport::Other
    })
}
