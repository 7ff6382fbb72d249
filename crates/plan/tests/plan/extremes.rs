//! Extreme but valid briefs plan without panicking, quickly, and pass or declare.

use paceline_plan::*;

fn run(json: &str) -> PlanOutcome {
    let brief = Brief::from_json(json).unwrap();
    let cfg = CheckerConfig::default();
    let t = std::time::Instant::now();
    let out = generate(&brief, &cfg);
    assert!(t.elapsed().as_secs_f32() < 5.0, "took {:?}", t.elapsed());
    let report = check(&brief, &out.plan, &cfg);
    if out.feasible() {
        assert!(report.passed(), "{:#?}", report.violations);
    } else {
        assert!(out.infeasible.iter().all(|i| !i.message.is_empty()));
    }
    out
}

#[test]
fn extremes() {
    let base = |races: &str, hours: f32, ctl: f32, atl: f32| {
        format!(
            r#"{{"start_date":"2027-01-06","sports":["run","bike","swim","strength","other"],
            "fitness":{{"ctl":{ctl},"atl":{atl}}},
            "availability_hours":{{"mon":{hours},"tue":{hours},"wed":{hours},"thu":{hours},"fri":{hours},"sat":{hours},"sun":{hours}}},
            "equipment":{{"indoor_trainer":true,"power_meter":true,"treadmill":true,"pool_access":true,"open_water":true,"gym_access":true}},
            "races":[{races}]}}"#
        )
    };
    // Nothing available at all: an empty plan.
    assert!(run(&base("", 0.0, 0.0, 0.0)).plan.workouts.is_empty());
    // 24 h every day, huge fitness.
    run(&base("", 24.0, 300.0, 400.0));
    // A race three years out.
    let far = r#"{"date":"2029-12-30","name":"far","sport":"triathlon","priority":"A","distance_km":226}"#;
    let out = run(&base(far, 2.0, 40.0, 40.0));
    assert!(out.plan.workouts.iter().any(|w| w.is_race()));
    // Thirty races, one every few days, and one today.
    let many: Vec<String> = (0..30)
        .map(|i| {
            let d = Date::parse("2027-01-06").unwrap().plus(i * 4);
            format!(r#"{{"date":"{d}","name":"r{i}","sport":"run","priority":"{}","distance_km":10,"taper_days":28}}"#, ["A", "B", "C"][i as usize % 3])
        })
        .collect();
    let out = run(&base(&many.join(","), 1.5, 50.0, 70.0));
    let races = out.plan.workouts.iter().filter(|w| w.is_race()).count();
    assert_eq!(races, 30);
}
