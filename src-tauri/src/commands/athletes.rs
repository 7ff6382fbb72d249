//! The athletes of the vault: the switcher and the Athletes page.

use paceline_types::{AthleteId, AthleteInfo};
use tauri::State;

use super::Reply;
use crate::Shell;

#[tauri::command(async)]
pub fn list_athletes(shell: State<'_, Shell>) -> Reply<Vec<AthleteInfo>> {
    Ok(shell.app()?.athletes()?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn add_athlete(shell: State<'_, Shell>, name: String) -> Reply<AthleteInfo> {
    Ok(shell.app()?.add_athlete(&name)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn rename_athlete(shell: State<'_, Shell>, athlete_id: AthleteId, name: String) -> Reply<()> {
    Ok(shell.app()?.rename_athlete(athlete_id, &name)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn archive_athlete(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    archived: bool,
) -> Reply<()> {
    Ok(shell.app()?.archive_athlete(athlete_id, archived)?)
}

/// Deletes the athlete and everything of theirs; their watched folders stop too.
#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn delete_athlete(shell: State<'_, Shell>, athlete_id: AthleteId) -> Reply<u32> {
    let app = shell.app()?;
    let n = app.delete_athlete(athlete_id)?;
    if let Err(e) = app.restart_watch() {
        tracing::warn!(error = %e, "folder watcher not restarted");
    }
    Ok(n)
}

#[tauri::command(async)]
pub fn current_athlete(shell: State<'_, Shell>) -> Reply<AthleteId> {
    Ok(shell.app()?.current_athlete()?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn select_athlete(shell: State<'_, Shell>, athlete_id: AthleteId) -> Reply<()> {
    Ok(shell.app()?.set_current_athlete(athlete_id)?)
}
