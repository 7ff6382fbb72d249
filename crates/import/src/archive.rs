//! Archives: `.gz` and `.zip` (Garmin's "download original" ZIP and the whole-account
//! bulk export with its nested ZIPs), expanded in memory — never on disk — with limits
//! so a hostile archive cannot exhaust memory or name files outside a folder.

use std::borrow::Cow;
use std::io::{Cursor, Read, Seek};

use crate::{ImportError, MAX_FILE_BYTES};

/// Total bytes one archive (with everything nested in it) may expand to.
pub const MAX_EXPANDED_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Largest expansion ratio accepted for an entry bigger than [`RATIO_FLOOR`]. Real
/// activity files compress 3–15:1; bombs compress 1000:1 and more.
pub const MAX_RATIO: u64 = 100;
/// Small entries may compress better than [`MAX_RATIO`] (e.g. a GPX of repeated
/// points) and cannot hurt, so the ratio is only checked above this size.
const RATIO_FLOOR: u64 = 1024 * 1024;
/// Archives inside archives: a Garmin bulk export is ZIP → ZIP → FIT (2 levels).
pub const MAX_ARCHIVE_DEPTH: u32 = 3;

/// One file found in the input: its bytes (`None` = the input itself) or why not.
pub(crate) struct Entry {
    pub name: String,
    pub bytes: Result<Option<Vec<u8>>, ImportError>,
}

/// Where expanded entries go, one at a time, so a big archive never has to be held
/// expanded in memory all at once.
type Sink<'a> = dyn FnMut(Entry) + 'a;

/// Expands `bytes` if it is an archive; a plain file gives one entry of itself.
pub(crate) fn expand_each(name: &str, bytes: &[u8], out: &mut Sink) {
    let mut budget = MAX_EXPANDED_BYTES;
    walk(name.to_string(), Cow::Borrowed(bytes), 0, &mut budget, out);
}

/// A ZIP read from disk as it is needed (a multi-GB Garmin export never sits in
/// memory whole); nested archives inside it are expanded in memory as usual.
pub(crate) fn expand_zip_reader(name: &str, reader: impl Read + Seek, out: &mut Sink) {
    let mut budget = MAX_EXPANDED_BYTES;
    let mut emitted = 0usize;
    let mut count = |e: Entry| {
        emitted += 1;
        out(e)
    };
    if let Err(e) = unzip(name, reader, 0, &mut budget, &mut count) {
        count(Entry {
            name: name.to_string(),
            bytes: Err(e),
        });
    }
    if emitted == 0 {
        out(no_activity(name));
    }
}

fn no_activity(name: &str) -> Entry {
    Entry {
        name: name.to_string(),
        bytes: Err(ImportError::NoActivity(
            "an archive with no FIT, GPX or TCX file in it".into(),
        )),
    }
}

fn is_zip(b: &[u8]) -> bool {
    // Local file header, or the end record of an empty archive.
    b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06")
}

fn is_gzip(b: &[u8]) -> bool {
    b.starts_with(&[0x1f, 0x8b])
}

fn walk(name: String, data: Cow<'_, [u8]>, depth: u32, budget: &mut u64, out: &mut Sink) {
    let archive = is_zip(&data) || is_gzip(&data);
    if !archive {
        let bytes = Ok(match data {
            Cow::Borrowed(_) => None,
            Cow::Owned(v) => Some(v),
        });
        out(Entry { name, bytes });
        return;
    }
    if depth >= MAX_ARCHIVE_DEPTH {
        let why = format!("archives are nested more than {MAX_ARCHIVE_DEPTH} deep");
        out(Entry {
            name,
            bytes: Err(ImportError::Archive(why)),
        });
        return;
    }
    if is_gzip(&data) {
        let inner = strip_suffix_ci(&name, ".gz")
            .or_else(|| strip_suffix_ci(&name, ".gzip"))
            .unwrap_or(&name)
            .to_string();
        match gunzip(&data, budget) {
            Ok(v) if v.is_empty() => out(Entry {
                name: inner,
                bytes: Err(ImportError::Empty),
            }),
            Ok(v) => walk(inner, Cow::Owned(v), depth + 1, budget, out),
            Err(e) => out(Entry {
                name: inner,
                bytes: Err(e),
            }),
        }
        return;
    }
    let mut emitted = 0usize;
    let mut count = |e: Entry| {
        emitted += 1;
        out(e)
    };
    // A directory-level refusal (bomb, damage) comes before any entry; damage found
    // part-way keeps the entries read before it.
    if let Err(e) = unzip(&name, Cursor::new(&data[..]), depth, budget, &mut count) {
        count(Entry {
            name: name.clone(),
            bytes: Err(e),
        });
    }
    if emitted == 0 {
        out(no_activity(&name));
    }
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    (s.is_char_boundary(cut) && s[cut..].eq_ignore_ascii_case(suffix)).then(|| &s[..cut])
}

/// The most an entry of `compressed` bytes may expand to before it counts as a bomb.
fn ratio_cap(compressed: u64) -> u64 {
    compressed.saturating_mul(MAX_RATIO).max(RATIO_FLOOR)
}

/// Reads at most `limit` bytes; more means the entry breaks a limit (checked by caller).
fn read_capped(r: impl Read, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut v = Vec::new();
    r.take(limit.saturating_add(1)).read_to_end(&mut v)?;
    Ok(v)
}

