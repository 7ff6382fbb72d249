//! `cargo deny check` offline: licences, bans and sources from `deny.toml`, and
//! advisories from a local copy of the RustSec advisory database cut down to the
//! crates of our `Cargo.lock` (`cargo xtask advisories --from <checkout>` makes it).
//!
//! Where the copy lives: `PACELINE_ADVISORY_DB`, else `../shared/advisory-db` (beside
//! the corpus), else `tools/advisory-db` (vendored in the repository). cargo-deny only reads a database that is a
//! git repository (it asks git for the last commit's date), so each run copies the
//! folder into the target dir, commits it there dated as the snapshot, and points a
//! generated config's `db-path` at it. Without a copy the advisories are skipped
//! with a note, or fail with `PACELINE_ADVISORIES_REQUIRED=1`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::sh::{self, output, run, Result};

/// The version `setup` installs; the config's format follows cargo-deny's.
pub const CARGO_DENY_VERSION: &str = "0.20.2";
/// The folder name cargo-deny derives from the advisory-db URL in `deny.toml`.
const DB_DIR: &str = "advisory-db-3157b0e258782691";
/// Written by `advisories`: the snapshot's commit and date.
const STAMP: &str = "SNAPSHOT";

/// Installs cargo-deny once (idempotent: a matching version is kept).
pub fn ensure_installed() -> Result {
    let have = output(sh::cargo().args(["deny", "--version"]))
        .is_some_and(|v| v.trim() == format!("cargo-deny {CARGO_DENY_VERSION}"));
    if have {
        return Ok(());
    }
    run(sh::cargo().args([
        "install",
        "-q",
        "cargo-deny",
        "--version",
        CARGO_DENY_VERSION,
        "--locked",
    ]))
}

fn db_source() -> Option<PathBuf> {
    let root = sh::root();
    let candidates = [
        std::env::var_os("PACELINE_ADVISORY_DB").map(PathBuf::from),
        Some(root.join("../shared/advisory-db")),
        Some(root.join("tools/advisory-db")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| p.join("crates").is_dir())
}

fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(dir);
    c
}

/// The vendored folder as the git repository cargo-deny wants, under `into`.
fn stage_db(src: &Path, into: &Path) -> Result<PathBuf> {
    let dst = into.join(DB_DIR);
    if into.exists() {
        std::fs::remove_dir_all(into).map_err(|e| format!("{}: {e}", into.display()))?;
    }
    copy_dir(src, &dst)?;
    let stamp = std::fs::read_to_string(src.join(STAMP)).unwrap_or_default();
    let date = stamp
        .lines()
        .find_map(|l| l.strip_prefix("date "))
        .unwrap_or("2026-01-01T00:00:00Z")
        .to_string();
    run(git(&dst).args(["init", "-q"]))?;
    run(git(&dst).args(["add", "-A"]))?;
    run(git(&dst)
        .args([
            "-c",
            "user.name=xtask",
            "-c",
            "user.email=xtask@localhost",
            "commit",
            "-q",
            "-m",
            "advisory-db subset",
        ])
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date))?;
    Ok(dst)
}

/// `cargo deny check`, offline; the advisories against the local copy when there is one.
pub fn check() -> Result {
    ensure_installed()?;
    let root = sh::root();
    let Some(src) = db_source() else {
        let msg = "no advisory database copy (PACELINE_ADVISORY_DB, ../shared/advisory-db \
                   or tools/advisory-db; see `cargo xtask advisories`)";
        if std::env::var_os("PACELINE_ADVISORIES_REQUIRED").is_some_and(|v| v == "1") {
            return Err(msg.into());
        }
        eprintln!("note: advisories skipped: {msg}");
        return run(sh::cargo().args([
            "deny",
            "--offline",
            "check",
            "licenses",
            "bans",
            "sources",
        ]));
    };
    let work = sh::target_dir().join("deny");
    let t = std::time::Instant::now();
    let db_root = work.join("advisory-dbs");
    stage_db(&src, &db_root)?;
    eprintln!(
        "advisory db {} staged as a git repository in {:.2} s",
        src.display(),
        t.elapsed().as_secs_f64()
    );
    let config =
        std::fs::read_to_string(root.join("deny.toml")).map_err(|e| format!("deny.toml: {e}"))?;
    let db_line = format!("db-path = {:?}", db_root.display().to_string());
    let config: String = config
        .lines()
        .map(|l| {
            if l.starts_with("db-path") {
                db_line.as_str()
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let config_path = work.join("deny.toml");
    std::fs::write(&config_path, config).map_err(|e| format!("{}: {e}", config_path.display()))?;
    // `--offline`: no fetch of the database or the index.
    run(sh::cargo()
        .args(["deny", "--offline", "--config"])
        .arg(&config_path)
        .arg("check"))
}

fn copy_dir(src: &Path, dst: &Path) -> Result {
    std::fs::create_dir_all(dst).map_err(|e| format!("{}: {e}", dst.display()))?;
    let entries = std::fs::read_dir(src).map_err(|e| format!("{}: {e}", src.display()))?;
    for e in entries {
        let e = e.map_err(|e| e.to_string())?;
        let (from, to) = (e.path(), dst.join(e.file_name()));
        if e.file_name() == ".git" {
            continue;
        }
        if from.is_dir() {
            copy_dir(&from, &to)?;
        } else {
            std::fs::copy(&from, &to).map_err(|e| format!("{}: {e}", from.display()))?;
        }
    }
    Ok(())
}

/// The crate names of `Cargo.lock`.
fn locked_crates(root: &Path) -> Result<Vec<String>> {
    let lock =
        std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut names: Vec<String> = lock
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .map(|n| n.trim_end_matches('"').to_string())
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}

/// `cargo xtask advisories --from <advisory-db checkout> [--to <dir>]`: copies the
/// advisories of the crates in `Cargo.lock` (and nothing else) into `--to` (default:
/// `tools/advisory-db`, the copy vendored in the repository), with a `SNAPSHOT` stamp
/// of the checkout's commit and date.
pub fn refresh(args: &[String]) -> Result {
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .map(PathBuf::from)
    };
    let from = value("--from")
        .ok_or("usage: cargo xtask advisories --from <advisory-db checkout> [--to <dir>]")?;
    let root = sh::root();
    let to = value("--to").unwrap_or_else(|| root.join("tools/advisory-db"));
    if !from.join("crates").is_dir() {
        return Err(format!(
            "{} has no crates/ folder: not an advisory-db checkout",
            from.display()
        ));
    }
    let stamp = output(git(&from).args(["log", "-1", "--format=commit %H%ndate %cI"]))
        .unwrap_or_else(|| "commit unknown\ndate 2026-01-01T00:00:00Z\n".into());
    if to.exists() {
        std::fs::remove_dir_all(&to).map_err(|e| format!("{}: {e}", to.display()))?;
    }
    let mut copied = Vec::new();
    for name in locked_crates(&root)? {
        let dir = from.join("crates").join(&name);
        if dir.is_dir() {
            copy_dir(&dir, &to.join("crates").join(&name))?;
            copied.push(name);
        }
    }
    std::fs::create_dir_all(&to).map_err(|e| format!("{}: {e}", to.display()))?;
    std::fs::write(to.join(STAMP), stamp).map_err(|e| format!("{STAMP}: {e}"))?;
    eprintln!(
        "{} crates of Cargo.lock have advisories; copied into {}",
        copied.len(),
        to.display()
    );
    Ok(())
}
