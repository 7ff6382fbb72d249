//! The leak scanner: every file under some folders, searched for marker strings in
//! the encodings a careless write would leave them in.

use std::path::{Path, PathBuf};

/// A string that must not appear in any file the app wrote.
#[derive(Debug, Clone)]
pub struct Marker {
    /// What it stands for ("athlete name", "Garmin refresh token", …).
    pub what: String,
    pub text: String,
}

impl Marker {
    pub fn new(what: &str, text: impl Into<String>) -> Marker {
        let text = text.into();
        assert!(
            text.len() >= 6,
            "a marker of {text:?} would match by chance"
        );
        Marker {
            what: what.into(),
            text,
        }
    }
}

/// One place a marker was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub file: PathBuf,
    pub what: String,
    pub encoding: &'static str,
    pub offset: usize,
}

impl std::fmt::Display for Hit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}) at byte {} of {}",
            self.what,
            self.encoding,
            self.offset,
            self.file.display()
        )
    }
}

const B64_STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The base64 characters that depend on `bytes` alone when they sit `skip` (0–2)
/// bytes into a longer base64 stream: a marker inside a base64 blob is found at any
/// alignment.
fn base64_core(bytes: &[u8], skip: usize, table: &[u8; 64]) -> Vec<u8> {
    let mut all = vec![0u8; skip];
    all.extend_from_slice(bytes);
    let bits = all.len() * 8;
    let mut out = Vec::new();
    let (first, end) = ((skip * 8).div_ceil(6), bits / 6);
    for i in first..end {
        let mut v = 0usize;
        for b in 0..6 {
            let bit = i * 6 + b;
            v = (v << 1) | usize::from((all[bit / 8] >> (7 - bit % 8)) & 1);
        }
        out.push(table[v]);
    }
    out
}

/// The byte patterns a marker is searched as.
pub fn forms(text: &str) -> Vec<(&'static str, Vec<u8>)> {
    let utf16 = |be: bool| -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
            .collect()
    };
    let hex: String = text.bytes().map(|b| format!("{b:02x}")).collect();
    let mut v = vec![
        ("UTF-8", text.as_bytes().to_vec()),
        ("UTF-16LE", utf16(false)),
        ("UTF-16BE", utf16(true)),
        ("hex", hex.into_bytes()),
    ];
    for skip in 0..3 {
        v.push(("base64", base64_core(text.as_bytes(), skip, B64_STD)));
        v.push(("base64url", base64_core(text.as_bytes(), skip, B64_URL)));
    }
    v.dedup_by(|a, b| a.1 == b.1);
    v
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut from = 0;
    while let Some(p) = hay[from..].iter().position(|&b| b == first) {
        let at = from + p;
        if hay.len() - at < needle.len() {
            return None;
        }
        if &hay[at + 1..at + needle.len()] == rest {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Every regular file under `root` (symbolic links not followed).
pub fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(p) = todo.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(rd) = std::fs::read_dir(&p) {
                todo.extend(rd.filter_map(|e| e.ok().map(|e| e.path())));
            }
        } else if meta.is_file() {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Searches every file under `roots` (minus those under `except`) for every marker.
pub fn scan(roots: &[&Path], except: &[&Path], markers: &[Marker]) -> Vec<Hit> {
    let needles: Vec<(&Marker, &'static str, Vec<u8>)> = markers
        .iter()
        .flat_map(|m| forms(&m.text).into_iter().map(move |(e, b)| (m, e, b)))
        .collect();
    let mut hits = Vec::new();
    for root in roots {
        for file in files(root) {
            if except.iter().any(|e| file.starts_with(e)) {
                continue;
            }
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            for (m, encoding, needle) in &needles {
                if let Some(offset) = find(&bytes, needle) {
                    hits.push(Hit {
                        file: file.clone(),
                        what: m.what.clone(),
                        encoding,
                        offset,
                    });
                }
            }
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_cores_are_found_inside_any_alignment() {
        // "Man" is "TWFu"; "xMan" is "eE1hbg==", whose "1hb" depends on "Man" only.
        assert_eq!(base64_core(b"Man", 0, B64_STD), b"TWFu");
        assert_eq!(base64_core(b"Man", 1, B64_STD), b"1hb");
        // "xyMan" is "eHlNYW4=": "NYW" is Man's alone.
        assert_eq!(base64_core(b"Man", 2, B64_STD), b"NYW");
    }

    #[test]
    fn find_finds_the_first_occurrence_and_not_a_prefix_at_the_end() {
        assert_eq!(find(b"aababc", b"abc"), Some(3));
        assert_eq!(find(b"xxab", b"abc"), None);
        assert_eq!(find(b"", b"abc"), None);
    }
}
