//! `cargo xtask bundle`: the installable app, made by Tauri's own bundler from the one
//! `tauri.conf.json`, so the same command makes the `.deb` on Linux, the `.dmg` on
//! macOS and the `.msi` on Windows.
//!
//! Steps: set-up, the UI (`cargo xtask ui`) shrunk by `wasm-opt` when binaryen is
//! there, tauri-cli 2 from crates.io on first use, then `cargo tauri build --bundles
//! <this system's package> -- --profile dist` (release without debug info). On Linux the `.deb` is then checked: its size, its
//! `Depends`, the binary, the desktop entry and the icons, and that the unpacked binary
//! finds every shared library it links.
//!
//! The config lives at the repository's top level (next to `icons/` and `ui/`), but
//! tauri-cli takes the folder holding `tauri.conf.json` as the app crate's folder. So
//! for the bundle's duration `src-tauri/tauri.conf.json` is a generated copy with its
//! file paths made relative to `src-tauri/`; the build itself (tauri-build, the
//! context macro) still reads the top-level file.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::sh::{self, output, run as sh_run, Result};

/// The cargo profile of what ships (the workspace's Cargo.toml: release without debug info).
pub const PROFILE: &str = "dist";
/// The `.deb` must stay small enough to download without thinking about it.
const MAX_DEB_BYTES: u64 = 25 * 1024 * 1024;
/// What the `.deb` must depend on (Tauri's WebKitGTK stack).
const REQUIRED_DEPENDS: &[&str] = &["libwebkit2gtk-4.1-0", "libgtk-3-0"];
/// Top-level folders the config's relative paths point into.
const CONFIG_DIRS: &[&str] = &["ui/", "icons/", "packaging/"];

pub fn run(args: &[String]) -> Result {
    // On by default: binaryen 132 (npm) halves the wasm (6.6 → 3.2 MB) and the UI
    // works; Debian's binaryen 108 left a UI that never mounted, so it is not used.
    let mut wasm_opt = true;
    for a in args {
        match a.as_str() {
            "--wasm-opt" => wasm_opt = true,
            "--no-wasm-opt" => wasm_opt = false,
            other => {
                return Err(format!(
                    "unknown option {other:?}; usage: cargo xtask bundle [--no-wasm-opt]"
                ))
            }
        }
    }
    let env = crate::setup::all()?;
    release_ui(&env, wasm_opt)?;
    ensure_tauri_cli()?;
    let kind = package_kind()?;
    {
        let _conf = CliConfig::write()?;
        sh_run(
            sh::cargo()
                .args([
                    "tauri",
                    "build",
                    "--bundles",
                    kind,
                    "--",
                    "--profile",
                    PROFILE,
                ])
                .current_dir(sh::root().join("src-tauri")),
        )?;
    }
    let dir = sh::target_dir().join(PROFILE).join("bundle").join(kind);
    if kind == "deb" {
        let deb = newest(&dir, ".deb")?;
        verify_deb(&deb)?;
    } else {
        eprintln!("bundle written to {}", dir.display());
    }
    Ok(())
}

/// The package this system makes (its native installer).
fn package_kind() -> Result<&'static str> {
    if cfg!(target_os = "linux") {
        Ok("deb")
    } else if cfg!(target_os = "macos") {
        Ok("dmg")
    } else if cfg!(target_os = "windows") {
        Ok("msi")
    } else {
        Err("bundles are made on Linux (.deb), macOS (.dmg) and Windows (.msi)".into())
    }
}

/// tauri-cli 2 from crates.io, once. It builds in a temporary target dir of its own
/// (not ours: its 400 crates are not the app's).
fn ensure_tauri_cli() -> Result {
    let version = output(sh::cargo().args(["tauri", "--version"]));
    if version
        .as_deref()
        .is_some_and(|v| v.contains("tauri-cli 2."))
    {
        return Ok(());
    }
    eprintln!("installing tauri-cli 2 (once; a few minutes)");
    sh_run(
        sh::cargo()
            .args(["install", "tauri-cli", "--version", "^2", "--locked"])
            .env_remove("CARGO_TARGET_DIR"),
    )
}

/// `src-tauri/tauri.conf.json` for tauri-cli, removed on drop.
struct CliConfig(PathBuf);

impl CliConfig {
    fn write() -> Result<CliConfig> {
        let root = sh::root();
        let text = std::fs::read_to_string(root.join("tauri.conf.json"))
            .map_err(|e| format!("tauri.conf.json: {e}"))?;
        let path = root.join("src-tauri/tauri.conf.json");
        std::fs::write(&path, rebase_paths(&text))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(CliConfig(path))
    }
}

