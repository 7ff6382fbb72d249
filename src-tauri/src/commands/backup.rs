//! Settings › Backups: the last backup, "Back up now", the schedule. Restoring
//! replaces the vault the window has open, so it is the CLI's (`paceline restore`).

use std::path::PathBuf;

use paceline_app::{BackupSchedule, Schedule};
use paceline_types::{BackupOverview, JobId, Passphrase, WireError};
use tauri::State;

use super::Reply;
use crate::Shell;

fn invalid(message: String) -> WireError {
    WireError {
        code: paceline_types::ErrorCode::InvalidInput,
        message,
    }
}

#[tauri::command(async)]
pub fn backup_status(shell: State<'_, Shell>) -> Reply<BackupOverview> {
    Ok(shell.app()?.backup_overview()?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell, passphrase), err(Debug))]
pub fn backup_now(shell: State<'_, Shell>, folder: String, passphrase: Passphrase) -> Reply<JobId> {
    let app = shell.app()?;
    Ok(app.start_backup_into(&PathBuf::from(folder), passphrase.0.into())?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell, passphrase), err(Debug))]
pub fn set_backup_schedule(
    shell: State<'_, Shell>,
    folder: String,
    schedule: String,
    keep: u32,
    passphrase: Passphrase,
) -> Reply<Option<i64>> {
    let app = shell.app()?;
    let schedule = Schedule::parse(&schedule).map_err(|e| invalid(e.to_string()))?;
    let s = BackupSchedule {
        folder: folder.into(),
        schedule,
        keep,
    };
    let pass = (!passphrase.0.is_empty()).then(|| passphrase.0.into());
    Ok(app.set_backup_schedule(Some(&s), pass.as_ref())?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn stop_backup_schedule(shell: State<'_, Shell>) -> Reply<()> {
    shell.app()?.set_backup_schedule(None, None)?;
    Ok(())
}
