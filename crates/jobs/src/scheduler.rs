//! Named schedule entries and the thread that fires them.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::clock::Clock;
use crate::error::{JobError, ScheduleError};
use crate::schedule::Schedule;

/// Schedule entries keyed by name (e.g. `garmin-sync:3`); the caller maps a due name to
/// the job it starts. Pure: the current time is always an argument.
#[derive(Debug, Default, Clone)]
pub struct Scheduler {
    entries: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    schedule: Schedule,
    next: i64,
}

impl Scheduler {
    /// An empty scheduler.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) entry `name`, first due at the schedule's first occurrence after
    /// `first_after_utc`; returns that instant. An invalid schedule is refused.
    pub fn add(
        &mut self,
        name: impl Into<String>,
        schedule: Schedule,
        first_after_utc: i64,
    ) -> Result<i64, ScheduleError> {
        let next = schedule.next_after(first_after_utc)?;
        self.entries.insert(name.into(), Entry { schedule, next });
        Ok(next)
    }

    /// Removes entry `name`; false if there was none.
    pub fn remove(&mut self, name: &str) -> bool {
        self.entries.remove(name).is_some()
    }

    /// The schedule of entry `name` and when it is next due.
    pub fn get(&self, name: &str) -> Option<(&Schedule, i64)> {
        self.entries.get(name).map(|e| (&e.schedule, e.next))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True without entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries due at `now_utc` (next occurrence ≤ now), earliest first; each is
    /// returned once and re-armed at its next occurrence after `now_utc`. So a clock jump
    /// over several occurrences fires an entry once, not once per missed occurrence.
    /// `Every` keeps its cadence from the first occurrence (no drift by the tick).
    /// An entry whose next occurrence cannot be computed (beyond year 9999) is dropped.
    pub fn due(&mut self, now_utc: i64) -> Vec<String> {
        let mut due: Vec<(i64, String)> = Vec::new();
        let mut dead = Vec::new();
        for (name, entry) in &mut self.entries {
            if entry.next > now_utc {
                continue;
            }
            due.push((entry.next, name.clone()));
            let next = match entry.schedule {
                Schedule::Every { seconds } => i64::try_from(seconds)
                    .ok()
                    .and_then(|s| {
                        let missed = (now_utc - entry.next) / s;
                        entry
                            .next
                            .checked_add(missed.checked_add(1)?.checked_mul(s)?)
                    })
                    .ok_or(ScheduleError::OutOfRange { utc: now_utc }),
                _ => entry.schedule.next_after(now_utc),
            };
            match next {
                Ok(next) => entry.next = next,
                Err(e) => {
                    tracing::warn!(entry = %name, error = %e, "schedule entry dropped");
                    dead.push(name.clone());
                }
            }
        }
        for name in dead {
            self.entries.remove(&name);
        }
        due.sort();
        due.into_iter().map(|(_, name)| name).collect()
    }

    /// The entry due first and when (ties: the first name).
    pub fn next_due(&self) -> Option<(String, i64)> {
        self.entries
            .iter()
            .min_by_key(|(name, e)| (e.next, *name))
            .map(|(name, e)| (name.clone(), e.next))
    }
}

/// Stops the scheduler thread of [`spawn_scheduler`] when dropped (or with [`stop`](Self::stop)).
#[derive(Debug)]
pub struct SchedulerHandle {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl SchedulerHandle {
    /// Stops the thread and waits for it (at most the end of an `on_due` call in progress).
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        // Dropping the sender wakes the thread at once.
        self.stop.take();
        if let Some(thread) = self.thread.take() {
            // Dropped from inside `on_due`: the thread ends after that call; do not self-join.
            if thread.thread().id() != std::thread::current().id() {
                let _ = thread.join();
            }
        }
    }
}

impl Drop for SchedulerHandle {
    fn drop(&mut self) {
        self.halt();
    }
}

/// Starts a thread that every `tick` asks `sched` which entries are due at `clock`'s now
/// and calls `on_due(name)` for each, outside the scheduler's lock (so `on_due` may add or
/// remove entries). A panicking `on_due` is logged and the thread carries on.
/// Fails only if the system refuses a thread.
pub fn spawn_scheduler(
    sched: Arc<Mutex<Scheduler>>,
    clock: Arc<dyn Clock>,
    tick: Duration,
    on_due: impl Fn(&str) + Send + 'static,
) -> Result<SchedulerHandle, JobError> {
    let (stop, stopped) = mpsc::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("paceline-scheduler".into())
        .spawn(move || loop {
            let due = {
                let mut s = sched.lock().unwrap_or_else(|p| p.into_inner());
                s.due(clock.now_utc())
            };
            for name in due {
                tracing::debug!(entry = %name, "schedule entry due");
                if catch_unwind(AssertUnwindSafe(|| on_due(&name))).is_err() {
                    tracing::error!(entry = %name, "the handler of a due schedule entry panicked");
                }
            }
            match stopped.recv_timeout(tick) {
                Err(RecvTimeoutError::Timeout) => {}
                Ok(()) | Err(RecvTimeoutError::Disconnected) => break,
            }
        });
    let thread = thread.map_err(|e| JobError::Spawn {
        kind: "scheduler".to_owned(),
        reason: e.to_string(),
    })?;
    Ok(SchedulerHandle {
        stop: Some(stop),
        thread: Some(thread),
    })
}
