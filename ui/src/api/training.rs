//! Training load, thresholds, the profile and the settings.

use paceline_types::{
    args, cmd, AthleteProfile, Chart, Dashboard, LoadChartRequest, Settings, Threshold,
    ThresholdId, Thresholds, WatchedFolder, WireError,
};

use super::{athlete, call, call_unit};

pub async fn get_settings() -> Result<Settings, WireError> {
    call(
        cmd::GET_SETTINGS,
        &args::GetSettingsArgs {
            athlete_id: athlete(),
        },
    )
    .await
}

pub async fn set_settings(settings: &Settings) -> Result<(), WireError> {
    let a = args::SetSettingsArgs {
        athlete_id: athlete(),
        settings: settings.clone(),
    };
    call_unit(cmd::SET_SETTINGS, &a).await
}

pub async fn watched_folders() -> Result<Vec<WatchedFolder>, WireError> {
    call(
        cmd::WATCHED_FOLDERS,
        &args::WatchedFoldersArgs {
            athlete_id: athlete(),
        },
    )
    .await
}

pub async fn dashboard() -> Result<Dashboard, WireError> {
    call(
        cmd::DASHBOARD,
        &args::DashboardArgs {
            athlete_id: athlete(),
        },
    )
    .await
}

pub async fn load_chart(req: &LoadChartRequest) -> Result<Chart, WireError> {
    let a = args::LoadChartArgs {
        athlete_id: athlete(),
        req: req.clone(),
    };
    call(cmd::LOAD_CHART, &a).await
}

pub async fn get_thresholds() -> Result<Thresholds, WireError> {
    call(
        cmd::GET_THRESHOLDS,
        &args::GetThresholdsArgs {
            athlete_id: athlete(),
        },
    )
    .await
}

/// Adds or replaces the entry for the same sport, kind and first day.
pub async fn set_threshold(threshold: &Threshold) -> Result<(), WireError> {
    let a = args::SetThresholdArgs {
        athlete_id: athlete(),
        threshold: threshold.clone(),
    };
    call_unit(cmd::SET_THRESHOLD, &a).await
}

pub async fn delete_threshold(id: ThresholdId) -> Result<(), WireError> {
    call_unit(
        cmd::DELETE_THRESHOLD,
        &args::DeleteThresholdArgs {
            athlete_id: athlete(),
            id,
        },
    )
    .await
}

pub async fn get_profile() -> Result<AthleteProfile, WireError> {
    call(
        cmd::GET_PROFILE,
        &args::GetProfileArgs {
            athlete_id: athlete(),
        },
    )
    .await
}

pub async fn set_profile(profile: &AthleteProfile) -> Result<(), WireError> {
    let a = args::SetProfileArgs {
        athlete_id: athlete(),
        profile: profile.clone(),
    };
    call_unit(cmd::SET_PROFILE, &a).await
}
