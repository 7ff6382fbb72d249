//! The backup file format: a plain header that says what the file is, then the payload
//! sealed with XChaCha20-Poly1305 in the STREAM construction (fixed-size chunks, each
//! authenticated with its position, the last one marked so a cut-off file shows), with
//! the header bound to the first chunk as associated data so it cannot be altered
//! either. Streaming keeps memory at a few chunks whatever the vault's size.
//!
//! ```text
//! "PLBACKUP" | format u32 LE | header length u32 LE | header JSON | chunk… (each chunk_bytes + 16)
//! ```

use std::io::{Read, Write};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use chacha20poly1305::aead::{KeyInit, Payload};
use chacha20poly1305::XChaCha20Poly1305;
use secrecy::zeroize::{Zeroize, Zeroizing};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::BackupError;
use crate::keys::{hex, random, unhex};

/// The first bytes of every backup file.
pub const MAGIC: &[u8; 8] = b"PLBACKUP";
/// The framing this build writes and reads.
pub const FORMAT: u32 = 1;
/// Plaintext bytes per sealed chunk.
pub(crate) const CHUNK: u32 = 1 << 20;
const TAG: usize = 16;
/// STREAM's nonce prefix for XChaCha20 (24 bytes less its 5-byte counter and flag).
const NONCE_PREFIX: usize = 19;
const MAX_HEADER: u32 = 64 * 1024;
/// Shortest passphrase accepted for a new backup.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// What the backup holds, readable without the passphrase.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BackupHeader {
    /// The Paceline version that wrote it.
    pub app_version: String,
    pub created_utc: i64,
    /// The schema inside: every migration applied, oldest first.
    pub migrations: Vec<String>,
    pub athletes: u32,
    pub activities: u32,
    /// Size of the sealed payload (the encrypted database) in bytes.
    pub payload_bytes: u64,
    pub kdf: BackupKdf,
    /// Hex STREAM nonce prefix.
    pub nonce: String,
    pub chunk_bytes: u32,
}

impl BackupHeader {
    /// The newest migration the backed-up vault had.
    pub fn last_migration(&self) -> Option<&str> {
        self.migrations.last().map(String::as_str)
    }
}

/// Argon2id parameters and salt of a backup's passphrase.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BackupKdf {
    pub alg: String,
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
    pub salt: String,
}

/// How costly the passphrase derivation is. Stored in each file, so a later build
/// can raise the default and still read older backups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfCost {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl Default for KdfCost {
    /// 64 MiB, 3 passes: a backup file can be attacked offline, so well above the
    /// OWASP minimum the vault's own passphrase uses.
    fn default() -> Self {
        KdfCost {
            m_kib: 64 * 1024,
            t: 3,
            p: 1,
        }
    }
}

impl KdfCost {
    /// Cheap parameters so tests do not spend seconds per backup.
    #[doc(hidden)]
    pub fn for_tests() -> Self {
        KdfCost {
            m_kib: 64,
            t: 1,
            p: 1,
        }
    }

    pub(crate) fn new_kdf(self) -> BackupKdf {
        BackupKdf {
            alg: "argon2id".into(),
            m_kib: self.m_kib,
            t: self.t,
            p: self.p,
            salt: hex(&random::<16>()),
        }
    }
}

pub(crate) type SealKey = Zeroizing<[u8; 32]>;

/// The key of `kdf` for `pass`. Parameters come from a file that may be hostile:
/// bounded so a crafted header cannot ask for terabytes of memory or hours of work.
pub(crate) fn derive(pass: &SecretString, kdf: &BackupKdf) -> Result<SealKey, BackupError> {
    let bad = |what: &str| BackupError::Damaged(format!("its header has {what}"));
    if kdf.alg != "argon2id" {
        return Err(bad("an unknown key derivation"));
    }
    if kdf.m_kib > 4 * 1024 * 1024 || kdf.t > 64 || kdf.p > 16 {
        return Err(bad("key derivation costs beyond what Paceline writes"));
    }
    let salt = unhex(&kdf.salt)
        .filter(|s| s.len() >= 16)
        .ok_or_else(|| bad("a bad salt"))?;
    let params =
        Params::new(kdf.m_kib, kdf.t, kdf.p, Some(32)).map_err(|_| bad("bad KDF parameters"))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(pass.expose_secret().as_bytes(), &salt, &mut *out)
        .map_err(|e| BackupError::Damaged(format!("key derivation failed: {e}")))?;
    Ok(out)
}