/// Which limit an over-long read broke, as the error a person sees.
fn over_limit(got: u64, ratio: u64, budget: u64) -> ImportError {
    if got > budget {
        ImportError::ZipBomb("it expands to more than 2 GB in total".into())
    } else if got > ratio {
        ImportError::ZipBomb(format!(
            "a file in it expands to more than {MAX_RATIO} times its compressed size"
        ))
    } else {
        ImportError::TooLarge(got / (1024 * 1024))
    }
}

fn gunzip(data: &[u8], budget: &mut u64) -> Result<Vec<u8>, ImportError> {
    let ratio = ratio_cap(data.len() as u64);
    let limit = MAX_FILE_BYTES.min(ratio).min(*budget);
    // Multi-member: `cat a.gz b.gz` is a valid gzip file.
    let v = read_capped(flate2::read::MultiGzDecoder::new(data), limit)
        .map_err(|e| ImportError::Archive(format!("the gzip data is damaged ({e})")))?;
    let got = v.len() as u64;
    if got > limit {
        return Err(over_limit(got, ratio, *budget));
    }
    *budget -= got;
    Ok(v)
}

/// Entries that can hold activities: the formats we read, and archives of them.
/// Garmin's exports also carry JSON summaries, which are not activities.
fn wanted(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let base = lower.rsplit(['/', '\\']).next().unwrap_or(&lower);
    if lower.starts_with("__macosx/") || base.starts_with("._") {
        return false; // macOS resource forks, not the files themselves
    }
    [".fit", ".gpx", ".tcx", ".gz", ".zip"]
        .iter()
        .any(|x| base.ends_with(x))
}

/// `../x`, `/etc/x`, `C:\x`: a name that would escape a folder if anyone unpacked it.
fn unsafe_path(name: &str) -> bool {
    name.starts_with(['/', '\\'])
        || name.contains('\0')
        || name.as_bytes().get(1) == Some(&b':')
        || name.split(['/', '\\']).any(|part| part == "..")
}

fn unzip(
    name: &str,
    data: impl Read + Seek,
    depth: u32,
    budget: &mut u64,
    out: &mut Sink,
) -> Result<(), ImportError> {
    let damaged =
        |e: zip::result::ZipError| ImportError::Archive(format!("not a readable ZIP ({e})"));
    let mut zip = zip::ZipArchive::new(data).map_err(damaged)?;
    // Refuse the whole archive up front when its own directory says it is a bomb;
    // the limits are enforced again while reading, in case the directory lies.
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(damaged)?;
        if f.is_dir() || !wanted(f.name()) {
            continue;
        }
        declared = declared.saturating_add(f.size());
        if f.size() > RATIO_FLOOR && f.size() > ratio_cap(f.compressed_size()) {
            return Err(over_limit(
                f.size(),
                ratio_cap(f.compressed_size()),
                u64::MAX,
            ));
        }
    }
    if declared > *budget {
        return Err(over_limit(declared, u64::MAX, *budget));
    }
    for i in 0..zip.len() {
        let (entry_name, is_dir, compressed) = match zip.by_index_raw(i) {
            Ok(f) => (f.name().to_string(), f.is_dir(), f.compressed_size()),
            Err(e) => return Err(damaged(e)),
        };
        let shown = format!("{name}/{entry_name}");
        if unsafe_path(&entry_name) {
            out(Entry {
                name: shown,
                bytes: Err(ImportError::UnsafePath(entry_name)),
            });
            continue;
        }
        if is_dir || !wanted(&entry_name) {
            continue;
        }
        let ratio = ratio_cap(compressed);
        let limit = MAX_FILE_BYTES.min(ratio).min(*budget);
        let read = zip
            .by_index(i)
            .and_then(|f| read_capped(f, limit).map_err(Into::into));
        match read {
            Ok(v) if v.len() as u64 > limit => out(Entry {
                name: shown,
                bytes: Err(over_limit(v.len() as u64, ratio, *budget)),
            }),
            Ok(v) if v.is_empty() => out(Entry {
                name: shown,
                bytes: Err(ImportError::Empty),
            }),
            Ok(v) => {
                *budget -= v.len() as u64;
                walk(shown, Cow::Owned(v), depth + 1, budget, out);
            }
            Err(e) => out(Entry {
                name: shown,
                bytes: Err(ImportError::Archive(format!(
                    "cannot unpack this entry ({e})"
                ))),
            }),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_names() {
        for bad in [
            "../../x.fit",
            "/etc/x.fit",
            "a/../../x.fit",
            "C:\\x.fit",
            "..\\x.fit",
        ] {
            assert!(unsafe_path(bad), "{bad}");
        }
        for ok in ["x.fit", "DI_CONNECT/a..b.fit", "a/b/c.fit"] {
            assert!(!unsafe_path(ok), "{ok}");
        }
    }

    #[test]
    fn only_activity_entries_are_wanted() {
        assert!(wanted("a/B.FIT"));
        assert!(wanted("x.tcx.gz"));
        assert!(!wanted("DI_CONNECT/summary.json"));
        assert!(!wanted("__MACOSX/._a.fit"));
    }

    #[test]
    fn gzip_names_lose_their_suffix() {
        assert_eq!(strip_suffix_ci("a.fit.GZ", ".gz"), Some("a.fit"));
        assert_eq!(strip_suffix_ci("gz", ".gz"), None);
    }
}
