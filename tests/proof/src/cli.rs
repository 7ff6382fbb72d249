//! Running the real `paceline` binary in a sandbox: its data folder, temp folder,
//! home and caches all inside one temporary directory, so a scan of that directory
//! sees every file the app wrote.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The vault passphrase of every sandbox (Argon2id: the key is never in a file).
pub const PASS: &str = "proof-vault-passphrase";

/// The `paceline` binary: `$PACELINE_BIN`, else built once with cargo into the
/// target dir this test runs from (a test can't name another package's binary
/// with `CARGO_BIN_EXE_*`).
pub fn bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("PACELINE_BIN") {
            return PathBuf::from(p);
        }
        let exe = std::env::current_exe().expect("the test binary has a path");
        // <target>/<profile>/deps/<test>
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("a test binary lives in <target>/<profile>/deps")
            .to_path_buf();
        let target = profile_dir.parent().expect("a target dir").to_path_buf();
        // At run time: a shared target dir can hold a binary built in another checkout.
        let root = std::env::var_os("CARGO_MANIFEST_DIR")
            .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
            .join("../..");
        let bin = profile_dir.join("paceline");
        // Fresh from a workspace build: use it. (A `cargo build -p paceline-cli` from
        // here would resolve other features than this test's build and make the two
        // rebuild each other's dependencies every time.)
        if newer_than_sources(&bin, &root) {
            return bin;
        }
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut c = Command::new(cargo);
        c.current_dir(&root)
            .args([
                "build",
                "--quiet",
                "-p",
                "paceline-cli",
                "--bin",
                "paceline",
            ])
            .env("CARGO_TARGET_DIR", &target);
        if profile_dir.file_name().is_some_and(|n| n == "release") {
            c.arg("--release");
        }
        let status = c.status().expect("cargo runs");
        assert!(status.success(), "building paceline failed");
        bin
    })
}

/// Whether `bin` is newer than every source and manifest of the crates it is built
/// from (`crates/`, `prompts/`, `Cargo.lock`).
fn newer_than_sources(bin: &Path, root: &Path) -> bool {
    let Ok(built) = std::fs::metadata(bin).and_then(|m| m.modified()) else {
        return false;
    };
    let mut todo = vec![
        root.join("crates"),
        root.join("prompts"),
        root.join("Cargo.lock"),
    ];
    while let Some(p) = todo.pop() {
        let Ok(meta) = std::fs::metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(rd) = std::fs::read_dir(&p) {
                todo.extend(rd.flatten().map(|e| e.path()));
            }
        } else if meta.modified().is_ok_and(|m| m > built) {
            return false;
        }
    }
    true
}

/// A temporary world for the app: `data/` (the vault), `tmp/` (TMPDIR), `home/`
/// (HOME and the XDG folders).
pub struct Sandbox {
    pub root: tempfile::TempDir,
    pub data: PathBuf,
    env: Vec<(String, OsString)>,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Self::in_dir(std::env::temp_dir())
    }

    /// A sandbox under `parent` (e.g. a small tmpfs).
    pub fn in_dir(parent: impl AsRef<Path>) -> Sandbox {
        let root = tempfile::Builder::new()
            .prefix("proof-")
            .tempdir_in(parent)
            .expect("a temp dir");
        let data = root.path().join("data");
        for d in ["tmp", "home/.cache", "home/.config", "home/.local/share"] {
            std::fs::create_dir_all(root.path().join(d)).expect("sandbox folders");
        }
        let home = root.path().join("home");
        let env = vec![
            ("PACELINE_PASSPHRASE".into(), PASS.into()),
            ("TMPDIR".into(), root.path().join("tmp").into()),
            ("HOME".into(), home.clone().into()),
            ("XDG_CACHE_HOME".into(), home.join(".cache").into()),
            ("XDG_CONFIG_HOME".into(), home.join(".config").into()),
        ];
        Sandbox { root, data, env }
    }

    pub fn path(&self) -> &Path {
        self.root.path()
    }

    /// An environment variable for every later command.
    pub fn set(&mut self, key: &str, value: impl Into<OsString>) -> &mut Self {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.into(), value.into()));
        self
    }

    pub fn unset(&mut self, key: &str) -> &mut Self {
        self.env.retain(|(k, _)| k != key);
        self
    }

    /// `paceline ARGS` on this sandbox's data folder (not yet run).
    pub fn cmd(&self, args: &[&str]) -> Command {
        self.cmd_on(&self.data, args)
    }

    /// `paceline ARGS` on another data folder, with this sandbox's environment.
    pub fn cmd_on(&self, data: &Path, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.args(args);
        for k in [
            "RUST_LOG",
            "PACELINE_ATHLETE",
            "PACELINE_KEYRING",
            "PACELINE_BACKUP_PASSPHRASE",
            "PACELINE_GARMIN_URL",
            "PACELINE_WHATSAPP_URL",
        ] {
            c.env_remove(k);
        }
        c.env("PACELINE_DATA_DIR", data);
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        let t = std::time::Instant::now();
        let out = self.cmd(args).output().expect("paceline runs");
        if t.elapsed() > std::time::Duration::from_secs(3) {
            eprintln!(
                "slow: `paceline {}` took {:.1?}",
                args.join(" "),
                t.elapsed()
            );
        }
        out
    }

    /// Runs and asserts success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        ok(&self.run(args), args)
    }
}

/// Stdout of a successful run, or a panic showing both streams.
pub fn ok(out: &Output, args: &[&str]) -> String {
    assert!(
        out.status.success(),
        "paceline {args:?} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
