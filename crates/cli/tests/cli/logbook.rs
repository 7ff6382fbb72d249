//! `paceline log …` as a user types it.

use super::{paceline, stdout};

fn ok(o: &std::process::Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    stdout(o)
}

fn err(o: &std::process::Output) -> String {
    assert!(!o.status.success(), "{}", stdout(o));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn strength_sets_follow_their_exercise_and_progress_is_computed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let out = paceline(
        data,
        &[
            "log",
            "strength",
            "--date",
            "2026-01-05",
            "--time",
            "18:30",
            "--exercise",
            "Back squat",
            "--set",
            "5x100@8",
            "--set",
            "3x110/180",
            "--exercise",
            "bench_press",
            "--set",
            "2x5x80@rir2",
        ],
    );
    let text = ok(&out);
    // 500 + 330 + 2 × 400 = 1630 kg.
    assert!(text.contains("4 sets, volume 1630 kg"), "{text}");
    let lb: paceline_types::Logbook =
        serde_json::from_str(&ok(&paceline(data, &["log", "list", "--json"]))).unwrap();
    assert_eq!(lb.sessions.len(), 1);
    let s = &lb.sessions[0].input;
    assert_eq!(s.start_min, Some(18 * 60 + 30));
    type Row<'a> = (&'a str, u32, f64, Option<f64>, Option<u32>, Option<u32>);
    let got: Vec<Row> = s
        .sets
        .iter()
        .map(|x| {
            (
                x.exercise.as_str(),
                x.reps,
                x.weight_kg,
                x.rpe,
                x.rir,
                x.rest_s,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("back_squat", 5, 100.0, Some(8.0), None, None),
            ("back_squat", 3, 110.0, None, None, Some(180)),
            ("bench_press", 5, 80.0, None, Some(2), None),
            ("bench_press", 5, 80.0, None, Some(2), None),
        ]
    );
    let p: paceline_types::ExerciseProgress = serde_json::from_str(&ok(&paceline(
        data,
        &["log", "progress", "back squat", "--json"],
    )))
    .unwrap();
    // Epley: max(100 × 35/30, 110 × 33/30) = 121.
    assert_eq!(p.e1rm.len(), 1);
    assert!((p.e1rm[0].epley_kg - 121.0).abs() < 1e-9);
    assert_eq!(p.records.heaviest.unwrap().value, 110.0);
    let text = ok(&paceline(data, &["log", "progress", "back_squat"]));
    assert!(
        text.contains("Back squat") && text.contains("2026-01-05"),
        "{text}"
    );
    let png = dir.path().join("squat.png");
    ok(&paceline(
        data,
        &[
            "log",
            "progress",
            "back_squat",
            "--chart",
            png.to_str().unwrap(),
        ],
    ));
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    // Bad input fails with what to fix.
    let e = err(&paceline(
        data,
        &[
            "log",
            "strength",
            "--exercise",
            "deadlift",
            "--set",
            "0x140",
        ],
    ));
    assert!(e.contains("reps must be at least 1"), "{e}");
    let e = err(&paceline(
        data,
        &[
            "log",
            "strength",
            "--set",
            "5x100",
            "--exercise",
            "deadlift",
        ],
    ));
    assert!(e.contains("--exercise before it"), "{e}");
    let e = err(&paceline(
        data,
        &["log", "strength", "--exercise", "flying", "--set", "5x1"],
    ));
    assert!(e.contains("no exercise"), "{e}");
    let e = err(&paceline(
        data,
        &[
            "log",
            "strength",
            "--exercise",
            "deadlift",
            "--set",
            "5x100@11",
        ],
    ));
    assert!(e.contains("RPE is rated 1 to 10"), "{e}");
}

#[test]
fn manual_workouts_journal_and_body_are_logged() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let w: paceline_types::ManualWorkout = serde_json::from_str(&ok(&paceline(
        data,
        &[
            "log",
            "manual",
            "--sport",
            "hike",
            "--duration",
            "45m",
            "--rpe",
            "6",
            "--distance",
            "8km",
            "--date",
            "2026-01-15",
            "--json",
        ],
    )))
    .unwrap();
    // 45 min × 6 = 270 AU; 0.75 h × 0.90² × 100 = 60.75.
    assert_eq!(w.session_rpe, 270.0);
    assert!((w.load.unwrap() - 60.75).abs() < 1e-4);
    assert_eq!(w.input.distance_m, Some(8000.0));
    let text = ok(&paceline(data, &["activities"]));
    assert!(text.contains("Hike"), "{text}");
    let e = err(&paceline(
        data,
        &[
            "log",
            "manual",
            "--sport",
            "run",
            "--duration",
            "soon",
            "--rpe",
            "6",
        ],
    ));
    assert!(e.contains("not a duration"), "{e}");
    ok(&paceline(
        data,
        &[
            "log",
            "journal",
            "--date",
            "2026-01-15",
            "--sleep",
            "4",
            "--soreness",
            "2",
            "--mood",
            "4",
            "--stress",
            "2",
            "--motivation",
            "5",
            "--weight",
            "71.5",
        ],
    ));
    let e = err(&paceline(data, &["log", "journal", "--mood", "7"]));
    assert!(e.contains("mood is rated 1 to 5"), "{e}");
    ok(&paceline(
        data,
        &[
            "log",
            "body",
            "--date",
            "2026-01-14",
            "--weight",
            "72",
            "--fat",
            "15",
            "--waist",
            "80",
        ],
    ));
    let text = ok(&paceline(data, &["log", "list"]));
    assert!(
        text.contains("manual #") && text.contains("journal: sleep 4"),
        "{text}"
    );
    assert!(
        text.contains("body: weight 72 kg, body fat 15 %, waist 80 cm"),
        "{text}"
    );
    let p: paceline_types::LogbookProgress =
        serde_json::from_str(&ok(&paceline(data, &["log", "summary", "--json"]))).unwrap();
    // 7-day mean on the 15th: (72 + 71.5) / 2.
    assert_eq!(p.weight.last().unwrap().mean7_kg, 71.75);
    ok(&paceline(
        data,
        &["log", "delete", "manual", &w.id.to_string()],
    ));
    let lb: paceline_types::Logbook =
        serde_json::from_str(&ok(&paceline(data, &["log", "list", "--json"]))).unwrap();
    assert!(lb.manual.is_empty());
}
