//! `make-history --count N --out DIR [--mb M] [--days D] [--seed S]`: writes a
//! synthetic training history of N activity FIT files, about M MB in all: the
//! corpus's recordings moved in time, one a day over D days ending 2025-12-31.
//! `DIR/.complete` (hidden, so importers pass it over) marks it whole. Used by
//! `cargo xtask bench history`.

use std::path::PathBuf;
use std::process::ExitCode;

use paceline_testsupport::history::{corpus_recordings, plan, write_history};

/// 2026-01-01: a fixed end keeps the cached history the same from run to run.
const END_DAY: i64 = 20_454;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("make-history: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let (mut count, mut days, mut seed, mut mb, mut out) =
        (3000usize, 3650i64, 1u64, 1000u64, None);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--count" => {
                count = value("--count")?
                    .parse()
                    .map_err(|e| format!("--count: {e}"))?
            }
            "--days" => {
                days = value("--days")?
                    .parse()
                    .map_err(|e| format!("--days: {e}"))?
            }
            "--mb" => mb = value("--mb")?.parse().map_err(|e| format!("--mb: {e}"))?,
            "--seed" => {
                seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let out = out.ok_or("--out DIR is required")?;
    if count as i64 > days {
        return Err(format!(
            "{count} activities do not fit in {days} days at one a day"
        ));
    }
    let recordings = corpus_recordings().ok_or("the corpus is needed")?;
    if recordings.is_empty() {
        return Err("no activity recordings in the corpus".into());
    }
    eprintln!(
        "{} corpus recordings ({:.1} MB), {count} activities over {days} days",
        recordings.len(),
        recordings.iter().map(|r| r.bytes.len()).sum::<usize>() as f64 / 1e6
    );
    let marker = out.join(".complete");
    // A partial folder from an interrupted run is rewritten from scratch.
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    let plan = plan(
        &recordings,
        count,
        Some(mb * 1_000_000),
        END_DAY,
        days,
        seed,
    );
    let bytes = write_history(&recordings, &plan, &out).map_err(|e| e.to_string())?;
    std::fs::write(&marker, format!("files={count}\nbytes={bytes}\n"))
        .map_err(|e| format!("{}: {e}", marker.display()))?;
    println!(
        "{count} files, {:.1} MB in {}",
        bytes as f64 / 1e6,
        out.display()
    );
    Ok(())
}
