//! The logbook through the app: sessions validated, progress hand-computed, templates,
//! watch sets reviewed without losing the file's, manual workouts in the PMC by
//! their session RPE, the journal in readiness.

use std::sync::Arc;

use paceline_app::{AppError, AthleteScope, LogbookError, ManualClock};
use paceline_types::{
    BodyEntry, FileOutcome, JournalEntry, ManualInput, OwnExercise, SessionInput, SessionSource,
    SetEntry, Sport,
};

use crate::support::app;

/// A Monday (1970-01-01 was a Thursday: (20 451 + 3) mod 7 = 0).
const MON: i32 = 20_451;

fn set(exercise: &str, reps: u32, weight_kg: f64) -> SetEntry {
    SetEntry {
        exercise: exercise.into(),
        reps,
        weight_kg,
        ..Default::default()
    }
}

fn session(day: i32, sets: Vec<SetEntry>) -> SessionInput {
    SessionInput {
        day,
        name: "Gym".into(),
        sets,
        ..Default::default()
    }
}

fn logbook_err(r: paceline_app::Result<i64>) -> LogbookError {
    match r {
        Err(AppError::Logbook(e)) => e,
        other => panic!("{other:?}"),
    }
}

/// A vault whose clock says `today` at noon UTC.
fn at_day(today: i32) -> (tempfile::TempDir, paceline_app::App) {
    let dir = tempfile::tempdir().unwrap();
    let cfg = paceline_app::Config {
        data_dir: dir.path().to_path_buf(),
        keys: paceline_app::KeyOptions::with_passphrase("test"),
    };
    let clock = Arc::new(ManualClock::new(i64::from(today) * 86_400 + 12 * 3600));
    let vault = paceline_app::App::open_with_clock(&cfg, clock).unwrap();
    (dir, vault)
}

fn scope(vault: &paceline_app::App) -> AthleteScope<'_> {
    vault.athlete(vault.current_athlete().unwrap()).unwrap()
}

#[test]
fn bad_sets_are_refused_with_what_to_fix() {
    let (_dir, vault) = app();
    let app = scope(&vault);
    let save = |sets| app.save_strength_session(None, &session(MON, sets));
    assert_eq!(logbook_err(save(vec![])), LogbookError::NoSets);
    assert_eq!(
        logbook_err(save(vec![
            set("back_squat", 5, 100.0),
            set("back_squat", 0, 100.0)
        ])),
        LogbookError::Reps { set: 2 }
    );
    assert!(matches!(
        logbook_err(save(vec![set("back_squat", 5, -1.0)])),
        LogbookError::Weight { set: 1, .. }
    ));
    assert!(matches!(
        logbook_err(save(vec![set("back_squat", 5, f64::NAN)])),
        LogbookError::Weight { set: 1, .. }
    ));
    let rated = |rpe, rir| SetEntry {
        rpe,
        rir,
        ..set("back_squat", 5, 100.0)
    };
    assert_eq!(
        logbook_err(save(vec![rated(Some(11.0), None)])),
        LogbookError::SetRpe { set: 1, rpe: 11.0 }
    );
    assert_eq!(
        logbook_err(save(vec![rated(Some(0.5), None)])),
        LogbookError::SetRpe { set: 1, rpe: 0.5 }
    );
    assert_eq!(
        logbook_err(save(vec![rated(None, Some(11))])),
        LogbookError::Rir { set: 1, rir: 11 }
    );
    assert_eq!(
        logbook_err(save(vec![rated(Some(8.0), Some(2))])),
        LogbookError::RpeAndRir { set: 1 }
    );
    let e = logbook_err(save(vec![set("squat_jumps", 5, 0.0)]));
    assert!(e.to_string().contains("squat_jumps"), "{e}");
    // RPE 1–10 and RIR 0–10 are fine, as is a body-weight set at 0 kg.
    save(vec![
        rated(Some(10.0), None),
        rated(None, Some(0)),
        set("pull_up", 8, 0.0),
    ])
    .unwrap();
    assert_eq!(app.strength_sessions().unwrap().len(), 1);
    // On the wire it is invalid input.
    assert_eq!(
        AppError::from(LogbookError::NoSets).code(),
        paceline_types::ErrorCode::InvalidInput
    );
}

