//! The command table. Each command is one call into `paceline-app`; names and
//! types come from `paceline-types` so the UI cannot drift from them.
//! `async` keeps them off the main thread so the window never stalls on the vault.

use paceline_types::{
    ActivityDetail, ActivityMetrics, ActivitySummary, AppInfo, Chart, ChartRequest, Dashboard,
    ImportReport, LoadChartRequest, Settings, Threshold, Thresholds, WireError,
};
use tauri::{AppHandle, Runtime, State};

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

#[tauri::command(async)]
pub fn set_settings(shell: State<'_, Shell>, settings: Settings) -> Reply<()> {
    shell.app()?.set_settings(&settings).map_err(Into::into)
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
