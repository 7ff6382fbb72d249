//! The import oracle: for every activity FIT file of the corpus, the imported totals
//! must match the file's own session messages as read by an independent decoder,
//! python's `fitdecode` (run through `tools/fitdecode_totals.py` in the venv that
//! `cargo xtask setup` makes). Our own decoder's session messages must match its
//! reading too, session by session.
//!
//! Without the venv the test skips with a message, unless `PACELINE_ORACLE_REQUIRED=1`
//! (set by `cargo xtask test`), when it fails. `PACELINE_FITDECODE_PY` names another
//! python that has fitdecode.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use paceline_import::{decode_many, Decoded, ImportError};
use paceline_model::Activity;
use paceline_testsupport::corpus_files;

// Tolerances. Both decoders read the same stored integers and scale them the same
// way, so any gap beyond float rounding is a real disagreement.
/// Session times are stored in milliseconds.
const TIME_TOL_S: f64 = 0.002;
/// Session and record distances are stored in centimetres.
const DIST_TOL_M: f64 = 0.011;
/// Whole-number fields (ascent m, calories kcal, max HR bpm, max power W, and a
/// single session's average HR and power).
const WHOLE_TOL: f64 = 0.5;
/// Averages over several sessions are weighted by timer time: float rounding only.
const WEIGHTED_TOL: f64 = 0.01;
/// Record figures (files whose session lacks a field): our importer drops samples that
/// step back in time, which fitdecode keeps, so averages may differ a little.
const RECORD_AVG_TOL: f64 = 0.5;
/// A recording's span from record timestamps, whole seconds.
const RECORD_TIME_TOL_S: f64 = 1.0;

/// Files the oracle cannot judge, and why. Every other FIT file is compared.
const EXCLUDED: &[(&str, &str)] = &[(
    "fff_tpv_dev_fields_20260222.fit",
    "fitdecode 0.11 stops at its zero-size message definition (ValueError: size) before \
     any session or record; there is nothing independent to compare with",
)];

const REQUIRED_ENV: &str = "PACELINE_ORACLE_REQUIRED";
const PYTHON_ENV: &str = "PACELINE_FITDECODE_PY";

/// fitdecode's figures for one file: `key=value` pairs from the script.
type Figures = HashMap<String, String>;

fn num(f: &Figures, key: &str) -> Option<f64> {
    f.get(key).and_then(|v| v.parse().ok())
}

