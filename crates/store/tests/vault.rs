//! Vault behaviour through the public API: encryption at rest, keys, migrations.

use paceline_model::{Activity, Lap, SourceFormat, Sport, Streams};
use paceline_store::{Error, Inserted, KeyOptions, KeyringBackend, NewActivity, Store, VAULT_FILE};

const PASS: &str = "correct horse battery staple";

#[path = "vault/backup.rs"]
mod backup;
#[path = "vault/garmin.rs"]
mod garmin;
#[path = "vault/logbook.rs"]
mod logbook;
#[path = "vault/plans.rs"]
mod plans;
#[path = "vault/routes.rs"]
mod routes;

#[path = "vault/coach.rs"]
mod coach;

fn activity(name: &str) -> Activity {
    Activity {
        name: name.to_string(),
        sport: Some(Sport::Ride),
        start_utc: 1_700_000_000,
        elapsed_s: 3.0,
        moving_s: 3.0,
        distance_m: Some(30.0),
        laps: vec![Lap {
            start_utc: 1_700_000_000,
            elapsed_s: 3.0,
            ..Default::default()
        }],
        streams: Streams {
            time_s: vec![0.0, 1.0, 2.0],
            power_w: vec![200.0, 210.0, f32::NAN],
            ..Default::default()
        },
        ..Default::default()
    }
}

fn insert(store: &Store, a: &Activity, hash: u8, original: &[u8]) -> Inserted {
    let athlete = store.ensure_athlete("Test", 0).unwrap();
    store
        .insert_activity(&NewActivity {
            athlete_id: athlete,
            activity: a,
            format: SourceFormat::Fit,
            content_hash: [hash; 32],
            file_name: "ride.fit",
            original,
            imported_utc: 1,
            metrics: None,
        })
        .unwrap()
}

#[test]
fn stores_and_reads_back_an_activity() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &KeyOptions::with_passphrase(PASS)).unwrap();
    let Inserted::New(id) = insert(&store, &activity("Hill repeats"), 1, b"original bytes") else {
        panic!("first insert must be new")
    };
    // Same content hash: no second row.
    assert_eq!(
        insert(&store, &activity("Hill repeats"), 1, b"original bytes"),
        Inserted::Existing(id)
    );
    let list = store.list_activities(1).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].name, "Hill repeats");
    assert_eq!(list[0].sport, Sport::Ride);
    let got = store.activity(1, id).unwrap();
    assert_eq!(got.sample_count, 3);
    assert_eq!(got.laps.len(), 1);
    let s = store.streams(1, id).unwrap();
    assert_eq!(s.time_s, vec![0.0, 1.0, 2.0]);
    assert_eq!(&s.power_w[..2], &[200.0, 210.0]);
    assert!(s.power_w[2].is_nan());
    assert_eq!(
        store.source_file(1, id).unwrap(),
        ("ride.fit".to_string(), b"original bytes".to_vec())
    );
    assert!(matches!(store.activity(1, id + 1), Err(Error::NotFound(_))));
}

#[test]
fn vault_and_wal_hold_no_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let marker = "PLAINTEXT-MARKER-7f3a9c";
    let store = Store::open(dir.path(), &KeyOptions::with_passphrase(PASS)).unwrap();
    insert(&store, &activity(marker), 2, marker.as_bytes());
    store.set_setting("note", marker).unwrap();
    // Check while the WAL still holds the pages, then again after a checkpoint.
    let scan = |what: &str| {
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let path = entry.unwrap().path();
            if path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(VAULT_FILE)
            {
                let bytes = std::fs::read(&path).unwrap();
                assert!(
                    !bytes.windows(marker.len()).any(|w| w == marker.as_bytes()),
                    "{what}: marker found in plaintext in {}",
                    path.display()
                );
            }
        }
    };
    let wal = dir.path().join(format!("{VAULT_FILE}-wal"));
    assert!(
        std::fs::metadata(&wal)
            .map(|m| m.len() > 0)
            .unwrap_or(false),
        "WAL should be in use"
    );
    scan("before checkpoint");
    store.checkpoint().unwrap();
    scan("after checkpoint");
    // The marker really was stored.
    assert_eq!(store.setting("note").unwrap().as_deref(), Some(marker));
}

