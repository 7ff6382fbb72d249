//! `cargo xtask bench history [--count N] [--mb M] [--keep]`: ten years of training
//! imported at once. The corpus's activity recordings, moved in time one a day
//! (`make-history` in paceline-testsupport, cached in `~/.cache/paceline`), go
//! into a fresh passphrase vault through the release `paceline import`; the
//! figures are the ones a new user with a long history would feel: wall time,
//! throughput and the importer's peak memory.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::sh::{self, run as sh_run, Result};

/// Targets from the issues (#18: throughput and vault size), for a 2-core machine.
const TARGET_SECONDS: f64 = 10.5;
const TARGET_MBPS: f64 = 100.0;
const TARGET_RSS_MB: f64 = 500.0;
/// The vault (with its WAL) at most this share of the FIT bytes it came from.
const TARGET_VAULT_RATIO: f64 = 0.35;
const PASSPHRASE: &str = "history-bench";
/// `paceline thresholds set` arguments (FTP, heart rate, run and swim thresholds).
const THRESHOLDS: &[&str] = &[
    "ftp 250",
    "lthr 168",
    "max-hr 188",
    "resting-hr 48",
    "threshold-speed 3.9 --sport run",
    "css 0.95 --sport swim",
];

struct Opts {
    count: usize,
    mb: u64,
    keep: bool,
}

fn parse(args: &[String]) -> Result<Opts> {
    let mut o = Opts {
        count: 3000,
        mb: 1000,
        keep: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut num = |name: &str| -> Result<u64> {
            it.next()
                .and_then(|v| v.parse().ok())
                .ok_or(format!("{name} needs a number"))
        };
        match a.as_str() {
            "--count" => o.count = num("--count")? as usize,
            "--mb" => o.mb = num("--mb")?,
            "--keep" => o.keep = true,
            other => {
                return Err(format!(
                    "unknown option {other:?}\nusage: cargo xtask bench history [--count N] [--mb M] [--keep]"
                ))
            }
        }
    }
    Ok(o)
}

fn cache_root() -> Result<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .map(|c| c.join("paceline"))
        .ok_or_else(|| "neither XDG_CACHE_HOME nor HOME is set".into())
}

