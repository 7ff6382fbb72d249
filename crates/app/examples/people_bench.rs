//! Times a group's weekly digest for 50 athletes × 2 years of history, chart included
//! (the promise: under a second). Run by `cargo xtask bench people`; by hand:
//! `cargo run --release -p paceline-app --example people_bench -- [--vault DIR] [--rounds N]`.
//!
//! 1. The digest core on `paceline_digest::synthetic_input(50, 2)`: compute, the three
//!    renderings and the chart (SVG and PNG), as the app does them.
//! 2. With `--vault DIR` (the vault `cargo xtask bench athletes` builds: 50 athletes,
//!    two years of demo training each, imported through the normal path), the whole
//!    app call: a group of every athlete, `generate_group_digest` (read every member's
//!    sessions, load and power curves from the vault, compute, render, chart, store).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use paceline_app::{App, Config, KeyOptions};
use paceline_types::{Theme, Units};

const TARGET_MS: f64 = 1000.0;
/// The athletes bench's vault passphrase.
const PASSPHRASE: &str = "athletes-bench";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let rounds: usize = opt("--rounds").and_then(|r| r.parse().ok()).unwrap_or(5);
    core(rounds);
    match opt("--vault") {
        Some(dir) => app(PathBuf::from(dir), rounds),
        None => println!(
            "app path skipped: give --vault DIR (the vault of `cargo xtask bench athletes`)"
        ),
    }
}

fn core(rounds: usize) {
    let input = paceline_digest::synthetic_input(50, 2, 7);
    let sessions: usize = input.athletes.iter().map(|a| a.sessions.len()).sum();
    let mut total = Vec::new();
    let mut parts = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..rounds.max(1) {
        let t = Instant::now();
        let d = paceline_digest::compute(&input);
        let computed = t.elapsed();
        let md = paceline_digest::render_markdown(&d, Units::Metric, Some("chart.png"));
        let html = paceline_digest::render_html(&d, Units::Metric, Some("chart.png"));
        let wa = paceline_digest::render_whatsapp(&d, Units::Metric);
        assert!(md.is_ok() && html.is_ok() && wa.is_ok());
        let rendered = t.elapsed();
        let rows = paceline_digest::chart_rows(&d);
        let svg = paceline_charts::digest_load_svg(
            &rows,
            Theme::Light,
            900,
            paceline_charts::digest_load_height(rows.len()),
        )
        .expect("chart");
        let png = paceline_charts::svg_to_png(&svg, 1.5).expect("png");
        assert!(png.starts_with(b"\x89PNG"));
        let all = t.elapsed();
        parts[0].push(ms(computed));
        parts[1].push(ms(rendered - computed));
        parts[2].push(ms(all - rendered));
        total.push(ms(all));
    }
    println!(
        "digest core, 50 athletes x 2 years ({sessions} sessions), median of {} rounds:",
        total.len()
    );
    println!("  compute          {:8.1} ms", median(&mut parts[0]));
    println!("  render md/html/wa {:7.1} ms", median(&mut parts[1]));
    println!("  chart svg+png    {:8.1} ms", median(&mut parts[2]));
    verdict("  total", median(&mut total));
}

fn app(dir: PathBuf, rounds: usize) {
    let cfg = Config {
        data_dir: dir.join("vault"),
        keys: KeyOptions::with_passphrase(PASSPHRASE),
    };
    let app = match App::open(&cfg) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("cannot open {}: {e}", cfg.data_dir.display());
            std::process::exit(2);
        }
    };
    let athletes = app.athletes().expect("athletes");
    let ids: Vec<i64> = athletes.iter().map(|a| a.id).collect();
    let activities: u32 = athletes.iter().map(|a| a.activity_count).sum();
    let group = match app.resolve_group("bench") {
        Ok(id) => {
            app.set_group_members(id, &ids).expect("members");
            id
        }
        Err(_) => {
            let app = std::sync::Arc::new(app);
            let id = app.add_group("bench", "UTC", &ids, None).expect("group").id;
            return run_app(&app, id, ids.len(), activities, rounds);
        }
    };
    run_app(
        &std::sync::Arc::new(app),
        group,
        ids.len(),
        activities,
        rounds,
    )
}

fn run_app(app: &App, group: i64, athletes: usize, activities: u32, rounds: usize) {
    // The newest week any athlete trained in: the demo's history ends around when it
    // was built.
    let week = app
        .generate_group_digest(group, None)
        .map(|d| d.week)
        .expect("digest");
    let mut times = Vec::new();
    for _ in 0..rounds.max(1) {
        let t = Instant::now();
        let d = app
            .generate_group_digest(group, Some(&week))
            .expect("digest");
        times.push(ms(t.elapsed()));
        assert!(!d.png_base64.is_empty() || d.markdown.contains("No training"));
    }
    println!(
        "app generate_group_digest, {athletes} athletes, {activities} activities, week {week}, median of {}:",
        times.len()
    );
    verdict(
        "  total (vault read + compute + render + chart + store)",
        median(&mut times),
    );
}

fn verdict(label: &str, v: f64) {
    let ok = if v < TARGET_MS { "ok" } else { "OVER" };
    println!("{label} {v:8.1} ms  (target < {TARGET_MS:.0} ms: {ok})");
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
