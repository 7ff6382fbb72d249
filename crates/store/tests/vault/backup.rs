//! Backup and restore through the public API: sealed, consistent under writes,
//! verified before anything is replaced.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use paceline_store::backup::{self, BackupError, BackupOptions, KdfCost};
use paceline_store::{Error, KeyOptions, SecretString, Store};

use super::{activity, PASS};

const BACKUP_PASS: &str = "a long backup passphrase";
const MARKER: &str = "MARKER-Zelda-Quuxworth-48.85837";

fn fast() -> BackupOptions {
    BackupOptions {
        kdf: KdfCost::for_tests(),
    }
}

fn pass(p: &str) -> SecretString {
    p.into()
}

fn no_progress() -> impl FnMut(backup::Stage, u64, u64) {
    |_, _, _| {}
}

/// A vault with a marked athlete, an activity whose name and original carry the
/// marker, a note and a secret.
fn marked_vault(dir: &Path) -> Store {
    let store = Store::open(dir, &KeyOptions::with_passphrase(PASS)).unwrap();
    let athlete = store.add_athlete(MARKER, 0).unwrap();
    insert_for(&store, athlete, MARKER, 9, MARKER.as_bytes());
    store.set_setting("note", MARKER).unwrap();
    store
        .put_secret("garmin/1/tokens", &pass(&format!("token-{MARKER}")))
        .unwrap();
    store
}

fn insert_for(store: &Store, athlete: i64, name: &str, hash: u8, original: &[u8]) {
    let a = activity(name);
    store
        .insert_activity(&paceline_store::NewActivity {
            athlete_id: athlete,
            activity: &a,
            format: paceline_model::SourceFormat::Fit,
            content_hash: [hash; 32],
            file_name: "ride.fit",
            original,
            imported_utc: 1,
            metrics: None,
        })
        .unwrap();
}

/// Incompressible bytes (xorshift), so the vault really grows.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn contains(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

#[test]
fn backup_round_trips_to_a_new_computer_without_plaintext() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("old");
    let store = marked_vault(&src);
    let out_dir = tmp.path().join("backups");
    std::fs::create_dir_all(&out_dir).unwrap();
    let out = out_dir.join("my.plbackup");
    let mut stages = Vec::new();
    let info = store
        .backup_to(
            &out,
            &pass(BACKUP_PASS),
            1_764_000_000,
            &fast(),
            &mut |s, d, t| stages.push((s, d, t)),
        )
        .unwrap();
    assert!(stages.iter().any(|s| s.0 == backup::Stage::Copy));
    let last = stages.last().unwrap();
    assert_eq!((last.0, last.1), (backup::Stage::Seal, last.2));
    // Only the backup itself is left in the folder, and it says what it holds.
    assert_eq!(files(&out_dir), vec![out.clone()]);
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(info.bytes, bytes.len() as u64);
    assert_eq!(&bytes[..8], backup::MAGIC);
    let header = backup::read_header(&out).unwrap();
    assert_eq!(header, info.header);
    assert_eq!((header.athletes, header.activities), (1, 1));
    assert_eq!(header.created_utc, 1_764_000_000);
    assert_eq!(
        header.last_migration(),
        paceline_store::migration_names().last()
    );
    // Sealed: neither the marker nor the SQLite magic appears anywhere in the file.
    assert!(!contains(&bytes, MARKER));
    assert!(!contains(&bytes, "token-"));
    assert!(!contains(&bytes, "SQLite format 3"));

    // A new computer: another data folder, another vault passphrase.
    let dst = tmp.path().join("new");
    let opts = KeyOptions::with_passphrase("the new machine's passphrase");
    let report =
        backup::restore(&dst, &out, &pass(BACKUP_PASS), &opts, &mut no_progress()).unwrap();
    assert_eq!(
        (report.athletes, report.activities, report.migrated),
        (1, 1, 0)
    );
    assert!(!report.replaced);
    assert_eq!(report.secrets, 1);
    let restored = Store::open(&dst, &opts).unwrap();
    assert!(restored.integrity_check().unwrap().is_empty());
    let athlete = restored
        .athletes()
        .unwrap()
        .into_iter()
        .find(|a| a.name == MARKER)
        .expect("the marked athlete is back");
    let list = restored.list_activities(athlete.id).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].name, MARKER);
    assert_eq!(
        restored.source_file(athlete.id, list[0].id).unwrap().1,
        MARKER.as_bytes()
    );
    assert_eq!(restored.setting("note").unwrap().as_deref(), Some(MARKER));
    assert_eq!(
        restored
            .secret("garmin/1/tokens")
            .unwrap()
            .map(|s| paceline_store::ExposeSecret::expose_secret(&s).to_string()),
        Some(format!("token-{MARKER}"))
    );
    // The restored vault is this machine's: the old vault passphrase does not open it.
    drop(restored);
    assert!(matches!(
        Store::open(&dst, &KeyOptions::with_passphrase(PASS)),
        Err(Error::WrongKey)
    ));
    // Nothing left over from the restore, and nothing in plaintext.
    for f in files(&dst) {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            ["vault.db", "vault.json", "vault.db-wal", "vault.db-shm"].contains(&name.as_str()),
            "left over: {name}"
        );
        assert!(!contains(&std::fs::read(&f).unwrap(), MARKER), "{name}");
    }
}

