//! Several athletes in one vault: isolation, complete deletion, the rules of
//! adding, archiving and naming, and the migration of a previous release's vault.

use std::path::Path;
use std::sync::Arc;

use paceline_app::{App, Config, SecretString};
use paceline_store::{KeyOptions, Store};
use paceline_types::{
    ChartRequest, ErrorCode, LoadChartKind, LoadChartRequest, Settings, Sport, Theme, Threshold,
    ThresholdKind, Units,
};

use crate::support::{app, one_session_fit};

const PASS: &str = "test";

/// An hour's ride with power and heart rate, written to `dir`.
fn ride_file(dir: &Path, start_unix: i64) -> std::path::PathBuf {
    let bytes = one_session_fit(
        start_unix,
        3600,
        1,
        |i| paceline_fit::RecordSample {
            power_w: Some(180 + (i % 60) as u16),
            heart_rate: Some(130 + (i % 20) as u8),
            ..Default::default()
        },
        paceline_fit::Summary {
            sport: paceline_fit::Sport::CYCLING,
            ..Default::default()
        },
    );
    let path = dir.join(format!("ride-{start_unix}.fit"));
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A GPX run whose name and coordinates carry `marker` (the longitude's digits).
fn marked_gpx(dir: &Path, marker: &str) -> std::path::PathBuf {
    let mut pts = String::new();
    for i in 0..1800 {
        let (m, s) = (i / 60, i % 60);
        pts.push_str(&format!(
            r#"<trkpt lat="47.{:06}" lon="8.7654321"><ele>400</ele><time>2026-11-02T07:{m:02}:{s:02}Z</time></trkpt>"#,
            100_000 + i * 3
        ));
        if m >= 59 {
            break;
        }
    }
    let gpx = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>{marker}</name><type>running</type><trkseg>{pts}</trkseg></trk></gpx>"#
    );
    let path = dir.join(format!("{marker}.gpx"));
    std::fs::write(&path, gpx).unwrap();
    path
}

fn code<T: std::fmt::Debug>(r: paceline_app::Result<T>) -> ErrorCode {
    r.expect_err("must fail").code()
}

/// Every file under `dir` (recursively) that contains `needle`.
fn files_containing(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if std::fs::read(&p)
                .map(|b| b.windows(needle.len()).any(|w| w == needle))
                .unwrap_or(false)
            {
                found.push(p.display().to_string());
            }
        }
    }
    found
}

#[test]
fn an_athlete_cannot_reach_another_athletes_activities() {
    let (dir, vault) = app();
    let files = tempfile::tempdir().unwrap();
    let a = vault.current().unwrap();
    a.set_threshold(&Threshold {
        sport: None,
        kind: ThresholdKind::Ftp,
        value: 250.0,
        from_day: 0,
    })
    .unwrap();
    let r = a.import_paths(&[ride_file(files.path(), 1_764_000_000)]);
    assert_eq!(r.imported(), 1, "{}", r.headline());
    let id = a.list_activities().unwrap()[0].id;
    let load_before = a.activity_metrics(id).unwrap().load;
    assert!(load_before.is_some());
    let b = vault.add_athlete("Bea").unwrap();
    let b = vault.athlete(b.id).unwrap();

    assert_eq!(code(b.activity(id)), ErrorCode::NotFound);
    assert_eq!(code(b.activity_metrics(id)), ErrorCode::NotFound);
    assert_eq!(code(b.set_activity_rpe(id, Some(5.0))), ErrorCode::NotFound);
    assert_eq!(code(b.reprocess(Some(&[id]))), ErrorCode::NotFound);
    let chart = ChartRequest {
        id,
        theme: Theme::Dark,
        units: Units::Metric,
        width: 600,
        height: 300,
        zones: true,
        laps: true,
        by_distance: false,
    };
    assert_eq!(code(b.activity_chart(&chart)), ErrorCode::NotFound);
    let power = LoadChartRequest {
        kind: LoadChartKind::ActivityPowerZones,
        activity_id: Some(id),
        theme: Theme::Dark,
        width: 600,
        height: 300,
    };
    assert_eq!(code(b.load_chart(&power)), ErrorCode::NotFound);
    assert!(b.list_activities().unwrap().is_empty());
    // The dashboard's loads are the athlete's own.
    let store = Store::open(dir.path(), &KeyOptions::with_passphrase(PASS)).unwrap();
    let loads = |id| store.load_rows(id).unwrap();
    assert_eq!(loads(a.id()).len(), 1);
    assert_eq!(loads(a.id())[0].load, load_before);
    assert!(loads(b.id()).is_empty());
    assert_eq!(
        b.dashboard().unwrap().form.map_or(0.0, |f| f.ctl + f.atl),
        0.0
    );
    // B's rescoring (a threshold of theirs) leaves A's activity as it was.
    b.set_threshold(&Threshold {
        sport: None,
        kind: ThresholdKind::Ftp,
        value: 120.0,
        from_day: 0,
    })
    .unwrap();
    b.recompute_metrics().unwrap();
    assert_eq!(a.activity_metrics(id).unwrap().load, load_before);
    assert_eq!(a.activity(id).unwrap().summary.rpe, None, "not rated by B");
    // The background reprocess is refused up front, too.
    let vault = Arc::new(vault);
    let bea = vault.resolve_athlete("bea").unwrap();
    assert_eq!(
        code(vault.start_reprocess(bea, Some(vec![id]))),
        ErrorCode::NotFound
    );
    drop(dir);
}

