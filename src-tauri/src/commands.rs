//! The command table. Each command is one call into `paceline-app`; names and
//! types come from `paceline-types` so the UI cannot drift from them.
//! `async` keeps them off the main thread so the window never stalls on the vault.

use paceline_types::{
    ActivityDetail, ActivityMetrics, ActivitySummary, AppInfo, AthleteProfile, Chart, ChartRequest,
    Dashboard, ImportReport, LoadChartRequest, ReprocessReport, Settings, Threshold, ThresholdId,
    Thresholds, WatchedFolder, WireError,
};
use tauri::{AppHandle, Manager, Runtime, State};

use crate::Shell;

type Reply<T> = Result<T, WireError>;

#[tauri::command(async)]
pub fn app_info(shell: State<'_, Shell>) -> Reply<AppInfo> {
    shell.app()?.info().map_err(Into::into)
}

#[tauri::command(async)]
pub fn list_activities(shell: State<'_, Shell>) -> Reply<Vec<ActivitySummary>> {
    shell.app()?.list_activities().map_err(Into::into)
}

#[tauri::command(async)]
pub fn get_activity(shell: State<'_, Shell>, id: i64) -> Reply<ActivityDetail> {
    shell.app()?.activity(id).map_err(Into::into)
}

#[tauri::command(async)]
pub fn activity_chart(shell: State<'_, Shell>, req: ChartRequest) -> Reply<Chart> {
    shell.app()?.activity_chart(&req).map_err(Into::into)
}

/// The same path a drop takes: import, then tell every window.
#[tauri::command(async)]
pub fn import_files<R: Runtime>(handle: AppHandle<R>, paths: Vec<String>) -> Reply<ImportReport> {
    crate::drop::import_and_notify(&handle, paths.into_iter().map(Into::into).collect())
}

#[tauri::command(async)]
pub fn get_settings(shell: State<'_, Shell>) -> Reply<Settings> {
    shell.app()?.settings().map_err(Into::into)
}

/// Saving the settings also re-arms the folder watcher on the folders they name.
#[tauri::command(async)]
pub fn set_settings<R: Runtime>(handle: AppHandle<R>, settings: Settings) -> Reply<()> {
    let shell = handle.state::<Shell>();
    let old = shell.app()?.settings()?;
    shell.app()?.set_settings(&settings)?;
    if old.watched_folders != settings.watched_folders {
        crate::watch::restart(&handle);
    }
    Ok(())
}

/// Stops running imports from starting new files; what is stored stays whole.
#[tauri::command(async)]
pub fn cancel_import(shell: State<'_, Shell>) -> Reply<()> {
    shell
        .cancel
        .store(true, std::sync::atomic::Ordering::SeqCst);
    Ok(())
}

/// Re-decodes the kept originals (all, or `ids`) with this version's importers.
#[tauri::command(async)]
pub fn reprocess(shell: State<'_, Shell>, ids: Option<Vec<i64>>) -> Reply<ReprocessReport> {
    shell.app()?.reprocess(ids.as_deref()).map_err(Into::into)
}

/// The watched folders and whether each is there right now.
#[tauri::command(async)]
pub fn watched_folders(shell: State<'_, Shell>) -> Reply<Vec<WatchedFolder>> {
    Ok(shell
        .app()?
        .settings()?
        .watched_folders
        .into_iter()
        .map(|path| WatchedFolder {
            available: std::path::Path::new(&path).is_dir(),
            path,
        })
        .collect())
}

#[tauri::command(async)]
pub fn dashboard(shell: State<'_, Shell>) -> Reply<Dashboard> {
    shell.app()?.dashboard().map_err(Into::into)
}

#[tauri::command(async)]
pub fn activity_metrics(shell: State<'_, Shell>, id: i64) -> Reply<ActivityMetrics> {
    shell.app()?.activity_metrics(id).map_err(Into::into)
}

#[tauri::command(async)]
pub fn load_chart(shell: State<'_, Shell>, req: LoadChartRequest) -> Reply<Chart> {
    shell.app()?.load_chart(&req).map_err(Into::into)
}

#[tauri::command(async)]
pub fn get_thresholds(shell: State<'_, Shell>) -> Reply<Thresholds> {
    shell.app()?.thresholds().map_err(Into::into)
}

#[tauri::command(async)]
pub fn set_threshold(shell: State<'_, Shell>, threshold: Threshold) -> Reply<()> {
    shell.app()?.set_threshold(&threshold).map_err(Into::into)
}

#[tauri::command(async)]
pub fn delete_threshold(shell: State<'_, Shell>, id: ThresholdId) -> Reply<()> {
    shell.app()?.delete_threshold(&id).map_err(Into::into)
}

#[tauri::command(async)]
pub fn get_profile(shell: State<'_, Shell>) -> Reply<AthleteProfile> {
    shell.app()?.profile().map_err(Into::into)
}

#[tauri::command(async)]
pub fn set_profile(shell: State<'_, Shell>, profile: AthleteProfile) -> Reply<()> {
    shell.app()?.set_profile(&profile).map_err(Into::into)
}

/// Rates an activity (CR-10, `None` clears) and returns its new metrics.
#[tauri::command(async)]
pub fn set_activity_rpe(
    shell: State<'_, Shell>,
    id: i64,
    rpe: Option<f64>,
) -> Reply<ActivityMetrics> {
    shell.app()?.set_activity_rpe(id, rpe).map_err(Into::into)
}
