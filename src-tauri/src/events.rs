//! Job events of the app, forwarded to every window as `job` events (each names its
//! job, so the UI keeps one notice per job), and desktop notifications for what a
//! watched folder brought ("2 new activities"), a group's weekly digest and the coach's
//! weekly review (both written on a schedule, often with no window in front).

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
                let note = match &wire.payload {
                    Some(JobPayload::Imported { report, .. }) if wire.job.kind == kind::WATCH => {
                        Some(import_note(report))
                    }
                    Some(p) => scheduled_note(p),
                    None => None,
                };
                if let Some((title, body)) = note {
                    notify(&handle, &title, &body);
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

fn import_note(r: &ImportReport) -> (String, String) {
    let title = match r.imported() {
        0 => "Paceline: an import failed".to_string(),
        1 => "Paceline: 1 new activity".to_string(),
        k => format!("Paceline: {k} new activities"),
    };
    (title, r.headline())
}

/// The notification of a digest or a weekly review that was written.
fn scheduled_note(p: &JobPayload) -> Option<(String, String)> {
    match p {
        JobPayload::Digest {
            week,
            delivery,
            error,
            ..
        } => {
            let body = match (delivery.as_deref(), error) {
                (Some("sent"), _) => "Sent to WhatsApp.".to_string(),
                (Some(_), Some(e)) => format!("WhatsApp failed: {e}"),
                _ => "Open Groups to read, copy or send it.".to_string(),
            };
            Some((format!("Paceline: weekly digest {week} ready"), body))
        }
        JobPayload::CoachReview { week, .. } => Some((
            format!("Paceline: your weekly review {week}"),
            "Open Coach › Reviews to read it.".to_string(),
        )),
        _ => None,
    }
}

fn notify<R: Runtime>(handle: &AppHandle<R>, title: &str, body: &str) {
    use tauri::Manager;
    if let Some(n) = handle.try_state::<tauri_plugin_notification::Notification<R>>() {
        if let Err(e) = n.builder().title(title).body(body).show() {
            tracing::warn!(error = %e, "desktop notification failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scheduled_digest_and_review_say_what_happened() {
        let digest = |delivery: Option<&str>, error: Option<&str>| JobPayload::Digest {
            group_id: 1,
            digest_id: 2,
            week: "2026-W48".into(),
            delivery: delivery.map(str::to_string),
            error: error.map(str::to_string),
        };
        let (title, body) = scheduled_note(&digest(Some("sent"), None)).unwrap();
        assert_eq!(title, "Paceline: weekly digest 2026-W48 ready");
        assert_eq!(body, "Sent to WhatsApp.");
        let (_, body) = scheduled_note(&digest(Some("failed"), Some("code 131030"))).unwrap();
        assert!(body.contains("131030"));
        let (_, body) = scheduled_note(&digest(None, None)).unwrap();
        assert!(body.contains("Groups"));
        let review = JobPayload::CoachReview {
            athlete_id: 1,
            review_id: 3,
            week: "2026-W48".into(),
            source: "rules".into(),
        };
        assert!(scheduled_note(&review).unwrap().0.contains("2026-W48"));
        assert!(scheduled_note(&JobPayload::WatchStopped).is_none());
    }
}
