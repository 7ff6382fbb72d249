//! Codec 3 over real recordings: every stream of every corpus activity and of the
//! demo athlete goes through the codec and back, and must equal what the importer
//! produced (bit for bit where the source was integer, within the documented
//! resolution otherwise; NaN gaps where they were; extra streams lossless). Also
//! prints what the codec saves against the deflated floats, and the original files'
//! sizes per compressor (`cargo test -p paceline-store codec_corpus -- --nocapture`).

use std::time::Instant;

use paceline_model::{Activity, Column, StreamId};

use crate::codec::{self, EXTRA};
use crate::streams::{deflate, encode_f32 as legacy_f32, encode_f64 as legacy_f64};

/// The worst-case step of each kind, as documented in `codec.rs`.
fn resolution(id: StreamId) -> f64 {
    match id {
        StreamId::Time | StreamId::Speed => 1e-3,
        StreamId::Lat | StreamId::Lon => 180.0 / 2_147_483_648.0,
        StreamId::Altitude | StreamId::HeartRate | StreamId::Power | StreamId::Temperature => 0.1,
        StreamId::Distance | StreamId::Cadence => 0.01,
    }
}

/// (name, original bytes, activities decoded from it)
fn recordings() -> Vec<(String, Vec<u8>, Vec<Activity>)> {
    let mut out = Vec::new();
    let mut add = |name: String, bytes: Vec<u8>| {
        let acts: Vec<Activity> = paceline_import::decode_many(&name, &bytes)
            .into_iter()
            .filter_map(|(_, r)| r.ok().map(|d| d.activity))
            .collect();
        if !acts.is_empty() {
            out.push((name, bytes, acts));
        }
    };
    for (sub, exts) in [
        ("fit", &[".fit", ".fit.gz", ".fit.zip"][..]),
        ("gpx", &[".gpx"][..]),
        ("tcx", &[".tcx"][..]),
    ] {
        match paceline_testsupport::corpus_files(sub, exts) {
            Some(files) => {
                for f in files {
                    let bytes = std::fs::read(&f).unwrap();
                    add(f.display().to_string(), bytes);
                }
            }
            None => eprintln!("SKIP: corpus {sub}/ absent; only the demo athlete is checked"),
        }
    }
    for f in paceline_demo::generate(&paceline_demo::ALEX, 20_415 * 86_400, 4, 1) {
        add(f.file_name, f.bytes);
    }
    out
}

fn same(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()) || (a == 0.0 && b == 0.0)
}

/// Checks one column; returns whether it came back bit for bit.
fn check(name: &str, id: StreamId, orig: &[f64], back: &[f64], f32_col: bool) -> bool {
    assert_eq!(orig.len(), back.len(), "{name} {id:?}: sample count");
    let integer = orig.iter().all(|x| x.is_nan() || x.fract() == 0.0);
    let tol = resolution(id) / 2.0 * (1.0 + 1e-9);
    for (i, (&a, &b)) in orig.iter().zip(back).enumerate() {
        assert_eq!(a.is_nan(), b.is_nan(), "{name} {id:?}[{i}]: NaN gap moved");
        if a.is_nan() {
            continue;
        }
        if integer {
            assert!(same(a, b), "{name} {id:?}[{i}]: integer {a} came back {b}");
        } else {
            // An f32 sample rounds to its own grid after the step's rounding.
            let ulp = if f32_col {
                f64::from(f32::EPSILON) * a.abs()
            } else {
                0.0
            };
            assert!(
                (a - b).abs() <= tol + ulp,
                "{name} {id:?}[{i}]: {a} came back {b} (resolution {})",
                resolution(id)
            );
        }
    }
    orig.iter().zip(back).all(|(&a, &b)| same(a, b))
}

#[derive(Default)]
struct Tally {
    streams: usize,
    exact: usize,
    legacy: usize,
    codec: usize,
    /// The same with the other difference order (1 ↔ 2), to keep the choice honest.
    other_order: usize,
    samples: usize,
}

