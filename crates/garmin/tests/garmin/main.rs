//! paceline-garmin against the fake Garmin server (recorded bodies from the corpus).

mod auth;
mod endpoints;
mod faults;
mod pure;

use std::path::PathBuf;

use paceline_garmin::fake::{FakeActivity, FakeGarmin};
use paceline_garmin::{ClientOptions, GarminClient, GarminConfig};

/// The corpus root, or `None` after the SKIP message.
pub fn corpus() -> Option<PathBuf> {
    paceline_testsupport::corpus("garmin-api")
        .map(|p| p.parent().expect("a sub-folder").to_path_buf())
}

pub fn config(fake: &FakeGarmin) -> GarminConfig {
    GarminConfig::builtin().with_base_url(&fake.url).unwrap()
}

/// A fake server and a signed-in client, or `None` (skipped) without the corpus.
pub async fn setup() -> Option<(FakeGarmin, GarminClient)> {
    let root = corpus()?;
    let fake = FakeGarmin::start(Some(&root)).await.unwrap();
    let client =
        GarminClient::new(config(&fake), fake.issue_tokens(), ClientOptions::local()).unwrap();
    Some((fake, client))
}

/// `n` activities, one a day from 2026-01-01 12:00 UTC, ids 1000+i, with real FIT files.
pub fn activities(n: usize) -> Vec<FakeActivity> {
    let root = corpus().expect("checked by setup");
    let fits: Vec<Vec<u8>> = [
        "pf_garmin-fenix-5-run.fit",
        "garth_12129115726_ACTIVITY.fit",
        "fprs_ZeroHeaderCrc.fit",
    ]
    .iter()
    .map(|f| std::fs::read(root.join("fit").join(f)).unwrap())
    .collect();
    let t0: jiff::Timestamp = "2026-01-01T12:00:00Z".parse().unwrap();
    (0..n)
        .map(|i| FakeActivity {
            id: 1000 + i as i64,
            start: t0 + jiff::SignedDuration::from_hours(24 * i as i64),
            fit: fits[i % fits.len()].clone(),
        })
        .collect()
}
