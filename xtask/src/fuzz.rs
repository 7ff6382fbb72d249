//! `cargo xtask fuzz [--secs N] [TARGET...]`: every parser of outside input under libFuzzer.
//!
//! Each target (`fuzz/fuzz_targets/*.rs`) runs for N seconds (default 600) on a corpus
//! kept outside the repository (`~/.cache/paceline/fuzz/<target>`), seeded from the
//! shared corpus files of its kind and from `fuzz/seeds/<target>/` (small hand-made
//! inputs that reach past the first parse); crashes land in
//! `~/.cache/paceline/fuzz/artifacts`. Targets other than the four decoders build
//! their crates behind a cargo feature of their name, passed here.
//! Needs the nightly toolchain (sanitizers) and cargo-fuzz, installed here on first use
//! rather than in `setup`: only this task needs it.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::sh::{self, output, run as sh_run, Result};

const TARGETS: &[&str] = &[
    "fit",
    "gpx",
    "tcx",
    "archive",
    "garmin",
    "llm_json",
    "plan_brief",
    "route_gpx",
    "backup_header",
    "fitpack",
];
/// The targets that build their crates behind a feature of the same name.
const FEATURED: &[&str] = &[
    "garmin",
    "llm_json",
    "plan_brief",
    "route_gpx",
    "backup_header",
    "fitpack",
];
const DEFAULT_SECS: u64 = 600;
/// Inputs longer than this are cut (seeds are cut to their first bytes, which hold the
/// headers, definitions and first samples): long inputs slow libFuzzer to a crawl
/// (40 runs/s at 256 KiB under ASan) for little extra coverage.
const MAX_LEN: usize = 16 * 1024;
/// Garmin's JSON answers run longer, and a cut one no longer parses.
const MAX_LEN_JSON: usize = 64 * 1024;

/// Seeds for a target: (corpus sub-folder, file name suffixes).
fn seeds(target: &str) -> &'static [(&'static str, &'static [&'static str])] {
    match target {
        "fit" => &[("fit", &[".fit"]), ("broken", &[".fit"])],
        "gpx" => &[("gpx", &[".gpx"]), ("broken", &[".gpx", ".xml"])],
        "tcx" => &[("tcx", &[".tcx"]), ("broken", &[".tcx"])],
        "archive" => &[("fit", &[".gz", ".zip"]), ("garmin-api", &[".zip"])],
        "garmin" => &[("garmin-api", &[".json"])],
        "route_gpx" => &[("gpx", &[".gpx"])],
        "fitpack" => &[("fit", &[".fit"]), ("broken", &[".fit"])],
        _ => &[],
    }
}

struct Outcome {
    target: String,
    runs: Option<u64>,
    crashes: usize,
    secs: u64,
}

pub fn run(args: &[String]) -> Result {
    let mut secs = DEFAULT_SECS;
    let mut targets: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--secs" => {
                secs = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or("--secs needs a number of seconds")?;
            }
            t if TARGETS.contains(&t) => targets.push(t.to_string()),
            other => {
                return Err(format!(
                    "unknown fuzz target or option {other:?}; targets: {}",
                    TARGETS.join(", ")
                ))
            }
        }
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|t| t.to_string()).collect();
    }
    ensure_tools()?;
    let mut outcomes = Vec::new();
    for t in &targets {
        outcomes.push(fuzz_one(t, secs)?);
    }
    println!(
        "\n{:<14} {:>7} {:>14} {:>8}",
        "target", "secs", "runs", "crashes"
    );
    for o in &outcomes {
        let runs = o.runs.map_or_else(|| "?".into(), |r| r.to_string());
        println!(
            "{:<14} {:>7} {:>14} {:>8}",
            o.target, o.secs, runs, o.crashes
        );
    }
    let crashed: Vec<&str> = outcomes
        .iter()
        .filter(|o| o.crashes > 0)
        .map(|o| o.target.as_str())
        .collect();
    if crashed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "crashes in {}; inputs are in {}",
            crashed.join(", "),
            fuzz_dir().join("artifacts").display()
        ))
    }
}

fn fuzz_dir() -> PathBuf {
    crate::oracle::cache_dir().join("fuzz")
}

/// `cargo +nightly` through the rustup proxy (`$CARGO` is a fixed toolchain's cargo).
fn nightly_cargo() -> Command {
    let mut c = Command::new("cargo");
    c.arg("+nightly").env_remove("RUSTUP_TOOLCHAIN");
    c
}

fn ensure_tools() -> Result {
    if output(nightly_cargo().arg("--version")).is_none() {
        return Err("fuzzing needs the nightly toolchain: rustup toolchain install nightly".into());
    }
    if output(Command::new("cargo").args(["fuzz", "--version"])).is_none() {
        sh_run(sh::cargo().args(["install", "cargo-fuzz", "--locked"]))?;
    }
    Ok(())
}

