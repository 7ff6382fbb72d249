//! The plain header of a backup file (magic, format, length, JSON), read as the app
//! reads it before asking for the passphrase: a hostile file is an error, never a
//! panic or a huge allocation.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // read_header takes a path; a file in memory-backed /dev/shm keeps this fast.
    let Ok(mut f) = tempfile::NamedTempFile::new_in(shm()) else {
        return;
    };
    if f.write_all(data).and_then(|_| f.flush()).is_err() {
        return;
    }
    if let Ok(h) = paceline_store::backup::read_header(f.path()) {
        let _ = h.last_migration();
    }
});

fn shm() -> &'static std::path::Path {
    let p = std::path::Path::new("/dev/shm");
    if p.is_dir() {
        p
    } else {
        std::path::Path::new("/tmp")
    }
}
