//! `cargo xtask bench dashboard [--iterations N] [--fresh]`: what opening the
//! dashboard costs over a long history. The `dashboard_bench` example of
//! paceline-app (release) times `App::dashboard()` plus the 90-day PMC chart,
//! call to reply, the first call after opening the vault and warm ones, against
//! the 50 ms target. Its vault (3,000 demo activities with thresholds and daily
//! wellness, built through the normal import on first use) is kept in the target
//! folder so reruns take seconds; `--fresh` builds it again (e.g. after a schema
//! or importer change).

use crate::sh::{self, run as sh_run, Result};

pub fn run(args: &[String]) -> Result {
    let mut iterations = "30".to_string();
    let mut fresh = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--iterations" => {
                iterations = it
                    .next()
                    .filter(|v| v.parse::<u32>().is_ok())
                    .ok_or("--iterations needs a number")?
                    .clone()
            }
            "--fresh" => fresh = true,
            other => {
                return Err(format!(
                    "unknown option {other:?}\nusage: cargo xtask bench dashboard [--iterations N] [--fresh]"
                ))
            }
        }
    }
    let vault = sh::target_dir().join("dashboard-bench-vault");
    if fresh {
        let _ = std::fs::remove_dir_all(&vault);
    }
    sh_run(
        sh::cargo()
            .args(["run", "--release", "-q", "-p", "paceline-app"])
            .args(["--example", "dashboard_bench", "--"])
            .arg(&vault)
            .args(["--iterations", &iterations]),
    )
}