#[test]
fn progress_is_what_the_formulas_give_by_hand() {
    let (_dir, vault) = app();
    let app = scope(&vault);
    app.save_strength_session(
        None,
        &session(
            MON,
            vec![
                set("back_squat", 5, 100.0),
                set("back_squat", 3, 110.0),
                set("bench_press", 5, 80.0),
            ],
        ),
    )
    .unwrap();
    app.save_strength_session(None, &session(MON + 7, vec![set("Back squat", 5, 105.0)]))
        .map(|_| ())
        .unwrap_err();
    app.save_strength_session(None, &session(MON + 7, vec![set("back_squat", 5, 105.0)]))
        .unwrap();
    let p = app.exercise_progress("Back squat").unwrap();
    // Day 1: Epley max(100 × (1 + 5/30), 110 × (1 + 3/30)) = max(116.67, 121.0) = 121.0;
    // Brzycki max(100 × 36/32, 110 × 36/34) = max(112.5, 116.47) = 116.47.
    // Day 8: Epley 105 × 35/30 = 122.5; Brzycki 105 × 36/32 = 118.125.
    let got: Vec<(i32, f64, f64)> = p
        .e1rm
        .iter()
        .map(|x| (x.day, x.epley_kg, x.brzycki_kg))
        .collect();
    assert_eq!(got.len(), 2);
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert_eq!((got[0].0, got[1].0), (MON, MON + 7));
    assert!(
        close(got[0].1, 121.0) && close(got[0].2, 110.0 * 36.0 / 34.0),
        "{got:?}"
    );
    assert!(
        close(got[1].1, 122.5) && close(got[1].2, 118.125),
        "{got:?}"
    );
    // Records: heaviest 110 kg on day 1; best e1RM 122.5 on day 8; best day volume
    // 5 × 100 + 3 × 110 = 830 kg on day 1 (day 8: 525).
    let r = &p.records;
    let h = r.heaviest.unwrap();
    assert_eq!((h.day, h.value), (MON, 110.0));
    let e = r.best_e1rm.unwrap();
    assert_eq!((e.day, e.reps, e.weight_kg), (MON + 7, 5, 105.0));
    assert!(close(e.value, 122.5));
    let v = r.best_day_volume.unwrap();
    assert_eq!((v.day, v.value), (MON, 830.0));
    // Weekly volume: week 1 squat 830 (quads, glutes) and bench 5 × 80 = 400 (chest,
    // triceps, shoulders); week 2 squat 525.
    let prog = app.logbook_progress().unwrap();
    let w = &prog.weekly_volume;
    assert_eq!(w.len(), 2);
    assert_eq!(w[0].monday, MON);
    let kg = |i: usize, m: &str| w[i].by_muscle.iter().find(|(k, _)| k == m).map(|(_, v)| *v);
    assert_eq!(kg(0, "quads"), Some(830.0));
    assert_eq!(kg(0, "glutes"), Some(830.0));
    assert_eq!(kg(0, "chest"), Some(400.0));
    assert_eq!(kg(0, "triceps"), Some(400.0));
    assert_eq!(kg(0, "back"), None);
    assert_eq!((w[1].monday, kg(1, "quads")), (MON + 7, Some(525.0)));
    let names: Vec<&str> = prog
        .records
        .iter()
        .map(|r| r.exercise.name.as_str())
        .collect();
    assert_eq!(names, vec!["Back squat", "Bench press"]);
    // The charts draw from the same figures.
    let req = |kind| paceline_types::LogbookChartRequest {
        kind,
        theme: paceline_types::Theme::Light,
        width: 800,
        height: 360,
    };
    let svg = app
        .logbook_chart(&req(paceline_types::LogbookChartKind::E1rm {
            exercise: "back_squat".into(),
        }))
        .unwrap()
        .svg;
    assert!(svg.contains("Back squat: estimated 1RM"));
    let svg = app
        .logbook_chart(&req(paceline_types::LogbookChartKind::WeeklyVolume))
        .unwrap()
        .svg;
    assert!(svg.contains("Quads") && svg.contains("Chest"));
    assert!(paceline_app::charts::svg_to_png(&svg, 1.0)
        .unwrap()
        .starts_with(b"\x89PNG"));
}

