//! Targets: generate + check a 24-week Ironman plan < 50 ms; the checker
//! alone < 5 ms (`cargo xtask bench plan`).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use paceline_plan::{check, generate, Brief, CheckerConfig};

fn ironman() -> Brief {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/briefs/ironman_24wk.json"
    );
    Brief::from_json(&std::fs::read_to_string(path).expect("the Ironman brief"))
        .expect("valid brief")
}

fn bench(c: &mut Criterion) {
    let brief = ironman();
    let cfg = CheckerConfig::default();
    let plan = generate(&brief, &cfg).plan;
    assert!(check(&brief, &plan, &cfg).passed());
    c.bench_function("generate + check 24-week Ironman", |b| {
        b.iter(|| {
            let out = generate(black_box(&brief), &cfg);
            check(&brief, &out.plan, &cfg)
        })
    });
    c.bench_function("check 24-week Ironman", |b| {
        b.iter(|| check(black_box(&brief), black_box(&plan), &cfg))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
