//! Targets: counting an 8,000-token athlete brief < 20 ms (it runs on every context build);
//! extracting and validating a one-week plan answer < 1 ms.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use paceline_llm::count_tokens;
use paceline_llm::structured::{extract_json, parse_answer};
use serde_json::json;

/// A brief-like text of about 8,000 tokens: numbers, dates, units, short sentences.
fn brief() -> String {
    let mut s = String::new();
    for d in 0..200 {
        s.push_str(&format!(
            "2026-{:02}-{:02} ride 1:{:02}:00 NP {} W IF 0.{} TSS {} CTL {}.{} ATL {} TSB -{}; legs ok, sleep 7.{} h.\n",
            d % 12 + 1,
            d % 28 + 1,
            d % 60,
            180 + d % 70,
            60 + d % 30,
            40 + d % 90,
            50 + d % 20,
            d % 10,
            55 + d % 25,
            d % 15,
            d % 10
        ));
    }
    s
}

fn week_answer() -> (serde_json::Value, String) {
    let schema = json!({"type": "object", "required": ["days"], "properties": {"days": {"type": "array",
        "items": {"type": "object", "required": ["date", "sport", "minutes"], "properties": {
            "date": {"type": "string"}, "sport": {"enum": ["ride", "run", "swim", "rest"]},
            "minutes": {"type": "integer", "minimum": 0}, "notes": {"type": "string"}}}}}});
    let days: Vec<_> = (1..=7)
        .map(|d| {
            json!({"date": format!("2026-12-0{d}"), "sport": "ride", "minutes": 60 + d * 5,
                        "notes": "Z2 steady, cadence 90, keep HR under 145 bpm."})
        })
        .collect();
    let text = format!(
        "Here is the week you asked for:\n```json\n{}\n```\nLet me know if Tuesday works.",
        serde_json::to_string_pretty(&json!({"days": days})).unwrap_or_default()
    );
    (schema, text)
}

fn benches(c: &mut Criterion) {
    let b = brief();
    let t = std::time::Instant::now();
    let n = count_tokens(&b);
    eprintln!(
        "brief: {n} tokens; first call (builds the tokenizer) {:?}",
        t.elapsed()
    );
    c.bench_function("count_tokens 8k brief", |x| {
        x.iter(|| count_tokens(black_box(&b)))
    });
    let (schema, text) = week_answer();
    c.bench_function("extract_json week in prose", |x| {
        x.iter(|| extract_json(black_box(&text)))
    });
    c.bench_function("extract+validate week", |x| {
        x.iter(|| parse_answer(black_box(&schema), black_box(&text)))
    });
}

criterion_group!(llm, benches);
criterion_main!(llm);