#[test]
fn every_stream_of_the_corpus_round_trips() {
    let recs = recordings();
    assert!(recs.len() >= 10, "only {} recordings decoded", recs.len());
    let mut per_kind: Vec<(StreamId, Tally)> = StreamId::ALL
        .iter()
        .map(|&id| (id, Tally::default()))
        .collect();
    let mut extras = Tally::default();
    let mut enc_time = 0.0;
    for (name, _, acts) in &recs {
        for a in acts {
            for (id, t) in per_kind.iter_mut() {
                let mut other = codec::spec(*id);
                other.order = 3 - other.order;
                let (orig, legacy, blob, back, f32_col): (Vec<f64>, _, _, Vec<f64>, bool) =
                    match a.streams.column(*id) {
                        Column::F64(v) if !v.is_empty() => {
                            let started = Instant::now();
                            let blob = codec::encode_f64(v, codec::spec(*id));
                            enc_time += started.elapsed().as_secs_f64();
                            let back = codec::decode_f64(&blob).unwrap();
                            t.other_order += codec::encode_f64(v, other).len();
                            (v.to_vec(), legacy_f64(v).1, blob, back, false)
                        }
                        Column::F32(v) if !v.is_empty() => {
                            let started = Instant::now();
                            let blob = codec::encode_f32(v, codec::spec(*id));
                            enc_time += started.elapsed().as_secs_f64();
                            let back = codec::decode_f32(&blob).unwrap();
                            t.other_order += codec::encode_f32(v, other).len();
                            let wide = |v: &[f32]| v.iter().map(|&x| f64::from(x)).collect();
                            (wide(v), legacy_f32(v).1, blob, wide(&back), true)
                        }
                        _ => continue,
                    };
                t.streams += 1;
                t.samples += orig.len();
                t.legacy += legacy.len();
                t.codec += blob.len();
                if check(name, *id, &orig, &back, f32_col) {
                    t.exact += 1;
                }
            }
            for e in &a.extras.streams {
                let blob = codec::encode_f32(&e.values, EXTRA);
                let back = codec::decode_f32(&blob).unwrap();
                assert_eq!(back.len(), e.values.len(), "{name} {}", e.key);
                for (x, y) in e.values.iter().zip(&back) {
                    assert!(
                        same(f64::from(*x), f64::from(*y)),
                        "{name} {}: {x} came back {y}",
                        e.key
                    );
                }
                extras.streams += 1;
                extras.exact += 1;
                extras.samples += e.values.len();
                extras.legacy += legacy_f32(&e.values).1.len();
                extras.codec += blob.len();
            }
        }
    }
    println!(
        "\n{} recordings; codec encode time {enc_time:.3} s",
        recs.len()
    );
    println!("kind          streams  bit-exact  samples   deflated f32/f64  codec 3   ratio    other order");
    let mut total = Tally::default();
    for (label, t) in per_kind
        .iter()
        .map(|(id, t)| (id.key(), t))
        .chain([("extras", &extras)])
    {
        println!(
            "{label:<13} {:>7}  {:>9}  {:>8}  {:>16}  {:>8}  {:>5.1} %  {:>8}",
            t.streams,
            t.exact,
            t.samples,
            t.legacy,
            t.codec,
            100.0 * t.codec as f64 / t.legacy.max(1) as f64,
            t.other_order
        );
        total.legacy += t.legacy;
        total.codec += t.codec;
    }
    println!(
        "all streams: {} → {} bytes ({:.1} %)",
        total.legacy,
        total.codec,
        100.0 * total.codec as f64 / total.legacy as f64
    );
    // Integer sources are checked exactly above; and the codec must pay off.
    assert!(total.codec * 3 < total.legacy, "codec 3 saves less than 3×");
}

