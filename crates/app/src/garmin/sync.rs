//! The sync job (kind `garmin_sync`): new activities, then wellness days, each step
//! written whole (an activity with its Garmin id and the cursor in one go; a range of
//! days with the wellness cursor), a sync log row at the end whatever happened.
//!
//! Activities: the list is paged newest first down to the cursor; the new ones are
//! handled oldest first, and each moves the cursor, so a first-run backfill that is
//! cancelled or killed resumes where it stopped. The original file goes through the
//! normal importer, so an activity dropped as a file before is recognised (same bytes,
//! or the same recording) and gets the Garmin id instead of a twin.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use paceline_garmin::{GarminClient, GarminError, OriginalFile};
use paceline_jobs::Outcome;
use paceline_store::GarminSyncLogRow;
use paceline_types::{
    kind, AthleteId, FileOutcome, GarminSyncPhase, GarminSyncProgress, GarminSyncReport,
    GarminSyncScope, JobId, JobPayload,
};

use super::garmin_err;
use crate::{App, AppError, Result};

/// What to sync.
#[derive(Debug, Clone, Copy, Default)]
pub struct GarminSyncOptions {
    pub scope: GarminSyncScope,
    /// The first day (days since 1970-01-01) a first-run backfill reaches back to
    /// (activities), and where wellness starts when it never ran; `None`: the whole
    /// activity history and the last 28 days of wellness.
    pub since_day: Option<i32>,
}

/// Page size of the list: small for an incremental sync (the cursor is near the top),
/// large for a backfill.
const PAGE_INCREMENTAL: u32 = 20;
const PAGE_BACKFILL: u32 = 100;

/// Everything a running sync reports through.
pub(super) struct Run<'a> {
    pub client: GarminClient,
    pub report: GarminSyncReport,
    pub started: Instant,
    pub progress: &'a (dyn Fn(&GarminSyncProgress) + Sync),
    pub cancelled: &'a (dyn Fn() -> bool + Sync),
}

impl Run<'_> {
    pub fn tell(&self, phase: GarminSyncPhase, done: usize, total: usize) {
        (self.progress)(&GarminSyncProgress {
            phase,
            done: done as u32,
            total: total as u32,
            new_activities: self.report.new_activities,
            new_days: self.report.new_days,
            requests: self.client.requests(),
            elapsed_s: self.started.elapsed().as_secs_f64(),
        });
    }

    /// Checks the cancel flag, noting it in the report.
    pub fn stop(&mut self) -> bool {
        if (self.cancelled)() {
            self.report.cancelled = true;
        }
        self.report.cancelled
    }
}

impl App {
    /// Starts a sync of the athlete in the background (one at a time per athlete);
    /// progress and the report arrive as events of the returned job. Cancelling it
    /// pauses: the next sync resumes from the cursor.
    pub fn start_garmin_sync(
        self: &Arc<Self>,
        athlete: AthleteId,
        opts: GarminSyncOptions,
    ) -> Result<JobId> {
        self.athlete(athlete)?;
        if self.garmin_tokens(athlete)?.is_none() {
            return Err(not_connected());
        }
        let app = self.clone();
        let id = self
            .jobs
            .inner()
            .start_async(kind::GARMIN_SYNC, Some(athlete), move |ctx| async move {
                let progress = |p: &GarminSyncProgress| {
                    ctx.progress(JobPayload::GarminSyncProgress(p.clone()))
                };
                let cancelled = || ctx.is_cancelled();
                app.garmin_sync(athlete, opts, &progress, &cancelled)
                    .await
                    .map(|report| JobPayload::GarminSynced {
                        athlete_id: athlete,
                        report,
                    })
                    .map_err(|e| e.to_string())
            })
            .map_err(crate::jobs::busy)?;
        Ok(id.0)
    }

