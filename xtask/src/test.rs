//! `cargo xtask test`: the whole gate, as CI runs it.
//!
//! Formatting and clippy first (cheap, and the most common failure; the UI's clippy
//! for wasm32 and its host unit tests too), then every
//! test of the workspace inside a private D-Bus session with an unlocked
//! gnome-keyring (Secret Service) and a fresh kernel keyring, so the vault's
//! keyring path is tested for real, and with the WebDriver end-to-end test on.

use std::process::Command;
use std::time::Instant;

use crate::sh::{self, run as sh_run, Result};

pub fn run(args: &[String]) -> Result {
    let e2e = !args.iter().any(|a| a == "--no-e2e");
    let mut times: Vec<(&str, f64)> = Vec::new();
    let mut step = |name: &'static str, f: &mut dyn FnMut() -> Result| -> Result {
        let t = Instant::now();
        let r = f();
        times.push((name, t.elapsed().as_secs_f64()));
        r
    };
    let mut env = None;
    step("setup", &mut || crate::setup::all().map(|e| env = Some(e)))?;
    let env = env.expect("set by setup");
    step("ui build", &mut || crate::ui::build(&env))?;
    step("fmt", &mut || {
        sh_run(sh::cargo().args(["fmt", "--all", "--check"]))?;
        sh_run(sh::cargo().args(["fmt", "--check", "--manifest-path", "ui/Cargo.toml"]))
    })?;
    step("clippy", &mut || {
        sh_run(sh::cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    // Licences, bans, sources and advisories of the dependency tree, offline.
    step("deny", &mut || crate::deny::check())?;
    // The UI is outside the workspace: its own clippy (for wasm32) and its unit
    // tests (on the host, where they need no browser).
    step("ui clippy", &mut || crate::ui::clippy(&env))?;
    step("ui tests", &mut || crate::ui::unit_tests())?;
    step("desktop build", &mut || {
        sh_run(sh::cargo().args(["build", "-p", "paceline-desktop"]))
    })?;
    step("tests", &mut || {
        let bin = sh::target_dir().join("debug/paceline-desktop");
        let mut c = keyring_session(&[
            "cargo",
            "test",
            "--workspace",
            "--exclude",
            "paceline-proof",
            "--",
            "--test-threads=2",
        ]);
        c.env("PACELINE_TEST_SECRET_SERVICE", "1")
            .env("PACELINE_DESKTOP_BIN", &bin)
            .env("PACELINE_ORACLE_REQUIRED", "1");
        if e2e {
            c.env("PACELINE_E2E_REQUIRED", "1");
        } else {
            c.env("PACELINE_E2E", "skip");
        }
        sh_run(&mut c)
    })?;
    // The fast part of the proof suite (leak scan, 50 kill -9 points, full disk,
    // read-only folder), one test at a time so the kill timings hold, its figures
    // shown; `cargo xtask soak` is the long part.
    step("proof", &mut || {
        let mut c = keyring_session(&[
            "cargo",
            "test",
            "-p",
            "paceline-proof",
            "--",
            "--test-threads=1",
            "--nocapture",
        ]);
        // The CLI the "tests" step just built.
        c.env("PACELINE_TEST_SECRET_SERVICE", "1")
            .env("PACELINE_BIN", sh::target_dir().join("debug/paceline"));
        sh_run(&mut c)
    })?;
    eprintln!("\nstep times:");
    for (name, secs) in &times {
        eprintln!("  {name:<14} {secs:>7.1} s");
    }
    Ok(())
}

/// Wraps a command in `dbus-run-session` with an unlocked gnome-keyring and a
/// fresh kernel session keyring (`keyctl session -`).
fn keyring_session(cmd: &[&str]) -> Command {
    let have_all = ["dbus-run-session", "gnome-keyring-daemon", "keyctl"]
        .iter()
        .all(|p| sh::have(p));
    if !have_all {
        eprintln!("note: no dbus-run-session/gnome-keyring/keyctl; keyring tests will skip their Secret Service half");
        let mut c = Command::new(cmd[0]);
        c.args(&cmd[1..]);
        return c;
    }
    // A throwaway keyring folder: an existing login keyring with another password
    // would stay locked.
    let dir = sh::target_dir().join(format!("test-keyring-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let mut c = Command::new("dbus-run-session");
    c.args([
        "--",
        "sh",
        "-c",
        // The daemon reads the keyring password on stdin and stays in the background.
        "printf 'paceline-test' | XDG_DATA_HOME=\"$PACELINE_TEST_KEYRING_DIR\" gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec keyctl session - \"$@\"",
        "sh",
    ])
    .args(cmd)
    .env("PACELINE_TEST_KEYRING_DIR", &dir);
    c
}