#[test]
fn restore_replaces_an_existing_vault_keeping_its_key() {
    let tmp = tempfile::tempdir().unwrap();
    let store = marked_vault(&tmp.path().join("a"));
    let out = tmp.path().join("a.plbackup");
    store
        .backup_to(&out, &pass(BACKUP_PASS), 1, &fast(), &mut no_progress())
        .unwrap();
    // The target has data of its own that the restore replaces.
    let dst = tmp.path().join("b");
    let opts = KeyOptions::with_passphrase("b's passphrase");
    {
        let other = Store::open(&dst, &opts).unwrap();
        let id = other.ensure_athlete("Someone else", 0).unwrap();
        insert_for(&other, id, "theirs", 1, b"theirs");
    }
    let report =
        backup::restore(&dst, &out, &pass(BACKUP_PASS), &opts, &mut no_progress()).unwrap();
    assert!(report.replaced);
    let restored = Store::open(&dst, &opts).unwrap();
    let names: Vec<String> = restored
        .athletes()
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, vec![MARKER.to_string()]);
    assert!(!files(&dst)
        .iter()
        .any(|f| f.to_string_lossy().contains("before-restore")));
}

/// A restore killed after the restored file was swapped in but before it committed
/// (its asides still there) is rolled back at the next open: the vault from before,
/// whole, and no aside left. Then a committed restore leaves only the restored vault.
#[test]
fn a_restore_killed_before_it_committed_is_rolled_back() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("a.plbackup");
    marked_vault(&tmp.path().join("a"))
        .backup_to(&out, &pass(BACKUP_PASS), 1, &fast(), &mut no_progress())
        .unwrap();
    let dst = tmp.path().join("b");
    let opts = KeyOptions::with_passphrase("b's passphrase");
    {
        let other = Store::open(&dst, &opts).unwrap();
        let id = other.ensure_athlete("Someone else", 0).unwrap();
        insert_for(&other, id, "theirs", 1, b"theirs");
    }
    // The state the swap leaves just before its commit: the old vault aside, the
    // restored one (here: a copy of a restore into a scratch folder) in its place.
    let scratch = tmp.path().join("scratch");
    backup::restore(
        &scratch,
        &out,
        &pass(BACKUP_PASS),
        &KeyOptions::with_passphrase("b's passphrase"),
        &mut no_progress(),
    )
    .unwrap();
    let vault = dst.join("vault.db");
    for part in ["vault.db", "vault.db-wal", "vault.db-shm"] {
        if dst.join(part).exists() {
            std::fs::rename(dst.join(part), dst.join(format!("{part}.before-restore"))).unwrap();
        }
    }
    std::fs::copy(scratch.join("vault.db"), &vault).unwrap();
    std::fs::write(dst.join("vault.db-wal"), b"the restored vault's WAL").unwrap();

    let back = Store::open(&dst, &opts).unwrap();
    let names: Vec<String> = back
        .athletes()
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, vec!["Someone else".to_string()]);
    assert!(back.integrity_check().unwrap().is_empty());
    drop(back);
    assert!(!files(&dst)
        .iter()
        .any(|f| f.to_string_lossy().contains("before-restore")));
    // And a real restore over it still works.
    backup::restore(&dst, &out, &pass(BACKUP_PASS), &opts, &mut no_progress()).unwrap();
    let names: Vec<String> = Store::open(&dst, &opts)
        .unwrap()
        .athletes()
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, vec![MARKER.to_string()]);
}

