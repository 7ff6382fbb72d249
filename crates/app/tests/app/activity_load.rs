//! The activity page's training views: the stream chart with zones and laps, and
//! critical power with W′ balance.

use paceline_fit::{
    unix_to_fit, ActivityBuilder, DeviceIdent, RecordSample, Sport as FitSport, Summary,
};
use paceline_types::{ChartRequest, FileOutcome, Sport, Theme, Threshold, ThresholdKind, Units};

use crate::support::app;

/// 2026-01-01 00:00 UTC.
const DAY0: i32 = 20_454;

/// A ride of one lap per `(seconds, watts)` block, HR 150, 9 m/s.
pub(crate) fn ride(start_unix: i64, blocks: &[(u32, u16)]) -> Vec<u8> {
    with_power(FitSport::CYCLING, start_unix, blocks)
}

/// [`ride`] as another sport (e.g. a run with a Stryd).
pub(crate) fn with_power(sport: FitSport, start_unix: i64, blocks: &[(u32, u16)]) -> Vec<u8> {
    let t0 = unix_to_fit(start_unix);
    let mut b = ActivityBuilder::new(&DeviceIdent {
        time_created: t0,
        ..Default::default()
    });
    let mut t = 0u32;
    for &(secs, watts) in blocks {
        let lap_start = t;
        for _ in 0..secs {
            b.record(&RecordSample {
                timestamp: t0 + t,
                power_w: Some(watts),
                heart_rate: Some(150),
                speed_mps: Some(9.0),
                distance_m: Some(9.0 * f64::from(t)),
                ..Default::default()
            });
            t += 1;
        }
        b.lap(&Summary {
            sport,
            start_time: t0 + lap_start,
            timestamp: t0 + t - 1,
            total_elapsed_time_s: f64::from(secs),
            total_timer_time_s: f64::from(secs),
            ..Default::default()
        });
    }
    let s = Summary {
        sport,
        start_time: t0,
        timestamp: t0 + t - 1,
        total_elapsed_time_s: f64::from(t - 1),
        total_timer_time_s: f64::from(t - 1),
        ..Default::default()
    };
    b.session(&s).activity(t0 + t - 1, 0);
    b.finish()
}

pub(crate) fn import(
    app: &paceline_app::AthleteScope,
    dir: &std::path::Path,
    name: &str,
    bytes: Vec<u8>,
) -> i64 {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let r = app.import_paths(&[path]);
    match r.files[0] {
        FileOutcome::Imported { id, .. } => id,
        _ => panic!("{r:?}"),
    }
}

fn set(app: &paceline_app::AthleteScope, sport: Option<Sport>, kind: ThresholdKind, value: f64) {
    app.set_threshold(&Threshold {
        sport,
        kind,
        value,
        from_day: DAY0 - 1,
    })
    .unwrap();
}