#[test]
fn wrong_passphrase_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path(), &KeyOptions::with_passphrase(PASS)).unwrap();
        insert(&store, &activity("x"), 3, b"x");
    }
    let err = Store::open(dir.path(), &KeyOptions::with_passphrase("wrong"))
        .err()
        .expect("must fail");
    assert!(matches!(err, Error::WrongKey), "got {err}");
    assert!(err.to_string().contains("key is wrong"));
    let err = Store::open(dir.path(), &KeyOptions::default())
        .err()
        .expect("must fail");
    assert!(matches!(err, Error::PassphraseRequired), "got {err}");
    // The right one still opens it, data intact.
    let store = Store::open(dir.path(), &KeyOptions::with_passphrase(PASS)).unwrap();
    assert_eq!(store.activity_count(1).unwrap(), 1);
    assert!(store.integrity_check().unwrap().is_empty());
}

#[test]
fn refuses_a_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    {
        // Raise the schema version, as a newer build would have.
        let store = Store::open(dir.path(), &KeyOptions::with_passphrase(PASS)).unwrap();
        store
            .debug_set_user_version(paceline_store::SCHEMA_VERSION + 1)
            .unwrap();
    }
    let err = Store::open(dir.path(), &KeyOptions::with_passphrase(PASS))
        .err()
        .expect("must refuse");
    assert!(matches!(err, Error::SchemaTooNew { .. }), "got {err}");
}

/// The OS keyring path. Needs a running keyring: the test suite starts a Secret
/// Service (gnome-keyring in a private D-Bus session) and sets
/// `PACELINE_TEST_SECRET_SERVICE=1`; kernel keyutils works wherever the kernel allows.
#[test]
fn keyring_holds_a_random_key() {
    for backend in KeyringBackend::for_tests() {
        let dir = tempfile::tempdir().unwrap();
        let opts = KeyOptions {
            passphrase: None,
            backend,
        };
        let store = match Store::open(dir.path(), &opts) {
            Ok(s) => s,
            Err(Error::NoKeyring(why)) if backend == KeyringBackend::KeyUtils => {
                eprintln!("SKIP keyutils: {why}");
                continue;
            }
            Err(e) => panic!("{backend:?}: {e}"),
        };
        assert_eq!(store.key_source(), paceline_types::KeySource::Keyring);
        insert(&store, &activity("k"), 4, b"k");
        drop(store);
        let store = Store::open(dir.path(), &opts).unwrap();
        assert_eq!(store.activity_count(1).unwrap(), 1, "{backend:?}");
        drop(store);
        paceline_store::keys::forget_key(dir.path(), &opts).unwrap();
        let err = Store::open(dir.path(), &opts).err().expect("key gone");
        assert!(matches!(err, Error::KeyMissing), "{backend:?}: got {err}");
    }
}

#[test]
fn power_curves_are_kept_beside_the_metrics() {
    use paceline_types::ActivityMetrics;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &KeyOptions::with_passphrase(PASS)).unwrap();
    let Inserted::New(id) = insert(&store, &activity("Intervals"), 1, b"x") else {
        panic!("new")
    };
    let athlete = store.ensure_athlete("Test", 0).unwrap();
    // A power stream, no metrics yet.
    assert_eq!(
        store.missing_power_curves(athlete).unwrap(),
        vec![(id, false)]
    );
    let metrics = |curve: Option<Vec<(u32, f32)>>| ActivityMetrics {
        load: Some(12.0),
        power_curve: curve,
        ..Default::default()
    };
    store.put_metrics(&[(id, metrics(None))]).unwrap();
    assert_eq!(
        store.missing_power_curves(athlete).unwrap(),
        vec![(id, true)]
    );
    assert!(!store.power_curves_complete().unwrap());
    let curve = vec![(1, 210.0), (2, 205.0)];
    store.start_power_curve_check().unwrap();
    assert!(!store.power_curves_complete().unwrap(), "pending");
    store.put_power_curves(&[(id, curve.clone())]).unwrap();
    assert!(store.missing_power_curves(athlete).unwrap().is_empty());
    // Nothing missing any more: the vault says so, and later checks need no scan.
    assert!(store.power_curves_complete().unwrap());
    // Metrics without a curve (read back from JSON, where it is not kept) keep it.
    store.put_metrics(&[(id, metrics(None))]).unwrap();
    let all = store.power_curves(athlete, i64::MIN, i64::MAX).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!((all[0].activity_id, &all[0].curve), (id, &curve));
    assert_eq!(all[0].start_utc, 1_700_000_000);
    assert_eq!(
        store.metrics(athlete, id).unwrap().unwrap().power_curve,
        None
    );
    // The window is [from, to).
    assert!(store
        .power_curves(athlete, 1_700_000_001, i64::MAX)
        .unwrap()
        .is_empty());
    assert_eq!(
        store
            .power_curves(athlete, 1_700_000_000, 1_700_000_001)
            .unwrap()
            .len(),
        1
    );
    // Computed and empty: not listed, and not missing either.
    store
        .put_metrics(&[(id, metrics(Some(Vec::new())))])
        .unwrap();
    assert!(store
        .power_curves(athlete, i64::MIN, i64::MAX)
        .unwrap()
        .is_empty());
    assert!(store.missing_power_curves(athlete).unwrap().is_empty());
    // An activity stored without metrics (so without a curve) takes the note back,
    // also in the middle of a pass: that pass does not put it back.
    let Inserted::New(other) = insert(&store, &activity("No metrics"), 2, b"y") else {
        panic!("new")
    };
    assert!(!store.power_curves_complete().unwrap());
    store.start_power_curve_check().unwrap();
    let Inserted::New(third) = insert(&store, &activity("During"), 3, b"z") else {
        panic!("new")
    };
    store.put_power_curves(&[(other, curve.clone())]).unwrap();
    assert!(!store.power_curves_complete().unwrap());
    assert_eq!(
        store.missing_power_curves(athlete).unwrap(),
        vec![(third, false)]
    );
    store.start_power_curve_check().unwrap();
    store.put_power_curves(&[(third, curve)]).unwrap();
    assert!(store.power_curves_complete().unwrap());
}

