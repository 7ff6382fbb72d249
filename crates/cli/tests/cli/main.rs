//! The `paceline` binary as a user runs it: exit codes and output.

use std::path::Path;
use std::process::{Command, Output};

fn paceline(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paceline"))
        .args(args)
        .env("PACELINE_DATA_DIR", data)
        .env("PACELINE_PASSPHRASE", "cli-test")
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

mod backup;
mod coach;
mod garmin;
mod logbook;
mod plan;
mod routes;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn import_list_show_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let files = paceline_demo::generate(&paceline_demo::ALEX, 20_400 * 86_400, 1, 9);
    let ride = files
        .iter()
        .find(|f| f.kind == paceline_demo::Kind::RideIntervals)
        .expect("an interval ride");
    let path = dir.path().join(&ride.file_name);
    std::fs::write(&path, &ride.bytes).unwrap();

    let out = paceline(&data, &["import", path.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).contains("1 imported"), "{}", stdout(&out));

    // Again: already present, still success.
    let out = paceline(&data, &["import", path.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("1 already present"));

    let out = paceline(&data, &["activities", "--json"]);
    let list: Vec<paceline_types::ActivitySummary> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].sport, paceline_types::Sport::Ride);

    let out = paceline(&data, &["show", &list[0].id.to_string()]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("avg / max power") && text.contains("laps:"),
        "{text}"
    );

    let out = paceline(&data, &["show", "999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no activity with id 999"));
}

#[test]
fn a_failed_file_makes_the_exit_status_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("notes.fit");
    std::fs::write(&bad, "<?xml version=\"1.0\"?><gpx></gpx>").unwrap();
    let out = paceline(&dir.path().join("data"), &["import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("not a FIT file: looks like GPX"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("0 imported, 1 failed"));
}

#[test]
fn wrong_passphrase_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert!(paceline(&data, &["info"]).status.success());
    let out = Command::new(env!("CARGO_BIN_EXE_paceline"))
        .args(["info"])
        .env("PACELINE_DATA_DIR", &data)
        .env("PACELINE_PASSPHRASE", "not-it")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the vault key is wrong"));
}

/// Thresholds are named and shown with their units, as the window shows them; the
/// kinds parse into the one `ThresholdKind` (dashes or underscores).
#[test]
fn thresholds_read_with_units_and_paces() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let ok = |args: &[&str]| {
        let out = paceline(&data, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout(&out)
    };
    // 4:10 per km = 4 m/s.
    let set = ok(&[
        "thresholds",
        "set",
        "threshold-speed",
        "4:10",
        "--sport",
        "run",
        "--from",
        "2026-01-01",
    ]);
    assert!(
        set.contains("set Threshold pace = 4:10 min/km from 2026-01-01"),
        "{set}"
    );
    ok(&["thresholds", "set", "max_hr", "191", "--from", "2026-01-01"]);
    ok(&[
        "thresholds",
        "set",
        "ftp",
        "250",
        "--sport",
        "ride",
        "--from",
        "2026-01-01",
    ]);
    let list = ok(&["thresholds", "list"]);
    for want in [
        "Threshold pace",
        "4:10 min/km",
        "Max heart rate",
        "191 bpm",
        "FTP",
        "250 W",
        // Coggan's recovery zone is up to 55 % of FTP: 137.5 W.
        "up to 138 W",
        "Run pace (Friel)",
        "min/km",
    ] {
        assert!(list.contains(want), "no {want:?} in\n{list}");
    }
    assert!(
        !list.contains("ThresholdSpeed"),
        "Debug names leak:\n{list}"
    );

    let out = paceline(&data, &["thresholds", "set", "vo2max", "60"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("threshold-speed") && err.contains("vo2max"),
        "{err}"
    );
    let out = paceline(&data, &["thresholds", "set", "ftp", "4:10"]);
    assert_eq!(out.status.code(), Some(1));
}

/// A swim's average reads per 100 m, in the CLI as in the window.
#[test]
fn swims_show_pace_per_100_m() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let files = paceline_demo::generate(&paceline_demo::ALEX, 20_400 * 86_400, 1, 9);
    let swim = files
        .iter()
        .find(|f| {
            matches!(
                f.kind,
                paceline_demo::Kind::SwimEndurance | paceline_demo::Kind::SwimTechnique
            )
        })
        .expect("a swim in the demo week");
    let path = dir.path().join(&swim.file_name);
    std::fs::write(&path, &swim.bytes).unwrap();
    assert!(paceline(&data, &["import", path.to_str().unwrap()])
        .status
        .success());
    let list: Vec<paceline_types::ActivitySummary> =
        serde_json::from_str(&stdout(&paceline(&data, &["activities", "--json"]))).unwrap();
    let id = list[0].id.to_string();
    let show = stdout(&paceline(&data, &["show", &id]));
    let line = show
        .lines()
        .find(|l| l.trim_start().starts_with("avg speed"))
        .unwrap_or_else(|| panic!("no avg speed in\n{show}"));
    assert!(line.ends_with("/100 m"), "{line}");
    let mps = list[0].avg_speed_mps.expect("a swim speed");
    let want = paceline_types::present::pace_or_speed(
        paceline_types::Sport::Swim,
        mps,
        Default::default(),
    )
    .unwrap();
    assert!(line.ends_with(&want), "{line} vs {want}");
}