    /// The same sync in the foreground (the CLI), as a job of the same kind; `cancel`
    /// is polled between activities and ranges of days.
    pub fn run_garmin_sync(
        self: &Arc<Self>,
        athlete: AthleteId,
        opts: GarminSyncOptions,
        on_progress: &(dyn Fn(&GarminSyncProgress) + Sync),
        cancel: &AtomicBool,
    ) -> Result<GarminSyncReport> {
        self.athlete(athlete)?;
        let failure: Mutex<Option<AppError>> = Mutex::new(None);
        let outcome = self
            .jobs
            .inner()
            .run_foreground(kind::GARMIN_SYNC, Some(athlete), |ctx| {
                let both = |p: &GarminSyncProgress| {
                    on_progress(p);
                    ctx.progress(JobPayload::GarminSyncProgress(p.clone()));
                };
                let cancelled = || cancel.load(Ordering::Relaxed) || ctx.is_cancelled();
                match self.block_on(self.garmin_sync(athlete, opts, &both, &cancelled)) {
                    Ok(report) => Ok(JobPayload::GarminSynced {
                        athlete_id: athlete,
                        report,
                    }),
                    Err(e) => {
                        let text = e.to_string();
                        *failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                        Err(text)
                    }
                }
            })
            .map_err(crate::jobs::busy)?;
        match outcome {
            Outcome::Done(JobPayload::GarminSynced { report, .. })
            | Outcome::Cancelled(Some(JobPayload::GarminSynced { report, .. })) => Ok(report),
            Outcome::Failed(text) => Err(failure
                .into_inner()
                .unwrap_or_else(|p| p.into_inner())
                .unwrap_or(AppError::Internal(text))),
            _ => Err(AppError::Internal("the sync ended without a report".into())),
        }
    }

