//! Times switching athlete in a vault of many: `set_current_athlete`, then that
//! athlete's `dashboard()` and 90-day PMC chart, call to reply, as the window does
//! after a click in the switcher. Run by `cargo xtask bench athletes`; by hand:
//! `cargo run --release -p paceline-app --example athletes_bench -- DIR [--rounds N]`.
//!
//! An empty DIR is first filled with a vault (`DIR/vault`) of 50 athletes, each with
//! two years of the demo generator's training (its seed, FTP and LTHR varied per
//! athlete), imported through the normal path with the demo's thresholds set first
//! and a morning's wellness every day. One thread generates the next athlete's
//! files while the import of the previous one runs. `DIR/built.txt` records the
//! athletes done and the build time, so an interrupted build resumes and later runs
//! reuse the vault.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use paceline_app::{App, AthleteScope, Config, KeyOptions};
use paceline_types::{AthleteId, LoadChartKind, LoadChartRequest, Theme};

/// The promise: a click in the switcher to the dashboard on screen.
const TARGET_MS: f64 = 100.0;
const ATHLETES: u32 = 50;
const WEEKS: u32 = 104;
const PASSPHRASE: &str = "athletes-bench";
const BUILT_FILE: &str = "built.txt";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: athletes_bench DIR [--rounds N]");
        std::process::exit(2);
    };
    let rounds: usize = args
        .iter()
        .position(|a| a == "--rounds")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(3);
    let cfg = Config {
        data_dir: dir.join("vault"),
        keys: KeyOptions::with_passphrase(PASSPHRASE),
    };
    let opened = Instant::now();
    let app = App::open(&cfg).unwrap_or_else(|e| fail(&e.to_string()));
    let mut open_ms = ms(opened.elapsed());
    let (done, mut build_s) = read_built(&dir);
    let app = if done < ATHLETES {
        build_s += build(&app, &dir, done);
        // Time the switches on a freshly opened vault, as a user would meet it.
        drop(app);
        let opened = Instant::now();
        let app = App::open(&cfg).unwrap_or_else(|e| fail(&e.to_string()));
        open_ms = ms(opened.elapsed());
        app
    } else {
        app
    };
    let athletes = app.athletes().unwrap_or_else(|e| fail(&e.to_string()));
    let ids: Vec<AthleteId> = athletes.iter().map(|a| a.id).collect();
    let activities: u32 = athletes.iter().map(|a| a.activity_count).sum();

    // Round 0 is each athlete's first dashboard since the vault was opened (the
    // very first call of the run is reported on its own); later rounds visit them
    // again in another order (a stride through the list).
    let mut first_call = f64::NAN;
    let mut first = Vec::new();
    let mut warm = Vec::new();
    let mut parts = [Vec::new(), Vec::new(), Vec::new()];
    for round in 0..=rounds {
        let stride = [1, 7, 13, 17][round % 4];
        for k in 0..ids.len() {
            let id = ids[(k * stride) % ids.len()];
            let t = Instant::now();
            let split = switch_and_open(&app, id);
            let took = ms(t.elapsed());
            match (round, k) {
                (0, 0) => first_call = took,
                (0, _) => first.push(took),
                _ => {
                    warm.push(took);
                    for (p, v) in parts.iter_mut().zip(split) {
                        p.push(v);
                    }
                }
            }
        }
    }
    let size_mb = dir_bytes(&cfg.data_dir) as f64 / 1e6;
    println!(
        "\nathlete switch + dashboard: {} athletes, {activities} activities ({})",
        ids.len(),
        cfg.data_dir.display()
    );
    println!(
        "  vault            {size_mb:.0} MB on disk ({:.2} MB per athlete)",
        size_mb / ids.len().max(1) as f64
    );
    println!(
        "  build            {build_s:.0} s ({:.1} min, {WEEKS} weeks of demo training per athlete)",
        build_s / 60.0
    );
    println!("  vault open       {open_ms:.0} ms (not counted)");
    println!(
        "  {:<28} {:>6} {:>10} {:>8} {:>8}",
        "switch + dashboard + PMC 90", "calls", "median ms", "p95 ms", "max ms"
    );
    println!(
        "  {:<28} {:>6} {first_call:>10.1} {:>8} {:>8}",
        "first call after open", 1, "-", "-"
    );
    let [switch, dashboard, chart] = &mut parts;
    for (name, v) in [
        ("first visit, other athletes", &mut first),
        ("warm (revisits)", &mut warm),
        ("  set_current_athlete", switch),
        ("  dashboard()", dashboard),
        ("  load_chart(Pmc90)", chart),
    ] {
        let (med, p95, max) = stats(v);
        println!(
            "  {name:<28} {:>6} {med:>10.1} {p95:>8.1} {max:>8.1}",
            v.len()
        );
    }
    let worst = first
        .iter()
        .chain(&warm)
        .chain([&first_call])
        .copied()
        .fold(0.0_f64, f64::max);
    println!(
        "  target           < {TARGET_MS} ms every call (max {worst:.1} ms): {}",
        if worst < TARGET_MS { "met" } else { "MISSED" }
    );
}

