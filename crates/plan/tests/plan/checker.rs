//! The checker on hand-written plans: a good plan passes; each variant breaks
//! exactly one check (or one structured rule) and fails exactly that.

use paceline_plan::brief::Rule;
use paceline_plan::*;

const START: &str = "2027-03-01"; // a Monday

pub fn d(offset: i32) -> Date {
    Date::parse(START).unwrap().plus(offset)
}

/// Raceless, 12 weeks: Monday off, 1 h Tue–Fri, 2 h at the weekend; pool on
/// Wednesdays; a gym.
pub fn base_brief() -> Brief {
    Brief::from_json(&format!(
        r#"{{"start_date":"{START}","sports":["run","bike","swim"],
        "fitness":{{"ctl":30,"atl":30,"history_daily_tss":[]}},
        "availability_hours":{{"mon":0,"tue":1,"wed":1,"thu":1,"fri":1,"sat":2,"sun":2}},
        "equipment":{{"pool_access":true,"pool_days":["wed"],"gym_access":true}}}}"#
    ))
    .unwrap()
}

fn mk(
    date: Date,
    sport: Sport,
    kind: WorkoutKind,
    intensity: Intensity,
    z: Zones,
    loc: Location,
) -> Workout {
    let minutes = z.total();
    Workout {
        date,
        sport,
        kind,
        name: format!("{kind:?}"),
        duration_min: minutes,
        tss: z.tss(),
        intensity,
        time_in_zone_min: z,
        location: loc,
        steps: vec![Step::Work(StepBody {
            duration_min: minutes,
            target: Target::Rpe {
                low: 3.0,
                high: 4.0,
            },
            note: None,
        })],
        description: String::new(),
        race: None,
    }
}

pub fn easy(date: Date, sport: Sport, min: f32, loc: Location) -> Workout {
    let z = Zones {
        z1: 0.1 * min,
        z2: 0.9 * min,
        ..Zones::default()
    };
    mk(
        date,
        sport,
        WorkoutKind::Endurance,
        Intensity::Endurance,
        z,
        loc,
    )
}

/// 60 min with 20 min at threshold.
pub fn threshold(date: Date, sport: Sport) -> Workout {
    let z = Zones {
        z1: 15.0,
        z2: 25.0,
        z4: 20.0,
        ..Zones::default()
    };
    mk(
        date,
        sport,
        WorkoutKind::Threshold,
        Intensity::Threshold,
        z,
        Location::Outdoor,
    )
}

fn strength(date: Date, min: f32) -> Workout {
    let z = Zones {
        z1: 0.5 * min,
        z2: 0.5 * min,
        ..Zones::default()
    };
    mk(
        date,
        Sport::Strength,
        WorkoutKind::Strength,
        Intensity::Strength,
        z,
        Location::Gym,
    )
}

/// Tue easy run, Wed pool swim, Thu threshold run, Sat long run + strength,
/// Sun ride; every fourth week at about half.
pub fn good_plan() -> Plan {
    let mut ws = Vec::new();
    for k in 0..12 {
        let o = 7 * k;
        let s = if k % 4 == 3 { 0.5 } else { 1.0 };
        ws.push(easy(d(o + 1), Sport::Run, 45.0 * s, Location::Outdoor));
        ws.push(easy(d(o + 2), Sport::Swim, 40.0 * s, Location::Pool));
        if k % 4 == 3 {
            ws.push(easy(d(o + 3), Sport::Run, 30.0, Location::Outdoor));
        } else {
            ws.push(threshold(d(o + 3), Sport::Run));
        }
        ws.push(easy(d(o + 5), Sport::Run, 90.0 * s, Location::Outdoor));
        ws.push(strength(d(o + 5), 20.0));
        ws.push(easy(d(o + 6), Sport::Bike, 90.0 * s, Location::Outdoor));
    }
    Plan {
        version: Some(1),
        parent_version: None,
        workouts: ws,
    }
}

