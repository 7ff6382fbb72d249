//! Every corpus file in fit/, gpx/ and tcx/ gets its expected outcome, and imported
//! totals agree with the MANIFEST (figures from fitdecode, an independent decoder).

use paceline_import::{decode, decode_many, ImportError};
use paceline_model::Sport;
use paceline_testsupport::{corpus, corpus_files};

use crate::support::{manifest, name, note_value};

/// Files that are valid but hold no activity, and why; every other file must import.
const SKIPS: &[(&str, &str)] = &[
    ("pf_Settings2.fit", "settings"),
    ("mk_valid_only_contain_fileid.fit", "single sample"),
    ("gc_A_ride_mapped_on_11_22_2011.gpx", "route without times"),
    ("gc_MetadataOnly.gpx", "no track points"),
    // 5 of 296 points carry a time: a planned route, not a recording.
    ("gpxpy_cerknicko-without-times.gpx", "route without times"),
    // Hand-written schema samples with one track point each.
    ("gpxpy_gpx1.0_with_all_fields.gpx", "route without times"),
    ("gpxpy_gpx1.1_with_all_fields.gpx", "route without times"),
    ("gpxpy_gpx1.1_with_extensions.gpx", "only waypoints"),
    ("gpxpy_route.gpx", "route without times"),
    ("gpxpy_unicode_with_bom.gpx", "only waypoints"),
    (
        "gpxrs_ecology-trail-and-lovers-lane-loop.gpx",
        "route without times",
    ),
    ("gpxrs_empty_name_tag.gpx", "no track points"),
    ("gpxrs_strava_route_example.gpx", "route without times"),
];

