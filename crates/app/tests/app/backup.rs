//! Backups as jobs of the app: scheduled into a folder under dated names, rotated,
//! remembered as the last backup.

use std::sync::Arc;
use std::time::Duration;

use paceline_app::{App, BackupSchedule, Config, KeyOptions, ManualClock, Schedule};
use paceline_types::{JobPayload, JobState};

#[test]
fn scheduled_backups_rotate_and_the_last_one_is_remembered() {
    let tmp = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(1_767_225_600)); // 2026-01-01 00:00 UTC
    let cfg = Config {
        data_dir: tmp.path().join("vault"),
        keys: KeyOptions::with_passphrase("backups"),
    };
    let app = Arc::new(App::open_with_clock(&cfg, clock.clone()).unwrap());
    let folder = tmp.path().join("backups");
    std::fs::create_dir_all(&folder).unwrap();
    let schedule = BackupSchedule {
        folder: folder.clone(),
        schedule: Schedule::parse("every 24h").unwrap(),
        keep: 2,
    };
    // A schedule without a passphrase is refused; a short one too.
    assert!(app.set_backup_schedule(Some(&schedule), None).is_err());
    assert!(app
        .set_backup_schedule(Some(&schedule), Some(&"short".into()))
        .is_err());
    let first = app
        .set_backup_schedule(Some(&schedule), Some(&"scheduled passphrase".into()))
        .unwrap();
    assert_eq!(first, Some(1_767_225_600 + 86_400));
    assert_eq!(app.backup_schedule().unwrap(), Some(schedule));
    let events = app.job_events();
    for _ in 0..3 {
        let job = app.run_scheduled_backup().unwrap();
        assert_eq!(
            app.wait_job(job, Duration::from_secs(60)),
            Some(JobState::Done)
        );
        clock.advance(86_400);
    }
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "paceline-20260102-000000.plbackup",
            "paceline-20260103-000000.plbackup"
        ]
    );
    let last = app.last_backup().unwrap().expect("remembered");
    assert_eq!(last.created_utc, 1_767_225_600 + 2 * 86_400);
    assert!(last.path.ends_with("paceline-20260103-000000.plbackup"));
    assert_eq!(last.bytes, std::fs::metadata(&last.path).unwrap().len());
    // The job reported progress and its result.
    let got: Vec<_> = events.try_iter().collect();
    assert!(got.iter().any(|e| matches!(
        e,
        paceline_jobs::JobEvent::Progress {
            payload: JobPayload::BackupProgress(_),
            ..
        }
    )));
    assert!(got.iter().any(|e| matches!(
        e,
        paceline_jobs::JobEvent::Finished {
            outcome: paceline_jobs::Outcome::Done(JobPayload::BackedUp(_)),
            ..
        }
    )));
    // Off: the settings and the passphrase go.
    app.set_backup_schedule(None, None).unwrap();
    assert_eq!(app.backup_schedule().unwrap(), None);
    assert!(app.run_scheduled_backup().is_err());
}
