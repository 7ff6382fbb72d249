//! Backups: one encrypted file holding the whole vault, made with SQLite's online
//! backup API from a snapshot (consistent while the app imports), sealed with a
//! passphrase the user chooses. The vault key stays where it is (the keyring or the
//! vault's own passphrase); the backup carries its own.
//!
//! No plaintext copy of the vault ever reaches the disk: the snapshot is copied into a
//! temporary SQLCipher database keyed with a random key, and that encrypted file plus
//! its key is what gets sealed ([`seal`]). Restoring reverses it into an encrypted
//! temporary database, checks it, and only then replaces the vault ([`restore`]).
//!
//! A keyring vault keeps its secrets (Garmin tokens, API keys) in the OS keyring; the
//! backup copies them into its sealed database so a new computer gets them back.

pub(crate) mod restore;
mod seal;
#[cfg(test)]
mod tests;

use std::fs::File;
use std::io::{BufReader, BufWriter, Read};
use std::path::{Path, PathBuf};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretString};

pub use restore::{restore, RestoreReport};
pub use seal::{BackupHeader, BackupKdf, KdfCost, FORMAT, MAGIC, MIN_PASSPHRASE_CHARS};

use crate::keys::{random, VaultKey};
use crate::{db, Result, Store};

/// The extension of backup files (what rotation looks at).
pub const BACKUP_EXT: &str = "plbackup";
/// Pages copied per step of the online backup (4 KiB each).
const PAGES_PER_STEP: std::ffi::c_int = 1024;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("this is not a Paceline backup file")]
    NotABackup,
    #[error(
        "this backup was made by a newer Paceline (file format {0}); update Paceline to restore it"
    )]
    UnsupportedFormat(u32),
    #[error("the passphrase does not open this backup (or the file's header was altered)")]
    WrongPassphrase,
    #[error("the backup file is damaged: {0}; nothing was changed")]
    Damaged(String),
    #[error("this backup holds a newer vault (migration {0} is unknown to this Paceline); update Paceline to restore it")]
    TooNew(String),
    #[error("a backup passphrase needs at least {MIN_PASSPHRASE_CHARS} characters")]
    WeakPassphrase,
    #[error("backup {0}: {1}")]
    Io(String, #[source] std::io::Error),
}

/// How a backup is made.
#[derive(Debug, Clone, Default)]
pub struct BackupOptions {
    pub kdf: KdfCost,
}

/// A finished backup.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupInfo {
    pub path: PathBuf,
    /// Size of the file on disk.
    pub bytes: u64,
    pub header: BackupHeader,
}

/// Where a backup or restore is: `done` of `total` in `stage`'s unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Database pages copied from the snapshot.
    Copy,
    /// Bytes sealed (backup) or opened (restore).
    Seal,
}

/// A callback for progress: `(stage, done, total)`.
pub type Progress<'a> = &'a mut dyn FnMut(Stage, u64, u64);

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |e| BackupError::Io(path.display().to_string(), e)
}

/// A file removed when dropped unless kept (the temporary database, a partial file).
pub(crate) struct TempFile(pub(crate) PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut p = self.0.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
}

/// A new file only this user can read.
fn create_private(path: &Path) -> Result<File, BackupError> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path).map_err(io(path))
}

/// `name` beside `path` (temporary files live beside what they become, so the final
/// rename stays on one file system).
fn sibling(path: &Path, name: &str) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(name)
}

