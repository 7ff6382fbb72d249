//! `cargo xtask bench <what>`: benchmarks anyone can rerun; figures print to stdout.
//!
//! `bench import` decodes the corpus FIT files fully with four decoders, one thread
//! each, timed in process CPU time over warmed passes (the best pass counts), and prints
//! one table: ours (`paceline-fit`, the `fitbench` example, which also runs the Rust
//! `fitparser`), python `fitdecode` and Garmin's JavaScript SDK (`@garmin/fitsdk`), the
//! last two installed on first use under `~/.cache/paceline` (see `oracle.rs`).
//!
//! `bench garmin [--count N]` counts the requests and times an activities backfill of
//! N (200) activities, a first wellness sync and incremental syncs finding one new
//! activity against the fake Garmin server at pace 0 (the `garmin_bench` example).
//!
//! `bench people [--rounds N]` times a group's weekly digest for 50 athletes × 2 years
//! (the `people_bench` example): the core on synthetic histories, and the whole app
//! call on the athletes bench's vault when that has been built.
//!
//! `bench athletes [--rounds N] [--fresh]` times a click in the athlete switcher in a
//! vault of 50 athletes × 2 years of demo training: `set_current_athlete`, then that
//! athlete's dashboard and 90-day PMC chart (the `athletes_bench` example of
//! paceline-app, release), against the 100 ms target, with the vault's size and the
//! time it took to build. The vault is built once, through the normal import, in
//! `~/.cache/paceline/bench-athletes` (a few GB, tens of minutes on two cores) and
//! reused; `--fresh` builds it again (after a schema or importer change).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::oracle;
use crate::sh::{self, run as sh_run, Result};

/// What we promise for our decoder (ARCHITECTURE.md: "a fast streaming decoder").
const MIN_MB_S: f64 = 100.0;
const MIN_VS_FITPARSER: f64 = 15.0;
/// Passes per decoder: fitbench repeats the corpus this often (it runs fitparser a
/// fifth as often); python takes ~40 s a pass, so it gets two; node's first is JIT warm-up.
const RUST_PASSES: &str = "10";
const PYTHON_PASSES: &str = "2";
const NODE_PASSES: &str = "5";

pub fn run(args: &[String]) -> Result {
    match args.first().map(String::as_str) {
        Some("load") => sh_run(sh::cargo().args(["bench", "-p", "paceline-load"])),
        Some("routes") => sh_run(sh::cargo().args(["bench", "-p", "paceline-routes"])),
        Some("plan") => sh_run(sh::cargo().args(["bench", "-p", "paceline-plan"])),
        Some("history") => crate::history::run(&args[1..]),
        Some("dashboard") => crate::dashboard::run(&args[1..]),
        Some("import") => import(),
        Some("athletes") => athletes(&args[1..]),
        Some("people") => people(&args[1..]),
        Some("garmin") => sh_run(
            sh::cargo()
                .args(["run", "--release", "-q", "-p", "paceline-app"])
                .args(["--example", "garmin_bench", "--"])
                .args(&args[1..]),
        ),
        _ => Err(
            "usage: cargo xtask bench <import|load|routes|plan|history|dashboard|athletes|garmin|people>"
                .into(),
        ),
    }
}

/// The group digest for 50 athletes × 2 years: the core on synthetic histories, and
/// the whole app call on the athletes bench's vault when it has been built.
fn people(args: &[String]) -> Result {
    let vault = oracle::cache_dir().join("bench-athletes");
    let mut cmd = sh::cargo();
    cmd.args(["run", "--release", "-q", "-p", "paceline-app"])
        .args(["--example", "people_bench", "--"])
        .args(args);
    if vault.join("vault").exists() && !args.iter().any(|a| a == "--vault") {
        cmd.arg("--vault").arg(&vault);
    }
    sh_run(&mut cmd)
}

fn athletes(args: &[String]) -> Result {
    const USAGE: &str = "usage: cargo xtask bench athletes [--rounds N] [--fresh]";
    let mut rounds = "3".to_string();
    let mut fresh = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--rounds" => {
                rounds = it
                    .next()
                    .filter(|v| v.parse::<u32>().is_ok())
                    .ok_or("--rounds needs a number")?
                    .clone()
            }
            "--fresh" => fresh = true,
            other => return Err(format!("unknown option {other:?}\n{USAGE}")),
        }
    }
    let dir = oracle::cache_dir().join("bench-athletes");
    if fresh {
        let _ = std::fs::remove_dir_all(&dir);
    }
    sh_run(
        sh::cargo()
            .args(["run", "--release", "-q", "-p", "paceline-app"])
            .args(["--example", "athletes_bench", "--"])
            .arg(&dir)
            .args(["--rounds", &rounds]),
    )
}

struct Row {
    decoder: String,
    mb_s: Option<f64>,
    /// Files the decoder gave up on (their bytes still count), where it says.
    failed: Option<String>,
}

