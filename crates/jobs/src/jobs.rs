//! The runtime: starts jobs on threads or on the tokio runtime, keeps the books, and
//! sends every event to every subscriber.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::runtime::{Handle, Runtime};

use crate::clock::Clock;
use crate::error::JobError;
use crate::job::{AthleteId, CancelToken, JobEvent, JobId, JobInfo, JobState, Outcome};

/// How many finished jobs [`Jobs::list`] and [`Jobs::wait`] remember.
pub const FINISHED_KEPT: usize = 64;

/// Worker threads of the async runtime: HTTP jobs wait on the network, not the CPU.
const ASYNC_WORKERS: usize = 2;

/// What a running job sees: who it is, whether it should stop, and where to report progress.
pub struct JobCtx<P: Clone + Send + 'static> {
    info: JobInfo,
    cancel: CancelToken,
    shared: Arc<Shared<P>>,
}

impl<P: Clone + Send + 'static> Clone for JobCtx<P> {
    fn clone(&self) -> Self {
        Self {
            info: self.info.clone(),
            cancel: self.cancel.clone(),
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<P: Clone + Send + 'static> JobCtx<P> {
    /// This job's id.
    pub fn id(&self) -> JobId {
        self.info.id
    }

    /// This job's kind.
    pub fn kind(&self) -> &str {
        &self.info.kind
    }

    /// The athlete this job works for, if any.
    pub fn athlete(&self) -> Option<AthleteId> {
        self.info.athlete
    }

    /// This job's cancel token (`.as_flag()` for code that takes `&AtomicBool`).
    pub fn cancel_token(&self) -> &CancelToken {
        &self.cancel
    }

    /// True once someone asked this job to stop.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    /// Sends [`JobEvent::Progress`] to every subscriber now. Not throttled: the job decides
    /// how often (e.g. per batch). Ignored once the job has finished (a clone of the context
    /// kept by a helper task), so `Finished` stays the job's last event.
    pub fn progress(&self, payload: P) {
        let book = lock(&self.shared.book);
        if !book.running.contains_key(&self.info.id) {
            tracing::debug!(job = %self.info.id, "progress after the job finished is ignored");
            return;
        }
        self.shared.emit(JobEvent::Progress {
            info: self.info.clone(),
            payload,
        });
        drop(book);
    }
}

impl<P: Clone + Send + 'static> fmt::Debug for JobCtx<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JobCtx")
            .field("info", &self.info)
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

impl<P: Clone + Send + 'static> fmt::Debug for Jobs<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Jobs").field("jobs", &self.list()).finish()
    }
}

/// The jobs runtime. A cheap, clonable handle: clones share the same jobs, subscribers and
/// async runtime. At most one job per (kind, athlete) runs at a time; a job's progress and
/// outcome are values of `P` (the app's progress type).
pub struct Jobs<P: Clone + Send + 'static> {
    owner: Arc<Owner<P>>,
}

impl<P: Clone + Send + 'static> Clone for Jobs<P> {
    fn clone(&self) -> Self {
        Self {
            owner: Arc::clone(&self.owner),
        }
    }
}

/// Owned by the handles only (never by a job), so the runtime goes when the last handle does.
struct Owner<P: Clone + Send + 'static> {
    shared: Arc<Shared<P>>,
    runtime: Mutex<Option<Runtime>>,
}

struct Shared<P: Clone + Send + 'static> {
    clock: Arc<dyn Clock>,
    next_id: AtomicU64,
    book: Mutex<Book<P>>,
    /// Signalled whenever a job finishes.
    finished: Condvar,
    subscribers: Mutex<Vec<Sender<JobEvent<P>>>>,
}

struct Book<P> {
    running: BTreeMap<JobId, (JobInfo, CancelToken)>,
    slots: HashMap<(String, Option<AthleteId>), JobId>,
    /// Newest first.
    done: VecDeque<(JobInfo, Outcome<P>)>,
    shutting_down: bool,
}

