//! Import orchestration: walk the paths, decode files in parallel on worker
//! threads (decode, metrics, compression: all pure CPU work), and store them through
//! the vault's one writer in batched transactions. Each activity is whole or absent
//! whatever happens (a crash, a kill, a full disk); progress is reported as batches
//! land, and a cancel stops new files from being started.

mod reprocess;
mod walk;

pub(crate) use reprocess::reprocess;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use paceline_import::{decode_many, Decoded, ImportError, MAX_FILE_BYTES, MAX_ZIP_FILE_BYTES};
use paceline_model::Activity;
use paceline_store::{Inserted, Prepared};
use paceline_types::{ActivitySummary, FileOutcome, ImportProgress, ImportReport};

use crate::{metrics, now_utc, AthleteScope};

/// Progress callbacks and a cancel flag for one import.
#[derive(Default, Clone, Copy)]
pub struct ImportOptions<'a> {
    /// Called from the importing thread after each batch lands (a few times a second).
    pub progress: Option<&'a (dyn Fn(&ImportProgress) + Sync)>,
    /// Set it (from any thread) to stop starting new files.
    pub cancel: Option<&'a AtomicBool>,
    /// A Garmin sync's file: (Garmin activity id, sync time), linked in the same
    /// transaction as the activity it becomes.
    pub garmin_link: Option<(i64, i64)>,
}

/// A batch is written once it holds this many activities, this many bytes, or has
/// waited this long: big enough to amortize the commit, small enough for a lively
/// progress bar and bounded memory.
const BATCH_ACTIVITIES: usize = 64;
const BATCH_BYTES: usize = 32 << 20;
const BATCH_WAIT: Duration = Duration::from_millis(250);

/// Where a file's bytes come from.
pub(crate) enum Source {
    Path(PathBuf, u64),
    Memory(String, Vec<u8>),
}

impl Source {
    fn shown(&self) -> String {
        match self {
            Source::Path(p, _) => p.display().to_string(),
            Source::Memory(n, _) => n.clone(),
        }
    }
    fn size(&self) -> u64 {
        match self {
            Source::Path(_, n) => *n,
            Source::Memory(_, b) => b.len() as u64,
        }
    }
}

/// One file's result on its way from a worker to the writer.
struct Unit {
    index: usize,
    shown: String,
    bytes: u64,
    slots: Vec<Slot>,
    /// A big archive comes in several units; the file is done with its last.
    last: bool,
}

/// Entries of a streamed archive per unit: small enough to keep memory flat.
const ARCHIVE_CHUNK: usize = 16;

enum Slot {
    Done(FileOutcome),
    Store {
        path: String,
        name: String,
        prepared: Box<Prepared>,
    },
}

pub(crate) fn import_paths(
    app: &AthleteScope,
    paths: &[PathBuf],
    opts: ImportOptions,
) -> ImportReport {
    let w = walk::walk(paths);
    let sources = w
        .files
        .into_iter()
        .map(|(p, n)| Source::Path(p, n))
        .collect();
    let mut report = run(app, sources, opts);
    report.files.splice(0..0, w.problems);
    tracing::info!(files = report.files.len(), outcome = %report.headline(), "import finished");
    report
}

pub(crate) fn import_memory(
    app: &AthleteScope,
    files: Vec<(String, Vec<u8>)>,
    opts: ImportOptions,
) -> ImportReport {
    let sources = files
        .into_iter()
        .map(|(n, b)| Source::Memory(n, b))
        .collect();
    run(app, sources, opts)
}

