//! Prints the import outcome of every file given on the command line (a quick look
//! at real files: `cargo run -p paceline-import --example probe -- files...`).
fn main() {
    for p in std::env::args().skip(1) {
        let bytes = std::fs::read(&p).unwrap_or_default();
        let name = std::path::Path::new(&p)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        for (inner, r) in paceline_import::decode_many(&name, &bytes) {
            match r {
                Ok(d) => {
                    let a = &d.activity;
                    println!(
                        "OK   {inner}: {:?}/{:?} start={} off={} el={:.3}h mov={:.3}h dist={:.2}km hr={:?} pw={:?} n={} laps={} dev={:?} warn={:?}",
                        a.sport, a.sub_sport, a.start_utc, a.utc_offset_s, a.elapsed_s / 3600.0, a.moving_s / 3600.0,
                        a.distance_m.unwrap_or(f64::NAN) / 1000.0, a.avg_hr.map(|x| x.round()), a.avg_power.map(|x| x.round()),
                        a.streams.len(), a.laps.len(), a.device, a.warnings
                    );
                }
                Err(e) => println!("{} {inner}: {e}", if e.is_skip() { "SKIP" } else { "ERR " }),
            }
        }
    }
}
