//! Activity summary files (file_id type 20: sessions and laps, no records) import as
//! activities without streams, with the device's own totals, laps and sport.

use paceline_import::decode;
use paceline_model::Sport;
use paceline_testsupport::summary::{garmin_swim_bytes, summary_file, SummarySpec};

#[test]
fn a_garmin_swim_summary_is_a_swim_without_samples() {
    let a = decode("ACTIVITY_SUMMARY.FIT", &garmin_swim_bytes())
        .expect("imported, not skipped")
        .activity;
    assert!(a.summary_only);
    assert!(a.streams.is_empty());
    assert_eq!(a.sport, Some(Sport::Swim));
    assert_eq!(a.sub_sport.as_deref(), Some("lap_swimming"));
    assert_eq!(a.device.as_deref(), Some("Garmin Swim"));
    assert_eq!(a.start_utc, 1_370_328_000);
    assert_eq!(a.utc_offset_s, 7200);
    assert_eq!(a.elapsed_s, 1840.0);
    assert_eq!(a.moving_s, 1720.0);
    assert_eq!(a.distance_m, Some(1500.0));
    assert_eq!(a.calories, Some(410.0));
    assert_eq!(a.avg_speed_mps, Some(0.872));
    assert_eq!(a.pool_length_m, Some(25.0));
    assert_eq!(a.avg_hr, None);
    let laps: Vec<(i64, f64, Option<f64>)> = a
        .laps
        .iter()
        .map(|l| (l.start_utc - a.start_utc, l.elapsed_s, l.distance_m))
        .collect();
    assert_eq!(
        laps,
        [
            (0, 600.0, Some(500.0)),
            (600, 620.0, Some(500.0)),
            (1220, 620.0, Some(500.0))
        ]
    );
    // A real date, so no "no usable date" note; nothing else to say either.
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}

#[test]
fn summary_files_from_our_writer_keep_their_lengths() {
    let spec = SummarySpec {
        lengths: true,
        ..SummarySpec::pool_swim(1_700_000_000)
    };
    let a = decode("swim.fit", &summary_file(&spec)).unwrap().activity;
    assert!(a.summary_only && a.streams.is_empty());
    assert_eq!(a.pool_length_m, Some(25.0));
    assert_eq!(a.extras.lengths.len(), 62);
    assert_eq!(a.extras.lengths.iter().filter(|l| l.active).count(), 60);
    assert_eq!(a.laps.len(), 3);
    assert_eq!(a.distance_m, Some(1500.0));

    // A run from an early Forerunner: no pool, its average HR kept.
    let run = decode("run.fit", &summary_file(&SummarySpec::run(1_700_100_000)))
        .unwrap()
        .activity;
    assert!(run.summary_only && run.streams.is_empty());
    assert_eq!(run.sport, Some(Sport::Run));
    assert_eq!(run.avg_hr, Some(150.0));
    assert_eq!(run.max_hr, Some(162.0));
    assert_eq!(run.pool_length_m, None);
    assert_eq!(run.device.as_deref(), Some("Garmin FR10"));
    assert_eq!((run.elapsed_s, run.moving_s), (2400.0, 2400.0));
    assert_eq!(run.laps.len(), 4);
}

#[test]
fn other_non_activity_files_are_still_skipped() {
    let w = paceline_fit::write_workout(
        &paceline_fit::Workout {
            name: "Intervals".into(),
            sport: paceline_fit::Sport::RUNNING,
            sub_sport: paceline_fit::SubSport::GENERIC,
            steps: Vec::new(),
        },
        &paceline_fit::DeviceIdent::default(),
    );
    let e = decode("workout.fit", &w).unwrap_err();
    assert!(e.is_skip(), "{e}");
    assert!(e.to_string().contains("a FIT workout file"), "{e}");
}
