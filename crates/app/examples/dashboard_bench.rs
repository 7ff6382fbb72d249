//! Times what opening the dashboard costs over a ten-year history: `App::dashboard()`
//! and the 90-day PMC chart, call to reply, as the desktop shell makes them. Run by
//! `cargo xtask bench dashboard`; by hand:
//! `cargo run --release -p paceline-app --example dashboard_bench -- VAULT_DIR [--iterations N]`.
//!
//! An empty VAULT_DIR is first filled with the demo athlete's history going back
//! until it holds 3,000 activities (13-week blocks from the demo generator, six
//! sessions a week: about 11 years), imported through the normal path with the
//! demo's thresholds and a morning's wellness every day.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use paceline_app::{App, Config, KeyOptions};
use paceline_types::{ChartRequest, LoadChartKind, LoadChartRequest, Theme, Units};

/// The promise for the dashboard (call to reply, dashboard + 90-day PMC chart).
const TARGET_MS: f64 = 50.0;
/// Activities in the generated history.
const ACTIVITIES: u32 = 3000;
const PASSPHRASE: &str = "dashboard-bench";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: dashboard_bench VAULT_DIR [--iterations N]");
        std::process::exit(2);
    };
    let iterations: usize = args
        .iter()
        .position(|a| a == "--iterations")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(30);
    let cfg = Config {
        data_dir: dir.clone(),
        keys: KeyOptions::with_passphrase(PASSPHRASE),
    };
    let opened = Instant::now();
    let vault = App::open(&cfg).unwrap_or_else(|e| fail(&e.to_string()));
    let app = vault.current().unwrap_or_else(|e| fail(&e.to_string()));
    let open_ms = ms(opened.elapsed());
    // Also finishes a build that was interrupted (stored files are skipped).
    if app.info().map(|i| i.activity_count).unwrap_or(0) < ACTIVITIES {
        build(&app, &dir);
    }
    let info = app.info().unwrap_or_else(|e| fail(&e.to_string()));
    let pmc = |kind| LoadChartRequest {
        kind,
        activity_id: None,
        theme: Theme::Dark,
        width: 1100,
        height: 460,
    };
    let timed = |f: &dyn Fn()| {
        let t = Instant::now();
        f();
        ms(t.elapsed())
    };
    let both = || {
        let d = app.dashboard().unwrap_or_else(|e| fail(&e.to_string()));
        let c = app
            .load_chart(&pmc(LoadChartKind::Pmc90))
            .unwrap_or_else(|e| fail(&e.to_string()));
        std::hint::black_box((d, c));
    };
    // The first call after opening is what a user waits for; later ones are warm.
    let first = timed(&both);
    let mut warm: Vec<f64> = (0..iterations).map(|_| timed(&both)).collect();
    let mut parts = Vec::new();
    for (name, f) in [
        ("dashboard()", &(|| drop(app.dashboard())) as &dyn Fn()),
        ("PMC 90 days", &|| {
            drop(app.load_chart(&pmc(LoadChartKind::Pmc90)))
        }),
        ("PMC all", &|| {
            drop(app.load_chart(&pmc(LoadChartKind::PmcAll)))
        }),
        ("weekly load", &|| {
            drop(app.load_chart(&pmc(LoadChartKind::WeeklyLoad)))
        }),
        ("power curve", &|| {
            drop(app.load_chart(&pmc(LoadChartKind::PowerCurve)))
        }),
        ("HRV trend", &|| {
            drop(app.load_chart(&pmc(LoadChartKind::HrvTrend)))
        }),
    ] {
        let mut v: Vec<f64> = (0..iterations.clamp(1, 10)).map(|_| timed(f)).collect();
        parts.push((name, median(&mut v)));
    }
    let opens = activity_opens(&app);
    let d = app.dashboard().unwrap_or_else(|e| fail(&e.to_string()));
    let med = median(&mut warm);
    let max = warm.iter().copied().fold(0.0, f64::max);
    println!(
        "\ndashboard over {} activities ({})",
        info.activity_count,
        dir.display()
    );
    println!("  vault open       {open_ms:.0} ms (not counted)");
    println!("  first call       {first:.1} ms   (dashboard + 90-day PMC chart)");
    println!("  warm             {med:.1} ms median, {max:.1} ms max of {iterations}");
    for (name, m) in &parts {
        println!("    {name:<14} {m:.1} ms median");
    }
    if let Some(f) = d.form {
        println!(
            "  today            CTL {:.1}, ATL {:.1}, TSB {:.1}, ramp {:.1}/week, ACWR {}",
            f.ctl,
            f.atl,
            f.tsb,
            f.ramp,
            d.balance
                .acwr
                .map_or_else(|| "-".to_string(), |a| format!("{a:.2}"))
        );
    }
    if let Some((n, mut v)) = opens {
        let max = v.iter().copied().fold(0.0, f64::max);
        println!(
            "  activity page    {:.1} ms median, {max:.1} ms max: {} activities of {n}, each opened once (detail, metrics, 1100×600 chart)",
            median(&mut v),
            v.len()
        );
    }
    let met = first.max(med) < TARGET_MS;
    println!(
        "  target           < {TARGET_MS} ms call to reply (first and warm): {}",
        if met { "met" } else { "MISSED" }
    );
}

