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

mod plan;

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