/// The python with fitdecode, or `None` after saying why the test skips.
fn python() -> Option<PathBuf> {
    let required = std::env::var(REQUIRED_ENV).is_ok_and(|v| v == "1");
    let py = std::env::var_os(PYTHON_ENV)
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .map(|h| PathBuf::from(h).join(".cache/paceline/venv/bin/python"))
        })
        .filter(|p| p.is_file());
    let usable = py.as_ref().is_some_and(|p| {
        Command::new(p)
            .args(["-c", "import fitdecode"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if usable {
        return py;
    }
    let why = format!(
        "no python with fitdecode (looked at ${PYTHON_ENV}, then ~/.cache/paceline/venv; \
         `cargo xtask setup` makes the venv)"
    );
    assert!(!required, "{why}, and {REQUIRED_ENV}=1");
    eprintln!("SKIP: {why}");
    None
}

/// Runs the script over `files` (two processes, each on half: fitdecode needs ~40 s of
/// CPU for the corpus); figures by file path.
fn fitdecode(py: &Path, files: &[PathBuf]) -> HashMap<PathBuf, Figures> {
    // The package dir at run time (a shared target dir may hold a binary built elsewhere).
    let pkg = std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        Into::into,
    );
    let script = pkg.join("../../tools/fitdecode_totals.py");
    let children: Vec<_> = files
        .chunks(files.len().div_ceil(2).max(1))
        .map(|chunk| {
            Command::new(py)
                .arg(&script)
                .args(chunk)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("the fitdecode script starts")
        })
        .collect();
    let mut figures = HashMap::new();
    for child in children {
        let out = child.wait_with_output().expect("the fitdecode script runs");
        assert!(
            out.status.success(),
            "{} failed: {}",
            script.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let mut cols = line.split('\t');
            let Some(path) = cols.next() else { continue };
            let pairs = cols
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            figures.insert(PathBuf::from(path), pairs);
        }
    }
    figures
}

/// One compared total: how to read ours, fitdecode's session key, its record-based
/// fallback (where our importer also falls back to the records), and the tolerances.
struct Total {
    name: &'static str,
    ours: fn(&Activity) -> Option<f64>,
    session: &'static str,
    records: Option<&'static str>,
    /// Tolerance against one session's value, against several sessions combined,
    /// and against the record figure.
    tol: (f64, f64, f64),
}

const TOTALS: &[Total] = &[
    Total {
        name: "elapsed time",
        ours: |a| Some(a.elapsed_s),
        session: "elapsed_s",
        records: Some("elapsed_s"),
        tol: (TIME_TOL_S, TIME_TOL_S, RECORD_TIME_TOL_S),
    },
    Total {
        name: "distance",
        ours: |a| a.distance_m,
        session: "distance_m",
        records: Some("distance_m"),
        tol: (DIST_TOL_M, DIST_TOL_M, DIST_TOL_M),
    },
    // Ascent and descent without a session value come from our own hysteresis over
    // the altitude stream: no independent figure, so those are not compared.
    Total {
        name: "ascent",
        ours: |a| a.ascent_m,
        session: "ascent_m",
        records: None,
        tol: (WHOLE_TOL, WHOLE_TOL, 0.0),
    },
    Total {
        name: "descent",
        ours: |a| a.descent_m,
        session: "descent_m",
        records: None,
        tol: (WHOLE_TOL, WHOLE_TOL, 0.0),
    },
    Total {
        name: "calories",
        ours: |a| a.calories,
        session: "calories",
        records: None,
        tol: (WHOLE_TOL, WHOLE_TOL, 0.0),
    },
    Total {
        name: "avg HR",
        ours: |a| a.avg_hr,
        session: "avg_hr",
        records: Some("avg_hr"),
        tol: (WHOLE_TOL, WEIGHTED_TOL, RECORD_AVG_TOL),
    },
    Total {
        name: "max HR",
        ours: |a| a.max_hr,
        session: "max_hr",
        records: Some("max_hr"),
        tol: (WHOLE_TOL, WHOLE_TOL, WHOLE_TOL),
    },
    Total {
        name: "avg power",
        ours: |a| a.avg_power,
        session: "avg_power",
        records: Some("avg_power"),
        tol: (WHOLE_TOL, WEIGHTED_TOL, RECORD_AVG_TOL),
    },
    Total {
        name: "max power",
        ours: |a| a.max_power,
        session: "max_power",
        records: Some("max_power"),
        tol: (WHOLE_TOL, WHOLE_TOL, WHOLE_TOL),
    },
];

fn close(ours: Option<f64>, theirs: Option<f64>, tol: f64) -> bool {
    match (ours, theirs) {
        (Some(a), Some(b)) => (a - b).abs() <= tol,
        (None, None) => true,
        _ => false,
    }
}

/// The imported totals against fitdecode's; one line per disagreement.
fn compare_totals(file: &str, a: &Activity, fd: &Figures, problems: &mut Vec<String>) {
    let sessions = num(fd, "combined.usable_sessions").unwrap_or(0.0);
    if sessions == 0.0 {
        problems.push(format!(
            "{file}: imported, but fitdecode finds no session with a time in it"
        ));
        return;
    }
    let mut check = |field: &str, source: &str, ours: Option<f64>, theirs: Option<f64>, tol| {
        if !close(ours, theirs, tol) {
            problems.push(format!(
                "{file}: {field}: ours {ours:?}, fitdecode {theirs:?} ({source}, tolerance {tol})"
            ));
        }
    };
    for t in TOTALS {
        let combined = num(fd, &format!("combined.{}", t.session));
        // The importer treats a zero elapsed time as missing, as fitdecode's None.
        let combined = combined.filter(|&v| t.session != "elapsed_s" || v > 0.0);
        let session_tol = if sessions > 1.0 { t.tol.1 } else { t.tol.0 };
        match (combined, t.records) {
            (Some(v), _) => check(t.name, "session", (t.ours)(a), Some(v), session_tol),
            (None, Some(r)) => {
                let theirs = num(fd, &format!("records.{r}"));
                check(t.name, "records", (t.ours)(a), theirs, t.tol.2);
            }
            (None, None) => {}
        }
    }
    // Moving time is the timer time, capped at the elapsed time (see
    // totals::check_moving); without a timer time it is our own estimate.
    if let Some(timer) = num(fd, "combined.timer_s") {
        let expected = timer.min(a.elapsed_s);
        check(
            "moving time",
            "session",
            Some(a.moving_s),
            Some(expected),
            TIME_TOL_S,
        );
    }
}

/// Our decoder's session messages against fitdecode's, session by session.
fn compare_sessions(file: &str, bytes: &[u8], fd: &Figures, problems: &mut Vec<String>) {
    let Ok(fit) = paceline_fit::decode(bytes) else {
        problems.push(format!("{file}: paceline-fit cannot decode it"));
        return;
    };
    let theirs = num(fd, "sessions").unwrap_or(0.0) as usize;
    if fit.sessions.len() != theirs {
        problems.push(format!(
            "{file}: {} session messages, fitdecode {theirs}",
            fit.sessions.len()
        ));
        return;
    }
    for (i, s) in fit.sessions.iter().enumerate() {
        let ours: [(&str, Option<f64>, f64); 10] = [
            ("elapsed_s", s.total_elapsed_time_s, TIME_TOL_S),
            ("timer_s", s.total_timer_time_s, TIME_TOL_S),
            ("distance_m", s.total_distance_m, DIST_TOL_M),
            ("ascent_m", s.total_ascent_m.map(f64::from), WHOLE_TOL),
            ("descent_m", s.total_descent_m.map(f64::from), WHOLE_TOL),
            ("calories", s.total_calories.map(f64::from), WHOLE_TOL),
            ("avg_hr", s.avg_heart_rate.map(f64::from), WHOLE_TOL),
            ("max_hr", s.max_heart_rate.map(f64::from), WHOLE_TOL),
            ("avg_power", s.avg_power_w.map(f64::from), WHOLE_TOL),
            ("max_power", s.max_power_w.map(f64::from), WHOLE_TOL),
        ];
        for (key, value, tol) in ours {
            let theirs = num(fd, &format!("session.{i}.{key}"));
            if !close(value, theirs, tol) {
                problems.push(format!(
                    "{file}: session {i} {key}: paceline-fit {value:?}, fitdecode {theirs:?}"
                ));
            }
        }
    }
}

#[test]
fn fit_totals_match_fitdecode() {
    let Some(files) = corpus_files("fit", &[".fit", ".fit.gz", ".fit.zip"]) else {
        return;
    };
    let Some(py) = python() else { return };
    let excluded = |p: &Path| {
        let n = p.file_name().unwrap_or_default().to_string_lossy();
        EXCLUDED.iter().any(|(x, _)| *x == n)
    };
    let files: Vec<PathBuf> = files.into_iter().filter(|p| !excluded(p)).collect();
    let figures = fitdecode(&py, &files);
    let (mut compared, mut problems) = (0, Vec::new());
    for path in &files {
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        let Some(fd) = figures.get(path) else {
            problems.push(format!("{file}: no line from the fitdecode script"));
            continue;
        };
        let bytes = std::fs::read(path).unwrap();
        let mut entries = decode_many(&file, &bytes);
        assert_eq!(entries.len(), 1, "{file}: one FIT file per corpus file");
        match entries.remove(0).1 {
            Ok(Decoded {
                activity, unpacked, ..
            }) => {
                compared += 1;
                compare_totals(&file, &activity, fd, &mut problems);
                let raw = unpacked.as_deref().unwrap_or(&bytes);
                compare_sessions(&file, raw, fd, &mut problems);
            }
            // Not an activity (a settings file, a lone sample): fitdecode must not find
            // a session with a time in it either.
            Err(e @ ImportError::NoActivity(_)) => {
                if num(fd, "combined.usable_sessions").unwrap_or(0.0) > 0.0 {
                    problems.push(format!("{file}: ours: {e}, but fitdecode finds a session"));
                }
            }
            Err(e) => problems.push(format!("{file}: ours fails: {e}")),
        }
    }
    assert!(
        problems.is_empty(),
        "{} disagreements with fitdecode:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(compared >= 45, "only {compared} files compared");
    eprintln!("oracle: {compared} FIT files agree with fitdecode");
}
