//! Every corpus FIT file against fitparser, and every broken file without panics.

mod common;

use common::*;
use paceline_fit::{decode, fit_to_unix, DecodeError, FitFile};

fn close(a: Option<f64>, b: Option<f64>, tol: f64) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() <= tol,
        _ => false,
    }
}

fn nan_to_none(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

fn compare(
    name: &str,
    ours: &FitFile,
    theirs: &[fitparser::FitDataRecord],
    fails: &mut Vec<String>,
) {
    let mut fail = |field: &str, msg: String| fails.push(format!("{name}: {field}: {msg}"));
    let recs = by_kind(theirs, "record");
    if recs.len() != ours.records.len() {
        fail(
            "record count",
            format!("ours {} fitparser {}", ours.records.len(), recs.len()),
        );
        return;
    }
    let sessions = by_kind(theirs, "session");
    if sessions.len() != ours.sessions.len() {
        fail(
            "session count",
            format!("ours {} fitparser {}", ours.sessions.len(), sessions.len()),
        );
    }
    for (i, (s, t)) in ours.sessions.iter().zip(&sessions).enumerate() {
        let checks: [(&str, Option<f64>, Option<f64>); 4] = [
            (
                "total_elapsed_time",
                s.total_elapsed_time_s,
                num(t, "total_elapsed_time"),
            ),
            (
                "total_distance",
                s.total_distance_m,
                num(t, "total_distance"),
            ),
            (
                "avg_heart_rate",
                s.avg_heart_rate.map(f64::from),
                num(t, "avg_heart_rate"),
            ),
            (
                "avg_power",
                s.avg_power_w.map(f64::from),
                num(t, "avg_power"),
            ),
        ];
        for (f, a, b) in checks {
            if !close(a, b, 1e-6) {
                fail(
                    &format!("session[{i}].{f}"),
                    format!("ours {a:?} fitparser {b:?}"),
                );
            }
        }
    }
    let ts = |r: &fitparser::FitDataRecord| num(r, "timestamp");
    if let (Some(first), Some(last)) = (recs.first(), recs.last()) {
        let ours_first = ours
            .records
            .timestamp
            .first()
            .map(|&t| fit_to_unix(t) as f64);
        let ours_last = ours
            .records
            .timestamp
            .last()
            .map(|&t| fit_to_unix(t) as f64);
        if ts(first).is_some() && ours_first != ts(first) {
            fail(
                "first record timestamp",
                format!("ours {ours_first:?} fitparser {:?}", ts(first)),
            );
        }
        if ts(last).is_some() && ours_last != ts(last) {
            fail(
                "last record timestamp",
                format!("ours {ours_last:?} fitparser {:?}", ts(last)),
            );
        }
    }
    let r = &ours.records;
    // fitparser sums compressed_speed_distance's rolling 12-bit distance instead of
    // accumulating deltas, so its distances are wrong there; check ours against the
    // session total instead.
    let compressed_distance = name.contains("compressed-speed-distance");
    if compressed_distance {
        let last = r.distance_m.iter().rev().find(|d| !d.is_nan()).copied();
        let total = ours.sessions.first().and_then(|s| s.total_distance_m);
        if !close(last, total, 1.0) {
            fail(
                "accumulated distance",
                format!("last record {last:?} vs session {total:?}"),
            );
        }
    }
    let mut bad = 0;
    for (i, t) in recs.iter().enumerate() {
        let checks: [(&str, Option<f64>, Option<f64>, f64); 4] = [
            ("power", r.power_w[i].map(f64::from), num(t, "power"), 0.0),
            (
                "heart_rate",
                r.heart_rate[i].map(f64::from),
                num(t, "heart_rate"),
                0.0,
            ),
            (
                "distance",
                nan_to_none(r.distance_m[i]),
                num(t, "distance"),
                1e-6,
            ),
            (
                "cadence",
                r.cadence[i].map(f64::from),
                num(t, "cadence"),
                0.0,
            ),
        ];
        for (f, a, b, tol) in checks {
            if f == "distance" && compressed_distance {
                continue;
            }
            if !close(a, b, tol) && bad < 5 {
                bad += 1;
                fail(
                    &format!("record[{i}].{f}"),
                    format!("ours {a:?} fitparser {b:?}"),
                );
            }
        }
    }
}

#[test]
fn corpus_matches_fitparser() {
    let files = fit_files("fit");
    let mut fails = Vec::new();
    let mut compared = 0;
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        let ours = match decode(&bytes) {
            Ok(f) => f,
            Err(e) => {
                fails.push(format!("{name}: decode failed: {e}"));
                continue;
            }
        };
        for w in ours.warnings.iter().filter(|w| w.is_data_loss()) {
            fails.push(format!("{name}: data-loss warning on a good file: {w}"));
        }
        match fitparser::from_bytes(&bytes) {
            Ok(theirs) => {
                compared += 1;
                compare(&name, &ours, &theirs, &mut fails);
            }
            Err(e) => eprintln!(
                "{name}: fitparser fails ({e}); ours: {} records",
                ours.records.len()
            ),
        }
    }
    eprintln!(
        "compared {compared} of {} files with fitparser",
        files.len()
    );
    assert!(
        fails.is_empty(),
        "{} mismatches:\n{}",
        fails.len(),
        fails.join("\n")
    );
}

#[test]
fn broken_files_give_typed_errors_or_warnings() {
    let Some(dir) = corpus_dir("broken") else {
        return;
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    let mut fails = Vec::new();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        match decode(&bytes) {
            Err(DecodeError::NotFit { looks_like }) => {
                if name.ends_with(".fit") && looks_like.is_none() {
                    fails.push(format!("{name}: NotFit without a guess"));
                }
            }
            Err(_) => {}
            Ok(f) => {
                // Semantically broken but structurally fine files decode cleanly.
                let semantic = [
                    "sl_27-days",
                    "sl_broken-dates",
                    "sl_broken-start",
                    "sl_inverted",
                    "pf_elemnt-bolt",
                ];
                if f.warnings.is_empty() && !semantic.iter().any(|s| name.starts_with(s)) {
                    fails.push(format!("{name}: decoded without any warning"));
                }
            }
        }
    }
    assert!(fails.is_empty(), "{}", fails.join("\n"));
}