#[test]
fn templates_repeat_a_session_and_own_exercises_count() {
    let (_dir, vault) = app();
    let app = scope(&vault);
    let sled = app
        .save_own_exercise(&OwnExercise {
            id: None,
            name: "Sled push".into(),
            muscles: vec!["quads".into(), "Glutes".into()],
            equipment: "other".into(),
        })
        .unwrap();
    assert!(sled.starts_with("own:"));
    let dup = app.save_own_exercise(&OwnExercise {
        id: None,
        name: "back squat".into(),
        muscles: vec![],
        equipment: "barbell".into(),
    });
    assert!(matches!(
        dup,
        Err(AppError::Logbook(LogbookError::DuplicateExercise(_)))
    ));
    let bad = app.save_own_exercise(&OwnExercise {
        id: None,
        name: "Thing".into(),
        muscles: vec!["wings".into()],
        equipment: "other".into(),
    });
    assert!(matches!(
        bad,
        Err(AppError::Logbook(LogbookError::Muscle(_)))
    ));
    let id = app
        .save_strength_session(
            None,
            &session(MON, vec![set(&sled, 10, 60.0), set("deadlift", 5, 140.0)]),
        )
        .unwrap();
    let t = app.save_template(id, "Leg day").unwrap();
    let templates = app.strength_templates().unwrap();
    assert_eq!(templates.len(), 1);
    assert_eq!(
        (templates[0].id, templates[0].name.as_str()),
        (t, "Leg day")
    );
    let next = app.start_from_template(t, MON + 3).unwrap();
    assert_eq!(next.day, MON + 3);
    assert_eq!(
        next.sets,
        vec![set(&sled, 10, 60.0), set("deadlift", 5, 140.0)]
    );
    app.save_strength_session(None, &next).unwrap();
    // Templates are not sessions, and the other way round.
    assert_eq!(app.strength_sessions().unwrap().len(), 2);
    assert!(matches!(
        app.delete_strength_session(t),
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        app.delete_template(id),
        Err(AppError::NotFound(_))
    ));
    // The own exercise's volume goes to its muscles: 2 × 10 × 60 = 1200 on quads,
    // plus nothing else on quads (deadlift: back, glutes, hamstrings).
    let w = app.logbook_progress().unwrap().weekly_volume;
    assert_eq!(
        w[0].by_muscle
            .iter()
            .find(|(m, _)| m == "quads")
            .map(|x| x.1),
        Some(1200.0)
    );
    assert_eq!(
        w[0].by_muscle
            .iter()
            .find(|(m, _)| m == "glutes")
            .map(|x| x.1),
        Some(1200.0 + 2.0 * 5.0 * 140.0)
    );
    app.delete_template(t).unwrap();
    assert!(app.strength_templates().unwrap().is_empty());
    app.delete_strength_session(id).unwrap();
    assert_eq!(app.strength_sessions().unwrap().len(), 1);
}