/// The schema names recorded in a vault, oldest first.
fn migrations_of(c: &Connection) -> Result<Vec<String>> {
    let mut st = c.prepare("SELECT name FROM schema_migration ORDER BY rowid")?;
    let names = st.query_map([], |r| r.get(0))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

fn count(c: &Connection, table: &str) -> Result<u32> {
    Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
}

impl Store {
    /// Backs the whole vault up into `out` (replaced if it exists), sealed with
    /// `pass`. Consistent while other connections write: the copy comes from one read
    /// snapshot. The file appears under its name only when complete.
    pub fn backup_to(
        &self,
        out: &Path,
        pass: &SecretString,
        now_utc: i64,
        opts: &BackupOptions,
        progress: Progress,
    ) -> Result<BackupInfo> {
        if pass.expose_secret().chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(BackupError::WeakPassphrase.into());
        }
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "backup".into());
        let rand = crate::keys::hex(&random::<6>());
        let inner = TempFile(sibling(out, &format!(".{name}.{rand}.db-tmp")));
        let partial = TempFile(sibling(out, &format!(".{name}.{rand}.partial")));

        // 1. The snapshot, into a temporary SQLCipher database under a random key.
        let inner_key = Zeroizing::new(random::<32>());
        let facts = self.snapshot_into(&inner.0, &VaultKey::new(*inner_key), progress)?;
        // 2. Seal that encrypted file and its key.
        seal_database(
            &inner.0, &inner_key, facts, out, &partial, pass, now_utc, opts, progress,
        )
    }

    /// Copies one read snapshot of the vault into a new SQLCipher database at `dest`
    /// keyed with `key`; returns its migrations and counts (read in the same snapshot).
    fn snapshot_into(&self, dest: &Path, key: &VaultKey, progress: Progress) -> Result<Facts> {
        drop(create_private(dest)?);
        let mut dst = db::open_plain_keyed(dest, key)?;
        // The copy is rebuilt from scratch if anything fails: no journal needed, and no
        // temporary file of SQLite's own may reach the disk.
        dst.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;",
        )?;
        let src = db::open_reader(&self.path, &self.key)?;
        // Hold one read transaction for the whole copy: the backup then reads one
        // snapshot and never restarts however much the writer commits meanwhile.
        src.execute_batch("BEGIN")?;
        let facts = Facts {
            migrations: migrations_of(&src)?,
            athletes: count(&src, "athlete")?,
            activities: count(&src, "activity")?,
        };
        {
            let backup = Backup::new(&src, &mut dst)?;
            loop {
                let step = backup.step(PAGES_PER_STEP)?;
                let p = backup.progress();
                let total = p.pagecount.max(0) as u64;
                progress(
                    Stage::Copy,
                    total - (p.remaining.max(0) as u64).min(total),
                    total,
                );
                match step {
                    StepResult::Done => break,
                    StepResult::More => {}
                    // Another connection of this process holds a lock: wait a little.
                    StepResult::Busy | StepResult::Locked => {
                        std::thread::sleep(std::time::Duration::from_millis(20))
                    }
                    _ => std::thread::sleep(std::time::Duration::from_millis(20)),
                }
            }
        }
        src.execute_batch("COMMIT")?;
        self.copy_secrets_into(&dst)?;
        dst.close().map_err(|(_, e)| e)?;
        Ok(facts)
    }
}

/// What the header says about the database inside.
pub(crate) struct Facts {
    pub migrations: Vec<String>,
    pub athletes: u32,
    pub activities: u32,
}

/// Seals the SQLCipher database `inner` (keyed with `inner_key`) and that key into
/// `partial`, then renames it to `out`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn seal_database(
    inner: &Path,
    inner_key: &[u8; 32],
    facts: Facts,
    out: &Path,
    partial: &TempFile,
    pass: &SecretString,
    now_utc: i64,
    opts: &BackupOptions,
    progress: Progress,
) -> Result<BackupInfo> {
    let payload_bytes = 32 + std::fs::metadata(inner).map_err(io(inner))?.len();
    let kdf = opts.kdf.new_kdf();
    let key = seal::derive(pass, &kdf)?;
    let Facts {
        migrations,
        athletes,
        activities,
    } = facts;
    let header = BackupHeader {
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        created_utc: now_utc,
        migrations,
        athletes,
        activities,
        payload_bytes,
        kdf,
        nonce: seal::new_nonce(),
        chunk_bytes: seal::CHUNK,
    };
    let prefix = seal::encode_prefix(&header);
    {
        let db = File::open(inner).map_err(io(inner))?;
        let mut src = (&inner_key[..]).chain(BufReader::new(db));
        let file = create_private(&partial.0)?;
        let mut w = BufWriter::new(file);
        seal::seal(&mut src, &mut w, &prefix, &header, &key, &mut |done| {
            progress(Stage::Seal, done, payload_bytes)
        })?;
        let file = w.into_inner().map_err(|e| io(&partial.0)(e.into_error()))?;
        file.sync_all().map_err(io(&partial.0))?;
    }
    std::fs::rename(&partial.0, out).map_err(io(out))?;
    let bytes = std::fs::metadata(out).map_err(io(out))?.len();
    tracing::info!(path = %out.display(), bytes, athletes, activities, "backup written");
    Ok(BackupInfo {
        path: out.to_path_buf(),
        bytes,
        header,
    })
}

/// The header of the backup at `path`, readable without its passphrase.
pub fn read_header(path: &Path) -> Result<BackupHeader> {
    let mut r = BufReader::new(File::open(path).map_err(io(path))?);
    Ok(seal::read_prefix(&mut r)?.0)
}

/// The file name of a scheduled backup made at `utc`: sorts by time.
pub fn backup_file_name(utc: i64) -> String {
    let day = utc.div_euclid(86_400);
    let (y, m, d) = paceline_types::date::civil_from_days(day);
    let s = utc.rem_euclid(86_400);
    format!(
        "paceline-{y:04}{m:02}{d:02}-{:02}{:02}{:02}.{BACKUP_EXT}",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// Deletes all but the `keep` newest scheduled backups (`paceline-*.plbackup`) in
/// `folder`; other files are never touched. Returns what was deleted.
pub fn rotate(folder: &Path, keep: usize) -> Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(io(folder))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|e| e == BACKUP_EXT)
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("paceline-"))
        })
        .collect();
    // The names carry the time: their order is the age order.
    found.sort();
    let excess = found.len().saturating_sub(keep.max(1));
    let gone: Vec<PathBuf> = found.into_iter().take(excess).collect();
    for p in &gone {
        std::fs::remove_file(p).map_err(io(p))?;
    }
    Ok(gone)
}
