//! Job events of the app, forwarded to every window as `job` events (each names its
//! job, so the UI keeps one notice per job), and desktop notifications for what a
//! watched folder brought ("2 new activities").

use paceline_app::App;
use paceline_types::{event, kind, ImportReport, JobPayload};
use tauri::{AppHandle, Emitter, Runtime};

/// Starts forwarding `app`'s job events to the windows, on a thread of its own.
pub fn forward<R: Runtime>(handle: &AppHandle<R>, app: &App) {
    let events = app.job_events();
    let handle = handle.clone();
    let spawned = std::thread::Builder::new()
        .name("job-events".into())
        .spawn(move || {
            for e in events {
                let wire = paceline_app::jobs::wire_event(&e);
                if wire.job.kind == kind::WATCH {
                    if let Some(JobPayload::Imported { report, .. }) = &wire.payload {
                        notify(&handle, report);
                    }
                }
                if let Err(err) = handle.emit(event::JOB, &wire) {
                    tracing::warn!(error = %err, "could not notify the UI");
                }
            }
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "job events are not forwarded");
    }
}

fn notify<R: Runtime>(handle: &AppHandle<R>, r: &ImportReport) {
    use tauri::Manager;
    if let Some(n) = handle.try_state::<tauri_plugin_notification::Notification<R>>() {
        let title = match r.imported() {
            0 => "Paceline: an import failed".to_string(),
            1 => "Paceline: 1 new activity".to_string(),
            k => format!("Paceline: {k} new activities"),
        };
        if let Err(e) = n.builder().title(title).body(r.headline()).show() {
            tracing::warn!(error = %e, "desktop notification failed");
        }
    }
}
