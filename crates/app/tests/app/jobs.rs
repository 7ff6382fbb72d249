//! Background work as jobs of the app: one per kind and athlete, cancellable with
//! nothing partial left, and started by the scheduler on the app's clock.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use paceline_app::{App, Config, KeyOptions, ManualClock, Schedule};
use paceline_jobs::JobEvent;
use paceline_types::{JobPayload, JobState};

fn open(dir: &Path, clock: Arc<ManualClock>) -> Arc<App> {
    let cfg = Config {
        data_dir: dir.to_path_buf(),
        keys: KeyOptions::with_passphrase("jobs"),
    };
    Arc::new(App::open_with_clock(&cfg, clock).unwrap())
}

/// `weeks` of the demo athlete's files in `dir`.
fn demo_folder(dir: &Path, weeks: u32) -> usize {
    std::fs::create_dir_all(dir).unwrap();
    let files = paceline_demo::generate(&paceline_demo::ALEX, 1_767_225_600, weeks, 5);
    for f in &files {
        std::fs::write(dir.join(&f.file_name), &f.bytes).unwrap();
    }
    files.len()
}

#[test]
fn one_import_per_athlete_at_a_time_and_a_cancelled_one_leaves_whole_activities() {
    let tmp = tempfile::tempdir().unwrap();
    let app = open(
        &tmp.path().join("vault"),
        Arc::new(ManualClock::new(1_767_225_600)),
    );
    let files = tmp.path().join("files");
    // Enough files that the first batch lands long before the last file is decoded.
    let total = demo_folder(&files, 24);
    assert!(total > 100, "{total} files");
    let a = app.current_athlete().unwrap();
    let b = app.add_athlete("Bea").unwrap().id;
    let events = app.job_events();

    let job = app.start_import(a, vec![files.clone()]).unwrap();
    // The same kind for the same athlete is refused while it runs…
    let e = app.start_import(a, vec![files.clone()]).unwrap_err();
    assert!(e.to_string().contains("already running"), "{e}");
    // …another athlete's import runs beside it.
    let other = app.start_import(b, vec![files.join("missing")]).unwrap();
    assert_ne!(job, other);

    // Cancel as soon as the first batch has landed.
    let mut cancelled = false;
    let report = loop {
        match events
            .recv_timeout(Duration::from_secs(60))
            .expect("events")
        {
            JobEvent::Progress {
                info,
                payload: JobPayload::ImportProgress(p),
            } if info.id.0 == job && p.files_done > 0 && !cancelled => {
                assert!(app.cancel_job(job), "the import was still running");
                cancelled = true;
            }
            JobEvent::Finished { info, outcome } if info.id.0 == job => {
                assert_eq!(
                    outcome.state(),
                    paceline_jobs::JobState::Cancelled,
                    "{outcome:?}"
                );
                match outcome {
                    paceline_jobs::Outcome::Cancelled(Some(JobPayload::Imported {
                        report,
                        ..
                    })) => break report,
                    other => panic!("no partial report: {other:?}"),
                }
            }
            _ => {}
        }
    };
    assert!(
        report.imported() > 0 && report.imported() < total,
        "{}",
        report.headline()
    );
    assert_eq!(
        app.wait_job(other, Duration::from_secs(30)),
        Some(JobState::Done)
    );
    // What the report says was stored is exactly what the vault holds, each whole.
    let scope = app.athlete(a).unwrap();
    let list = scope.list_activities().unwrap();
    assert_eq!(list.len(), report.imported());
    for s in &list {
        let d = scope.activity(s.id).unwrap();
        assert!(d.sample_count > 0 && !d.streams.is_empty(), "{}", s.name);
    }
    assert!(app.integrity_check().unwrap().is_empty());
    assert_eq!(app.athlete(b).unwrap().list_activities().unwrap().len(), 0);
    // After the cancelled one ended, the same import can start again and finishes it.
    let again = app.start_import(a, vec![files]).unwrap();
    assert_eq!(
        app.wait_job(again, Duration::from_secs(120)),
        Some(JobState::Done)
    );
    assert_eq!(scope.list_activities().unwrap().len(), total);
    // The vault remembers how each ended, for `jobs list` in any process.
    let history = app.job_history(10).unwrap();
    let states: Vec<_> = history
        .iter()
        .filter(|r| r.athlete_id == Some(a))
        .map(|r| (r.kind.as_str(), r.state))
        .collect();
    assert_eq!(
        states,
        [("import", JobState::Done), ("import", JobState::Cancelled)]
    );
    assert_eq!(
        history[0].summary,
        format!(
            "{} imported, {} already present",
            total - report.imported(),
            report.imported()
        )
    );
}

#[test]
fn the_scheduler_starts_a_job_at_local_time_on_the_apps_clock() {
    let tmp = tempfile::tempdir().unwrap();
    // Monday 2026-03-30 06:59 in Berlin (CEST, UTC+2, the week after the DST change).
    let monday_0659 = 1_774_846_740;
    let clock = Arc::new(ManualClock::new(monday_0659));
    let app = open(&tmp.path().join("vault"), clock.clone());
    let a = app.current_athlete().unwrap();
    let first = app
        .schedule(
            "weekly-reprocess",
            Schedule::parse("mon 07:00 Europe/Berlin").unwrap(),
            move |app| app.start_reprocess(a, None),
        )
        .unwrap();
    assert_eq!(first, monday_0659 + 60, "07:00 CEST is 05:00 UTC");
    let events = app.job_events();
    app.start_scheduler(Duration::from_millis(20)).unwrap();
    // Nothing before it is due.
    std::thread::sleep(Duration::from_millis(200));
    assert!(events.try_recv().is_err());
    clock.advance(61);
    let started = loop {
        match events
            .recv_timeout(Duration::from_secs(10))
            .expect("a scheduled job")
        {
            JobEvent::Started(info) => break info,
            _ => continue,
        }
    };
    assert_eq!(
        (started.kind.as_str(), started.athlete),
        ("reprocess", Some(a))
    );
    // Re-armed for next Monday, 07:00 local.
    let (_, _, next) = app.schedules().pop().unwrap();
    assert_eq!(next, first + 7 * 86_400);
    assert!(app.unschedule("weekly-reprocess"));
}