#[test]
fn deleting_an_athlete_leaves_nothing_of_them() {
    let marker = "DELETE-ME-MARKER-4b9d2e";
    let (dir, vault) = app();
    let files = tempfile::tempdir().unwrap();
    let a = vault.current().unwrap();
    a.import_paths(&[ride_file(files.path(), 1_764_000_000)]);
    let bea = vault.add_athlete("Bea").unwrap().id;
    let b = vault.athlete(bea).unwrap();
    let r = b.import_paths(&[
        marked_gpx(files.path(), marker),
        ride_file(files.path(), 1_764_100_000),
    ]);
    assert_eq!(r.imported(), 2, "{}", r.headline());
    let run = b
        .list_activities()
        .unwrap()
        .into_iter()
        .find(|x| x.sport == Sport::Run)
        .unwrap();
    assert_eq!(run.name, marker);
    b.set_threshold(&Threshold {
        sport: None,
        kind: ThresholdKind::Lthr,
        value: 170.0,
        from_day: 0,
    })
    .unwrap();
    b.put_wellness(&[paceline_store::WellnessRow {
        day: 20_400,
        resting_hr: Some(44.0),
        ..Default::default()
    }])
    .unwrap();
    b.set_settings(&Settings {
        units: Units::Metric,
        watched_folders: vec![format!("/media/{marker}")],
    })
    .unwrap();
    vault
        .put_secret(
            &b.secret_name("garmin", "tokens"),
            &SecretString::from(marker.to_string()),
        )
        .unwrap();
    let a_secret = a.secret_name("garmin", "tokens");
    vault
        .put_secret(&a_secret, &SecretString::from("a-token".to_string()))
        .unwrap();

    let store = Store::open(dir.path(), &KeyOptions::with_passphrase(PASS)).unwrap();
    let rows = |id| store.debug_rows_of_athlete(id).unwrap();
    assert!(
        rows(bea).iter().filter(|(_, n)| *n > 0).count() >= 6,
        "{:?}",
        rows(bea)
    );
    store.checkpoint().unwrap();
    let vault_file = dir.path().join(paceline_store::VAULT_FILE);
    let size_before = std::fs::metadata(&vault_file).unwrap().len();

    assert_eq!(vault.delete_athlete(bea).unwrap(), 2);
    let left: Vec<_> = rows(bea).into_iter().filter(|(_, n)| *n > 0).collect();
    assert!(left.is_empty(), "rows of the deleted athlete: {left:?}");
    assert_eq!(store.freelist_count().unwrap(), 0);
    let size_after = std::fs::metadata(&vault_file).unwrap().len();
    // Compact streams (codec 3) make two activities a few pages: the file must
    // shrink, not keep their pages free.
    assert!(
        size_after < size_before,
        "the file shrank: {size_before} → {size_after} bytes"
    );
    let wal = dir
        .path()
        .join(format!("{}-wal", paceline_store::VAULT_FILE));
    assert_eq!(std::fs::metadata(&wal).map_or(0, |m| m.len()), 0);
    assert_eq!(
        files_containing(dir.path(), marker.as_bytes()),
        Vec::<String>::new()
    );
    assert!(
        files_containing(files.path(), marker.as_bytes()).len() == 1,
        "the scan can see it"
    );
    // A is untouched; B is gone.
    assert_eq!(code(vault.athlete_info(bea)), ErrorCode::NotFound);
    assert_eq!(a.list_activities().unwrap().len(), 1);
    assert_eq!(vault.secret_names().unwrap(), [a_secret]);
    assert!(vault.integrity_check().unwrap().is_empty());
}

