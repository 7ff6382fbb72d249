//! FIT totals against `fitparser`'s session messages (the reference decoder): the
//! device's own summary must reach the activity unchanged.

use std::collections::HashSet;

use fitparser::de::{from_bytes_with_options, DecodeOption};
use fitparser::{FitDataRecord, Value};
use paceline_import::decode;
use paceline_testsupport::corpus_files;

use crate::support::name;

fn num(r: &FitDataRecord, field: &str) -> Option<f64> {
    let v = r.fields().iter().find(|f| f.name() == field)?.value();
    Some(match v {
        Value::UInt8(x) | Value::UInt8z(x) | Value::Byte(x) | Value::Enum(x) => f64::from(*x),
        Value::UInt16(x) | Value::UInt16z(x) => f64::from(*x),
        Value::UInt32(x) | Value::UInt32z(x) => f64::from(*x),
        Value::SInt8(x) => f64::from(*x),
        Value::SInt16(x) => f64::from(*x),
        Value::SInt32(x) => f64::from(*x),
        Value::Float32(x) => f64::from(*x),
        Value::Float64(x) => *x,
        _ => return None,
    })
}

/// Sessions per fitparser, or `None` where it cannot read the file (the corpus has
/// several such files; our decoder reads them, see corpus.rs).
fn sessions(bytes: &[u8]) -> Option<Vec<FitDataRecord>> {
    let opts: HashSet<DecodeOption> = [
        DecodeOption::SkipDataCrcValidation,
        DecodeOption::SkipHeaderCrcValidation,
    ]
    .into();
    let recs = std::panic::catch_unwind(|| from_bytes_with_options(bytes, &opts))
        .ok()?
        .ok()?;
    Some(
        recs.into_iter()
            .filter(|r| r.kind().to_string() == "session")
            .collect(),
    )
}

#[test]
fn fit_totals_match_fitparsers_session_messages() {
    let Some(files) = corpus_files("fit", &[".fit"]) else {
        return;
    };
    let (mut compared, mut problems) = (0, Vec::new());
    for f in files {
        let n = name(&f);
        let bytes = std::fs::read(&f).unwrap();
        let (Ok(ours), Some(theirs)) = (decode(&n, &bytes), sessions(&bytes)) else {
            continue;
        };
        let a = ours.activity;
        // Placeholder sessions (no time at all) do not count, as in the importer.
        let theirs: Vec<&FitDataRecord> = theirs
            .iter()
            .filter(|s| {
                num(s, "total_elapsed_time").unwrap_or(0.0) > 0.0
                    || num(s, "total_timer_time").unwrap_or(0.0) > 0.0
            })
            .collect();
        if theirs.is_empty() {
            continue;
        }
        compared += 1;
        let sum = |field: &str| -> Option<f64> {
            let v: Vec<f64> = theirs.iter().filter_map(|s| num(s, field)).collect();
            (!v.is_empty()).then(|| v.iter().sum())
        };
        let weighted = |field: &str| -> Option<f64> {
            let (mut num_, mut den) = (0.0, 0.0);
            for s in &theirs {
                let t = num(s, "total_timer_time").or_else(|| num(s, "total_elapsed_time"));
                if let (Some(v), Some(t)) = (num(s, field).filter(|&v| v > 0.0), t) {
                    num_ += v * t;
                    den += t;
                }
            }
            (den > 0.0).then(|| num_ / den)
        };
        let mut check =
            |field: &str, ours: Option<f64>, theirs: Option<f64>, tol: f64| match (ours, theirs) {
                (Some(a), Some(b)) if (a - b).abs() <= tol => {}
                (_, None) => {}
                (a, b) => problems.push(format!("{n}: {field}: ours {a:?}, fitparser {b:?}")),
            };
        check(
            "total_elapsed_time",
            Some(a.elapsed_s),
            sum("total_elapsed_time"),
            0.5,
        );
        check("total_distance", a.distance_m, sum("total_distance"), 0.5);
        check("avg_heart_rate", a.avg_hr, weighted("avg_heart_rate"), 0.5);
        check("avg_power", a.avg_power, weighted("avg_power"), 0.5);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(compared >= 35, "only {compared} files compared");
}
