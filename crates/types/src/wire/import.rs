//! Import outcomes and progress, shared by the shell, the CLI and the UI.

use serde::{Deserialize, Serialize};

use crate::ActivityId;

/// Result of importing one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum FileOutcome {
    Imported {
        path: String,
        id: ActivityId,
        name: String,
    },
    /// The same file, or the same recording in another format, is already stored.
    AlreadyPresent {
        path: String,
        id: ActivityId,
        /// Why it counts as present when it is not the same bytes, e.g. "the same
        /// ride as a FIT file already stored; kept as a linked file".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// A valid file that holds no activity (e.g. a settings FIT file).
    Skipped {
        path: String,
        reason: String,
    },
    Failed {
        path: String,
        reason: String,
    },
}

impl FileOutcome {
    pub fn path(&self) -> &str {
        match self {
            FileOutcome::Imported { path, .. }
            | FileOutcome::AlreadyPresent { path, .. }
            | FileOutcome::Skipped { path, .. }
            | FileOutcome::Failed { path, .. } => path,
        }
    }
    pub fn is_failure(&self) -> bool {
        matches!(self, FileOutcome::Failed { .. })
    }
}

/// Result of one import batch: one outcome per file, in the order found.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ImportReport {
    pub files: Vec<FileOutcome>,
    /// The import was cancelled: `not_started` files were left untouched (everything
    /// reported here is whole in the vault).
    #[serde(default)]
    pub cancelled: bool,
    #[serde(default)]
    pub not_started: u32,
    /// Why the import stopped by itself (the disk filled up): `not_started` files were
    /// left for a later import once the reason is dealt with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
}

impl ImportReport {
    fn count(&self, f: impl Fn(&FileOutcome) -> bool) -> usize {
        self.files.iter().filter(|o| f(o)).count()
    }
    pub fn imported(&self) -> usize {
        self.count(|o| matches!(o, FileOutcome::Imported { .. }))
    }
    pub fn already_present(&self) -> usize {
        self.count(|o| matches!(o, FileOutcome::AlreadyPresent { .. }))
    }
    pub fn skipped(&self) -> usize {
        self.count(|o| matches!(o, FileOutcome::Skipped { .. }))
    }
    pub fn failed(&self) -> usize {
        self.count(FileOutcome::is_failure)
    }
    /// One line a person can read, e.g. "2 imported, 1 already present, 1 failed".
    pub fn headline(&self) -> String {
        let mut parts = vec![format!("{} imported", self.imported())];
        for (n, what) in [
            (self.already_present(), "already present"),
            (self.skipped(), "skipped"),
            (self.failed(), "failed"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        if let Some(why) = &self.stopped {
            parts.push(format!("stopped: {why} ({} not started)", self.not_started));
        } else if self.cancelled {
            parts.push(format!("cancelled ({} not started)", self.not_started));
        }
        parts.join(", ")
    }
}

/// Where a running import is. Sent as the `import-progress` event and drawn by the
/// CLI's progress bar.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ImportProgress {
    pub files_done: u32,
    pub files_total: u32,
    pub bytes_done: u64,
    pub bytes_total: u64,
    /// The file most recently finished.
    pub current: String,
    pub elapsed_s: f64,
    /// Seconds left, from the byte rate so far; `None` until there is a rate.
    pub eta_s: Option<f64>,
    pub imported: u32,
    pub already_present: u32,
    pub skipped: u32,
    pub failed: u32,
}

impl ImportProgress {
    /// 0…1 by bytes (files differ in size far more than in count).
    pub fn fraction(&self) -> f64 {
        if self.bytes_total == 0 {
            return if self.files_total == 0 {
                1.0
            } else {
                f64::from(self.files_done) / f64::from(self.files_total)
            };
        }
        (self.bytes_done as f64 / self.bytes_total as f64).clamp(0.0, 1.0)
    }
}

/// Result of re-decoding stored original files with the current code.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReprocessReport {
    pub reprocessed: u32,
    /// Activities whose original could not be decoded now (they are left as they were).
    pub failed: Vec<ReprocessFailure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReprocessFailure {
    pub id: ActivityId,
    pub reason: String,
}

/// A folder Paceline watches for new activity files (a mounted watch's
/// `GARMIN/Activity`, a sync folder).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatchedFolder {
    pub path: String,
    /// Whether it exists and can be read right now (a watch may be unplugged).
    #[serde(default)]
    pub available: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_is_tagged_by_status() {
        let o = FileOutcome::Failed {
            path: "a.fit".into(),
            reason: "CRC mismatch".into(),
        };
        assert_eq!(
            serde_json::to_string(&o).unwrap(),
            r#"{"status":"failed","path":"a.fit","reason":"CRC mismatch"}"#
        );
        let p = FileOutcome::AlreadyPresent {
            path: "b".into(),
            id: 3,
            note: None,
        };
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            r#"{"status":"already_present","path":"b","id":3}"#
        );
    }

    #[test]
    fn headline_counts_each_outcome() {
        let mut r = ImportReport {
            files: vec![
                FileOutcome::Imported {
                    path: "a".into(),
                    id: 1,
                    name: "x".into(),
                },
                FileOutcome::AlreadyPresent {
                    path: "b".into(),
                    id: 1,
                    note: None,
                },
                FileOutcome::Failed {
                    path: "c".into(),
                    reason: "bad".into(),
                },
            ],
            ..Default::default()
        };
        assert_eq!(r.headline(), "1 imported, 1 already present, 1 failed");
        let full = ImportReport {
            stopped: Some("the disk is full".into()),
            not_started: 7,
            ..r.clone()
        };
        assert_eq!(
            full.headline(),
            "1 imported, 1 already present, 1 failed, stopped: the disk is full (7 not started)"
        );
        r.cancelled = true;
        r.not_started = 4;
        assert!(r.headline().ends_with("cancelled (4 not started)"));
    }

    #[test]
    fn progress_fraction_by_bytes() {
        let p = ImportProgress {
            files_done: 1,
            files_total: 4,
            bytes_done: 750,
            bytes_total: 1000,
            ..Default::default()
        };
        assert_eq!(p.fraction(), 0.75);
        assert_eq!(ImportProgress::default().fraction(), 1.0);
    }
}
