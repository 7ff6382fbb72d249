//! Files dropped on the window: an import job for the athlete the window shows (the
//! one selected last); its progress and report arrive as `job` events.

use paceline_types::{JobId, WireError};
use tauri::{AppHandle, DragDropEvent, Manager, Runtime};

use crate::Shell;

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
    let shell = handle.state::<Shell>();
    let started = shell.app().and_then(|app| {
        let athlete = app.current_athlete()?;
        Ok(app.start_import(athlete, paths.clone())?)
    });
    if let Err(e) = &started {
        tracing::error!(error = %e.message, "drop import not started");
    }
    Some(started)
}
