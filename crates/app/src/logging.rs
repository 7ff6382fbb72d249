//! Logs: a daily-rotating file in `<data dir>/logs` (kept 14 days), and stderr
//! when asked (`-v`). `RUST_LOG` overrides the level.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::{fmt, layer::SubscriberExt, util::SubscriberInitExt, EnvFilter, Layer};

fn appender(data_dir: &Path) -> Option<tracing_appender::rolling::RollingFileAppender> {
    // The appender prunes old files on start and complains on stderr if the folder is
    // missing; where it cannot be made (a read-only data folder) there is no log
    // file, and `App::open` says why.
    std::fs::create_dir_all(data_dir.join("logs")).ok()?;
    tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("paceline")
        .filename_suffix("log")
        .max_log_files(14)
        .build(data_dir.join("logs"))
        .ok()
}

/// The writer thread's queue. tracing-appender's default (128,000 lines) is a channel
/// whose slots are all written when it is made: 4 MB resident for the life of the
/// app (measured on the idle desktop app). The thread drains a file write in
/// microseconds, so 4,096 lines (128 KB) is deep enough for any burst we log.
const QUEUED_LINES: usize = 4096;

/// `lossy`: a full queue drops the line instead of waiting for the writer.
fn non_blocking(
    a: tracing_appender::rolling::RollingFileAppender,
    lossy: bool,
) -> (tracing_appender::non_blocking::NonBlocking, WorkerGuard) {
    tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(QUEUED_LINES)
        .lossy(lossy)
        .finish(a)
}

/// The log file alone at `level` (e.g. "trace"), for one scope
/// (`tracing::dispatcher::with_default`): lets tests read what a flow logs, every
/// line of it (a burst of trace lines waits for the writer rather than being dropped).
pub fn file_dispatch(data_dir: &Path, level: &str) -> Option<(tracing::Dispatch, WorkerGuard)> {
    let (w, guard) = non_blocking(appender(data_dir)?, false);
    let subscriber = tracing_subscriber::registry().with(
        fmt::layer()
            .with_ansi(false)
            .with_writer(w)
            .with_filter(EnvFilter::new(level)),
    );
    Some((tracing::Dispatch::new(subscriber), guard))
}

/// Starts logging; keep the guard alive until exit so buffered lines are written.
pub fn init(data_dir: &Path, verbose: bool) -> Option<WorkerGuard> {
    let filter = || EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let (file_layer, guard) = match appender(data_dir) {
        Some(a) => {
            let (w, g) = non_blocking(a, true);
            (
                Some(
                    fmt::layer()
                        .with_ansi(false)
                        .with_writer(w)
                        .with_filter(filter()),
                ),
                Some(g),
            )
        }
        None => (None, None),
    };
    let stderr = verbose.then(|| {
        fmt::layer()
            .with_writer(std::io::stderr)
            .with_filter(filter())
    });
    // A second init (tests) is harmless: the first subscriber stays.
    let _ = tracing_subscriber::registry()
        .with(file_layer)
        .with(stderr)
        .try_init();
    guard
}
