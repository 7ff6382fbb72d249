//! Routes: the library, one route with sections and estimate, its pictures, efforts,
//! section edits, bikes and the estimate's assumptions.

use paceline_types::{
    ActivityId, AthleteId, BikeEntry, Chart, RouteAssumptionsSet, RouteChartKind, RouteEffort,
    RouteIntensity, RouteListItem, RouteView, Theme,
};
use tauri::State;

use super::Reply;
use crate::Shell;

#[tauri::command(async)]
pub fn list_routes(shell: State<'_, Shell>, athlete_id: AthleteId) -> Reply<Vec<RouteListItem>> {
    Ok(shell.app()?.athlete(athlete_id)?.routes()?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell, text), err(Debug))]
pub fn import_route(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    file_name: String,
    text: String,
) -> Reply<i64> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .import_route_bytes(&file_name, text.as_bytes())?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn save_activity_as_route(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    id: ActivityId,
    route_name: Option<String>,
) -> Reply<i64> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .save_activity_as_route(id, route_name.as_deref())?)
}

#[tauri::command(async)]
pub fn route_view(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    id: i64,
    intensity: Option<RouteIntensity>,
) -> Reply<RouteView> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .route_view(id, intensity)?)
}

#[tauri::command(async)]
pub fn route_chart(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    id: i64,
    kind: RouteChartKind,
    theme: Theme,
    width: u32,
    height: u32,
) -> Reply<Chart> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .route_chart(id, kind, theme, width, height)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn delete_route(shell: State<'_, Shell>, athlete_id: AthleteId, id: i64) -> Reply<()> {
    Ok(shell.app()?.athlete(athlete_id)?.delete_route(id)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn split_route_section(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    id: i64,
    at_m: f64,
) -> Reply<()> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .split_route_section(id, at_m)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn merge_route_sections(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    id: i64,
    index: u32,
) -> Reply<()> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .merge_route_sections(id, index as usize)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn rename_route_section(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    id: i64,
    index: u32,
    name: String,
) -> Reply<()> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .rename_route_section(id, index as usize, &name)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn reset_route_sections(shell: State<'_, Shell>, athlete_id: AthleteId, id: i64) -> Reply<()> {
    Ok(shell.app()?.athlete(athlete_id)?.reset_route_sections(id)?)
}

#[tauri::command(async)]
pub fn route_efforts(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    id: i64,
) -> Reply<Vec<RouteEffort>> {
    Ok(shell.app()?.athlete(athlete_id)?.route_efforts(id)?)
}

#[tauri::command(async)]
pub fn list_bikes(shell: State<'_, Shell>, athlete_id: AthleteId) -> Reply<Vec<BikeEntry>> {
    Ok(shell.app()?.athlete(athlete_id)?.bikes()?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn save_bike(shell: State<'_, Shell>, athlete_id: AthleteId, bike: BikeEntry) -> Reply<i64> {
    Ok(shell.app()?.athlete(athlete_id)?.save_bike(&bike)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn delete_bike(shell: State<'_, Shell>, athlete_id: AthleteId, id: i64) -> Reply<()> {
    Ok(shell.app()?.athlete(athlete_id)?.delete_bike(id)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn set_route_assumptions(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    assumptions: RouteAssumptionsSet,
) -> Reply<()> {
    Ok(shell
        .app()?
        .athlete(athlete_id)?
        .set_route_assumptions(&assumptions)?)
}