#[test]
fn activity_chart_shades_zones_and_marks_laps() {
    let (dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    // Three 20-minute laps at 200 W: laps start at 0, 1200 and 2400 s.
    let id = import(
        &app,
        dir.path(),
        "laps.fit",
        ride(i64::from(DAY0) * 86_400 + 8 * 3600, &[(1200, 200); 3]),
    );
    let detail = app.activity(id).unwrap();
    let offsets: Vec<i64> = detail
        .laps
        .iter()
        .map(|l| l.start_utc - detail.summary.start_utc)
        .collect();
    assert_eq!(offsets, vec![0, 1200, 2400]);
    let chart = |zones: bool, laps: bool| {
        app.activity_chart(&ChartRequest {
            id,
            theme: Theme::Light,
            units: Units::Metric,
            width: 900,
            height: 500,
            zones,
            laps,
            by_distance: false,
        })
        .unwrap()
        .svg
    };
    let label = |svg: &str, z: &str| svg.matches(&format!("\n{z}\n</text>")).count();
    // No thresholds yet: nothing to shade.
    assert_eq!(label(&chart(true, true), "Z3"), 0);
    // FTP 250: 200 W is Coggan Z3 (76–90 % = 190–225 W). LTHR 160: HR 150 is
    // Friel bike Z3 (90 % = 144 to 94 % = 150.4 bpm).
    set(&app, Some(Sport::Ride), ThresholdKind::Ftp, 250.0);
    set(&app, None, ThresholdKind::Lthr, 160.0);
    let on = chart(true, true);
    assert_eq!(label(&on, "Z3"), 2, "one Z3 label per panel (power, HR)");
    assert_eq!(label(&chart(false, true), "Z3"), 0, "zones off");
    // Power, heart rate and speed panels: two lap lines each (the lap at 0 s is
    // the start of the chart, not drawn).
    let lines = |svg: &str| svg.matches("<polyline").count();
    assert_eq!(lines(&on) - lines(&chart(true, false)), 2 * 3);
}

/// CP 250 W, W′ 25.2 kJ: W′ is a multiple of every 2–20 min duration, so the
/// model's powers P(t) = CP + W′/t are whole watts a FIT file can carry.
const CP: f64 = 250.0;
const W_PRIME: f64 = 25_200.0;
const EFFORTS: [(u32, u16); 9] = [
    (120, 460),
    (180, 390),
    (240, 355),
    (300, 334),
    (420, 310),
    (600, 292),
    (720, 285),
    (900, 278),
    (1200, 271),
];

#[test]
fn w_prime_balance_uses_the_cp_of_the_90_days_before() {
    let (dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let day = |d: i32| i64::from(DAY0 + d) * 86_400 + 9 * 3600;
    // The ride scored: 10 min easy, 2 min at 500 W, 5 min easy.
    let test = import(
        &app,
        dir.path(),
        "test.fit",
        ride(day(100), &[(600, 100), (120, 500), (300, 100)]),
    );
    let m = app.activity_metrics(test).unwrap();
    assert_eq!((m.critical_power, m.wbal), (None, None), "no efforts yet");

    // One all-out effort per ride, on the model's line, in the 90 days before.
    // For each duration the best is its own ride's effort (a longer effort is
    // lower; a shorter one diluted with 100 W is lower still, since CP > 100 W).
    for (i, &(secs, watts)) in EFFORTS.iter().enumerate() {
        let bytes = ride(
            day(20 + 5 * i as i32),
            &[(300, 100), (secs, watts), (300, 100)],
        );
        import(&app, dir.path(), &format!("effort{i}.fit"), bytes);
    }
    // Not counted: 91 days before and the day after.
    import(&app, dir.path(), "old.fit", ride(day(9), &[(1200, 400)]));
    import(
        &app,
        dir.path(),
        "later.fit",
        ride(day(101), &[(1200, 400)]),
    );

    let m = app.activity_metrics(test).unwrap();
    let cp = m.critical_power.expect("a credible fit");
    assert!((cp.cp_w - CP).abs() < 0.05, "{cp:?}");
    assert!((cp.w_prime_j - W_PRIME).abs() < 5.0, "{cp:?}");
    assert_eq!(cp.efforts, 9);
    // 120 s at 500 W spends 250 J/s: 25 200 − 250·k < 0 from k = 101, so the
    // effort's last 20 s are below zero, bottoming at 25 200 − 30 000 = −4.8 kJ
    // after second 720 (index 719). Recovery at 100 W: τ = W′/(CP − P) = 168 s,
    // W′bal(t) = 25 200 − 30 000·e^(−t/168) < 0 while t < 168·ln(30/25.2) = 29.3 s:
    // 29 more seconds. 49 s below zero in all.
    let w = m.wbal.expect("W′ balance");
    assert!((w.min_kj + 4.8).abs() < 0.01, "{w:?}");
    assert_eq!((w.min_at_s, w.below_zero_s), (719, 49), "{w:?}");
    // Stored: a second read finds the same model and recomputes nothing.
    assert_eq!(app.activity_metrics(test).unwrap(), m);
}

#[test]
fn w_prime_balance_without_going_below_zero() {
    let (dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let day = |d: i32| i64::from(DAY0 + d) * 86_400 + 9 * 3600;
    for (i, &(secs, watts)) in EFFORTS.iter().enumerate() {
        let bytes = ride(day(i as i32), &[(300, 100), (secs, watts), (300, 100)]);
        import(&app, dir.path(), &format!("effort{i}.fit"), bytes);
    }
    // 60 s at 460 W after 10 easy minutes: 210 J/s × 60 s = 12.6 kJ spent,
    // lowest (12.6 kJ left) after second 660.
    let id = import(
        &app,
        dir.path(),
        "test.fit",
        ride(day(30), &[(600, 100), (60, 460), (300, 100)]),
    );
    let w = app.activity_metrics(id).unwrap().wbal.expect("W′ balance");
    assert!((w.min_kj - 12.6).abs() < 0.01, "{w:?}");
    assert_eq!((w.min_at_s, w.below_zero_s), (659, 0));
}

#[test]
fn deleting_a_threshold_rescores_with_the_one_before() {
    use paceline_types::{ErrorCode, ThresholdId, WireError};
    let (dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let ftp = |value: f64, from_day: i32| Threshold {
        sport: Some(Sport::Ride),
        kind: ThresholdKind::Ftp,
        value,
        from_day,
    };
    app.set_threshold(&ftp(250.0, DAY0 - 10)).unwrap();
    app.set_threshold(&ftp(200.0, DAY0 - 1)).unwrap();
    // One hour at 200 W: IF 1.0 with FTP 200 → 100; IF 0.8 with FTP 250 →
    // 0.8² × 100 = 64.
    let id = import(
        &app,
        dir.path(),
        "hour.fit",
        ride(i64::from(DAY0) * 86_400 + 8 * 3600, &[(3600, 200)]),
    );
    let load = |app: &paceline_app::AthleteScope| app.activity_metrics(id).unwrap().load;
    assert!((load(&app).unwrap() - 100.0).abs() < 0.3);
    app.delete_threshold(&ftp(200.0, DAY0 - 1).id()).unwrap();
    assert!((load(&app).unwrap() - 64.0).abs() < 0.2);
    assert_eq!(
        app.thresholds().unwrap().entries,
        vec![ftp(250.0, DAY0 - 10)]
    );
    // Nothing there: a typed not-found, nothing changes.
    let e = WireError::from(
        app.delete_threshold(&ThresholdId {
            sport: None,
            kind: ThresholdKind::Ftp,
            from_day: DAY0 - 10,
        })
        .unwrap_err(),
    );
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(e.message, "no ftp threshold from 2025-12-22 to delete");
    // The last FTP gone: the ride has no load and says why.
    app.delete_threshold(&ftp(250.0, DAY0 - 10).id()).unwrap();
    let m = app.activity_metrics(id).unwrap();
    assert_eq!(m.load, None);
    assert_eq!(
        m.notes,
        vec!["set your FTP to score this ride's power".to_string()]
    );
}

#[test]
fn the_dashboard_power_profile_fits_the_last_90_days_of_rides() {
    let (dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    assert_eq!(app.dashboard().unwrap().power_profile, None, "no rides");
    // Today in UTC (the rides' offset is 0).
    let today = paceline_app::now_utc().div_euclid(86_400) as i32;
    let day = |d: i32| i64::from(today + d) * 86_400 + 9 * 3600;
    for (i, &(secs, watts)) in EFFORTS.iter().enumerate() {
        let bytes = ride(
            day(-60 + 5 * i as i32),
            &[(300, 100), (secs, watts), (300, 100)],
        );
        import(&app, dir.path(), &format!("effort{i}.fit"), bytes);
    }
    // Four months ago: out of the window.
    import(&app, dir.path(), "old.fit", ride(day(-120), &[(1200, 400)]));
    let curve = || {
        app.load_chart(&paceline_types::LoadChartRequest {
            kind: paceline_types::LoadChartKind::PowerCurve,
            activity_id: None,
            theme: Theme::Light,
            width: 900,
            height: 400,
        })
        .unwrap()
        .svg
    };
    let rides_only = curve();
    // Running power is on another scale: neither the profile nor the ride curve
    // and its CP take it.
    let run = with_power(FitSport::RUNNING, day(-3), &[(1200, 420)]);
    import(&app, dir.path(), "stryd.fit", run);
    assert_eq!(curve(), rides_only);
    let p = app.dashboard().unwrap().power_profile.expect("ride power");
    assert_eq!(p.days, 90);
    let cp2 = p.cp2.expect("2-parameter fit");
    // The efforts lie on CP 250 W, W′ 25.2 kJ exactly.
    assert!((cp2.cp_w - CP).abs() < 0.05 && (cp2.w_prime_j - W_PRIME).abs() < 5.0);
    assert!(cp2.credible && cp2.r2 > 0.999, "{cp2:?}");
    // eFTP is the credible CP; the best 20 min is the 1200 s effort, 271 W
    // (the 400 W ride is 120 days old).
    assert!(
        p.eftp_from_cp && (p.eftp_w.unwrap() - CP).abs() < 0.05,
        "{p:?}"
    );
    assert_eq!(p.best_20min_w, Some(271.0));
    // Morton's 3 parameters also see the 1–2 min bests, which sit below the
    // 2-parameter line (460 W for 60 s, not 670): a finite peak power above CP.
    let cp3 = p.cp3.expect("3-parameter fit");
    assert!(cp3.pmax_w.unwrap() > cp3.cp_w, "{cp3:?}");
}
