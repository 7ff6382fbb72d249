//! Coach › Reviews: the weekly review (and its schedule) and the deep analysis. Both
//! run as jobs; their progress and results arrive as `job` events.

use paceline_types::{args, cmd, CoachReviewView, DeepRunView, JobId, WireError};

use super::{athlete, call};

/// The shown athlete's weekly reviews, newest first.
pub async fn coach_reviews() -> Result<Vec<CoachReviewView>, WireError> {
    let a = args::CoachReviewsArgs {
        athlete_id: athlete(),
    };
    call(cmd::COACH_REVIEWS, &a).await
}

/// The review schedule as saved (`sun 19:00`), `None` when off.
pub async fn coach_review_schedule() -> Result<Option<String>, WireError> {
    let a = args::CoachReviewScheduleArgs {
        athlete_id: athlete(),
    };
    call(cmd::COACH_REVIEW_SCHEDULE, &a).await
}

/// Sets (or with `None` stops) the review schedule; answers when the next is due.
pub async fn set_coach_review_schedule(schedule: Option<String>) -> Result<Option<i64>, WireError> {
    let a = args::SetCoachReviewScheduleArgs {
        athlete_id: athlete(),
        schedule,
    };
    call(cmd::SET_COACH_REVIEW_SCHEDULE, &a).await
}

/// Writes the review of `week` (default: the last full week) as a job.
pub async fn start_coach_review(week: Option<String>) -> Result<JobId, WireError> {
    let a = args::StartCoachReviewArgs {
        athlete_id: athlete(),
        week,
    };
    call(cmd::START_COACH_REVIEW, &a).await
}

/// The shown athlete's deep analysis runs, newest first.
pub async fn deep_runs() -> Result<Vec<DeepRunView>, WireError> {
    let a = args::DeepRunsArgs {
        athlete_id: athlete(),
    };
    call(cmd::DEEP_RUNS, &a).await
}

/// Starts a deep analysis, or continues run `resume`.
pub async fn start_deep_analysis(resume: Option<i64>) -> Result<JobId, WireError> {
    let a = args::StartDeepAnalysisArgs {
        athlete_id: athlete(),
        resume,
    };
    call(cmd::START_DEEP_ANALYSIS, &a).await
}

/// A run's report as one HTML page.
pub async fn deep_report(run_id: i64) -> Result<String, WireError> {
    let a = args::DeepReportArgs {
        athlete_id: athlete(),
        run_id,
    };
    call(cmd::DEEP_REPORT, &a).await
}

/// Writes a run's report to `path`; answers the path written.
pub async fn save_deep_report(run_id: i64, path: String) -> Result<String, WireError> {
    let a = args::SaveDeepReportArgs {
        athlete_id: athlete(),
        run_id,
        path,
    };
    call(cmd::SAVE_DEEP_REPORT, &a).await
}