impl Drop for CliConfig {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The config with every string that starts with one of [`CONFIG_DIRS`] (a path
/// relative to the repository's top level) made relative to `src-tauri/`.
fn rebase_paths(json: &str) -> String {
    let mut out = json.to_string();
    for dir in CONFIG_DIRS {
        out = out.replace(&format!("\"{dir}"), &format!("\"../{dir}"));
    }
    out
}

/// The UI as it ships: built whole-program (the `ship` profile), then shrunk by
/// binaryen; with `--no-wasm-opt`, the quick `release` build as it is.
pub fn release_ui(env: &crate::setup::Env, wasm_opt: bool) -> Result {
    if wasm_opt {
        crate::ui::build_profile(env, crate::ui::Profile::Ship)?;
        optimize_wasm()?;
    } else {
        crate::ui::build(env)?;
    }
    Ok(())
}

/// binaryen from npm (its `wasm-opt` runs on node), pinned: the version checked to
/// leave a working UI.
const BINARYEN_VERSION: &str = "132.0.0";

/// Shrinks the UI's wasm in place with binaryen's `wasm-opt -Oz` (about a minute).
fn optimize_wasm() -> Result {
    let binaryen = crate::oracle::ensure_npm("binaryen", BINARYEN_VERSION)?;
    let node = sh::which("node").ok_or("node is missing (binaryen's wasm-opt runs on it)")?;
    let wasm = sh::root().join("ui/dist/paceline_ui_bg.wasm");
    let before = file_len(&wasm)?;
    let tmp = wasm.with_extension("opt.wasm");
    // The features rustc enables for wasm32 today; wasm-opt must keep them.
    sh_run(
        Command::new(node)
            .arg(binaryen.join("bin/wasm-opt"))
            .arg("-Oz")
            .args([
                "--enable-bulk-memory",
                "--enable-sign-ext",
                "--enable-mutable-globals",
                "--enable-nontrapping-float-to-int",
                "--enable-reference-types",
                "--enable-multivalue",
            ])
            .arg(&wasm)
            .arg("-o")
            .arg(&tmp),
    )?;
    std::fs::rename(&tmp, &wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let after = file_len(&wasm)?;
    println!(
        "UI wasm: {} before wasm-opt, {} after ({:+.1} %)",
        mb(before),
        mb(after),
        (after as f64 / before as f64 - 1.0) * 100.0
    );
    Ok(())
}

fn file_len(p: &Path) -> Result<u64> {
    std::fs::metadata(p)
        .map(|m| m.len())
        .map_err(|e| format!("{}: {e}", p.display()))
}

fn mb(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / 1024.0 / 1024.0)
}

/// The most recently written file in `dir` ending with `suffix`.
fn newest(dir: &Path, suffix: &str) -> Result<PathBuf> {
    std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .ok_or_else(|| format!("no {suffix} in {}", dir.display()))
}

/// Checks the `.deb` as a user installs it; every problem is listed, not just the first.
fn verify_deb(deb: &Path) -> Result {
    let text = |c: &mut Command| output(c).ok_or_else(|| format!("`{}` failed", sh::show(c)));
    let info = text(Command::new("dpkg-deb").arg("-I").arg(deb))?;
    let files = text(Command::new("dpkg-deb").arg("-c").arg(deb))?;
    let depends = text(
        Command::new("dpkg-deb")
            .args(["-f"])
            .arg(deb)
            .arg("Depends"),
    )?;
    println!("{info}");
    let mut problems = Vec::new();
    for d in REQUIRED_DEPENDS {
        if !depends.split(',').any(|x| x.trim().starts_with(d)) {
            problems.push(format!("Depends lacks {d}"));
        }
    }
    // dpkg-deb lists `./usr/…` or `usr/…` depending on how the archive was made.
    let paths: Vec<String> = files
        .lines()
        .filter_map(|l| l.split_whitespace().last())
        .map(|p| format!("./{}", p.trim_start_matches("./")))
        .collect();
    let bin = paths
        .iter()
        .find(|p| p.starts_with("./usr/bin/") && p.len() > "./usr/bin/".len())
        .map(|p| p.trim_start_matches('.').to_string());
    let desktop_path = paths
        .iter()
        .find(|p| p.starts_with("./usr/share/applications/") && p.ends_with(".desktop"))
        .cloned();
    let desktop = desktop_path.as_deref();
    let icons = paths
        .iter()
        .filter(|p| p.starts_with("./usr/share/icons/hicolor/") && p.ends_with(".png"))
        .count();
    if bin.is_none() {
        problems.push("no binary in /usr/bin".into());
    }
    if desktop.is_none() {
        problems.push("no desktop entry in /usr/share/applications".into());
    }
    if icons == 0 {
        problems.push("no icons in /usr/share/icons/hicolor".into());
    }

    // Unpacked as installed: the desktop entry as a launcher reads it, the binary's libraries.
    let root = sh::target_dir().join("bundle-check");
    let _ = std::fs::remove_dir_all(&root);
    sh_run(Command::new("dpkg").arg("-x").arg(deb).arg(&root))?;
    if let Some(d) = desktop {
        let entry = std::fs::read_to_string(root.join(d.trim_start_matches("./")))
            .map_err(|e| format!("{d}: {e}"))?;
        println!("{d}:\n{entry}");
        for key in ["Name=", "Comment=", "Categories=", "Exec=", "Icon="] {
            if !entry
                .lines()
                .any(|l| l.starts_with(key) && l.len() > key.len())
            {
                problems.push(format!("the desktop entry has no {key}"));
            }
        }
        if sh::have("desktop-file-validate") {
            if let Some(msg) = output(
                Command::new("desktop-file-validate").arg(root.join(d.trim_start_matches("./"))),
            ) {
                if !msg.trim().is_empty() {
                    println!("desktop-file-validate: {msg}");
                }
            }
        }
    }
    if let Some(b) = &bin {
        let exe = root.join(b.trim_start_matches('/'));
        let libs = text(Command::new("ldd").arg(&exe))?;
        let missing: Vec<&str> = libs.lines().filter(|l| l.contains("not found")).collect();
        if !missing.is_empty() {
            problems.push(format!(
                "the binary misses libraries: {}",
                missing.join("; ")
            ));
        }
        println!("binary {b}: {}", mb(file_len(&exe)?));
    }
    let size = file_len(deb)?;
    println!(
        "\n{}: {} (limit {}), {icons} icons, Depends: {}",
        deb.display(),
        mb(size),
        mb(MAX_DEB_BYTES),
        depends.trim()
    );
    if size > MAX_DEB_BYTES {
        problems.push(format!(
            "the .deb is {}, over {}",
            mb(size),
            mb(MAX_DEB_BYTES)
        ));
    }
    let _ = std::fs::remove_dir_all(&root);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the .deb is not right:\n  {}",
            problems.join("\n  ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebases_only_top_level_paths() {
        let conf = r#"{"build": {"frontendDist": "ui/dist"}, "bundle": {"icon": ["icons/32x32.png"],
            "linux": {"deb": {"desktopTemplate": "packaging/linux/paceline.desktop"}}},
            "app": {"security": {"csp": "default-src 'self'"}}, "x": "build/ui/x"}"#;
        let got = rebase_paths(conf);
        assert!(got.contains(r#""frontendDist": "../ui/dist""#));
        assert!(got.contains(r#"["../icons/32x32.png"]"#));
        assert!(got.contains(r#""../packaging/linux/paceline.desktop""#));
        assert!(
            got.contains(r#""build/ui/x""#),
            "only paths that start with the folder"
        );
        assert!(got.contains("default-src 'self'"));
    }

    /// Every icon the config names exists and is what its name says; macOS (`.icns`),
    /// Windows (`.ico`, also the exe's icon) and Linux (PNG) each have theirs.
    #[test]
    fn the_config_names_an_icon_for_every_system() {
        let root = crate::sh::root();
        let conf = std::fs::read_to_string(root.join("tauri.conf.json")).unwrap();
        // xtask has no JSON parser: the one `"icon": [ … ]` list, read as text.
        let list = conf.split_once("\"icon\": [").expect("bundle.icon").1;
        let list = list.split_once(']').expect("the list ends").0;
        let icons: Vec<&str> = list
            .split(',')
            .map(|s| s.trim().trim_matches('"'))
            .filter(|s| !s.is_empty())
            .collect();
        for ext in ["png", "icns", "ico"] {
            assert!(icons.iter().any(|i| i.ends_with(ext)), "no .{ext} icon");
        }
        for icon in icons {
            let bytes = std::fs::read(root.join(icon)).unwrap_or_else(|e| panic!("{icon}: {e}"));
            let magic: &[u8] = match icon.rsplit('.').next() {
                Some("png") => b"\x89PNG",
                Some("icns") => b"icns",
                Some("ico") => &[0, 0, 1, 0],
                _ => panic!("{icon}: not an icon format"),
            };
            assert!(bytes.starts_with(magic), "{icon} is not what its name says");
        }
    }
}
