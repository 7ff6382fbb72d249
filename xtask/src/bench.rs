//! `cargo xtask bench <what>`: benchmarks anyone can rerun; figures print to stdout.

use crate::sh::{self, run as sh_run, Result};

pub fn run(args: &[String]) -> Result {
    match args.first().map(String::as_str) {
        Some("load") => sh_run(sh::cargo().args(["bench", "-p", "paceline-load"])),
        Some("import") => {
            let corpus = sh::root().join("../shared/corpus/fit");
            if !corpus.is_dir() {
                return Err(format!("the corpus is absent ({})", corpus.display()));
            }
            sh_run(
                sh::cargo()
                    .args([
                        "run",
                        "--release",
                        "-p",
                        "paceline-fit",
                        "--example",
                        "fitbench",
                        "--",
                    ])
                    .arg(&corpus),
            )
        }
        _ => Err("usage: cargo xtask bench <import|load>".into()),
    }
}
