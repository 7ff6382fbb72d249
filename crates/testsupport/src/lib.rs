//! Shared test helpers. The real-file corpus lives beside the repository
//! (`../shared/corpus`) and is never copied into it; tests that need it skip with a
//! clear message where it is absent.

use std::path::{Path, PathBuf};

pub mod history;
pub mod summary;

pub const CORPUS_ENV: &str = "PACELINE_CORPUS";

/// The corpus folder: `$PACELINE_CORPUS`, else `shared/corpus` beside the clone
/// (`<repo>/../shared/corpus`), looked for above the running test's package. The
/// path compiled in comes last: a target dir shared between clones can hold test
/// binaries built in another one.
pub fn corpus_dir() -> Option<PathBuf> {
    let has = |d: &Path| d.join("MANIFEST.tsv").is_file();
    let dir = match std::env::var_os(CORPUS_ENV) {
        Some(d) => Some(PathBuf::from(d)).filter(|d| has(d)),
        None => {
            let start = std::env::var_os("CARGO_MANIFEST_DIR")
                .map(PathBuf::from)
                .or_else(|| std::env::current_dir().ok());
            start
                .iter()
                .flat_map(|s| s.ancestors())
                .map(|a| a.join("shared/corpus"))
                .chain([PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")])
                .find(|d| has(d))
        }
    }?;
    Some(dir.canonicalize().unwrap_or(dir))
}

/// A corpus sub-folder, or `None` after printing why the test is skipped.
pub fn corpus(sub: &str) -> Option<PathBuf> {
    match corpus_dir() {
        Some(d) => Some(d.join(sub)),
        None => {
            eprintln!(
                "SKIP: the shared corpus is absent (looked in ../shared/corpus beside the repo; set {CORPUS_ENV} to point elsewhere)"
            );
            None
        }
    }
}

/// Files of a corpus sub-folder whose name ends with one of `exts` (case-insensitive).
pub fn corpus_files(sub: &str, exts: &[&str]) -> Option<Vec<PathBuf>> {
    let dir = corpus(sub)?;
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_ascii_lowercase();
            exts.iter().any(|x| n.ends_with(x))
        })
        .collect();
    v.sort();
    Some(v)
}
