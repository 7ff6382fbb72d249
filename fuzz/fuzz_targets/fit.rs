//! FIT bytes through the decoder and the importer: neither may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A `.fit` name sends the bytes straight to `paceline_fit::decode` (CRC checked),
    // then whatever it salvaged through the importer's activity building; calling the
    // decoder separately as well would repeat that work for nothing.
    let _ = paceline_import::decode("fuzz.fit", data);
    // The decoder's other mode (no CRC check) has its own code path.
    let _ = paceline_fit::decode_with(data, paceline_fit::DecodeOptions { verify_crc: false });
});
