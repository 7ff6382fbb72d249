//! Where the vault key comes from. The key never leaves this module except as the
//! `PRAGMA key` handed to SQLCipher in `db.rs`.
//!
//! Invariant: only this module and `secrets.rs` touch the OS keyring.
//!
//! Two sources, recorded in the plaintext `vault.json` beside the database so the
//! right one is used on the next start:
//! - `keyring`: a random 256-bit key stored in the OS keyring (macOS Keychain,
//!   Windows Credential Manager, Secret Service on Linux; kernel keyutils when
//!   `PACELINE_KEYRING=keyutils`, which only lives as long as the login session);
//! - `passphrase`: Argon2id over `PACELINE_PASSPHRASE` with a per-vault salt.
//!
//! There is deliberately no plaintext fallback: without either, opening fails with a
//! message that says what to do.

use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use paceline_types::KeySource;
use secrecy::{ExposeSecret, SecretBox};
use serde::{Deserialize, Serialize};

use crate::Error;

pub const PASSPHRASE_ENV: &str = "PACELINE_PASSPHRASE";
pub const KEYRING_BACKEND_ENV: &str = "PACELINE_KEYRING";
const KEYRING_SERVICE: &str = "Paceline";
const HEADER_FILE: &str = "vault.json";

/// A 256-bit SQLCipher key, zeroed on drop.
pub struct VaultKey(SecretBox<[u8; 32]>);

impl VaultKey {
    pub(crate) fn new(bytes: [u8; 32]) -> Self {
        VaultKey(SecretBox::new(Box::new(bytes)))
    }

    /// The raw-key form SQLCipher takes (`x'…'`), which skips its own slow KDF.
    pub(crate) fn pragma_value(&self) -> String {
        format!("x'{}'", hex(self.0.expose_secret()))
    }
}

/// Argon2id cost (OWASP's minimum recommendation: 19 MiB, 2 passes).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Kdf {
    pub alg: String,
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
    pub salt: String,
}

/// The non-secret description of a vault, stored in plain JSON beside it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Header {
    pub format: u32,
    pub vault_id: String,
    pub key_source: KeySource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kdf: Option<Kdf>,
}

