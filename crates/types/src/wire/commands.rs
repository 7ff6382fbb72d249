//! The command table, defined once: each command's name (`cmd::*`), its argument
//! struct (`args::*`, camelCase keys as Tauri expects) and, from both, the list
//! [`commands`] that the shell's tests check its handler table against. The UI calls
//! the shell only through these structs, so a renamed argument fails to compile in
//! the UI and fails the shell's test, instead of failing silently at run time.

use serde::{Deserialize, Serialize};

use crate::domain::{ActivityId, AthleteId};
use crate::wire::{
    AthleteProfile, BikeEntry, BodyEntry, ChartRequest, CoachBudget, CoachProviderInput,
    EquipmentSet, GarminSyncScope, InjuryEntry, JobId, JournalEntry, LoadChartRequest,
    LogbookChartRequest, ManualInput, OwnExercise, Passphrase, RaceEntry, RouteAssumptionsSet,
    RouteChartKind, RouteIntensity, SessionInput, Settings, Theme, Threshold, ThresholdId,
    WeekHours,
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
    /// Opens the native file picker (FIT, GPX, TCX, ZIP, GZ) and imports what is picked
    /// as a drop would; answers the import job's id, or none when the picker is closed.
    PICK_AND_IMPORT "pick_and_import" PickAndImportArgs { athlete_id: AthleteId }
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
    /// Adds an injury; answers its id.
    ADD_INJURY "add_injury" AddInjuryArgs { athlete_id: AthleteId, injury: InjuryEntry }
    REMOVE_INJURY "remove_injury" RemoveInjuryArgs { athlete_id: AthleteId, id: i64 }
    /// Adds a rule: its type (`rest_day`) and `KEY=VALUE` fields (`day=mon`), or the
    /// brief's JSON with no fields; `text` is the rule in the athlete's words. Answers
    /// the rules version.
    ADD_RULE "add_rule" AddRuleArgs { athlete_id: AthleteId, rule: String, fields: Vec<String>, text: String }
    /// Removes rule `index` of the current version; answers the new rules version.
    REMOVE_RULE "remove_rule" RemoveRuleArgs { athlete_id: AthleteId, index: u32 }
    /// Writes the current plan as `fit` workouts, an `ics` calendar or `json` into a
    /// new folder of the export directory.
    EXPORT_PLAN "export_plan" ExportPlanArgs { athlete_id: AthleteId, format: String }
    /// The route library, newest first.
    LIST_ROUTES "list_routes" ListRoutesArgs { athlete_id: AthleteId }
    /// Imports a picked GPX file's text as a route; answers its id.
    IMPORT_ROUTE "import_route" ImportRouteArgs { athlete_id: AthleteId, file_name: String, text: String }
    /// Saves a recorded activity's GPS line as a route (its name without `routeName`).
    SAVE_ACTIVITY_AS_ROUTE "save_activity_as_route" SaveActivityAsRouteArgs { athlete_id: AthleteId, id: ActivityId, route_name: Option<String> }
    /// A route with sections and the estimate at `intensity` (none: the default).
    ROUTE_VIEW "route_view" RouteViewArgs { athlete_id: AthleteId, id: i64, intensity: Option<RouteIntensity> }
    /// The route's profile or outline as SVG.
    ROUTE_CHART "route_chart" RouteChartArgs { athlete_id: AthleteId, id: i64, kind: RouteChartKind, theme: Theme, width: u32, height: u32 }
    DELETE_ROUTE "delete_route" DeleteRouteArgs { athlete_id: AthleteId, id: i64 }
    /// Splits the section containing `at_m` metres from the start.
    SPLIT_ROUTE_SECTION "split_route_section" SplitRouteSectionArgs { athlete_id: AthleteId, id: i64, at_m: f64 }
    /// Merges section `index` (from 0) with the next.
    MERGE_ROUTE_SECTIONS "merge_route_sections" MergeRouteSectionsArgs { athlete_id: AthleteId, id: i64, index: u32 }
    RENAME_ROUTE_SECTION "rename_route_section" RenameRouteSectionArgs { athlete_id: AthleteId, id: i64, index: u32, name: String }
    /// Back to the automatic split.
    RESET_ROUTE_SECTIONS "reset_route_sections" ResetRouteSectionsArgs { athlete_id: AthleteId, id: i64 }
    /// Recorded activities on the route, fastest first, with times per section.
    ROUTE_EFFORTS "route_efforts" RouteEffortsArgs { athlete_id: AthleteId, id: i64 }
    LIST_BIKES "list_bikes" ListBikesArgs { athlete_id: AthleteId }
    /// Adds (`id` 0) or replaces a bike; answers its id.
    SAVE_BIKE "save_bike" SaveBikeArgs { athlete_id: AthleteId, bike: BikeEntry }
    DELETE_BIKE "delete_bike" DeleteBikeArgs { athlete_id: AthleteId, id: i64 }
    SET_ROUTE_ASSUMPTIONS "set_route_assumptions" SetRouteAssumptionsArgs { athlete_id: AthleteId, assumptions: RouteAssumptionsSet }
    /// Everything logged (`Logbook`): sessions (FIT ones to review too), manual
    /// workouts, journal, body metrics.
    LOGBOOK "logbook" LogbookArgs { athlete_id: AthleteId }
    /// The exercise picker: the built-in library and the athlete's own.
    LOGBOOK_EXERCISES "logbook_exercises" LogbookExercisesArgs { athlete_id: AthleteId }
    /// Adds or changes an own exercise; answers its exercise id (`own:<n>`).
    SAVE_OWN_EXERCISE "save_own_exercise" SaveOwnExerciseArgs { athlete_id: AthleteId, exercise: OwnExercise }
    /// Logs a session (`id` None) or replaces session `id`; answers its id.
    SAVE_STRENGTH_SESSION "save_strength_session" SaveStrengthSessionArgs { athlete_id: AthleteId, id: Option<i64>, session: SessionInput }
    DELETE_STRENGTH_SESSION "delete_strength_session" DeleteStrengthSessionArgs { athlete_id: AthleteId, id: i64 }
    STRENGTH_TEMPLATES "strength_templates" StrengthTemplatesArgs { athlete_id: AthleteId }
    /// Saves session `session_id` as a template called `name`; answers the template's id.
    SAVE_TEMPLATE "save_strength_template" SaveTemplateArgs { athlete_id: AthleteId, session_id: i64, name: String }
    DELETE_TEMPLATE "delete_strength_template" DeleteTemplateArgs { athlete_id: AthleteId, id: i64 }
    /// A new session (not saved) on `day` with template `id`'s sets.
    START_FROM_TEMPLATE "start_from_template" StartFromTemplateArgs { athlete_id: AthleteId, id: i64, day: i32 }
    /// Logs a manual workout (`id` None) or replaces one; answers it, scored.
    SAVE_MANUAL_WORKOUT "save_manual_workout" SaveManualWorkoutArgs { athlete_id: AthleteId, id: Option<i64>, workout: ManualInput }
    DELETE_MANUAL_WORKOUT "delete_manual_workout" DeleteManualWorkoutArgs { athlete_id: AthleteId, id: i64 }
    /// Writes a day of the journal (replacing that day's).
    SAVE_JOURNAL "save_journal" SaveJournalArgs { athlete_id: AthleteId, entry: JournalEntry }
    DELETE_JOURNAL "delete_journal" DeleteJournalArgs { athlete_id: AthleteId, day: i32 }
    /// Writes a day of body metrics (replacing that day's).
    SAVE_BODY_METRICS "save_body_metrics" SaveBodyMetricsArgs { athlete_id: AthleteId, entry: BodyEntry }
    DELETE_BODY_METRICS "delete_body_metrics" DeleteBodyMetricsArgs { athlete_id: AthleteId, day: i32 }
    /// Weekly volume, every exercise's records, the weight trend.
    LOGBOOK_PROGRESS "logbook_progress" LogbookProgressArgs { athlete_id: AthleteId }
    /// One exercise's e1RM over time and records (`exercise` id or name).
    EXERCISE_PROGRESS "exercise_progress" ExerciseProgressArgs { athlete_id: AthleteId, exercise: String }
    LOGBOOK_CHART "logbook_chart" LogbookChartArgs { athlete_id: AthleteId, req: LogbookChartRequest }
    /// The last backup and the schedule (Settings › Backups).
    BACKUP_STATUS "backup_status" BackupStatusArgs {}
    /// Starts a backup job into `folder` under a dated name; answers its id.
    BACKUP_NOW "backup_now" BackupNowArgs { folder: String, passphrase: Passphrase }
    /// Sets the schedule (`every 24h`, `daily 03:00 Europe/Berlin`), keeping the `keep`
    /// newest; an empty passphrase keeps the stored one.
    SET_BACKUP_SCHEDULE "set_backup_schedule" SetBackupScheduleArgs { folder: String, schedule: String, keep: u32, passphrase: Passphrase }
    /// Stops scheduled backups and forgets their passphrase.
    STOP_BACKUP_SCHEDULE "stop_backup_schedule" StopBackupScheduleArgs {}
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
    /// Opens Garmin's own sign-in page in a window of its own; its ticket is caught,
    /// exchanged once and reported as a [`crate::event::GARMIN_SIGNED_IN`] event.
    GARMIN_SIGNIN "garmin_signin" GarminSigninArgs { athlete_id: AthleteId }
    /// Whether Paceline starts at login (in the tray).
    AUTOSTART "autostart" AutostartArgs {}
    /// Starts Paceline at login, or not; answers the new state.
    SET_AUTOSTART "set_autostart" SetAutostartArgs { enabled: bool }
    /// Every group with its members, schedule and newest digest's week.
    GROUPS "groups" GroupsArgs {}
    /// Adds a group (IANA `tz`; `schedule` like `mon 07:00`, in its zone).
    ADD_GROUP "add_group" AddGroupArgs { name: String, tz: String, members: Vec<AthleteId>, schedule: Option<String> }
    /// Renames a group or moves it to another zone.
    UPDATE_GROUP "update_group" UpdateGroupArgs { id: i64, name: String, tz: String }
    SET_GROUP_MEMBERS "set_group_members" SetGroupMembersArgs { id: i64, members: Vec<AthleteId> }
    /// `mon 07:00`, a full schedule, or `off`.
    SET_GROUP_SCHEDULE "set_group_schedule" SetGroupScheduleArgs { id: i64, schedule: String }
    /// The group's own WhatsApp recipient; `None`: the default one.
    SET_GROUP_WHATSAPP "set_group_whatsapp" SetGroupWhatsappArgs { id: i64, recipient: Option<String> }
    DELETE_GROUP "delete_group" DeleteGroupArgs { id: i64 }
    /// Generates (or regenerates) a group's digest of `week` (default: the last full
    /// week in its zone), stores and answers it.
    GENERATE_DIGEST "generate_digest" GenerateDigestArgs { group_id: i64, week: Option<String> }
    /// A group's stored digest of `week` (default: the newest), or none.
    GROUP_DIGEST "group_digest" GroupDigestArgs { group_id: i64, week: Option<String> }
    /// An athlete's own digest (not stored).
    ATHLETE_DIGEST "athlete_digest" AthleteDigestArgs { athlete_id: AthleteId, week: Option<String> }
    /// Sends a stored digest to WhatsApp; answers the delivery's log row.
    SEND_DIGEST "send_digest" SendDigestArgs { digest_id: i64, again: bool }
    /// Saves a stored digest into `folder` (Markdown, HTML, PNG).
    SAVE_DIGEST "save_digest" SaveDigestArgs { digest_id: i64, folder: String }
    WHATSAPP_SETTINGS "whatsapp_settings" WhatsappSettingsArgs {}
    /// Sets up WhatsApp delivery; an empty token keeps the stored one.
    SET_WHATSAPP "set_whatsapp" SetWhatsappArgs { phone_number_id: String, recipient: String, token: Passphrase }
    CLEAR_WHATSAPP "clear_whatsapp" ClearWhatsappArgs {}
    /// The LLM providers in fallback order (never a key: whether one is stored).
    COACH_PROVIDERS "coach_providers" CoachProvidersArgs {}
    /// Adds a provider (or replaces the one of that name, in its place); an empty
    /// `apiKey` keeps the stored key. Answers the providers.
    COACH_ADD_PROVIDER "coach_add_provider" CoachAddProviderArgs { provider: CoachProviderInput, api_key: Passphrase }
    /// Removes a provider and its key; answers the providers.
    COACH_REMOVE_PROVIDER "coach_remove_provider" CoachRemoveProviderArgs { name: String }
    /// Puts the named providers first, in this order; answers the providers.
    COACH_ORDER_PROVIDERS "coach_order_providers" CoachOrderProvidersArgs { names: Vec<String> }
    COACH_BUDGET "coach_budget" CoachBudgetArgs {}
    /// Sets all three caps (`None`: no cap; 0 refuses paid calls); answers them.
    COACH_SET_BUDGET "coach_set_budget" CoachSetBudgetArgs { budget: CoachBudget }
    /// What the model calls of the last `days` days cost, by day, model and action.
    COACH_SPEND "coach_spend" CoachSpendArgs { days: u32 }
    /// Every action's prompt name.
    COACH_PROMPT_NAMES "coach_prompt_names" CoachPromptNamesArgs {}
    /// A prompt as the coach uses it now, with its versions.
    COACH_PROMPT "coach_prompt" CoachPromptArgs { name: String }
    /// Saves an edited template as the prompt's next version; answers the prompt.
    COACH_SAVE_PROMPT "coach_save_prompt" CoachSavePromptArgs { name: String, body: String }
    /// Makes `version` current again (as a new version); answers the prompt.
    COACH_ROLLBACK_PROMPT "coach_rollback_prompt" CoachRollbackPromptArgs { name: String, version: u32 }
    /// A stored conversation (default: the latest) and whether a provider is configured.
    COACH_CHAT "coach_chat" CoachChatArgs { athlete_id: AthleteId, conversation: Option<i64> }
    /// Asks the coach in `conversation` (or a new one); answers the chat's id at once,
    /// the answer streams as `coach_chat` events.
    COACH_ASK "coach_ask" CoachAskArgs { athlete_id: AthleteId, question: String, conversation: Option<i64> }
    /// The coach's suggestions, pending first, then newest first.
    COACH_SUGGESTIONS "coach_suggestions" CoachSuggestionsArgs { athlete_id: AthleteId }
    /// Analyses an activity (the latest when `None`) into a stored suggestion.
    COACH_ANALYZE "coach_analyze" CoachAnalyzeArgs { athlete_id: AthleteId, activity: Option<i64> }
    /// What approving suggestion `id` would change, and the checker's verdict.
    COACH_PREVIEW "coach_preview" CoachPreviewArgs { athlete_id: AthleteId, id: i64 }
    /// Approves suggestion `id`: answers the new plan version.
    COACH_APPROVE "coach_approve" CoachApproveArgs { athlete_id: AthleteId, id: i64 }
    COACH_REJECT "coach_reject" CoachRejectArgs { athlete_id: AthleteId, id: i64 }
    /// Plans with the configured LLM providers, checks and saves (or refuses with the
    /// checker's reasons).
    GENERATE_PLAN_LLM "generate_plan_llm" GeneratePlanLlmArgs { athlete_id: AthleteId }
    /// The athlete's weekly reviews, newest first.
    COACH_REVIEWS "coach_reviews" CoachReviewsArgs { athlete_id: AthleteId }
    /// The weekly review schedule as saved (`sun 19:00`), `None` when off.
    COACH_REVIEW_SCHEDULE "coach_review_schedule" CoachReviewScheduleArgs { athlete_id: AthleteId }
    /// Writes the weekly review on `schedule` (`None` or `off` stops it); answers when
    /// the next one is due.
    SET_COACH_REVIEW_SCHEDULE "set_coach_review_schedule" SetCoachReviewScheduleArgs { athlete_id: AthleteId, schedule: Option<String> }
    /// Starts a job writing the review of `week` (`2026-W48`; default: the last full
    /// week); answers its id, the review arrives as a `coach_review` job payload.
    START_COACH_REVIEW "start_coach_review" StartCoachReviewArgs { athlete_id: AthleteId, week: Option<String> }
    /// The athlete's deep analysis runs with their steps, newest first.
    DEEP_RUNS "deep_runs" DeepRunsArgs { athlete_id: AthleteId }
    /// Starts (or with `resume`, continues) a deep analysis job; answers its id.
    START_DEEP_ANALYSIS "start_deep_analysis" StartDeepAnalysisArgs { athlete_id: AthleteId, resume: Option<i64> }
    /// A run's report as one self-contained HTML page.
    DEEP_REPORT "deep_report" DeepReportArgs { athlete_id: AthleteId, run_id: i64 }
    /// Writes a run's HTML report to `path` (absolute, in an existing folder).
    SAVE_DEEP_REPORT "save_deep_report" SaveDeepReportArgs { athlete_id: AthleteId, run_id: i64, path: String }
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
