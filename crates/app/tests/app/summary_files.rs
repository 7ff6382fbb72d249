//! Activity summary files (sessions and laps, no records: the Garmin Swim, early
//! Forerunners) through the app: imported without samples, scored from their totals,
//! and the poorer of two files of one recording.

use paceline_testsupport::summary::{activity_file, garmin_swim_bytes, summary_file, SummarySpec};
use paceline_types::{FileOutcome, Sport, Threshold, ThresholdKind};

use crate::support::app;

/// 2026-01-01 07:00 UTC.
const START: i64 = 20_454 * 86_400 + 7 * 3600;

fn import(
    app: &paceline_app::AthleteScope,
    dir: &std::path::Path,
    name: &str,
    bytes: &[u8],
) -> FileOutcome {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    app.import_paths(&[path]).files.remove(0)
}

fn imported(outcome: FileOutcome) -> i64 {
    match outcome {
        FileOutcome::Imported { id, .. } => id,
        other => panic!("{other:?}"),
    }
}

fn set(app: &paceline_app::AthleteScope, sport: Option<Sport>, kind: ThresholdKind, value: f64) {
    app.set_threshold(&Threshold {
        sport,
        kind,
        value,
        from_day: 15_000,
    })
    .unwrap();
}

#[test]
fn a_garmin_swim_summary_is_imported_as_a_swim_without_samples() {
    let (dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let id = imported(import(
        &app,
        dir.path(),
        "A2B40000.FIT",
        &garmin_swim_bytes(),
    ));
    let d = app.activity(id).unwrap();
    assert_eq!(d.summary.sport, Sport::Swim);
    assert_eq!(d.summary.device.as_deref(), Some("Garmin Swim"));
    assert_eq!(d.summary.distance_m, Some(1500.0));
    assert_eq!((d.summary.elapsed_s, d.summary.moving_s), (1840.0, 1720.0));
    assert_eq!(d.summary.calories, Some(410.0));
    assert_eq!(d.sample_count, 0);
    assert!(d.streams.is_empty());
    assert_eq!(d.laps.len(), 3);
    assert_eq!(d.extras.pool_length_m, Some(25.0));
    assert_eq!(d.extras.active_lengths, 0);
    // Unscored without a CSS, and the metrics say why and that there are no samples.
    let m = app.activity_metrics(id).unwrap();
    assert_eq!(m.load, None);
    assert!(
        m.notes.iter().any(|n| n.contains("set your CSS")),
        "{:?}",
        m.notes
    );
    assert!(
        m.notes.iter().any(|n| n.contains("no samples")),
        "{:?}",
        m.notes
    );
    assert!(m.power_zones.is_empty() && m.hr_zones.is_empty() && m.best_efforts.is_empty());

    // With lengths, from our writer: they are kept and counted.
    let spec = SummarySpec {
        lengths: true,
        ..SummarySpec::pool_swim(START)
    };
    let id = imported(import(
        &app,
        dir.path(),
        "lengths.fit",
        &summary_file(&spec),
    ));
    let d = app.activity(id).unwrap();
    assert_eq!(d.sample_count, 0);
    assert_eq!(d.extras.active_lengths, 60);
    assert_eq!(d.extras.strokes, Some(60 * 16));
    assert_eq!(d.extras.pool_length_m, Some(25.0));
    assert_eq!(app.list_activities().unwrap().len(), 2);
}

#[test]
fn summary_files_score_by_swim_pace_then_average_hr_then_rpe() {
    let (dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    set(&app, Some(Sport::Swim), ThresholdKind::Css, 1.0);
    set(&app, None, ThresholdKind::Lthr, 160.0);
    let swim = imported(import(
        &app,
        dir.path(),
        "swim.fit",
        &summary_file(&SummarySpec::pool_swim(START)),
    ));
    // 1500 m / 1720 s against CSS 1 m/s: IF 0.872093, sTSS = IF³ × 1720/3600 × 100 = 31.69.
    let m = app.activity_metrics(swim).unwrap();
    assert_eq!(m.load_source.as_deref(), Some("pace"));
    assert!((m.load.unwrap() - 31.69).abs() < 0.01, "{m:?}");
    assert!((m.intensity_factor.unwrap() - 0.872093).abs() < 1e-5);

    // A run known by its totals, average HR 150 for 40 min against LTHR 160:
    // hrTSS = (150/160)² × 2400/3600 × 100 = 58.59.
    let run = imported(import(
        &app,
        dir.path(),
        "run.fit",
        &summary_file(&SummarySpec::run(START + 86_400)),
    ));
    let m = app.activity_metrics(run).unwrap();
    assert_eq!(m.load_source.as_deref(), Some("heart_rate"));
    assert!((m.load.unwrap() - 58.59).abs() < 0.01, "{m:?}");
    assert!((m.hr_tss.unwrap() - 58.59).abs() < 0.01, "{m:?}");

    // A swim with neither a CSS for it nor HR: nothing until it is rated; RPE 6
    // (IF 0.90) over 1720 s = 0.81 × 0.4778 × 100 = 38.70, sRPE 6 × 28.67 min = 172.
    let (dir, vault) = crate::support::app();
    let app = vault.current().unwrap();
    let id = imported(import(
        &app,
        dir.path(),
        "swim.fit",
        &summary_file(&SummarySpec::pool_swim(START)),
    ));
    assert_eq!(app.activity_metrics(id).unwrap().load, None);
    let m = app.set_activity_rpe(id, Some(6.0)).unwrap();
    assert_eq!(m.load_source.as_deref(), Some("rpe"));
    assert!((m.load.unwrap() - 38.70).abs() < 0.01, "{m:?}");
    assert!((m.session_rpe.unwrap() - 172.0).abs() < 0.01, "{m:?}");
}

#[test]
fn the_full_file_of_a_swim_wins_over_its_summary_in_either_order() {
    let spec = SummarySpec::pool_swim(START);
    let (summary, full) = (summary_file(&spec), activity_file(&spec));

    // Summary first: the full file replaces it; the summary stays linked.
    let (dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    imported(import(&app, dir.path(), "summary.fit", &summary));
    let id = imported(import(&app, dir.path(), "full.fit", &full));
    let list = app.list_activities().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, id);
    let d = app.activity(id).unwrap();
    assert_eq!(d.sample_count, 1840);
    assert_eq!(d.extras.linked_files, ["summary.fit (FIT)"]);
    // Importing the summary again finds it where it now lives.
    assert!(matches!(
        import(&app, dir.path(), "summary.fit", &summary),
        FileOutcome::AlreadyPresent { id: i, .. } if i == id
    ));

    // Full first: the summary is linked to it.
    let (dir, vault) = crate::support::app();
    let app = vault.current().unwrap();
    let id = imported(import(&app, dir.path(), "full.fit", &full));
    let FileOutcome::AlreadyPresent {
        id: linked, note, ..
    } = import(&app, dir.path(), "summary.fit", &summary)
    else {
        panic!("the summary must not be a second activity")
    };
    assert_eq!(linked, id);
    assert!(note.unwrap().contains("already stored"));
    assert_eq!(app.list_activities().unwrap().len(), 1);
    assert_eq!(app.activity(id).unwrap().sample_count, 1840);
}