    /// One sync: activities, then wellness, then the log row (also on failure).
    async fn garmin_sync(
        self: &Arc<Self>,
        athlete: AthleteId,
        opts: GarminSyncOptions,
        progress: &(dyn Fn(&GarminSyncProgress) + Sync),
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Result<GarminSyncReport> {
        let client = self.garmin_client(athlete)?;
        let started_utc = self.now();
        let log_id = self.store.garmin_log_start(athlete, started_utc)?;
        let mut run = Run {
            client,
            report: GarminSyncReport::default(),
            started: Instant::now(),
            progress,
            cancelled,
        };
        tracing::info!(athlete, scope = ?opts.scope, "garmin sync started");
        let mut r = Ok(());
        if opts.scope != GarminSyncScope::WellnessOnly {
            r = self.sync_activities(athlete, opts, &mut run).await;
        }
        if r.is_ok() && !run.report.cancelled && opts.scope != GarminSyncScope::ActivitiesOnly {
            r = self.sync_wellness(athlete, opts, &mut run).await;
        }
        run.report.requests = run.client.requests();
        run.report.elapsed_s = run.started.elapsed().as_secs_f64();
        let (outcome, error) = match &r {
            Err(e) => ("failed", Some(e.to_string())),
            Ok(()) if run.report.cancelled => ("cancelled", None),
            Ok(()) => ("done", None),
        };
        let row = GarminSyncLogRow {
            id: log_id,
            started_utc,
            finished_utc: Some(self.now()),
            requests: run.report.requests as i64,
            new_activities: run.report.new_activities.into(),
            new_days: run.report.new_days.into(),
            outcome: outcome.into(),
            error: error.clone(),
        };
        if let Err(e) = self.store.garmin_log_finish(athlete, &row) {
            tracing::warn!(error = %e, "garmin sync log not written");
        }
        // also in the jobs history (`paceline jobs list`, any process)
        let run_row = paceline_store::JobRun {
            kind: kind::GARMIN_SYNC.into(),
            athlete_id: Some(athlete),
            started_utc,
            finished_utc: self.now(),
            state: outcome.into(),
            error,
            summary: format!(
                "{} new activities, {} new days, {} requests",
                run.report.new_activities, run.report.new_days, run.report.requests
            ),
        };
        if let Err(e) = self.store.record_job_run(&run_row) {
            tracing::warn!(error = %e, "garmin sync not recorded");
        }
        tracing::info!(
            athlete,
            outcome,
            requests = run.report.requests,
            new_activities = run.report.new_activities,
            new_days = run.report.new_days,
            "garmin sync finished"
        );
        r.map(|()| run.report)
    }

    async fn sync_activities(
        &self,
        athlete: AthleteId,
        opts: GarminSyncOptions,
        run: &mut Run<'_>,
    ) -> Result<()> {
        let mut state = self.store.garmin_state(athlete)?;
        if !state.backfill_done && state.last_activity_id.is_none() && opts.since_day.is_some() {
            self.store
                .set_garmin_backfill(athlete, opts.since_day, false)?;
            state.backfill_since_day = opts.since_day;
        }
        run.tell(GarminSyncPhase::Listing, 0, 0);
        let page = if state.backfill_done {
            PAGE_INCREMENTAL
        } else {
            PAGE_BACKFILL
        };
        let mut list = run
            .client
            .list_activities_since(state.last_activity_id, page)
            .await
            .map_err(garmin_err)?;
        if let Some(since) = state.backfill_since_day {
            list.retain(|a| {
                a.start_gmt
                    .is_none_or(|t| t.as_second().div_euclid(86_400) >= i64::from(since))
            });
        }
        list.reverse(); // oldest first: the cursor only ever moves forward
        let known = self.store.garmin_activity_ids(athlete)?;
        let total = list.len();
        run.tell(GarminSyncPhase::Activities, 0, total);
        for (i, a) in list.iter().enumerate() {
            if run.stop() {
                return Ok(());
            }
            let stored = if known.contains(&a.id) {
                None
            } else {
                match download(&run.client, a.id).await {
                    Ok(file) => self.import_original(athlete, a.id, file, &mut run.report)?,
                    Err(GarminError::NotFound { .. }) => {
                        tracing::info!(garmin_id = a.id, "listed but gone from Garmin: skipped");
                        run.report.skipped += 1;
                        None
                    }
                    Err(e) => return Err(garmin_err(e)),
                }
            };
            self.store
                .garmin_activity_synced(athlete, a.id, stored, self.now())?;
            run.tell(GarminSyncPhase::Activities, i + 1, total);
        }
        if !state.backfill_done {
            self.store
                .set_garmin_backfill(athlete, state.backfill_since_day, true)?;
        }
        Ok(())
    }

    /// Hands the original to the importer; the vault id it is stored under (new or
    /// already there), `None` when it is not an activity file.
    fn import_original(
        &self,
        athlete: AthleteId,
        garmin_id: i64,
        file: OriginalFile,
        report: &mut GarminSyncReport,
    ) -> Result<Option<i64>> {
        let scope = self.athlete(athlete)?;
        let opts = crate::import::ImportOptions {
            garmin_link: Some((garmin_id, self.now())),
            ..Default::default()
        };
        let rep = crate::import::import_memory(&scope, vec![(file.file_name, file.bytes)], opts);
        match rep.files.into_iter().next() {
            Some(FileOutcome::Imported { id, .. }) => {
                report.new_activities += 1;
                report.activity_ids.push(id);
                Ok(Some(id))
            }
            Some(FileOutcome::AlreadyPresent { id, .. }) => {
                report.already_present += 1;
                Ok(Some(id))
            }
            Some(FileOutcome::Failed { reason, .. }) if reason.starts_with("could not store") => {
                Err(AppError::Internal(format!(
                    "Garmin activity {garmin_id}: {reason}"
                )))
            }
            Some(FileOutcome::Skipped { reason, .. } | FileOutcome::Failed { reason, .. }) => {
                tracing::warn!(garmin_id, %reason, "Garmin original not imported: skipped");
                report.skipped += 1;
                Ok(None)
            }
            None => Ok(None),
        }
    }
}

/// The original file; a cut-off ZIP is fetched once more before giving up.
async fn download(client: &GarminClient, id: i64) -> Result<OriginalFile, GarminError> {
    match client.download_original(id).await {
        Err(GarminError::BadZip(why)) => {
            tracing::info!(garmin_id = id, %why, "broken download; fetching it again");
            client.download_original(id).await
        }
        r => r,
    }
}

pub(super) fn not_connected() -> AppError {
    AppError::InvalidInput(
        "not connected to Garmin Connect: sign in first (paceline garmin login)".into(),
    )
}
