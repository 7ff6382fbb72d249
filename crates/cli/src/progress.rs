//! `paceline import`'s progress bar (files, MB, current file, ETA) and Ctrl-C: the
//! first one cancels cleanly (files already stored stay whole), a second one quits.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use paceline_app::App;
use paceline_types::{AthleteId, ImportProgress, ImportReport};

/// Runs the import as a foreground job of the app (the same job the window runs).
pub fn import(
    app: &App,
    athlete: AthleteId,
    paths: &[PathBuf],
    show: bool,
) -> paceline_app::Result<ImportReport> {
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    // Installing the handler fails only if another one exists; then Ctrl-C just quits.
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("\ncancelling: finishing the files in flight (Ctrl-C again to quit now)");
    });
    let bar = ProgressBar::with_draw_target(
        Some(0),
        if show {
            ProgressDrawTarget::stderr_with_hz(8)
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {msg}  {wide_msg}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let update = |p: &ImportProgress| {
        bar.set_length(p.bytes_total.max(1));
        bar.set_position(p.bytes_done);
        bar.set_message(line(p));
    };
    let report = app.run_import(athlete, paths, &update, &cancel);
    bar.finish_and_clear();
    report
}

/// `paceline watch`: import what is there, then new files as they arrive, printing
/// each import's outcomes, until Ctrl-C. The folders belong to `athlete`.
pub fn watch(app: &Arc<App>, athlete: AthleteId, folders: &[PathBuf]) -> paceline_app::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    eprintln!(
        "watching {} (Ctrl-C to stop)",
        folders
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let folders = folders.iter().map(|f| (athlete, f.clone())).collect();
    paceline_app::watch::run(app, folders, true, &stop, |_, r| {
        crate::print::import_report(&r)
    })
}

/// "12/300 files · 41.2/980.0 MB · ETA 0:31 · ride.fit"
fn line(p: &ImportProgress) -> String {
    let mb = |b: u64| b as f64 / 1e6;
    let eta = p
        .eta_s
        .map(|s| format!(" · ETA {}:{:02}", (s as u64) / 60, (s as u64) % 60))
        .unwrap_or_default();
    let current = p.current.rsplit(['/', '\\']).next().unwrap_or_default();
    format!(
        "{}/{} files · {:.1}/{:.1} MB{eta} · {current}",
        p.files_done,
        p.files_total,
        mb(p.bytes_done),
        mb(p.bytes_total)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_names_counts_sizes_eta_and_file() {
        let p = ImportProgress {
            files_done: 12,
            files_total: 300,
            bytes_done: 41_200_000,
            bytes_total: 980_000_000,
            current: "/mnt/GARMIN/Activity/ride.fit".into(),
            eta_s: Some(91.0),
            ..Default::default()
        };
        assert_eq!(
            line(&p),
            "12/300 files · 41.2/980.0 MB · ETA 1:31 · ride.fit"
        );
    }
}
