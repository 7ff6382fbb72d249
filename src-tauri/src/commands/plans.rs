//! Training plans: the Coach › Goals page and the Calendar.

use paceline_types::{
    AthleteId, EquipmentSet, InjuryEntry, PlanCalendar, PlanDiffView, PlanExported, PlanGenerated,
    PlanGoals, RaceEntry, WeekHours,
};
use tauri::State;

use super::Reply;
use crate::Shell;

#[tauri::command(async)]
pub fn plan_goals(shell: State<'_, Shell>, athlete_id: AthleteId) -> Reply<PlanGoals> {
    Ok(shell.app()?.athlete(athlete_id)?.plan_goals()?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn add_race(shell: State<'_, Shell>, athlete_id: AthleteId, race: RaceEntry) -> Reply<i64> {
    Ok(shell.app()?.athlete(athlete_id)?.add_race_entry(&race)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn remove_race(shell: State<'_, Shell>, athlete_id: AthleteId, id: i64) -> Reply<()> {
    Ok(shell.app()?.athlete(athlete_id)?.remove_race(id)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn set_availability(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    hours: WeekHours,
) -> Reply<()> {
    Ok(shell.app()?.athlete(athlete_id)?.set_week_hours(&hours)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn set_equipment(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    equipment: EquipmentSet,
) -> Reply<()> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .set_equipment_set(&equipment)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn generate_plan(shell: State<'_, Shell>, athlete_id: AthleteId) -> Reply<PlanGenerated> {
    Ok(shell.app()?.athlete(athlete_id)?.generate_plan_summary()?)
}

#[tauri::command(async)]
pub fn plan_calendar(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    from: i32,
    to: i32,
) -> Reply<PlanCalendar> {
    Ok(shell.app()?.athlete(athlete_id)?.plan_calendar(from, to)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn move_workout(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    index: u32,
    day: i32,
) -> Reply<u32> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .move_workout_to(index, day)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn undo_plan(shell: State<'_, Shell>, athlete_id: AthleteId) -> Reply<u32> {
    Ok(shell.app()?.athlete(athlete_id)?.undo_plan_change()?)
}

#[tauri::command(async)]
pub fn plan_diff(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    a: u32,
    b: u32,
) -> Reply<PlanDiffView> {
    Ok(shell.app()?.athlete(athlete_id)?.plan_diff_view(a, b)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn add_injury(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    injury: InjuryEntry,
) -> Reply<i64> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .add_injury_entry(&injury)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn remove_injury(shell: State<'_, Shell>, athlete_id: AthleteId, id: i64) -> Reply<()> {
    Ok(shell.app()?.athlete(athlete_id)?.remove_injury(id)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn add_rule(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    rule: String,
    fields: Vec<String>,
    text: String,
) -> Reply<u32> {
    let rule = paceline_app::parse_rule(&rule, &fields)?;
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .add_plan_rule(rule, &text)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn remove_rule(shell: State<'_, Shell>, athlete_id: AthleteId, index: u32) -> Reply<u32> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .remove_plan_rule(index as usize)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn export_plan(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    format: String,
) -> Reply<PlanExported> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .export_plan_files(&format)?)
}