/// Locks, ignoring poisoning: no job code runs under these locks, and the books stay
/// consistent between statements, so a panic elsewhere must not take the runtime down.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl<P: Clone + Send + 'static> Shared<P> {
    /// Claims the (kind, athlete) slot and announces the job. `Started` is sent under the
    /// books' lock, so it precedes the job's other events and follows the previous holder's
    /// `Finished`.
    fn register(
        self: &Arc<Self>,
        kind: &str,
        athlete: Option<AthleteId>,
    ) -> Result<JobCtx<P>, JobError> {
        let mut book = lock(&self.book);
        if book.shutting_down {
            return Err(JobError::ShuttingDown {
                kind: kind.to_owned(),
            });
        }
        let slot = (kind.to_owned(), athlete);
        if let Some(&existing) = book.slots.get(&slot) {
            return Err(JobError::AlreadyRunning {
                kind: kind.to_owned(),
                athlete,
                existing,
            });
        }
        let id = JobId(self.next_id.fetch_add(1, Ordering::Relaxed));
        let info = JobInfo {
            id,
            kind: kind.to_owned(),
            athlete,
            started_utc: self.clock.now_utc(),
            finished_utc: None,
            state: JobState::Running,
        };
        let cancel = CancelToken::new();
        book.slots.insert(slot, id);
        book.running.insert(id, (info.clone(), cancel.clone()));
        tracing::info!(job = %id, kind, athlete, "job started");
        self.emit(JobEvent::Started(info.clone()));
        Ok(JobCtx {
            info,
            cancel,
            shared: Arc::clone(self),
        })
    }

    /// Records the outcome, frees the slot, tells subscribers, then wakes waiters.
    fn finish(&self, ctx: &JobCtx<P>, outcome: Outcome<P>) {
        let mut book = lock(&self.book);
        let id = ctx.info.id;
        book.running.remove(&id);
        let slot = (ctx.info.kind.clone(), ctx.info.athlete);
        if book.slots.get(&slot) == Some(&id) {
            book.slots.remove(&slot);
        }
        let mut info = ctx.info.clone();
        info.state = outcome.state();
        info.finished_utc = Some(self.clock.now_utc());
        match &info.state {
            JobState::Failed(error) => {
                tracing::warn!(job = %id, kind = %info.kind, %error, "job failed")
            }
            state => tracing::info!(job = %id, kind = %info.kind, ?state, "job finished"),
        }
        book.done.push_front((info.clone(), outcome.clone()));
        book.done.truncate(FINISHED_KEPT);
        self.emit(JobEvent::Finished { info, outcome });
        drop(book);
        self.finished.notify_all();
    }

    /// Sends to every live subscriber; receivers that are gone are dropped from the list.
    fn emit(&self, event: JobEvent<P>) {
        lock(&self.subscribers).retain(|s| s.send(event.clone()).is_ok());
    }
}

/// Finishes a job exactly once: explicitly, or — if the job's future is dropped unfinished
/// (the runtime shut down) — on drop, so the slot is always released.
struct Finisher<P: Clone + Send + 'static>(Option<JobCtx<P>>);

impl<P: Clone + Send + 'static> Finisher<P> {
    fn finish(mut self, outcome: Outcome<P>) {
        if let Some(ctx) = self.0.take() {
            ctx.shared.finish(&ctx, outcome);
        }
    }
}

impl<P: Clone + Send + 'static> Drop for Finisher<P> {
    fn drop(&mut self) {
        if let Some(ctx) = self.0.take() {
            let outcome = if ctx.is_cancelled() {
                Outcome::Cancelled(None)
            } else {
                Outcome::Failed(format!(
                    "the `{}` job was stopped before it finished because Paceline is closing",
                    ctx.kind()
                ))
            };
            ctx.shared.finish(&ctx, outcome);
        }
    }
}

/// A job's return (or panic) → its outcome. `Ok` after a cancel request is `Cancelled(Some)`.
fn outcome_of<P>(
    ctx_kind: &str,
    cancelled: bool,
    result: std::thread::Result<Result<P, String>>,
) -> Outcome<P> {
    match result {
        Ok(Ok(p)) if cancelled => Outcome::Cancelled(Some(p)),
        Ok(Ok(p)) => Outcome::Done(p),
        Ok(Err(error)) if cancelled => {
            tracing::debug!(kind = ctx_kind, %error, "cancelled job returned an error");
            Outcome::Cancelled(None)
        }
        Ok(Err(error)) => Outcome::Failed(error),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_owned());
            Outcome::Failed(format!(
                "the `{ctx_kind}` job panicked: {msg} (this is a bug in Paceline; please report it with the log file)"
            ))
        }
    }
}

/// `job-<kind>-<id>` with anything but ASCII letters, digits, `-` and `_` replaced: a NUL
/// in a thread name would make `spawn` panic.
fn thread_name(kind: &str, id: JobId) -> String {
    let kind: String = kind
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("job-{kind}-{id}")
}

