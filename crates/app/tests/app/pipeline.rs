//! The import pipeline: cross-format duplicates, progress, cancel, reprocess, the
//! folder watcher, oversized files and what a recording carries beyond the core.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use paceline_app::ImportOptions;
use paceline_types::{FileOutcome, ImportProgress, Sport};

use crate::support::app as fresh;

/// Demo FIT files (our own writer), one week: rides, runs and swims.
fn demo_files(dir: &Path) -> Vec<PathBuf> {
    let files = paceline_demo::generate(&paceline_demo::ALEX, 1_767_225_600, 1, 7);
    files
        .iter()
        .map(|f| {
            let p = dir.join(&f.file_name);
            std::fs::write(&p, &f.bytes).unwrap();
            p
        })
        .collect()
}

/// A TCX of the same ride as `fit`: its start and heart rate every 10 s only.
fn tcx_twin(fit: &Path) -> String {
    let d = paceline_import::decode("x.fit", &std::fs::read(fit).unwrap()).unwrap();
    let a = d.activity;
    let iso = |t: i64| {
        let (y, m, dd) = paceline_types::date::civil_from_days(t.div_euclid(86_400));
        let s = t.rem_euclid(86_400);
        format!(
            "{y:04}-{m:02}-{dd:02}T{:02}:{:02}:{:02}Z",
            s / 3600,
            s / 60 % 60,
            s % 60
        )
    };
    let mut pts = String::new();
    for (i, &t) in a.streams.time_s.iter().enumerate().step_by(10) {
        let hr = a.streams.heart_rate.get(i).copied().unwrap_or(f32::NAN);
        if hr.is_finite() {
            pts += &format!(
                "<Trackpoint><Time>{}</Time><HeartRateBpm><Value>{}</Value></HeartRateBpm></Trackpoint>",
                iso(a.start_utc + t as i64),
                hr as u32
            );
        }
    }
    format!(
        r#"<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity Sport="Biking"><Id>{start}</Id><Lap StartTime="{start}"><TotalTimeSeconds>{secs}</TotalTimeSeconds><Track>{pts}</Track></Lap></Activity></Activities></TrainingCenterDatabase>"#,
        start = iso(a.start_utc),
        secs = a.elapsed_s
    )
}

fn first_ride(files: &[PathBuf]) -> PathBuf {
    files
        .iter()
        .find(|p| p.to_string_lossy().to_lowercase().contains("ride"))
        .cloned()
        .expect("the demo week has a ride")
}

#[test]
fn the_same_ride_as_fit_and_tcx_is_one_activity_either_way() {
    let tmp = tempfile::tempdir().unwrap();
    let ride = first_ride(&demo_files(tmp.path()));
    let tcx = tmp.path().join("ride.tcx");
    std::fs::write(&tcx, tcx_twin(&ride)).unwrap();

    // FIT first: the TCX is linked to it.
    let (_d, app) = fresh();
    let r = app
        .current()
        .unwrap()
        .import_paths(&[ride.clone(), tcx.clone()]);
    assert_eq!(r.imported(), 1, "{r:?}");
    let FileOutcome::AlreadyPresent {
        id,
        note: Some(note),
        ..
    } = &r.files[1]
    else {
        panic!("{r:?}")
    };
    assert!(note.contains("FIT file"), "{note}");
    let detail = app.current().unwrap().activity(*id).unwrap();
    assert_eq!(detail.summary.source_format, "fit");
    assert_eq!(
        detail.extras.linked_files,
        vec!["ride.tcx (TCX)".to_string()]
    );
    // Importing the TCX again is recognised by its bytes.
    let again = app
        .current()
        .unwrap()
        .import_paths(std::slice::from_ref(&tcx));
    assert!(
        matches!(&again.files[0], FileOutcome::AlreadyPresent { id: i, note: None, .. } if i == id)
    );

    // TCX first: the richer FIT replaces it and keeps the TCX linked.
    let (_d2, app2) = fresh();
    let first = app2
        .current()
        .unwrap()
        .import_paths(std::slice::from_ref(&tcx));
    assert_eq!(first.imported(), 1, "{first:?}");
    let second = app2
        .current()
        .unwrap()
        .import_paths(std::slice::from_ref(&ride));
    assert_eq!(second.imported(), 1, "{second:?}");
    let list = app2.current().unwrap().list_activities().unwrap();
    assert_eq!(list.len(), 1, "one activity: {list:?}");
    assert_eq!(list[0].source_format, "fit");
    let d = app2.current().unwrap().activity(list[0].id).unwrap();
    assert_eq!(d.extras.linked_files, vec!["ride.tcx (TCX)".to_string()]);
    assert!(
        app2.current()
            .unwrap()
            .activity_metrics(list[0].id)
            .unwrap()
            .load
            .is_some()
            || d.summary.avg_power.is_some()
    );
}

