//! `paceline backup`, `paceline restore`: encrypted backups of the whole vault, their
//! schedule, and restoring one (also onto a new computer).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Subcommand;
use paceline_app::{App, AppError, BackupSchedule, Config, Schedule, SecretString};

/// Where a backup passphrase comes from when there is no terminal to ask on.
pub const PASSPHRASE_ENV: &str = "PACELINE_BACKUP_PASSPHRASE";

#[derive(Subcommand)]
pub enum BackupCmd {
    /// Back up on a schedule into a folder, keeping the newest N
    /// (e.g. `--folder ~/Backups --every 24h --keep 7`); the window runs it.
    Schedule {
        #[arg(long, required_unless_present = "off")]
        folder: Option<PathBuf>,
        /// An interval such as `24h` or `6h30m`.
        #[arg(long, conflicts_with = "at")]
        every: Option<String>,
        /// A daily local time and zone, e.g. `03:00 Europe/Berlin`.
        #[arg(long)]
        at: Option<String>,
        #[arg(long, default_value_t = 7)]
        keep: u32,
        /// Stop scheduled backups (and forget their passphrase).
        #[arg(long, conflicts_with_all = ["folder", "every", "at"])]
        off: bool,
    },
    /// The last backup and the schedule.
    Status,
}

/// The passphrase: `PACELINE_BACKUP_PASSPHRASE`, else asked on the terminal without
/// echo (twice when it seals a new backup).
pub fn passphrase(confirm: bool) -> paceline_app::Result<SecretString> {
    if let Some(p) = std::env::var(PASSPHRASE_ENV).ok().filter(|p| !p.is_empty()) {
        return Ok(p.into());
    }
    if !std::io::stdin().is_terminal() {
        return Err(AppError::InvalidInput(format!(
            "no terminal to ask for the backup passphrase on: set {PASSPHRASE_ENV}"
        )));
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map_err(|e| AppError::InvalidInput(format!("cannot read the passphrase: {e}")))
    };
    let first = ask("Backup passphrase: ")?;
    if confirm && ask("Again: ")? != first {
        return Err(AppError::InvalidInput("the passphrases differ".into()));
    }
    Ok(first.into())
}

/// `12.3 MB`.
fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 => format!("{:.1} GB", n as f64 / (1u64 << 30) as f64),
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.1} KB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}

fn progress_line(show: bool) -> impl FnMut(paceline_app::backup::Stage, u64, u64) {
    let mut last = u64::MAX;
    move |stage, done, total| {
        if !show || total == 0 {
            return;
        }
        let pct = done * 100 / total;
        if pct != last {
            last = pct;
            let what = match stage {
                paceline_app::backup::Stage::Copy => "copying",
                paceline_app::backup::Stage::Seal => "sealing",
            };
            eprint!("\r{what} {pct:3}%");
            if done == total {
                eprint!("\r");
            }
        }
    }
}

/// `paceline backup --out FILE`.
pub fn backup(app: &App, out: &Path) -> paceline_app::Result<ExitCode> {
    let pass = passphrase(true)?;
    let s = app.backup_to(
        out,
        &pass,
        &mut progress_line(std::io::stderr().is_terminal()),
    )?;
    println!(
        "Backed up {} athlete(s), {} activities: {} ({})",
        s.athletes,
        s.activities,
        s.path,
        bytes(s.bytes)
    );
    Ok(ExitCode::SUCCESS)
}

pub fn run(app: &Arc<App>, cmd: BackupCmd) -> paceline_app::Result<ExitCode> {
    match cmd {
        BackupCmd::Schedule { off: true, .. } => {
            app.set_backup_schedule(None, None)?;
            println!("Scheduled backups are off.");
        }
        BackupCmd::Schedule {
            folder,
            every,
            at,
            keep,
            ..
        } => {
            let when = match (every, at) {
                (Some(e), _) => format!("every {e}"),
                (None, Some(a)) => format!("daily {a}"),
                (None, None) => "every 24h".to_string(),
            };
            let schedule =
                Schedule::parse(&when).map_err(|e| AppError::InvalidInput(e.to_string()))?;
            let folder = folder.expect("clap requires --folder without --off");
            let pass = passphrase(true)?;
            let s = BackupSchedule {
                folder,
                schedule,
                keep,
            };
            app.set_backup_schedule(Some(&s), Some(&pass))?;
            println!(
                "Backups {} into {}, keeping the newest {keep} (run by the desktop app).",
                s.schedule,
                s.folder.display()
            );
        }
        BackupCmd::Status => {
            match app.last_backup()? {
                Some(b) => println!(
                    "Last backup: {} ({}), {}",
                    paceline_types::date::format_date_time(b.created_utc, 0),
                    bytes(b.bytes),
                    b.path
                ),
                None => println!("No backup yet."),
            }
            match app.backup_schedule()? {
                Some(s) => println!(
                    "Schedule: {} into {}, keeping {}",
                    s.schedule,
                    s.folder.display(),
                    s.keep
                ),
                None => println!("No schedule."),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `paceline restore FILE`: before the vault is opened (it is what gets replaced).
pub fn restore(cfg: &Config, file: &Path, yes: bool) -> paceline_app::Result<ExitCode> {
    let header = App::backup_header(file)?;
    let replacing = cfg.data_dir.join(paceline_app::VAULT_FILE).exists();
    println!(
        "Backup of {}: {} athlete(s), {} activities, schema {} ({} migrations).",
        paceline_types::date::format_date_time(header.created_utc, 0),
        header.athletes,
        header.activities,
        header.last_migration().unwrap_or("?"),
        header.migrations.len()
    );
    if replacing && !yes {
        if !std::io::stdin().is_terminal() {
            return Err(AppError::InvalidInput(format!(
                "{} already holds a vault: pass --yes to replace it with the backup",
                cfg.data_dir.display()
            )));
        }
        eprint!(
            "Replace the vault in {} with this backup? [y/N] ",
            cfg.data_dir.display()
        );
        let mut answer = String::new();
        std::io::stdin()
            .read_line(&mut answer)
            .map_err(|e| AppError::InvalidInput(e.to_string()))?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            println!("Nothing changed.");
            return Ok(ExitCode::FAILURE);
        }
    }
    let pass = passphrase(false)?;
    let r = App::restore(
        cfg,
        file,
        &pass,
        &mut progress_line(std::io::stderr().is_terminal()),
    )?;
    println!(
        "Restored {} athlete(s), {} activities into {}{}.",
        r.athletes,
        r.activities,
        cfg.data_dir.display(),
        if r.migrated > 0 {
            format!(" (schema updated by {} migrations)", r.migrated)
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}
