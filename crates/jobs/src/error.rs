//! Typed errors of the jobs runtime and of schedules. Messages say what to do.

use crate::job::{AthleteId, JobId};

/// Why a job could not be started or run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JobError {
    /// A job of this kind already runs for this athlete (at most one per (kind, athlete)).
    #[error("a `{kind}` job is already running{} (job {existing}): wait for it to finish or cancel it first", for_athlete(*.athlete))]
    AlreadyRunning {
        /// The kind that was asked for.
        kind: String,
        /// The athlete that was asked for.
        athlete: Option<AthleteId>,
        /// The job that holds the (kind, athlete) slot.
        existing: JobId,
    },
    /// [`Jobs::shutdown`](crate::Jobs::shutdown) was called; no new job starts.
    #[error("cannot start a `{kind}` job: the jobs runtime is shutting down")]
    ShuttingDown {
        /// The kind that was asked for.
        kind: String,
    },
    /// The operating system refused a thread (for a job, or for the async runtime).
    #[error("could not start a `{kind}` job: {reason} (the system may be out of threads or memory; close other programs and retry)")]
    Spawn {
        /// The kind that was asked for.
        kind: String,
        /// The system's reason.
        reason: String,
    },
}

fn for_athlete(athlete: Option<AthleteId>) -> String {
    match athlete {
        Some(a) => format!(" for athlete {a}"),
        None => String::new(),
    }
}

/// A schedule that cannot be read or evaluated, or a time zone that is not known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// Not an IANA time zone name known to the embedded database.
    #[error(
        "unknown time zone `{tz}`: use an IANA name such as `Europe/Berlin` or `America/New_York`"
    )]
    UnknownZone {
        /// The name as given.
        tz: String,
    },
    /// An hour above 23 or a minute above 59.
    #[error("invalid time of day {hour:02}:{minute:02}: use 00:00 to 23:59")]
    InvalidTime {
        /// The hour as given.
        hour: u8,
        /// The minute as given.
        minute: u8,
    },
    /// A weekday outside 1 (Monday) ..= 7 (Sunday).
    #[error("invalid weekday {0}: use 1 (Monday) to 7 (Sunday)")]
    InvalidWeekday(u8),
    /// `Every { seconds: 0 }` would fire continuously.
    #[error("an interval of zero never advances: use at least `every 1s`")]
    ZeroInterval,
    /// The schedule text could not be read.
    #[error("cannot read schedule `{input}`: {reason}; write e.g. `every 6h`, `daily 07:00 Europe/Berlin` or `mon 07:00 America/New_York`")]
    Parse {
        /// The text as given.
        input: String,
        /// What was wrong with it.
        reason: String,
    },
    /// An instant (unix seconds) outside the years -9999..=9999.
    #[error("time {utc} (unix seconds) is outside the supported range of years -9999 to 9999")]
    OutOfRange {
        /// The instant that could not be handled.
        utc: i64,
    },
}
