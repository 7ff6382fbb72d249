//! FIT bytes through the raw decoder and the importer: neither may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = paceline_fit::decode(data);
    let _ = paceline_fit::decode_with(data, paceline_fit::DecodeOptions { verify_crc: false });
    let _ = paceline_import::decode("fuzz.fit", data);
});
