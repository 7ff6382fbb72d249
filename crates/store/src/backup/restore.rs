//! Restoring a backup into a data folder: everything is checked on an encrypted
//! temporary copy before the vault is touched, and the current vault is only set
//! aside (not deleted) until the restored one has opened and passed its checks.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretString};

use super::seal::{self, BackupHeader};
use super::{count, create_private, io, migrations_of, BackupError, Progress, Stage, TempFile};
use crate::keys::{self, KeyOptions, VaultKey};
use crate::migrations::{self, migration_names};
use crate::{db, secrets, Error, Result, Store, VAULT_FILE};

/// What a restore did.
#[derive(Debug, Clone, PartialEq)]
pub struct RestoreReport {
    pub header: BackupHeader,
    pub athletes: u32,
    pub activities: u32,
    /// Migrations applied to bring an older backup up to this build's schema.
    pub migrated: usize,
    /// A vault was there before and has been replaced.
    pub replaced: bool,
    /// Secrets (tokens, API keys) put back where this vault keeps them.
    pub secrets: usize,
}

/// Refuses a schema with a migration this build does not know.
fn check_schema(names: &[String]) -> Result<(), BackupError> {
    let known: Vec<&str> = migration_names().collect();
    match names.iter().find(|n| !known.contains(&n.as_str())) {
        Some(unknown) => Err(BackupError::TooNew(unknown.clone())),
        None => Ok(()),
    }
}

/// The first 32 opened bytes are the temporary database's key, the rest its file.
struct SplitKey {
    key: Zeroizing<[u8; 32]>,
    filled: usize,
    file: BufWriter<File>,
}

impl Write for SplitKey {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.filled < 32 {
            let n = (32 - self.filled).min(buf.len());
            self.key[self.filled..self.filled + n].copy_from_slice(&buf[..n]);
            self.filled += n;
            return Ok(n);
        }
        self.file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// `path` with `suffix` appended to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn checks(c: &Connection) -> Result<()> {
    for pragma in ["PRAGMA cipher_integrity_check", "PRAGMA integrity_check"] {
        let mut st = c.prepare(pragma)?;
        let rows: Vec<String> = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if let Some(bad) = rows.iter().find(|r| *r != "ok") {
            return Err(
                BackupError::Damaged(format!("its database fails {pragma} ({bad})")).into(),
            );
        }
    }
    Ok(())
}

