//! The reference decoders outside Rust, installed idempotently under
//! `~/.cache/paceline` (never in the repository):
//!
//! - python `fitdecode` in a venv: the import oracle test
//!   (`crates/import/tests/oracle.rs`) and the side-by-side bench;
//! - Garmin's JavaScript FIT SDK (`@garmin/fitsdk`) in a node prefix: the bench only.
//!
//! Versions are pinned so the oracle's verdicts and the bench's figures are repeatable.

use std::path::PathBuf;
use std::process::Command;

use crate::sh::{self, output, run, Result};

pub const FITDECODE_VERSION: &str = "0.11.0";
pub const FITSDK_VERSION: &str = "21.217.0";

/// `~/.cache/paceline`; the oracle test looks for the venv at the same place.
pub fn cache_dir() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
        .join(".cache/paceline")
}

pub fn venv_python() -> PathBuf {
    cache_dir().join("venv/bin/python")
}

/// The node prefix holding `node_modules/@garmin/fitsdk`.
pub fn node_prefix() -> PathBuf {
    cache_dir().join("node")
}

fn has_fitdecode() -> bool {
    let check = format!("import fitdecode; assert fitdecode.__version__ == '{FITDECODE_VERSION}'");
    output(Command::new(venv_python()).args(["-c", &check])).is_some()
}

/// The venv with fitdecode at the pinned version; a second call only checks.
pub fn ensure_venv() -> Result {
    if has_fitdecode() {
        return Ok(());
    }
    let venv = cache_dir().join("venv");
    if !venv_python().is_file() {
        let python =
            sh::which("python3").ok_or("python3 is missing (needed for the import oracle)")?;
        run(Command::new(python).args(["-m", "venv"]).arg(&venv)).map_err(|e| {
            format!("{e}; on Debian/Ubuntu the python3-venv package provides the venv module")
        })?;
    }
    run(Command::new(venv_python()).args([
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
        &format!("fitdecode=={FITDECODE_VERSION}"),
    ]))?;
    if has_fitdecode() {
        Ok(())
    } else {
        Err(format!(
            "fitdecode {FITDECODE_VERSION} is still not importable from {}",
            venv_python().display()
        ))
    }
}

/// The version of npm package `name` installed under [`node_prefix`].
fn npm_version(name: &str) -> Option<String> {
    let pkg = node_prefix()
        .join("node_modules")
        .join(name)
        .join("package.json");
    let text = std::fs::read_to_string(pkg).ok()?;
    // `"version": "21.217.0",`: enough to read without a JSON parser.
    let at = text.find("\"version\"")?;
    let rest = &text[at + "\"version\"".len()..];
    let start = rest.find('"')? + 1;
    let end = start + rest[start..].find('"')?;
    Some(rest[start..end].to_string())
}

/// npm package `name` at `version` under [`node_prefix`] (from the npm registry on
/// first use); a second call only checks. Returns the package's folder.
pub fn ensure_npm(name: &str, version: &str) -> Result<PathBuf> {
    let dir = node_prefix().join("node_modules").join(name);
    if npm_version(name).as_deref() == Some(version) {
        return Ok(dir);
    }
    let npm = sh::which("npm").ok_or(format!("npm is missing (node 18 or later runs {name})"))?;
    let prefix = node_prefix();
    std::fs::create_dir_all(&prefix).map_err(|e| format!("{}: {e}", prefix.display()))?;
    run(Command::new(npm)
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
        ])
        .arg(&prefix)
        .arg(format!("{name}@{version}")))?;
    match npm_version(name) {
        Some(v) if v == version => Ok(dir),
        other => Err(format!(
            "{name}: found {other:?} after npm install, wanted {version}"
        )),
    }
}

/// `@garmin/fitsdk` at the pinned version under [`node_prefix`].
pub fn ensure_fitsdk() -> Result {
    ensure_npm("@garmin/fitsdk", FITSDK_VERSION).map(drop)
}
