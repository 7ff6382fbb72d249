//! Activities, imports and their jobs.

use paceline_types::{
    ActivityDetail, ActivityId, ActivityMetrics, ActivitySummary, AppInfo, AthleteId, Chart,
    ChartRequest, JobId, JobInfo,
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
    let shell = handle.state::<Shell>();
    Ok(shell
        .app()?
        .start_import(athlete_id, paths.into_iter().map(Into::into).collect())?)
}

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
