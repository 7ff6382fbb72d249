//! Installs what the build needs, idempotently: a second run only checks.
//!
//! - Debian/Ubuntu packages (Tauri's GTK/WebKit stack, Xvfb, WebKitWebDriver, a
//!   keyring daemon for tests); with sudo when not root, after asking on a terminal;
//! - the wasm32 std: rustup's target where rustup can download it, otherwise built
//!   once from Debian's rustc-web (`setup-wasm-debian.sh`);
//! - wasm-bindgen-cli at exactly the version in `ui/Cargo.lock`, tauri-driver and
//!   cargo-deny (pinned in `deny.rs`);
//! - python `fitdecode` in `~/.cache/paceline/venv`, the import oracle's reference.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::Command;

use crate::sh::{self, output, run, Result};

const APT_PACKAGES: &[&str] = &[
    // Tauri 2 on Linux
    "build-essential",
    "pkg-config",
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libsoup-3.0-dev",
    "libjavascriptcoregtk-4.1-dev",
    "libssl-dev",
    "libxdo-dev",
    "libdbus-1-dev",
    // the shell's one EGL call before WebKit's (src-tauri/src/render.rs)
    "libegl-dev",
    // headless app, end-to-end test, screenshots
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "imagemagick",
    "fonts-dejavu-core",
    // keyring backends for the tests: Secret Service in a private D-Bus, kernel keyutils
    "dbus",
    "gnome-keyring",
    "keyutils",
    // peak memory of `bench history` (GNU time -v)
    "time",
    // the import oracle's reference decoder runs in a Python venv
    "python3-venv",
];
/// Only needed where rustup cannot fetch the wasm32 target.
const APT_WASM: &[&str] = &["rustc-web", "cargo-web", "rust-web-src"];
const DEBIAN_WASM_TOOLCHAIN: &str = "/opt/rust-debian-web";
const TAURI_DRIVER_VERSION: &str = "2.1.0";

/// What later steps need to know about the installed toolchain.
pub struct Env {
    /// `RUSTUP_TOOLCHAIN` for wasm builds, when it is not the default toolchain.
    pub wasm_toolchain: Option<String>,
    pub tools_bin: PathBuf,
}

fn tools_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
        .join("bin")
}

pub fn all() -> Result<Env> {
    if cfg!(target_os = "linux") && sh::have("dpkg-query") {
        apt(APT_PACKAGES)?;
    } else if cfg!(target_os = "linux") {
        eprintln!("note: not a Debian/Ubuntu system; install Tauri's prerequisites by hand (https://tauri.app/start/prerequisites/)");
    }
    let wasm_toolchain = wasm_target()?;
    let env = Env {
        wasm_toolchain,
        tools_bin: tools_bin(),
    };
    wasm_bindgen(&env)?;
    if cfg!(target_os = "linux") {
        tauri_driver(&env)?;
    }
    crate::oracle::ensure_venv()?;
    crate::deny::ensure_installed()?;
    Ok(env)
}

fn installed(pkg: &str) -> bool {
    output(Command::new("dpkg-query").args(["-W", "-f=${Status}", pkg]))
        .is_some_and(|s| s.contains("install ok installed"))
}

