//! Session RPE (from the device or entered afterwards) and TRIMP (which needs the
//! athlete's sex, resting and max HR), through the app.

use paceline_fit::{RecordSample, Sport as FitSport, SubSport, Summary};
use paceline_types::{AthleteProfile, FileOutcome, Sex, Threshold, ThresholdKind};

use crate::support::{app, one_session_fit};

/// A strength session of `minutes`, no sensors (a record per minute keeps the clock),
/// rated `workout_rpe` (CR-10 × 10) on the watch.
fn strength(start_unix: i64, minutes: u32, workout_rpe: Option<u8>) -> Vec<u8> {
    let s = Summary {
        sport: FitSport::TRAINING,
        sub_sport: SubSport::STRENGTH_TRAINING,
        workout_rpe,
        ..Default::default()
    };
    one_session_fit(start_unix, minutes + 1, 60, |_| Default::default(), s)
}

/// 30 minutes at a steady `bpm`, as a run with heart rate only.
fn hr_run(start_unix: i64, bpm: u8) -> Vec<u8> {
    let record = |_| RecordSample {
        heart_rate: Some(bpm),
        ..Default::default()
    };
    let s = Summary {
        sport: FitSport::RUNNING,
        ..Default::default()
    };
    one_session_fit(start_unix, 1800, 1, record, s)
}

fn import(
    app: &paceline_app::AthleteScope,
    dir: &std::path::Path,
    name: &str,
    bytes: Vec<u8>,
) -> i64 {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    match app.import_paths(&[path]).files.first() {
        Some(FileOutcome::Imported { id, .. }) => *id,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_rated_strength_session_is_scored_by_rpe() {
    let (dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let day = 20_454 * 86_400 + 18 * 3600;
    // Rated 5 ("hard") on the watch: workout_rpe = 50.
    let id = import(&app, dir.path(), "gym.fit", strength(day, 60, Some(50)));
    let m = app.activity_metrics(id).unwrap();
    assert_eq!(m.rpe, Some(5.0));
    // sRPE = 5 × 60 min = 300 AU. RPE 5 maps to IF 0.85 (docs/metrics.md table),
    // so the TSS-equivalent is 1 h × 0.85² × 100 = 72.25.
    assert_eq!(m.session_rpe, Some(300.0));
    assert_eq!(m.load_source.as_deref(), Some("rpe"));
    assert!((m.load.unwrap() - 72.25).abs() < 0.1, "{m:?}");

    // The athlete says it was harder: 7 → IF 0.95, 90.25; 420 AU.
    let m = app.set_activity_rpe(id, Some(7.0)).unwrap();
    assert_eq!(m.session_rpe, Some(420.0));
    assert!((m.load.unwrap() - 90.25).abs() < 0.1, "{m:?}");
    // The PMC sees the new load on that day.
    let pmc = app.dashboard().unwrap();
    assert_eq!(pmc.unscored, 0);

    // Out-of-scale ratings are refused and change nothing.
    for bad in [11.0, -1.0, f64::NAN] {
        let e = app.set_activity_rpe(id, Some(bad)).unwrap_err();
        assert!(e.to_string().contains("0 (rest) to 10"), "{e}");
    }
    assert_eq!(app.activity_metrics(id).unwrap().rpe, Some(7.0));
    assert!(app.set_activity_rpe(4242, Some(3.0)).is_err());

    // Reprocessing the original keeps the athlete's rating, not the watch's.
    app.reprocess(Some(&[id])).unwrap();
    let m = app.activity_metrics(id).unwrap();
    assert_eq!((m.rpe, m.session_rpe), (Some(7.0), Some(420.0)));

    // Cleared: nothing scores it any more, and the note says how to.
    let m = app.set_activity_rpe(id, None).unwrap();
    assert_eq!((m.load, m.session_rpe), (None, None));
    assert!(m.notes.iter().any(|n| n.contains("RPE")), "{:?}", m.notes);
}

#[test]
fn an_unrated_session_without_sensors_waits_for_a_rating() {
    let (dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let id = import(
        &app,
        dir.path(),
        "gym.fit",
        strength(20_454 * 86_400, 40, None),
    );
    let m = app.activity_metrics(id).unwrap();
    assert_eq!((m.load, m.rpe), (None, None));
    // 40 min at RPE 3 (IF 0.70 by the table): 40/60 × 0.49 × 100 = 32.7.
    let m = app.set_activity_rpe(id, Some(3.0)).unwrap();
    assert!((m.load.unwrap() - 32.67).abs() < 0.1, "{m:?}");
}

#[test]
fn trimp_needs_sex_resting_and_max_hr_and_follows_the_profile() {
    let (dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let id = import(&app, dir.path(), "run.fit", hr_run(20_454 * 86_400, 150));
    let m = app.activity_metrics(id).unwrap();
    assert_eq!(m.trimp, None);
    assert!(
        m.notes.iter().all(|n| !n.contains("TRIMP")),
        "no nag before any setup"
    );
    for (kind, value) in [
        (ThresholdKind::RestingHr, 50.0),
        (ThresholdKind::MaxHr, 190.0),
    ] {
        app.set_threshold(&Threshold {
            sport: None,
            kind,
            value,
            from_day: 20_000,
        })
        .unwrap();
    }
    let m = app.activity_metrics(id).unwrap();
    assert_eq!(m.trimp, None, "sex not set");
    assert!(
        m.notes.iter().any(|n| n.contains("TRIMP")),
        "says what is missing: {:?}",
        m.notes
    );

    // 30 min at HR 150 with rest 50, max 190: x = 100/140 = 0.7143.
    // Men:   30 × 0.7143 × 0.64 × e^(1.92 × 0.7143) = 30 × 0.45714 × 3.9449 = 54.10.
    // Women: 30 × 0.7143 × 0.86 × e^(1.67 × 0.7143) = 30 × 0.61429 × 3.2963 = 60.75.
    // (1,799 recorded seconds, so × 1799/1800.)
    let set_sex = |sex| {
        app.set_profile(&AthleteProfile {
            name: "Ada".into(),
            sex: Some(sex),
        })
        .unwrap();
        app.activity_metrics(id).unwrap().trimp.unwrap()
    };
    let male = set_sex(Sex::Male);
    assert!((male - 54.10 * 1799.0 / 1800.0).abs() < 0.05, "{male}");
    let female = set_sex(Sex::Female);
    assert!((female - 60.75 * 1799.0 / 1800.0).abs() < 0.05, "{female}");
    assert_eq!(app.profile().unwrap().sex, Some(Sex::Female));
    assert_eq!(app.info().unwrap().athlete_name, "Ada");
}

#[test]
fn the_corpus_watch_ratings_are_imported() {
    let Some(dir) = paceline_testsupport::corpus("fit") else {
        return;
    };
    let (_d, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let r = app.import_paths(&[
        dir.join("gc_Fr955v19.28andStryd.fit"),
        dir.join("gc_Indoor_Cycling2smO2sensors.fit"),
    ]);
    let rpe: Vec<Option<f64>> = r
        .files
        .iter()
        .map(|o| match o {
            FileOutcome::Imported { id, .. } => app.activity(*id).unwrap().summary.rpe,
            other => panic!("{other:?}"),
        })
        .collect();
    // workout_rpe 50 and 20 in the sessions (fitdecode reads the same).
    assert_eq!(rpe, [Some(5.0), Some(2.0)]);
}