#[test]
fn the_last_athlete_stays_and_names_are_unique() {
    let (_dir, vault) = app();
    let first = vault.current_athlete().unwrap();
    assert_eq!(code(vault.delete_athlete(first)), ErrorCode::InvalidInput);
    assert_eq!(
        code(vault.archive_athlete(first, true)),
        ErrorCode::InvalidInput
    );
    let bea = vault.add_athlete("Bea").unwrap().id;
    // With Bea archived, the first is again the only active one.
    vault.archive_athlete(bea, true).unwrap();
    assert_eq!(
        code(vault.archive_athlete(first, true)),
        ErrorCode::InvalidInput
    );
    assert!(vault.athlete_info(bea).unwrap().archived);
    vault.archive_athlete(bea, false).unwrap();

    assert_eq!(code(vault.add_athlete("BEA")), ErrorCode::InvalidInput);
    assert_eq!(code(vault.add_athlete("  bea ")), ErrorCode::InvalidInput);
    assert_eq!(
        code(vault.rename_athlete(first, "bEa")),
        ErrorCode::InvalidInput
    );
    assert_eq!(code(vault.add_athlete("   ")), ErrorCode::InvalidInput);
    vault.rename_athlete(bea, "BEA").unwrap(); // their own name, another case
    assert_eq!(vault.athlete_info(bea).unwrap().name, "BEA");

    assert_eq!(vault.resolve_athlete(&bea.to_string()).unwrap(), bea);
    assert_eq!(vault.resolve_athlete(" bea ").unwrap(), bea);
    assert_eq!(vault.resolve_athlete("athlete").unwrap(), first);
    let e = vault.resolve_athlete("Nobody").unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    assert!(e.to_string().contains(&format!("BEA ({bea})")), "{e}");
    assert_eq!(code(vault.resolve_athlete("999")), ErrorCode::NotFound);

    // Once another athlete exists, the first can go.
    vault.delete_athlete(first).unwrap();
    assert_eq!(vault.current_athlete().unwrap(), bea);
    assert_eq!(code(vault.delete_athlete(bea)), ErrorCode::InvalidInput);
}

/// The previous release's vault (the first six migrations, counted in
/// `user_version` only) opens with its athlete as the first one and nothing lost.
#[test]
fn a_vault_of_the_previous_release_migrates() {
    let dir = tempfile::tempdir().unwrap();
    let keys = KeyOptions::with_passphrase(PASS);
    Store::debug_create_legacy(dir.path(), &keys, 6, paceline_store::LEGACY_SCHEMA6_EXAMPLE)
        .unwrap();

    let vault = App::open(&Config {
        data_dir: dir.path().to_path_buf(),
        keys: keys.clone(),
    })
    .unwrap();
    let athletes = vault.athletes().unwrap();
    assert_eq!(athletes.len(), 1, "no second athlete made: {athletes:?}");
    assert_eq!(
        (
            athletes[0].id,
            athletes[0].name.as_str(),
            athletes[0].activity_count
        ),
        (1, "Legacy Lee", 2)
    );
    assert_eq!(athletes[0].sex, Some(paceline_types::Sex::Female));
    assert!(!athletes[0].archived);
    assert_eq!(vault.current_athlete().unwrap(), 1);
    let lee = vault.current().unwrap();
    let list = lee.list_activities().unwrap();
    let names: Vec<&str> = list.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Evening run", "Morning ride"]);
    let ride = lee.activity(1).unwrap();
    assert_eq!(ride.laps.len(), 2);
    assert_eq!(ride.summary.rpe, Some(6.0));
    assert_eq!(ride.summary.avg_power, Some(200.0));
    assert_eq!(ride.summary.distance_m, Some(30_000.0));
    let th = lee.thresholds().unwrap().entries;
    assert_eq!(th.len(), 2, "{th:?}");
    assert!(th
        .iter()
        .any(|t| t.kind == ThresholdKind::Ftp && t.value == 250.0 && t.sport.is_none()));
    assert!(th
        .iter()
        .any(|t| t.kind == ThresholdKind::Lthr && t.sport == Some(Sport::Run)));
    assert_eq!(vault.units().unwrap(), Units::Imperial);
    assert_eq!(
        lee.settings().unwrap(),
        Settings {
            units: Units::Imperial,
            watched_folders: vec!["/x".into()],
        }
    );

    let store = Store::open(dir.path(), &keys).unwrap();
    let loads: Vec<_> = store.load_rows(1).unwrap().iter().map(|r| r.load).collect();
    assert_eq!(loads, [Some(75.5), Some(40.0)]);
    let w = store.wellness(1).unwrap();
    assert_eq!(
        (w.len(), w[0].hrv_rmssd_ms, w[0].resting_hr),
        (1, Some(62.5), Some(48.0))
    );
    assert_eq!(
        store.setting("settings").unwrap(),
        None,
        "the old JSON is gone"
    );
    assert_eq!(store.setting("units").unwrap().as_deref(), Some("imperial"));
    let names: Vec<String> = paceline_store::migration_names()
        .map(str::to_string)
        .collect();
    assert_eq!(names.len() as i64, paceline_store::SCHEMA_VERSION);
    drop(store);
    drop(vault);
    // Opening again changes nothing.
    let vault = App::open(&Config {
        data_dir: dir.path().to_path_buf(),
        keys,
    })
    .unwrap();
    assert_eq!(vault.athletes().unwrap().len(), 1);
    assert_eq!(vault.current().unwrap().list_activities().unwrap().len(), 2);
}

#[test]
fn a_second_demo_athlete_keeps_their_own_name() {
    let (_dir, app) = crate::support::app();
    let first = app.current_athlete().unwrap();
    let bea = app.add_athlete("Bea").unwrap().id;
    app.athlete(first).unwrap().seed_demo(1).unwrap();
    app.athlete(bea).unwrap().seed_demo(1).unwrap();
    let names: Vec<String> = app
        .athletes()
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, ["Alex Demo", "Bea"]);
}