fn run(app: &AthleteScope, sources: Vec<Source>, opts: ImportOptions) -> ImportReport {
    let started = Instant::now();
    let total = sources.len();
    let never = AtomicBool::new(false);
    let cancel = opts.cancel.unwrap_or(&never);
    // Set by the writer when the disk is full: the workers stop as on a cancel.
    let halt = AtomicBool::new(false);
    // Scoring needs the thresholds valid on each day; without them the activity is
    // still stored and scored on first view.
    let scoring = match app.scoring() {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::warn!(error = %e, "thresholds unreadable; metrics computed later");
            None
        }
    };
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(total.max(1));
    let next = AtomicUsize::new(0);
    // Room for a whole batch: while the writer commits one, the workers fill the
    // next instead of stalling (a 2-unit queue left a core idle during commits).
    let (tx, rx) = sync_channel::<Unit>(BATCH_ACTIVITIES);
    let ctx = WorkerCtx {
        athlete_id: app.athlete_id,
        cancel,
        scoring: scoring.as_ref(),
        imported_utc: now_utc(),
        halt: &halt,
        garmin_link: opts.garmin_link,
    };
    let mut progress = ImportProgress {
        files_total: total as u32,
        bytes_total: sources.iter().map(Source::size).sum(),
        ..Default::default()
    };
    let mut outcomes: Vec<Option<Vec<FileOutcome>>> = (0..total).map(|_| None).collect();
    let mut replaced = HashMap::new();
    let mut stopped = None;
    std::thread::scope(|s| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (sources, next, ctx) = (&sources, &next, &ctx);
            s.spawn(move || loop {
                if ctx.stopping() {
                    break;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(src) = sources.get(i) else { break };
                if ctx.process(i, src, &mut |u| tx.send(u).is_ok()).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        if let Some(f) = opts.progress {
            f(&progress);
        }
        let mut w = Writer {
            outcomes: &mut outcomes,
            progress: &mut progress,
            replaced: &mut replaced,
            started,
            halt: &halt,
            stopped: None,
        };
        w.run(app, &rx, opts);
        stopped = w.stopped;
    });
    // The WAL stays at its high-water mark (a big batch grows it past the automatic
    // checkpoint's 4 MB): written back and truncated once the import is done.
    if progress.imported > 0 {
        if let Err(e) = app.store.checkpoint() {
            tracing::debug!(error = %e, "no checkpoint after the import");
        }
    }
    let received = outcomes.iter().filter(|o| o.is_some()).count();
    let mut files: Vec<FileOutcome> = outcomes.into_iter().flatten().flatten().collect();
    relink_replaced(&mut files, &replaced);
    ImportReport {
        files,
        cancelled: cancel.load(Ordering::Relaxed) && received < total,
        not_started: (total - received) as u32,
        stopped,
    }
}

/// The writer: collects units into batches and stores each batch in one transaction.
struct Writer<'a> {
    outcomes: &'a mut [Option<Vec<FileOutcome>>],
    progress: &'a mut ImportProgress,
    /// Activities replaced by a richer copy during this import: old id → new id.
    replaced: &'a mut HashMap<i64, i64>,
    started: Instant,
    halt: &'a AtomicBool,
    /// Why the import stopped itself (the disk is full).
    stopped: Option<String>,
}

impl Writer<'_> {
    fn run(&mut self, app: &AthleteScope, rx: &Receiver<Unit>, opts: ImportOptions) {
        let mut pending: Vec<Unit> = Vec::new();
        let mut since: Option<Instant> = None;
        loop {
            let wait = since.map_or(Duration::from_secs(3600), |t| {
                BATCH_WAIT.saturating_sub(t.elapsed())
            });
            let closed = match rx.recv_timeout(wait) {
                Ok(u) => {
                    since.get_or_insert_with(Instant::now);
                    pending.push(u);
                    false
                }
                Err(RecvTimeoutError::Timeout) => false,
                Err(RecvTimeoutError::Disconnected) => true,
            };
            let (n, bytes) =
                pending
                    .iter()
                    .flat_map(|u| &u.slots)
                    .fold((0, 0), |(n, b), s| match s {
                        Slot::Store { prepared, .. } => (n + 1, b + prepared.blob_bytes()),
                        Slot::Done(_) => (n, b),
                    });
            let due = since.is_some_and(|t| t.elapsed() >= BATCH_WAIT);
            if self.stopped.is_some() {
                // Still draining, so no worker blocks on a full queue; what arrives
                // now is not stored and its files count as not started.
                pending.clear();
                since = None;
            } else if !pending.is_empty()
                && (closed || due || n >= BATCH_ACTIVITIES || bytes >= BATCH_BYTES)
            {
                self.flush(app, std::mem::take(&mut pending));
                since = None;
                if let Some(f) = opts.progress {
                    f(self.progress);
                }
            }
            if closed {
                return;
            }
        }
    }

    fn flush(&mut self, app: &AthleteScope, mut units: Vec<Unit>) {
        // File order, not arrival order: the same import gives the same result.
        units.sort_by_key(|u| u.index);
        let p = &mut *self.progress;
        let mut to_store = Vec::new();
        for u in &units {
            for s in &u.slots {
                if let Slot::Store { prepared, .. } = s {
                    to_store.push(prepared.as_ref());
                }
            }
        }
        // Each failure says whether the disk was full (then the file was fine).
        let stored: Vec<Result<Inserted, (String, bool)>> = match app.store.insert_batch(&to_store)
        {
            Ok(v) => v
                .into_iter()
                .map(|r| r.map_err(|e| (e.to_string(), e.is_disk_full())))
                .collect(),
            Err(e) => {
                tracing::error!(error = %e, "a batch could not be written");
                let full = e.is_disk_full();
                (0..to_store.len())
                    .map(|_| Err((e.to_string(), full)))
                    .collect()
            }
        };
        if stored.iter().any(|r| matches!(r, Err((_, true)))) {
            self.halt.store(true, Ordering::Relaxed);
            self.stopped =
                Some("the disk is full; free some space and import the same files again".into());
        }
        let mut results = stored.into_iter();
        for u in units {
            let mut out = Vec::with_capacity(u.slots.len());
            // A unit stored nowhere only for want of space is not a failed file: it
            // is left out, so it counts as not started and a re-run imports it.
            let mut only_full = true;
            for s in u.slots {
                out.push(match s {
                    Slot::Done(o) => {
                        only_full = false;
                        o
                    }
                    Slot::Store { path, name, .. } => match results.next() {
                        Some(Ok(r)) => {
                            only_full = false;
                            if let Inserted::Replaced { id, old_id, .. } = r {
                                self.replaced.insert(old_id, id);
                            }
                            outcome(path, name, r)
                        }
                        Some(Err((e, full))) => {
                            only_full &= full;
                            FileOutcome::Failed {
                                path,
                                reason: format!("could not store it: {e}"),
                            }
                        }
                        None => unreachable!("one result per stored activity"),
                    },
                });
            }
            if only_full && !out.is_empty() {
                continue;
            }
            for o in &out {
                match o {
                    FileOutcome::Imported { .. } => p.imported += 1,
                    FileOutcome::AlreadyPresent { .. } => p.already_present += 1,
                    FileOutcome::Skipped { .. } => p.skipped += 1,
                    FileOutcome::Failed { path, reason } => {
                        tracing::warn!(file = %path, %reason, "import failed");
                        p.failed += 1
                    }
                }
            }
            if u.last {
                p.files_done += 1;
                p.bytes_done += u.bytes;
            }
            p.current = u.shown;
            self.outcomes[u.index]
                .get_or_insert_with(Vec::new)
                .extend(out);
        }
        p.elapsed_s = self.started.elapsed().as_secs_f64();
        p.eta_s = (p.bytes_done > 0 && p.elapsed_s > 0.5).then(|| {
            p.elapsed_s * (p.bytes_total.saturating_sub(p.bytes_done)) as f64 / p.bytes_done as f64
        });
    }
}

