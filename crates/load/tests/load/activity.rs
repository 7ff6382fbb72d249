use super::{c, close};
use paceline_load::thresholds::{ThresholdHistory, ThresholdKind};
use paceline_load::{activity_load, ActivityInput, ActivityThresholds, LoadSource, Sport};

fn th() -> ActivityThresholds {
    ActivityThresholds {
        ftp_w: Some(250.0),
        threshold_speed_ms: Some(4.0),
        css_ms: Some(1.0),
        lthr: Some(160.0),
        resting_hr: None,
    }
}

#[test]
fn power_wins_over_hr() {
    let (p, h) = (c(250.0, 3600), c(160.0, 3600));
    let a = ActivityInput {
        sport: Some(Sport::Bike),
        power: &p,
        hr: &h,
        rpe: Some(5.0),
        ..Default::default()
    };
    let l = activity_load(&a, &th()).unwrap();
    assert_eq!(l.source, LoadSource::Power);
    close(l.load, 100.0, 1e-2);
    // Without FTP the HR source is used: 1 h at LTHR = 100 hrTSS.
    let l = activity_load(
        &a,
        &ActivityThresholds {
            ftp_w: None,
            ..th()
        },
    )
    .unwrap();
    assert_eq!(l.source, LoadSource::HeartRate);
    close(l.load, 100.0, 1e-2);
}

#[test]
fn partial_power_is_not_trusted() {
    // Power for 10 min of a 1 h ride (< 80 % coverage) → HR decides.
    let mut p = c(300.0, 600);
    p.extend(vec![None; 3000]);
    let h = c(160.0, 3600);
    let a = ActivityInput {
        sport: Some(Sport::Bike),
        power: &p,
        hr: &h,
        ..Default::default()
    };
    assert_eq!(
        activity_load(&a, &th()).unwrap().source,
        LoadSource::HeartRate
    );
}

#[test]
fn run_pace_swim_and_rpe() {
    let s = c(4.0, 3600);
    let h = c(150.0, 3600);
    let run = ActivityInput {
        sport: Some(Sport::Run),
        speed: &s,
        hr: &h,
        ..Default::default()
    };
    let l = activity_load(&run, &th()).unwrap();
    assert_eq!(l.source, LoadSource::Pace);
    close(l.load, 100.0, 1e-2);
    // Swim from totals: 2000 m in 2000 s at CSS 1 m/s → 55.556.
    let swim = ActivityInput {
        sport: Some(Sport::Swim),
        swim_totals: Some((2000.0, 2000.0)),
        ..Default::default()
    };
    let l = activity_load(&swim, &th()).unwrap();
    assert_eq!(l.source, LoadSource::Pace);
    close(l.load, 55.5556, 1e-2);
    // Swim from a speed stream: Σ 1 m/s × 2000 s = 2000 m.
    let sp = c(1.0, 2000);
    let swim = ActivityInput {
        sport: Some(Sport::Swim),
        speed: &sp,
        ..Default::default()
    };
    close(activity_load(&swim, &th()).unwrap().load, 55.5556, 1e-2);
    // Strength session with only RPE 8 for 60 min → 100.
    let gym = ActivityInput {
        sport: Some(Sport::Other),
        rpe: Some(8.0),
        duration_s: Some(3600.0),
        ..Default::default()
    };
    let l = activity_load(&gym, &th()).unwrap();
    assert_eq!(l.source, LoadSource::Rpe);
    close(l.load, 100.0, 1e-3);
    // RPE duration defaults to the recorded time of the streams.
    let walk = ActivityInput {
        sport: Some(Sport::Other),
        hr: &h,
        rpe: Some(8.0),
        ..Default::default()
    };
    let l = activity_load(&walk, &ActivityThresholds::default()).unwrap();
    assert_eq!(l.source, LoadSource::Rpe);
    close(l.load, 100.0, 1e-3);
    assert!(activity_load(&ActivityInput::default(), &th()).is_none());
}

#[test]
fn thresholds_from_history() {
    let mut hist = ThresholdHistory::new();
    hist.set(Some(Sport::Bike), ThresholdKind::Ftp, 100, 250.0);
    hist.set(None, ThresholdKind::RestingHr, 50, 48.0);
    let t = ActivityThresholds::from_history(&hist, Sport::Bike, 120);
    assert_eq!(
        (t.ftp_w, t.resting_hr, t.lthr),
        (Some(250.0), Some(48.0), None)
    );
    let t = ActivityThresholds::from_history(&hist, Sport::Run, 120);
    assert_eq!(t.ftp_w, None);
}

#[test]
fn totals_only_score_by_swim_pace_then_average_hr_then_rpe() {
    // A summary swim: 1500 m in 1720 s, CSS 1 m/s → IF 0.87209,
    // sTSS = 0.87209³ × 1720/3600 × 100 = 31.690.
    let swim = ActivityInput {
        sport: Some(Sport::Swim),
        swim_totals: Some((1500.0, 1720.0)),
        avg_hr: Some(140.0),
        rpe: Some(6.0),
        duration_s: Some(1720.0),
        ..Default::default()
    };
    let l = activity_load(&swim, &th()).unwrap();
    assert_eq!(l.source, LoadSource::Pace);
    close(l.intensity_factor, 0.872093, 1e-5);
    close(l.load, 31.690, 1e-2);
    // No CSS: hrTSS from the average, 140/160 = 0.875 → 0.875² × 1720/3600 × 100 = 36.580.
    let no_css = ActivityThresholds {
        css_ms: None,
        ..th()
    };
    let l = activity_load(&swim, &no_css).unwrap();
    assert_eq!(l.source, LoadSource::HeartRate);
    close(l.load, 36.580, 1e-2);
    // With a resting HR of 60 the reserve form: (80/100)² × 1720/3600 × 100 = 30.578.
    let l = activity_load(
        &swim,
        &ActivityThresholds {
            resting_hr: Some(60.0),
            ..no_css
        },
    )
    .unwrap();
    close(l.load, 30.578, 1e-2);
    // No LTHR either: session RPE 6 (IF 0.90) → 0.81 × 1720/3600 × 100 = 38.7.
    let l = activity_load(
        &swim,
        &ActivityThresholds {
            lthr: None,
            ..no_css
        },
    )
    .unwrap();
    assert_eq!(l.source, LoadSource::Rpe);
    close(l.load, 38.7, 1e-2);
    // Unrated and nothing else: no load.
    let bare = ActivityInput { rpe: None, ..swim };
    assert!(activity_load(
        &bare,
        &ActivityThresholds {
            lthr: None,
            ..no_css
        }
    )
    .is_none());
}

#[test]
fn the_average_hr_never_overrides_recorded_streams() {
    // A ride with power but no FTP and no HR stream: the session average must not
    // score it (a recorded activity is scored from what it recorded).
    let p = c(200.0, 3600);
    let a = ActivityInput {
        sport: Some(Sport::Bike),
        power: &p,
        avg_hr: Some(160.0),
        duration_s: Some(3600.0),
        ..Default::default()
    };
    let t = ActivityThresholds {
        ftp_w: None,
        ..th()
    };
    assert!(activity_load(&a, &t).is_none());
    // The same totals with no streams at all: 1 h at LTHR = 100.
    let totals = ActivityInput { power: &[], ..a };
    close(activity_load(&totals, &t).unwrap().load, 100.0, 1e-3);
}
