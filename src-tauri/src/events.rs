//! Job events of the app, forwarded to every window as `job` events (each names its
//! job, so the UI keeps one notice per job), and desktop notifications for what a
//! watched folder brought ("2 new activities"), a group's weekly digest and the coach's
//! weekly review (both written on a schedule, often with no window in front), and a
//! Garmin sync's end: new activities, a finished backfill, a failure with its reason
//! (the tray's last-sync line is refreshed then too).

use std::collections::HashMap;

use paceline_app::App;
use paceline_types::{event, kind, AthleteId, ImportReport, JobEvent, JobId, JobPayload, JobState};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::Shell;

/// Starts forwarding `app`'s job events to the windows, on a thread of its own.
pub fn forward<R: Runtime>(handle: &AppHandle<R>, app: &App) {
    let events = app.job_events();
    let handle = handle.clone();
    let spawned = std::thread::Builder::new()
        .name("job-events".into())
        .spawn(move || {
            // whether each running Garmin sync's athlete had finished the backfill before
            let mut backfill: HashMap<JobId, bool> = HashMap::new();
            for e in events {
                let wire = paceline_app::jobs::wire_event(&e);
                let mut notes: Vec<(String, String)> = match &wire.payload {
                    Some(JobPayload::Imported { report, .. }) if wire.job.kind == kind::WATCH => {
                        vec![import_note(report)]
                    }
                    Some(p) => scheduled_note(p).into_iter().collect(),
                    None => Vec::new(),
                };
                if wire.job.kind == kind::GARMIN_SYNC {
                    notes.extend(garmin_sync_event(&handle, &wire, &mut backfill));
                }
                for (title, body) in notes {
                    notify(&handle, &title, &body);
                }
                if let Err(err) = handle.emit(event::JOB, &wire) {
                    tracing::warn!(error = %err, "could not notify the UI");
                }
                if wire.job.state != JobState::Running {
                    crate::trim::now();
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

fn backfill_done<R: Runtime>(handle: &AppHandle<R>, athlete: Option<AthleteId>) -> Option<bool> {
    let core = handle.try_state::<Shell>()?.app().ok()?.clone();
    Some(core.garmin_status(athlete?).ok()?.backfill_done)
}

/// Follows a Garmin sync: remembers at its start whether the backfill was done, and at
/// its end refreshes the tray and answers its notifications.
fn garmin_sync_event<R: Runtime>(
    handle: &AppHandle<R>,
    e: &JobEvent,
    backfill: &mut HashMap<JobId, bool>,
) -> Vec<(String, String)> {
    if e.job.state == JobState::Running {
        if let std::collections::hash_map::Entry::Vacant(slot) = backfill.entry(e.job.id) {
            if let Some(done) = backfill_done(handle, e.job.athlete_id) {
                slot.insert(done);
            }
        }
        return Vec::new();
    }
    let before = backfill.remove(&e.job.id);
    let after = backfill_done(handle, e.job.athlete_id);
    crate::tray::refresh(handle);
    let finished = before == Some(false) && after == Some(true);
    garmin_notes(
        e.job.state,
        e.payload.as_ref(),
        e.job.error.as_deref(),
        finished,
    )
}

/// The notifications of a finished Garmin sync.
fn garmin_notes(
    state: JobState,
    payload: Option<&JobPayload>,
    error: Option<&str>,
    backfill_finished: bool,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if state == JobState::Failed {
        out.push((
            "Paceline: Garmin sync failed".to_string(),
            scrub(error.unwrap_or("unknown error")),
        ));
        return out;
    }
    if let Some(JobPayload::GarminSynced { report, .. }) = payload {
        let body = "Open Activities to see them.".to_string();
        match report.new_activities {
            0 => {}
            1 => out.push(("1 new activity from Garmin".to_string(), body)),
            n => out.push((format!("{n} new activities from Garmin"), body)),
        }
    }
    if backfill_finished {
        out.push((
            "Paceline: Garmin history synced".to_string(),
            "Your whole Garmin Connect history is in Paceline; new activities come with each sync."
                .to_string(),
        ));
    }
    out
}

/// A failure's reason, with anything that looks like a ticket or a token cut out
/// (the app never puts one in an error; this is the second lock).
fn scrub(reason: &str) -> String {
    reason
        .split(' ')
        .map(|w| {
            let bare = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
            let secretish = bare.starts_with("ST-")
                || (bare.len() >= 32
                    && bare
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')));
            if secretish {
                "[hidden]"
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn notify<R: Runtime>(handle: &AppHandle<R>, title: &str, body: &str) {
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

    #[test]
    fn a_garmin_sync_says_what_it_brought_or_why_it_failed() {
        let synced = |n| JobPayload::GarminSynced {
            athlete_id: 1,
            report: paceline_types::GarminSyncReport {
                new_activities: n,
                ..Default::default()
            },
        };
        let notes = garmin_notes(JobState::Done, Some(&synced(3)), None, false);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].0, "3 new activities from Garmin");
        assert!(garmin_notes(JobState::Done, Some(&synced(0)), None, false).is_empty());
        let notes = garmin_notes(JobState::Done, Some(&synced(1)), None, true);
        assert_eq!(notes[0].0, "1 new activity from Garmin");
        assert_eq!(notes[1].0, "Paceline: Garmin history synced");
        let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghijklmnop";
        let why = format!("TEST-1: Garmin refused the sign-in (401) for {token} and ST-123-abc");
        let notes = garmin_notes(JobState::Failed, None, Some(&why), false);
        assert_eq!(notes[0].0, "Paceline: Garmin sync failed");
        assert!(notes[0]
            .1
            .starts_with("TEST-1: Garmin refused the sign-in (401)"));
        assert!(!notes[0].1.contains("eyJ") && !notes[0].1.contains("ST-123"));
    }
}
