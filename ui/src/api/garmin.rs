//! Garmin Connect: the Settings › Garmin card. Every call names the athlete the
//! window shows; no reply ever carries a token.

use paceline_types::{
    args, cmd, event, GarminSignedIn, GarminStatus, GarminSyncLogEntry, GarminSyncScope, JobId,
    WireError,
};

use super::{athlete, call, call_unit, listen, Listener};

pub async fn garmin_status() -> Result<GarminStatus, WireError> {
    let a = args::GarminStatusArgs {
        athlete_id: athlete(),
    };
    call(cmd::GARMIN_STATUS, &a).await
}

/// Connects with the ticket (`ST-…`) or the whole URL Garmin's sign-in page ended on.
pub async fn garmin_connect(ticket: String) -> Result<GarminStatus, WireError> {
    let a = args::GarminConnectArgs {
        athlete_id: athlete(),
        ticket,
    };
    call(cmd::GARMIN_CONNECT, &a).await
}

/// Starts a sync job of everything (activities and wellness); answers its id.
pub async fn garmin_sync() -> Result<JobId, WireError> {
    let a = args::GarminSyncArgs {
        athlete_id: athlete(),
        scope: GarminSyncScope::All,
        since: None,
    };
    call(cmd::GARMIN_SYNC, &a).await
}

/// The most recent syncs, newest first.
pub async fn garmin_log(limit: u32) -> Result<Vec<GarminSyncLogEntry>, WireError> {
    let a = args::GarminLogArgs {
        athlete_id: athlete(),
        limit,
    };
    call(cmd::GARMIN_LOG, &a).await
}

/// Signs out (the tokens are deleted; the synced data stays). Answers whether the
/// athlete was connected.
pub async fn garmin_disconnect() -> Result<bool, WireError> {
    let a = args::GarminDisconnectArgs {
        athlete_id: athlete(),
    };
    call(cmd::GARMIN_DISCONNECT, &a).await
}

/// Sets the schedule (`every 6h`, `daily 07:00 Europe/Berlin`); `None` stops it.
/// Answers when the next sync is due (Unix seconds).
pub async fn garmin_schedule(schedule: Option<String>) -> Result<Option<i64>, WireError> {
    let a = args::GarminScheduleArgs {
        athlete_id: athlete(),
        schedule,
    };
    call(cmd::GARMIN_SCHEDULE, &a).await
}

/// Opens Garmin's own sign-in page in a window of the shell; the outcome arrives as a
/// `garmin_signed_in` event ([`on_garmin_signed_in`]).
pub async fn garmin_signin() -> Result<(), WireError> {
    let a = args::GarminSigninArgs {
        athlete_id: athlete(),
    };
    call_unit(cmd::GARMIN_SIGNIN, &a).await
}

/// The end of a sign-in on Garmin's page: connected, or why not.
pub async fn on_garmin_signed_in(
    handler: impl FnMut(GarminSignedIn) + 'static,
) -> Result<Listener, WireError> {
    listen(event::GARMIN_SIGNED_IN, handler).await
}

/// Whether Paceline starts at login.
pub async fn autostart() -> Result<bool, WireError> {
    call(cmd::AUTOSTART, &args::AutostartArgs {}).await
}

/// Starts Paceline at login, or not; answers the new state.
pub async fn set_autostart(enabled: bool) -> Result<bool, WireError> {
    call(cmd::SET_AUTOSTART, &args::SetAutostartArgs { enabled }).await
}
