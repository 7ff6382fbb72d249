//! Hand-computed checks of the logbook math (arithmetic in the comments).

use paceline_logbook::*;

#[track_caller]
fn close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol, "{a} != {b} (±{tol})");
}

fn set(day: Day, ex: &str, reps: u32, kg: f64) -> SetEntry {
    SetEntry {
        day,
        exercise_id: ex.into(),
        reps,
        weight_kg: kg,
    }
}

#[test]
fn e1rm_epley_and_brzycki() {
    // 100 kg × 5: Epley 100 · (1 + 5/30) = 116.667; Brzycki 100 · 36/32 = 112.5.
    close(epley(100.0, 5).unwrap(), 116.6667, 1e-4);
    close(brzycki(100.0, 5).unwrap(), 112.5, 1e-9);
    // 80 kg × 10: Epley 80 · 4/3 = 106.667; Brzycki 80 · 36/27 = 106.667 (they meet at 10).
    close(epley(80.0, 10).unwrap(), 106.6667, 1e-4);
    close(brzycki(80.0, 10).unwrap(), 106.6667, 1e-4);
    // A single is the weight itself in both.
    assert_eq!(epley(140.0, 1), Some(140.0));
    assert_eq!(brzycki(140.0, 1), Some(140.0));
    assert_eq!(e1rm(Formula::Brzycki, 100.0, 5), Some(112.5));
    // Out of range: no estimate.
    assert_eq!(epley(100.0, 0), None);
    assert_eq!(brzycki(100.0, 16), None);
    assert_eq!(epley(f64::NAN, 5), None);
    assert_eq!(epley(0.0, 5), None);
}

#[test]
fn best_e1rm_per_day() {
    let sets = [
        set(10, "back_squat", 5, 100.0),
        set(10, "back_squat", 3, 110.0),
        set(10, "bench_press", 5, 80.0),
        set(17, "back_squat", 1, 125.0),
    ];
    // Day 10: 100×5 → 116.667, 110×3 → 110 · 1.1 = 121.0: the best is 121.
    let line = best_e1rm_by_day(&sets, "back_squat", Formula::Epley);
    assert_eq!(line.len(), 2);
    assert_eq!(line[0].0, 10);
    close(line[0].1, 121.0, 1e-9);
    assert_eq!(line[1], (17, 125.0));
}

#[test]
fn weekly_volume_per_muscle_group() {
    let lib = builtin();
    // Day 19_723 is Monday 2024-01-01. That week: squat 3 × 5 × 100 = 1500 (quads,
    // glutes); bench 3 × 8 × 60 = 1440 (chest, triceps, shoulders); RDL 2 × 10 × 80 =
    // 1600 (hamstrings, glutes, back). Glutes 1500 + 1600 = 3100.
    let mut sets = Vec::new();
    for _ in 0..3 {
        sets.push(set(19_723, "back_squat", 5, 100.0));
        sets.push(set(19_725, "bench_press", 8, 60.0));
    }
    for _ in 0..2 {
        sets.push(set(19_729, "romanian_deadlift", 10, 80.0));
    }
    // The next Monday starts a new week; a push-up at 0 kg and an unknown exercise add nothing.
    sets.push(set(19_730, "back_squat", 5, 105.0));
    sets.push(set(19_730, "push_up", 20, 0.0));
    sets.push(set(19_730, "unknown", 5, 50.0));
    let w = weekly_volume(&sets, &lib);
    assert_eq!(w.len(), 2);
    assert_eq!(w[0].monday, 19_723);
    let v = |m: Muscle| w[0].by_muscle.get(&m).copied().unwrap_or(0.0);
    assert_eq!(v(Muscle::Quads), 1500.0);
    assert_eq!(v(Muscle::Glutes), 3100.0);
    assert_eq!(v(Muscle::Chest), 1440.0);
    assert_eq!(v(Muscle::Hamstrings), 1600.0);
    assert_eq!(v(Muscle::Back), 1600.0);
    assert_eq!(v(Muscle::Calves), 0.0);
    assert_eq!(w[1].monday, 19_730);
    assert_eq!(
        w[1].by_muscle.len(),
        2,
        "quads and glutes only: {:?}",
        w[1].by_muscle
    );
    assert_eq!(w[1].by_muscle[&Muscle::Quads], 525.0);
    // Serialized per muscle by name.
    let json = serde_json::to_value(&w[1]).unwrap();
    assert_eq!(json["by_muscle"]["quads"], 525.0);
}

