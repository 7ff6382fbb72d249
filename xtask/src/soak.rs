//! `cargo xtask soak [--points N] [--seed S]`: the long part of the proof suite
//! (`tests/proof`): the kill -9 harness at N random points (default 400) over bigger
//! imports, Garmin backfills, plan saves, backups and restores. `cargo xtask test`
//! runs the fast part (50 points) with the rest of the proofs.

use crate::sh::{self, Result};

pub fn run(args: &[String]) -> Result {
    let mut points: u64 = 400;
    let mut seed: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--points" => {
                points = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or("--points needs a positive number")?;
            }
            "--seed" => seed = Some(it.next().ok_or("--seed needs a value")?.clone()),
            other => {
                return Err(format!(
                    "soak: unknown option {other:?} (--points N, --seed S)"
                ))
            }
        }
    }
    let mut c = sh::cargo();
    c.args([
        "test",
        "-p",
        "paceline-proof",
        "--test",
        "crash",
        "--",
        "--nocapture",
    ])
    .env("PACELINE_PROOF_POINTS", points.to_string())
    .env("PACELINE_PROOF_SOAK", "1");
    if let Some(s) = seed {
        c.env("PACELINE_PROOF_SEED", s);
    }
    sh::run(&mut c)
}
