//! The coach's background work (Coach › Reviews): the weekly review and its
//! schedule, and the deep analysis with its HTML report. Both run as jobs; their
//! results arrive as `job` events (`coach_review`, `deep_progress`, `deep_done`).

use std::path::Path;

use paceline_types::{AthleteId, CoachReviewView, DeepRunView, ErrorCode, JobId, WireError};
use tauri::State;

use super::Reply;
use crate::Shell;

#[tauri::command(async)]
pub fn coach_reviews(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
) -> Reply<Vec<CoachReviewView>> {
    Ok(shell.app()?.athlete(athlete_id)?.coach_reviews()?)
}

#[tauri::command(async)]
pub fn coach_review_schedule(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
) -> Reply<Option<String>> {
    Ok(shell.app()?.review_schedule(athlete_id)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn set_coach_review_schedule(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    schedule: Option<String>,
) -> Reply<Option<i64>> {
    Ok(shell
        .app()?
        .set_review_schedule(athlete_id, schedule.as_deref())?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn start_coach_review(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    week: Option<String>,
) -> Reply<JobId> {
    Ok(shell.app()?.start_coach_review(athlete_id, week)?)
}

#[tauri::command(async)]
pub fn deep_runs(shell: State<'_, Shell>, athlete_id: AthleteId) -> Reply<Vec<DeepRunView>> {
    Ok(shell.app()?.athlete(athlete_id)?.deep_runs()?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn start_deep_analysis(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    resume: Option<i64>,
) -> Reply<JobId> {
    Ok(shell.app()?.start_deep_analysis(athlete_id, resume)?)
}

#[tauri::command(async)]
pub fn deep_report(shell: State<'_, Shell>, athlete_id: AthleteId, run_id: i64) -> Reply<String> {
    Ok(shell.app()?.athlete(athlete_id)?.deep_report_html(run_id)?)
}

/// Why `path` cannot take a report: it must be absolute (the shell's working folder
/// means nothing to the athlete) and its folder must exist (nothing is created).
fn report_path_problem(path: &Path) -> Option<String> {
    if path.as_os_str().is_empty() {
        return Some("Give the file to save the report to.".into());
    }
    if !path.is_absolute() {
        return Some(format!(
            "`{}` is not a full path: give one from the root, e.g. /home/me/report.html",
            path.display()
        ));
    }
    if path.file_name().is_none() {
        return Some(format!("`{}` names no file", path.display()));
    }
    match path.parent() {
        Some(dir) if dir.is_dir() => None,
        Some(dir) => Some(format!("the folder `{}` does not exist", dir.display())),
        None => Some(format!("`{}` names no file", path.display())),
    }
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn save_deep_report(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    run_id: i64,
    path: String,
) -> Reply<String> {
    let target = Path::new(path.trim());
    if let Some(message) = report_path_problem(target) {
        return Err(WireError {
            code: ErrorCode::InvalidInput,
            message,
        });
    }
    let html = shell.app()?.athlete(athlete_id)?.deep_report_html(run_id)?;
    std::fs::write(target, html).map_err(|e| WireError {
        code: ErrorCode::InvalidInput,
        message: format!("cannot write `{}`: {e}", target.display()),
    })?;
    Ok(target.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_goes_to_an_absolute_path_in_an_existing_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(report_path_problem(&dir.path().join("r.html")), None);
        assert!(report_path_problem(Path::new("r.html"))
            .unwrap()
            .contains("not a full path"));
        assert!(report_path_problem(&dir.path().join("missing/r.html"))
            .unwrap()
            .contains("does not exist"));
        assert!(report_path_problem(Path::new("")).is_some());
        assert!(report_path_problem(Path::new("/")).is_some());
    }
}
