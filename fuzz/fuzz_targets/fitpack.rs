//! Original files as the vault stores them: any input packed (as a FIT file, or
//! plain zstd when it is not one) must read back byte for byte, and any input read as
//! a packed body (a damaged blob) must be an error, not a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    paceline_store::fuzz_original(data);
});
