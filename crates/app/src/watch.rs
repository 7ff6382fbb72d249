//! Folder watching: new activity files in a watched folder (a mounted watch's
//! `GARMIN/Activity`, a sync folder) are imported as they appear.
//!
//! Files copied from a device arrive in pieces, so a file is imported once it has
//! been quiet for [`SETTLE`]. A folder that vanishes (the watch was unplugged) is
//! re-armed when it comes back, and what arrived meanwhile is caught up: the
//! content hash makes re-reading files already stored harmless.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};
use paceline_types::{AthleteId, ImportReport};

use crate::{App, AppError, Result};

/// How long a file must be unchanged before it is imported.
pub const SETTLE: Duration = Duration::from_millis(1500);
/// How often a missing folder is looked for again.
const RECHECK: Duration = Duration::from_secs(3);

/// Whether a path looks like something the importers take.
fn importable(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    !name.starts_with('.')
        && [".fit", ".gpx", ".tcx", ".gz", ".zip"]
            .iter()
            .any(|x| name.ends_with(x))
}

/// Watches `folders` (each owned by an athlete) on the calling thread until `stop` is
/// set. Files already there are imported first (`catch_up`); after that, each import
/// that stored or failed something is passed to `on_report` with its athlete.
pub fn run(
    app: &App,
    folders: Vec<(AthleteId, PathBuf)>,
    catch_up: bool,
    stop: &AtomicBool,
    on_report: impl Fn(AthleteId, ImportReport),
) -> Result<()> {
    if folders.is_empty() {
        return Err(AppError::InvalidInput("no folder to watch".into()));
    }
    let (tx, rx) = channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let Ok(ev) = res else { return };
        if matches!(
            ev.kind,
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Access(_)
        ) {
            for p in ev.paths {
                let _ = tx.send(p);
            }
        }
    })
    .map_err(|e| AppError::Internal(format!("cannot watch folders: {e}")))?;
    let mut armed: Vec<bool> = vec![false; folders.len()];
    let mut pending: HashMap<PathBuf, Instant> = HashMap::new();
    let mut last_check = Instant::now() - RECHECK;
    let mut first = true;
    // A file belongs to the athlete whose folder holds it (the deepest match).
    let owner = |p: &Path| {
        folders
            .iter()
            .filter(|(_, f)| p.starts_with(f))
            .max_by_key(|(_, f)| f.as_os_str().len())
            .map(|(a, _)| *a)
    };
    while !stop.load(Ordering::SeqCst) {
        if last_check.elapsed() >= RECHECK {
            last_check = Instant::now();
            for (i, (athlete, f)) in folders.iter().enumerate() {
                let here = f.is_dir();
                if here && !armed[i] {
                    match watcher.watch(f, RecursiveMode::Recursive) {
                        Ok(()) => {
                            tracing::info!(folder = %f.display(), "watching");
                            armed[i] = true;
                            if catch_up || !first {
                                report(app, *athlete, std::slice::from_ref(f), &on_report);
                            }
                        }
                        Err(e) => {
                            tracing::warn!(folder = %f.display(), error = %e, "cannot watch")
                        }
                    }
                } else if !here && armed[i] {
                    tracing::info!(folder = %f.display(), "folder gone; waiting for it");
                    let _ = watcher.unwatch(f);
                    armed[i] = false;
                }
            }
            first = false;
        }
        match rx.recv_timeout(Duration::from_millis(250)) {
            Ok(p) => {
                if importable(&p) {
                    pending.insert(p, Instant::now());
                }
                continue;
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        let settled: Vec<PathBuf> = pending
            .iter()
            .filter(|(_, t)| t.elapsed() >= SETTLE)
            .map(|(p, _)| p.clone())
            .collect();
        for p in &settled {
            pending.remove(p);
        }
        let mut by_athlete: HashMap<AthleteId, Vec<PathBuf>> = HashMap::new();
        for p in settled.into_iter().filter(|p| p.is_file()) {
            if let Some(a) = owner(&p) {
                by_athlete.entry(a).or_default().push(p);
            }
        }
        for (athlete, files) in by_athlete {
            report(app, athlete, &files, &on_report);
        }
    }
    Ok(())
}

fn report(
    app: &App,
    athlete: AthleteId,
    paths: &[PathBuf],
    on_report: &impl Fn(AthleteId, ImportReport),
) {
    let scope = match app.athlete(athlete) {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(athlete, error = %e, "watched folder of a missing athlete");
            return;
        }
    };
    let r = scope.import_paths(paths);
    tracing::info!(athlete, outcome = %r.headline(), "watched folder import");
    if r.imported() > 0 || r.failed() > 0 {
        on_report(athlete, r);
    }
}

#[cfg(test)]
mod tests {
    use super::importable;
    use std::path::Path;

    #[test]
    fn only_activity_files_and_archives_are_picked_up() {
        for ok in ["a.FIT", "b.gpx", "c.tcx.gz", "export.zip"] {
            assert!(importable(Path::new(ok)), "{ok}");
        }
        for no in [".a.fit.part", "notes.txt", "a.fit.tmp", ".hidden.fit"] {
            assert!(!importable(Path::new(no)), "{no}");
        }
    }
}