fn corpus_fit() -> PathBuf {
    let dir = std::env::var_os("PACELINE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| sh::root().join("../shared/corpus"))
        .join("fit");
    dir.canonicalize().unwrap_or(dir)
}

fn import() -> Result {
    let corpus = corpus_fit();
    if !corpus.is_dir() {
        return Err(format!("the corpus is absent ({})", corpus.display()));
    }
    let mut rows = rust_rows(&corpus)?;
    rows.push(script_row(
        &format!("fitdecode {} (Python)", oracle::FITDECODE_VERSION),
        oracle::ensure_venv(),
        || {
            let mut c = Command::new(oracle::venv_python());
            c.arg(sh::root().join("tools/fitdecode_bench.py"))
                .args(["--passes", PYTHON_PASSES])
                .arg(&corpus);
            c
        },
    ));
    rows.push(script_row(
        &format!("@garmin/fitsdk {} (JS)", oracle::FITSDK_VERSION),
        oracle::ensure_fitsdk(),
        || {
            // --single-threaded: no V8 helper threads, so one core does all the work.
            let mut c = Command::new("node");
            c.arg("--single-threaded")
                .arg(sh::root().join("tools/fitsdk_bench.mjs"))
                .arg(oracle::node_prefix().join("node_modules/@garmin/fitsdk"))
                .args(["--passes", NODE_PASSES])
                .arg(&corpus);
            c
        },
    ));
    print_table(&rows);
    Ok(())
}

/// Ours (CRC checked and not) and fitparser, from the fitbench example's output.
fn rust_rows(corpus: &Path) -> Result<Vec<Row>> {
    let mut c = sh::cargo();
    c.args([
        "run",
        "--release",
        "-q",
        "-p",
        "paceline-fit",
        "--example",
        "fitbench",
        "--",
        RUST_PASSES,
    ])
    .arg(corpus);
    let out = captured(&mut c)?;
    let figure = |label: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(label))
            .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
    };
    let rows = vec![
        Row {
            decoder: "paceline-fit (CRC checked)".into(),
            mb_s: figure("paceline-fit (CRC checked):"),
            failed: None,
        },
        Row {
            decoder: "paceline-fit (no CRC)".into(),
            mb_s: figure("paceline-fit (no CRC):"),
            failed: None,
        },
        Row {
            decoder: "fitparser 0.11 (Rust)".into(),
            mb_s: figure("fitparser:"),
            failed: None,
        },
    ];
    if rows[0].mb_s.is_none() || rows[2].mb_s.is_none() {
        return Err("cannot read the figures in fitbench's output".into());
    }
    Ok(rows)
}

/// Runs one of the tools/ scripts and reads its `RESULT … mb_s=… failed=…` line. A
/// decoder that cannot be installed or run gives an empty row, not a failed bench.
fn script_row(decoder: &str, installed: Result, cmd: impl FnOnce() -> Command) -> Row {
    let mut row = Row {
        decoder: decoder.into(),
        mb_s: None,
        failed: None,
    };
    let out = installed.and_then(|()| captured(&mut cmd()));
    match out {
        Ok(out) => {
            let result = out.lines().find_map(|l| l.strip_prefix("RESULT "));
            let field = |k: &str| {
                result?
                    .split_whitespace()
                    .find_map(|kv| kv.strip_prefix(k)?.strip_prefix('='))
                    .map(str::to_string)
            };
            row.mb_s = field("mb_s").and_then(|v| v.parse().ok());
            row.failed = field("failed");
        }
        Err(e) => eprintln!("note: {decoder} left out: {e}"),
    }
    row
}

/// Runs with stderr shown (build output, per-pass times) and returns stdout, echoed.
fn captured(c: &mut Command) -> Result<String> {
    eprintln!("$ {}", sh::show(c));
    let out = c
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot start {}: {e}", sh::show(c)))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    print!("{text}");
    if out.status.success() {
        Ok(text)
    } else {
        Err(format!("`{}` failed ({})", sh::show(c), out.status))
    }
}

fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => {
            let r = a / b;
            if r >= 10.0 {
                format!("{r:.1}x")
            } else if r >= 0.1 {
                format!("{r:.2}x")
            } else {
                format!("{r:.4}x")
            }
        }
        _ => "-".into(),
    }
}

fn print_table(rows: &[Row]) {
    let ours = rows[0].mb_s;
    let fitparser = rows[2].mb_s;
    println!(
        "\nFIT decoding, corpus {}: full decode, one thread, best pass in CPU time",
        corpus_fit().display()
    );
    println!(
        "{:<30} {:>10} {:>10} {:>13} {:>7}",
        "decoder", "MB/s", "vs ours", "vs fitparser", "failed"
    );
    for r in rows {
        let mb = r.mb_s.map_or_else(|| "-".into(), |v| format!("{v:.2}"));
        println!(
            "{:<30} {:>10} {:>10} {:>13} {:>7}",
            r.decoder,
            mb,
            ratio(r.mb_s, ours),
            ratio(r.mb_s, fitparser),
            r.failed.as_deref().unwrap_or("-")
        );
    }
    if let (Some(o), Some(f)) = (ours, fitparser) {
        let met = o >= MIN_MB_S && o / f >= MIN_VS_FITPARSER;
        println!(
            "target: ours >= {MIN_MB_S} MB/s and >= {MIN_VS_FITPARSER}x fitparser: {}",
            if met { "met" } else { "NOT MET" }
        );
    }
}