pub fn run(args: &[String]) -> Result {
    let o = parse(args)?;
    let corpus = std::env::var_os("PACELINE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| sh::root().join("../shared/corpus"));
    let name = if o.mb == 1000 {
        format!("history-{}", o.count)
    } else {
        format!("history-{}-{}mb", o.count, o.mb)
    };
    let dir = cache_root()?.join(name);
    if dir.join(".complete").is_file() {
        eprintln!("history: cached in {}", dir.display());
    } else {
        if !corpus.join("fit").is_dir() {
            return Err(format!("the corpus is absent ({})", corpus.display()));
        }
        sh_run(
            sh::cargo()
                .args(["run", "--release", "-p", "paceline-testsupport", "--bin"])
                .args(["make-history", "--", "--count", &o.count.to_string()])
                .args(["--mb", &o.mb.to_string(), "--out"])
                .arg(&dir)
                .env("PACELINE_CORPUS", &corpus),
        )?;
    }
    let (files, bytes) = folder_size(&dir)?;
    sh_run(sh::cargo().args(["build", "--release", "-p", "paceline-cli"]))?;
    let bin = sh::target_dir().join("release/paceline");

    let data = sh::target_dir().join(format!("history-vault-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let paceline = |args: &[&str]| {
        let mut c = Command::new(&bin);
        c.arg("--data-dir")
            .arg(&data)
            .args(args)
            .env("PACELINE_PASSPHRASE", PASSPHRASE)
            .env_remove("PACELINE_DATA_DIR")
            .env_remove("RUST_LOG");
        c
    };
    // Thresholds first, as a user with a history has them: every activity is then
    // scored during the import (part of its cost), not on first view.
    for t in THRESHOLDS {
        let mut args: Vec<&str> = vec!["thresholds", "set"];
        args.extend(t.split(' '));
        args.extend(["--from", "2000-01-01"]);
        sh::output(&mut paceline(&args)).ok_or(format!("`paceline thresholds set {t}` failed"))?;
    }
    let mut import = paceline(&["import", "--quiet"]);
    import.arg(&dir);
    eprintln!("$ {}", sh::show(&import));
    let m = measure(import)?;
    let activities = stored_activities(&mut paceline(&["info", "--json"]))?;
    let (load_days, load_sum) =
        load_days(&mut paceline(&["pmc", "--from", "2010-01-01", "--csv"]))?;
    let check_started = Instant::now();
    let check = sh::output(&mut paceline(&["check"]));
    let check_s = check_started.elapsed().as_secs_f64();

    let mb = bytes as f64 / 1e6;
    let secs = m.wall.as_secs_f64();
    println!("\nhistory import ({} cores)", cores());
    println!("  files            {files}");
    println!("  total            {mb:.1} MB");
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    println!(
        "  wall             {secs:.1} s   (target < {TARGET_SECONDS} s: {})",
        verdict(secs < TARGET_SECONDS)
    );
    println!(
        "  throughput       {:.1} MB/s, {:.0} files/s   (target ≥ {TARGET_MBPS} MB/s: {})",
        mb / secs,
        files as f64 / secs,
        verdict(mb / secs >= TARGET_MBPS)
    );
    match m.peak_rss_kb {
        Some(kb) => println!(
            "  peak RSS         {:.0} MB   (target < {TARGET_RSS_MB} MB: {}; {})",
            kb as f64 / 1024.0,
            verdict((kb as f64 / 1024.0) < TARGET_RSS_MB),
            m.rss_source
        ),
        None => println!("  peak RSS         unknown (no /usr/bin/time, no /proc)"),
    }
    if let Some(cpu) = &m.cpu {
        println!("  cpu              {cpu}");
    }
    if let Some(psi) = cpu_pressure() {
        // Shared machines skew the wall time: say how contended the CPU was.
        println!(
            "  cpu pressure     {psi:.0} % of the last minute something waited for a CPU (PSI)"
        );
    }
    println!("  import said      {}", m.headline);
    println!("  activities       {activities} stored");
    let vault_mb = ["vault.db", "vault.db-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(data.join(f)).ok())
        .map(|m| m.len())
        .sum::<u64>() as f64
        / 1e6;
    println!(
        "  vault            {vault_mb:.0} MB on disk (with its WAL), {:.0} % of the files   (target ≤ {:.0} %: {})",
        100.0 * vault_mb / mb,
        100.0 * TARGET_VAULT_RATIO,
        verdict(vault_mb <= TARGET_VAULT_RATIO * mb)
    );
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        // Shared machines: the figures above mean little without the load they ran in.
        let avg: Vec<&str> = load.split_whitespace().take(3).collect();
        println!("  load average     {}", avg.join(" "));
    }
    println!("  training load    on {load_days} days, {load_sum:.0} in all");
    println!(
        "  paceline check   {} ({check_s:.1} s)",
        check.as_deref().map_or("FAILED", str::trim)
    );
    if o.keep {
        println!("  vault kept in    {}", data.display());
    } else {
        let _ = std::fs::remove_dir_all(&data);
    }
    if !m.success {
        return Err("the import reported failures (see above)".into());
    }
    if activities == 0 || load_days == 0 {
        return Err("nothing stored, or no training load computed".into());
    }
    if check.is_none() {
        return Err("`paceline check` found problems in the vault".into());
    }
    Ok(())
}

/// Count and bytes of the activity files (hidden files are not imported).
fn folder_size(dir: &Path) -> Result<(usize, u64)> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut n = 0;
    let mut bytes = 0;
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        n += 1;
        bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
    }
    Ok((n, bytes))
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

struct Measured {
    wall: Duration,
    peak_rss_kb: Option<u64>,
    rss_source: &'static str,
    cpu: Option<String>,
    headline: String,
    success: bool,
}

/// Runs the import, timing it and taking the child's peak RSS: from GNU time's
/// `-v` report (getrusage of the child) where installed, else from polling
/// `/proc/<pid>/status` VmHWM (a high-water mark, so polling misses little).
fn measure(mut cmd: Command) -> Result<Measured> {
    let gnu_time = Path::new("/usr/bin/time");
    let mut cmd = if gnu_time.is_file() {
        let mut t = Command::new(gnu_time);
        t.arg("-v").arg(cmd.get_program()).args(cmd.get_args());
        for (k, v) in cmd.get_envs() {
            match v {
                Some(v) => t.env(k, v),
                None => t.env_remove(k),
            };
        }
        t
    } else {
        std::mem::replace(&mut cmd, Command::new("true"))
    };
    let started = Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", sh::show(&cmd)))?;
    let pid = child.id();
    let mut polled_kb = None;
    // Poll for the high-water mark until the child exits; stdout and stderr are
    // read after, and the import prints little (one line a file, a headline).
    let out_reader = {
        let mut out = child.stdout.take().expect("piped");
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = std::io::Read::read_to_string(&mut out, &mut s);
            s
        })
    };
    let err_reader = {
        let mut err = child.stderr.take().expect("piped");
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = std::io::Read::read_to_string(&mut err, &mut s);
            s
        })
    };
    let status = loop {
        if let Some(kb) = vm_hwm_kb(pid) {
            polled_kb = Some(polled_kb.unwrap_or(0).max(kb));
        }
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("waiting for the import: {e}")),
        }
    };
    let wall = started.elapsed();
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    let field = |name: &str| {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name).map(|v| v.trim().to_string()))
    };
    let from_time = field("Maximum resident set size (kbytes):").and_then(|v| v.parse().ok());
    let cpu = field("Percent of CPU this job got:").map(|pct| {
        format!(
            "{pct} ({} s user, {} s system)",
            field("User time (seconds):").unwrap_or_default(),
            field("System time (seconds):").unwrap_or_default()
        )
    });
    for l in stdout
        .lines()
        .filter(|l| !l.starts_with("imported"))
        .take(12)
    {
        println!("  | {l}");
    }
    let program_err: String = stderr
        .lines()
        .take_while(|l| !l.trim_start().starts_with("Command being timed"))
        .collect::<Vec<_>>()
        .join("\n");
    if !program_err.trim().is_empty() {
        eprintln!("{program_err}");
    }
    Ok(Measured {
        wall,
        peak_rss_kb: from_time.or(polled_kb),
        rss_source: if from_time.is_some() {
            "GNU time, getrusage"
        } else {
            "polled VmHWM"
        },
        cpu,
        headline: stdout.lines().last().unwrap_or("").to_string(),
        success: status.success(),
    })
}

fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// `activity_count` from `paceline info --json` (xtask has no JSON parser).
fn stored_activities(cmd: &mut Command) -> Result<u64> {
    let out = sh::output(cmd).ok_or("`paceline info` failed")?;
    let rest = out
        .split("\"activity_count\":")
        .nth(1)
        .ok_or("no activity_count in `paceline info --json`")?;
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().map_err(|e| format!("activity_count: {e}"))
}

/// Days with training load in `paceline pmc --csv`, and the load summed.
fn load_days(cmd: &mut Command) -> Result<(usize, f64)> {
    let out = sh::output(cmd).ok_or("`paceline pmc` failed")?;
    let loads: Vec<f64> = out
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1)?.parse().ok())
        .filter(|&l: &f64| l > 0.0)
        .collect();
    Ok((loads.len(), loads.iter().sum()))
}

/// `some avg60` of `/proc/pressure/cpu` (Linux PSI): how much of the last minute
/// runnable tasks waited for a CPU.
fn cpu_pressure() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/pressure/cpu").ok()?;
    text.lines()
        .find(|l| l.starts_with("some"))?
        .split_whitespace()
        .find_map(|kv| kv.strip_prefix("avg60="))?
        .parse()
        .ok()
}
