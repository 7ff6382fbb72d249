//! A route's GPX through the route pipeline: parse, elevation profile, automatic
//! sections, their stats and the summary; then the section edits at fuzzed places.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paceline_routes::{gpx, sections, summarize, Profile, ProfileOptions, SectionRule};

fuzz_target!(|data: &[u8]| {
    let Ok(routes) = gpx::parse_all(data) else {
        return;
    };
    for route in routes.iter().take(4) {
        let p = Profile::new(route, ProfileOptions::default());
        let mut secs = sections::auto_sections(&p, &SectionRule::default());
        let _ = sections::route_stats(&p);
        for s in &secs {
            let _ = sections::section_stats(&p, s.start_m, s.end_m);
        }
        let _ = summarize(&p, &secs, None, None);
        let total = p.total_m();
        // Edits at places taken from the input's length, so they vary with it.
        let at = total * (data.len() % 97) as f64 / 97.0;
        let _ = sections::split(&mut secs, at);
        let _ = sections::merge(&mut secs, 0, &p, &SectionRule::default());
        let _ = sections::validate(&secs, total);
    }
});