/// Restores the backup `file` into the data folder `dir` (this machine's vault key:
/// from the keyring, or `PACELINE_PASSPHRASE`'s for a passphrase vault; created
/// when the folder has no vault yet — a new computer). The vault is replaced only
/// after the backup has opened, passed both integrity checks, been migrated and
/// re-keyed; any error leaves the folder as it was. The vault must not be open.
pub fn restore(
    dir: &Path,
    file: &Path,
    pass: &SecretString,
    opts: &KeyOptions,
    progress: Progress,
) -> Result<RestoreReport> {
    let mut r = BufReader::new(File::open(file).map_err(io(file))?);
    let (header, prefix) = seal::read_prefix(&mut r)?;
    let len = std::fs::metadata(file).map_err(io(file))?.len();
    if len != seal::expected_len(&header, prefix.len()) {
        return Err(BackupError::Damaged(format!(
            "it has {len} bytes where its header announces {} (cut off or appended to)",
            seal::expected_len(&header, prefix.len())
        ))
        .into());
    }
    check_schema(&header.migrations)?;
    let seal_key = seal::derive(pass, &header.kdf)?;
    std::fs::create_dir_all(dir).map_err(|e| Error::Io(dir.display().to_string(), e))?;
    recover_interrupted(dir)?;
    let vault = dir.join(VAULT_FILE);
    let existed = vault.exists();

    // 1. Open the seal into an encrypted temporary database.
    let tmp = TempFile(with_suffix(&vault, ".restoring"));
    drop(TempFile(tmp.0.clone())); // a stale one from a crashed restore
    let mut split = SplitKey {
        key: Zeroizing::new([0; 32]),
        filled: 0,
        file: BufWriter::new(create_private(&tmp.0)?),
    };
    let total = header.payload_bytes;
    seal::unseal(
        &mut r,
        &mut split,
        &prefix,
        &header,
        &seal_key,
        &mut |done| progress(Stage::Seal, done, total),
    )?;
    if split.filled < 32 {
        return Err(BackupError::Damaged("its content is too short".into()).into());
    }
    let out = split
        .file
        .into_inner()
        .map_err(|e| io(&tmp.0)(e.into_error()))?;
    out.sync_all().map_err(io(&tmp.0))?;
    drop(out);

    // 2. Check it, migrate it, take its secrets out, re-key it to this machine's key.
    let mut conn = match db::open_plain_keyed(&tmp.0, &VaultKey::new(*split.key)) {
        Ok(c) => c,
        Err(Error::WrongKey | Error::Sql(_)) => {
            return Err(BackupError::Damaged("its database does not open".into()).into())
        }
        Err(e) => return Err(e),
    };
    conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA secure_delete = ON;")?;
    checks(&conn)?;
    let names = migrations_of(&conn)?;
    check_schema(&names)?;
    migrations::run(&mut conn)?;
    let migrated = migrations_of(&conn)?.len() - names.len();
    let athletes = count(&conn, "athlete")?;
    let activities = count(&conn, "activity")?;
    let secrets = secrets::take_values(&conn)?;
    // Only now may a new computer get its vault key: the backup is known good.
    let target = keys::resolve(dir, !existed, opts)?;
    if existed {
        // What replaces the vault must open with the key that opens it today; and its
        // WAL is emptied into it first, so the swap below moves one file that matters.
        let old = db::open(&vault, &target.key)?;
        let busy: i64 = old.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy != 0 {
            return Err(Error::Io(
                vault.display().to_string(),
                std::io::Error::other(
                    "the vault is busy in another Paceline: close it, then restore",
                ),
            ));
        }
    }
    db::rekey(&conn, &target.key)?;
    conn.close().map_err(|(_, e)| e)?;

    // 3. Swap, keeping the current vault aside until the restored one has opened.
    let parts = ["", "-wal", "-shm"];
    let mut aside = Vec::new();
    for part in parts {
        let p = with_suffix(&vault, part);
        if p.exists() {
            let a = with_suffix(&p, ".before-restore");
            std::fs::rename(&p, &a).map_err(io(&p))?;
            aside.push((p, a));
        }
    }
    let put_back = |aside: &[(PathBuf, PathBuf)]| {
        for part in parts {
            let _ = std::fs::remove_file(with_suffix(&vault, part));
        }
        for (p, a) in aside {
            let _ = std::fs::rename(a, p);
        }
    };
    if let Err(e) = std::fs::rename(&tmp.0, &vault) {
        put_back(&aside);
        return Err(io(&vault)(e).into());
    }
    std::mem::forget(tmp);
    // The restore commits when `vault.db.before-restore` is removed (the first aside
    // removed below); until then a crash rolls it back (`recover_interrupted`).
    let stored = match finish(dir, opts, secrets) {
        Ok(n) => n,
        Err(e) => {
            put_back(&aside);
            return Err(e);
        }
    };
    for (_, a) in &aside {
        let _ = std::fs::remove_file(a);
    }
    tracing::info!(
        athletes,
        activities,
        migrated,
        replaced = existed,
        "backup restored"
    );
    Ok(RestoreReport {
        header,
        athletes,
        activities,
        migrated,
        replaced: existed,
        secrets: stored,
    })
}

/// Opens the restored vault as the app will, checks it, and stores its secrets.
fn finish(dir: &Path, opts: &KeyOptions, secrets: Vec<(String, SecretString)>) -> Result<usize> {
    // Not `Store::open`: it would roll this very restore back (its asides are there).
    // No background conversion either: the store is closed when this returns, so the
    // restored vault's WAL is written back into it before the restore commits.
    let store = Store::open_with(dir, opts, false)?;
    let problems = store.integrity_check()?;
    if !problems.is_empty() {
        return Err(BackupError::Damaged(problems.join("; ")).into());
    }
    for (name, value) in &secrets {
        debug_assert!(!value.expose_secret().is_empty());
        store.put_secret(name, value)?;
    }
    Ok(secrets.len())
}

/// Rolls back a restore that stopped (a crash, a kill -9) before it committed, so a
/// restore is all or nothing. While `vault.db.before-restore` exists the swap is
/// unfinished: the vault from before is put back with one rename (after the restored
/// file's WAL and SHM are removed, so they never pair with it). Once it is gone the
/// restore committed, and the old vault's WAL/SHM asides (emptied by a checkpoint
/// before the swap) are removed. Idempotent: a crash during it is mended by the next.
pub(crate) fn recover_interrupted(dir: &Path) -> Result<()> {
    let vault = dir.join(VAULT_FILE);
    let side = |part: &str| with_suffix(&with_suffix(&vault, part), ".before-restore");
    let remove = |p: &Path| match std::fs::remove_file(p) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(p)(e)),
        _ => Ok(()),
    };
    let main_aside = side("");
    let rolling_back = main_aside.exists();
    if rolling_back {
        if vault.exists() {
            // The restored vault was swapped in: every part of the old one is aside.
            for part in ["-wal", "-shm"] {
                remove(&with_suffix(&vault, part))?;
            }
        }
        std::fs::rename(&main_aside, &vault).map_err(io(&main_aside))?;
        tracing::warn!(dir = %dir.display(), "an interrupted restore was rolled back");
    }
    for part in ["-wal", "-shm"] {
        let (p, a) = (with_suffix(&vault, part), side(part));
        if rolling_back && a.exists() && !p.exists() {
            std::fs::rename(&a, &p).map_err(io(&a))?;
        } else {
            remove(&a)?;
        }
    }
    Ok(())
}
