//! Corpus decode throughput, paceline-fit vs fitparser (criterion reports MB/s).
//! `cargo bench -p paceline-fit --bench decode`; skipped when the corpus is absent.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use paceline_fit::{decode_with, DecodeOptions};
use std::time::Duration;

fn corpus() -> Vec<Vec<u8>> {
    let dir = std::env::var("PACELINE_CORPUS")
        .map(|c| format!("{c}/fit"))
        .unwrap_or_else(|_| "/work/shared/corpus/fit".into());
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!("SKIP: corpus folder {dir} not found");
        return Vec::new();
    };
    rd.filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("fit")))
        .filter_map(|p| std::fs::read(p).ok())
        .collect()
}

fn bench(c: &mut Criterion) {
    let files = corpus();
    if files.is_empty() {
        return;
    }
    let total: usize = files.iter().map(Vec::len).sum();
    let mut g = c.benchmark_group("decode_corpus");
    g.throughput(Throughput::Bytes(total as u64));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(5));
    for (name, verify_crc) in [("paceline_fit", true), ("paceline_fit_no_crc", false)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                for f in &files {
                    let _ = black_box(decode_with(black_box(f), DecodeOptions { verify_crc }));
                }
            })
        });
    }
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("fitparser", |b| {
        b.iter(|| {
            for f in &files {
                let _ = black_box(fitparser::from_bytes(black_box(f)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