/// A 1,500 m pool swim as an activity summary file: totals and laps, no samples.
fn summary_swim() -> Activity {
    Activity {
        name: "Pool swim".into(),
        sport: Some(Sport::Swim),
        start_utc: 1_370_328_000,
        elapsed_s: 1840.0,
        moving_s: 1720.0,
        distance_m: Some(1500.0),
        pool_length_m: Some(25.0),
        summary_only: true,
        laps: (0..3)
            .map(|i| Lap {
                start_utc: 1_370_328_000 + i * 600,
                elapsed_s: 600.0,
                distance_m: Some(500.0),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

#[test]
fn an_activity_without_samples_stores_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &KeyOptions::with_passphrase(PASS)).unwrap();
    let Inserted::New(id) = insert(&store, &summary_swim(), 1, b"summary") else {
        panic!("first insert must be new")
    };
    let got = store.activity(1, id).unwrap();
    assert_eq!(got.sample_count, 0);
    assert_eq!(got.pool_length_m, Some(25.0));
    assert_eq!(got.laps.len(), 3);
    assert_eq!(got.summary.distance_m, Some(1500.0));
    assert_eq!(got.summary.moving_s, 1720.0);
    assert!(store.streams(1, id).unwrap().is_empty());
    assert!(store.extras(1, id).unwrap().is_empty());
}

#[test]
fn a_summary_file_is_the_poorer_copy_of_a_swim_in_either_order() {
    // The same swim recorded in full: 5 s later, a speed stream.
    let n = 1835;
    let full = Activity {
        start_utc: 1_370_328_005,
        elapsed_s: n as f64,
        summary_only: false,
        streams: Streams {
            time_s: (0..n).map(f64::from).collect(),
            speed_mps: vec![0.87; n as usize],
            ..Default::default()
        },
        ..summary_swim()
    };
    let open = || {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), &KeyOptions::with_passphrase(PASS)).unwrap();
        (dir, store)
    };

    // Summary first: the full file replaces it and keeps it as a linked file.
    let (_d, store) = open();
    let Inserted::New(old) = insert(&store, &summary_swim(), 1, b"summary") else {
        panic!("new")
    };
    let r = insert(&store, &full, 2, b"full");
    let Inserted::Replaced { id, old_id, .. } = r else {
        panic!("the full file must win: {r:?}")
    };
    assert_eq!(old_id, old);
    assert_eq!(store.activity(1, id).unwrap().sample_count, n);
    assert_eq!(store.linked_files(1, id).unwrap().len(), 1);
    assert_eq!(store.list_activities(1).unwrap().len(), 1);

    // Full first: the summary is linked to it.
    let (_d, store) = open();
    let Inserted::New(id) = insert(&store, &full, 2, b"full") else {
        panic!("new")
    };
    assert!(matches!(
        insert(&store, &summary_swim(), 1, b"summary"),
        Inserted::Linked { id: i, .. } if i == id
    ));
    assert_eq!(store.list_activities(1).unwrap().len(), 1);

    // A full activity file that happens to hold no samples still beats the summary.
    let (_d, store) = open();
    let bare = Activity {
        streams: Streams::default(),
        ..full
    };
    insert(&store, &summary_swim(), 1, b"summary");
    assert!(matches!(
        insert(&store, &bare, 3, b"bare"),
        Inserted::Replaced { .. }
    ));
    let (_d, store) = open();
    insert(&store, &bare, 3, b"bare");
    assert!(matches!(
        insert(&store, &summary_swim(), 1, b"summary"),
        Inserted::Linked { .. }
    ));
}
