//! Secrets: the tokens and API keys of integrations (Garmin tokens, an LLM API key,
//! a WhatsApp token), kept where the vault key is kept.
//!
//! Invariants:
//! - only this module and `keys.rs` touch the OS keyring (the tidy test
//!   `only_the_key_and_secrets_modules_touch_the_keyring` checks it);
//! - only this module reads or writes secret values; a value leaves it only as a
//!   [`SecretString`] (zeroed on drop, `[REDACTED]` in Debug), never in a log line,
//!   an error message or anything serialized.
//!
//! Where a secret lives:
//! - keyring vault: one keyring entry per secret (service `Paceline`, user
//!   `vault-<vault id>/<name>`) beside the vault key. Keyrings cannot list entries,
//!   so the `secret` table keeps the name with an empty value as the index.
//! - passphrase vault: in the `secret` table, encrypted with the vault (there is no
//!   keyring to rely on; the passphrase protects both).
//!
//! Names are namespaced: `<service>/<what>` for the vault (`llm/openai/key`),
//! `<service>/<athlete id>/<what>` for one athlete's (`garmin/3/tokens`, see
//! [`athlete_secret_name`]); a numeric second segment always names an athlete, who
//! must exist, and whose secrets go with them in [`Store::delete_athlete`].

use paceline_types::{AthleteId, KeySource};
use rusqlite::{Connection, OptionalExtension};
use secrecy::zeroize::Zeroize;
use secrecy::{ExposeSecret, SecretString};

use crate::keys::{self, KeyringBackend};
use crate::{Error, Result, Store};

/// Longest secret accepted (OAuth token sets are a few KB).
pub const MAX_SECRET_BYTES: usize = 64 * 1024;
const MAX_NAME_CHARS: usize = 200;

/// Where a vault's secret values are stored.
pub(crate) enum Place {
    Vault,
    Keyring {
        vault_id: String,
        backend: KeyringBackend,
    },
}

impl Place {
    pub(crate) fn of(source: KeySource, vault_id: String, backend: KeyringBackend) -> Place {
        match source {
            KeySource::Passphrase => Place::Vault,
            KeySource::Keyring => Place::Keyring { vault_id, backend },
        }
    }

    fn entry(&self, name: &str) -> Result<Option<keyring::Entry>> {
        match self {
            Place::Vault => Ok(None),
            Place::Keyring { vault_id, backend } => {
                keys::keyring_entry(&format!("vault-{vault_id}/{name}"), *backend).map(Some)
            }
        }
    }
}

/// The name of an athlete's secret: `<service>/<athlete id>/<what>`.
pub fn athlete_secret_name(service: &str, athlete_id: AthleteId, what: &str) -> String {
    format!("{service}/{athlete_id}/{what}")
}

/// Checks a name; returns the athlete it belongs to, if any.
fn parse_name(name: &str) -> Result<Option<AthleteId>> {
    let bad = || Error::SecretName;
    let segments: Vec<&str> = name.split('/').collect();
    let segment_ok = |s: &&str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
    };
    if name.chars().count() > MAX_NAME_CHARS
        || segments.len() < 2
        || !segments.iter().all(segment_ok)
    {
        return Err(bad());
    }
    if segments[1].bytes().all(|b| b.is_ascii_digit()) {
        return segments[1].parse().map(Some).map_err(|_| bad());
    }
    Ok(None)
}

fn check_value(value: &SecretString) -> Result<()> {
    match value.expose_secret().len() {
        0 => Err(Error::SecretValue("empty; delete it instead")),
        n if n > MAX_SECRET_BYTES => Err(Error::SecretValue("longer than 64 KiB")),
        _ => Ok(()),
    }
}

/// Text from stored bytes, zeroing them when they are not text.
fn secret_text(bytes: Vec<u8>, name: &str) -> Result<SecretString> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(SecretString::from(s)),
        Err(e) => {
            e.into_bytes().zeroize();
            Err(Error::Damaged(format!("the secret {name} is not text")))
        }
    }
}

fn keyring_error(e: keyring::Error, name: &str) -> Error {
    match e {
        // Its payload is the stored bytes: never let them into a message.
        keyring::Error::BadEncoding(mut bytes) => {
            bytes.zeroize();
            Error::Damaged(format!(
                "the keyring entry of the secret {name} is not text"
            ))
        }
        other => keys::no_keyring(other),
    }
}

/// The names of an athlete's secrets.
pub(crate) fn athlete_names(c: &Connection, athlete_id: AthleteId) -> Result<Vec<String>> {
    let mut st = c.prepare_cached("SELECT name FROM secret ORDER BY name")?;
    let names = st
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names
        .into_iter()
        .filter(|n| matches!(parse_name(n), Ok(Some(id)) if id == athlete_id))
        .collect())
}