pub fn apt(pkgs: &[&str]) -> Result {
    let missing: Vec<&str> = pkgs.iter().copied().filter(|p| !installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("installing system packages: {}", missing.join(" "));
    let sudo: &[&str] = if sh::is_root() {
        &[]
    } else if std::io::stdin().is_terminal() {
        eprint!("These need root; run apt-get with sudo? [Y/n] ");
        let mut answer = String::new();
        std::io::stdin()
            .read_line(&mut answer)
            .map_err(|e| e.to_string())?;
        if answer.trim().eq_ignore_ascii_case("n") {
            return Err(format!(
                "please install: sudo apt-get install {}",
                missing.join(" ")
            ));
        }
        &["sudo"]
    } else {
        // No terminal to ask on (CI): only passwordless sudo can work.
        &["sudo", "-n"]
    };
    let apt_get = |args: &[&str]| {
        let mut c = Command::new(if sudo.is_empty() { "apt-get" } else { sudo[0] });
        c.args(&sudo[sudo.len().min(1)..]);
        if !sudo.is_empty() {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    let install = |c: &mut Command| {
        run(c
            .args(["install", "-y", "-q", "--no-install-recommends"])
            .args(&missing))
    };
    if install(&mut apt_get(&[])).is_err() {
        // A fresh machine has no package lists yet.
        run(&mut apt_get(&["update", "-q"]))?;
        install(&mut apt_get(&[]))?;
    }
    Ok(())
}

fn has_wasm_std(toolchain: Option<&str>) -> bool {
    let mut c = Command::new("rustc");
    c.args([
        "--print",
        "target-libdir",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    if let Some(tc) = toolchain {
        c.env("RUSTUP_TOOLCHAIN", tc);
    } else {
        c.env_remove("RUSTUP_TOOLCHAIN");
    }
    output(&mut c)
        .map(|dir| PathBuf::from(dir.trim()))
        .and_then(|d| std::fs::read_dir(d).ok())
        .is_some_and(|mut entries| {
            entries.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with("libstd-")))
        })
}

fn wasm_target() -> Result<Option<String>> {
    if has_wasm_std(None) {
        return Ok(None);
    }
    // rustup, where it can reach its servers (a normal user's machine).
    if sh::have("rustup") {
        let mut c = Command::new("timeout");
        c.args(["300", "rustup", "target", "add", "wasm32-unknown-unknown"]);
        if run(&mut c).is_ok() && has_wasm_std(None) {
            return Ok(None);
        }
        eprintln!("rustup could not add wasm32-unknown-unknown; building it from Debian's rustc-web instead");
    }
    if !sh::have("dpkg-query") {
        return Err(
            "no wasm32-unknown-unknown std: run `rustup target add wasm32-unknown-unknown`".into(),
        );
    }
    apt(APT_WASM)?;
    let llvm = output(Command::new("/usr/bin/rustc").arg("-vV"))
        .and_then(|v| {
            v.lines().find_map(|l| {
                l.strip_prefix("LLVM version: ")
                    .map(|x| x.split('.').next().unwrap_or("").to_string())
            })
        })
        .ok_or("cannot read Debian rustc's LLVM version")?;
    apt(&[&format!("lld-{llvm}")])?;
    run(Command::new("bash")
        .arg(sh::root().join("xtask/setup-wasm-debian.sh"))
        .env("DEB_TC", DEBIAN_WASM_TOOLCHAIN))?;
    if !has_wasm_std(Some(DEBIAN_WASM_TOOLCHAIN)) {
        return Err("the Debian wasm32 std build finished but rustc still cannot find it".into());
    }
    Ok(Some(DEBIAN_WASM_TOOLCHAIN.into()))
}

/// The `wasm-bindgen` version pinned in `ui/Cargo.lock`.
pub fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(sh::root().join("ui/Cargo.lock"))
        .map_err(|e| format!("ui/Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|v| v.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("ui/Cargo.lock has no wasm-bindgen".into())
}

fn wasm_bindgen(env: &Env) -> Result {
    let want = locked_wasm_bindgen()?;
    let bin = env.tools_bin.join("wasm-bindgen");
    if output(Command::new(&bin).arg("--version"))
        .is_some_and(|v| v.trim() == format!("wasm-bindgen {want}"))
    {
        return Ok(());
    }
    let install = |locked: bool| {
        let mut c = sh::cargo();
        c.args(["install", "-q", "wasm-bindgen-cli", "--version", &want]);
        if locked {
            c.arg("--locked");
        }
        run(&mut c)
    };
    // --locked can fail when the registry lacks one of the lock's exact versions.
    install(true).or_else(|_| install(false))
}

fn tauri_driver(env: &Env) -> Result {
    if env.tools_bin.join("tauri-driver").is_file() {
        return Ok(());
    }
    run(sh::cargo().args([
        "install",
        "-q",
        "tauri-driver",
        "--version",
        TAURI_DRIVER_VERSION,
        "--locked",
    ]))
}