/// A file imported early in a batch and later replaced by a richer copy of the same
/// recording is reported as linked to that copy, not as imported.
fn relink_replaced(files: &mut [FileOutcome], replaced: &HashMap<i64, i64>) {
    for f in files.iter_mut() {
        let FileOutcome::Imported { path, id, .. } = f else {
            continue;
        };
        let mut to = *id;
        while let Some(&next) = replaced.get(&to) {
            to = next;
        }
        if to != *id {
            *f = FileOutcome::AlreadyPresent {
                path: std::mem::take(path),
                id: to,
                note: Some(
                    "a richer file of the same recording came in the same import; this one is kept linked to it"
                        .into(),
                ),
            };
        }
    }
}

fn outcome(path: String, name: String, r: Inserted) -> FileOutcome {
    match r {
        Inserted::New(id) => FileOutcome::Imported { path, id, name },
        Inserted::Replaced {
            id,
            old_id,
            old_format,
        } => {
            tracing::info!(id, old_id, %old_format, "a richer file replaced the same recording");
            FileOutcome::Imported { path, id, name }
        }
        Inserted::Existing(id) => FileOutcome::AlreadyPresent {
            path,
            id,
            note: None,
        },
        Inserted::Linked { id, stored_format } => FileOutcome::AlreadyPresent {
            path,
            id,
            note: Some(format!(
                "the same recording is already stored from a {} file; this one is kept linked to it",
                stored_format.to_ascii_uppercase()
            )),
        },
    }
}

/// What a worker needs: no store, no clock reads per file.
struct WorkerCtx<'a> {
    athlete_id: i64,
    /// Checked between the entries of a big archive too, not only between files.
    cancel: &'a AtomicBool,
    scoring: Option<&'a metrics::Scoring>,
    imported_utc: i64,
    /// The writer's stop (a full disk), checked where `cancel` is.
    halt: &'a AtomicBool,
    garmin_link: Option<(i64, i64)>,
}

