//! The vault: one SQLCipher-encrypted SQLite file per data folder.
//!
//! One writer connection behind a mutex (SQLite allows one writer anyway) and a small
//! pool of readers, all in WAL mode so the UI can read while an import writes.
//! Every write that belongs together happens in one transaction: an activity is
//! stored whole or not at all.

mod activities;
mod athletes;
pub mod backup;
mod coach;
mod codec;
#[cfg(test)]
mod codec_corpus;
mod db;
mod export;
mod extras;
mod fitpack;
mod garmin;
mod groups;
mod insert;
mod integrity;
mod job_runs;
pub mod keys;
mod logbook;
mod metrics_row;
mod migration_sql;
mod migrations;
mod plans;
mod recode;
#[cfg(test)]
mod recode_tests;
mod routes;
mod secrets;
mod settings;
mod streams;
mod training;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use activities::StoredActivity;
pub use athletes::AthleteRow;
pub use coach::{
    BudgetRow, ChatRow, DeepRunRow, DeepStepRow, LedgerRow, PromptVersionRow, ProviderRow,
    ReviewRow, SuggestionRow,
};
pub use export::{export_tables, Cell, OriginalFile};
pub use extras::LinkedFile;
pub use garmin::{GarminSyncLogRow, GarminSyncState, WellnessDay};
pub use groups::{DeliveryRow, DeliveryUpdate, DigestRow, GroupRow, NewDigest};
pub use insert::{Inserted, NewActivity, Prepared, MATCH_WINDOW_S, MIN_OVERLAP};
pub use job_runs::JobRun;
pub use keys::{KeyOptions, KeyringBackend};
pub use logbook::{
    BodyRow, FitStrength, JournalRow, ManualRow, NewManual, NewSession, OwnExerciseRow,
    SessionKind, SessionRow, SetRow, MANUAL_FORMAT,
};
pub use migrations::{migration_names, SCHEMA_VERSION};
use paceline_types::KeySource;
pub use plans::{
    InjuryRow, NewPlan, PlanProfile, PlanSource, PlanVersionRow, RaceRow, RulesVersion,
};
pub use routes::{
    BikeRow, NewRoute, RouteAssumptions, RouteMeta, RoutePoints, RouteRow, SectionRow,
    WorkoutRouteLink,
};
use rusqlite::Connection;
pub use secrecy::{ExposeSecret, SecretString};
pub use secrets::{athlete_secret_name, MAX_SECRET_BYTES};
pub use training::{CurveRow, DigestSessionRow, LoadRow, WellnessRow};

/// The database file inside the data folder.
pub const VAULT_FILE: &str = "vault.db";
const READERS: usize = 3;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the vault key is wrong: this vault was encrypted with another key or passphrase")]
    WrongKey,
    #[error("this vault is protected by a passphrase: set PACELINE_PASSPHRASE to open it")]
    PassphraseRequired,
    #[error("the key of this vault is not in the OS keyring (was the keyring reset?); restore the key or a backup")]
    KeyMissing,
    #[error("no OS keyring is available ({0}); set PACELINE_PASSPHRASE to protect the vault with a passphrase instead")]
    NoKeyring(String),
    #[error("the vault was written by a newer Paceline (schema {found}, this one knows {known}); update Paceline")]
    SchemaTooNew { found: i64, known: i64 },
    #[error("the vault is damaged: {0}")]
    Damaged(String),
    #[error("{0}: {1}")]
    Io(String, #[source] std::io::Error),
    #[error("no activity with id {0}")]
    NotFound(i64),
    #[error("no athlete with id {0}")]
    AthleteNotFound(i64),
    /// Neither the name nor the value is echoed: a value passed as a name by
    /// mistake must not reach a message.
    #[error("not a valid secret name: use lowercase segments of a-z, 0-9, '.', '_' or '-' joined by '/', e.g. garmin/1/tokens (the second segment, when a number, is the athlete the secret belongs to)")]
    SecretName,
    #[error("the secret is {0}")]
    SecretValue(&'static str),
    /// A row other than an activity or athlete (a race, an injury, a plan version).
    #[error("no {what} with id {id}")]
    Missing { what: &'static str, id: i64 },
    #[error(transparent)]
    Backup(#[from] backup::BackupError),
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The disk is full: the next write cannot succeed either, so work that writes
    /// many things (an import) stops here instead of failing each one in turn.
    pub fn is_disk_full(&self) -> bool {
        match self {
            Error::Sql(rusqlite::Error::SqliteFailure(e, _)) => {
                e.code == rusqlite::ErrorCode::DiskFull
            }
            Error::Io(_, e) => e.kind() == std::io::ErrorKind::StorageFull,
            _ => false,
        }
    }
}

pub struct Store {
    path: PathBuf,
    key_source: KeySource,
    /// Where this vault's secrets live (beside its key).
    secrets: secrets::Place,
    /// Shared with the background conversion to codec 3 ([`recode`]), which takes it
    /// for a short transaction per batch.
    writer: Arc<Mutex<Connection>>,
    readers: Mutex<Vec<Connection>>,
    key: keys::VaultKey,
    /// Declared last: dropped (stopped and joined) after nothing else needs it.
    _recoder: Option<recode::Worker>,
}

impl Store {
    /// Opens the vault in `dir`, creating folder, key and schema on first use.
    pub fn open(dir: &Path, opts: &KeyOptions) -> Result<Store> {
        // A restore killed half-way leaves the old vault aside: put it back first.
        backup::restore::recover_interrupted(dir)?;
        Store::open_with(dir, opts, true)
    }

    /// Opens the vault without converting old blobs in the background (tests drive
    /// the conversion with [`Store::recode_step`]).
    #[doc(hidden)]
    pub fn open_foreground(dir: &Path, opts: &KeyOptions) -> Result<Store> {
        Store::open_with(dir, opts, false)
    }

    fn open_with(dir: &Path, opts: &KeyOptions, background: bool) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|e| Error::Io(dir.display().to_string(), e))?;
        let path = dir.join(VAULT_FILE);
        let creating = !path.exists();
        let keys::Resolved {
            key,
            source: key_source,
            vault_id,
        } = keys::resolve(dir, creating, opts)?;
        let mut writer = db::open(&path, &key)?;
        migrations::run(&mut writer)?;
        tracing::info!(path = %path.display(), ?key_source, creating, "vault open");
        let writer = Arc::new(Mutex::new(writer));
        let recoder = if background {
            recode::Worker::start(&writer)?
        } else {
            None
        };
        Ok(Store {
            path,
            key_source,
            secrets: secrets::Place::of(key_source, vault_id, opts.backend),
            writer,
            readers: Mutex::new(Vec::new()),
            key,
            _recoder: recoder,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn key_source(&self) -> KeySource {
        self.key_source
    }

    /// Runs `f` with the writer connection.
    fn write<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let mut conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut conn)
    }

    /// Runs `f` with a pooled reader; readers never block the writer in WAL mode.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let pooled = self.readers.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let conn = match pooled {
            Some(c) => c,
            None => db::open_reader(&self.path, &self.key)?,
        };
        let out = f(&conn);
        let mut pool = self.readers.lock().unwrap_or_else(|p| p.into_inner());
        if pool.len() < READERS {
            pool.push(conn);
        }
        out
    }

    /// Writes the WAL back into the main file (used before backups and by tests).
    pub fn checkpoint(&self) -> Result<()> {
        self.write(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?))
    }
}