#[test]
fn mondays() {
    // 1970-01-01 was a Thursday; 1969-12-29 (day −3) the Monday of its week.
    assert_eq!(monday_of(0), -3);
    assert_eq!(monday_of(19_723), 19_723);
    assert_eq!(monday_of(19_729), 19_723);
    assert_eq!(monday_of(-4), -10);
}

#[test]
fn personal_records_with_dates() {
    let sets = [
        set(30, "deadlift", 3, 180.0),
        set(10, "deadlift", 5, 160.0),
        set(10, "deadlift", 5, 160.0),
        set(20, "deadlift", 1, 180.0),
        set(20, "deadlift", 8, 140.0),
        set(40, "deadlift", 0, 300.0), // no reps: not a lift
        set(20, "bench_press", 1, 200.0),
    ];
    let r = personal_records(&sets, "deadlift");
    // 180 kg first lifted on day 20 (the day-30 tie does not move it).
    let h = r.heaviest.unwrap();
    assert_eq!((h.day, h.value, h.reps), (20, 180.0, 1));
    // Epley: 160×5 = 186.667 (day 10), 180×1 = 180, 140×8 = 177.333, 180×3 = 198 (day 30).
    let e = r.best_e1rm.unwrap();
    assert_eq!((e.day, e.reps), (30, 3));
    close(e.value, 198.0, 1e-9);
    // Day volume: day 10 2 × 800 = 1600; day 20 180 + 1120 = 1300; day 30 540.
    let v = r.best_day_volume.unwrap();
    assert_eq!((v.day, v.value), (10, 1600.0));
    assert_eq!(personal_records(&sets, "squat"), Records::default());
}

#[test]
fn body_weight_seven_day_mean() {
    // Day 1: 80.0 and 81.0 → 80.5; day 3: 79.5; day 9: 78.0; 500 kg is a typo.
    let t = weight_trend(&[(3, 79.5), (1, 80.0), (1, 81.0), (9, 78.0), (9, 500.0)]);
    let at = |d: Day| t.iter().find(|p| p.day == d).copied();
    let p1 = at(1).unwrap();
    assert_eq!((p1.weight_kg, p1.mean7_kg), (Some(80.5), 80.5));
    // Day 3: (80.5 + 79.5) / 2 = 80.0; day 2 has no reading but a mean.
    assert_eq!(at(3).unwrap().mean7_kg, 80.0);
    assert_eq!(at(2).unwrap().weight_kg, None);
    // Day 7 still sees days 1 and 3; day 8 sees only day 3 (2..=8): 79.5.
    assert_eq!(at(7).unwrap().mean7_kg, 80.0);
    assert_eq!(at(8).unwrap().mean7_kg, 79.5);
    // Day 9: days 3 and 9: (79.5 + 78.0) / 2 = 78.75.
    assert_eq!(at(9).unwrap().mean7_kg, 78.75);
    assert_eq!(t.len(), 9);
    assert!(weight_trend(&[]).is_empty());
    assert!(weight_trend(&[(1, f64::NAN)]).is_empty());
}

#[test]
fn library() {
    let lib = builtin();
    assert!(lib.len() >= 60, "{}", lib.len());
    let mut ids: Vec<&str> = lib.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), lib.len(), "ids are unique");
    assert!(lib
        .iter()
        .all(|e| !e.muscles.is_empty() && !e.name.is_empty()));
    // Every muscle group has exercises.
    for m in Muscle::ALL {
        assert!(lib.iter().any(|e| e.muscles.contains(&m)), "{m:?}");
    }
    let b = find(" bench PRESS ").unwrap();
    assert_eq!(b.id, "bench_press");
    assert_eq!(b.equipment, Equipment::Barbell);
    assert_eq!(find("deadlift").unwrap().muscles[0], Muscle::Back);
    assert!(find("juggling").is_none());
}
