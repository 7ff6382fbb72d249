use paceline_app::{App, Config};
use paceline_store::KeyOptions;

/// A fresh passphrase-protected vault in a temporary folder.
pub fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let cfg = Config {
        data_dir: dir.path().to_path_buf(),
        keys: KeyOptions::with_passphrase("test"),
    };
    let app = App::open(&cfg).unwrap();
    (dir, app)
}

/// A one-lap, one-session FIT file written with our own writer: `samples`
/// records one `step_s` apart, each from `record(i)` (its timestamp is set
/// here), and the summary's sport and any other fields from `summary`.
pub fn one_session_fit(
    start_unix: i64,
    samples: u32,
    step_s: u32,
    record: impl Fn(u32) -> paceline_fit::RecordSample,
    summary: paceline_fit::Summary,
) -> Vec<u8> {
    use paceline_fit::{unix_to_fit, ActivityBuilder, DeviceIdent, RecordSample, Summary};
    let t0 = unix_to_fit(start_unix);
    let mut b = ActivityBuilder::new(&DeviceIdent {
        time_created: t0,
        ..Default::default()
    });
    for i in 0..samples {
        b.record(&RecordSample {
            timestamp: t0 + i * step_s,
            ..record(i)
        });
    }
    let end = (samples.max(1) - 1) * step_s;
    let s = Summary {
        start_time: t0,
        timestamp: t0 + end,
        total_elapsed_time_s: f64::from(end),
        total_timer_time_s: f64::from(end),
        ..summary
    };
    b.lap(&s).session(&s).activity(t0 + end, 0);
    b.finish()
}
