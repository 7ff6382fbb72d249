//! Targets: PMC 10 years × 3 sports < 5 ms; mean-max of a 6 h ride < 20 ms.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use paceline_load::curve::mean_max_default;
use paceline_load::pmc::{pmc_by_sport, DailyLoad, PmcConfig};
use paceline_load::power::normalized_power;
use paceline_load::Sport;

/// Deterministic ride: intervals, noise, coasting, one pause.
fn ride(secs: usize) -> Vec<Option<f32>> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..secs)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let noise = (x % 80) as f32 - 40.0;
            let base = if (i / 300) % 4 == 3 { 320.0 } else { 190.0 };
            match i {
                _ if (7200..7500).contains(&i) => None,
                _ if i % 97 < 6 => Some(0.0),
                _ => Some((base + noise).max(0.0)),
            }
        })
        .collect()
}

fn loads(years: i32) -> Vec<DailyLoad> {
    let mut v = Vec::new();
    for d in 0..years * 365 {
        for (k, s) in [Sport::Bike, Sport::Run, Sport::Swim]
            .into_iter()
            .enumerate()
        {
            if (d + k as i32) % 2 == 0 {
                v.push(DailyLoad {
                    day: 10_000 + d,
                    sport: s,
                    load: 40.0 + ((d * 7 + k as i32 * 13) % 90) as f32,
                });
            }
        }
    }
    v
}

fn benches(c: &mut Criterion) {
    let r = ride(6 * 3600);
    c.bench_function("mean_max_default 6h 1Hz", |b| {
        b.iter(|| mean_max_default(black_box(&r)))
    });
    c.bench_function("normalized_power 6h 1Hz", |b| {
        b.iter(|| normalized_power(black_box(&r)))
    });
    let l = loads(10);
    let cfg = PmcConfig::default();
    c.bench_function("pmc_by_sport 10y x 3 sports", |b| {
        b.iter(|| pmc_by_sport(black_box(&l), 10_000, 10_000 + 3650 - 1, &cfg))
    });
}

criterion_group!(load, benches);
criterion_main!(load);
