//! `reprocess`: decode the kept original files again with the current code, so
//! every activity benefits when the importers improve. The id, the original and
//! any linked files stay; everything derived from the file is replaced in one
//! transaction per activity.

use paceline_import::decode;
use paceline_types::{ReprocessFailure, ReprocessReport};

use super::WorkerCtx;
use crate::{now_utc, AthleteScope, Result};

pub(crate) fn reprocess(app: &AthleteScope, ids: Option<&[i64]>) -> Result<ReprocessReport> {
    let all = app.store.list_activities(app.athlete_id)?;
    // Manual workouts have no file to decode again.
    let manual = |id: i64| {
        all.iter()
            .any(|a| a.id == id && a.source_format == paceline_store::MANUAL_FORMAT)
    };
    let ids: Vec<i64> = match ids {
        // Another athlete's activity is not found, as everywhere else.
        Some(ids) => {
            app.store.check_owned(app.athlete_id, ids)?;
            ids.iter().copied().filter(|id| !manual(*id)).collect()
        }
        None => all.iter().map(|a| a.id).filter(|id| !manual(*id)).collect(),
    };
    let scoring = app.scoring()?;
    let never = std::sync::atomic::AtomicBool::new(false);
    let ctx = WorkerCtx {
        athlete_id: app.athlete_id,
        cancel: &never,
        scoring: Some(&scoring),
        imported_utc: now_utc(),
        halt: &never,
        garmin_link: None,
    };
    let mut report = ReprocessReport::default();
    for id in ids {
        let fail = |reason: String| ReprocessFailure { id, reason };
        let (name, bytes) = match app.store.source_file(app.athlete_id, id) {
            Ok(f) => f,
            Err(e) => {
                report.failed.push(fail(e.to_string()));
                continue;
            }
        };
        let prepared = match decode(&name, &bytes) {
            Ok(mut d) => {
                // A rating entered since import wins over the file's (the store keeps
                // it too): score with the one that stays.
                if let Ok(Some(r)) = app
                    .store
                    .activity(app.athlete_id, id)
                    .map(|a| a.summary.rpe)
                {
                    d.activity.rpe = Some(r);
                }
                ctx.prepare(d, name, &bytes)
            }
            Err(e) => {
                report.failed.push(fail(e.to_string()));
                continue;
            }
        };
        match app.store.replace_derived(app.athlete_id, id, &prepared) {
            Ok(()) => report.reprocessed += 1,
            // Each activity is replaced whole or not at all; on a full disk the
            // rest would fail the same way, so stop and say so once.
            Err(e) if e.is_disk_full() => return Err(e.into()),
            Err(e) => report.failed.push(fail(e.to_string())),
        }
    }
    tracing::info!(
        reprocessed = report.reprocessed,
        failed = report.failed.len(),
        "reprocess finished"
    );
    Ok(report)
}
