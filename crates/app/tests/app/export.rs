//! Export of everything: CSV and JSON per table and the original files, into a
//! folder or a ZIP, for one athlete or all.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use paceline_app::{App, Config, KeyOptions};
use paceline_types::{BikeEntry, JournalEntry};

fn demo(dir: &Path, n: usize) -> Vec<(String, Vec<u8>)> {
    std::fs::create_dir_all(dir).unwrap();
    let files = paceline_demo::generate(&paceline_demo::ALEX, 1_767_225_600, 1, 5);
    files
        .into_iter()
        .take(n)
        .map(|f| {
            std::fs::write(dir.join(&f.file_name), &f.bytes).unwrap();
            (f.file_name, f.bytes)
        })
        .collect()
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn export_writes_tables_and_originals_per_athlete_or_all() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = Config {
        data_dir: tmp.path().join("vault"),
        keys: KeyOptions::with_passphrase("export"),
    };
    let app = App::open(&cfg).unwrap();
    let a = app.current_athlete().unwrap();
    let originals = demo(&tmp.path().join("in"), 3);
    let report = app
        .athlete(a)
        .unwrap()
        .import_paths(&[tmp.path().join("in")]);
    assert_eq!(report.failed(), 0);
    let b = app.add_athlete("Bea \"the, quoted\" Brown").unwrap().id;
    let other = demo(&tmp.path().join("in-b"), 4);
    app.athlete(b)
        .unwrap()
        .import_paths(&[tmp.path().join("in-b").join(&other[3].0)]);

    // A route of three points (one without elevation), a bike and a journal day for
    // `a`; a bike for `b`, which `a`'s export must not carry.
    let scope = app.athlete(a).unwrap();
    let gpx = "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"test\" \
        xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><name>Hill</name><trkseg>\
        <trkpt lat=\"47.0\" lon=\"8.0\"><ele>400</ele></trkpt>\
        <trkpt lat=\"47.001\" lon=\"8.0\"><ele>410</ele></trkpt>\
        <trkpt lat=\"47.002\" lon=\"8.0\"><ele>420</ele></trkpt>\
        </trkseg></trk></gpx>";
    let route = scope
        .import_route_bytes("hill.gpx", gpx.as_bytes())
        .unwrap();
    let bike = BikeEntry {
        id: 0,
        name: "Road".into(),
        chainrings: vec![50, 34],
        cassette: vec![11, 13, 15, 17, 19, 21, 24, 28],
        wheel_circumference_m: 2.1,
        min_cadence_rpm: 60.0,
        is_default: true,
    };
    scope.save_bike(&bike).unwrap();
    app.athlete(b).unwrap().save_bike(&bike).unwrap();
    scope
        .save_journal(&JournalEntry {
            day: 20_454,
            mood: Some(4),
            notes: "legs, heavy".into(),
            ..JournalEntry::default()
        })
        .unwrap();

    // One athlete into a folder.
    let out = tmp.path().join("out");
    let r = app.export(&out, Some(a)).unwrap();
    assert_eq!(r.files, 3);
    let rows = |t: &str| r.tables.iter().find(|x| x.0 == t).unwrap().1;
    assert_eq!((rows("athletes"), rows("activities")), (1, 3));
    assert!(rows("laps") >= 3, "{:?}", r.tables);
    // The newer tables: routes with their decoded points, bikes, the logbook, the coach
    // and the Garmin sync (empty here, but present as files).
    assert_eq!(
        (
            rows("routes"),
            rows("route_points"),
            rows("bikes"),
            rows("journal")
        ),
        (1, 3, 1, 1)
    );
    for t in [
        "route_sections",
        "logbook_sessions",
        "logbook_sets",
        "body",
        "coach_chats",
        "coach_suggestions",
        "coach_ledger",
        "garmin_activities",
        "garmin_sync_log",
        "garmin_sync_state",
    ] {
        assert_eq!(rows(t), 0, "{t}");
        assert!(out.join(format!("csv/{t}.csv")).is_file(), "{t}");
    }
    let routes = lines(&out.join("csv/routes.csv"));
    assert!(
        routes[0].starts_with("id,athlete_id,name,sport,"),
        "{}",
        routes[0]
    );
    assert!(
        !routes[0].contains("lat"),
        "no encoded columns: {}",
        routes[0]
    );
    assert!(routes[1].contains(",Hill,"), "{}", routes[1]);
    assert_eq!(
        lines(&out.join("csv/route_points.csv")),
        [
            "route_id,athlete_id,seq,lat,lon,ele".to_string(),
            format!("{route},{a},0,47,8,400"),
            format!("{route},{a},1,47.001,8,410"),
            format!("{route},{a},2,47.002,8,420"),
        ]
    );
    let journal: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("json/journal.json")).unwrap()).unwrap();
    assert_eq!(journal[0]["day"], 20_454);
    assert_eq!(journal[0]["notes"], "legs, heavy");
    let acts = lines(&out.join("csv/activities.csv"));
    assert_eq!(acts.len(), 4);
    assert!(
        acts[0].starts_with("id,athlete_id,name,sport,"),
        "{}",
        acts[0]
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("json/activities.json")).unwrap()).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 3);
    assert_eq!(json[0]["athlete_id"], a);
    // The originals, byte for byte, named by date, sport and id.
    let dir = out.join(format!("files/{a}"));
    let mut got = BTreeSet::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("2025-12-") || name.starts_with("2026-"),
            "{name}"
        );
        assert!(name.ends_with(".fit"), "{name}");
        got.insert(std::fs::read(&p).unwrap());
    }
    let want: BTreeSet<Vec<u8>> = originals.into_iter().map(|o| o.1).collect();
    assert_eq!(got, want);
    // A folder that is not empty is refused.
    let e = app.export(&out, Some(a)).unwrap_err();
    assert!(e.to_string().contains("not empty"), "{e}");

    // Everyone into a ZIP; the quoted name survives CSV quoting.
    let zip_path = tmp.path().join("all.zip");
    let r = app.export(&zip_path, None).unwrap();
    assert_eq!(r.files, 4);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut athletes = String::new();
    zip.by_name("csv/athletes.csv")
        .unwrap()
        .read_to_string(&mut athletes)
        .unwrap();
    assert!(
        athletes.contains("\"Bea \"\"the, quoted\"\" Brown\""),
        "{athletes}"
    );
    let names: Vec<String> = zip.file_names().map(String::from).collect();
    assert_eq!(names.iter().filter(|n| n.starts_with("files/")).count(), 4);
    assert!(names.iter().any(|n| n.starts_with(&format!("files/{b}/"))));
    // Secrets never leave: no table of them.
    assert!(!names.iter().any(|n| n.contains("secret")));
}

#[test]
fn original_names_carry_the_local_date_sport_and_id() {
    let f = paceline_store::OriginalFile {
        activity_id: 17,
        athlete_id: 1,
        // 2026-01-01 23:30 UTC is 2026-01-02 in UTC+1.
        start_utc: 1_767_225_600 + 23 * 3600 + 1800,
        utc_offset_s: 3600,
        sport: "ride".into(),
        file_name: "Morning Ride.FIT.gz".into(),
        linked: false,
        bytes: vec![],
    };
    assert_eq!(
        paceline_app::export::original_name(&f, 0),
        "2026-01-02_ride_17.fit"
    );
    let linked = paceline_store::OriginalFile {
        linked: true,
        file_name: "x".into(),
        ..f
    };
    assert_eq!(
        paceline_app::export::original_name(&linked, 1),
        "2026-01-02_ride_17-linked-1.bin"
    );
}