impl WorkerCtx<'_> {
    /// Cancelled by the user, or stopped by the writer (a full disk).
    fn stopping(&self) -> bool {
        self.cancel.load(Ordering::Relaxed) || self.halt.load(Ordering::Relaxed)
    }

    /// Decodes one source into units handed to `send` (false: the writer is gone).
    fn process(
        &self,
        index: usize,
        src: &Source,
        send: &mut dyn FnMut(Unit) -> bool,
    ) -> Result<(), ()> {
        let shown = src.shown();
        let bytes = src.size();
        let unit = |slots: Vec<Slot>, last: bool| Unit {
            index,
            shown: shown.clone(),
            bytes,
            slots,
            last,
        };
        let fail = |reason: String| {
            unit(
                vec![Slot::Done(FileOutcome::Failed {
                    path: shown.clone(),
                    reason,
                })],
                true,
            )
        };
        let ok = |sent: bool| if sent { Ok(()) } else { Err(()) };
        let (name, data) = match src {
            Source::Memory(n, b) => (n.clone(), std::borrow::Cow::Borrowed(b.as_slice())),
            Source::Path(path, size) => {
                let is_zip = path
                    .extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("zip"));
                if is_zip {
                    if *size > MAX_ZIP_FILE_BYTES {
                        return ok(send(fail(
                            ImportError::TooLarge(size / (1024 * 1024)).to_string(),
                        )));
                    }
                    return self.process_zip(path, &shown, send, &unit);
                }
                if *size > MAX_FILE_BYTES {
                    return ok(send(fail(
                        ImportError::TooLarge(size / (1024 * 1024)).to_string(),
                    )));
                }
                match std::fs::read(path) {
                    Ok(b) => (
                        path.file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_else(|| shown.clone()),
                        std::borrow::Cow::Owned(b),
                    ),
                    Err(e) => return ok(send(fail(format!("cannot read the file: {e}")))),
                }
            }
        };
        let slots = decode_many(&name, &data)
            .into_iter()
            .map(|(inner, result)| {
                // Entries of an archive are shown as "archive.zip › inner.fit".
                let (path, file_name) = if inner == name {
                    (shown.clone(), name.clone())
                } else {
                    (format!("{shown} › {inner}"), inner)
                };
                self.slot(path, file_name, result, &data)
            })
            .collect();
        ok(send(unit(slots, true)))
    }

    /// A ZIP on disk, entry by entry, sent in chunks (a whole Garmin export).
    fn process_zip(
        &self,
        path: &std::path::Path,
        shown: &str,
        send: &mut dyn FnMut(Unit) -> bool,
        unit: &dyn Fn(Vec<Slot>, bool) -> Unit,
    ) -> Result<(), ()> {
        let mut chunk = Vec::new();
        let mut alive = true;
        paceline_import::decode_zip_file(path, &mut |inner, result| {
            if !alive || self.stopping() {
                return;
            }
            let entry = format!("{shown} › {inner}");
            chunk.push(self.slot(entry, inner, result, &[]));
            if chunk.len() >= ARCHIVE_CHUNK {
                alive = send(unit(std::mem::take(&mut chunk), false));
            }
        });
        if alive && send(unit(chunk, true)) {
            Ok(())
        } else {
            Err(())
        }
    }

    fn slot(
        &self,
        path: String,
        file_name: String,
        result: Result<Decoded, ImportError>,
        container: &[u8],
    ) -> Slot {
        let d = match result {
            Ok(d) => d,
            Err(e) if e.is_skip() => {
                return Slot::Done(FileOutcome::Skipped {
                    path,
                    reason: e.to_string(),
                })
            }
            Err(e) => {
                return Slot::Done(FileOutcome::Failed {
                    path,
                    reason: e.to_string(),
                })
            }
        };
        let name = d.activity.name.clone();
        Slot::Store {
            path,
            name,
            prepared: Box::new(self.prepare(d, file_name, container)),
        }
    }

    /// Scores and encodes one decoded file for the store.
    fn prepare(&self, d: Decoded, file_name: String, container: &[u8]) -> Prepared {
        let m = self.scoring.map(|sc| {
            let a = &d.activity;
            let lr = a
                .extras
                .streams
                .iter()
                .find(|e| e.key == metrics::LR_BALANCE);
            let lr = lr.map_or(&[][..], |e| &e.values);
            metrics::compute(&summary_of(a), &a.streams, lr, sc)
        });
        let original = d.unpacked.as_deref().unwrap_or(container);
        let p = Prepared::new(
            self.athlete_id,
            d.activity,
            d.format,
            d.content_hash,
            file_name,
            original,
            self.imported_utc,
            m.as_ref(),
        );
        match self.garmin_link {
            Some((garmin_id, synced)) => p.with_garmin_link(garmin_id, synced),
            None => p,
        }
    }
}

/// The summary the metrics engine reads, for an activity not stored yet.
fn summary_of(a: &Activity) -> ActivitySummary {
    ActivitySummary {
        id: 0,
        name: a.name.clone(),
        sport: a.sport_or_other(),
        sub_sport: a.sub_sport.clone(),
        start_utc: a.start_utc,
        utc_offset_s: a.utc_offset_s,
        elapsed_s: a.elapsed_s,
        moving_s: a.moving_s,
        distance_m: a.distance_m,
        ascent_m: a.ascent_m,
        avg_hr: a.avg_hr,
        max_hr: a.max_hr,
        avg_power: a.avg_power,
        max_power: a.max_power,
        avg_speed_mps: a.avg_speed_mps,
        avg_cadence: a.avg_cadence,
        calories: a.calories,
        device: a.device.clone(),
        source_format: String::new(),
        rpe: a.rpe,
    }
}
