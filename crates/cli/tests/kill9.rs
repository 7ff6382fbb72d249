//! kill -9 in the middle of an import, again and again, on the same vault: after
//! every kill the vault opens, passes SQLCipher's and SQLite's checks and the
//! store's "every activity whole" check (`paceline check`), holds no duplicate;
//! finally the same import run to completion gives exactly the clean import's
//! activities. A write that was not transactional would leave half an activity
//! (an activity row without its streams or original) for `check` to find.
//!
//! Default: 24 kill points, well under a minute in a debug build.
//! `PACELINE_KILL9_POINTS=200` runs a longer soak.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use paceline_testsupport::corpus_dir;
use paceline_testsupport::history::{corpus_recordings, synthetic_ride, Lcg};
use paceline_types::ActivitySummary;

const FILES: usize = 300;
const PASS: &str = "kill9";

fn paceline(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_paceline"));
    c.arg("--data-dir")
        .arg(data)
        .env("PACELINE_PASSPHRASE", PASS)
        .env_remove("PACELINE_DATA_DIR")
        .env_remove("RUST_LOG");
    c
}

fn run(data: &Path, args: &[&str]) -> Output {
    paceline(data).args(args).output().unwrap()
}

fn import_cmd(data: &Path, files: &Path) -> Command {
    let mut c = paceline(data);
    c.args(["import", "--quiet"])
        .arg(files)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// 300 activity files, one a day: generated rides of 30 s to 20 minutes, and every
/// tenth a corpus recording (up to 150 KB) moved to its day when the corpus is here.
fn make_files(dir: &Path) -> usize {
    std::fs::create_dir_all(dir).unwrap();
    // Without the corpus the files are all generated (no SKIP: the test still runs).
    let recordings: Vec<_> = corpus_dir()
        .and_then(|_| corpus_recordings())
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.bytes.len() <= 150_000)
        .collect();
    let mut rng = Lcg::new(9);
    let mut from_corpus = 0;
    for i in 0..FILES {
        let start = (19_000 + i as i64) * 86_400 + 6 * 3600;
        let (name, bytes) = if !recordings.is_empty() && i % 10 == 5 {
            let r = &recordings[(i / 10) % recordings.len()];
            from_corpus += 1;
            (format!("{i:03}-{}.fit", r.name), r.at(start).unwrap())
        } else {
            let secs = rng.range(30, 1200) as u32;
            (
                format!("{i:03}-ride.fit"),
                synthetic_ride(start, secs, i as u64),
            )
        };
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    from_corpus
}

fn activities(data: &Path) -> Vec<ActivitySummary> {
    let out = run(data, &["activities", "--json"]);
    assert!(
        out.status.success(),
        "the vault does not open: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The vault is sound and holds each activity at most once; returns how many.
fn assert_sound(data: &Path, when: &str) -> usize {
    let out = run(data, &["check"]);
    assert!(
        out.status.success(),
        "{when}: `paceline check` failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let list = activities(data);
    let starts: BTreeSet<i64> = list.iter().map(|a| a.start_utc).collect();
    assert_eq!(starts.len(), list.len(), "{when}: duplicate activities");
    assert!(list.len() <= FILES, "{when}: {} activities", list.len());
    list.len()
}

/// Activities without their ids (which differ between vaults), in start order.
fn comparable(list: &[ActivitySummary]) -> Vec<ActivitySummary> {
    let mut v: Vec<ActivitySummary> = list
        .iter()
        .cloned()
        .map(|mut a| {
            a.id = 0;
            a
        })
        .collect();
    v.sort_by_key(|a| a.start_utc);
    v
}

#[test]
fn kill9_during_import_leaves_whole_activities_only() {
    let points: usize = std::env::var("PACELINE_KILL9_POINTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    let tmp = tempfile::tempdir().unwrap();
    let files = tmp.path().join("files");
    let from_corpus = make_files(&files);

    // One clean import first: the reference result and how long an import takes.
    let reference = tmp.path().join("reference");
    let started = Instant::now();
    let status = import_cmd(&reference, &files).status().unwrap();
    let full = started.elapsed();
    assert!(status.success(), "the clean import failed");
    let want = comparable(&activities(&reference));
    assert_eq!(
        want.len(),
        FILES,
        "the clean import should store every file"
    );
    assert_sound(&reference, "clean import");

    let data = tmp.path().join("vault");
    let mut rng = Lcg::new(0x6b696c6c39);
    let (mut kills, mut completed, mut rounds) = (0, 0, 0);
    let mut stored_at_kill = Vec::new();
    while kills < points {
        rounds += 1;
        assert!(rounds <= points * 4, "too few imports could be interrupted");
        // Anywhere in a whole import's time, start-up (key derivation) included.
        let delay = full.mul_f64(rng.uniform());
        let mut child = import_cmd(&data, &files).spawn().unwrap();
        let deadline = Instant::now() + delay;
        let finished = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if Instant::now() >= deadline {
                break None;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        match finished {
            None => {
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
                kills += 1;
                let n = assert_sound(&data, &format!("kill {kills} after {delay:?}"));
                stored_at_kill.push(n);
                if n == FILES {
                    // Killed while passing over files already stored: nothing left to
                    // write, so start over for kills that land mid-write.
                    std::fs::remove_dir_all(&data).unwrap();
                }
            }
            Some(status) => {
                // The import beat the kill: the vault is full. Check it and start a
                // new one so later kills land mid-import again.
                assert!(status.success(), "an uninterrupted import failed");
                assert_eq!(assert_sound(&data, "completed round"), FILES);
                completed += 1;
                std::fs::remove_dir_all(&data).unwrap();
            }
        }
    }

    let status = import_cmd(&data, &files).status().unwrap();
    assert!(status.success(), "the import after the kills failed");
    assert_eq!(assert_sound(&data, "final import"), FILES);
    assert_eq!(
        comparable(&activities(&data)),
        want,
        "the vault after kills differs from a clean import"
    );
    let mid = stored_at_kill
        .iter()
        .filter(|&&n| n > 0 && n < FILES)
        .count();
    // Kills before the first commit or after the last only test opening the vault.
    assert!(
        mid * 3 >= kills,
        "only {mid} of {kills} kills hit a partly imported vault: {stored_at_kill:?}"
    );
    eprintln!(
        "kill -9: {kills} kills ({mid} with a partial vault; stored at kill: {stored_at_kill:?}), \
         {completed} imports finished first; a clean import of {FILES} files \
         ({from_corpus} from the corpus) takes {full:.2?}"
    );
}
