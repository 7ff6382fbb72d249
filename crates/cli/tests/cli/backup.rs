//! `paceline backup` / `paceline restore`: a round trip onto a fresh data folder.

use std::path::Path;
use std::process::{Command, Output};

use super::{paceline, stdout};

fn with_backup_pass(data: &Path, vault_pass: &str, backup_pass: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paceline"))
        .args(args)
        .env("PACELINE_DATA_DIR", data)
        .env("PACELINE_PASSPHRASE", vault_pass)
        .env("PACELINE_BACKUP_PASSPHRASE", backup_pass)
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn backup_then_restore_on_a_new_computer_gives_the_same_activities() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let files = paceline_demo::generate(&paceline_demo::ALEX, 20_400 * 86_400, 1, 9);
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    for f in files.iter().take(4) {
        std::fs::write(inbox.join(&f.file_name), &f.bytes).unwrap();
    }
    let out = paceline(&data, &["import", inbox.to_str().unwrap(), "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let before = stdout(&paceline(&data, &["activities", "--json"]));
    assert!(before.len() > 10);

    let file = dir.path().join("vault.plbackup");
    let file_s = file.to_str().unwrap();
    let pass = "correct horse battery";
    let out = with_backup_pass(&data, "cli-test", pass, &["backup", "--out", file_s]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Backed up 1 athlete(s), 4 activities"),
        "{}",
        stdout(&out)
    );
    let status = stdout(&paceline(&data, &["backup", "status"]));
    assert!(
        status.contains("Last backup:") && status.contains(file_s),
        "{status}"
    );

    // The new computer: an empty data folder and a vault passphrase of its own.
    let fresh = dir.path().join("fresh");
    let out = with_backup_pass(
        &fresh,
        "new machine",
        "wrong passphrase",
        &["restore", file_s],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("passphrase does not open"),
        "{}",
        stderr(&out)
    );
    assert!(
        !fresh.join("vault.db").exists(),
        "a failed restore creates no vault"
    );
    let out = with_backup_pass(&fresh, "new machine", pass, &["restore", file_s]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Restored 1 athlete(s), 4 activities"),
        "{}",
        stdout(&out)
    );
    let after = with_backup_pass(&fresh, "new machine", pass, &["activities", "--json"]);
    assert_eq!(stdout(&after), before);
    let check = with_backup_pass(&fresh, "new machine", pass, &["check"]);
    assert!(check.status.success(), "{}", stdout(&check));

    // Export of the restored data: a ZIP with the four originals.
    let zip = dir.path().join("export.zip");
    let out = with_backup_pass(
        &fresh,
        "new machine",
        pass,
        &["export", "--out", zip.to_str().unwrap(), "--all"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("and 4 original files"),
        "{}",
        stdout(&out)
    );
    assert!(zip.exists());

    // Restoring over an existing vault without a terminal needs --yes.
    let out = with_backup_pass(&fresh, "new machine", pass, &["restore", file_s]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
    let out = with_backup_pass(&fresh, "new machine", pass, &["restore", file_s, "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_schedule_is_stored_and_can_be_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let folder = dir.path().join("backups");
    std::fs::create_dir_all(&folder).unwrap();
    let args = [
        "backup",
        "schedule",
        "--folder",
        folder.to_str().unwrap(),
        "--every",
        "24h",
        "--keep",
        "3",
    ];
    let out = with_backup_pass(&data, "cli-test", "scheduled pass", &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let status = stdout(&paceline(&data, &["backup", "status"]));
    assert!(
        status.contains("Schedule: every 1d") && status.contains("keeping 3"),
        "{status}"
    );
    let out = paceline(&data, &["backup", "schedule", "--off"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&paceline(&data, &["backup", "status"])).contains("No schedule."));
}
