//! Background work as a component of the app, not of the shell: imports, reprocess,
//! the demo seeding and the folder watcher run as jobs of `paceline-jobs` (an id, a
//! kind, an athlete, progress, a cancel token, an outcome; at most one per kind and
//! athlete). The desktop shell subscribes to their events; the CLI runs the same jobs
//! in the foreground.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use paceline_jobs::{Clock, JobCtx, Jobs, Outcome};
use paceline_types::{
    kind, AthleteId, ImportProgress, JobEvent, JobId, JobInfo, JobPayload, JobRecord, JobState,
};

use crate::{App, AppError, ImportOptions, Result};

/// The app's job registry and the events of every job.
pub(crate) struct JobRuntime {
    pub(crate) jobs: Jobs<JobPayload>,
}

impl JobRuntime {
    pub(crate) fn new(clock: Arc<dyn Clock>) -> Self {
        JobRuntime {
            jobs: Jobs::new(clock),
        }
    }

    /// The registry (for the jobs other modules start).
    pub(crate) fn inner(&self) -> &Jobs<JobPayload> {
        &self.jobs
    }

    /// The async runtime of network jobs.
    pub(crate) fn runtime(&self) -> tokio::runtime::Handle {
        self.jobs.runtime()
    }

    /// A running job of this athlete (any kind), if there is one.
    pub(crate) fn running_for(&self, athlete: AthleteId) -> Option<JobInfo> {
        self.jobs
            .list()
            .into_iter()
            .find(|j| j.athlete == Some(athlete) && j.state == paceline_jobs::JobState::Running)
            .map(|j| wire_info(&j))
    }
}

fn wire_state(s: &paceline_jobs::JobState) -> (JobState, Option<String>) {
    use paceline_jobs::JobState as S;
    match s {
        S::Running => (JobState::Running, None),
        S::Done => (JobState::Done, None),
        S::Cancelled => (JobState::Cancelled, None),
        S::Failed(e) => (JobState::Failed, Some(e.clone())),
    }
}

fn wire_info(j: &paceline_jobs::JobInfo) -> JobInfo {
    let (state, error) = wire_state(&j.state);
    JobInfo {
        id: j.id.0,
        kind: j.kind.clone(),
        athlete_id: j.athlete,
        started_utc: j.started_utc,
        finished_utc: j.finished_utc,
        state,
        error,
    }
}

/// A job event as the shell forwards it to the window.
pub fn wire_event(e: &paceline_jobs::JobEvent<JobPayload>) -> JobEvent {
    use paceline_jobs::JobEvent as E;
    match e {
        E::Started(info) => JobEvent {
            job: wire_info(info),
            payload: None,
        },
        E::Progress { info, payload } => JobEvent {
            job: wire_info(info),
            payload: Some(payload.clone()),
        },
        E::Finished { info, outcome } => JobEvent {
            job: wire_info(info),
            payload: match outcome {
                Outcome::Done(p) | Outcome::Cancelled(Some(p)) => Some(p.clone()),
                _ => None,
            },
        },
    }
}

/// Runs `f` as a job's body and records how it ended in the vault, so `jobs list`
/// (any process) shows it.
pub(crate) fn recorded(
    app: &App,
    ctx: &JobCtx<JobPayload>,
    f: impl FnOnce() -> Result<JobPayload, String>,
) -> Result<JobPayload, String> {
    let started_utc = app.now();
    let out = f();
    let (state, error) = match (&out, ctx.is_cancelled()) {
        (_, true) => ("cancelled", None),
        (Ok(_), false) => ("done", None),
        (Err(e), false) => ("failed", Some(e.clone())),
    };
    let summary = match &out {
        Ok(JobPayload::Imported { report, .. }) => report.headline(),
        Ok(JobPayload::Reprocessed(r)) => {
            format!("{} reprocessed, {} failed", r.reprocessed, r.failed.len())
        }
        Ok(JobPayload::BackedUp(b)) => format!("{} bytes to {}", b.bytes, b.path),
        Ok(JobPayload::Digest {
            week,
            delivery,
            error,
            ..
        }) => match (delivery, error) {
            (Some(d), Some(e)) => format!("digest {week}, WhatsApp {d}: {e}"),
            (Some(d), None) => format!("digest {week}, WhatsApp {d}"),
            _ => format!("digest {week}"),
        },
        Ok(JobPayload::CoachReview { week, source, .. }) => format!("review {week} ({source})"),
        Ok(JobPayload::DeepDone { run_id, .. }) => format!("deep analysis run {run_id}"),
        _ => String::new(),
    };
    let run = paceline_store::JobRun {
        kind: ctx.kind().to_string(),
        athlete_id: ctx.athlete(),
        started_utc,
        finished_utc: app.now(),
        state: state.into(),
        error,
        summary,
    };
    if let Err(e) = app.store.record_job_run(&run) {
        tracing::warn!(error = %e, "job not recorded");
    }
    out
}

