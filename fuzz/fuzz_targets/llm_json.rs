//! A model's answer, as text, through what reads it: JSON extraction and repair
//! (fences, the first balanced value, trailing commas), the schema check, and the
//! coach's readers of each answer kind (plan weeks, rules from words, analysis).
#![no_main]

use libfuzzer_sys::fuzz_target;
use paceline_coach::{changes, proposal, rules, schemas};
use paceline_plan::Date;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Some(v) = paceline_llm::structured::extract_json(&text) else {
        return;
    };
    for name in ["plan_weeks", "rules", "analysis"] {
        if let Some(schema) = schemas::schema(name) {
            let _ = paceline_llm::structured::validate(&schema, &v);
        }
    }
    if let Ok(weeks) = proposal::parse_weeks(&v) {
        for w in weeks.weeks.iter().flat_map(|w| &w.workouts).take(64) {
            let _ = proposal::to_workout(w);
        }
    }
    if let Some(today) = Date::from_ymd(2026, 3, 2) {
        let _ = rules::parse(&v, today);
    }
    let _ = changes::parse_analysis(&v);
});
