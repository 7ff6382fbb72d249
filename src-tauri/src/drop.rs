//! Files dropped on the window (or picked, or named by `import_files`): an import job
//! for the athlete the window shows; its progress and report arrive as `job` events.
//! Paths are canonicalized first (symlinks and `..` resolved, so the log and the
//! import see the real file) and are only ever read.

use std::path::PathBuf;

use paceline_types::{AthleteId, ErrorCode, JobId, WireError};
use tauri::{AppHandle, DragDropEvent, Manager, Runtime};

use crate::Shell;

/// The real paths of files or folders to import; a path that cannot be resolved
/// (missing, unreadable parent) is refused by name rather than half-imported.
pub fn canonical(paths: &[PathBuf]) -> Result<Vec<PathBuf>, WireError> {
    paths
        .iter()
        .map(|p| {
            std::fs::canonicalize(p).map_err(|e| WireError {
                code: ErrorCode::InvalidInput,
                message: format!("{} cannot be imported: {e}", p.display()),
            })
        })
        .collect()
}

/// Starts an import job for `athlete` on the canonical `paths`.
pub fn import<R: Runtime>(
    handle: &AppHandle<R>,
    athlete: Option<AthleteId>,
    paths: &[PathBuf],
) -> Result<JobId, WireError> {
    let paths = canonical(paths)?;
    let shell = handle.state::<Shell>();
    let app = shell.app()?;
    let athlete = match athlete {
        Some(a) => a,
        None => app.current_athlete()?,
    };
    Ok(app.start_import(athlete, paths)?)
}

/// Starts an import job for a drop; `None` when there is nothing to import.
pub fn handle_drag_drop<R: Runtime>(
    handle: &AppHandle<R>,
    e: &DragDropEvent,
) -> Option<Result<JobId, WireError>> {
    let DragDropEvent::Drop { paths, .. } = e else {
        return None;
    };
    if paths.is_empty() {
        return None;
    }
    tracing::info!(files = paths.len(), "files dropped");
    let started = import(handle, None, paths);
    if let Err(e) = &started {
        tracing::error!(error = %e.message, "drop import not started");
    }
    Some(started)
}
