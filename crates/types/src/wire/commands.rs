//! The command table, defined once: each command's name (`cmd::*`), its argument
//! struct (`args::*`, camelCase keys as Tauri expects) and, from both, the list
//! [`commands`] that the shell's tests check its handler table against. The UI calls
//! the shell only through these structs, so a renamed argument fails to compile in
//! the UI and fails the shell's test, instead of failing silently at run time.

use serde::{Deserialize, Serialize};

use crate::domain::{ActivityId, AthleteId};
use crate::wire::{
    AthleteProfile, ChartRequest, EquipmentSet, GarminSyncScope, JobId, LoadChartRequest,
    RaceEntry, Settings, Threshold, ThresholdId, WeekHours,
};

macro_rules! commands {
    ($( $(#[$doc:meta])* $konst:ident $name:literal $args:ident { $($field:ident : $ty:ty),* $(,)? } )*) => {
        /// Command names.
        pub mod cmd {
            $( pub const $konst: &str = $name; )*
        }

        /// Each command's arguments.
        pub mod args {
            use super::*;
            $(
                $(#[$doc])*
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                #[serde(rename_all = "camelCase")]
                pub struct $args { $( pub $field: $ty ),* }
            )*
        }

        /// Every command with its argument keys as they travel (camelCase).
        pub fn commands() -> Vec<(&'static str, Vec<String>)> {
            vec![ $( ($name, vec![ $( camel(stringify!($field)) ),* ]) ),* ]
        }
    };
}

/// `athlete_id` → `athleteId`, as serde's `rename_all = "camelCase"` spells it.
fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

commands! {
    APP_INFO "app_info" AppInfoArgs { athlete_id: AthleteId }
    LIST_ACTIVITIES "list_activities" ListActivitiesArgs { athlete_id: AthleteId }
    GET_ACTIVITY "get_activity" GetActivityArgs { athlete_id: AthleteId, id: ActivityId }
    ACTIVITY_CHART "activity_chart" ActivityChartArgs { athlete_id: AthleteId, req: ChartRequest }
    /// Starts an import job; answers its id.
    IMPORT_FILES "import_files" ImportFilesArgs { athlete_id: AthleteId, paths: Vec<String> }
    GET_SETTINGS "get_settings" GetSettingsArgs { athlete_id: AthleteId }
    SET_SETTINGS "set_settings" SetSettingsArgs { athlete_id: AthleteId, settings: Settings }
    DASHBOARD "dashboard" DashboardArgs { athlete_id: AthleteId }
    ACTIVITY_METRICS "activity_metrics" ActivityMetricsArgs { athlete_id: AthleteId, id: ActivityId }
    LOAD_CHART "load_chart" LoadChartArgs { athlete_id: AthleteId, req: LoadChartRequest }
    GET_THRESHOLDS "get_thresholds" GetThresholdsArgs { athlete_id: AthleteId }
    SET_THRESHOLD "set_threshold" SetThresholdArgs { athlete_id: AthleteId, threshold: Threshold }
    DELETE_THRESHOLD "delete_threshold" DeleteThresholdArgs { athlete_id: AthleteId, id: ThresholdId }
    /// Starts a reprocess job; answers its id.
    REPROCESS "reprocess" ReprocessArgs { athlete_id: AthleteId, ids: Option<Vec<ActivityId>> }
    WATCHED_FOLDERS "watched_folders" WatchedFoldersArgs { athlete_id: AthleteId }
    GET_PROFILE "get_profile" GetProfileArgs { athlete_id: AthleteId }
    SET_PROFILE "set_profile" SetProfileArgs { athlete_id: AthleteId, profile: AthleteProfile }
    SET_ACTIVITY_RPE "set_activity_rpe" SetActivityRpeArgs { athlete_id: AthleteId, id: ActivityId, rpe: Option<f64> }
    LIST_ATHLETES "list_athletes" ListAthletesArgs {}
    ADD_ATHLETE "add_athlete" AddAthleteArgs { name: String }
    RENAME_ATHLETE "rename_athlete" RenameAthleteArgs { athlete_id: AthleteId, name: String }
    ARCHIVE_ATHLETE "archive_athlete" ArchiveAthleteArgs { athlete_id: AthleteId, archived: bool }
    DELETE_ATHLETE "delete_athlete" DeleteAthleteArgs { athlete_id: AthleteId }
    /// The athlete the window opens on (the last one used).
    CURRENT_ATHLETE "current_athlete" CurrentAthleteArgs {}
    /// Remembers the athlete the window switched to.
    SELECT_ATHLETE "select_athlete" SelectAthleteArgs { athlete_id: AthleteId }
    LIST_JOBS "list_jobs" ListJobsArgs {}
    CANCEL_JOB "cancel_job" CancelJobArgs { job_id: JobId }
    /// Races, hours, equipment and the goal of the Coach › Goals page.
    PLAN_GOALS "plan_goals" PlanGoalsArgs { athlete_id: AthleteId }
    /// Adds a race; answers its id.
    ADD_RACE "add_race" AddRaceArgs { athlete_id: AthleteId, race: RaceEntry }
    REMOVE_RACE "remove_race" RemoveRaceArgs { athlete_id: AthleteId, id: i64 }
    SET_AVAILABILITY "set_availability" SetAvailabilityArgs { athlete_id: AthleteId, hours: WeekHours }
    SET_EQUIPMENT "set_equipment" SetEquipmentArgs { athlete_id: AthleteId, equipment: EquipmentSet }
    /// Plans with the built-in planner, checks and saves (or refuses with the reasons).
    GENERATE_PLAN "generate_plan" GeneratePlanArgs { athlete_id: AthleteId }
    /// Planned beside done from `from` to `to` (days since 1970-01-01).
    PLAN_CALENDAR "plan_calendar" PlanCalendarArgs { athlete_id: AthleteId, from: i32, to: i32 }
    /// Moves workout `index` of the current version to `day`: answers the new version,
    /// or `invalid_input` with the checker's reasons.
    MOVE_WORKOUT "move_workout" MoveWorkoutArgs { athlete_id: AthleteId, index: u32, day: i32 }
    /// A new version with the current version's parent's workouts; answers it.
    UNDO_PLAN "undo_plan" UndoPlanArgs { athlete_id: AthleteId }
    /// What changed from plan version `a` to `b`.
    PLAN_DIFF "plan_diff" PlanDiffArgs { athlete_id: AthleteId, a: u32, b: u32 }
    /// Garmin Connect: connected or not, the backfill, the schedule, the last sync.
    GARMIN_STATUS "garmin_status" GarminStatusArgs { athlete_id: AthleteId }
    /// Connects with a service ticket (`ST-…`, or the URL holding it; it works once).
    GARMIN_CONNECT "garmin_connect" GarminConnectArgs { athlete_id: AthleteId, ticket: String }
    /// Starts a sync job and answers its id; `since` (days since 1970-01-01) bounds a
    /// first backfill. Progress and the report arrive as `job` events.
    GARMIN_SYNC "garmin_sync" GarminSyncArgs { athlete_id: AthleteId, scope: GarminSyncScope, since: Option<i32> }
    /// The most recent syncs, newest first.
    GARMIN_LOG "garmin_log" GarminLogArgs { athlete_id: AthleteId, limit: u32 }
    /// Signs out: the tokens are deleted, the synced data stays.
    GARMIN_DISCONNECT "garmin_disconnect" GarminDisconnectArgs { athlete_id: AthleteId }
    /// Syncs on a schedule (`every 6h`, `daily 07:00 Europe/Berlin`), `None` stops it;
    /// answers when it is next due (Unix seconds).
    GARMIN_SCHEDULE "garmin_schedule" GarminScheduleArgs { athlete_id: AthleteId, schedule: Option<String> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_keys_are_what_serde_sends() {
        let a = args::SetActivityRpeArgs {
            athlete_id: 3,
            id: 7,
            rpe: Some(5.0),
        };
        let v = serde_json::to_value(&a).unwrap();
        let mut keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        keys.sort();
        let table = commands();
        let (_, expected) = table
            .iter()
            .find(|(n, _)| *n == cmd::SET_ACTIVITY_RPE)
            .unwrap();
        let mut expected: Vec<&String> = expected.iter().collect();
        expected.sort();
        assert_eq!(keys, expected);
        assert_eq!(camel("job_id"), "jobId");
    }

    #[test]
    fn command_names_are_unique() {
        let table = commands();
        let mut names: Vec<_> = table.iter().map(|(n, _)| *n).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), table.len());
    }
}
