//! The dashboard's load balance (ACWR, monotony, strain), the HRV chart and the
//! PMC's per-sport fitness lines.

use paceline_types::{LoadChartKind, LoadChartRequest, Sport, Theme, Threshold, ThresholdKind};

use crate::activity_load::{import, ride};
use crate::support::app;

fn chart(app: &paceline_app::AthleteScope, kind: LoadChartKind) -> String {
    app.load_chart(&LoadChartRequest {
        kind,
        activity_id: None,
        theme: Theme::Light,
        width: 900,
        height: 460,
    })
    .unwrap()
    .svg
}

#[test]
fn load_balance_of_a_ramped_week_matches_the_hand_computed_ratios() {
    let (dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let today = (paceline_app::now_utc() / 86_400) as i32;
    app.set_threshold(&Threshold {
        sport: Some(Sport::Ride),
        kind: ThresholdKind::Ftp,
        value: 250.0,
        from_day: today - 60,
    })
    .unwrap();
    // The same ride (load L) on days T−27, T−20, T−13 and then T−6 … T−3.
    for (i, back) in [27, 20, 13, 6, 5, 4, 3].into_iter().enumerate() {
        let start = i64::from(today - back) * 86_400 + 8 * 3600;
        import(
            &app,
            dir.path(),
            &format!("r{i}.fit"),
            ride(start, &[(3600, 200)]),
        );
    }
    let id = app.list_activities().unwrap()[0].id;
    let l = app.activity_metrics(id).unwrap().load.unwrap();
    let b = app.dashboard().unwrap().balance;
    // Rolling: acute 4L/7, chronic 7L/28 → ACWR 16/7 = 2.2857.
    assert!((b.acwr.unwrap() - 16.0 / 7.0).abs() < 1e-4, "{b:?}");
    // EWMA from zero, λ 2/8 and 2/29 over the 28 days: 0.29523 L ÷ 0.25442 L.
    assert!((b.acwr_ewma.unwrap() - 1.16042).abs() < 1e-4, "{b:?}");
    // The last 7 days are L, L, L, L, 0, 0, 0: mean 4L/7, SD √12·L/7,
    // monotony 4/√12 = 1.1547, strain 4L × 1.1547.
    assert!((b.monotony.unwrap() - 1.154_70).abs() < 1e-4, "{b:?}");
    assert!((b.week_load - 4.0 * l).abs() < 1e-3, "{b:?}");
    assert!(
        (b.strain.unwrap() - 4.0 * l * 1.154_70).abs() < 0.01,
        "{b:?}"
    );
    // Per day too; the first 27 days have no ACWR.
    let days = app.load_balance(None, None).unwrap();
    assert_eq!(days.len(), 28);
    assert!(days[..27].iter().all(|d| d.acwr.is_none()));
    assert_eq!(days[27].day, today);
    assert!(days[5].monotony.is_none() && days[6].monotony.is_some());
}

#[test]
fn no_history_has_no_balance_and_no_hrv() {
    let (_dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let d = app.dashboard().unwrap();
    assert_eq!(d.balance, Default::default());
    assert!(!d.has_wellness);
    assert!(chart(&app, LoadChartKind::HrvTrend).contains("No data yet"));
}

#[test]
fn demo_dashboard_has_hrv_chart_and_sport_lines() {
    let (_dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    app.seed_demo(8).unwrap();
    let d = app.dashboard().unwrap();
    assert!(d.has_wellness);
    assert!(
        d.balance.acwr.is_some() && d.balance.monotony.is_some(),
        "{d:?}"
    );
    let hrv = chart(&app, LoadChartKind::HrvTrend);
    assert!(hrv.contains("Normal range") && hrv.contains("Resting HR (bpm)"));
    // Rides, runs and swims: one dashed fitness line each.
    let pmc = chart(&app, LoadChartKind::Pmc90);
    for label in ["Bike CTL", "Run CTL", "Swim CTL"] {
        assert!(pmc.contains(label), "missing {label}");
    }
}

#[test]
fn planned_loads_project_fitness_forward() {
    let (_dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    // An empty vault: today (UTC, no activity gives an offset) starts from zero.
    let today = (paceline_app::now_utc().div_euclid(86_400)) as i32;
    let plan: Vec<(i32, f64)> = (1..=7).map(|i| (today + i, 100.0)).collect();
    let days = app.projection(&plan, today + 8).unwrap();
    assert_eq!(days.first().map(|d| d.day), Some(today));
    assert_eq!(days.len(), 9);
    // After 7 days at 100: CTL = 100 × (1 − (41/42)^7) = 100 × (1 − 0.84477) = 15.52;
    // ATL = 100 × (1 − (6/7)^7) = 100 × (1 − 0.33992) = 66.01.
    let d7 = &days[7];
    assert!((d7.ctl - 15.52).abs() < 0.01, "{d7:?}");
    assert!((d7.atl - 66.01).abs() < 0.01, "{d7:?}");
    // A rest day after: form is yesterday's CTL − ATL = 15.52 − 66.01 = −50.49.
    let d8 = &days[8];
    assert_eq!(d8.load, 0.0);
    assert!((d8.tsb + 50.49).abs() < 0.02, "{d8:?}");
    // Bad plans are refused with the day in question.
    let e = app.projection(&[(today - 1, 50.0)], today + 3).unwrap_err();
    assert!(
        e.to_string().contains("loads are ≥ 0, on days from today"),
        "{e}"
    );
    assert!(app.projection(&[(today + 1, -5.0)], today + 3).is_err());
    assert!(app.projection(&[], today - 1).is_err());
}

#[test]
fn recent_totals_add_up_the_athletes_local_days_from_the_app_clock() {
    use paceline_fit::Sport as FitSport;
    use paceline_types::SportTotals;

    use crate::activity_load::with_power;

    // Today is 2026-03-15 (day 20 527) on the app's clock, whatever the machine says.
    let today = 20_527;
    let dir = tempfile::tempdir().unwrap();
    let cfg = paceline_app::Config {
        data_dir: dir.path().to_path_buf(),
        keys: paceline_store::KeyOptions::with_passphrase("test"),
    };
    let clock = std::sync::Arc::new(paceline_app::ManualClock::new(
        i64::from(today) * 86_400 + 12 * 3600,
    ));
    let vault = paceline_app::App::open_with_clock(&cfg, clock).unwrap();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    assert_eq!(app.today().unwrap(), today);
    let at = |back: i32| i64::from(today - back) * 86_400 + 8 * 3600;
    // (days back, sport, seconds): the 7 days are T−6 … T, the 28 days T−27 … T.
    let plan = [
        (30, FitSport::CYCLING, 3000),
        (20, FitSport::CYCLING, 3600),
        (7, FitSport::RUNNING, 1200),
        (6, FitSport::CYCLING, 3600),
        (0, FitSport::RUNNING, 1800),
    ];
    for (i, (back, sport, secs)) in plan.into_iter().enumerate() {
        let bytes = with_power(sport, at(back), &[(secs, 150)]);
        import(&app, dir.path(), &format!("a{i}.fit"), bytes);
    }
    let list = app.list_activities().unwrap();
    let day_of = |a: &paceline_types::ActivitySummary| (a.start_utc.div_euclid(86_400)) as i32;
    let sum = |sport: Option<Sport>, from_back: i32| {
        let picked: Vec<_> = list
            .iter()
            .filter(|a| sport.is_none_or(|s| a.sport == s) && day_of(a) >= today - from_back)
            .collect();
        SportTotals {
            sport,
            sessions: picked.len() as u32,
            seconds: picked.iter().map(|a| a.active_s()).sum(),
            meters: picked.iter().map(|a| a.distance_m.unwrap_or(0.0)).sum(),
        }
    };
    let d = app.dashboard().unwrap();
    assert_eq!(d.today, today);
    // Ride T−6 and run T; the run of T−7 is a day too old.
    assert_eq!(
        d.last_7_days,
        vec![
            sum(Some(Sport::Ride), 6),
            sum(Some(Sport::Run), 6),
            sum(None, 6)
        ]
    );
    assert_eq!(
        d.last_7_days.iter().map(|t| t.sessions).collect::<Vec<_>>(),
        [1, 1, 2]
    );
    // Rides T−20 and T−6 (most time first), runs T−7 and T; not the ride of T−30.
    assert_eq!(
        d.last_28_days,
        vec![
            sum(Some(Sport::Ride), 27),
            sum(Some(Sport::Run), 27),
            sum(None, 27)
        ]
    );
    assert_eq!(
        d.last_28_days
            .iter()
            .map(|t| t.sessions)
            .collect::<Vec<_>>(),
        [2, 2, 4]
    );
    assert!(d.last_28_days[0].seconds > 7000.0 && d.last_28_days[0].meters > 60_000.0);
    // The thresholds say the same today, for the UI's "current" entries.
    assert_eq!(app.thresholds().unwrap().today, today);
}

#[test]
fn a_chart_becomes_a_png_through_the_app() {
    let (_dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let svg = chart(&app, LoadChartKind::Pmc90);
    match paceline_app::charts::svg_to_png(&svg, 2.0) {
        // 900 × 460 at scale 2: the IHDR says 1800 × 920.
        Ok(png) => {
            assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
            assert_eq!(&png[16..24], &[0, 0, 7, 8, 0, 0, 3, 152]);
        }
        Err(e) if e.to_string().contains("no fonts") => {
            eprintln!("SKIP: no system fonts to draw chart text with ({e})")
        }
        Err(e) => panic!("{e}"),
    }
    let e = paceline_app::charts::svg_to_png(&svg, 0.0).unwrap_err();
    assert!(e.to_string().contains("scale"), "{e}");
}
