//! Import orchestration: walk paths, decode each file, store it whole or not at all.

use std::path::{Path, PathBuf};

use paceline_import::{decode, decode_many, Decoded, ImportError, MAX_FILE_BYTES};
use paceline_store::{Inserted, NewActivity};
use paceline_types::{FileOutcome, ImportReport};

use crate::{now_utc, App};

/// Folders are walked recursively; hidden files and OS litter are passed over.
fn collect(path: &Path, out: &mut Vec<PathBuf>, depth: u32) {
    if depth > 32 {
        return; // deeper than any real folder tree: a link loop
    }
    match std::fs::read_dir(path) {
        Ok(entries) => {
            let mut children: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            children.sort();
            for c in children {
                let hidden = c
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                if !hidden {
                    collect(&c, out, depth + 1);
                }
            }
        }
        Err(_) => out.push(path.to_path_buf()),
    }
}

pub(crate) fn import_paths(app: &App, paths: &[PathBuf]) -> ImportReport {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            collect(p, &mut files, 0);
        } else {
            files.push(p.clone());
        }
    }
    let report = ImportReport {
        files: files.iter().flat_map(|f| import_file(app, f)).collect(),
    };
    tracing::info!(files = report.files.len(), outcome = %report.headline(), "import finished");
    report
}

/// One file from disk; an archive gives one outcome per activity file inside it.
fn import_file(app: &App, path: &Path) -> Vec<FileOutcome> {
    let shown = path.display().to_string();
    let fail = |reason: String| {
        vec![FileOutcome::Failed {
            path: shown.clone(),
            reason,
        }]
    };
    match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            return fail(ImportError::TooLarge(m.len() / (1024 * 1024)).to_string())
        }
        Ok(_) => {}
        Err(e) => return fail(format!("cannot read the file: {e}")),
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return fail(format!("cannot read the file: {e}")),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    let entries = decode_many(&name, &bytes);
    entries
        .into_iter()
        .map(|(inner, result)| {
            // Entries of an archive are shown as "archive.zip › inner.fit".
            let (path, file_name) = if inner == name {
                (shown.clone(), name.clone())
            } else {
                (format!("{shown} › {inner}"), inner)
            };
            store_decoded(app, path, &file_name, result, &bytes)
        })
        .collect()
}

/// Decodes and stores one file given as bytes (drops, the demo, tests).
pub(crate) fn import_bytes(app: &App, name: &str, bytes: &[u8]) -> FileOutcome {
    store_decoded(app, name.to_string(), name, decode(name, bytes), bytes)
}

/// Stores one decoded file; `container` is the file as read (the archive, for an
/// entry of one): the original kept is the unpacked entry where there is one.
fn store_decoded(
    app: &App,
    path: String,
    name: &str,
    result: Result<Decoded, ImportError>,
    container: &[u8],
) -> FileOutcome {
    let decoded = match result {
        Ok(d) => d,
        Err(e) if e.is_skip() => {
            return FileOutcome::Skipped {
                path,
                reason: e.to_string(),
            }
        }
        Err(e) => {
            tracing::warn!(file = %path, error = %e, "import failed");
            return FileOutcome::Failed {
                path,
                reason: e.to_string(),
            };
        }
    };
    let original = decoded.unpacked.as_deref().unwrap_or(container);
    let new = NewActivity {
        athlete_id: app.athlete_id,
        activity: &decoded.activity,
        format: decoded.format,
        content_hash: decoded.content_hash,
        file_name: name,
        original,
        imported_utc: now_utc(),
    };
    match app.store.insert_activity(&new) {
        Ok(Inserted::New(id)) => {
            // Scoring is derived data: a failure here is logged, never loses the import.
            if let Err(e) = app.score(id) {
                tracing::warn!(file = name, error = %e, "metrics not computed");
            }
            FileOutcome::Imported {
                path,
                id,
                name: decoded.activity.name.clone(),
            }
        }
        Ok(Inserted::Existing(id)) => FileOutcome::AlreadyPresent { path, id },
        Err(e) => {
            tracing::error!(file = name, error = %e, "storing failed");
            FileOutcome::Failed {
                path,
                reason: format!("could not store it: {e}"),
            }
        }
    }
}
