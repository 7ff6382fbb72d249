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

/// The Backups card: the last backup and the schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupOverview {
    pub last: Option<BackupStatus>,
    pub schedule: Option<BackupScheduleInfo>,
}

/// A backup passphrase on its way from the window to the shell: never shown in
/// Debug output (the shell's logs print arguments).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Passphrase(pub String);

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase([REDACTED])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passphrase_never_reaches_debug_output() {
        let p = Passphrase("hunter2-secret".into());
        assert!(!format!("{p:?}").contains("hunter2"));
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"hunter2-secret\"");
    }
}
