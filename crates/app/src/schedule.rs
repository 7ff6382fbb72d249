//! The app's scheduler: named entries that start jobs at intervals or at local times
//! (an IANA zone; DST handled by `paceline-jobs`), on the app's one clock. Garmin sync,
//! the weekly review, digests and backups register here; the desktop shell runs it,
//! the CLI does not need to.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use paceline_jobs::{spawn_scheduler, Schedule, Scheduler, SchedulerHandle};
use paceline_types::JobId;

use crate::{App, AppError, Result};

/// What a schedule entry does when due: start a job of the app.
pub type ScheduledStart = Arc<dyn Fn(&Arc<App>) -> Result<JobId> + Send + Sync>;

#[derive(Default)]
pub(crate) struct Schedules {
    entries: Arc<Mutex<Scheduler>>,
    starts: Arc<Mutex<HashMap<String, ScheduledStart>>>,
    running: Mutex<Option<SchedulerHandle>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl App {
    /// Starts `start` whenever `schedule` is due, from now on; an entry of the same name
    /// is replaced. Returns when it is first due (Unix seconds).
    pub fn schedule(
        &self,
        name: &str,
        schedule: Schedule,
        start: impl Fn(&Arc<App>) -> Result<JobId> + Send + Sync + 'static,
    ) -> Result<i64> {
        let first = lock(&self.schedules.entries)
            .add(name, schedule, self.now())
            .map_err(|e| AppError::InvalidInput(e.to_string()))?;
        lock(&self.schedules.starts).insert(name.to_string(), Arc::new(start));
        Ok(first)
    }

    /// Removes a schedule entry; `false` when there was none of that name.
    pub fn unschedule(&self, name: &str) -> bool {
        lock(&self.schedules.starts).remove(name);
        lock(&self.schedules.entries).remove(name)
    }

    /// The entries and when each is next due.
    pub fn schedules(&self) -> Vec<(String, String, i64)> {
        let entries = lock(&self.schedules.entries);
        lock(&self.schedules.starts)
            .keys()
            .filter_map(|n| {
                entries
                    .get(n)
                    .map(|(s, due)| (n.clone(), s.to_string(), due))
            })
            .collect()
    }

    /// Runs the scheduler on a thread of its own, checking every `tick`; a due entry
    /// whose job is still running is skipped (logged), never queued twice.
    pub fn start_scheduler(self: &Arc<Self>, tick: Duration) -> Result<()> {
        // A weak handle: the scheduler thread must not keep the app alive.
        let app: Weak<App> = Arc::downgrade(self);
        let starts = self.schedules.starts.clone();
        let handle = spawn_scheduler(
            self.schedules.entries.clone(),
            self.clock.clone(),
            tick,
            move |name| {
                let Some(app) = app.upgrade() else { return };
                let Some(start) = lock(&starts).get(name).cloned() else {
                    return;
                };
                match start(&app) {
                    Ok(job) => tracing::info!(schedule = name, job, "scheduled job started"),
                    Err(e) => {
                        tracing::warn!(schedule = name, error = %e, "scheduled job not started")
                    }
                }
            },
        )
        .map_err(|e| AppError::Internal(e.to_string()))?;
        *lock(&self.schedules.running) = Some(handle);
        Ok(())
    }
}