/// Copies the shared corpus files of the target's kind into its corpus folder (once
/// per file; libFuzzer adds its own finds beside them). Returns how many seeds exist.
fn seed(target: &str, dir: &Path) -> Result<usize> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut n = copy_seeds(&sh::root().join("fuzz/seeds").join(target), "own", dir)?;
    if target == "plan_brief" {
        n += copy_seeds(&sh::root().join("crates/plan/tests/briefs"), "brief", dir)?;
    }
    let Some(corpus) = corpus_dir() else {
        eprintln!("note: no shared corpus; {target} starts from its own seeds");
        return Ok(n);
    };
    for (sub, exts) in seeds(target) {
        let Ok(rd) = std::fs::read_dir(corpus.join(sub)) else {
            continue;
        };
        for p in rd.filter_map(|e| e.ok().map(|e| e.path())) {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let lower = name.to_ascii_lowercase();
            if !exts.iter().any(|x| lower.ends_with(x)) {
                continue;
            }
            let dest = dir.join(format!("seed-{sub}-{name}"));
            if !dest.exists() {
                std::fs::copy(&p, &dest).map_err(|e| format!("{}: {e}", p.display()))?;
            }
            n += 1;
        }
    }
    Ok(n)
}

/// Copies every file of `from` (if it exists) into `dir` as `seed-<tag>-<name>`.
fn copy_seeds(from: &Path, tag: &str, dir: &Path) -> Result<usize> {
    let Ok(rd) = std::fs::read_dir(from) else {
        return Ok(0);
    };
    let mut n = 0;
    for p in rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
    {
        let name = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let dest = dir.join(format!("seed-{tag}-{name}"));
        if !dest.exists() {
            std::fs::copy(&p, &dest).map_err(|e| format!("{}: {e}", p.display()))?;
        }
        n += 1;
    }
    Ok(n)
}

/// `$PACELINE_CORPUS`, else `../shared/corpus` beside the repository.
fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("PACELINE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| sh::root().join("../shared/corpus"));
    dir.join("MANIFEST.tsv").is_file().then_some(dir)
}

fn fuzz_one(target: &str, secs: u64) -> Result<Outcome> {
    let corpus = fuzz_dir().join(target);
    let artifacts = fuzz_dir().join("artifacts").join(target);
    std::fs::create_dir_all(&artifacts).map_err(|e| format!("{}: {e}", artifacts.display()))?;
    let seeded = seed(target, &corpus)?;
    let before = count_files(&artifacts);
    eprintln!(
        "\n== fuzz {target} for {secs} s ({seeded} seeds, corpus {})",
        corpus.display()
    );
    let log_path = fuzz_dir().join(format!("{target}.log"));
    let mut log =
        std::fs::File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
    let mut c = nightly_cargo();
    c.args(["fuzz", "run", target]);
    if FEATURED.contains(&target) {
        c.args(["--features", target]);
    }
    let max_len = if target == "garmin" {
        MAX_LEN_JSON
    } else {
        MAX_LEN
    };
    c.arg(&corpus)
        .arg("--")
        .arg(format!("-max_total_time={secs}"))
        .arg("-rss_limit_mb=2048")
        .arg(format!("-max_len={max_len}"))
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .arg("-print_final_stats=1")
        .current_dir(sh::root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    eprintln!("$ {}", sh::show(&c));
    let mut child = c
        .spawn()
        .map_err(|e| format!("cannot start cargo fuzz: {e}"))?;
    let stdout = child.stdout.take().expect("piped");
    // stdout carries little (libFuzzer writes to stderr); drain it so it cannot block.
    let drain = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut BufReader::new(stdout), &mut s);
        s
    });
    let mut runs = None;
    let stderr = child.stderr.take().expect("piped");
    for line in BufReader::new(stderr).lines().map_while(|l| l.ok()) {
        let _ = writeln!(log, "{line}");
        if let Some(n) = line.strip_prefix("stat::number_of_executed_units:") {
            runs = n.trim().parse().ok();
        }
        if interesting(&line) {
            eprintln!("  {line}");
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    let _ = writeln!(log, "{}", drain.join().unwrap_or_default());
    let crashes = count_files(&artifacts).saturating_sub(before);
    if !status.success() && crashes == 0 {
        return Err(format!(
            "cargo fuzz run {target} failed ({status}) without a crash input; see {}",
            log_path.display()
        ));
    }
    Ok(Outcome {
        target: target.to_string(),
        runs,
        crashes,
        secs,
    })
}

/// The lines worth showing live; everything goes to the log.
fn interesting(line: &str) -> bool {
    [
        "pulse",
        "DONE",
        "ERROR",
        "panicked",
        "Test unit written",
        "SUMMARY",
        "stat::",
        "INITED",
        "error",
    ]
    .iter()
    .any(|k| line.contains(k))
}

fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |rd| rd.filter(|e| e.is_ok()).count())
}