/// A wrong passphrase, a cut-off file, a flipped bit, a file that is no backup:
/// each a clear error, and the vault in place exactly as it was.
#[test]
fn bad_backups_are_clear_errors_and_change_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let store = marked_vault(&tmp.path().join("a"));
    // Big enough for several chunks: an original of 3 MB of noise.
    let noise = noise(3_000_000, 7);
    insert_for(&store, 1, "big", 3, &noise);
    let out = tmp.path().join("a.plbackup");
    store
        .backup_to(&out, &pass(BACKUP_PASS), 1, &fast(), &mut no_progress())
        .unwrap();
    drop(store);
    let good = std::fs::read(&out).unwrap();

    let dst = tmp.path().join("b");
    let opts = KeyOptions::with_passphrase("b's passphrase");
    {
        let other = Store::open(&dst, &opts).unwrap();
        let id = other.ensure_athlete("Keeper", 0).unwrap();
        insert_for(&other, id, "kept", 1, b"kept");
    }
    let snapshot = || -> Vec<(PathBuf, Vec<u8>)> {
        files(&dst)
            .into_iter()
            .map(|f| (f.clone(), std::fs::read(&f).unwrap()))
            .collect()
    };
    let before = snapshot();
    let try_restore = |bytes: &[u8], p: &str| {
        let f = tmp.path().join("try.plbackup");
        std::fs::write(&f, bytes).unwrap();
        backup::restore(&dst, &f, &pass(p), &opts, &mut no_progress()).unwrap_err()
    };

    let err = try_restore(&good, "not the passphrase");
    assert!(
        matches!(err, Error::Backup(BackupError::WrongPassphrase)),
        "{err}"
    );
    assert!(err.to_string().contains("passphrase does not open"));
    let cut = &good[..good.len() / 2];
    let err = try_restore(cut, BACKUP_PASS);
    assert!(
        matches!(err, Error::Backup(BackupError::Damaged(_))),
        "{err}"
    );
    assert!(err.to_string().contains("damaged"), "{err}");
    let err = try_restore(&good[..good.len() - 1], BACKUP_PASS);
    assert!(
        matches!(err, Error::Backup(BackupError::Damaged(_))),
        "{err}"
    );
    let mut flipped = good.clone();
    let at = good.len() - 1000;
    flipped[at] ^= 0x10;
    let err = try_restore(&flipped, BACKUP_PASS);
    assert!(
        matches!(err, Error::Backup(BackupError::Damaged(_))),
        "{err}"
    );
    let err = try_restore(b"PK\x03\x04 a zip, not a backup", BACKUP_PASS);
    assert!(
        matches!(err, Error::Backup(BackupError::NotABackup)),
        "{err}"
    );
    assert_eq!(snapshot(), before, "a failed restore must change nothing");
    let kept = Store::open(&dst, &opts).unwrap();
    assert_eq!(kept.athletes().unwrap()[0].name, "Keeper");
}

