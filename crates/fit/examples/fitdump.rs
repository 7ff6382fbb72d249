//! Prints a one-line summary per FIT file: `cargo run --example fitdump -- FILE...`

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                println!("{path}: {e}");
                continue;
            }
        };
        match paceline_fit::decode(&bytes) {
            Err(e) => println!("{path}: ERROR {e}"),
            Ok(f) => {
                let r = &f.records;
                println!(
                    "{path}: type={:?} files={} records={} sessions={} laps={} lengths={} hrv={} events={} dev={} sets={} ts={:?}..{:?}",
                    f.file_type,
                    f.chained_files,
                    r.len(),
                    f.sessions.len(),
                    f.laps.len(),
                    f.lengths.len(),
                    f.hrv_rr_ms.len(),
                    f.events.len(),
                    f.developer_fields.len(),
                    f.sets.len(),
                    r.timestamp.first(),
                    r.timestamp.last()
                );
                for w in &f.warnings {
                    println!("    warning: {w}");
                }
            }
        }
    }
}
