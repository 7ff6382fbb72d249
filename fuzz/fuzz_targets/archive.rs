//! gzip and ZIP archives (nested too) through `decode_many`: the bomb and path guards
//! and the inner decoders must hold whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = paceline_import::decode_many("fuzz.zip", data);
    let _ = paceline_import::decode("fuzz.fit.gz", data);
});
