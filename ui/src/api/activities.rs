//! Activities, imports and jobs.

use paceline_types::{
    args, cmd, ActivityDetail, ActivityId, ActivityMetrics, ActivitySummary, AppInfo, Chart,
    ChartRequest, JobId, WireError,
};

use super::{athlete, call};

pub async fn app_info() -> Result<AppInfo, WireError> {
    call(
        cmd::APP_INFO,
        &args::AppInfoArgs {
            athlete_id: athlete(),
        },
    )
    .await
}

pub async fn list_activities() -> Result<Vec<ActivitySummary>, WireError> {
    call(
        cmd::LIST_ACTIVITIES,
        &args::ListActivitiesArgs {
            athlete_id: athlete(),
        },
    )
    .await
}

pub async fn get_activity(id: ActivityId) -> Result<ActivityDetail, WireError> {
    call(
        cmd::GET_ACTIVITY,
        &args::GetActivityArgs {
            athlete_id: athlete(),
            id,
        },
    )
    .await
}

pub async fn activity_chart(req: &ChartRequest) -> Result<Chart, WireError> {
    let a = args::ActivityChartArgs {
        athlete_id: athlete(),
        req: req.clone(),
    };
    call(cmd::ACTIVITY_CHART, &a).await
}

pub async fn activity_metrics(id: ActivityId) -> Result<ActivityMetrics, WireError> {
    call(
        cmd::ACTIVITY_METRICS,
        &args::ActivityMetricsArgs {
            athlete_id: athlete(),
            id,
        },
    )
    .await
}

/// Rates an activity (CR-10, `None` clears it); answers its new metrics.
pub async fn set_activity_rpe(
    id: ActivityId,
    rpe: Option<f64>,
) -> Result<ActivityMetrics, WireError> {
    let a = args::SetActivityRpeArgs {
        athlete_id: athlete(),
        id,
        rpe,
    };
    call(cmd::SET_ACTIVITY_RPE, &a).await
}

/// Imports files by path as a job. Not used by the UI yet (drops are imported by the
/// shell natively), kept so every command has exactly one typed entry point.
#[allow(dead_code)]
pub async fn import_files(paths: &[String]) -> Result<JobId, WireError> {
    let a = args::ImportFilesArgs {
        athlete_id: athlete(),
        paths: paths.to_vec(),
    };
    call(cmd::IMPORT_FILES, &a).await
}

/// The Import button: the shell opens the native file picker and imports what is
/// picked as a drop would. Answers the import job (its notice follows the `job`
/// events), or none when the picker was closed.
pub async fn pick_and_import() -> Result<Option<JobId>, WireError> {
    let a = args::PickAndImportArgs {
        athlete_id: athlete(),
    };
    call(cmd::PICK_AND_IMPORT, &a).await
}

/// Stops a job: an import stops starting new files, what is stored stays whole.
pub async fn cancel_job(job_id: JobId) -> Result<bool, WireError> {
    call(cmd::CANCEL_JOB, &args::CancelJobArgs { job_id }).await
}
