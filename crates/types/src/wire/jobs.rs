//! Background jobs (imports, reprocessing, the demo, the folder watcher; later Garmin
//! sync, reviews, digests, backups) as the UI and the CLI see them. Every event names
//! its job, so a background sync never closes the notice of a drop the user just made.

use serde::{Deserialize, Serialize};

use crate::domain::AthleteId;
use crate::wire::garmin::{GarminSyncProgress, GarminSyncReport};
use crate::wire::import::{ImportProgress, ImportReport, ReprocessReport};

pub type JobId = u64;

/// Job kinds (the `kind` string of a job): at most one runs per kind and athlete.
pub mod kind {
    pub const IMPORT: &str = "import";
    pub const REPROCESS: &str = "reprocess";
    pub const DEMO: &str = "demo";
    pub const WATCH: &str = "watch";
    pub const BACKUP: &str = "backup";
    pub const GARMIN_SYNC: &str = "garmin_sync";
    pub const DIGEST: &str = "digest";
    pub const COACH_REVIEW: &str = "coach_review";
    pub const COACH_DEEP: &str = "coach_deep";
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Running,
    Done,
    Cancelled,
    Failed,
}

/// What a job reports while it runs and when it ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum JobPayload {
    /// Files and bytes done so far.
    ImportProgress(ImportProgress),
    /// A finished import (also each batch a watched folder brings), for `athlete_id`.
    Imported {
        athlete_id: AthleteId,
        report: ImportReport,
    },
    Reprocessed(ReprocessReport),
    /// The folder watcher ended (its folders changed, or the app quits).
    WatchStopped,
    /// A backup's progress.
    BackupProgress(super::BackupProgress),
    /// A finished backup.
    BackedUp(super::BackupStatus),
    /// A Garmin sync's progress.
    GarminSyncProgress(GarminSyncProgress),
    /// A finished (or cancelled) Garmin sync, for `athlete_id`.
    GarminSynced {
        athlete_id: AthleteId,
        report: GarminSyncReport,
    },
    /// A group's digest was generated (and, when `delivery` says so, sent).
    Digest {
        group_id: i64,
        digest_id: i64,
        week: String,
        /// The WhatsApp delivery's status (`sent`, `failed`), when one was made.
        delivery: Option<String>,
        /// Why the delivery failed.
        error: Option<String>,
    },
    /// The coach wrote a weekly review (notify the athlete).
    CoachReview {
        athlete_id: AthleteId,
        review_id: i64,
        /// ISO week, `2026-W48`.
        week: String,
        /// `llm` or `rules`.
        source: String,
    },
    /// A deep analysis finished step `step` of `of` (1-based), titled `title`.
    DeepProgress {
        athlete_id: AthleteId,
        run_id: i64,
        step: u32,
        of: u32,
        title: String,
    },
    /// A deep analysis finished all its steps (its report can be exported).
    DeepDone {
        athlete_id: AthleteId,
        run_id: i64,
    },
}

/// A job as listed by `jobs list` and the shell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobInfo {
    pub id: JobId,
    pub kind: String,
    pub athlete_id: Option<AthleteId>,
    pub started_utc: i64,
    pub finished_utc: Option<i64>,
    pub state: JobState,
    /// Why it failed.
    pub error: Option<String>,
}

/// Payload of [`crate::event::JOB`]: one event a job start, progress report and end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobEvent {
    pub job: JobInfo,
    pub payload: Option<JobPayload>,
}

/// A finished job as the vault remembers it (from any process: the window or the CLI).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobRecord {
    pub kind: String,
    pub athlete_id: Option<AthleteId>,
    pub started_utc: i64,
    pub finished_utc: i64,
    pub state: JobState,
    pub error: Option<String>,
    /// One line, e.g. an import's headline.
    pub summary: String,
}