fn record_state(s: &str) -> JobState {
    match s {
        "done" => JobState::Done,
        "cancelled" => JobState::Cancelled,
        _ => JobState::Failed,
    }
}

pub(crate) fn busy(e: paceline_jobs::JobError) -> AppError {
    match e {
        paceline_jobs::JobError::AlreadyRunning { kind, .. } => AppError::InvalidInput(format!(
            "a {kind} job is already running for this athlete; wait for it or cancel it"
        )),
        other => AppError::Internal(other.to_string()),
    }
}

/// Runs an import for `athlete` under a job context: progress as payloads, the
/// job's cancel token stops new files, the report is the outcome.
fn import_in_job(
    app: &App,
    athlete: AthleteId,
    paths: &[PathBuf],
    ctx: &JobCtx<JobPayload>,
) -> Result<JobPayload, String> {
    let scope = app.athlete(athlete).map_err(|e| e.to_string())?;
    let progress = |p: &ImportProgress| ctx.progress(JobPayload::ImportProgress(p.clone()));
    let report = scope.import_paths_with(
        paths,
        ImportOptions {
            progress: Some(&progress),
            cancel: Some(ctx.cancel_token().as_flag()),
            ..Default::default()
        },
    );
    Ok(JobPayload::Imported {
        athlete_id: athlete,
        report,
    })
}

impl App {
    /// Every job event from now on (the shell forwards them to the window).
    pub fn job_events(&self) -> std::sync::mpsc::Receiver<paceline_jobs::JobEvent<JobPayload>> {
        self.jobs.jobs.subscribe()
    }

    /// Running jobs first, then the most recent finished ones.
    pub fn list_jobs(&self) -> Vec<JobInfo> {
        self.jobs.jobs.list().iter().map(wire_info).collect()
    }

    /// The most recent finished jobs of every process, newest first.
    pub fn job_history(&self, limit: u32) -> Result<Vec<JobRecord>> {
        Ok(self
            .store
            .job_runs(limit)?
            .into_iter()
            .map(|r| JobRecord {
                kind: r.kind,
                athlete_id: r.athlete_id,
                started_utc: r.started_utc,
                finished_utc: r.finished_utc,
                state: record_state(&r.state),
                error: r.error,
                summary: r.summary,
            })
            .collect())
    }

    /// Asks a job to stop; `false` when no such job runs.
    pub fn cancel_job(&self, id: JobId) -> bool {
        self.jobs.jobs.cancel(paceline_jobs::JobId(id))
    }

    /// Waits for a job's end (tests, the CLI); `None` on time-out.
    pub fn wait_job(&self, id: JobId, timeout: Duration) -> Option<JobState> {
        self.jobs
            .jobs
            .wait(paceline_jobs::JobId(id), timeout)
            .map(|o| wire_state(&o.state()).0)
    }

    /// Imports `paths` for `athlete` in the background; progress and the report
    /// arrive as events of the returned job.
    pub fn start_import(
        self: &Arc<Self>,
        athlete: AthleteId,
        paths: Vec<PathBuf>,
    ) -> Result<JobId> {
        self.athlete(athlete)?;
        let app = self.clone();
        let id = self
            .jobs
            .jobs
            .start(kind::IMPORT, Some(athlete), move |ctx| {
                recorded(&app, ctx, || import_in_job(&app, athlete, &paths, ctx))
            })
            .map_err(busy)?;
        Ok(id.0)
    }

