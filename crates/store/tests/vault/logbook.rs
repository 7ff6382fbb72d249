//! The logbook tables: sessions and templates with their sets, FIT sets kept as
//! imported, manual workouts as activities (in the load rows, not linked to files),
//! journal and body upserts, and deleting an athlete removes all of it.

use paceline_model::{Activity, Extras, SourceFormat, Sport, StrengthSet};
use paceline_store::{
    BodyRow, Error, JournalRow, KeyOptions, NewActivity, NewManual, NewSession, SessionKind,
    SetRow, Store,
};
use paceline_types::{ActivityMetrics, Sport as WireSport};

fn open(dir: &std::path::Path) -> Store {
    Store::open(dir, &KeyOptions::with_passphrase(super::PASS)).unwrap()
}

fn set(exercise: &str, reps: u32, weight_kg: f64) -> SetRow {
    SetRow {
        exercise: exercise.into(),
        reps,
        weight_kg,
        ..Default::default()
    }
}

fn session(day: i32, sets: Vec<SetRow>) -> NewSession {
    NewSession {
        kind: SessionKind::Session,
        day: Some(day),
        start_min: Some(18 * 60),
        name: "Legs".into(),
        notes: String::new(),
        activity_id: None,
        sets,
    }
}

/// A gym session with two sets and a rest between, as a watch FIT file gives it.
fn gym(start: i64) -> Activity {
    let s = |i: i64, reps, w, active| StrengthSet {
        start_utc: start + i * 60,
        duration_s: Some(40.0),
        reps,
        weight_kg: w,
        category: Some(28),
        active,
    };
    Activity {
        name: "Strength".into(),
        sport: Some(Sport::Strength),
        start_utc: start,
        elapsed_s: 600.0,
        moving_s: 600.0,
        extras: Extras {
            sets: vec![
                s(0, Some(5), Some(100.0), true),
                s(1, None, None, false),
                s(2, Some(5), Some(102.5), true),
            ],
            ..Default::default()
        },
        ..Default::default()
    }
}

fn import(store: &Store, athlete: i64, a: &Activity, hash: u8) -> i64 {
    match store
        .insert_activity(&NewActivity {
            athlete_id: athlete,
            activity: a,
            format: SourceFormat::Fit,
            content_hash: [hash; 32],
            file_name: "gym.fit",
            original: b"fit",
            imported_utc: 1,
            metrics: None,
        })
        .unwrap()
    {
        paceline_store::Inserted::New(id) => id,
        other => panic!("{other:?}"),
    }
}

#[test]
fn sessions_and_templates_round_trip_per_athlete() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(dir.path());
    let a = s.ensure_athlete("A", 0).unwrap();
    let b = s.add_athlete("B", 0).unwrap();
    let mut new = session(
        20_500,
        vec![set("back_squat", 5, 100.0), set("own:1", 8, 20.0)],
    );
    new.sets[0].rpe = Some(8.0);
    new.sets[1].rir = Some(2);
    new.sets[1].rest_s = Some(90);
    let id = s.put_session(a, None, &new).unwrap();
    assert_eq!(s.session(a, id).unwrap().session, new);
    // Another athlete neither sees nor deletes it.
    assert!(matches!(s.session(b, id), Err(Error::Missing { .. })));
    assert!(!s.delete_session(b, id).unwrap());
    assert!(s.put_session(b, Some(id), &new).is_err());
    // An edit replaces the sets whole.
    new.sets = vec![set("back_squat", 3, 110.0)];
    s.put_session(a, Some(id), &new).unwrap();
    assert_eq!(s.session(a, id).unwrap().session.sets, new.sets);
    let t = NewSession {
        kind: SessionKind::Template,
        day: None,
        ..new.clone()
    };
    let tid = s.put_session(a, None, &t).unwrap();
    let sessions = s.sessions(a, SessionKind::Session).unwrap();
    assert_eq!(sessions.iter().map(|r| r.id).collect::<Vec<_>>(), vec![id]);
    let templates = s.sessions(a, SessionKind::Template).unwrap();
    assert_eq!(
        templates.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![tid]
    );
    assert!(s.delete_session(a, id).unwrap());
    assert!(s.sessions(a, SessionKind::Session).unwrap().is_empty());
}

#[test]
fn a_review_of_fit_sets_keeps_what_the_file_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(dir.path());
    let a = s.ensure_athlete("A", 0).unwrap();
    let b = s.add_athlete("B", 0).unwrap();
    let act = import(&s, a, &gym(1_770_000_000), 1);
    let fit = s.fit_strength(a).unwrap();
    assert_eq!(fit.len(), 1);
    assert_eq!(fit[0].activity_id, act);
    assert_eq!(fit[0].sets, gym(1_770_000_000).extras.sets);
    assert!(s.fit_strength(b).unwrap().is_empty());
    // The corrected session links to the activity; the file's sets stay as they were.
    let mut review = session(
        20_485,
        vec![set("back_squat", 5, 100.0), set("back_squat", 4, 102.5)],
    );
    review.activity_id = Some(act);
    s.put_session(a, None, &review).unwrap();
    assert_eq!(
        s.fit_strength(a).unwrap()[0].sets,
        gym(1_770_000_000).extras.sets
    );
    // Another athlete's activity cannot be linked.
    assert!(matches!(
        s.put_session(b, None, &review),
        Err(Error::NotFound(_))
    ));
}

