//! Restores of backups a build of another schema made: sealed here from databases
//! built with a prefix of the migrations, or with a migration from the future.

use super::*;
use crate::migrations::{run_first, SCHEMA_VERSION};
use crate::{Error, KeyOptions, LEGACY_SCHEMA6_EXAMPLE};

const PASS: &str = "backup passphrase";

/// Seals a database built by the first `migrations` migrations plus `sql`.
fn sealed(dir: &Path, migrations: usize, sql: &str) -> PathBuf {
    let inner = TempFile(dir.join("inner.db"));
    let key = random::<32>();
    {
        let mut c = db::open_plain_keyed(&inner.0, &VaultKey::new(key)).unwrap();
        run_first(&mut c, migrations).unwrap();
        c.execute_batch(sql).unwrap();
    }
    let c = db::open_plain_keyed(&inner.0, &VaultKey::new(key)).unwrap();
    let facts = Facts {
        migrations: migrations_of(&c).unwrap(),
        athletes: count(&c, "athlete").unwrap(),
        activities: count(&c, "activity").unwrap(),
    };
    drop(c);
    let out = dir.join("old.plbackup");
    let partial = TempFile(dir.join("old.partial"));
    let opts = BackupOptions {
        kdf: KdfCost::for_tests(),
    };
    seal_database(
        &inner.0,
        &key,
        facts,
        &out,
        &partial,
        &PASS.into(),
        5,
        &opts,
        &mut |_, _, _| {},
    )
    .unwrap();
    out
}

#[test]
fn an_older_backup_is_migrated_on_restore() {
    let tmp = tempfile::tempdir().unwrap();
    // The schema-6 example, made whole (an original file each, no samples).
    let seed = format!(
        "{LEGACY_SCHEMA6_EXAMPLE}
         UPDATE activity SET sample_count = 0;
         INSERT INTO source_file VALUES (1, 'a.fit', 0, x'0300'), (2, 'b.gpx', 0, x'0300');"
    );
    let file = sealed(tmp.path(), 6, &seed);
    assert_eq!(read_header(&file).unwrap().migrations.len(), 6);
    let dir = tmp.path().join("new-computer");
    let opts = KeyOptions::with_passphrase("vault passphrase");
    let report = restore(&dir, &file, &PASS.into(), &opts, &mut |_, _, _| {}).unwrap();
    assert_eq!(report.migrated, SCHEMA_VERSION as usize - 6);
    assert_eq!(
        (report.athletes, report.activities, report.replaced),
        (1, 2, false)
    );
    let store = Store::open(&dir, &opts).unwrap();
    assert_eq!(store.list_activities(1).unwrap().len(), 2);
    // The migrations ran: the old settings JSON became the units and a watched folder.
    assert_eq!(store.setting("units").unwrap().as_deref(), Some("imperial"));
    assert_eq!(store.watched_folders(1).unwrap(), vec!["/x".to_string()]);
    assert!(store.integrity_check().unwrap().is_empty());
}

#[test]
fn a_backup_from_a_newer_schema_is_refused_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let file = sealed(
        tmp.path(),
        SCHEMA_VERSION as usize,
        "INSERT INTO schema_migration(name) VALUES ('2099-01-01-hover-bikes');",
    );
    let dir = tmp.path().join("data");
    let err = restore(
        &dir,
        &file,
        &PASS.into(),
        &KeyOptions::with_passphrase("vault passphrase"),
        &mut |_, _, _| {},
    )
    .unwrap_err();
    assert!(
        matches!(&err, Error::Backup(BackupError::TooNew(n)) if n == "2099-01-01-hover-bikes"),
        "{err}"
    );
    assert!(err.to_string().contains("update Paceline"));
    // Refused before anything was written: no key, no vault.
    assert!(!dir.join(crate::VAULT_FILE).exists());
    assert!(!dir.join("vault.json").exists());
}