#[track_caller]
fn only(brief: &Brief, plan: &Plan, cfg: &CheckerConfig, kind: ViolationKind) -> Vec<Violation> {
    let r = check(brief, plan, cfg);
    assert_eq!(r.kinds(), vec![kind], "{:#?}", r.violations);
    r.violations
}

#[track_caller]
fn only_rule(rule: Rule, plan: &Plan) {
    let mut b = base_brief();
    b.rules.push(rule);
    let v = only(&b, plan, &CheckerConfig::default(), ViolationKind::Rule);
    assert!(v.iter().all(|v| v.rule_index == Some(0)));
}

#[test]
fn good_plan_passes() {
    let r = check(&base_brief(), &good_plan(), &CheckerConfig::default());
    assert!(r.passed(), "{:#?}", r.violations);
}

#[test]
fn week_hours() {
    // Every training day at 120 % of its hours: each day within 125 %, the week over 110 %.
    let mut p = good_plan();
    p.workouts.retain(|w| w.date > d(6));
    for (o, min) in [
        (1, 72.0),
        (2, 72.0),
        (3, 72.0),
        (4, 72.0),
        (5, 144.0),
        (6, 144.0),
    ] {
        p.workouts
            .push(easy(d(o), Sport::Bike, min, Location::Outdoor));
    }
    p.sort();
    let v = only(
        &base_brief(),
        &p,
        &CheckerConfig::default(),
        ViolationKind::WeekHours,
    );
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].date, Some(d(0)));
}

#[test]
fn day_hours() {
    let mut p = good_plan();
    p.workouts
        .retain(|w| !(w.date == d(12) && w.sport == Sport::Bike));
    p.workouts
        .push(easy(d(12), Sport::Bike, 160.0, Location::Outdoor)); // 2 h available
    assert_eq!(
        only(
            &base_brief(),
            &p,
            &CheckerConfig::default(),
            ViolationKind::DayHours
        )
        .len(),
        1
    );
}

#[test]
fn zero_hour_day() {
    let mut p = good_plan();
    p.workouts
        .push(easy(d(7), Sport::Run, 30.0, Location::Outdoor)); // a Monday
    assert_eq!(
        only(
            &base_brief(),
            &p,
            &CheckerConfig::default(),
            ViolationKind::ZeroHourDay
        )[0]
        .date,
        Some(d(7))
    );
}

#[test]
fn ctl_ramp() {
    let cfg = CheckerConfig {
        max_ctl_ramp_per_week: 0.3,
        ..CheckerConfig::default()
    };
    only(&base_brief(), &good_plan(), &cfg, ViolationKind::CtlRamp);
}

#[test]
fn lighter_week() {
    let mut p = good_plan();
    // Week 4 (index 3) as hard as the others.
    p.workouts.retain(|w| w.date.week_start() != d(21));
    let mut full = good_plan();
    full.workouts.retain(|w| w.date.week_start() == d(14));
    for w in full.workouts {
        p.workouts.push(Workout {
            date: w.date.plus(7),
            ..w
        });
    }
    p.sort();
    let v = only(
        &base_brief(),
        &p,
        &CheckerConfig::default(),
        ViolationKind::LighterWeek,
    );
    assert_eq!(
        v.len(),
        4,
        "windows starting weeks 1–4 have no lighter week"
    );
}

fn race_brief(priority: &str, ctl: f32, atl: f32) -> Brief {
    let mut b = base_brief();
    b.fitness.ctl = ctl;
    b.fitness.atl = atl;
    b.races = serde_json::from_str(&format!(
        r#"[{{"date":"{}","name":"Test race","sport":"run","distance_km":10,"priority":"{priority}","target_time_min":45}}]"#,
        d(34)
    ))
    .unwrap();
    b
}

fn race_workout(date: Date) -> Workout {
    let z = Zones {
        z4: 31.5,
        z5: 9.0,
        z3: 4.5,
        ..Zones::default()
    };
    Workout {
        race: Some("Test race".into()),
        kind: WorkoutKind::Race,
        ..mk(
            date,
            Sport::Run,
            WorkoutKind::Race,
            Intensity::Race,
            z,
            Location::Outdoor,
        )
    }
}