fn manual(start_utc: i64) -> NewManual {
    NewManual {
        name: "Hike".into(),
        sport: WireSport::Hike,
        start_utc,
        utc_offset_s: 3600,
        duration_s: 2700.0,
        distance_m: Some(8000.0),
        rpe: 6.0,
        notes: "hills".into(),
    }
}

fn metrics(load: f64) -> ActivityMetrics {
    ActivityMetrics {
        load: Some(load),
        load_source: Some("rpe".into()),
        power_curve: Some(Vec::new()),
        ..Default::default()
    }
}

#[test]
fn a_manual_workout_is_an_activity_with_its_load_and_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(dir.path());
    let a = s.ensure_athlete("A", 0).unwrap();
    let b = s.add_athlete("B", 0).unwrap();
    let id = s
        .put_manual(a, None, &manual(1_770_000_000), &metrics(60.75), 5)
        .unwrap();
    let rows = s.load_rows(a).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].activity_id, rows[0].load), (id, Some(60.75)));
    let list = s.list_activities(a).unwrap();
    assert_eq!(list[0].source_format, "manual");
    assert_eq!(list[0].avg_speed_mps, Some(8000.0 / 2700.0));
    assert_eq!(s.integrity_check().unwrap(), Vec::<String>::new());
    let m = s.manual_workouts(a).unwrap();
    assert_eq!(
        (m[0].workout.clone(), m[0].load),
        (manual(1_770_000_000), Some(60.75))
    );
    // An imported file at the same time is its own activity, not linked to it.
    let mut file = gym(1_770_000_000);
    file.sport = Some(Sport::Hike);
    file.elapsed_s = 2700.0;
    import(&s, a, &file, 2);
    assert_eq!(s.list_activities(a).unwrap().len(), 2);
    // Editing rescores; B cannot edit or delete it; an imported one is not deleted here.
    let mut w = manual(1_770_000_000);
    w.rpe = 8.0;
    s.put_manual(a, Some(id), &w, &metrics(75.0), 6).unwrap();
    assert_eq!(s.manual_workouts(a).unwrap()[0].load, Some(75.0));
    assert!(s.put_manual(b, Some(id), &w, &metrics(1.0), 6).is_err());
    assert!(!s.delete_manual(b, id).unwrap());
    let imported = s
        .list_activities(a)
        .unwrap()
        .into_iter()
        .find(|x| x.id != id)
        .unwrap();
    assert!(!s.delete_manual(a, imported.id).unwrap());
    assert!(s.delete_manual(a, id).unwrap());
    assert_eq!(s.load_rows(a).unwrap().len(), 1);
}

#[test]
fn journal_and_body_are_one_row_a_day_and_go_with_the_athlete() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(dir.path());
    let a = s.ensure_athlete("A", 0).unwrap();
    let j = JournalRow {
        day: 20_500,
        sleep_quality: Some(4),
        soreness: Some(2),
        mood: Some(4),
        stress: Some(2),
        motivation: Some(5),
        weight_kg: Some(71.2),
        notes: "fresh".into(),
    };
    s.put_journal(a, &j).unwrap();
    let j2 = JournalRow {
        sleep_quality: Some(2),
        ..j.clone()
    };
    s.put_journal(a, &j2).unwrap();
    assert_eq!(s.journal(a).unwrap(), vec![j2]);
    let body = BodyRow {
        day: 20_500,
        weight_kg: Some(71.0),
        body_fat_pct: Some(14.5),
        resting_hr: Some(48.0),
        waist_cm: Some(80.0),
        ..Default::default()
    };
    s.put_body(a, &body).unwrap();
    assert_eq!(s.body_metrics(a).unwrap(), vec![body]);
    // Everything of the logbook goes with the athlete.
    let act = import(&s, a, &gym(1_770_000_000), 3);
    let mut review = session(20_485, vec![set("back_squat", 5, 100.0)]);
    review.activity_id = Some(act);
    s.put_session(a, None, &review).unwrap();
    s.put_manual(a, None, &manual(1_771_000_000), &metrics(50.0), 1)
        .unwrap();
    s.put_own_exercise(
        a,
        &paceline_store::OwnExerciseRow {
            id: 0,
            name: "Sled push".into(),
            muscles: vec!["quads".into()],
            equipment: "other".into(),
        },
    )
    .unwrap();
    s.delete_athlete(a).unwrap();
    let left: Vec<_> = s
        .debug_rows_of_athlete(a)
        .unwrap()
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn own_exercises_are_the_athletes() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(dir.path());
    let a = s.ensure_athlete("A", 0).unwrap();
    let b = s.add_athlete("B", 0).unwrap();
    let mut e = paceline_store::OwnExerciseRow {
        id: 0,
        name: "Sled push".into(),
        muscles: vec!["quads".into(), "glutes".into()],
        equipment: "other".into(),
    };
    e.id = s.put_own_exercise(a, &e).unwrap();
    assert_eq!(s.own_exercises(a).unwrap(), vec![e.clone()]);
    assert!(s.own_exercises(b).unwrap().is_empty());
    assert!(s.put_own_exercise(b, &e).is_err());
    assert!(!s.delete_own_exercise(b, e.id).unwrap());
    assert!(s.delete_own_exercise(a, e.id).unwrap());
}
