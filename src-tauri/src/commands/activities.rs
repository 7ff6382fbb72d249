//! Activities, imports and their jobs.

use paceline_types::{
    ActivityDetail, ActivityId, ActivityMetrics, ActivitySummary, AppInfo, AthleteId, Chart,
    ChartRequest, ErrorCode, JobId, JobInfo, WireError,
};
use tauri::{AppHandle, Manager, Runtime, State};

use super::Reply;
use crate::Shell;

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn app_info(shell: State<'_, Shell>, athlete_id: AthleteId) -> Reply<AppInfo> {
    Ok(shell.app()?.athlete(athlete_id)?.info()?)
}

#[tauri::command(async)]
pub fn list_activities(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
) -> Reply<Vec<ActivitySummary>> {
    Ok(shell.app()?.athlete(athlete_id)?.list_activities()?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn get_activity(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    id: ActivityId,
) -> Reply<ActivityDetail> {
    Ok(shell.app()?.athlete(athlete_id)?.activity(id)?)
}

#[tauri::command(async)]
pub fn activity_chart(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    req: ChartRequest,
) -> Reply<Chart> {
    Ok(shell.app()?.athlete(athlete_id)?.activity_chart(&req)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn activity_metrics(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    id: ActivityId,
) -> Reply<ActivityMetrics> {
    Ok(shell.app()?.athlete(athlete_id)?.activity_metrics(id)?)
}

/// Rates an activity (CR-10, `None` clears) and returns its new metrics.
#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn set_activity_rpe(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    id: ActivityId,
    rpe: Option<f64>,
) -> Reply<ActivityMetrics> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .set_activity_rpe(id, rpe)?)
}

/// The same path a drop takes: an import job whose events reach every window.
#[tauri::command(async)]
#[tracing::instrument(skip(handle), err(Debug))]
pub fn import_files<R: Runtime>(
    handle: AppHandle<R>,
    athlete_id: AthleteId,
    paths: Vec<String>,
) -> Reply<JobId> {
    let paths: Vec<std::path::PathBuf> = paths.into_iter().map(Into::into).collect();
    crate::drop::import(&handle, Some(athlete_id), &paths)
}

/// The Import button: the native file picker, then the same path as a drop. The
/// picker runs from Rust, so the window needs no dialog permission of its own; this
/// command runs on a worker thread, where waiting for the picker is allowed.
#[tauri::command(async)]
#[tracing::instrument(skip(handle), err(Debug))]
pub fn pick_and_import<R: Runtime>(
    handle: AppHandle<R>,
    athlete_id: AthleteId,
) -> Reply<Option<JobId>> {
    // Known before the picker opens: a missing vault or athlete is said at once.
    handle.state::<Shell>().app()?.athlete(athlete_id)?;
    let Some(dialog) = handle.try_state::<tauri_plugin_dialog::Dialog<R>>() else {
        return Err(WireError {
            code: ErrorCode::Internal,
            message: "this window has no file picker; drop the files on it instead".into(),
        });
    };
    let mut picker = dialog
        .file()
        .set_title("Import activities")
        .add_filter("Activity files", &IMPORT_EXTENSIONS);
    if let Some(window) = handle.get_webview_window("main") {
        picker = picker.set_parent(&window);
    }
    let Some(picked) = picker.blocking_pick_files() else {
        return Ok(None);
    };
    let paths = picked
        .into_iter()
        .map(|p| {
            p.into_path().map_err(|e| WireError {
                code: ErrorCode::InvalidInput,
                message: format!("the picked file cannot be read: {e}"),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if paths.is_empty() {
        return Ok(None);
    }
    crate::drop::import(&handle, Some(athlete_id), &paths).map(Some)
}

/// What the picker offers: the formats the importer reads, also compressed.
pub const IMPORT_EXTENSIONS: [&str; 10] = [
    "fit", "FIT", "gpx", "GPX", "tcx", "TCX", "zip", "ZIP", "gz", "GZ",
];

/// Re-decodes the kept originals (all, or `ids`) with this version's importers, as a job.
#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn reprocess(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    ids: Option<Vec<ActivityId>>,
) -> Reply<JobId> {
    Ok(shell.app()?.start_reprocess(athlete_id, ids)?)
}

#[tauri::command(async)]
pub fn list_jobs(shell: State<'_, Shell>) -> Reply<Vec<JobInfo>> {
    Ok(shell.app()?.list_jobs())
}

/// Stops a job (an import stops starting new files; what is stored stays whole).
#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn cancel_job(shell: State<'_, Shell>, job_id: JobId) -> Reply<bool> {
    Ok(shell.app()?.cancel_job(job_id))
}
