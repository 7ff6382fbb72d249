//! Files dropped on the window, and other imports that must refresh the UI.

use std::path::PathBuf;
use std::thread::JoinHandle;

use std::sync::atomic::Ordering;

use paceline_app::ImportOptions;
use paceline_types::{event, ImportProgress, ImportReport, WireError};
use tauri::{AppHandle, DragDropEvent, Emitter, Manager, Runtime};

use crate::Shell;

/// Imports `paths` and emits `activities-changed` with the report to every window.
pub fn import_and_notify<R: Runtime>(
    handle: &AppHandle<R>,
    paths: Vec<PathBuf>,
) -> Result<ImportReport, WireError> {
    let shell = handle.state::<Shell>();
    let app = shell.app()?.clone();
    shell.cancel.store(false, Ordering::SeqCst);
    let progress = |p: &ImportProgress| {
        let _ = handle.emit(event::IMPORT_PROGRESS, p);
    };
    let report = app.import_paths_with(
        &paths,
        ImportOptions {
            progress: Some(&progress),
            cancel: Some(&shell.cancel),
        },
    );
    if let Err(e) = handle.emit(event::ACTIVITIES_CHANGED, &report) {
        tracing::warn!(error = %e, "could not notify the UI");
    }
    Ok(report)
}

/// Reacts to a drop: announces it, then imports on a worker thread so the window
/// stays responsive. Returns the worker so tests can wait for it.
pub fn handle_drag_drop<R: Runtime>(
    handle: &AppHandle<R>,
    e: &DragDropEvent,
) -> Option<JoinHandle<()>> {
    let DragDropEvent::Drop { paths, .. } = e else {
        return None;
    };
    if paths.is_empty() {
        return None;
    }
    tracing::info!(files = paths.len(), "files dropped");
    let _ = handle.emit(event::IMPORT_STARTED, paths.len() as u32);
    let (handle, paths) = (handle.clone(), paths.clone());
    Some(std::thread::spawn(move || {
        if let Err(e) = import_and_notify(&handle, paths) {
            tracing::error!(error = %e.message, "drop import failed");
        }
    }))
}

/// First start with `--demo`: fill the empty vault while the window is already up.
pub fn seed_demo_in_background<R: Runtime>(handle: AppHandle<R>) {
    std::thread::spawn(move || {
        let Ok(app) = handle.state::<Shell>().app().cloned() else {
            return;
        };
        match app.seed_demo(12) {
            Ok(report) if !report.files.is_empty() => {
                let _ = handle.emit(event::ACTIVITIES_CHANGED, &report);
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "demo seeding failed"),
        }
    });
}
