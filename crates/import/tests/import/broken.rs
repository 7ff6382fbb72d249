//! Every file in broken/: a typed error, or an import that is flagged with a warning,
//! or (for files that are odd but fully readable) a clean import. Never a panic.

use paceline_import::{decode, ImportError};
use paceline_testsupport::corpus_files;

use crate::support::name;

enum Expect {
    /// Refused; the message contains this.
    Error(&'static str),
    /// Imported with a warning containing this.
    Flagged(&'static str),
    /// Readable despite the defect; nothing was lost.
    Clean,
}
use Expect::*;

const EXPECTED: &[(&str, Expect)] = &[
    (
        "derived_bad-file-crc_from_pf_garmin-fenix-5-run.fit",
        Flagged("checksum (CRC) does not match"),
    ),
    (
        "derived_chained-second-file-truncated_from_pf_garmin-fenix-5-run.fit",
        Flagged("truncated after"),
    ),
    (
        "derived_garbage-bytes-in-data_from_pf_garmin-fenix-5-run.fit",
        Error("damaged FIT file"),
    ),
    (
        "derived_header-datasize-too-large_from_pf_sample-activity-indoor-trainer.fit",
        Flagged("truncated after"),
    ),
    (
        "derived_header-only_from_fff_zwift_20250401.fit",
        Error("only the file header"),
    ),
    (
        "derived_not-a-fit-gpx-content_from_gpxrs_wahoo_example.fit",
        Error("not a FIT file: looks like GPX"),
    ),
    (
        "derived_truncated-mid-record_from_pf_garmin-fenix-5-run.fit",
        Flagged("records salvaged"),
    ),
    (
        "derived_truncated_from_gpxrs_garmin-activity.gpx",
        Flagged("cut off"),
    ),
    ("derived_truncated_from_tcxp_test.tcx", Flagged("damaged")),
    ("gpxrs_badcharacter.xml", Error("not supported")),
    (
        "pf_ELEMNT_ROAM_Unterminated.fit",
        Flagged("truncated after"),
    ),
    // A spec violation in developer_data_id that costs no data.
    (
        "pf_elemnt-bolt-no-application-id-inside-developer-data-id.fit",
        Clean,
    ),
    ("pf_nick.fit", Flagged("truncated after")),
    (
        "pf_strava-android-app-201.10-b1218918.fit",
        Flagged("damaged part-way"),
    ),
    ("sl_27-days-activity.fit", Flagged("clock probably jumped")),
    // The session lacks dates, but the records carry them.
    ("sl_broken-dates.fit", Clean),
    // Records start without positions: normal for a GPS still searching.
    ("sl_broken-start-latlng.fit", Clean),
    ("sl_empty-activities.fit", Flagged("truncated after")),
    ("sl_empty-sessions.fit", Error("empty")),
    ("sl_inverted-times.fit", Flagged("moving time was capped")),
    ("sl_runs_6281425038_leading-whitespace.tcx", Clean),
];

#[test]
fn broken_files_fail_typed_or_import_flagged() {
    let Some(files) = corpus_files("broken", &[""]) else {
        return;
    };
    let mut problems = Vec::new();
    for f in &files {
        let n = name(f);
        let Some((_, expect)) = EXPECTED.iter().find(|(x, _)| *x == n) else {
            problems.push(format!("{n}: no expectation in the table"));
            continue;
        };
        let got = decode(&n, &std::fs::read(f).unwrap());
        let ok = match (expect, &got) {
            (Error(m), Err(e)) => e.to_string().contains(m),
            (Flagged(m), Ok(d)) => d.activity.warnings.iter().any(|w| w.contains(m)),
            (Clean, Ok(d)) => d.activity.warnings.is_empty(),
            _ => false,
        };
        if !ok {
            let got = got.map(|d| d.activity.warnings);
            problems.push(format!("{n}: got {got:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(files.len(), EXPECTED.len());
}

#[test]
fn the_app_relies_on_these_messages() {
    assert_eq!(decode("x.fit", b"").unwrap_err(), ImportError::Empty);
    assert!(ImportError::Empty.to_string().contains("empty"));
    let gpx = b"<?xml version=\"1.0\"?><gpx version=\"1.1\"></gpx>";
    assert_eq!(
        decode("x.fit", gpx).unwrap_err().to_string(),
        "not a FIT file: looks like GPX"
    );
}

/// Every prefix of a real file, cut anywhere: never a panic (a typed error or a salvage).
#[test]
fn cut_files_never_panic() {
    let Some(files) = corpus_files("fit", &["fenix-5-run.fit"]) else {
        return;
    };
    let Some(gpx) = corpus_files("gpx", &["gcn_sample_activity.gpx"]) else {
        return;
    };
    let Some(tcx) = corpus_files("tcx", &["tcxp_test.tcx"]) else {
        return;
    };
    for f in files.iter().chain(&gpx).chain(&tcx) {
        let bytes = std::fs::read(f).unwrap();
        let n = name(f);
        let step = (bytes.len() / 300).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            let _ = decode(&n, &bytes[..cut]);
        }
    }
}