#[test]
fn every_corpus_file_gets_its_expected_outcome() {
    let mut problems = Vec::new();
    let mut imported = 0;
    for (sub, exts) in [
        ("fit", &[""][..]),
        ("gpx", &[".gpx"][..]),
        ("tcx", &[".tcx"][..]),
    ] {
        let Some(files) = corpus_files(sub, exts) else {
            return;
        };
        for f in files {
            let n = name(&f);
            let bytes = std::fs::read(&f).unwrap();
            let expected_skip = SKIPS.iter().find(|(s, _)| *s == n).map(|(_, why)| *why);
            match (decode(&n, &bytes), expected_skip) {
                (Ok(d), None) => {
                    imported += 1;
                    let a = &d.activity;
                    if a.elapsed_s <= 0.0 || a.start_utc <= 0 || a.name.is_empty() {
                        problems.push(format!("{sub}/{n}: incomplete activity {a:?}"));
                    }
                    if a.moving_s > a.elapsed_s {
                        problems.push(format!("{sub}/{n}: moving > elapsed"));
                    }
                }
                (Ok(_), Some(why)) => {
                    problems.push(format!("{sub}/{n}: imported, expected a skip ({why})"))
                }
                (Err(e), Some(why)) if e.is_skip() && e.to_string().contains(why) => {}
                (Err(e), _) => problems.push(format!("{sub}/{n}: {e}")),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(imported >= 70, "only {imported} imported");
}

#[test]
fn totals_match_the_manifest() {
    let Some(files) = corpus_files("fit", &[""]) else {
        return;
    };
    let notes = manifest();
    let (mut checked, mut problems) = (0, Vec::new());
    for f in files {
        let n = name(&f);
        let note = notes.get(&format!("fit/{n}")).cloned().unwrap_or_default();
        let Ok(d) = decode(&n, &std::fs::read(&f).unwrap()) else {
            continue;
        };
        let a = &d.activity;
        // The manifest rounds to 0.01 h and 0.1 km.
        if let Some(h) = note_value(&note, "elapsed_h") {
            let got = a.elapsed_s / 3600.0;
            if (got - h).abs() > 0.0051 {
                problems.push(format!("{n}: elapsed {got:.4} h, manifest {h}"));
            }
            checked += 1;
        }
        if let Some(km) = note_value(&note, "dist_km") {
            let got = a.distance_m.unwrap_or(0.0) / 1000.0;
            if (got - km).abs() > 0.051 {
                problems.push(format!("{n}: distance {got:.3} km, manifest {km}"));
            }
        }
        let has = |flag: &str| note.split(';').any(|x| x.trim() == flag);
        if has("has_power") && a.avg_power.is_none() {
            problems.push(format!("{n}: avg power missing (manifest: has_power)"));
        }
        // Zwift 2019 writes a heart-rate field that is always 0: no heart rate.
        if has("has_hr") && a.avg_hr.is_none() && n != "pf_null_compressed_speed_dist.fit" {
            problems.push(format!("{n}: avg HR missing (manifest: has_hr)"));
        }
        if has("multisport") && a.sport != Some(Sport::Multisport) {
            problems.push(format!("{n}: sport {:?}, manifest: multisport", a.sport));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked >= 40, "only {checked} files had manifest figures");
}

#[test]
fn the_same_run_as_fit_and_tcx_agrees() {
    let Some(dir) = corpus("") else { return };
    let read = |p: &str| {
        let path = dir.join(p);
        decode(p, &std::fs::read(path).unwrap()).unwrap().activity
    };
    let fit = read("fit/gc_10kUNLP2014-Garmin15.fit");
    let tcx = read("tcx/gc_10kUNLP2014-Garmin15.tcx");
    assert_eq!(fit.start_utc, tcx.start_utc, "start time");
    let (df, dt) = (fit.distance_m.unwrap(), tcx.distance_m.unwrap());
    assert!(
        (df - dt).abs() / df < 0.01,
        "distance: FIT {df} m, TCX {dt} m"
    );
    assert!((fit.elapsed_s - tcx.elapsed_s).abs() < 60.0, "elapsed");
    assert_eq!(fit.sport, tcx.sport);
    assert_eq!(fit.laps.len(), tcx.laps.len(), "laps");
    assert_eq!(fit.streams.len(), tcx.streams.len(), "samples");
}

#[test]
fn format_details_from_real_files() {
    let Some(dir) = corpus("") else { return };
    let read = |p: &str| decode(p, &std::fs::read(dir.join(p)).unwrap());
    // GPX: power and speed extensions, BOM-free 1.1 with gpxtpx.
    let urban = read("gpx/gc_UrbanBiker2019-04-18_16-12.gpx")
        .unwrap()
        .activity;
    assert!(
        urban.avg_power.is_some()
            && urban.avg_hr.is_some()
            && !urban.streams.temperature_c.is_empty()
    );
    // GPX 1.0 with time and elevation.
    let v10 = read("gpx/gc_1292585194-20906.gpx").unwrap().activity;
    assert!(v10.distance_m.unwrap() > 30_000.0 && !v10.streams.altitude_m.is_empty());
    // Sport from <type>.
    assert_eq!(
        read("gpx/gpxrs_garmin-activity.gpx")
            .unwrap()
            .activity
            .sport,
        Some(Sport::Run)
    );
    // TCX: ns3:TPX Watts, Creator as device.
    let velo = read("tcx/gc_velodrome_activity_769724425.tcx")
        .unwrap()
        .activity;
    assert!(velo.avg_power.is_some());
    assert_eq!(velo.device.as_deref(), Some("Garmin Forerunner 310XT"));
    // TCX RunCadence (Suunto, no Creator).
    let moves = read("tcx/sl_movescount.tcx").unwrap().activity;
    assert!(!moves.streams.cadence.is_empty() && moves.device.is_none());
    // Multi-activity TCX days apart: the first, flagged.
    let multi = read("tcx/gc_activity_165850259_multi-session.tcx")
        .unwrap()
        .activity;
    assert!(
        multi.warnings.iter().any(|w| w.contains("only the first")),
        "{:?}",
        multi.warnings
    );
    // FIT: device names, UTC offset, multisport parent.
    let bingi = read("fit/gc_2024-10-14-070422-Pool_Swim-BingiWatch.fit")
        .unwrap()
        .activity;
    assert_eq!(
        bingi.device.as_deref(),
        Some("Watch6,18"),
        "development manufacturer"
    );
    let edge = read("fit/fprs_hrv-activity.fit").unwrap().activity;
    assert_eq!(edge.device.as_deref(), Some("Garmin Edge 530"));
    assert_eq!(edge.utc_offset_s, 3600);
    let tri = read("fit/pf_sample_mulitple_header.fit").unwrap().activity;
    assert_eq!(tri.sport, Some(Sport::Multisport));
    // The route message, word for word.
    assert_eq!(
        read("gpx/gpxpy_route.gpx").unwrap_err(),
        ImportError::NoActivity("a route without times — import it as a route".into())
    );
}

#[test]
fn wrapped_corpus_files_unpack() {
    let Some(dir) = corpus("") else { return };
    for p in [
        "fit/gc_14582164182.fit.gz",
        "fit/gc_TacxNeo.fit.zip",
        "garmin-api/garth_download-service_files_activity_ID.zip",
    ] {
        let bytes = std::fs::read(dir.join(p)).unwrap();
        let entries = decode_many(p, &bytes);
        assert_eq!(
            entries.len(),
            1,
            "{p}: {:?}",
            entries.iter().map(|e| &e.0).collect::<Vec<_>>()
        );
        let d = entries
            .into_iter()
            .next()
            .unwrap()
            .1
            .unwrap_or_else(|e| panic!("{p}: {e}"));
        let inner = d.unpacked.as_deref().expect("unpacked bytes");
        assert_eq!(d.content_hash, paceline_import::content_hash(inner), "{p}");
        decode(p, &bytes).unwrap_or_else(|e| panic!("{p}: {e}"));
    }
}
