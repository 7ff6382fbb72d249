//! Helpers: the MANIFEST, corpus file names, and FIT files from our writer.

use std::collections::HashMap;
use std::path::Path;

use paceline_fit::{unix_to_fit, ActivityBuilder, DeviceIdent, RecordSample, Sport, Summary};
use paceline_testsupport::corpus;

/// `notes` of MANIFEST.tsv by corpus path ("fit/x.fit" → "...; elapsed_h=0.50; dist_km=13.4").
pub fn manifest() -> HashMap<String, String> {
    let dir = corpus("").expect("checked by the caller");
    std::fs::read_to_string(dir.join("MANIFEST.tsv"))
        .expect("MANIFEST.tsv")
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            Some((cols.first()?.to_string(), cols.last()?.to_string()))
        })
        .collect()
}

pub fn note_value(notes: &str, key: &str) -> Option<f64> {
    notes
        .split(';')
        .map(str::trim)
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('=')?.parse().ok())
}

pub fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

/// A 10-minute ride written by our own FIT writer: 1 Hz, 8 m/s, HR 140, 200 W.
pub fn ride(start_unix: i64) -> Vec<u8> {
    let t0 = unix_to_fit(start_unix);
    let mut b = ActivityBuilder::new(&DeviceIdent {
        time_created: t0,
        ..Default::default()
    });
    b.timer_start(t0);
    for i in 0..600u32 {
        b.record(&RecordSample {
            timestamp: t0 + i,
            lat_deg: Some(48.0 + f64::from(i) * 1e-4),
            lon_deg: Some(11.0),
            heart_rate: Some(140),
            power_w: Some(200),
            distance_m: Some(f64::from(i) * 8.0),
            speed_mps: Some(8.0),
            ..Default::default()
        });
    }
    let end = t0 + 599;
    let s = Summary {
        sport: Sport::CYCLING,
        start_time: t0,
        timestamp: end,
        total_elapsed_time_s: 599.0,
        total_timer_time_s: 599.0,
        total_distance_m: Some(4792.0),
        avg_heart_rate: Some(140),
        avg_power_w: Some(200),
        ..Default::default()
    };
    b.timer_stop(end).lap(&s).session(&s).activity(end, 3600);
    b.finish()
}
