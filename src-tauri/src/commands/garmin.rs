//! Garmin Connect: status, connect with a pasted ticket, sync now (a job), the sync
//! log, the schedule, disconnect. No command ever answers a token.

use paceline_app::GarminSyncOptions;
use paceline_types::{AthleteId, GarminStatus, GarminSyncLogEntry, GarminSyncScope, JobId};
use tauri::{AppHandle, Runtime, State};

use super::Reply;
use crate::Shell;

#[tauri::command(async)]
pub fn garmin_status(shell: State<'_, Shell>, athlete_id: AthleteId) -> Reply<GarminStatus> {
    Ok(shell.app()?.garmin_status(athlete_id)?)
}

// Not instrumented: the ticket must not reach a log line.
#[tauri::command(async)]
pub fn garmin_connect(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    ticket: String,
) -> Reply<GarminStatus> {
    Ok(shell.app()?.garmin_connect_ticket(athlete_id, &ticket)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn garmin_sync(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    scope: GarminSyncScope,
    since: Option<i32>,
) -> Reply<JobId> {
    let opts = GarminSyncOptions {
        scope,
        since_day: since,
    };
    Ok(shell.app()?.start_garmin_sync(athlete_id, opts)?)
}

#[tauri::command(async)]
pub fn garmin_log(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    limit: u32,
) -> Reply<Vec<GarminSyncLogEntry>> {
    Ok(shell.app()?.garmin_log(athlete_id, limit)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn garmin_disconnect(shell: State<'_, Shell>, athlete_id: AthleteId) -> Reply<bool> {
    Ok(shell.app()?.garmin_logout(athlete_id)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn garmin_schedule(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    schedule: Option<String>,
) -> Reply<Option<i64>> {
    Ok(shell
        .app()?
        .set_garmin_schedule(athlete_id, schedule.as_deref())?)
}

/// Opens Garmin's own sign-in page in a window of its own; the outcome arrives as a
/// `garmin_signed_in` event (no ticket ever passes through the UI).
#[tauri::command(async)]
#[tracing::instrument(skip(handle), err(Debug))]
pub fn garmin_signin<R: Runtime>(handle: AppHandle<R>, athlete_id: AthleteId) -> Reply<()> {
    crate::signin::open(&handle, athlete_id)
}