/// The plain prefix of a file: magic, format, header length and header JSON. It is
/// also the associated data of the first chunk.
pub(crate) fn encode_prefix(header: &BackupHeader) -> Vec<u8> {
    let json = serde_json::to_vec(header).expect("a backup header serializes");
    let mut out = Vec::with_capacity(16 + json.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&json);
    out
}

/// Reads and checks the prefix; returns the header and the prefix's bytes.
pub(crate) fn read_prefix(r: &mut impl Read) -> Result<(BackupHeader, Vec<u8>), BackupError> {
    let mut fixed = [0u8; 16];
    let n = read_full_into(r, &mut fixed)?;
    if n < 16 || &fixed[..8] != MAGIC {
        return Err(BackupError::NotABackup);
    }
    let format = u32::from_le_bytes(fixed[8..12].try_into().expect("4 bytes"));
    if format != FORMAT {
        return Err(BackupError::UnsupportedFormat(format));
    }
    let len = u32::from_le_bytes(fixed[12..16].try_into().expect("4 bytes"));
    if len > MAX_HEADER {
        return Err(BackupError::Damaged("its header is too long".into()));
    }
    let mut json = vec![0u8; len as usize];
    if read_full_into(r, &mut json)? < json.len() {
        return Err(BackupError::Damaged("it ends inside its header".into()));
    }
    let header: BackupHeader = serde_json::from_slice(&json)
        .map_err(|e| BackupError::Damaged(format!("its header is not valid ({e})")))?;
    if !(1024..=16 << 20).contains(&header.chunk_bytes) {
        return Err(BackupError::Damaged(
            "its header has a bad chunk size".into(),
        ));
    }
    if unhex(&header.nonce).is_none_or(|n| n.len() != NONCE_PREFIX) {
        return Err(BackupError::Damaged("its header has a bad nonce".into()));
    }
    let mut prefix = fixed.to_vec();
    prefix.extend_from_slice(&json);
    Ok((header, prefix))
}

/// The size a complete file with this header and prefix has: a file of another size
/// was cut off or added to (told apart from a wrong passphrase before trying one).
/// Saturating: the header may be hostile, and no real file is `u64::MAX` bytes long, so
/// an announced size past it is told apart from the file's as any other wrong size.
pub(crate) fn expected_len(header: &BackupHeader, prefix_len: usize) -> u64 {
    let chunks = header
        .payload_bytes
        .div_ceil(header.chunk_bytes as u64)
        .max(1);
    (prefix_len as u64)
        .saturating_add(header.payload_bytes)
        .saturating_add(chunks.saturating_mul(TAG as u64))
}

/// A fresh random nonce prefix, hex.
pub(crate) fn new_nonce() -> String {
    hex(&random::<NONCE_PREFIX>())
}

fn cipher(key: &SealKey) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(key.as_slice().into())
}

fn nonce_of(header: &BackupHeader) -> Vec<u8> {
    unhex(&header.nonce).expect("checked when the header was made or read")
}

/// Reads until `buf` is full or the input ends; returns the bytes read.
fn read_full_into(r: &mut impl Read, buf: &mut [u8]) -> Result<usize, BackupError> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(BackupError::Io("reading".into(), e)),
        }
    }
    Ok(n)
}

fn read_chunk(r: &mut impl Read, size: usize) -> Result<Zeroizing<Vec<u8>>, BackupError> {
    let mut buf = Zeroizing::new(vec![0u8; size]);
    let n = read_full_into(r, &mut buf)?;
    buf.truncate(n);
    Ok(buf)
}

fn write_err(e: std::io::Error) -> BackupError {
    BackupError::Io("writing".into(), e)
}