#[test]
fn race_tsb() {
    // Fit but fresh (CTL 70, ATL 40) and nothing but the race: too fresh on race morning.
    let b = race_brief("A", 70.0, 40.0);
    let p = Plan {
        workouts: vec![race_workout(d(34))],
        ..Plan::default()
    };
    let v = only(&b, &p, &CheckerConfig::default(), ViolationKind::RaceTsb);
    assert!(v[0].message.contains("Test race"));
}

#[test]
fn race_missing() {
    let b = race_brief("B", 30.0, 30.0);
    let mut p = good_plan();
    p.workouts.push(race_workout(d(34)));
    assert!(check(&b, &p, &CheckerConfig::default()).passed());
    p.workouts.retain(|w| !w.is_race());
    only(
        &b,
        &p,
        &CheckerConfig::default(),
        ViolationKind::RaceMissing,
    );
}

#[test]
fn polarization() {
    let mut p = good_plan();
    for w in p
        .workouts
        .iter_mut()
        .filter(|w| w.date == d(5) && w.sport == Sport::Run || w.date == d(6))
    {
        let z = Zones {
            z1: 15.0,
            z2: 15.0,
            z3: 60.0,
            ..Zones::default()
        };
        *w = mk(
            w.date,
            w.sport,
            WorkoutKind::Tempo,
            Intensity::Tempo,
            z,
            Location::Outdoor,
        );
    }
    let v = only(
        &base_brief(),
        &p,
        &CheckerConfig::default(),
        ViolationKind::Polarization,
    );
    assert_eq!(v[0].date, Some(d(0)));
    // The share is configurable per athlete.
    let lenient = CheckerConfig {
        min_low_zone_share: 0.5,
        ..CheckerConfig::default()
    };
    assert!(check(&base_brief(), &p, &lenient).passed());
}

#[test]
fn injury() {
    let mut b = base_brief();
    b.injuries = serde_json::from_str(&format!(
        r#"[{{"description":"calf","sport":"run","from":"{}","until":"{}","forbidden_intensities":["threshold"]}}]"#,
        d(14), d(20)
    ))
    .unwrap();
    let v = only(
        &b,
        &good_plan(),
        &CheckerConfig::default(),
        ViolationKind::Injury,
    );
    assert_eq!(v.len(), 1, "only the threshold run of that week");
    b.injuries[0].forbid_sport = Some(true);
    assert_eq!(
        only(
            &b,
            &good_plan(),
            &CheckerConfig::default(),
            ViolationKind::Injury
        )
        .len(),
        3
    );
}

#[test]
fn equipment() {
    let mut b = base_brief();
    b.equipment.pool_days = Some(vec![Weekday::Mon]);
    assert_eq!(
        only(
            &b,
            &good_plan(),
            &CheckerConfig::default(),
            ViolationKind::Equipment
        )
        .len(),
        12
    );
    let mut b = base_brief();
    b.equipment.indoor_only = true;
    only(
        &b,
        &good_plan(),
        &CheckerConfig::default(),
        ViolationKind::Equipment,
    );
    // Power targets need a power meter.
    let mut p = good_plan();
    p.workouts[5].steps = vec![Step::Work(StepBody {
        duration_min: 90.0,
        target: Target::PercentFtp {
            low: 56.0,
            high: 75.0,
        },
        note: None,
    })];
    assert_eq!(
        only(
            &base_brief(),
            &p,
            &CheckerConfig::default(),
            ViolationKind::Equipment
        )
        .len(),
        1
    );
}

#[test]
fn tss_consistency() {
    let mut p = good_plan();
    p.workouts[0].tss *= 2.0; // load invented
    assert_eq!(
        only(
            &base_brief(),
            &p,
            &CheckerConfig::default(),
            ViolationKind::TssConsistency
        )
        .len(),
        2,
        "zones and IF both disagree"
    );
    let mut p = good_plan();
    p.workouts[0].time_in_zone_min.z2 += 30.0; // zones longer than the workout
    only(
        &base_brief(),
        &p,
        &CheckerConfig::default(),
        ViolationKind::TssConsistency,
    );
}

