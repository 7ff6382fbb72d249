//! A backup file as the app meets it: its plain header (magic, format, length, JSON)
//! read before asking for the passphrase, then `restore` with a wrong passphrase into
//! an empty folder, which must refuse it (cut off, too new, damaged) without a panic.
//! Restore is tried only when the header's key derivation is cheap, so a fuzzed
//! header cannot spend seconds (or gigabytes) on Argon2.
#![no_main]

use std::io::Write;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use paceline_store::{backup, KeyOptions, KeyringBackend};

fuzz_target!(|data: &[u8]| {
    // The API takes paths; memory-backed /dev/shm keeps this fast.
    let Ok(mut f) = tempfile::NamedTempFile::new_in(shm()) else {
        return;
    };
    if f.write_all(data).and_then(|_| f.flush()).is_err() {
        return;
    }
    let Ok(h) = backup::read_header(f.path()) else {
        return;
    };
    let _ = h.last_migration();
    if h.kdf.m_kib > 256 || h.kdf.t > 2 || h.kdf.p > 2 {
        return;
    }
    let Ok(dir) = tempfile::tempdir_in(shm()) else {
        return;
    };
    let opts = KeyOptions {
        passphrase: Some("fuzz-vault-passphrase".to_string().into()),
        backend: KeyringBackend::KeyUtils,
    };
    let pass = "not-the-passphrase".to_string().into();
    let restored = backup::restore(dir.path(), f.path(), &pass, &opts, &mut |_, _, _| {});
    assert!(restored.is_err(), "a fuzzed file restored with a wrong passphrase");
});

fn shm() -> &'static Path {
    let p = Path::new("/dev/shm");
    if p.is_dir() {
        p
    } else {
        Path::new("/tmp")
    }
}
