//! The athletes of the vault.

use paceline_types::{args, cmd, AthleteId, AthleteInfo, WireError};

use super::{call, call_unit};

pub async fn list_athletes() -> Result<Vec<AthleteInfo>, WireError> {
    call(cmd::LIST_ATHLETES, &args::ListAthletesArgs {}).await
}

pub async fn current_athlete() -> Result<AthleteId, WireError> {
    call(cmd::CURRENT_ATHLETE, &args::CurrentAthleteArgs {}).await
}

pub async fn select_athlete(athlete_id: AthleteId) -> Result<(), WireError> {
    call_unit(cmd::SELECT_ATHLETE, &args::SelectAthleteArgs { athlete_id }).await
}

pub async fn add_athlete(name: &str) -> Result<AthleteInfo, WireError> {
    call(
        cmd::ADD_ATHLETE,
        &args::AddAthleteArgs { name: name.into() },
    )
    .await
}

pub async fn rename_athlete(athlete_id: AthleteId, name: &str) -> Result<(), WireError> {
    let a = args::RenameAthleteArgs {
        athlete_id,
        name: name.into(),
    };
    call_unit(cmd::RENAME_ATHLETE, &a).await
}

pub async fn archive_athlete(athlete_id: AthleteId, archived: bool) -> Result<(), WireError> {
    let a = args::ArchiveAthleteArgs {
        athlete_id,
        archived,
    };
    call_unit(cmd::ARCHIVE_ATHLETE, &a).await
}

/// Deletes the athlete and everything of theirs; answers how many activities went.
pub async fn delete_athlete(athlete_id: AthleteId) -> Result<u32, WireError> {
    call(cmd::DELETE_ATHLETE, &args::DeleteAthleteArgs { athlete_id }).await
}