/// Opens 40 activities spread over the history, each once, as the activity page
/// does: its detail (summary, laps, streams), metrics and the streams chart.
fn activity_opens(app: &paceline_app::AthleteScope) -> Option<(usize, Vec<f64>)> {
    let list = app.list_activities().ok()?;
    let step = (list.len() / 40).max(1);
    let times = list
        .iter()
        .step_by(step)
        .map(|a| {
            let t = Instant::now();
            let detail = app.activity(a.id).unwrap_or_else(|e| fail(&e.to_string()));
            let metrics = app.activity_metrics(a.id).ok();
            let chart = app
                .activity_chart(&ChartRequest {
                    id: a.id,
                    theme: Theme::Dark,
                    units: Units::Metric,
                    width: 1100,
                    height: 600,
                    zones: true,
                    laps: true,
                    by_distance: false,
                })
                .unwrap_or_else(|e| fail(&e.to_string()));
            std::hint::black_box((detail, metrics, chart));
            ms(t.elapsed())
        })
        .collect();
    Some((list.len(), times))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn fail(msg: &str) -> ! {
    eprintln!("dashboard bench: {msg}");
    std::process::exit(1)
}

/// The demo athlete's history, a quarter at a time back from today (the
/// generator's volume grows 4 % a week, so each block starts again from the
/// base), with its thresholds (set first, so the import scores everything) and a
/// morning's wellness every day.
fn build(app: &paceline_app::AthleteScope, dir: &Path) {
    let a = paceline_demo::ALEX;
    let today = paceline_app::now_utc().div_euclid(86_400);
    // Long enough for any number of blocks below.
    let from_day = (today - 40 * 365) as i32;
    let has_thresholds = app.thresholds().is_ok_and(|t| !t.entries.is_empty());
    for t in paceline_app::demo_threshold_entries(&a, from_day)
        .iter()
        .filter(|_| !has_thresholds)
    {
        app.set_threshold(t)
            .unwrap_or_else(|e| fail(&e.to_string()));
    }
    let files = dir.join("demo-files");
    let started = Instant::now();
    let (mut stored, mut block) = (0, 0);
    while stored < ACTIVITIES {
        let _ = std::fs::remove_dir_all(&files);
        std::fs::create_dir_all(&files).unwrap_or_else(|e| fail(&e.to_string()));
        let end = (today - block * 91) * 86_400;
        for f in paceline_demo::generate(&a, end, 12, 1000 + block as u64) {
            std::fs::write(files.join(&f.file_name), &f.bytes)
                .unwrap_or_else(|e| fail(&e.to_string()));
        }
        let r = app.import_paths(std::slice::from_ref(&files));
        stored = app.info().map_or(stored, |i| i.activity_count);
        block += 1;
        eprintln!("block {block}: {} ({stored} activities)", r.headline());
    }
    let _ = std::fs::remove_dir_all(&files);
    let first_day = (today - block * 91 - 7) as i32;
    let wellness = paceline_app::demo_wellness_rows(&a, first_day, today as i32 + 1);
    app.put_wellness(&wellness)
        .unwrap_or_else(|e| fail(&e.to_string()));
    eprintln!(
        "built {stored} activities ({:.1} years) in {:.0} s",
        block as f64 * 91.0 / 365.25,
        started.elapsed().as_secs_f64()
    );
}