impl Header {
    pub fn read(dir: &Path) -> Result<Option<Header>, Error> {
        let path = dir.join(HEADER_FILE);
        match std::fs::read(&path) {
            Ok(b) => serde_json::from_slice(&b).map(Some).map_err(|e| {
                Error::Damaged(format!(
                    "{} is not valid ({e}); restore it from a backup",
                    path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::Io(path.display().to_string(), e)),
        }
    }

    fn write(&self, dir: &Path) -> Result<(), Error> {
        let path = dir.join(HEADER_FILE);
        let tmp = dir.join(format!("{HEADER_FILE}.tmp"));
        let body = serde_json::to_vec_pretty(self).expect("header serializes");
        std::fs::write(&tmp, body).map_err(|e| Error::Io(tmp.display().to_string(), e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::Io(path.display().to_string(), e))
    }
}

pub(crate) fn random<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).expect("the OS random source is available");
    b
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Which keyring backend holds keyring-sourced keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyringBackend {
    /// The platform's persistent store (Secret Service on Linux).
    #[default]
    Platform,
    /// Linux kernel keyutils: per login session, for headless use and tests.
    KeyUtils,
}

impl KeyringBackend {
    /// The backends a test can exercise here: kernel keyutils always (a test skips it
    /// where the kernel refuses), the Secret Service when the suite runs its own keyring
    /// daemon (`cargo xtask test` sets `PACELINE_TEST_SECRET_SERVICE=1`).
    #[doc(hidden)]
    pub fn for_tests() -> Vec<KeyringBackend> {
        let mut backends = vec![KeyringBackend::KeyUtils];
        if std::env::var("PACELINE_TEST_SECRET_SERVICE").is_ok() {
            backends.push(KeyringBackend::Platform);
        } else {
            eprintln!(
                "SKIP Secret Service half: no test keyring daemon (run via `cargo xtask test`)"
            );
        }
        backends
    }
}

/// How to find the key. The app builds this from the environment; tests build it
/// directly so parallel tests do not fight over process-wide variables.
#[derive(Clone, Default)]
pub struct KeyOptions {
    pub passphrase: Option<secrecy::SecretString>,
    pub backend: KeyringBackend,
}

impl KeyOptions {
    /// `PACELINE_PASSPHRASE` and `PACELINE_KEYRING=keyutils`.
    pub fn from_env() -> Self {
        KeyOptions {
            passphrase: std::env::var(PASSPHRASE_ENV)
                .ok()
                .filter(|p| !p.is_empty())
                .map(Into::into),
            backend: match std::env::var(KEYRING_BACKEND_ENV).as_deref() {
                Ok("keyutils") => KeyringBackend::KeyUtils,
                _ => KeyringBackend::Platform,
            },
        }
    }

    pub fn with_passphrase(pass: &str) -> Self {
        KeyOptions {
            passphrase: Some(pass.into()),
            ..Default::default()
        }
    }

    fn passphrase(&self) -> Option<&str> {
        self.passphrase.as_ref().map(|p| p.expose_secret())
    }
}

fn derive(pass: &str, kdf: &Kdf) -> Result<VaultKey, Error> {
    let salt =
        unhex(&kdf.salt).ok_or_else(|| Error::Damaged("vault.json has a bad salt".into()))?;
    let params = Params::new(kdf.m_kib, kdf.t, kdf.p, Some(32))
        .map_err(|e| Error::Damaged(format!("vault.json has bad KDF parameters: {e}")))?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(pass.as_bytes(), &salt, &mut out)
        .map_err(|e| Error::Damaged(format!("key derivation failed: {e}")))?;
    Ok(VaultKey::new(out))
}

/// The keyring entry of one vault's key; the backend is chosen explicitly, never guessed.
fn entry(vault_id: &str, backend: KeyringBackend) -> Result<keyring::Entry, Error> {
    keyring_entry(&format!("vault-{vault_id}"), backend)
}

/// The keyring entry `user` of Paceline's service (the vault key above, and the
/// secrets of a keyring vault in `secrets.rs`).
pub(crate) fn keyring_entry(user: &str, backend: KeyringBackend) -> Result<keyring::Entry, Error> {
    #[cfg(target_os = "linux")]
    {
        let builder = match backend {
            KeyringBackend::KeyUtils => keyring::keyutils::default_credential_builder(),
            KeyringBackend::Platform => keyring::secret_service::default_credential_builder(),
        };
        let cred = builder
            .build(None, KEYRING_SERVICE, user)
            .map_err(no_keyring)?;
        Ok(keyring::Entry::new_with_credential(cred))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = backend;
        keyring::Entry::new(KEYRING_SERVICE, user).map_err(no_keyring)
    }
}

pub(crate) fn no_keyring(e: keyring::Error) -> Error {
    Error::NoKeyring(e.to_string())
}

/// The key of a vault, where it came from, and the vault's id (which names its
/// keyring entries).
pub(crate) struct Resolved {
    pub key: VaultKey,
    pub source: KeySource,
    pub vault_id: String,
}

/// Finds or creates the key of the vault in `dir`. `creating` is true when the
/// database file does not exist yet.
pub(crate) fn resolve(dir: &Path, creating: bool, opts: &KeyOptions) -> Result<Resolved, Error> {
    let header = Header::read(dir)?;
    let header = match (header, creating) {
        (Some(h), _) => h,
        (None, false) => {
            return Err(Error::Damaged(format!(
                "{} is missing beside the vault; restore it from a backup",
                dir.join(HEADER_FILE).display()
            )))
        }
        (None, true) => return create(dir, opts),
    };
    match header.key_source {
        KeySource::Passphrase => {
            let pass = opts.passphrase().ok_or(Error::PassphraseRequired)?;
            let kdf = header
                .kdf
                .as_ref()
                .ok_or_else(|| Error::Damaged("vault.json lacks its KDF".into()))?;
            Ok(Resolved {
                key: derive(pass, kdf)?,
                source: KeySource::Passphrase,
                vault_id: header.vault_id,
            })
        }
        KeySource::Keyring => {
            let secret = entry(&header.vault_id, opts.backend)?
                .get_password()
                .map_err(|e| match e {
                    keyring::Error::NoEntry => Error::KeyMissing,
                    other => no_keyring(other),
                })?;
            let bytes: [u8; 32] = unhex(&secret)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| Error::Damaged("the keyring holds a malformed vault key".into()))?;
            Ok(Resolved {
                key: VaultKey::new(bytes),
                source: KeySource::Keyring,
                vault_id: header.vault_id,
            })
        }
    }
}

fn create(dir: &Path, opts: &KeyOptions) -> Result<Resolved, Error> {
    let vault_id = hex(&random::<16>());
    let (key, header) = if let Some(pass) = opts.passphrase() {
        let kdf = Kdf {
            alg: "argon2id".into(),
            m_kib: 19 * 1024,
            t: 2,
            p: 1,
            salt: hex(&random::<16>()),
        };
        let key = derive(pass, &kdf)?;
        (
            key,
            Header {
                format: 1,
                vault_id,
                key_source: KeySource::Passphrase,
                kdf: Some(kdf),
            },
        )
    } else {
        let bytes = random::<32>();
        let e = entry(&vault_id, opts.backend)?;
        e.set_password(&hex(&bytes)).map_err(no_keyring)?;
        // Read it back: some backends accept a write they cannot keep.
        if e.get_password().map_err(no_keyring)? != hex(&bytes) {
            return Err(Error::NoKeyring(
                "the keyring did not return the key it stored".into(),
            ));
        }
        (
            VaultKey::new(bytes),
            Header {
                format: 1,
                vault_id,
                key_source: KeySource::Keyring,
                kdf: None,
            },
        )
    };
    header.write(dir)?;
    Ok(Resolved {
        key,
        source: header.key_source,
        vault_id: header.vault_id,
    })
}

/// Removes this vault's key from the keyring (used when a vault is deleted, and by
/// tests to leave the keyring as they found it).
pub fn forget_key(dir: &Path, opts: &KeyOptions) -> Result<(), Error> {
    if let Some(h) = Header::read(dir)? {
        if h.key_source == KeySource::Keyring {
            match entry(&h.vault_id, opts.backend)?.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => {}
                Err(e) => return Err(no_keyring(e)),
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let b = [0u8, 1, 0xab, 0xff];
        assert_eq!(hex(&b), "0001abff");
        assert_eq!(unhex("0001abff").unwrap(), b);
        assert_eq!(unhex("0g"), None);
    }

    #[test]
    fn derivation_is_deterministic_and_salted() {
        let kdf = Kdf {
            alg: "argon2id".into(),
            m_kib: 64,
            t: 1,
            p: 1,
            salt: "00112233445566778899aabbccddeeff".into(),
        };
        let a = derive("pw", &kdf).unwrap().pragma_value();
        assert_eq!(a, derive("pw", &kdf).unwrap().pragma_value());
        assert_ne!(a, derive("pw2", &kdf).unwrap().pragma_value());
        let other = Kdf {
            salt: "ff112233445566778899aabbccddeeff".into(),
            ..kdf
        };
        assert_ne!(a, derive("pw", &other).unwrap().pragma_value());
    }
}
