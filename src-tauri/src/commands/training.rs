//! Training load, thresholds, the profile and the settings.

use paceline_types::{
    AthleteId, AthleteProfile, Chart, Dashboard, LoadChartRequest, Settings, Threshold,
    ThresholdId, Thresholds, WatchedFolder,
};
use tauri::{AppHandle, Manager, Runtime, State};

use super::Reply;
use crate::Shell;

#[tauri::command(async)]
pub fn dashboard(shell: State<'_, Shell>, athlete_id: AthleteId) -> Reply<Dashboard> {
    Ok(shell.app()?.athlete(athlete_id)?.dashboard()?)
}

#[tauri::command(async)]
pub fn load_chart(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    req: LoadChartRequest,
) -> Reply<Chart> {
    Ok(shell.app()?.athlete(athlete_id)?.load_chart(&req)?)
}

#[tauri::command(async)]
pub fn get_thresholds(shell: State<'_, Shell>, athlete_id: AthleteId) -> Reply<Thresholds> {
    Ok(shell.app()?.athlete(athlete_id)?.thresholds()?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn set_threshold(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    threshold: Threshold,
) -> Reply<()> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .set_threshold(&threshold)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn delete_threshold(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    id: ThresholdId,
) -> Reply<()> {
    Ok(shell.app()?.athlete(athlete_id)?.delete_threshold(&id)?)
}

#[tauri::command(async)]
pub fn get_profile(shell: State<'_, Shell>, athlete_id: AthleteId) -> Reply<AthleteProfile> {
    Ok(shell.app()?.athlete(athlete_id)?.profile()?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell, profile), err(Debug))]
pub fn set_profile(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    profile: AthleteProfile,
) -> Reply<()> {
    Ok(shell.app()?.athlete(athlete_id)?.set_profile(&profile)?)
}

#[tauri::command(async)]
pub fn get_settings(shell: State<'_, Shell>, athlete_id: AthleteId) -> Reply<Settings> {
    Ok(shell.app()?.athlete(athlete_id)?.settings()?)
}

/// Saving the settings also re-arms the folder watcher on the folders they name.
#[tauri::command(async)]
#[tracing::instrument(skip(handle, settings), err(Debug))]
pub fn set_settings<R: Runtime>(
    handle: AppHandle<R>,
    athlete_id: AthleteId,
    settings: Settings,
) -> Reply<()> {
    let shell = handle.state::<Shell>();
    let app = shell.app()?;
    let scope = app.athlete(athlete_id)?;
    let old = scope.settings()?;
    scope.set_settings(&settings)?;
    if old.watched_folders != settings.watched_folders {
        if let Err(e) = app.restart_watch() {
            tracing::warn!(error = %e, "folder watcher not restarted");
        }
    }
    Ok(())
}

/// The athlete's watched folders and whether each is there right now.
#[tauri::command(async)]
pub fn watched_folders(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
) -> Reply<Vec<WatchedFolder>> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .settings()?
        .watched_folders
        .into_iter()
        .map(|path| WatchedFolder {
            available: std::path::Path::new(&path).is_dir(),
            path,
        })
        .collect())
}