/// Writes `prefix` then seals everything `src` yields; `progress` gets the plaintext
/// bytes done so far.
pub(crate) fn seal(
    src: &mut impl Read,
    out: &mut impl Write,
    prefix: &[u8],
    header: &BackupHeader,
    key: &SealKey,
    progress: &mut dyn FnMut(u64),
) -> Result<(), BackupError> {
    out.write_all(prefix).map_err(write_err)?;
    let size = header.chunk_bytes as usize;
    let mut enc = EncryptorBE32::from_aead(cipher(key), nonce_of(header).as_slice().into());
    let mut cur = read_chunk(src, size)?;
    let mut done = 0u64;
    let mut first = true;
    loop {
        // One chunk of look-ahead: the last chunk is sealed as the last.
        let next = read_chunk(src, size)?;
        let aad: &[u8] = if first { prefix } else { &[] };
        let msg = Payload { msg: &cur, aad };
        done += cur.len() as u64;
        if next.is_empty() {
            let ct = enc.encrypt_last(msg).map_err(|_| sealing_failed())?;
            out.write_all(&ct).map_err(write_err)?;
            progress(done);
            return Ok(());
        }
        let ct = enc.encrypt_next(msg).map_err(|_| sealing_failed())?;
        out.write_all(&ct).map_err(write_err)?;
        progress(done);
        cur = next;
        first = false;
    }
}

fn sealing_failed() -> BackupError {
    BackupError::Damaged("sealing failed (the backup is larger than the format allows)".into())
}

/// Opens the chunks after the prefix into `out`. Nothing is trusted until its chunk
/// authenticates; the caller must discard `out` on any error.
pub(crate) fn unseal(
    src: &mut impl Read,
    out: &mut impl Write,
    prefix: &[u8],
    header: &BackupHeader,
    key: &SealKey,
    progress: &mut dyn FnMut(u64),
) -> Result<(), BackupError> {
    let size = header.chunk_bytes as usize + TAG;
    let nonce = nonce_of(header);
    let mut dec = DecryptorBE32::from_aead(cipher(key), nonce.as_slice().into());
    let mut cur = read_chunk(src, size)?;
    if cur.len() < TAG {
        return Err(BackupError::Damaged("it ends before its content".into()));
    }
    let mut done = 0u64;
    let mut index = 0u64;
    let aad = |index: u64| -> &[u8] {
        if index == 0 {
            prefix
        } else {
            &[]
        }
    };
    loop {
        // One chunk of look-ahead: only the file's last chunk may open as the last.
        let next = read_chunk(src, size)?;
        if next.is_empty() {
            break;
        }
        let plain = Zeroizing::new(
            dec.decrypt_next(Payload {
                msg: &cur,
                aad: aad(index),
            })
            .map_err(|_| {
                if index == 0 {
                    BackupError::WrongPassphrase
                } else {
                    damaged_at(index)
                }
            })?,
        );
        out.write_all(&plain).map_err(write_err)?;
        done += plain.len() as u64;
        progress(done);
        cur = next;
        index += 1;
    }
    let plain = match dec.decrypt_last(Payload {
        msg: &cur,
        aad: aad(index),
    }) {
        Ok(p) => Zeroizing::new(p),
        Err(_) => return Err(last_chunk_error(index, &cur, prefix, header, key)),
    };
    out.write_all(&plain).map_err(write_err)?;
    progress(done + plain.len() as u64);
    Ok(())
}

fn damaged_at(index: u64) -> BackupError {
    BackupError::Damaged(format!(
        "its content does not authenticate at chunk {} (altered or cut off)",
        index + 1
    ))
}