/// Originals: deflate level 1 (codec 1/2) against zstd levels, bytes and time.
#[test]
fn original_file_compressors() {
    let recs = recordings();
    let raw: usize = recs.iter().map(|r| r.1.len()).sum();
    let started = Instant::now();
    let deflated: usize = recs.iter().map(|r| deflate(&r.1).len()).sum();
    let t_deflate = started.elapsed().as_secs_f64();
    println!("\noriginals: {raw} bytes; deflate 1: {deflated} ({t_deflate:.3} s)");
    let fit: Vec<&Vec<u8>> = recs
        .iter()
        .filter(|r| r.1.get(8..12) == Some(b".FIT"))
        .map(|r| &r.1)
        .collect();
    let fit_raw: usize = fit.iter().map(|b| b.len()).sum();
    let fit_deflated: usize = fit.iter().map(|b| deflate(b).len()).sum();
    let fit_zstd: Vec<usize> = [1, 3, 6, 9, 19]
        .iter()
        .map(|&l| {
            fit.iter()
                .map(|b| zstd::bulk::compress(b, l).unwrap().len())
                .sum()
        })
        .collect();
    let started = Instant::now();
    let fit_packed: usize = fit
        .iter()
        .map(|b| crate::streams::pack_original(b).len())
        .sum();
    let t_packed = started.elapsed().as_secs_f64();
    println!(
        "FIT only: {fit_raw} bytes, packed {:.1} % ({t_packed:.3} s), deflate 1 {:.1} %, zstd 1/3/6/9/19 {:?} %",
        100.0 * fit_packed as f64 / fit_raw as f64,
        100.0 * fit_deflated as f64 / fit_raw as f64,
        fit_zstd
            .iter()
            .map(|&z| (1000.0 * z as f64 / fit_raw as f64).round() / 10.0)
            .collect::<Vec<_>>()
    );
    for level in [1, 3, 6, 9, 12] {
        let started = Instant::now();
        let packed: Vec<Vec<u8>> = recs
            .iter()
            .map(|r| zstd::bulk::compress(&r.1, level).unwrap())
            .collect();
        let t = started.elapsed().as_secs_f64();
        let size: usize = packed.iter().map(Vec::len).sum();
        for (p, r) in packed.iter().zip(&recs) {
            assert_eq!(
                crate::streams::unpack_original(p, r.1.len()).unwrap(),
                r.1,
                "{}",
                r.0
            );
        }
        println!(
            "zstd {level:>2}: {size} bytes ({:.1} % of the files), {t:.3} s",
            100.0 * size as f64 / raw as f64
        );
    }
    let ours: usize = recs
        .iter()
        .map(|r| crate::streams::pack_original(&r.1).len())
        .sum();
    assert!(ours < deflated, "zstd original {ours} ≥ deflate {deflated}");
}

/// Every corpus file (the broken ones too) and demo file, stored as an original and
/// read back: byte for byte, whatever the packer made of it.
#[test]
fn every_original_comes_back_byte_for_byte() {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for sub in ["fit", "gpx", "tcx", "broken"] {
        for f in paceline_testsupport::corpus_files(sub, &[""]).unwrap_or_default() {
            files.push((f.display().to_string(), std::fs::read(&f).unwrap()));
        }
    }
    for f in paceline_demo::generate(&paceline_demo::ALEX, 20_415 * 86_400, 2, 9) {
        files.push((f.file_name, f.bytes));
    }
    let mut packed_fit = 0;
    for (name, bytes) in &files {
        let stored = crate::streams::pack_original(bytes);
        packed_fit += usize::from(stored.starts_with(&crate::fitpack::MAGIC));
        let back = crate::streams::unpack_original(&stored, bytes.len()).unwrap();
        assert!(back == *bytes, "{name} did not come back byte for byte");
    }
    println!("{} originals, {packed_fit} packed as FIT", files.len());
    assert!(packed_fit >= 10, "only {packed_fit} files packed as FIT");
}