/// What a click in the switcher costs: remember the athlete, then their dashboard
/// and 90-day PMC chart. Returns the ms of each of the three steps.
fn switch_and_open(app: &App, id: AthleteId) -> [f64; 3] {
    let t = Instant::now();
    app.set_current_athlete(id)
        .unwrap_or_else(|e| fail(&e.to_string()));
    let switched = ms(t.elapsed());
    let scope = app.athlete(id).unwrap_or_else(|e| fail(&e.to_string()));
    let t = Instant::now();
    let d = scope.dashboard().unwrap_or_else(|e| fail(&e.to_string()));
    let dashboard = ms(t.elapsed());
    let t = Instant::now();
    let c = scope
        .load_chart(&LoadChartRequest {
            kind: LoadChartKind::Pmc90,
            activity_id: None,
            theme: Theme::Dark,
            width: 1100,
            height: 460,
        })
        .unwrap_or_else(|e| fail(&e.to_string()));
    let chart = ms(t.elapsed());
    std::hint::black_box((d, c));
    [switched, dashboard, chart]
}

/// (median, 95th percentile, max).
fn stats(v: &mut [f64]) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    let at = |q: f64| {
        v.get(((v.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(f64::NAN)
    };
    (at(0.5), at(0.95), v.last().copied().unwrap_or(f64::NAN))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn fail(msg: &str) -> ! {
    eprintln!("athletes bench: {msg}");
    std::process::exit(1)
}

/// Athletes fully built and the seconds it took, from `built.txt`.
fn read_built(dir: &Path) -> (u32, f64) {
    let text = std::fs::read_to_string(dir.join(BUILT_FILE)).unwrap_or_default();
    let field = |k: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(k)?.trim().parse::<f64>().ok())
    };
    (
        field("athletes").unwrap_or(0.0) as u32,
        field("build_s").unwrap_or(0.0),
    )
}

fn write_built(dir: &Path, athletes: u32, build_s: f64) {
    let body = format!("athletes {athletes}\nbuild_s {build_s:.1}\n");
    std::fs::write(dir.join(BUILT_FILE), body).unwrap_or_else(|e| fail(&e.to_string()));
}

/// The demo physiology of athlete `i`: FTP 200–298 W, LTHR 160–174 bpm.
fn physiology(i: u32) -> paceline_demo::Athlete {
    let base = paceline_demo::ALEX;
    paceline_demo::Athlete {
        ftp_w: 200.0 + f64::from((i * 37) % 99),
        lthr: 160.0 + f64::from((i * 11) % 15),
        ..base
    }
}

fn name(i: u32) -> String {
    format!("Athlete {:02}", i + 1)
}

/// Builds athletes `from..ATHLETES`; returns the seconds spent.
fn build(app: &App, dir: &Path, from: u32) -> f64 {
    let started = Instant::now();
    let (_, before_s) = read_built(dir);
    let today = paceline_app::now_utc().div_euclid(86_400);
    // Generate athlete i + 1 while athlete i imports.
    let (tx, rx) = mpsc::sync_channel::<(u32, PathBuf)>(1);
    let files_root = dir.join("demo-files");
    let gen_root = files_root.clone();
    let generator = std::thread::spawn(move || {
        for i in from..ATHLETES {
            let files = gen_root.join(format!("{i:02}"));
            let _ = std::fs::remove_dir_all(&files);
            std::fs::create_dir_all(&files).unwrap_or_else(|e| fail(&e.to_string()));
            for f in
                paceline_demo::generate(&physiology(i), today * 86_400, WEEKS, 5000 + u64::from(i))
            {
                std::fs::write(files.join(&f.file_name), &f.bytes)
                    .unwrap_or_else(|e| fail(&e.to_string()));
            }
            if tx.send((i, files)).is_err() {
                return;
            }
        }
    });
    for (i, files) in rx {
        let t = Instant::now();
        let scope = athlete_for(app, i);
        seed(&scope, i, today);
        let r = scope.import_paths(std::slice::from_ref(&files));
        let _ = std::fs::remove_dir_all(&files);
        write_built(dir, i + 1, before_s + started.elapsed().as_secs_f64());
        eprintln!(
            "athlete {}/{ATHLETES}: {} in {:.1} s ({:.0} s so far)",
            i + 1,
            r.headline(),
            t.elapsed().as_secs_f64(),
            started.elapsed().as_secs_f64()
        );
    }
    generator.join().expect("the generator does not panic");
    let _ = std::fs::remove_dir_all(&files_root);
    started.elapsed().as_secs_f64()
}

/// Athlete `i` of the bench: the vault's first athlete is renamed to be athlete 0.
fn athlete_for(app: &App, i: u32) -> AthleteScope<'_> {
    let all = app.athletes().unwrap_or_else(|e| fail(&e.to_string()));
    let id = if let Some(a) = all.iter().find(|a| a.name == name(i)) {
        a.id
    } else if i == 0 {
        app.rename_athlete(all[0].id, &name(0))
            .unwrap_or_else(|e| fail(&e.to_string()));
        all[0].id
    } else {
        app.add_athlete(&name(i))
            .unwrap_or_else(|e| fail(&e.to_string()))
            .id
    };
    app.athlete(id).unwrap_or_else(|e| fail(&e.to_string()))
}

/// Thresholds first (so the import scores everything) and daily wellness.
fn seed(scope: &AthleteScope, i: u32, today: i64) {
    let a = physiology(i);
    let from_day = (today - i64::from(WEEKS + 2) * 7) as i32;
    if scope.thresholds().is_ok_and(|t| t.entries.is_empty()) {
        for t in paceline_app::demo_threshold_entries(&a, from_day) {
            scope
                .set_threshold(&t)
                .unwrap_or_else(|e| fail(&e.to_string()));
        }
    }
    let wellness = paceline_app::demo_wellness_rows(&a, from_day, today as i32 + 1);
    scope
        .put_wellness(&wellness)
        .unwrap_or_else(|e| fail(&e.to_string()));
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
