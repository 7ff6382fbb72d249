//! The record of finished background jobs, kept for `jobs list` and the settings'
//! logs (the Garmin sync log will be one more kind). Old rows are trimmed.

use rusqlite::params;

use crate::{Result, Store};

/// How many finished jobs are kept.
const KEPT: i64 = 500;

/// One finished job as the vault keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct JobRun {
    pub kind: String,
    pub athlete_id: Option<i64>,
    pub started_utc: i64,
    pub finished_utc: i64,
    /// "done", "cancelled" or "failed".
    pub state: String,
    pub error: Option<String>,
    /// One line a person reads, e.g. the import's headline.
    pub summary: String,
}

impl Store {
    pub fn record_job_run(&self, r: &JobRun) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO job_run(kind, athlete_id, started_utc, finished_utc, state, error, summary)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![r.kind, r.athlete_id, r.started_utc, r.finished_utc, r.state, r.error, r.summary],
            )?;
            tx.execute(
                "DELETE FROM job_run WHERE id <= (SELECT max(id) FROM job_run) - ?1",
                [KEPT],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// The most recent finished jobs, newest first.
    pub fn job_runs(&self, limit: u32) -> Result<Vec<JobRun>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT kind, athlete_id, started_utc, finished_utc, state, error, summary
                 FROM job_run ORDER BY id DESC LIMIT ?1",
            )?;
            let rows = st.query_map([limit], |r| {
                Ok(JobRun {
                    kind: r.get(0)?,
                    athlete_id: r.get(1)?,
                    started_utc: r.get(2)?,
                    finished_utc: r.get(3)?,
                    state: r.get(4)?,
                    error: r.get(5)?,
                    summary: r.get(6)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