#[test]
fn a_short_passphrase_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path(), &KeyOptions::with_passphrase(PASS)).unwrap();
    let err = store
        .backup_to(
            &tmp.path().join("x"),
            &pass("short"),
            1,
            &fast(),
            &mut no_progress(),
        )
        .unwrap_err();
    assert!(
        matches!(err, Error::Backup(BackupError::WeakPassphrase)),
        "{err}"
    );
    assert!(!tmp.path().join("x").exists());
}

/// A backup taken while another thread imports is one consistent snapshot: the
/// restored vault is whole and holds exactly the activities its header counted.
#[test]
fn a_backup_taken_during_writes_is_consistent() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("v"), &KeyOptions::with_passphrase(PASS)).unwrap();
    let id = store.ensure_athlete("Writer", 0).unwrap();
    for h in 0..30u8 {
        insert_for(&store, id, "before", h, &noise(400_000, h as u64));
    }
    let done = AtomicBool::new(false);
    let during = AtomicU32::new(0);
    let out = tmp.path().join("live.plbackup");
    let info = std::thread::scope(|s| {
        s.spawn(|| {
            let mut h = 30u8;
            while !done.load(Ordering::SeqCst) && h < 250 {
                insert_for(&store, id, "during", h, &noise(400_000, h as u64));
                during.fetch_add(1, Ordering::SeqCst);
                h += 1;
            }
        });
        // Let the writer start, and slow the copy so writes land between its steps.
        while during.load(Ordering::SeqCst) == 0 {
            std::thread::yield_now();
        }
        let info = store
            .backup_to(&out, &pass(BACKUP_PASS), 1, &fast(), &mut |s, _, _| {
                if s == backup::Stage::Copy {
                    std::thread::sleep(std::time::Duration::from_millis(30));
                }
            })
            .unwrap();
        done.store(true, Ordering::SeqCst);
        info
    });
    let total = store.activity_count(id).unwrap();
    assert!(
        info.header.activities >= 31 && info.header.activities < total,
        "the writer must have committed during the backup: {} in the backup, {total} now",
        info.header.activities
    );
    let dst = tmp.path().join("r");
    let opts = KeyOptions::with_passphrase(PASS);
    let report =
        backup::restore(&dst, &out, &pass(BACKUP_PASS), &opts, &mut no_progress()).unwrap();
    assert_eq!(report.activities, info.header.activities);
    let restored = Store::open(&dst, &opts).unwrap();
    assert!(restored.integrity_check().unwrap().is_empty());
    assert_eq!(restored.activity_count(id).unwrap(), info.header.activities);
}

#[test]
fn rotation_keeps_the_newest_backups_only() {
    let tmp = tempfile::tempdir().unwrap();
    let t0 = 1_764_892_800; // 2025-12-05 00:00 UTC
    assert_eq!(
        backup::backup_file_name(t0 + 3661),
        "paceline-20251205-010101.plbackup"
    );
    for i in 0..5 {
        std::fs::write(
            tmp.path().join(backup::backup_file_name(t0 + i * 86_400)),
            b"x",
        )
        .unwrap();
    }
    std::fs::write(tmp.path().join("mine.plbackup"), b"x").unwrap();
    std::fs::write(tmp.path().join("paceline-notes.txt"), b"x").unwrap();
    let gone = backup::rotate(tmp.path(), 2).unwrap();
    assert_eq!(gone.len(), 3);
    let left: Vec<String> = files(tmp.path())
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left,
        [
            "mine.plbackup",
            "paceline-20251208-000000.plbackup",
            "paceline-20251209-000000.plbackup",
            "paceline-notes.txt"
        ]
    );
}

