//! Paceline's jobs runtime and scheduler.
//!
//! A job has an id, a kind, an optional athlete, progress, a cancel token and an outcome
//! ([`Jobs`], [`JobCtx`], [`JobEvent`], [`Outcome`]); at most one job per (kind, athlete)
//! runs at a time. CPU work runs on its own thread, network work on a small tokio runtime
//! owned by [`Jobs`], and the CLI runs the same jobs in the foreground. A [`Scheduler`]
//! starts work at intervals or at local wall times ([`Schedule`], DST rules in
//! [`schedule`]), driven by an injected [`Clock`].
//!
//! The crate knows nothing of the store, Tauri or the wire types: the app gives each job
//! its closure and maps [`JobEvent`]s to whatever it shows.
//!
//! ```
//! use std::sync::Arc;
//! use std::time::Duration;
//! use paceline_jobs::{JobEvent, Jobs, Outcome, SystemClock};
//!
//! let jobs: Jobs<u32> = Jobs::new(Arc::new(SystemClock));
//! let events = jobs.subscribe();
//! let id = jobs.start("import", Some(1), |ctx| {
//!     for n in 1..=3 {
//!         if ctx.is_cancelled() {
//!             break;
//!         }
//!         ctx.progress(n); // reaches every subscriber as JobEvent::Progress, tagged with the id
//!     }
//!     Ok(3)
//! })?;
//! assert_eq!(jobs.wait(id, Duration::from_secs(5)), Some(Outcome::Done(3)));
//! assert!(matches!(events.recv()?, JobEvent::Started(info) if info.id == id));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

mod clock;
mod error;
mod job;
mod jobs;
pub mod schedule;
mod scheduler;

pub use clock::{local_day, validate_tz, Clock, ManualClock, SystemClock};
pub use error::{JobError, ScheduleError};
pub use job::{AthleteId, CancelToken, JobEvent, JobId, JobInfo, JobState, Outcome};
pub use jobs::{JobCtx, Jobs, FINISHED_KEPT};
pub use schedule::Schedule;
pub use scheduler::{spawn_scheduler, Scheduler, SchedulerHandle};