    /// The same import in the foreground (the CLI): same bookkeeping, same events.
    /// `cancel` is polled so Ctrl-C can stop it between files.
    pub fn run_import(
        &self,
        athlete: AthleteId,
        paths: &[PathBuf],
        on_progress: &(dyn Fn(&ImportProgress) + Sync),
        cancel: &std::sync::atomic::AtomicBool,
    ) -> Result<paceline_types::ImportReport> {
        let scope = self.athlete(athlete)?;
        let outcome = self
            .jobs
            .jobs
            .run_foreground(kind::IMPORT, Some(athlete), |ctx| {
                recorded(self, ctx, || {
                    let both = |p: &ImportProgress| {
                        on_progress(p);
                        ctx.progress(JobPayload::ImportProgress(p.clone()));
                    };
                    let report = scope.import_paths_with(
                        paths,
                        ImportOptions {
                            progress: Some(&both),
                            cancel: Some(cancel),
                            ..Default::default()
                        },
                    );
                    Ok(JobPayload::Imported {
                        athlete_id: athlete,
                        report,
                    })
                })
            })
            .map_err(busy)?;
        match outcome {
            Outcome::Done(JobPayload::Imported { report, .. })
            | Outcome::Cancelled(Some(JobPayload::Imported { report, .. })) => Ok(report),
            Outcome::Failed(e) => Err(AppError::Internal(e)),
            _ => Err(AppError::Internal(
                "the import ended without a report".into(),
            )),
        }
    }

    /// Reprocesses an athlete's activities in the background.
    pub fn start_reprocess(
        self: &Arc<Self>,
        athlete: AthleteId,
        ids: Option<Vec<i64>>,
    ) -> Result<JobId> {
        self.athlete(athlete)?;
        if let Some(ids) = &ids {
            // Refused here, not in the job, so the caller gets `not_found`.
            self.store.check_owned(athlete, ids)?;
        }
        let app = self.clone();
        let id = self
            .jobs
            .jobs
            .start(kind::REPROCESS, Some(athlete), move |ctx| {
                recorded(&app, ctx, || {
                    let scope = app.athlete(athlete).map_err(|e| e.to_string())?;
                    scope
                        .reprocess(ids.as_deref())
                        .map(JobPayload::Reprocessed)
                        .map_err(|e| e.to_string())
                })
            })
            .map_err(busy)?;
        Ok(id.0)
    }

    /// Seeds the demo athlete's history in the background (first start with `--demo`).
    pub fn start_demo(self: &Arc<Self>, athlete: AthleteId, weeks: u32) -> Result<JobId> {
        self.athlete(athlete)?;
        let app = self.clone();
        let id = self
            .jobs
            .jobs
            .start(kind::DEMO, Some(athlete), move |ctx| {
                recorded(&app, ctx, || {
                    let scope = app.athlete(athlete).map_err(|e| e.to_string())?;
                    let report = scope.seed_demo(weeks).map_err(|e| e.to_string())?;
                    Ok(JobPayload::Imported {
                        athlete_id: athlete,
                        report,
                    })
                })
            })
            .map_err(busy)?;
        Ok(id.0)
    }

    /// Watches every athlete's folders as one job; each batch a folder brings is a
    /// progress payload naming its athlete. Restarting replaces the running watcher.
    pub fn restart_watch(self: &Arc<Self>) -> Result<Option<JobId>> {
        if let Some(old) = self.jobs.jobs.running(kind::WATCH, None) {
            self.jobs.jobs.cancel(old);
            self.jobs.jobs.wait(old, Duration::from_secs(10));
        }
        let folders = self.store.all_watched_folders()?;
        if folders.is_empty() {
            return Ok(None);
        }
        let app = self.clone();
        let id = self
            .jobs
            .jobs
            .start(kind::WATCH, None, move |ctx| {
                let folders = folders
                    .into_iter()
                    .map(|(a, f)| (a, PathBuf::from(f)))
                    .collect();
                crate::watch::run(
                    &app,
                    folders,
                    true,
                    ctx.cancel_token().as_flag(),
                    |athlete_id, report| ctx.progress(JobPayload::Imported { athlete_id, report }),
                )
                .map_err(|e| e.to_string())?;
                Ok(JobPayload::WatchStopped)
            })
            .map_err(busy)?;
        Ok(Some(id.0))
    }

    /// Cancels every job and waits up to `grace` (quitting the app).
    pub fn shutdown_jobs(&self, grace: Duration) -> bool {
        self.jobs.jobs.shutdown(grace)
    }
}