/// Takes the secret values out of a restored database (and every row: the restored
/// vault's index is rebuilt by [`Store::put_secret`] where that vault keeps secrets).
pub(crate) fn take_values(c: &Connection) -> Result<Vec<(String, SecretString)>> {
    let mut st = c.prepare("SELECT name, value FROM secret WHERE length(value) > 0")?;
    let rows = st
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (name, bytes) in rows {
        out.push((name.clone(), secret_text(bytes, &name)?));
    }
    c.execute("DELETE FROM secret", [])?;
    Ok(out)
}

impl Store {
    /// Writes the values of a keyring vault's secrets into the `secret` rows of a
    /// backup's (sealed) database, so a restore elsewhere gets them back.
    pub(crate) fn copy_secrets_into(&self, dst: &Connection) -> Result<()> {
        if matches!(self.secrets, Place::Vault) {
            return Ok(());
        }
        let mut st = dst.prepare("SELECT name FROM secret")?;
        let names = st
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for name in names {
            if let Some(value) = self.secret(&name)? {
                dst.execute(
                    "UPDATE secret SET value = ?2 WHERE name = ?1",
                    (&name, value.expose_secret().as_bytes()),
                )?;
            }
        }
        Ok(())
    }

    /// Stores (or replaces) the secret `name`. An athlete's secret needs the athlete.
    pub fn put_secret(&self, name: &str, value: &SecretString) -> Result<()> {
        let owner = parse_name(name)?;
        check_value(value)?;
        if let Some(id) = owner {
            self.athlete(id)?;
        }
        match self.secrets.entry(name)? {
            Some(entry) => {
                entry
                    .set_password(value.expose_secret())
                    .map_err(|e| keyring_error(e, name))?;
                self.write(|c| {
                    c.execute(
                        "INSERT INTO secret(name, value) VALUES (?1, x'')
                         ON CONFLICT(name) DO UPDATE SET value = x''",
                        [name],
                    )?;
                    Ok(())
                })?;
            }
            None => self.write(|c| {
                c.execute(
                    "INSERT INTO secret(name, value) VALUES (?1, ?2)
                     ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                    (name, value.expose_secret().as_bytes()),
                )?;
                Ok(())
            })?,
        }
        tracing::info!(secret = name, "secret stored");
        Ok(())
    }

    /// The secret `name`, `None` when there is none.
    pub fn secret(&self, name: &str) -> Result<Option<SecretString>> {
        parse_name(name)?;
        match self.secrets.entry(name)? {
            // Read from the keyring itself, not the index: what is there is the truth.
            Some(entry) => match entry.get_password() {
                Ok(s) => Ok(Some(SecretString::from(s))),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(e) => Err(keyring_error(e, name)),
            },
            None => {
                let bytes: Option<Vec<u8>> = self.read(|c| {
                    Ok(
                        c.query_row("SELECT value FROM secret WHERE name = ?1", [name], |r| {
                            r.get(0)
                        })
                        .optional()?,
                    )
                })?;
                bytes.map(|b| secret_text(b, name)).transpose()
            }
        }
    }

    /// Deletes the secret `name`; false when there was none.
    pub fn delete_secret(&self, name: &str) -> Result<bool> {
        parse_name(name)?;
        let in_keyring = match self.secrets.entry(name)? {
            Some(entry) => match entry.delete_credential() {
                Ok(()) => true,
                Err(keyring::Error::NoEntry) => false,
                Err(e) => return Err(keyring_error(e, name)),
            },
            None => false,
        };
        let in_vault =
            self.write(|c| Ok(c.execute("DELETE FROM secret WHERE name = ?1", [name])? > 0))?;
        if in_keyring || in_vault {
            tracing::info!(secret = name, "secret deleted");
        }
        Ok(in_keyring || in_vault)
    }

    /// The names of every secret in the vault, sorted.
    pub fn secret_names(&self) -> Result<Vec<String>> {
        self.read(|c| {
            let mut st = c.prepare_cached("SELECT name FROM secret ORDER BY name")?;
            let names = st.query_map([], |r| r.get(0))?;
            Ok(names.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Removes an athlete's secrets from the keyring (a keyring vault); their index
    /// rows go in the transaction that deletes the athlete. Keyring first: should it
    /// fail, the athlete and the index are still there to try again.
    pub(crate) fn forget_athlete_secrets(&self, athlete_id: AthleteId) -> Result<()> {
        let names = self.read(|c| athlete_names(c, athlete_id))?;
        for name in &names {
            if let Some(entry) = self.secrets.entry(name)? {
                match entry.delete_credential() {
                    Ok(()) | Err(keyring::Error::NoEntry) => {}
                    Err(e) => return Err(keyring_error(e, name)),
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