#[test]
fn progress_counts_up_to_the_total_and_cancel_stops_new_files() {
    let tmp = tempfile::tempdir().unwrap();
    let files = demo_files(tmp.path());
    let total_bytes: u64 = files.iter().map(|f| f.metadata().unwrap().len()).sum();
    let (_d, app) = fresh();
    let seen: Mutex<Vec<ImportProgress>> = Mutex::new(Vec::new());
    let record = |p: &ImportProgress| seen.lock().unwrap().push(p.clone());
    let r = app.current().unwrap().import_paths_with(
        &[tmp.path().to_path_buf()],
        ImportOptions {
            progress: Some(&record),
            cancel: None,
            ..Default::default()
        },
    );
    let seen = seen.into_inner().unwrap();
    assert_eq!(r.imported(), files.len(), "{r:?}");
    assert!(seen.len() >= 2, "a start and at least one batch: {seen:?}");
    assert!(seen
        .windows(2)
        .all(|w| w[1].files_done >= w[0].files_done && w[1].bytes_done >= w[0].bytes_done));
    let last = seen.last().unwrap();
    assert_eq!(last.files_done as usize, files.len());
    assert_eq!(
        (last.bytes_done, last.bytes_total),
        (total_bytes, total_bytes)
    );
    assert_eq!(last.imported as usize, files.len());
    assert_eq!(last.fraction(), 1.0);

    // Cancelled before anything started: nothing is imported, everything is "not started".
    let (_d2, app2) = fresh();
    let cancel = AtomicBool::new(true);
    let r = app2.current().unwrap().import_paths_with(
        &[tmp.path().to_path_buf()],
        ImportOptions {
            progress: None,
            cancel: Some(&cancel),
            ..Default::default()
        },
    );
    assert!(r.cancelled && r.files.is_empty(), "{r:?}");
    assert_eq!(r.not_started as usize, files.len());
    assert_eq!(app2.current().unwrap().info().unwrap().activity_count, 0);

    // Cancelled part-way (from the progress callback): what is reported is stored whole.
    let (_d3, app3) = fresh();
    let cancel = AtomicBool::new(false);
    let stop = |p: &ImportProgress| {
        if p.files_done == 0 {
            cancel.store(true, Ordering::SeqCst);
        }
    };
    let r = app3.current().unwrap().import_paths_with(
        &[tmp.path().to_path_buf()],
        ImportOptions {
            progress: Some(&stop),
            cancel: Some(&cancel),
            ..Default::default()
        },
    );
    assert_eq!(r.files.len() + r.not_started as usize, files.len());
    assert_eq!(
        app3.current().unwrap().info().unwrap().activity_count as usize,
        r.imported()
    );
    assert!(app3.integrity_check().unwrap().is_empty());
}

#[test]
fn an_oversized_file_and_a_link_loop_are_refused_and_the_rest_imports() {
    let tmp = tempfile::tempdir().unwrap();
    let files = demo_files(tmp.path());
    // Sparse: 201 MB on paper, nothing on disk.
    let big = tmp.path().join("huge.fit");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(201 * 1024 * 1024)
        .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(tmp.path(), tmp.path().join("loop")).unwrap();
    let (_d, app) = fresh();
    let r = app
        .current()
        .unwrap()
        .import_paths(&[tmp.path().to_path_buf()]);
    assert_eq!(r.imported(), files.len(), "{r:?}");
    let reasons: Vec<&str> = r
        .files
        .iter()
        .filter_map(|f| match f {
            FileOutcome::Failed { reason, .. } => Some(reason.as_str()),
            _ => None,
        })
        .collect();
    assert!(reasons.iter().any(|r| r.contains("201 MB")), "{reasons:?}");
    #[cfg(unix)]
    assert!(
        reasons.iter().any(|r| r.contains("symbolic link loop")),
        "{reasons:?}"
    );
}

