//! The logbook: strength sessions, templates, manual workouts, journal, body
//! metrics, progress and its charts.

use paceline_types::{
    args, cmd, BodyEntry, Chart, ExerciseInfo, JournalEntry, Logbook, LogbookChartKind,
    LogbookChartRequest, LogbookProgress, ManualInput, ManualWorkout, SessionInput, TemplateInfo,
    Theme, WireError,
};

use super::{athlete, call, call_unit};

pub async fn logbook() -> Result<Logbook, WireError> {
    let a = args::LogbookArgs {
        athlete_id: athlete(),
    };
    call(cmd::LOGBOOK, &a).await
}

pub async fn exercises() -> Result<Vec<ExerciseInfo>, WireError> {
    let a = args::LogbookExercisesArgs {
        athlete_id: athlete(),
    };
    call(cmd::LOGBOOK_EXERCISES, &a).await
}

pub async fn save_session(id: Option<i64>, session: &SessionInput) -> Result<i64, WireError> {
    let a = args::SaveStrengthSessionArgs {
        athlete_id: athlete(),
        id,
        session: session.clone(),
    };
    call(cmd::SAVE_STRENGTH_SESSION, &a).await
}

pub async fn delete_session(id: i64) -> Result<(), WireError> {
    let a = args::DeleteStrengthSessionArgs {
        athlete_id: athlete(),
        id,
    };
    call_unit(cmd::DELETE_STRENGTH_SESSION, &a).await
}

pub async fn templates() -> Result<Vec<TemplateInfo>, WireError> {
    let a = args::StrengthTemplatesArgs {
        athlete_id: athlete(),
    };
    call(cmd::STRENGTH_TEMPLATES, &a).await
}

pub async fn save_template(session_id: i64, name: String) -> Result<i64, WireError> {
    let a = args::SaveTemplateArgs {
        athlete_id: athlete(),
        session_id,
        name,
    };
    call(cmd::SAVE_TEMPLATE, &a).await
}

pub async fn start_from_template(id: i64, day: i32) -> Result<SessionInput, WireError> {
    let a = args::StartFromTemplateArgs {
        athlete_id: athlete(),
        id,
        day,
    };
    call(cmd::START_FROM_TEMPLATE, &a).await
}

pub async fn save_manual(workout: &ManualInput) -> Result<ManualWorkout, WireError> {
    let a = args::SaveManualWorkoutArgs {
        athlete_id: athlete(),
        id: None,
        workout: workout.clone(),
    };
    call(cmd::SAVE_MANUAL_WORKOUT, &a).await
}

pub async fn delete_manual(id: i64) -> Result<(), WireError> {
    let a = args::DeleteManualWorkoutArgs {
        athlete_id: athlete(),
        id,
    };
    call_unit(cmd::DELETE_MANUAL_WORKOUT, &a).await
}

pub async fn save_journal(entry: &JournalEntry) -> Result<(), WireError> {
    let a = args::SaveJournalArgs {
        athlete_id: athlete(),
        entry: entry.clone(),
    };
    call_unit(cmd::SAVE_JOURNAL, &a).await
}

pub async fn save_body(entry: &BodyEntry) -> Result<(), WireError> {
    let a = args::SaveBodyMetricsArgs {
        athlete_id: athlete(),
        entry: entry.clone(),
    };
    call_unit(cmd::SAVE_BODY_METRICS, &a).await
}

pub async fn progress() -> Result<LogbookProgress, WireError> {
    let a = args::LogbookProgressArgs {
        athlete_id: athlete(),
    };
    call(cmd::LOGBOOK_PROGRESS, &a).await
}

pub async fn chart(kind: LogbookChartKind, theme: Theme) -> Result<Chart, WireError> {
    let a = args::LogbookChartArgs {
        athlete_id: athlete(),
        req: LogbookChartRequest {
            kind,
            theme,
            width: 860,
            height: 360,
        },
    };
    call(cmd::LOGBOOK_CHART, &a).await
}
