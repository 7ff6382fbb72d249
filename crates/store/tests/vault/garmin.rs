//! Garmin sync state: links with the cursor, wellness days with their cursor, the log.

use paceline_model::SourceFormat;
use paceline_store::{
    GarminSyncLogRow, Inserted, KeyOptions, Prepared, Store, WellnessDay, WellnessRow,
};

use super::{activity, insert, PASS};

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &KeyOptions::with_passphrase(PASS)).unwrap();
    (dir, store)
}

#[test]
fn a_link_moves_the_cursor_in_the_same_write_and_follows_a_richer_copy() {
    let (_d, store) = open();
    let Inserted::New(id) = insert(&store, &activity("Ride"), 1, b"x") else {
        panic!("new")
    };
    let a = store.ensure_athlete("Test", 0).unwrap();
    assert_eq!(store.garmin_state(a).unwrap().last_activity_id, None);
    store.garmin_activity_synced(a, 555, Some(id), 10).unwrap();
    // again: no second link
    store.garmin_activity_synced(a, 555, Some(id), 11).unwrap();
    // skipped (deleted on Garmin): only the cursor moves
    store.garmin_activity_synced(a, 556, None, 12).unwrap();
    assert_eq!(store.garmin_state(a).unwrap().last_activity_id, Some(556));
    assert_eq!(
        store
            .garmin_activity_ids(a)
            .unwrap()
            .into_iter()
            .collect::<Vec<_>>(),
        vec![555]
    );
    assert_eq!(store.garmin_id_of(a, id).unwrap(), Some(555));
    // another athlete's activity cannot be linked
    let b = store.add_athlete("B", 0).unwrap();
    assert!(store.garmin_activity_synced(b, 1, Some(id), 0).is_err());
    assert_eq!(store.garmin_state(b).unwrap().last_activity_id, None);
    // deleting the athlete removes the sync tables too
    store.garmin_log_start(a, 5).unwrap();
    store.delete_athlete(a).unwrap();
    let left: i64 = store
        .debug_rows_of_athlete(a)
        .unwrap()
        .iter()
        .map(|(_, n)| n)
        .sum();
    assert_eq!(left, 0);
}

/// A synced file is linked in its activity's own savepoint: both or neither.
#[test]
fn a_synced_file_is_stored_with_its_link_or_not_at_all() {
    let (_d, store) = open();
    let a = store.ensure_athlete("Test", 0).unwrap();
    let prepared = |hash: u8, garmin: i64| {
        Prepared::new(
            a,
            activity("Ride"),
            SourceFormat::Fit,
            [hash; 32],
            "g.fit".into(),
            b"g",
            1,
            None,
        )
        .with_garmin_link(garmin, 7)
    };
    let (one, two) = (prepared(1, 901), prepared(2, 902));
    let out = store.insert_batch(&[&one, &two]).unwrap();
    let id = out[0].as_ref().unwrap().id();
    assert_eq!(store.garmin_id_of(a, id).unwrap(), Some(901));
    assert_eq!(store.garmin_state(a).unwrap().last_activity_id, Some(902));
    // The same bytes again under another Garmin id (a re-upload): linked to the
    // activity already there, nothing new stored.
    let again = prepared(1, 904);
    let out = store.insert_batch(&[&again]).unwrap();
    assert!(matches!(out[0], Ok(Inserted::Existing(x)) if x == id));
    assert_eq!(store.garmin_activity_ids(a).unwrap().len(), 3);
    assert_eq!(store.list_activities(a).unwrap().len(), 2);
}

#[test]
fn wellness_days_keep_what_garmin_lacks_and_count_new_days() {
    let (_d, store) = open();
    let a = store.ensure_athlete("Test", 0).unwrap();
    // a demo-style day first
    store
        .put_wellness(
            a,
            &[WellnessRow {
                day: 20_000,
                hrv_rmssd_ms: Some(60.0),
                resting_hr: Some(50.0),
                sleep_s: None,
                sleep_score: None,
            }],
        )
        .unwrap();
    let g = |day, rhr| WellnessDay {
        day,
        source: Some("garmin".into()),
        resting_hr: rhr,
        steps: Some(9000),
        hrv_status: Some("BALANCED".into()),
        raw_json: Some("{}".into()),
        ..Default::default()
    };
    let new = store
        .put_wellness_days(a, &[g(20_000, None), g(20_001, Some(47.0))], Some(20_001))
        .unwrap();
    assert_eq!(new, 2);
    // the same days again are not new
    assert_eq!(
        store
            .put_wellness_days(a, &[g(20_001, Some(46.0))], Some(20_000))
            .unwrap(),
        0
    );
    let days = store.wellness_days(a, 19_999, 20_010).unwrap();
    assert_eq!(days.len(), 2);
    assert_eq!(days[0].hrv_rmssd_ms, Some(60.0), "kept from before");
    assert_eq!(days[0].resting_hr, Some(50.0), "Garmin had none: kept");
    assert_eq!(days[0].steps, Some(9000));
    assert_eq!(days[1].resting_hr, Some(46.0));
    // the cursor never moves back
    assert_eq!(
        store.garmin_state(a).unwrap().wellness_through_day,
        Some(20_001)
    );
    // the readiness/dashboard reader still sees the core columns
    let core = store.wellness(a).unwrap();
    assert_eq!(core[1].resting_hr, Some(46.0));
}

#[test]
fn the_sync_log_keeps_each_run_newest_first() {
    let (_d, store) = open();
    let a = store.ensure_athlete("Test", 0).unwrap();
    let first = store.garmin_log_start(a, 100).unwrap();
    let second = store.garmin_log_start(a, 200).unwrap();
    store
        .garmin_log_finish(
            a,
            &GarminSyncLogRow {
                id: second,
                started_utc: 200,
                finished_utc: Some(230),
                requests: 4,
                new_activities: 1,
                new_days: 2,
                outcome: "done".into(),
                error: None,
            },
        )
        .unwrap();
    let log = store.garmin_log(a, 10).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(
        (log[0].id, log[0].requests, log[0].outcome.as_str()),
        (second, 4, "done")
    );
    assert_eq!((log[1].id, log[1].outcome.as_str()), (first, "running"));
    store
        .set_garmin_login_cooldown(a, Some(500), Some(900))
        .unwrap();
    store.set_garmin_login_cooldown(a, None, None).unwrap();
    let s = store.garmin_state(a).unwrap();
    assert_eq!(
        (s.login_cooldown_until, s.login_cooldown_s),
        (None, Some(900))
    );
}