#[test]
fn outside_plan() {
    let mut p = good_plan();
    p.workouts
        .insert(0, easy(d(-3), Sport::Run, 30.0, Location::Outdoor));
    only(
        &base_brief(),
        &p,
        &CheckerConfig::default(),
        ViolationKind::OutsidePlan,
    );
}

#[test]
fn every_structured_rule() {
    use Sport::*;
    let p = good_plan();
    only_rule(
        Rule::NoSportOnDay {
            sport: Run,
            day: Weekday::Tue,
        },
        &p,
    );
    only_rule(Rule::RestDay { day: Weekday::Tue }, &p);
    only_rule(
        Rule::LongSessionDay {
            sport: Run,
            day: Weekday::Thu,
        },
        &p,
    );
    only_rule(Rule::MaxHardDaysPerWeek { n: 0 }, &p);
    only_rule(
        Rule::MaxSessionMinutes {
            sport: Run,
            minutes: 60.0,
        },
        &p,
    );
    only_rule(Rule::MinSessionsPerWeek { sport: Swim, n: 2 }, &p);
    only_rule(Rule::MaxSessionsPerDay { n: 1 }, &p);
    only_rule(
        Rule::SportOnlyOnDays {
            sport: Swim,
            days: vec![Weekday::Mon],
        },
        &p,
    );
    only_rule(Rule::MinRestDaysPerWeek { n: 3 }, &p);
    only_rule(Rule::MaxConsecutiveDays { sport: None, n: 2 }, &p);
    only_rule(
        Rule::MaxConsecutiveDays {
            sport: Some(Run),
            n: 1,
        },
        &{
            let mut p = good_plan();
            p.workouts.push(easy(d(4), Run, 30.0, Location::Outdoor)); // Thu + Fri runs
            p
        },
    );
    let mut hard = good_plan();
    hard.workouts.retain(|w| w.date != d(4));
    hard.workouts.push(threshold(d(4), Bike)); // Thu and Fri both hard
    only_rule(Rule::NoBackToBackHardDays {}, &hard);
    // And each of them holds on the good plan when it is satisfiable.
    let mut b = base_brief();
    b.rules = vec![
        Rule::NoSportOnDay {
            sport: Run,
            day: Weekday::Fri,
        },
        Rule::RestDay { day: Weekday::Mon },
        Rule::LongSessionDay {
            sport: Run,
            day: Weekday::Sat,
        },
        Rule::MaxHardDaysPerWeek { n: 1 },
        Rule::NoBackToBackHardDays {},
        Rule::MaxSessionMinutes {
            sport: Run,
            minutes: 90.0,
        },
        Rule::MinSessionsPerWeek { sport: Run, n: 2 },
        Rule::MaxSessionsPerDay { n: 2 },
        Rule::SportOnlyOnDays {
            sport: Swim,
            days: vec![Weekday::Wed],
        },
        Rule::MinRestDaysPerWeek { n: 2 },
        Rule::MaxConsecutiveDays { sport: None, n: 3 },
    ];
    assert!(check(&b, &p, &CheckerConfig::default()).passed());
}

#[test]
fn config_round_trips_and_documents_defaults() {
    let cfg = CheckerConfig::default();
    let json = serde_json::to_string(&cfg).unwrap();
    assert_eq!(serde_json::from_str::<CheckerConfig>(&json).unwrap(), cfg);
    // Partial configs fill the rest with defaults.
    let c: CheckerConfig = serde_json::from_str(r#"{"min_low_zone_share":0.8}"#).unwrap();
    assert_eq!(c.min_low_zone_share, 0.8);
    assert_eq!(c.max_ctl_ramp_per_week, 8.0);
    assert_eq!((c.race_tsb_min, c.race_tsb_max), (5.0, 25.0));
}
