//! The athlete's plan brief (`plan generate --brief FILE`, docs/plan-brief.md): parsed
//! and validated; a brief that passes is described and planned, which must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paceline_plan::{Brief, CheckerConfig};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(brief) = Brief::from_json(text) else {
        return;
    };
    let _ = brief.races_ahead();
    for r in &brief.rules {
        let _ = r.words();
    }
    let _ = paceline_plan::generate(&brief, &CheckerConfig::default());
});
