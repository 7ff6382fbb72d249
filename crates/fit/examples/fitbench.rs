//! Decode throughput on the corpus, ours vs fitparser, single thread.
//!
//! `cargo run --release -p paceline-fit --example fitbench -- [ITERATIONS] [CORPUS_FIT_DIR]`
//! Prints MB/s for both decoders and the ratio; exits 2 when the corpus is absent.

use paceline_fit::{decode_with, DecodeOptions};
use std::time::Instant;

/// Process CPU time (Linux /proc, 10 ms ticks) so other jobs on a shared machine
/// do not count against us; falls back to wall time elsewhere.
struct Clock {
    wall: Instant,
    cpu: Option<f64>,
}

impl Clock {
    fn now() -> Clock {
        Clock {
            wall: Instant::now(),
            cpu: cpu_seconds(),
        }
    }

    fn elapsed(&self) -> f64 {
        match (self.cpu, cpu_seconds()) {
            (Some(a), Some(b)) if b - a >= 0.5 => b - a,
            _ => self.wall.elapsed().as_secs_f64(),
        }
    }
}

fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the ")" of the command name; utime and stime are fields 14 and 15.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let iterations: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let dir = args
        .next()
        .unwrap_or_else(|| "/work/shared/corpus/fit".into());
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!("corpus folder {dir} not found");
        std::process::exit(2);
    };
    let mut files: Vec<Vec<u8>> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("fit")))
        .filter_map(|p| std::fs::read(p).ok())
        .collect();
    files.sort_by_key(|f| f.len());
    let total: usize = files.iter().map(Vec::len).sum();
    let mb = total as f64 / 1e6;
    println!(
        "corpus: {} files, {:.2} MB, {iterations} iterations",
        files.len(),
        mb
    );

    let run = |opts: DecodeOptions| {
        let t = Clock::now();
        let mut records = 0usize;
        for _ in 0..iterations {
            for f in &files {
                if let Ok(d) = decode_with(std::hint::black_box(f), opts) {
                    records += d.records.len();
                }
            }
        }
        (
            mb * f64::from(iterations) / t.elapsed(),
            records / iterations as usize,
        )
    };
    let (ours_crc, recs) = run(DecodeOptions { verify_crc: true });
    let (ours_nocrc, _) = run(DecodeOptions { verify_crc: false });

    // fitparser is slow: fewer passes keep the run short while staying comparable.
    let fp_iter = iterations.div_ceil(5).max(1);
    let t = Clock::now();
    let mut fp_records = 0usize;
    for _ in 0..fp_iter {
        for f in &files {
            if let Ok(recs) = fitparser::from_bytes(std::hint::black_box(f)) {
                fp_records += recs.len();
            }
        }
    }
    let fp = mb * f64::from(fp_iter) / t.elapsed();
    println!("paceline-fit (CRC checked): {ours_crc:8.1} MB/s  ({recs} records per pass)");
    println!("paceline-fit (no CRC):      {ours_nocrc:8.1} MB/s");
    println!(
        "fitparser:                  {fp:8.1} MB/s  ({} messages per pass)",
        fp_records / fp_iter as usize
    );
    println!("ratio (CRC checked / fitparser): {:.1}x", ours_crc / fp);
}