#[test]
fn a_manual_workout_moves_the_pmc_by_its_session_rpe() {
    let today = MON + 20;
    let (_dir, vault) = at_day(today);
    let app = scope(&vault);
    let walk = ManualInput {
        day: MON,
        start_min: Some(7 * 60),
        sport: Sport::Walk,
        duration_s: 3600.0,
        distance_m: None,
        rpe: 3.0,
        name: String::new(),
        notes: String::new(),
    };
    app.save_manual_workout(None, &walk).unwrap();
    let before = app.pmc(None, Some(today)).unwrap();
    let hike = ManualInput {
        day: MON + 10,
        sport: Sport::Hike,
        duration_s: 45.0 * 60.0,
        distance_m: Some(8000.0),
        rpe: 6.0,
        name: "Ridge".into(),
        notes: "windy".into(),
        start_min: None,
    };
    let w = app.save_manual_workout(None, &hike).unwrap();
    // Foster: 45 min × RPE 6 = 270 AU. The PMC counts the TSS-equivalent of that
    // session RPE: 0.75 h × IF(6)² × 100 = 0.75 × 0.90² × 100 = 60.75.
    assert_eq!(w.session_rpe, 270.0);
    let load = w.load.unwrap();
    assert!((load - 60.75).abs() < 1e-4, "{load}");
    assert_eq!((w.input.day, w.input.start_min), (MON + 10, Some(12 * 60)));
    let after = app.pmc(None, Some(today)).unwrap();
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        let n = f64::from(a.day - (MON + 10));
        let dl = f64::from(a.load - b.load);
        let dctl = f64::from(a.ctl - b.ctl);
        if n < 0.0 {
            assert_eq!((dl, dctl), (0.0, 0.0), "day {}", a.day);
            continue;
        }
        // The PMC is linear: the workout adds 60.75 on its day, and to CTL
        // 60.75 × (1/42) × (41/42)^n, n days after.
        assert!(
            (dl - if n == 0.0 { 60.75 } else { 0.0 }).abs() < 1e-3,
            "day {}",
            a.day
        );
        let want = 60.75 / 42.0 * (41.0f64 / 42.0).powf(n);
        assert!(
            (dctl - want).abs() < 1e-3,
            "day {}: {dctl} vs {want}",
            a.day
        );
    }
    // It is an activity of the list (source "manual"), on the dashboard's week, and
    // rescoring on a threshold change keeps its load.
    let list = app.list_activities().unwrap();
    assert!(list
        .iter()
        .any(|a| a.id == w.id && a.source_format == "manual"));
    app.set_threshold(&paceline_types::Threshold {
        sport: None,
        kind: paceline_types::ThresholdKind::Lthr,
        value: 170.0,
        from_day: MON,
    })
    .unwrap();
    assert_eq!(app.manual_workouts().unwrap()[0].load, w.load);
    // Reprocessing skips it (it has no file) rather than failing.
    let r = app.reprocess(None).unwrap();
    assert!(r.failed.is_empty(), "{:?}", r.failed);
    // Editing rescores; deleting takes it out of the PMC again.
    let harder = ManualInput { rpe: 8.0, ..hike };
    let w2 = app.save_manual_workout(Some(w.id), &harder).unwrap();
    assert!((w2.load.unwrap() - 75.0).abs() < 1e-4, "0.75 × 1.00² × 100");
    app.delete_manual_workout(w.id).unwrap();
    assert_eq!(app.pmc(None, Some(today)).unwrap(), before);
    let bad = ManualInput {
        rpe: 0.0,
        ..walk.clone()
    };
    assert!(matches!(
        app.save_manual_workout(None, &bad),
        Err(AppError::Logbook(LogbookError::SessionRpe(_)))
    ));
    let bad = ManualInput {
        duration_s: 0.0,
        ..walk
    };
    assert!(matches!(
        app.save_manual_workout(None, &bad),
        Err(AppError::Logbook(LogbookError::Duration(_)))
    ));
}