/// A future whose panics come out as `Err`, like `catch_unwind` for a closure.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = std::thread::Result<F::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let fut = self.get_mut().0.as_mut();
        match catch_unwind(AssertUnwindSafe(|| fut.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(v)) => Poll::Ready(Ok(v)),
            Err(panic) => Poll::Ready(Err(panic)),
        }
    }
}

impl<P: Clone + Send + 'static> Jobs<P> {
    /// A runtime with no jobs; `clock` stamps start and finish times.
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            owner: Arc::new(Owner {
                shared: Arc::new(Shared {
                    clock,
                    next_id: AtomicU64::new(1),
                    book: Mutex::new(Book {
                        running: BTreeMap::new(),
                        slots: HashMap::new(),
                        done: VecDeque::new(),
                        shutting_down: false,
                    }),
                    finished: Condvar::new(),
                    subscribers: Mutex::new(Vec::new()),
                }),
                runtime: Mutex::new(None),
            }),
        }
    }

    fn shared(&self) -> &Arc<Shared<P>> {
        &self.owner.shared
    }

    /// Starts `f` on its own thread (CPU work such as an import) and returns at once.
    ///
    /// At most one job per (kind, athlete) at a time: while one runs, another start returns
    /// [`JobError::AlreadyRunning`] with the running job's id. A job that returns `Ok` after
    /// a cancel request is reported [`Outcome::Cancelled`]`(Some(p))`; a panic is caught and
    /// reported [`Outcome::Failed`], and the slot is released either way.
    pub fn start<F>(&self, kind: &str, athlete: Option<AthleteId>, f: F) -> Result<JobId, JobError>
    where
        F: FnOnce(&JobCtx<P>) -> Result<P, String> + Send + 'static,
    {
        let ctx = self.shared().register(kind, athlete)?;
        let id = ctx.id();
        let job = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name(thread_name(kind, id))
            .spawn(move || {
                let finisher = Finisher(Some(job.clone()));
                let result = catch_unwind(AssertUnwindSafe(|| f(&job)));
                finisher.finish(outcome_of(job.kind(), job.is_cancelled(), result));
            });
        if let Err(e) = spawned {
            let reason = e.to_string();
            self.shared().finish(
                &ctx,
                Outcome::Failed(format!("could not start a thread: {reason}")),
            );
            return Err(JobError::Spawn {
                kind: kind.to_owned(),
                reason,
            });
        }
        Ok(id)
    }

    /// Starts the future made by `f` on the async [`runtime`](Self::runtime) (network work)
    /// and returns at once. Same slot, cancel and panic rules as [`start`](Self::start); an
    /// async job should also check [`JobCtx::is_cancelled`] between awaits.
    pub fn start_async<F, Fut>(
        &self,
        kind: &str,
        athlete: Option<AthleteId>,
        f: F,
    ) -> Result<JobId, JobError>
    where
        F: FnOnce(JobCtx<P>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<P, String>> + Send + 'static,
    {
        let handle = self.try_runtime(kind)?;
        let ctx = self.shared().register(kind, athlete)?;
        let id = ctx.id();
        // Made before the task, so a task dropped unpolled (runtime shutting down) still
        // finishes its job.
        let finisher = Finisher(Some(ctx.clone()));
        handle.spawn(async move {
            let kind = ctx.kind().to_owned();
            let token = ctx.cancel_token().clone();
            let result = match catch_unwind(AssertUnwindSafe(|| f(ctx))) {
                Ok(fut) => CatchUnwind(Box::pin(fut)).await,
                Err(panic) => Err(panic),
            };
            finisher.finish(outcome_of(&kind, token.is_cancelled(), result));
        });
        Ok(id)
    }

    /// Runs `f` on the calling thread (the CLI's foreground run) with the same bookkeeping,
    /// slot rule and events as [`start`](Self::start), and returns its outcome.
    pub fn run_foreground<F>(
        &self,
        kind: &str,
        athlete: Option<AthleteId>,
        f: F,
    ) -> Result<Outcome<P>, JobError>
    where
        F: FnOnce(&JobCtx<P>) -> Result<P, String>,
    {
        let ctx = self.shared().register(kind, athlete)?;
        let finisher = Finisher(Some(ctx.clone()));
        let result = catch_unwind(AssertUnwindSafe(|| f(&ctx)));
        let outcome = outcome_of(ctx.kind(), ctx.is_cancelled(), result);
        finisher.finish(outcome.clone());
        Ok(outcome)
    }

    /// Asks job `id` to stop; false if it is not running.
    pub fn cancel(&self, id: JobId) -> bool {
        match lock(&self.shared().book).running.get(&id) {
            Some((_, token)) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    /// Running jobs (oldest first), then up to [`FINISHED_KEPT`] finished ones (newest first).
    pub fn list(&self) -> Vec<JobInfo> {
        let book = lock(&self.shared().book);
        book.running
            .values()
            .map(|(info, _)| info.clone())
            .chain(book.done.iter().map(|(info, _)| info.clone()))
            .collect()
    }

    /// The running job of this (kind, athlete), if any: what a second start would collide with.
    pub fn running(&self, kind: &str, athlete: Option<AthleteId>) -> Option<JobId> {
        lock(&self.shared().book)
            .slots
            .get(&(kind.to_owned(), athlete))
            .copied()
    }

    /// The record of job `id`, running or among the remembered finished ones.
    pub fn info(&self, id: JobId) -> Option<JobInfo> {
        let book = lock(&self.shared().book);
        book.running
            .get(&id)
            .map(|(info, _)| info.clone())
            .or_else(|| {
                book.done
                    .iter()
                    .find(|(i, _)| i.id == id)
                    .map(|(i, _)| i.clone())
            })
    }

    /// A new receiver of every event from now on, of every job. Dropping it unsubscribes.
    /// The channel is unbounded (a job never waits for a slow reader), so read it on its
    /// own thread or drop it.
    pub fn subscribe(&self) -> Receiver<JobEvent<P>> {
        let (tx, rx) = mpsc::channel();
        lock(&self.shared().subscribers).push(tx);
        rx
    }

    /// Blocks until job `id` finishes, at most `timeout`; its outcome, or `None` on timeout
    /// or for a job this runtime does not know (or no longer remembers).
    pub fn wait(&self, id: JobId, timeout: Duration) -> Option<Outcome<P>> {
        let deadline = Instant::now() + timeout;
        let mut book = lock(&self.shared().book);
        loop {
            if let Some((_, outcome)) = book.done.iter().find(|(i, _)| i.id == id) {
                return Some(outcome.clone());
            }
            if !book.running.contains_key(&id) {
                return None;
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            book = self
                .shared()
                .finished
                .wait_timeout(book, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }

    /// The async runtime for network jobs: 2 worker threads, built on first use, owned by
    /// this `Jobs` and shut down when its last handle is dropped.
    ///
    /// # Panics
    /// If the system refuses to start the runtime's threads; [`start_async`](Self::start_async)
    /// reports that as [`JobError::Spawn`] instead.
    pub fn runtime(&self) -> Handle {
        match self.try_runtime("async") {
            Ok(handle) => handle,
            Err(e) => panic!("{e}"),
        }
    }

    fn try_runtime(&self, kind: &str) -> Result<Handle, JobError> {
        let mut rt = lock(&self.owner.runtime);
        if let Some(rt) = rt.as_ref() {
            return Ok(rt.handle().clone());
        }
        let built = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(ASYNC_WORKERS)
            .thread_name("paceline-jobs-async")
            // time and IO: the HTTP clients of network jobs need the IO driver
            .enable_all()
            .build()
            .map_err(|e| JobError::Spawn {
                kind: kind.to_owned(),
                reason: e.to_string(),
            })?;
        let handle = built.handle().clone();
        *rt = Some(built);
        Ok(handle)
    }

    /// Cancels every running job, refuses new ones ([`JobError::ShuttingDown`]), and waits
    /// up to `grace` for the running ones to finish. True if all finished in time.
    pub fn shutdown(&self, grace: Duration) -> bool {
        let shared = self.shared();
        let deadline = Instant::now() + grace;
        let mut book = lock(&shared.book);
        book.shutting_down = true;
        for (_, token) in book.running.values() {
            token.cancel();
        }
        while !book.running.is_empty() {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                tracing::warn!(
                    still_running = book.running.len(),
                    "jobs did not stop within the grace period"
                );
                return false;
            };
            book = shared
                .finished
                .wait_timeout(book, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        true
    }
}

impl<P: Clone + Send + 'static> Drop for Owner<P> {
    fn drop(&mut self) {
        for (_, token) in lock(&self.shared.book).running.values() {
            token.cancel();
        }
        let runtime = self
            .runtime
            .get_mut()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(rt) = runtime {
            if Handle::try_current().is_ok() {
                // Dropped inside an async context (e.g. by a job): waiting is not allowed there.
                rt.shutdown_background();
            } else {
                // Pending futures are dropped (their jobs report `Cancelled`); workers get a
                // moment to exit.
                rt.shutdown_timeout(Duration::from_secs(1));
            }
        }
    }
}