/// Why the last chunk failed: a first chunk that opens when read as a middle one
/// means the file was cut off after it, not a wrong passphrase.
fn last_chunk_error(
    index: u64,
    chunk: &[u8],
    prefix: &[u8],
    header: &BackupHeader,
    key: &SealKey,
) -> BackupError {
    if index > 0 {
        return damaged_at(index);
    }
    let mut probe = DecryptorBE32::from_aead(cipher(key), nonce_of(header).as_slice().into());
    match probe.decrypt_next(Payload {
        msg: chunk,
        aad: prefix,
    }) {
        Ok(mut p) => {
            p.zeroize();
            BackupError::Damaged("it is cut off after its first chunk".into())
        }
        Err(_) => BackupError::WrongPassphrase,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(chunk: u32) -> BackupHeader {
        BackupHeader {
            app_version: "0".into(),
            created_utc: 1,
            migrations: vec!["m".into()],
            athletes: 1,
            activities: 0,
            payload_bytes: 0,
            kdf: KdfCost::for_tests().new_kdf(),
            nonce: new_nonce(),
            chunk_bytes: chunk,
        }
    }

    fn sealed(data: &[u8], chunk: u32, pass: &str) -> (Vec<u8>, BackupHeader) {
        let h = header(chunk);
        let key = derive(&pass.into(), &h.kdf).unwrap();
        let prefix = encode_prefix(&h);
        let mut out = Vec::new();
        seal(&mut &data[..], &mut out, &prefix, &h, &key, &mut |_| {}).unwrap();
        (out, h)
    }

    fn open(file: &[u8], pass: &str) -> Result<Vec<u8>, BackupError> {
        let mut r = file;
        let (h, prefix) = read_prefix(&mut r)?;
        let key = derive(&pass.into(), &h.kdf)?;
        let mut out = Vec::new();
        unseal(&mut r, &mut out, &prefix, &h, &key, &mut |_| {})?;
        Ok(out)
    }

    /// Found by review of the `backup_header` fuzz target: a header announcing a payload
    /// near `u64::MAX` overflowed the size check (a panic where overflow is checked).
    #[test]
    fn a_huge_announced_payload_is_a_size_not_an_overflow() {
        let mut h = header(1024);
        h.payload_bytes = u64::MAX;
        assert_eq!(expected_len(&h, 300), u64::MAX);
        h.payload_bytes = u64::MAX - 400;
        assert_eq!(expected_len(&h, 300), u64::MAX);
        // An honest size is unchanged: 300 + 2048 + 2 tags.
        h.payload_bytes = 2048;
        assert_eq!(expected_len(&h, 300), 300 + 2048 + 32);
    }

    #[test]
    fn round_trips_at_every_chunk_boundary() {
        for len in [0usize, 1, 1023, 1024, 1025, 2048, 5000] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let (file, h) = sealed(&data, 1024, "passphrase");
            // Each chunk grows by its tag; an empty payload is one empty last chunk.
            let chunks = len.div_ceil(1024).max(1);
            assert_eq!(file.len(), encode_prefix(&h).len() + len + 16 * chunks);
            assert_eq!(open(&file, "passphrase").unwrap(), data, "len {len}");
        }
    }

    #[test]
    fn wrong_passphrase_damage_and_truncation_are_told_apart() {
        let data = vec![42u8; 3000];
        let (file, _) = sealed(&data, 1024, "passphrase");
        assert!(matches!(
            open(&file, "other one"),
            Err(BackupError::WrongPassphrase)
        ));
        // A bit flipped in the last chunk.
        let mut flipped = file.clone();
        let at = flipped.len() - 20;
        flipped[at] ^= 1;
        assert!(
            matches!(open(&flipped, "passphrase"), Err(BackupError::Damaged(m)) if m.contains("chunk 3"))
        );
        // Cut at a chunk boundary: the remaining last chunk was not sealed as the last.
        let cut = &file[..file.len() - (3000 - 2048 + 16)];
        assert!(matches!(
            open(cut, "passphrase"),
            Err(BackupError::Damaged(_))
        ));
        let one = &file[..file.len() - (3000 - 1024 + 32)];
        assert!(
            matches!(open(one, "passphrase"), Err(BackupError::Damaged(m)) if m.contains("cut off after its first chunk"))
        );
        // The header is bound to the content: changing a count is detected.
        let text = String::from_utf8_lossy(&file).into_owned();
        let at = text.find("\"athletes\":1").unwrap() + "\"athletes\":".len();
        let mut edited = file.clone();
        edited[at] = b'7';
        assert!(matches!(
            open(&edited, "passphrase"),
            Err(BackupError::WrongPassphrase)
        ));
        assert!(matches!(
            open(b"not a backup at all", "x"),
            Err(BackupError::NotABackup)
        ));
        let mut future = file.clone();
        future[8] = 9;
        assert!(matches!(
            open(&future, "x"),
            Err(BackupError::UnsupportedFormat(9))
        ));
    }
}
