//! What a job is: its id, token, bookkeeping record, events and outcome.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A job's id, unique within one [`Jobs`](crate::Jobs) (counts up from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(pub u64);

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The store's athlete id. A job either belongs to one athlete or to none (app-wide work).
pub type AthleteId = i64;

/// Asks a job to stop. Cloning shares the flag; jobs check it between units of work.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A token that is not cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the job to stop (idempotent).
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// True once [`cancel`](Self::cancel) was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// The flag itself, for code that takes `&AtomicBool` (the importer).
    pub fn as_flag(&self) -> &AtomicBool {
        &self.0
    }
}

/// Where a job is in its life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobState {
    /// Started and not finished.
    Running,
    /// Finished normally.
    Done,
    /// Stopped after a cancel request.
    Cancelled,
    /// Returned an error or panicked; the message is for a person.
    Failed(String),
}

/// The bookkeeping record of a job, as listed and as carried by every event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobInfo {
    /// The job.
    pub id: JobId,
    /// What it does (`import`, `garmin-sync`, …); one per (kind, athlete) runs at a time.
    pub kind: String,
    /// Whose data it works on, if anyone's.
    pub athlete: Option<AthleteId>,
    /// When it started, unix seconds from the injected clock.
    pub started_utc: i64,
    /// When it finished (`None` while running).
    pub finished_utc: Option<i64>,
    /// Running, or how it ended.
    pub state: JobState,
}

/// How a job ended, with its result value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<P> {
    /// Finished normally with this result.
    Done(P),
    /// Stopped after a cancel request: `Some` if the job still returned a (partial) result,
    /// `None` if it returned an error or was dropped by the runtime's shutdown.
    Cancelled(Option<P>),
    /// Returned this error, or panicked (the message then says so).
    Failed(String),
}

impl<P> Outcome<P> {
    /// The [`JobState`] this outcome leaves the job in.
    pub fn state(&self) -> JobState {
        match self {
            Outcome::Done(_) => JobState::Done,
            Outcome::Cancelled(_) => JobState::Cancelled,
            Outcome::Failed(msg) => JobState::Failed(msg.clone()),
        }
    }
}

/// What subscribers hear. Every event carries the job's [`JobInfo`] (so its id): a UI keys
/// its notices by it, and a background sync never closes the toast of a drop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobEvent<P> {
    /// The job started (always the job's first event).
    Started(JobInfo),
    /// The job reported progress (in the order it reported it).
    Progress {
        /// The job (state `Running`).
        info: JobInfo,
        /// What the job reported.
        payload: P,
    },
    /// The job ended (always its last event); its (kind, athlete) slot is free again.
    Finished {
        /// The job, with its final state.
        info: JobInfo,
        /// How it ended.
        outcome: Outcome<P>,
    },
}

impl<P> JobEvent<P> {
    /// The job's record in this event.
    pub fn info(&self) -> &JobInfo {
        match self {
            JobEvent::Started(info) => info,
            JobEvent::Progress { info, .. } | JobEvent::Finished { info, .. } => info,
        }
    }
}
