//! Opening SQLCipher connections with the vault key.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::keys::VaultKey;
use crate::{Error, Result};

fn keyed(path: &Path, key: &VaultKey, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    // A wrong key is an expected, typed error; keep SQLCipher from logging it to stderr.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    conn.execute_batch(&format!("PRAGMA key = \"{}\";", key.pragma_value()))?;
    // The first read is where a wrong key shows: SQLCipher cannot decrypt page 1.
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Err(Error::WrongKey)
        }
        Err(e) => return Err(e.into()),
    }
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    Ok(conn)
}

pub(crate) fn open(path: &Path, key: &VaultKey) -> Result<Connection> {
    let conn = keyed(path, key, OpenFlags::default())?;
    // WAL: readers see a consistent snapshot while the writer works; NORMAL sync is
    // durable across application crashes (only an OS crash can lose the last commit).
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")?;
    Ok(conn)
}

pub(crate) fn open_reader(path: &Path, key: &VaultKey) -> Result<Connection> {
    keyed(
        path,
        key,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

/// A keyed connection in the default rollback-journal mode: the temporary databases
/// of backups and restores (SQLCipher re-keys only outside WAL mode).
pub(crate) fn open_plain_keyed(path: &Path, key: &VaultKey) -> Result<Connection> {
    keyed(path, key, OpenFlags::default())
}

/// Re-encrypts every page of `conn`'s database under `key`.
pub(crate) fn rekey(conn: &Connection, key: &VaultKey) -> Result<()> {
    conn.execute_batch(&format!("PRAGMA rekey = \"{}\";", key.pragma_value()))?;
    Ok(())
}
