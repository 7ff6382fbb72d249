//! Requests and wall time of a Garmin sync against the fake Garmin server (pace 0):
//! a first-run backfill of N activities (200 by default), then an incremental sync
//! finding one new activity, each activities-only and then with wellness. Run by
//! `cargo xtask bench garmin`; by hand:
//! `cargo run --release -p paceline-app --example garmin_bench -- [--count N]`.
//! Needs the shared corpus (the fake serves its recorded bodies).

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

use paceline_app::{App, Config, GarminSyncOptions, KeyOptions};
use paceline_fit::{unix_to_fit, ActivityBuilder, DeviceIdent, RecordSample, Summary};
use paceline_garmin::fake::{FakeActivity, FakeGarmin};
use paceline_types::{GarminSyncReport, GarminSyncScope};

/// 2026-01-01 12:00 UTC.
const T0: i64 = 1_767_268_800;

/// An hour's ride at 1 Hz with power and heart rate, different for every start.
fn ride(start: i64) -> Vec<u8> {
    let t0 = unix_to_fit(start);
    let mut b = ActivityBuilder::new(&DeviceIdent {
        time_created: t0,
        ..Default::default()
    });
    for i in 0..3600u32 {
        b.record(&RecordSample {
            timestamp: t0 + i,
            power_w: Some(150 + (i % 80) as u16),
            heart_rate: Some(120 + (i % 40) as u8),
            ..Default::default()
        });
    }
    let s = Summary {
        sport: paceline_fit::Sport::CYCLING,
        start_time: t0,
        timestamp: t0 + 3599,
        total_elapsed_time_s: 3599.0,
        total_timer_time_s: 3599.0,
        ..Default::default()
    };
    b.lap(&s).session(&s).activity(t0 + 3599, 0);
    b.finish()
}

fn activities(n: usize) -> Vec<FakeActivity> {
    let rides = (0..n as i64).map(|i| ride(T0 + 86_400 * i));
    FakeActivity::daily(10_000, T0, rides)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count: usize = args
        .iter()
        .position(|a| a == "--count")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(200);
    let Some(api) = paceline_testsupport::corpus("garmin-api") else {
        eprintln!("garmin_bench needs the shared corpus (PACELINE_CORPUS)");
        std::process::exit(2);
    };
    let root = api.parent().expect("a sub-folder").to_path_buf();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let fake = rt
        .block_on(FakeGarmin::start(Some(&root)))
        .expect("the fake server starts");
    let all = activities(count + 1);
    fake.set_activities(all[..count].to_vec());
    let dir = tempfile::tempdir().expect("a temporary folder");
    let app = Arc::new(
        App::open(&Config {
            data_dir: dir.path().to_path_buf(),
            keys: KeyOptions::with_passphrase("garmin-bench"),
        })
        .expect("a vault"),
    );
    app.set_garmin_endpoint(Some(fake.url.as_str()), Some(0))
        .expect("a URL");
    let athlete = app.current().expect("an athlete").id();
    fake.add_ticket("ST-1-bench");
    app.garmin_connect_ticket(athlete, "ST-1-bench")
        .expect("connected");
    let sync = |scope| -> (GarminSyncReport, f64) {
        let t = Instant::now();
        let r = app
            .run_garmin_sync(
                athlete,
                GarminSyncOptions {
                    scope,
                    since_day: None,
                },
                &|_| {},
                &AtomicBool::new(false),
            )
            .expect("the sync succeeds");
        (r, t.elapsed().as_secs_f64() * 1000.0)
    };
    println!("garmin sync against the fake server (PACELINE_GARMIN_PACE_MS=0), {count} one-hour 1 Hz rides");
    println!(
        "{:<48} {:>9} {:>8} {:>10} {:>9}",
        "", "requests", "new", "new days", "wall ms"
    );
    let row = |name: &str, (r, ms): (GarminSyncReport, f64)| {
        println!(
            "{name:<48} {:>9} {:>8} {:>10} {:>9.0}",
            r.requests, r.new_activities, r.new_days, ms
        );
    };
    row(
        &format!("backfill of {count} activities (activities only)"),
        sync(GarminSyncScope::ActivitiesOnly),
    );
    row(
        "first wellness sync (28 days)",
        sync(GarminSyncScope::WellnessOnly),
    );
    fake.set_activities(all.clone());
    row(
        "incremental, one new activity (activities only)",
        sync(GarminSyncScope::ActivitiesOnly),
    );
    fake.set_activities({
        let mut more = all;
        more.extend(activities(count + 2).into_iter().skip(count + 1));
        more
    });
    row(
        "incremental, one new activity + wellness",
        sync(GarminSyncScope::All),
    );
}