/// For the `fitpack` fuzz target: `data` stored as an original must read back exactly,
/// and read as a packed FIT body (what a damaged blob decompresses to) must not panic.
#[doc(hidden)]
pub fn fuzz_original(data: &[u8]) {
    let stored = streams::pack_original(data);
    let back = streams::unpack_original(&stored, data.len());
    assert_eq!(
        back.ok().as_deref(),
        Some(data),
        "an original changed in the vault"
    );
    let _ = fitpack::rebuild(data);
}

/// Activity `id` belongs to `athlete_id`, or it is not found: every read or write
/// by activity id goes through this, so one athlete never reaches another's data.
pub(crate) fn owned(c: &Connection, athlete_id: i64, id: i64) -> Result<()> {
    let found = c
        .prepare_cached("SELECT 1 FROM activity WHERE id = ?1 AND athlete_id = ?2")?
        .exists((id, athlete_id))?;
    if found {
        Ok(())
    } else {
        Err(Error::NotFound(id))
    }
}

/// A vault of the release before several athletes (schema 6) as a user had it: one
/// athlete with two activities, laps, loads, thresholds, wellness and the settings
/// JSON of that time. Seed for [`Store::debug_create_legacy`] in the migration tests
/// (SQL stays in this crate).
#[doc(hidden)]
pub const LEGACY_SCHEMA6_EXAMPLE: &str = r#"
        INSERT INTO athlete(id, name, created_utc, sex) VALUES (1, 'Legacy Lee', 1700000000, 'female');
        INSERT INTO activity(id, athlete_id, name, sport, start_utc, utc_offset_s, elapsed_s,
            moving_s, distance_m, avg_hr, avg_power, source_format, content_hash, sample_count,
            imported_utc, rpe)
        VALUES (1, 1, 'Morning ride', 'ride', 1764000000, 3600, 3600, 3500, 30000, 140, 200,
                'fit', x'01', 3600, 1764000100, 6),
               (2, 1, 'Evening run', 'run', 1764100000, 3600, 1800, 1790, 6000, 150, NULL,
                'gpx', x'02', 1800, 1764100100, NULL);
        INSERT INTO lap(activity_id, idx, start_utc, elapsed_s, distance_m)
            VALUES (1, 0, 1764000000, 1800, 15000), (1, 1, 1764001800, 1800, 15000);
        INSERT INTO activity_metrics(activity_id, load, load_source, json)
            VALUES (1, 75.5, 'power', '{}'), (2, 40.0, 'hr', '{}');
        INSERT INTO threshold(athlete_id, sport, kind, from_day, value)
            VALUES (1, '', 'ftp', 20000, 250), (1, 'run', 'lthr', 20000, 172);
        INSERT INTO wellness(athlete_id, day, hrv_rmssd_ms, resting_hr) VALUES (1, 20400, 62.5, 48);
        INSERT INTO setting(key, value)
            VALUES ('settings', '{"units":"imperial","watched_folders":["/x"]}');
        "#;

impl Store {
    /// Creates the vault in `dir` as the release with only the first `migrations`
    /// migrations wrote it, runs `seed_sql` in it, and closes it; the next
    /// [`Store::open`] migrates it. Lets tests prove an old vault migrates losslessly.
    #[doc(hidden)]
    pub fn debug_create_legacy(
        dir: &Path,
        opts: &KeyOptions,
        migrations: usize,
        seed_sql: &str,
    ) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| Error::Io(dir.display().to_string(), e))?;
        let path = dir.join(VAULT_FILE);
        let resolved = keys::resolve(dir, !path.exists(), opts)?;
        let mut conn = db::open(&path, &resolved.key)?;
        migrations::run_legacy(&mut conn, migrations)?;
        conn.execute_batch(seed_sql)?;
        Ok(())
    }

    /// Sets the schema version directly; lets tests play a newer build.
    #[doc(hidden)]
    pub fn debug_set_user_version(&self, v: i64) -> Result<()> {
        self.write(|c| Ok(c.pragma_update(None, "user_version", v)?))
    }
}
