//! A full disk during import and backup gives a clear error (non-zero exit, a
//! message about disk space, no panic) and leaves the vault sound with its earlier
//! activities; a read-only data folder is a clear error at start, not a panic.
//! Needs root (to mount a small tmpfs); skips with a message otherwise.

use std::path::Path;
use std::process::Output;

use paceline_proof::cli::{ok, Sandbox};
use paceline_proof::crash::{activities, vault_sound};
use paceline_proof::disk::Tmpfs;
use paceline_proof::fixtures::ride_folder;

fn tmpfs(size: &str) -> Option<Tmpfs> {
    match Tmpfs::mount(size) {
        Ok(t) => Some(t),
        Err(e) => {
            eprintln!("SKIP: cannot mount a tmpfs here (needs root): {e}");
            None
        }
    }
}

fn all(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A failure a person can act on: non-zero, no panic, says the disk is full.
fn assert_disk_full_error(out: &Output, what: &str) {
    let text = all(out);
    let last = text.trim().lines().last().unwrap_or_default();
    eprintln!("{what} on a full disk said: {last}");
    assert!(
        !out.status.success(),
        "{what} succeeded on a full disk:\n{text}"
    );
    assert!(!text.contains("panicked"), "{what} panicked:\n{text}");
    assert_ne!(out.status.code(), Some(101), "{what}: a panic's exit code");
    let lower = text.to_lowercase();
    assert!(
        lower.contains("disk") || lower.contains("space"),
        "{what}: the message does not say the disk is full:\n{text}"
    );
}

fn utf8(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

#[test]
fn a_full_disk_during_import_and_backup_is_a_clear_error_and_the_vault_stays_sound() {
    let Some(fs) = tmpfs("8m") else { return };
    let inputs = tempfile::tempdir().expect("a temp dir");
    let first = ride_folder(&inputs.path().join("first"), 4);
    let sb = Sandbox::in_dir(fs.path());
    let out = sb.ok(&["import", utf8(first[0].parent().expect("a folder"))]);
    assert!(out.contains("4 imported"), "{out}");
    let before = activities(&sb).expect("the vault opens").len();

    // Import 40 more rides with no space left.
    let more = inputs.path().join("more");
    ride_folder(&more, 60);
    let filler = fs.fill();
    let out = sb.run(&["import", utf8(&more)]);
    assert_disk_full_error(&out, "import");
    // It stops at the full disk instead of failing every remaining file in turn.
    let text = all(&out);
    assert!(text.contains("stopped: the disk is full"), "{text}");
    assert!(
        !text.contains(" failed"),
        "files were fine, not failed: {text}"
    );
    std::fs::remove_file(&filler).expect("free the space");
    vault_sound(&sb).expect("the vault is sound after a full disk during import");
    let after = activities(&sb).expect("the vault opens");
    assert!(
        after.len() >= before,
        "earlier activities were lost: {} → {}",
        before,
        after.len()
    );
    eprintln!(
        "import on a full disk: {} activities before, {} after",
        before,
        after.len()
    );

    // A backup onto the full disk: an error, and no cut backup at the destination.
    let filler = fs.fill();
    let dest = sb.path().join("vault.plbackup");
    let out = sb
        .cmd(&["backup", "--out", utf8(&dest)])
        .env("PACELINE_BACKUP_PASSPHRASE", "proof-disk")
        .output()
        .expect("runs");
    assert_disk_full_error(&out, "backup");
    assert!(
        !dest.exists(),
        "a partial backup was left at {}",
        dest.display()
    );
    std::fs::remove_file(&filler).expect("free the space");
    vault_sound(&sb).expect("the vault is sound after a full disk during backup");
    assert_eq!(activities(&sb).expect("opens").len(), after.len());
    // And with space again, the backup works.
    let out = sb
        .cmd(&["backup", "--out", utf8(&dest)])
        .env("PACELINE_BACKUP_PASSPHRASE", "proof-disk")
        .output()
        .expect("runs");
    ok(&out, &["backup"]);
    // And the import the full disk stopped completes when run again.
    let out = sb.ok(&["import", utf8(&more)]);
    // (the first four rides are the ones imported before the disk filled)
    assert!(out.contains("56 imported, 4 already present"), "{out}");
}

/// Refused at start: non-zero, no panic, says the folder is read-only.
fn assert_clear_start_error(out: &Output, what: &str) {
    let text = all(out);
    eprintln!(
        "{what} on a read-only data folder said ({}): {}",
        out.status,
        text.trim()
    );
    assert!(!text.contains("panicked"), "{what} panicked:\n{text}");
    assert!(
        !out.status.success(),
        "{what} succeeded on a read-only data folder"
    );
    assert_ne!(out.status.code(), Some(101), "{what}: a panic's exit code");
    assert!(
        text.contains("is read-only") && text.contains("PACELINE_DATA_DIR"),
        "{what}: the message does not say the folder is read-only and what to do:\n{text}"
    );
    assert_eq!(
        text.trim().lines().count(),
        1,
        "{what}: one line, no noise:\n{text}"
    );
}

#[test]
fn a_read_only_data_folder_is_a_clear_error_not_a_panic() {
    let Some(fs) = tmpfs("16m") else { return };
    let inputs = tempfile::tempdir().expect("a temp dir");
    let files = ride_folder(&inputs.path().join("rides"), 2);
    // The vault on the tmpfs, the sandbox's temp and home elsewhere.
    let mut sb = Sandbox::new();
    sb.data = fs.path().join("data");
    sb.ok(&["import", utf8(&files[0])]);
    let empty = fs.path().join("empty");
    std::fs::create_dir_all(&empty).expect("an empty data folder");
    fs.remount(true).expect("remount read-only");

    for args in [
        vec!["info"],
        vec!["activities"],
        vec!["check"],
        vec!["import", utf8(&files[1])],
        vec!["profile", "--name", "Read Only"],
    ] {
        let out = sb.run(&args);
        assert_clear_start_error(&out, &format!("paceline {}", args.join(" ")));
    }
    // A data folder where no vault can be created yet.
    let out = sb.cmd_on(&empty, &["info"]).output().expect("runs");
    assert_clear_start_error(&out, "paceline info (no vault yet)");
    fs.remount(false).expect("remount read-write");
    // Writable again: the vault is as it was.
    vault_sound(&sb).expect("the vault is sound");
    assert_eq!(activities(&sb).expect("opens").len(), 1);
}
