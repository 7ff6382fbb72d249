use paceline_coach::proposal::{assemble, block_workouts, blocks, describe, parse_weeks, Block};
use paceline_coach::CoachError;
use paceline_plan::{Intensity, Step};
use serde_json::json;

use super::{brief, d};

fn intervals(date: &str) -> serde_json::Value {
    json!({"date": date, "sport": "run", "type": "intervals", "name": "4×5 min",
           "intensity": "threshold", "location": "outdoor", "description": "",
           "steps": [
             {"kind": "warmup", "minutes": 10, "zone": 1, "times": null, "recovery_minutes": null, "recovery_zone": null},
             {"kind": "work", "minutes": 5, "zone": 4, "times": 4, "recovery_minutes": 3, "recovery_zone": 1},
             {"kind": "cooldown", "minutes": 10, "zone": 1, "times": null, "recovery_minutes": null, "recovery_zone": null}]})
}

#[test]
fn totals_come_from_the_steps_not_the_model() {
    let weeks = parse_weeks(&json!({"weeks": [{"week_start": "2027-03-01",
        "workouts": [intervals("2027-03-02")]}]}))
    .unwrap();
    let block = Block {
        from: d("2027-03-01"),
        to: d("2027-03-07"),
    };
    let by_week = block_workouts(&weeks, block, &[]).unwrap();
    let w = &by_week[&d("2027-03-01")][0];
    // z1: 10 + 4×3 + 10 = 32 min; z4: 4×5 = 20 min.
    assert_eq!(w.time_in_zone_min.z1, 32.0);
    assert_eq!(w.time_in_zone_min.z4, 20.0);
    assert_eq!(w.duration_min, 52.0);
    // 32/60·0.55²·100 + 20/60·0.98²·100 = 16.13 + 32.01 = 48.1
    assert_eq!(w.tss, 48.1);
    assert_eq!(w.intensity, Intensity::Threshold);
    assert!(matches!(&w.steps[1], Step::Repeat { times: 4, steps } if steps.len() == 2));
    assert_eq!(w.steps.iter().map(Step::minutes).sum::<f32>(), 52.0);
    assert!(describe(&by_week[&d("2027-03-01")]).contains("52 min TSS 48"));
}

#[test]
fn days_outside_the_block_race_days_and_races_are_named() {
    let mut race = intervals("2027-03-03");
    race["intensity"] = json!("race");
    let weeks = parse_weeks(&json!({"weeks": [
        {"week_start": "2027-03-01", "workouts": [intervals("2027-03-09"), intervals("2027-03-06"), race]},
        {"week_start": "2027-04-05", "workouts": []}]}))
    .unwrap();
    let block = Block {
        from: d("2027-03-01"),
        to: d("2027-03-14"),
    };
    let Err(CoachError::Invalid(errors)) = block_workouts(&weeks, block, &[d("2027-03-06")]) else {
        panic!("must be refused")
    };
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(errors[0].contains("not in week 2027-03-01"));
    assert!(errors[1].contains("that day is a race"));
    assert!(errors[2].contains("race workouts are added from the race calendar"));
    assert!(errors[3].contains("week 2027-04-05 is outside"));
    // Bad form is an error too, not a panic.
    assert!(parse_weeks(&json!({"weeks": [{"week_start": "soon"}]})).is_err());
}

#[test]
fn blocks_follow_calendar_weeks_and_the_plan_gets_its_races() {
    // Wednesday start: the first block ends on the fourth Sunday.
    let b = blocks(d("2027-03-03"), d("2027-04-20"), 4);
    assert_eq!(b.len(), 2);
    assert_eq!((b[0].from, b[0].to), (d("2027-03-03"), d("2027-03-28")));
    assert_eq!((b[1].from, b[1].to), (d("2027-03-29"), d("2027-04-20")));
    let br = brief();
    let plan = assemble(&br, d("2027-06-20"), &Default::default());
    assert_eq!(plan.workouts.len(), 1);
    assert!(plan.workouts[0].is_race());
    assert_eq!(plan.workouts[0].date, d("2027-06-13"));
}
