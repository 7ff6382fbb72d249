//! Builds the Leptos UI: cargo for wasm32, then wasm-bindgen, then the static files.
//! No trunk: installing it costs ten minutes and it adds nothing we need here.

use std::path::Path;

use crate::setup::Env;
use crate::sh::{self, run, Result};

/// Cargo for the UI's wasm32 build, with the toolchain set-up chose, in the UI's own
/// target dir (the wasm build may use another compiler than the host build).
fn wasm_cargo(env: &Env, subcommand: &str, profile: Profile) -> std::process::Command {
    // With a separate wasm toolchain, go through rustup's `cargo` proxy (it honours
    // RUSTUP_TOOLCHAIN); otherwise the cargo that runs us.
    let mut c = match &env.wasm_toolchain {
        Some(tc) => {
            let mut c = std::process::Command::new("cargo");
            c.env("RUSTUP_TOOLCHAIN", tc).env_remove("CARGO");
            c
        }
        None => sh::cargo(),
    };
    c.args([
        subcommand,
        // Release, like the build: clippy then reuses its proc-macros and build scripts.
        "--profile",
        profile.name(),
        "--target",
        "wasm32-unknown-unknown",
        "--manifest-path",
    ])
    .arg(sh::root().join("ui/Cargo.toml"))
    .arg("--target-dir")
    .arg(wasm_target_dir())
    .env_remove("RUSTC")
    .env_remove("RUSTC_WRAPPER")
    .env_remove("RUSTFLAGS");
    c
}

fn wasm_target_dir() -> std::path::PathBuf {
    sh::target_dir().join("wasm")
}

/// `cargo clippy -D warnings` over the UI, for wasm32 as it ships.
pub fn clippy(env: &Env) -> Result {
    let mut c = wasm_cargo(env, "clippy", Profile::Release);
    c.args(["--", "-D", "warnings"]);
    run(&mut c)
}

/// The UI's unit tests on the host: only its pure modules (`format`, `training`)
/// build there, so this needs neither a browser nor Leptos.
pub fn unit_tests() -> Result {
    run(sh::cargo()
        .args(["test", "--manifest-path"])
        .arg(sh::root().join("ui/Cargo.toml"))
        .arg("--target-dir")
        .arg(sh::target_dir().join("ui-host")))
}

/// Which of the UI's cargo profiles (ui/Cargo.toml) to build.
#[derive(Clone, Copy)]
pub enum Profile {
    /// What the tests and `cargo xtask run` use: a cold build in a few minutes.
    Release,
    /// What ships: whole-program optimized, a quarter smaller and slower to build.
    Ship,
}

impl Profile {
    fn name(self) -> &'static str {
        match self {
            Profile::Release => "release",
            Profile::Ship => "ship",
        }
    }
}

pub fn build(env: &Env) -> Result {
    build_profile(env, Profile::Release)
}

/// The UI in `profile`, bound for the shell in `ui/dist`.
pub fn build_profile(env: &Env, profile: Profile) -> Result {
    let root = sh::root();
    let target = wasm_target_dir();
    let mut c = wasm_cargo(env, "build", profile);
    run(&mut c)?;
    let dist = root.join("ui/dist");
    let _ = std::fs::remove_dir_all(&dist);
    run(
        std::process::Command::new(env.tools_bin.join("wasm-bindgen"))
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                "paceline_ui",
                "--out-dir",
            ])
            .arg(&dist)
            .arg(
                target
                    .join("wasm32-unknown-unknown")
                    .join(profile.name())
                    .join("paceline_ui.wasm"),
            ),
    )?;
    std::fs::copy(root.join("ui/index.html"), dist.join("index.html"))
        .map_err(|e| format!("index.html: {e}"))?;
    copy_dir(&root.join("ui/style"), &dist.join("style"))?;
    if root.join("ui/assets").is_dir() {
        copy_dir(&root.join("ui/assets"), &dist.join("assets"))?;
    }
    eprintln!("ui built into {}", dist.display());
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let dest = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &dest)?;
        } else {
            std::fs::copy(entry.path(), &dest).map_err(|e| format!("{}: {e}", dest.display()))?;
        }
    }
    Ok(())
}
