//! `cargo xtask run`: build everything and open the app.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::sh::{self, run as sh_run, Result};

pub fn run(args: &[String]) -> Result {
    let empty = args.iter().any(|a| a == "--empty");
    let screenshot = args.iter().position(|a| a == "--screenshot").map(|i| {
        args.get(i + 1)
            .map(PathBuf::from)
            .unwrap_or_else(|| sh::target_dir().join("screenshot.png"))
    });
    let env = crate::setup::all()?;
    crate::ui::build(&env)?;
    sh_run(sh::cargo().args(["build", "-p", "paceline-desktop"]))?;
    let bin = sh::target_dir().join("debug/paceline-desktop");

    let dev = sh::target_dir().join("paceline-dev");
    let data = if empty {
        dev.join(format!("empty-{}", unix_now()))
    } else {
        dev.join("demo")
    };
    let mut app = Command::new(&bin);
    app.arg("--data-dir").arg(&data);
    if !empty {
        app.arg("--demo");
    }
    if std::env::var_os("PACELINE_PASSPHRASE").is_none()
        && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none()
    {
        // No session bus means no Secret Service: use a dev passphrase, never plaintext.
        eprintln!(
            "note: no OS keyring session here; the dev vault uses PACELINE_PASSPHRASE=paceline-dev"
        );
        app.env("PACELINE_PASSPHRASE", "paceline-dev");
    }
    eprintln!("data folder: {}", data.display());

    let headless = screenshot.is_some()
        || std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none();
    let _xvfb = if headless { Some(Xvfb::start()?) } else { None };
    if let Some(x) = &_xvfb {
        app.env("DISPLAY", &x.display);
        eprintln!("no display: running under Xvfb {}", x.display);
    }
    eprintln!("$ {}", sh::show(&app));
    let mut child = app
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    match screenshot {
        Some(path) => {
            // Give the window time to paint and the demo import time to land.
            std::thread::sleep(Duration::from_secs(20));
            let display = _xvfb
                .as_ref()
                .map(|x| x.display.clone())
                .unwrap_or_default();
            let shot = take_screenshot(&display, &path);
            let _ = child.kill();
            let _ = child.wait();
            shot?;
            eprintln!("screenshot saved to {}", path.display());
            Ok(())
        }
        None => {
            let status = child.wait().map_err(|e| e.to_string())?;
            if status.success() {
                Ok(())
            } else {
                Err(format!("the app exited with {status}"))
            }
        }
    }
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

pub fn take_screenshot(display: &str, path: &Path) -> Result {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    sh_run(
        Command::new("import")
            .args(["-window", "root"])
            .arg(path)
            .env("DISPLAY", display),
    )
}

/// A private X server for headless runs; stopped on drop.
pub struct Xvfb {
    pub display: String,
    child: Child,
}

impl Xvfb {
    pub fn start() -> Result<Xvfb> {
        // First free display number from :90 up.
        let n = (90..200)
            .find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists())
            .ok_or("no free X display")?;
        let display = format!(":{n}");
        let child = Command::new("Xvfb")
            .args([
                display.as_str(),
                "-screen",
                "0",
                "1280x860x24",
                "-nolisten",
                "tcp",
            ])
            .spawn()
            .map_err(|e| format!("cannot start Xvfb (install xvfb): {e}"))?;
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        let t0 = Instant::now();
        while !socket.exists() {
            if t0.elapsed() > Duration::from_secs(10) {
                return Err("Xvfb did not start within 10 s".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(Xvfb { display, child })
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
