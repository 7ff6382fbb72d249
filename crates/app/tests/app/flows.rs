use paceline_types::{ChartRequest, FileOutcome, Settings, Theme, Units};

use crate::support::app;

#[test]
fn demo_history_is_alive() {
    let (_dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let report = app.seed_demo(2).unwrap();
    assert!(report.imported() >= 8, "{}", report.headline());
    assert_eq!(report.failed(), 0, "{report:?}");
    let info = app.info().unwrap();
    assert_eq!(info.athlete_name, "Alex Demo");
    assert_eq!(info.activity_count as usize, report.imported());
    let list = app.list_activities().unwrap();
    assert!(
        list.windows(2).all(|w| w[0].start_utc >= w[1].start_utc),
        "newest first"
    );
    let ride = list
        .iter()
        .find(|a| a.sport == paceline_types::Sport::Ride)
        .expect("a ride");
    assert!(
        ride.avg_power.unwrap() > 100.0 && ride.distance_m.unwrap() > 20_000.0,
        "{ride:?}"
    );
    assert_eq!(ride.utc_offset_s, 3600);
    // Seeding again does nothing: the vault is no longer empty.
    assert_eq!(app.seed_demo(2).unwrap().files.len(), 0);
    let chart = |by_distance| {
        app.activity_chart(&ChartRequest {
            id: ride.id,
            theme: Theme::Dark,
            units: Units::Imperial,
            width: 800,
            height: 500,
            zones: true,
            laps: true,
            by_distance,
        })
        .unwrap()
        .svg
    };
    let by_time = chart(false);
    assert!(by_time.contains("Power (W)") && by_time.contains("Speed (mph)"));
    // Against distance the x ticks are miles, not clock times.
    let mile_ticks = |svg: &str| svg.matches(" mi\n</text>").count();
    let by_distance = chart(true);
    assert!(mile_ticks(&by_distance) >= 3, "{by_distance}");
    assert_eq!(mile_ticks(&by_time), 0);
}

#[test]
fn settings_persist() {
    let (_dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    assert_eq!(app.settings().unwrap().units, Units::Metric);
    app.set_settings(&Settings {
        units: Units::Imperial,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(app.settings().unwrap().units, Units::Imperial);
}

#[test]
fn missing_activity_is_not_found_on_the_wire() {
    let (_dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let err: paceline_types::WireError = app.activity(999).unwrap_err().into();
    assert_eq!(err.code, paceline_types::ErrorCode::NotFound);
    assert_eq!(err.message, "no activity with id 999");
}

#[test]
fn unreadable_paths_fail_alone() {
    let (dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let good = dir.path().join("good.fit");
    let f = paceline_demo::generate(&paceline_demo::ALEX, 20_000 * 86_400, 0, 3).remove(0);
    std::fs::write(&good, &f.bytes).unwrap();
    let missing = dir.path().join("missing.fit");
    let empty = dir.path().join("empty.fit");
    std::fs::write(&empty, b"").unwrap();
    let report = app.import_paths(&[missing, good.clone(), empty]);
    assert_eq!(report.imported(), 1, "{report:?}");
    assert_eq!(report.failed(), 2);
    assert!(
        matches!(&report.files[2], FileOutcome::Failed { reason, .. } if reason.contains("empty"))
    );
    // Importing the same file again is recognised.
    let again = app.import_paths(&[good]);
    assert_eq!(again.already_present(), 1);
    assert_eq!(app.list_activities().unwrap().len(), 1);
}
