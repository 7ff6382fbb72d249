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
            sport: FitSport::CYCLING,
            start_time: t0 + lap_start,
            timestamp: t0 + t - 1,
            total_elapsed_time_s: f64::from(secs),
            total_timer_time_s: f64::from(secs),
            ..Default::default()
        });
    }
    let s = Summary {
        sport: FitSport::CYCLING,
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
    app: &paceline_app::App,
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

fn set(app: &paceline_app::App, sport: Option<Sport>, kind: ThresholdKind, value: f64) {
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
    let (dir, app) = app();
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
