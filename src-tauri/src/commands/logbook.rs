//! The logbook: strength sessions and templates, manual workouts, journal, body
//! metrics, progress and its charts.

use paceline_types::{
    AthleteId, BodyEntry, Chart, ExerciseInfo, ExerciseProgress, JournalEntry, Logbook,
    LogbookChartRequest, LogbookProgress, ManualInput, ManualWorkout, OwnExercise, SessionInput,
    TemplateInfo,
};
use tauri::State;

use super::Reply;
use crate::Shell;

#[tauri::command(async)]
pub fn logbook(shell: State<'_, Shell>, athlete_id: AthleteId) -> Reply<Logbook> {
    Ok(shell.app()?.athlete(athlete_id)?.logbook()?)
}

#[tauri::command(async)]
pub fn logbook_exercises(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
) -> Reply<Vec<ExerciseInfo>> {
    Ok(shell.app()?.athlete(athlete_id)?.logbook_exercises()?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn save_own_exercise(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    exercise: OwnExercise,
) -> Reply<String> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .save_own_exercise(&exercise)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell, session), err(Debug))]
pub fn save_strength_session(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    id: Option<i64>,
    session: SessionInput,
) -> Reply<i64> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .save_strength_session(id, &session)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn delete_strength_session(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    id: i64,
) -> Reply<()> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .delete_strength_session(id)?)
}

#[tauri::command(async)]
pub fn strength_templates(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
) -> Reply<Vec<TemplateInfo>> {
    Ok(shell.app()?.athlete(athlete_id)?.strength_templates()?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn save_strength_template(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    session_id: i64,
    name: String,
) -> Reply<i64> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .save_template(session_id, &name)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn delete_strength_template(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    id: i64,
) -> Reply<()> {
    Ok(shell.app()?.athlete(athlete_id)?.delete_template(id)?)
}

#[tauri::command(async)]
pub fn start_from_template(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    id: i64,
    day: i32,
) -> Reply<SessionInput> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .start_from_template(id, day)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn save_manual_workout(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    id: Option<i64>,
    workout: ManualInput,
) -> Reply<ManualWorkout> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .save_manual_workout(id, &workout)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn delete_manual_workout(shell: State<'_, Shell>, athlete_id: AthleteId, id: i64) -> Reply<()> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .delete_manual_workout(id)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell, entry), err(Debug))]
pub fn save_journal(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    entry: JournalEntry,
) -> Reply<()> {
    Ok(shell.app()?.athlete(athlete_id)?.save_journal(&entry)?)
}

#[tauri::command(async)]
pub fn delete_journal(shell: State<'_, Shell>, athlete_id: AthleteId, day: i32) -> Reply<()> {
    Ok(shell.app()?.athlete(athlete_id)?.delete_journal(day)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell, entry), err(Debug))]
pub fn save_body_metrics(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    entry: BodyEntry,
) -> Reply<()> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .save_body_metrics(&entry)?)
}

#[tauri::command(async)]
pub fn delete_body_metrics(shell: State<'_, Shell>, athlete_id: AthleteId, day: i32) -> Reply<()> {
    Ok(shell.app()?.athlete(athlete_id)?.delete_body_metrics(day)?)
}

#[tauri::command(async)]
pub fn logbook_progress(shell: State<'_, Shell>, athlete_id: AthleteId) -> Reply<LogbookProgress> {
    Ok(shell.app()?.athlete(athlete_id)?.logbook_progress()?)
}

#[tauri::command(async)]
pub fn exercise_progress(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    exercise: String,
) -> Reply<ExerciseProgress> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .exercise_progress(&exercise)?)
}

#[tauri::command(async)]
pub fn logbook_chart(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    req: LogbookChartRequest,
) -> Reply<Chart> {
    Ok(shell.app()?.athlete(athlete_id)?.logbook_chart(&req)?)
}