#[test]
fn reprocess_rebuilds_every_activity_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    demo_files(tmp.path());
    let (_d, app) = fresh();
    app.current()
        .unwrap()
        .import_paths(&[tmp.path().to_path_buf()]);
    let before: Vec<_> = app
        .current()
        .unwrap()
        .list_activities()
        .unwrap()
        .into_iter()
        .map(|a| app.current().unwrap().activity(a.id).unwrap())
        .collect();
    let r = app.current().unwrap().reprocess(None).unwrap();
    assert_eq!(r.reprocessed as usize, before.len());
    assert!(r.failed.is_empty(), "{r:?}");
    for b in &before {
        assert_eq!(
            &app.current().unwrap().activity(b.summary.id).unwrap(),
            b,
            "same id, same data"
        );
        assert!(app
            .current()
            .unwrap()
            .activity_metrics(b.summary.id)
            .is_ok());
    }
    // An id that is not this athlete's activity is refused before anything runs.
    let missing = app
        .current()
        .unwrap()
        .reprocess(Some(&[9_999]))
        .unwrap_err();
    assert_eq!(missing.code(), paceline_types::ErrorCode::NotFound);
    assert!(app.integrity_check().unwrap().is_empty());
}

#[test]
fn a_watched_folder_imports_new_files_and_survives_an_unplug() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir(&src).unwrap();
    let files = demo_files(&src);
    let watched = tmp.path().join("GARMIN/Activity");
    std::fs::create_dir_all(&watched).unwrap();
    std::fs::copy(&files[0], watched.join("a.fit")).unwrap();
    let (_d, app) = fresh();
    let app = std::sync::Arc::new(app);
    // The watcher is a job of the app: its imports arrive as progress events.
    let athlete = app.current_athlete().unwrap();
    let mut settings = app.athlete(athlete).unwrap().settings().unwrap();
    settings.watched_folders = vec![watched.display().to_string()];
    app.athlete(athlete)
        .unwrap()
        .set_settings(&settings)
        .unwrap();
    let events = app.job_events();
    let job = app.restart_watch().unwrap().expect("a watch job");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for e in events {
            if let paceline_jobs::JobEvent::Progress {
                info,
                payload: paceline_types::JobPayload::Imported { athlete_id, report },
            } = e
            {
                assert_eq!(info.id.0, job);
                assert_eq!(athlete_id, athlete);
                let _ = tx.send(report);
            }
        }
    });
    let next = || {
        rx.recv_timeout(Duration::from_secs(20))
            .expect("an import in time")
    };
    // Catch-up of what was already there.
    assert_eq!(next().imported(), 1);
    // A new file arrives.
    let t = Instant::now();
    std::fs::copy(&files[1], watched.join("b.fit")).unwrap();
    let r = next();
    assert_eq!(r.imported(), 1, "{r:?}");
    assert!(t.elapsed() < Duration::from_secs(10));
    // Unplugged, then back with a new file.
    std::fs::remove_dir_all(&watched).unwrap();
    std::thread::sleep(Duration::from_secs(4));
    std::fs::create_dir_all(&watched).unwrap();
    std::fs::copy(&files[2], watched.join("c.fit")).unwrap();
    let r = next();
    assert_eq!(r.imported(), 1, "{r:?}");
    assert!(app.cancel_job(job));
    assert_eq!(
        app.wait_job(job, Duration::from_secs(10)),
        Some(paceline_types::JobState::Cancelled)
    );
    assert_eq!(app.current().unwrap().info().unwrap().activity_count, 3);
}