#[test]
fn journal_and_body_metrics_feed_readiness_and_the_weight_trend() {
    let today = MON + 20;
    let (_dir, vault) = at_day(today);
    let app = scope(&vault);
    assert!(!app.dashboard().unwrap().has_wellness);
    let j = JournalEntry {
        day: today,
        sleep_quality: Some(3),
        soreness: Some(2),
        mood: Some(4),
        stress: Some(2),
        motivation: Some(4),
        weight_kg: Some(72.0),
        notes: String::new(),
    };
    app.save_journal(&j).unwrap();
    // Sleep quality 3 of 5 is a sleep score of 50, the only readiness input today.
    let d = app.dashboard().unwrap();
    assert!(d.has_wellness);
    assert_eq!(d.readiness, Some(50));
    // Upsert: the day's entry is replaced.
    app.save_journal(&JournalEntry {
        sleep_quality: Some(5),
        ..j.clone()
    })
    .unwrap();
    assert_eq!(app.journal().unwrap().len(), 1);
    assert_eq!(app.dashboard().unwrap().readiness, Some(100));
    let bad = JournalEntry {
        mood: Some(6),
        ..j.clone()
    };
    assert!(matches!(
        app.save_journal(&bad),
        Err(AppError::Logbook(LogbookError::Scale {
            field: "mood",
            value: 6
        }))
    ));
    assert!(matches!(
        app.save_journal(&JournalEntry {
            day: today,
            ..Default::default()
        }),
        Err(AppError::Logbook(LogbookError::Empty))
    ));
    // Body weights two days before: 73 and 71 → 7-day mean today (72 + 73 + 71) / 3 = 72,
    // and the day before (73 + 71) / 2 = 72; two days before only 73.
    for (day, kg) in [(today - 2, 73.0), (today - 1, 71.0)] {
        app.save_body_metrics(&BodyEntry {
            day,
            weight_kg: Some(kg),
            resting_hr: Some(50.0),
            ..Default::default()
        })
        .unwrap();
    }
    assert!(matches!(
        app.save_body_metrics(&BodyEntry {
            day: today,
            body_fat_pct: Some(95.0),
            ..Default::default()
        }),
        Err(AppError::Logbook(LogbookError::Range {
            field: "body fat",
            ..
        }))
    ));
    let trend = app.logbook_progress().unwrap().weight;
    let got: Vec<(i32, Option<f64>, f64)> = trend
        .iter()
        .map(|p| (p.day, p.weight_kg, p.mean7_kg))
        .collect();
    assert_eq!(
        got,
        vec![
            (today - 2, Some(73.0), 73.0),
            (today - 1, Some(71.0), 72.0),
            (today, Some(72.0), 72.0)
        ]
    );
    let lb = app.logbook().unwrap();
    assert_eq!((lb.journal.len(), lb.body.len()), (1, 2));
    assert_eq!(lb.body[0].day, today - 1, "newest first");
}

#[test]
fn a_watch_files_strength_sets_appear_to_review() {
    let Some(path) = paceline_testsupport::corpus("fit/garth_12129115726_ACTIVITY.fit") else {
        eprintln!("skipped: the shared corpus is not here (set PACELINE_CORPUS)");
        return;
    };
    let (_dir, vault) = app();
    let app = scope(&vault);
    let id = match app.import_paths(&[path]).files.first() {
        Some(FileOutcome::Imported { id, .. }) => *id,
        other => panic!("{other:?}"),
    };
    let sessions = app.strength_sessions().unwrap();
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    let s = &sessions[0];
    assert_eq!((s.id, s.source), (None, SessionSource::Fit));
    assert_eq!(s.input.activity_id, Some(id));
    let original = s.fit_sets.clone();
    assert!(!original.is_empty());
    assert_eq!(s.input.sets, original);
    // Reviewing: the athlete names the exercise and the load; the file's sets stay.
    let mut review = s.input.clone();
    review.sets = original
        .iter()
        .map(|x| SetEntry {
            exercise: "goblet_squat".into(),
            reps: x.reps.max(10),
            weight_kg: 24.0,
            ..x.clone()
        })
        .collect();
    let sid = app.save_strength_session(None, &review).unwrap();
    let sessions = app.strength_sessions().unwrap();
    assert_eq!(
        sessions.len(),
        1,
        "the file's session is now the reviewed one"
    );
    assert_eq!(sessions[0].id, Some(sid));
    assert_eq!(sessions[0].source, SessionSource::Reviewed);
    assert_eq!(sessions[0].fit_sets, original);
    assert_eq!(sessions[0].input.sets, review.sets);
    // One review per file; deleting it shows the file's sets again.
    assert_eq!(
        logbook_err(app.save_strength_session(None, &review)),
        LogbookError::AlreadyReviewed {
            activity_id: id,
            session_id: sid
        }
    );
    app.delete_strength_session(sid).unwrap();
    assert_eq!(
        app.strength_sessions().unwrap()[0].source,
        SessionSource::Fit
    );
}