/// A keyring vault keeps its secrets in the OS keyring: the backup carries them
/// (sealed), and the restore on another machine puts them in that machine's keyring.
#[test]
fn a_keyring_vaults_secrets_travel_in_the_backup() {
    use paceline_store::{ExposeSecret, KeyringBackend};
    for backend in KeyringBackend::for_tests() {
        let tmp = tempfile::tempdir().unwrap();
        let opts = KeyOptions {
            passphrase: None,
            backend,
        };
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        let store = match Store::open(&a, &opts) {
            Ok(s) => s,
            Err(Error::NoKeyring(why)) if backend == KeyringBackend::KeyUtils => {
                eprintln!("SKIP keyutils: {why}");
                continue;
            }
            Err(e) => panic!("{backend:?}: {e}"),
        };
        store
            .put_secret("llm/openai/key", &pass("sk-MARKER-4411"))
            .unwrap();
        let out = tmp.path().join("k.plbackup");
        store
            .backup_to(&out, &pass(BACKUP_PASS), 1, &fast(), &mut no_progress())
            .unwrap();
        assert!(!contains(&std::fs::read(&out).unwrap(), "sk-MARKER"));
        let report =
            backup::restore(&b, &out, &pass(BACKUP_PASS), &opts, &mut no_progress()).unwrap();
        assert_eq!(report.secrets, 1);
        let restored = Store::open(&b, &opts).unwrap();
        let got = restored.secret("llm/openai/key").unwrap().unwrap();
        assert_eq!(got.expose_secret(), "sk-MARKER-4411", "{backend:?}");
        // In the keyring, not in the vault: the file has only the name.
        restored.checkpoint().unwrap();
        assert!(!contains(
            &std::fs::read(b.join(paceline_store::VAULT_FILE)).unwrap(),
            "sk-MARKER"
        ));
        // Leave the keyring as found.
        for (s, dir) in [(store, &a), (restored, &b)] {
            s.delete_secret("llm/openai/key").unwrap();
            drop(s);
            paceline_store::keys::forget_key(dir, &opts).unwrap();
        }
    }
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Memory stays flat whatever the vault's size (chunked sealing): backs up and
/// restores a ~300 MB vault and prints the peak RSS each added. Slow: run with
/// `cargo test -p paceline-store --release --test vault big_vault -- --ignored --nocapture`.
#[test]
#[ignore = "builds a 300 MB vault"]
fn big_vault_backup_and_restore_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("v"), &KeyOptions::with_passphrase(PASS)).unwrap();
    let id = store.ensure_athlete("Big", 0).unwrap();
    for h in 0..75u8 {
        insert_for(&store, id, "big", h, &noise(4 << 20, h as u64));
    }
    store.checkpoint().unwrap();
    let vault = std::fs::metadata(tmp.path().join("v/vault.db"))
        .unwrap()
        .len();
    // Reset the peak (Linux: "5" clears VmHWM).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let base = peak_rss_kib();
    let out = tmp.path().join("big.plbackup");
    let t = std::time::Instant::now();
    let info = store
        .backup_to(
            &out,
            &pass(BACKUP_PASS),
            1,
            &BackupOptions::default(),
            &mut no_progress(),
        )
        .unwrap();
    let backup_s = t.elapsed().as_secs_f64();
    let after_backup = peak_rss_kib();
    drop(store);
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let base2 = peak_rss_kib();
    let t = std::time::Instant::now();
    backup::restore(
        &tmp.path().join("r"),
        &out,
        &pass(BACKUP_PASS),
        &KeyOptions::with_passphrase(PASS),
        &mut no_progress(),
    )
    .unwrap();
    let restore_s = t.elapsed().as_secs_f64();
    let after_restore = peak_rss_kib();
    eprintln!(
        "vault {} MB, backup {} MB in {backup_s:.1} s (+{} MB peak RSS), restore in {restore_s:.1} s (+{} MB peak RSS)",
        vault >> 20,
        info.bytes >> 20,
        (after_backup.saturating_sub(base)) >> 10,
        (after_restore.saturating_sub(base2)) >> 10,
    );
    // Far below the vault's size: nothing holds the whole of it in memory.
    assert!((after_backup.saturating_sub(base) << 10) < vault / 4);
    assert!((after_restore.saturating_sub(base2) << 10) < vault / 4);
}