fn corpus_detail(app: &paceline_app::App, name: &str) -> Option<paceline_types::ActivityDetail> {
    let dir = paceline_testsupport::corpus("fit")?;
    let r = app.current().unwrap().import_paths(&[dir.join(name)]);
    let id = match &r.files[0] {
        FileOutcome::Imported { id, .. } | FileOutcome::AlreadyPresent { id, .. } => id,
        other => panic!("{name}: {other:?}"),
    };
    Some(app.current().unwrap().activity(*id).unwrap())
}

#[test]
fn multisport_legs_sensors_hrv_and_lengths_are_kept() {
    let (_d, app) = fresh();
    let Some(tri) = corpus_detail(&app, "gc_MultiSport-2019-11-24.fit") else {
        return;
    };
    assert_eq!(tri.summary.sport, Sport::Multisport);
    let legs: Vec<Sport> = tri.extras.legs.iter().map(|l| l.sport).collect();
    assert!(
        legs.len() >= 3 && legs.contains(&Sport::Transition),
        "{legs:?}"
    );
    let hrv = corpus_detail(&app, "fprs_hrv-activity.fit").unwrap();
    assert!(hrv.extras.hrv_beats > 100, "{:?}", hrv.extras);
    let stryd = corpus_detail(&app, "gc_Fr955v19.28andStryd.fit").unwrap();
    let keys: Vec<&str> = stryd
        .extras
        .streams
        .iter()
        .map(|s| s.key.as_str())
        .collect();
    assert!(keys.iter().any(|k| k.starts_with("dev:")), "{keys:?}");
    assert!(keys.contains(&"stance_time"), "running dynamics: {keys:?}");
    let core = corpus_detail(&app, "gc_FR55-CoreTemp-Walk.fit").unwrap();
    assert!(
        core.extras
            .streams
            .iter()
            .any(|s| s.units.contains('C') || s.key.contains("core")),
        "{:?}",
        core.extras.streams
    );
    let pool = corpus_detail(&app, "gc_2024-10-14-070422-Pool_Swim-BingiWatch.fit").unwrap();
    assert!(pool.extras.active_lengths > 10, "{:?}", pool.extras);
}

/// A Garmin "Export your data" ZIP bigger than the 200 MB single-file limit: read
/// from disk entry by entry (never whole in memory), nested ZIP included.
#[test]
fn a_bulk_export_bigger_than_200_mb_streams_from_disk() {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let tmp = tempfile::tempdir().unwrap();
    let files = paceline_demo::generate(&paceline_demo::ALEX, 1_767_225_600, 1, 9);
    let mut inner = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for f in &files {
        inner
            .start_file(
                format!("{}_ACTIVITY.fit", f.start_utc),
                SimpleFileOptions::default(),
            )
            .unwrap();
        inner.write_all(&f.bytes).unwrap();
    }
    let inner = inner.finish().unwrap().into_inner();
    let path = tmp.path().join("export.zip");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let stored = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    z.start_file("DI_CONNECT/DI-Connect-Fitness/summary.json", stored)
        .unwrap();
    z.write_all(b"[]").unwrap();
    // Media the export carries that is not an activity: never read, never refused.
    z.start_file("DI_CONNECT/DI-Connect-Media/video.mp4.bin", stored)
        .unwrap();
    let block = vec![0u8; 1 << 20];
    for _ in 0..210 {
        z.write_all(&block).unwrap();
    }
    z.start_file(
        "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip",
        stored,
    )
    .unwrap();
    z.write_all(&inner).unwrap();
    z.finish().unwrap();
    assert!(path.metadata().unwrap().len() > 200 * 1024 * 1024);

    let (_d, app) = fresh();
    let r = app
        .current()
        .unwrap()
        .import_paths(std::slice::from_ref(&path));
    assert_eq!(r.imported(), files.len(), "{}: {r:?}", r.headline());
    assert_eq!(r.failed(), 0, "{r:?}");
    assert!(r.files.iter().all(|f| f.path().contains("export.zip › ")));
    // The original kept for each is the activity file itself, not the export.
    let id = app.current().unwrap().list_activities().unwrap()[0].id;
    let d = app.current().unwrap().activity(id).unwrap();
    assert!(d.sample_count > 0);
    assert_eq!(
        app.current()
            .unwrap()
            .reprocess(Some(&[id]))
            .unwrap()
            .reprocessed,
        1
    );
}
