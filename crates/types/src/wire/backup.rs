//! Backups: the last one made, a running one's progress, the schedule.

use serde::{Deserialize, Serialize};

/// A finished backup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupStatus {
    pub path: String,
    pub bytes: u64,
    pub created_utc: i64,
    pub athletes: u32,
    pub activities: u32,
}

/// A running backup: bytes (or pages) `done` of `total` in its current stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupProgress {
    pub done: u64,
    pub total: u64,
}

/// Scheduled backups: into `folder`, when `schedule` is due (`every 24h`,
/// `daily 03:00 Europe/Berlin`), keeping the `keep` newest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupScheduleInfo {
    pub folder: String,
    pub schedule: String,
    pub keep: u32,
    /// When it is next due (Unix seconds), while the scheduler runs.
    pub next_utc: Option<i64>,
}
