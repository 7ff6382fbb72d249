//! Real files from the shared corpus, read in place.

use std::collections::HashMap;
use std::path::Path;

use paceline_testsupport::{corpus, corpus_files};
use paceline_types::{FileOutcome, Threshold, ThresholdKind};

use crate::support::app;

/// `notes` of MANIFEST.tsv by corpus path, e.g. "fit/x.fit" → "...; elapsed_h=0.50; dist_km=13.4".
fn manifest() -> HashMap<String, String> {
    let dir = corpus("").expect("checked by caller");
    std::fs::read_to_string(dir.join("MANIFEST.tsv"))
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            Some((cols.first()?.to_string(), cols.last()?.to_string()))
        })
        .collect()
}

fn note_value(notes: &str, key: &str) -> Option<f64> {
    notes
        .split(';')
        .map(str::trim)
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('=')?.parse().ok())
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_plain_fit_file_gets_an_outcome_and_totals_match_the_manifest() {
    let Some(files) = corpus_files("fit", &[".fit"]) else {
        return;
    };
    let notes = manifest();
    let (_dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let report = app.import_paths(&files);
    assert_eq!(report.files.len(), files.len());
    let mut checked = 0;
    let mut problems = Vec::new();
    for (path, outcome) in files.iter().zip(&report.files) {
        let n = name(path);
        let note = notes.get(&format!("fit/{n}")).cloned().unwrap_or_default();
        match outcome {
            FileOutcome::Imported { id, .. } => {
                let a = app.activity(*id).unwrap().summary;
                // The manifest's figures come from fitdecode, an independent decoder,
                // rounded to 0.01 h and 0.1 km.
                if let Some(h) = note_value(&note, "elapsed_h") {
                    if (a.elapsed_s / 3600.0 - h).abs() > 0.006 {
                        problems.push(format!(
                            "{n}: elapsed {:.3} h, manifest {h}",
                            a.elapsed_s / 3600.0
                        ));
                    }
                    checked += 1;
                }
                if let Some(km) = note_value(&note, "dist_km") {
                    let got = a.distance_m.unwrap_or(0.0) / 1000.0;
                    if (got - km).abs() > 0.06 {
                        problems.push(format!("{n}: distance {got:.2} km, manifest {km}"));
                    }
                }
            }
            FileOutcome::Skipped { reason, .. } => {
                assert!(
                    n == "pf_Settings2.fit" || n == "mk_valid_only_contain_fileid.fit",
                    "{n} skipped: {reason}"
                );
            }
            FileOutcome::Failed { reason, .. } => {
                // fitparser cannot read these (the import issue brings a decoder that can).
                eprintln!("known fitparser limit: {n}: {reason}");
                assert!(!reason.is_empty());
            }
            FileOutcome::AlreadyPresent { .. } => {
                // Chained or duplicated content is fine; nothing to check.
            }
        }
    }
    assert!(report.imported() >= 40, "{}", report.headline());
    assert!(
        checked >= 35,
        "only {checked} files had manifest figures to compare"
    );
    assert!(
        problems.is_empty(),
        "totals disagree with the manifest:\n{}",
        problems.join("\n")
    );
    assert!(vault.integrity_check().unwrap().is_empty());
}

#[test]
fn broken_files_never_panic_and_never_half_write() {
    let Some(files) = corpus_files("broken", &[""]) else {
        return;
    };
    let (_dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    for f in &files {
        let before = app.list_activities().unwrap().len();
        let report = app.import_paths(std::slice::from_ref(f));
        let outcome = &report.files[0];
        let after = app.list_activities().unwrap().len();
        match outcome {
            FileOutcome::Failed { reason, .. } | FileOutcome::Skipped { reason, .. } => {
                assert!(!reason.is_empty(), "{}", name(f));
                assert_eq!(
                    before,
                    after,
                    "{}: a failed import left rows behind",
                    name(f)
                );
            }
            FileOutcome::Imported { id, .. } => {
                assert_eq!(after, before + 1);
                let a = app.activity(*id).unwrap();
                assert_eq!(
                    a.sample_count as usize,
                    app_streams_len(&app, *id),
                    "{}",
                    name(f)
                );
            }
            FileOutcome::AlreadyPresent { .. } => assert_eq!(before, after),
        }
    }
    // Specific messages a person can act on.
    let by_name = |n: &str| files.iter().find(|p| name(p) == n).cloned();
    if let Some(p) = by_name("derived_not-a-fit-gpx-content_from_gpxrs_wahoo_example.fit") {
        let r = app.import_paths(&[p]);
        assert!(
            matches!(&r.files[0], FileOutcome::Failed { reason, .. } if reason == "not a FIT file: looks like GPX"),
            "{r:?}"
        );
    }
    if let Some(p) = by_name("sl_empty-sessions.fit") {
        let r = app.import_paths(&[p]);
        assert!(
            matches!(&r.files[0], FileOutcome::Failed { reason, .. } if reason.contains("empty")),
            "{r:?}"
        );
    }
    assert!(vault.integrity_check().unwrap().is_empty());
}

fn app_streams_len(app: &paceline_app::AthleteScope, id: i64) -> usize {
    app.activity(id).unwrap().sample_count as usize
}

#[test]
fn a_known_ride_has_the_devices_own_totals() {
    let Some(dir) = corpus("fit") else { return };
    let (_d, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let r = app.import_paths(&[dir.join("pf_garmin-edge-500-activity.fit")]);
    let FileOutcome::Imported { id, .. } = &r.files[0] else {
        panic!("{r:?}")
    };
    let d = app.activity(*id).unwrap();
    let a = &d.summary;
    assert_eq!(a.sport, paceline_types::Sport::Ride);
    // Cross-checked with fitdecode: 3.53 h, 92.6 km, 10 686 records.
    assert!((a.distance_m.unwrap() - 92_600.0).abs() < 100.0, "{a:?}");
    assert!(d.sample_count > 10_000);
    assert!(a.avg_hr.is_some() && a.max_hr.unwrap() > a.avg_hr.unwrap());
    assert!(!d.laps.is_empty());
    assert_eq!(a.device.as_deref(), Some("Garmin Edge500"));
}

/// The whole corpus in one batch, as a user dropping the folders would: archives
/// unpacked, every file an activity or a justified skip, nothing failed.
#[test]
fn the_whole_corpus_imports_in_one_batch() {
    let Some(root) = corpus("") else { return };
    let (_dir, vault) = app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let report = app.import_paths(&[root.join("fit"), root.join("gpx"), root.join("tcx")]);
    let failed: Vec<_> = report.files.iter().filter(|f| f.is_failure()).collect();
    assert!(failed.is_empty(), "failures: {failed:#?}");
    // 48 FIT activities + the .gz and .zip ones, 9 GPX tracks, 14 TCX files.
    assert!(
        report.imported() + report.already_present() >= 65,
        "{}",
        report.headline()
    );
    assert!(
        report
            .files
            .iter()
            .any(|f| f.path().contains(".fit.zip › ")),
        "zip entries are named inside their archive"
    );
    assert!(vault.integrity_check().unwrap().is_empty());
    // Everything scored or said why not; the dashboard copes with real data.
    let d = app.dashboard().unwrap();
    assert!(d.form.is_some());
}

/// One corpus file's device session values against ours: (name, figure, device, ours, error %).
type Row = (String, &'static str, f64, f64, f64);

/// Our NP, IF, TSS and work against the device's own session values, for every
/// corpus file whose single session carries them. IF and TSS are scored with the
/// FTP the device used (session `threshold_power`), set as the athlete's FTP.
/// Training effect is Firstbeat's unpublished model; we do not compute it.
#[test]
fn device_session_values_agree_with_ours() {
    let Some(files) = corpus_files("fit", &[".fit"]) else {
        return;
    };
    let mut rows: Vec<Row> = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let Ok(fit) = paceline_fit::decode(&bytes) else {
            continue;
        };
        let [s] = fit.sessions.as_slice() else {
            continue;
        };
        let device_np = s.normalized_power_w.filter(|&w| w > 0).map(f64::from);
        let device_work = s
            .total_work_j
            .filter(|&j| j > 0)
            .map(|j| f64::from(j) / 1000.0);
        if device_np.is_none() && device_work.is_none() {
            continue;
        }
        // A device NP above the session's own max power, or over 1.6× its average
        // (a variability index far beyond even stop-and-go rides, whose VI stays
        // near 1.5), is not a credible reference.
        let (avg, max) = (
            f64::from(s.avg_power_w.unwrap_or(0)),
            f64::from(s.max_power_w.unwrap_or(u16::MAX)),
        );
        if device_np.is_some_and(|np| np > max || np > 1.6 * avg) {
            eprintln!(
                "{:<50} device NP {device_np:?} W not credible (avg {avg} W, max {max} W): excluded",
                name(f)
            );
            continue;
        }
        let (_dir, vault) = app();
        let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
        let ftp = s.threshold_power_w.filter(|&w| w > 0).map(f64::from);
        if let Some(ftp) = ftp {
            app.set_threshold(&Threshold {
                sport: None,
                kind: ThresholdKind::Ftp,
                value: ftp,
                from_day: 0,
            })
            .unwrap();
        }
        let r = app.import_paths(std::slice::from_ref(f));
        let Some(FileOutcome::Imported { id, .. }) = r.files.first() else {
            continue;
        };
        let m = app.activity_metrics(*id).unwrap();
        let n = name(f);
        let mut row = |what, dev: Option<f64>, ours: Option<f64>| {
            if let Some(dev) = dev.filter(|&d| d > 0.0) {
                let ours = ours.unwrap_or(0.0);
                rows.push((n.clone(), what, dev, ours, (ours - dev).abs() / dev * 100.0));
            }
        };
        row("NP W", device_np, m.normalized_power);
        row("work kJ", device_work, m.work_kj);
        if ftp.is_some() {
            row("IF", s.intensity_factor, m.intensity_factor);
            row("TSS", s.training_stress_score, m.load);
        }
        // Only a share the device marks as the right leg's says which leg it is.
        let device_left = s
            .left_right_balance
            .filter(|b| b & 0x8000 != 0 && b & 0x3FFF <= 10_000)
            .map(|b| 100.0 - f64::from(b & 0x3FFF) / 100.0);
        row("left %", device_left, m.left_balance_pct);
    }
    for (n, what, dev, ours, err) in &rows {
        eprintln!("{n:<50} {what:<8} device {dev:>8.3}  ours {ours:>8.3}  {err:>5.2} %");
    }
    let count = |w: &str| rows.iter().filter(|r| r.1 == w).count();
    assert!(
        count("NP W") >= 5,
        "only {} files carry a device NP",
        count("NP W")
    );
    assert!(
        count("work kJ") >= 5,
        "only {} files carry device work",
        count("work kJ")
    );
    assert!(
        count("TSS") >= 3,
        "only {} files carry a device TSS",
        count("TSS")
    );
    let off: Vec<_> = rows.iter().filter(|r| r.4 > tolerance_pct(r.1)).collect();
    assert!(off.is_empty(), "device and ours differ: {off:#?}");
}

/// Stated tolerances, %. Devices differ in how they treat pauses and zeros in
/// NP's 30 s rolling mean; 2.5 % covers every credible reference in the corpus
/// (worst: the Wahoo ELEMNT, 2.2 %). IF is NP / FTP, so it carries NP's error;
/// TSS grows with NP², so NP's 2.5 % becomes 5 % (the ELEMNT again: 4.7 %).
/// Work is a plain sum of power: 0.5 % (worst 0.33 %, a trainer ride).
/// The left leg's share: 1 %.
fn tolerance_pct(what: &str) -> f64 {
    match what {
        "NP W" | "IF" => 2.5,
        "TSS" => 5.0,
        "work kJ" => 0.5,
        // Both power-weighted means of the same samples (Vector pedals: 0.02 %).
        "left %" => 1.0,
        _ => unreachable!("no tolerance for {what}"),
    }
}
