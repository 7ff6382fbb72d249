//! `paceline routes …` as a user runs it: import (a broken file fails alone, exit 1),
//! list with ids, show --json with the fields the issue names, estimates at a power, a
//! share of FTP and a pace, section edits, bikes and charts.

use std::path::Path;

use super::{paceline, stdout};

const M_PER_DEG: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;

/// 2 km flat, 3 km at 6 %, 2 km flat, due north, a point every 10 m.
fn climb_gpx() -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?><gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><name>Climb</name><trkseg>",
    );
    for i in 0..=700 {
        let d = f64::from(i) * 10.0;
        let e = 500.0 + 0.06 * (d - 2000.0).clamp(0.0, 3000.0);
        s.push_str(&format!(
            "<trkpt lat=\"{:.8}\" lon=\"6.0\"><ele>{e:.2}</ele></trkpt>",
            45.0 + d / M_PER_DEG
        ));
    }
    s.push_str("</trkseg></trk></gpx>");
    s
}

fn ok(data: &Path, args: &[&str]) -> String {
    let o = paceline(data, args);
    assert!(
        o.status.success(),
        "{args:?}: {}{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    stdout(&o)
}

fn json(data: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(data, args)).unwrap()
}

#[test]
fn import_list_show_estimate_edit_and_draw() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let good = dir.path().join("climb.gpx");
    std::fs::write(&good, climb_gpx()).unwrap();
    let bad = dir.path().join("notes.gpx");
    std::fs::write(&bad, "just some notes").unwrap();

    let o = paceline(
        &data,
        &[
            "routes",
            "import",
            bad.to_str().unwrap(),
            good.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "one file failed");
    let out = stdout(&o);
    assert!(out.contains("FAILED     notes.gpx"), "{out}");
    assert!(out.contains("1 imported, 1 failed"), "{out}");

    let list = json(&data, &["routes", "list", "--json"]);
    let id = list[0]["id"].as_i64().unwrap();
    assert_eq!(list[0]["name"], "Climb");
    let ids = id.to_string();

    let v = json(&data, &["routes", "show", &ids, "--power", "250", "--json"]);
    for k in ["distance_m", "ascent_m", "descent_m", "est_time_s"] {
        assert!(v[k].is_number(), "{k}: {v}");
    }
    assert!((v["distance_m"].as_f64().unwrap() - 7000.0).abs() < 5.0);
    assert!((v["ascent_m"].as_f64().unwrap() - 180.0).abs() < 2.0);
    let secs = v["sections"].as_array().unwrap();
    assert_eq!(secs.len(), 3);
    for s in secs {
        for k in [
            "name",
            "start_m",
            "end_m",
            "distance_m",
            "ascent_m",
            "avg_grade_pct",
            "max_grade_pct",
            "est_time_s",
            "min_gear",
        ] {
            assert!(s.get(k).is_some(), "{k} missing: {s}");
        }
    }
    assert_eq!(secs[1]["name"], "Climb 1");
    let total: f64 = secs.iter().map(|s| s["est_time_s"].as_f64().unwrap()).sum();
    assert!((total - v["est_time_s"].as_f64().unwrap()).abs() < 1e-6);

    // % of FTP: refused without an FTP, then the same as that power.
    let o = paceline(&data, &["routes", "estimate", &ids, "--ftp-pct", "100"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no FTP"));
    ok(
        &data,
        &["thresholds", "set", "ftp", "250", "--from", "2020-01-01"],
    );
    let f = json(
        &data,
        &["routes", "estimate", &ids, "--ftp-pct", "100", "--json"],
    );
    assert_eq!(f["est_time_s"], v["est_time_s"]);
    // Only one intensity at a time.
    assert!(!paceline(
        &data,
        &["routes", "estimate", &ids, "--power", "200", "--pace", "5:00"]
    )
    .status
    .success());
    let run = json(
        &data,
        &["routes", "estimate", &ids, "--pace", "5:00", "--json"],
    );
    assert_eq!(run["pace_s_per_km"], 300.0);
    let text = ok(&data, &["routes", "estimate", &ids, "--power", "250"]);
    assert!(
        text.contains("Climb 1") && text.contains("at 250 W"),
        "{text}"
    );

    // A bike: gears appear.
    ok(
        &data,
        &[
            "routes",
            "bike",
            "add",
            "Road",
            "--chainrings",
            "50,34",
            "--cassette",
            "11,12,13,14,15,17,19,21,24,28",
            "--wheel-m",
            "2.1",
        ],
    );
    let bikes = json(&data, &["routes", "bike", "list", "--json"]);
    assert_eq!(bikes[0]["is_default"], true);
    let g = json(&data, &["routes", "show", &ids, "--power", "250", "--json"]);
    assert!(
        g["sections"][1]["min_gear"]
            .as_str()
            .unwrap()
            .starts_with("34×"),
        "{g}"
    );

    // Sections: split the climb, rename, merge back.
    let t = ok(&data, &["routes", "section", "split", &ids, "3.5"]);
    assert!(t.contains("Climb 1 (2)"), "{t}");
    ok(
        &data,
        &["routes", "section", "rename", &ids, "2", "Lower slopes"],
    );
    let t = ok(&data, &["routes", "section", "merge", &ids, "2"]);
    assert!(t.contains("Lower slopes") && !t.contains("(2)"), "{t}");
    assert!(!paceline(&data, &["routes", "section", "merge", &ids, "0"])
        .status
        .success());

    // Pictures by extension.
    let png = dir.path().join("profile.png");
    let svg = dir.path().join("outline.svg");
    let o = paceline(
        &data,
        &["routes", "chart", &ids, "--out", png.to_str().unwrap()],
    );
    if o.status.success() {
        assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    } else {
        // No system fonts on this machine: the message says so.
        assert!(String::from_utf8_lossy(&o.stderr).contains("font"));
    }
    ok(
        &data,
        &[
            "routes",
            "chart",
            &ids,
            "--kind",
            "outline",
            "--out",
            svg.to_str().unwrap(),
        ],
    );
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));

    // Unknown ids are a clear error.
    let o = paceline(&data, &["routes", "show", "9999"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no route with id 9999"));
    ok(&data, &["routes", "delete", &ids]);
    assert_eq!(
        json(&data, &["routes", "list", "--json"]),
        serde_json::json!([])
    );
}
