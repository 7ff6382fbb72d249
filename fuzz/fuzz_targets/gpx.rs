//! GPX bytes through the importer (named .gpx, so it never falls back to FIT).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = paceline_import::decode("fuzz.gpx", data);
});
