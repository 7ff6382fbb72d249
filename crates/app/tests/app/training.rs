//! Training load through the app: scoring on import, thresholds with history,
//! the PMC and the dashboard.

use paceline_fit::{RecordSample, Sport as FitSport, Summary};
use paceline_types::{
    FileOutcome, LoadChartKind, LoadChartRequest, Sport, Theme, Threshold, ThresholdKind,
};

use crate::support::{app, one_session_fit};

/// A 1-hour ride at a constant `watts`, written with our own FIT writer.
fn steady_ride(start_unix: i64, watts: u16) -> Vec<u8> {
    let record = |i| RecordSample {
        power_w: Some(watts),
        heart_rate: Some(150),
        speed_mps: Some(9.0),
        distance_m: Some(9.0 * f64::from(i)),
        ..Default::default()
    };
    let s = Summary {
        sport: FitSport::CYCLING,
        ..Default::default()
    };
    one_session_fit(start_unix, 3600, 1, record, s)
}

#[test]
fn tss_of_a_steady_hour_matches_the_hand_computed_value() {
    let (dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    // 2026-01-01 00:00 UTC = day 20454; FTP 250 from the day before.
    let start = 20_454 * 86_400 + 8 * 3600;
    app.set_threshold(&Threshold {
        sport: Some(Sport::Ride),
        kind: ThresholdKind::Ftp,
        value: 250.0,
        from_day: 20_453,
    })
    .unwrap();
    let path = dir.path().join("steady.fit");
    std::fs::write(&path, steady_ride(start, 200)).unwrap();
    let r = app.import_paths(&[path]);
    let FileOutcome::Imported { id, .. } = r.files[0] else {
        panic!("{r:?}")
    };
    let m = app.activity_metrics(id).unwrap();
    // NP of a constant 200 W is 200; IF = 200/250 = 0.8;
    // TSS = 3600 s × 200 × 0.8 / (250 × 3600) × 100 = 64.0 (the 3600th sample closes the hour).
    assert_eq!(m.load_source.as_deref(), Some("power"));
    assert!((m.normalized_power.unwrap() - 200.0).abs() < 0.5, "{m:?}");
    assert!((m.intensity_factor.unwrap() - 0.8).abs() < 0.002, "{m:?}");
    assert!((m.load.unwrap() - 64.0).abs() < 0.2, "{m:?}");
    // Work: 200 W × 3600 s = 720 kJ.
    assert!((m.work_kj.unwrap() - 720.0).abs() < 1.0, "{m:?}");
    assert_eq!(
        m.best_efforts
            .iter()
            .find(|b| b.seconds == 1200)
            .map(|b| b.watts.round()),
        Some(200.0)
    );
    // All of it in Coggan zone 3 (Tempo, 76–90 % of FTP: 190–225 W).
    let z3 = &m.power_zones[2];
    assert_eq!(
        (z3.name.as_str(), z3.seconds >= 3599),
        ("Z3 Tempo", true),
        "{:?}",
        m.power_zones
    );

    // A new FTP from a later day does not change this ride; one from before it does.
    app.set_threshold(&Threshold {
        sport: Some(Sport::Ride),
        kind: ThresholdKind::Ftp,
        value: 300.0,
        from_day: 20_460,
    })
    .unwrap();
    assert!((app.activity_metrics(id).unwrap().load.unwrap() - 64.0).abs() < 0.2);
    app.set_threshold(&Threshold {
        sport: Some(Sport::Ride),
        kind: ThresholdKind::Ftp,
        value: 200.0,
        from_day: 20_453,
    })
    .unwrap();
    // IF 1.0 → TSS 100.
    assert!((app.activity_metrics(id).unwrap().load.unwrap() - 100.0).abs() < 0.3);
    assert!(app
        .set_threshold(&Threshold {
            sport: None,
            kind: ThresholdKind::Ftp,
            value: -1.0,
            from_day: 0
        })
        .is_err());
}

#[test]
fn an_unscored_activity_says_what_is_missing() {
    let (dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let path = dir.path().join("steady.fit");
    std::fs::write(&path, steady_ride(20_454 * 86_400, 180)).unwrap();
    let r = app.import_paths(&[path]);
    let FileOutcome::Imported { id, .. } = r.files[0] else {
        panic!("{r:?}")
    };
    let m = app.activity_metrics(id).unwrap();
    assert_eq!(m.load, None);
    assert_eq!(
        m.notes,
        vec!["set your FTP to score this ride's power".to_string()]
    );
    assert!(m.normalized_power.is_some(), "NP needs no threshold");
    assert_eq!(app.dashboard().unwrap().unscored, 1);
}

#[test]
fn demo_dashboard_has_form_readiness_and_charts() {
    let (_dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    app.seed_demo(6).unwrap();
    let d = app.dashboard().unwrap();
    assert_eq!(
        d.unscored, 0,
        "every demo activity has a threshold for its sport"
    );
    let form = d.form.expect("a PMC");
    assert!(form.ctl > 10.0 && form.atl > 0.0, "{form:?}");
    assert!(
        d.readiness.is_some(),
        "demo wellness gives readiness: {d:?}"
    );
    assert!(!d.readiness_reasons.is_empty());
    assert!(
        d.week.iter().map(|w| w.sessions).sum::<u32>() >= 3,
        "{:?}",
        d.week
    );
    let pmc = app.pmc(None, None).unwrap();
    assert!(
        pmc.windows(2).all(|w| w[1].day == w[0].day + 1),
        "one row per day"
    );
    assert_eq!(pmc.last().unwrap().day, d.today);
    for kind in [
        LoadChartKind::Pmc90,
        LoadChartKind::WeeklyLoad,
        LoadChartKind::PowerCurve,
    ] {
        let svg = app
            .load_chart(&LoadChartRequest {
                kind,
                activity_id: None,
                theme: Theme::Dark,
                width: 900,
                height: 420,
            })
            .unwrap()
            .svg;
        assert!(svg.starts_with("<svg") && svg.len() > 2000, "{kind:?}");
    }
    let ride = app
        .list_activities()
        .unwrap()
        .into_iter()
        .find(|a| a.sport == Sport::Ride)
        .unwrap();
    let svg = app
        .load_chart(&LoadChartRequest {
            kind: LoadChartKind::ActivityPowerZones,
            activity_id: Some(ride.id),
            theme: Theme::Light,
            width: 700,
            height: 300,
        })
        .unwrap()
        .svg;
    assert!(svg.contains("Endurance"), "Coggan zone names on the chart");
}

#[test]
fn settings_show_the_zones_of_todays_thresholds() {
    let (_dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    assert!(app.thresholds().unwrap().zones.is_empty());
    let set = |sport, kind, value| {
        app.set_threshold(&Threshold {
            sport,
            kind,
            value,
            from_day: 20_000,
        })
        .unwrap()
    };
    set(Some(Sport::Ride), ThresholdKind::Ftp, 250.0);
    set(None, ThresholdKind::Lthr, 170.0);
    set(
        Some(Sport::Run),
        ThresholdKind::ThresholdSpeed,
        1000.0 / 240.0,
    );
    let zones = app.thresholds().unwrap().zones;
    let titles: Vec<&str> = zones.iter().map(|z| z.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Power (Coggan)",
            "Heart rate, ride (Friel)",
            "Heart rate, run (Friel)",
            "Run pace (Friel)"
        ]
    );
    // Coggan Z2 Endurance: 56–75 % of 250 W, i.e. above 137.5 up to 187.5 W.
    let z2 = &zones[0].zones[1];
    assert_eq!(
        (z2.name.as_str(), z2.low, z2.high),
        ("Z2 Endurance", Some(137.5), Some(187.5))
    );
    assert_eq!(zones[0].zones[6].high, None, "Z7 is open-ended");
    // Friel run Z2 starts at 85 % of LTHR 170 = 144.5 bpm; bike Z2 at 81 % = 137.7.
    assert!((zones[2].zones[1].low.unwrap() - 144.5).abs() < 1e-3);
    assert!((zones[1].zones[1].low.unwrap() - 137.7).abs() < 1e-3);
    // Threshold 4:00 /km: Z1 is slower than 129 % (5:09.6 /km = 3.230 m/s).
    assert!((zones[3].zones[0].high.unwrap() - 3.2300).abs() < 1e-3);
    assert_eq!(zones[3].zones[0].low, None);
}

#[test]
fn css_from_a_400_200_test() {
    // 6:00 and 2:50: CSS = (400 − 200) / (360 − 170) = 200 / 190 = 1.0526 m/s,
    // i.e. 95 s per 100 m.
    let css = paceline_app::App::css_from_test(360.0, 170.0).unwrap();
    assert!((css - 200.0 / 190.0).abs() < 1e-6, "{css}");
    for (a, b) in [(170.0, 360.0), (0.0, 170.0), (360.0, 360.0)] {
        let e = paceline_app::App::css_from_test(a, b).unwrap_err();
        assert!(e.to_string().contains("must be longer"), "{e}");
    }
}

/// 30 min at 4:30 /km (3.7037 m/s) on a steady `grade` (rise per metre).
fn run_at_4_30(start: i64, grade: f64) -> Vec<u8> {
    let v: f32 = 1000.0 / 270.0;
    let record = |i| {
        let d = f64::from(v) * f64::from(i);
        RecordSample {
            speed_mps: Some(v),
            distance_m: Some(d),
            altitude_m: Some((100.0 + grade * d) as f32),
            ..Default::default()
        }
    };
    let s = Summary {
        sport: FitSport::RUNNING,
        ..Default::default()
    };
    one_session_fit(start, 1800, 1, record, s)
}

#[test]
fn a_run_gets_time_in_pace_zones() {
    let (dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let start = 20_454 * 86_400 + 7 * 3600;
    let flat = dir.path().join("flat.fit");
    std::fs::write(&flat, run_at_4_30(start, 0.0)).unwrap();
    let hill = dir.path().join("hill.fit");
    std::fs::write(&hill, run_at_4_30(start + 86_400, 0.1)).unwrap();
    app.set_threshold(&Threshold {
        sport: Some(Sport::Run),
        kind: ThresholdKind::ThresholdSpeed,
        value: 1000.0 / 240.0,
        from_day: 20_000,
    })
    .unwrap();
    let r = app.import_paths(&[flat, hill]);
    let [FileOutcome::Imported { id, .. }, FileOutcome::Imported { id: hill, .. }] = r.files[..]
    else {
        panic!("{r:?}")
    };
    let m = app.activity_metrics(id).unwrap();
    // 270 s/km is 112.5 % of the 240 s/km threshold: Friel's Z3 (106–113 %).
    let z3 = &m.pace_zones[2];
    assert_eq!(z3.name, "Z3 Tempo");
    assert!(z3.seconds >= 1798, "{:?}", m.pace_zones);
    // Up a 10 % grade the same pace costs Minetti's C(0.1)/C(0) = 5.968/3.6 =
    // 1.658 times as much: a flat-equivalent 3.7037 × 1.658 = 6.14 m/s, 163 s/km,
    // 68 % of threshold pace: Z5c (faster than 90 %).
    let m = app.activity_metrics(hill).unwrap();
    assert!(m.pace_zones[6].seconds >= 1700, "{:?}", m.pace_zones);
    let svg = app
        .load_chart(&LoadChartRequest {
            kind: LoadChartKind::ActivityPaceZones,
            activity_id: Some(id),
            theme: Theme::Light,
            width: 800,
            height: 280,
        })
        .unwrap()
        .svg;
    assert!(svg.contains("Time in pace zones") && svg.contains("Z3 Tempo"));
}
