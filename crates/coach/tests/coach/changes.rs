use paceline_coach::changes::{apply, parse_analysis, rule_based, Change, DoneSession, Op};
use paceline_coach::CoachError;
use paceline_plan::{CheckerConfig, Intensity, Plan};
use serde_json::json;

use super::{brief, d};

fn plan() -> Plan {
    let mut p = paceline_plan::generate(&brief(), &CheckerConfig::default()).plan;
    p.version = Some(3);
    p
}

fn hard_after(p: &Plan, cfg: &CheckerConfig) -> usize {
    // A hard, non-race workout with something the day before it.
    (1..p.workouts.len())
        .find(|&i| {
            let w = &p.workouts[i];
            !w.is_race()
                && cfg.hard_intensities.contains(&w.intensity)
                && p.workouts.iter().any(|x| x.date == w.date.plus(-1))
        })
        .expect("the plan has a hard session after a training day")
}

#[test]
fn changes_apply_to_the_named_workout_and_never_to_a_race_or_the_past() {
    let (b, p) = (brief(), plan());
    let i = hard_after(&p, &CheckerConfig::default());
    let w = p.workouts[i].clone();
    let change = |op, factor, to| Change {
        op,
        date: w.date,
        sport: w.sport,
        factor,
        to,
    };
    let eased = apply(&b, &p, &[change(Op::Ease, None, None)], d("2027-03-01")).unwrap();
    assert_eq!(eased.parent_version, Some(3));
    assert_eq!(eased.version, None);
    let e = &eased.workouts[i];
    assert!(e.time_in_zone_min.z3 + e.time_in_zone_min.z4 + e.time_in_zone_min.z5 < 0.01);
    assert!(e.duration_min <= w.duration_min);
    let short = apply(
        &b,
        &p,
        &[change(Op::Shorten, Some(0.8), None)],
        d("2027-03-01"),
    )
    .unwrap();
    let s = &short.workouts[i];
    assert!((s.duration_min - (w.duration_min * 0.8 * 10.0).round() / 10.0).abs() < 0.01);
    assert!((s.tss - (w.tss * 0.8 * 10.0).round() / 10.0).abs() < 0.01);
    let gone = apply(&b, &p, &[change(Op::Remove, None, None)], d("2027-03-01")).unwrap();
    assert_eq!(gone.workouts.len(), p.workouts.len() - 1);
    let moved = apply(
        &b,
        &p,
        &[change(Op::Move, None, Some(w.date.plus(1)))],
        d("2027-03-01"),
    )
    .unwrap();
    assert!(moved
        .workouts
        .iter()
        .any(|x| x.name == w.name && x.date == w.date.plus(1)));
    assert!(moved.workouts.windows(2).all(|p| p[0].date <= p[1].date));

    let race = p.workouts.iter().find(|w| w.is_race()).unwrap();
    let bad = [
        Change {
            op: Op::Remove,
            date: race.date,
            sport: race.sport,
            factor: None,
            to: None,
        },
        change(Op::Shorten, Some(0.2), None),
        change(Op::Move, None, None),
        change(Op::Ease, None, None),
    ];
    let Err(CoachError::Invalid(errors)) = apply(&b, &p, &bad, w.date.plus(1)) else {
        panic!("must be refused")
    };
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(errors[0].contains("no planned run workout"));
    assert!(errors[1].contains("has passed") || errors[1].contains("0.5–0.95"));
    assert!(parse_analysis(&json!({"analysis": "x", "changes": [{"op": "ease"}]})).is_err());
}

#[test]
fn a_harder_session_eases_the_next_hard_day_and_a_normal_one_changes_nothing() {
    let p = plan();
    let cfg = CheckerConfig::default();
    let i = hard_after(&p, &cfg);
    let hard = &p.workouts[i];
    let before = p
        .workouts
        .iter()
        .find(|x| x.date == hard.date.plus(-1))
        .unwrap();
    let done = |load: f32, rpe| DoneSession {
        date: before.date,
        sport: before.sport,
        name: "Done".into(),
        minutes: before.duration_min,
        load: Some(load),
        rpe,
    };
    let a = rule_based(&done(before.tss * 1.5, None), &p, Some(-10.0), &cfg);
    assert!(a.analysis.contains("harder than planned"), "{}", a.analysis);
    assert_eq!(a.changes.len(), 1);
    assert_eq!((a.changes[0].op, a.changes[0].date), (Op::Ease, hard.date));
    let ok = rule_based(&done(before.tss, None), &p, Some(-10.0), &cfg);
    assert!(ok.analysis.contains("went as planned"), "{}", ok.analysis);
    assert!(ok.changes.is_empty());
    // Low form alone also eases; a cut-short session does not.
    let tired = rule_based(&done(before.tss, None), &p, Some(-30.0), &cfg);
    assert!(tired.analysis.contains("Form is low (TSB -30)"));
    assert_eq!(tired.changes.len(), 1);
    let short = rule_based(&done(before.tss * 0.3, None), &p, None, &cfg);
    assert!(short.analysis.contains("cut short"));
    assert!(short.changes.is_empty());
    // An easy session rated 8+ counts as harder.
    if before.intensity == Intensity::Endurance || before.intensity == Intensity::Recovery {
        let rpe = rule_based(&done(before.tss, Some(8.0)), &p, None, &cfg);
        assert!(rpe.analysis.contains("RPE 8"), "{}", rpe.analysis);
    }
}
