//! The training-plan tables: the brief's parts round-trip, rules and plans are
//! versioned, and deleting an athlete removes them.

use paceline_plan::brief::{Availability, Equipment, Injury, Race, Rule};
use paceline_plan::{Brief, CheckerConfig, Date, Intensity, Sport, Weekday};
use paceline_store::{Error, KeyOptions, NewPlan, PlanProfile, PlanSource, Store};

fn open(dir: &std::path::Path) -> Store {
    Store::open(dir, &KeyOptions::with_passphrase(super::PASS)).unwrap()
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

const BRIEF: &str = r#"{
  "start_date": "2027-02-01", "sports": ["run"],
  "thresholds": {"lthr_bpm": 170, "threshold_pace_s_per_km": 270},
  "fitness": {"ctl": 40, "atl": 40},
  "races": [{"date": "2027-04-25", "name": "Spring 10k", "sport": "run",
             "distance_km": 10, "priority": "A", "target_time_min": 45}],
  "availability_hours": {"mon": 0, "tue": 1, "wed": 1, "thu": 1, "fri": 0, "sat": 1.5, "sun": 2}
}"#;

#[test]
fn brief_parts_round_trip_per_athlete() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(dir.path());
    let a = s.ensure_athlete("A", 0).unwrap();
    let b = s.add_athlete("B", 0).unwrap();
    let race = Race {
        date: d("2027-04-25"),
        name: "Spring 10k".into(),
        sport: paceline_plan::brief::RaceSport::Run,
        distance_km: Some(10.0),
        priority: paceline_plan::brief::Priority::A,
        target_time_min: Some(45.0),
        taper_days: Some(10),
    };
    let id = s.add_race(a, &race).unwrap();
    assert_eq!(s.races(a).unwrap()[0].race, race);
    assert!(s.races(b).unwrap().is_empty());
    // Another athlete cannot remove it.
    assert!(matches!(
        s.remove_race(b, id),
        Err(Error::Missing { what: "race", .. })
    ));

    assert_eq!(s.availability(a).unwrap(), None);
    let av = Availability {
        mon: 0.0,
        tue: 1.0,
        wed: 1.5,
        thu: 1.0,
        fri: 0.0,
        sat: 3.0,
        sun: 2.5,
    };
    s.set_availability(a, &av).unwrap();
    assert_eq!(s.availability(a).unwrap(), Some(av));

    let eq = Equipment {
        pool_access: true,
        pool_days: Some(vec![Weekday::Mon, Weekday::Thu]),
        gym_access: true,
        ..Default::default()
    };
    s.set_equipment(a, &eq).unwrap();
    assert_eq!(s.equipment(a).unwrap(), Some(eq));

    let inj = Injury {
        description: "calf strain".into(),
        sport: Some(Sport::Run),
        from: d("2027-02-01"),
        until: Some(d("2027-02-20")),
        forbidden_intensities: vec![Intensity::Vo2, Intensity::Anaerobic],
        max_session_minutes: Some(40.0),
        forbid_sport: None,
    };
    let iid = s.add_injury(a, &inj).unwrap();
    assert_eq!(s.injuries(a).unwrap()[0].injury, inj);
    s.remove_injury(a, iid).unwrap();
    assert!(s.injuries(a).unwrap().is_empty());

    let p = PlanProfile {
        sports: Some(vec![Sport::Run, Sport::Bike]),
        cross_training: vec![Sport::Swim],
        goal_ctl: Some(55.0),
        checker_config: Some(r#"{"min_low_zone_share":0.7}"#.into()),
    };
    s.set_plan_profile(a, &p).unwrap();
    assert_eq!(s.plan_profile(a).unwrap(), p);
    assert_eq!(s.plan_profile(b).unwrap(), PlanProfile::default());
}

#[test]
fn rules_are_versioned_with_their_words() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(dir.path());
    let a = s.ensure_athlete("A", 0).unwrap();
    assert_eq!(s.rules(a).unwrap(), None);
    let r1 = vec![Rule::RestDay { day: Weekday::Mon }];
    assert_eq!(s.set_rules(a, &r1, "Mondays off", 10).unwrap(), 1);
    let r2 = vec![
        Rule::RestDay { day: Weekday::Mon },
        Rule::MaxConsecutiveDays { sport: None, n: 3 },
    ];
    assert_eq!(
        s.set_rules(a, &r2, "Mondays off, 3 days max", 20).unwrap(),
        2
    );
    let now = s.rules(a).unwrap().unwrap();
    assert_eq!(
        (now.version, now.rules, now.text.as_str()),
        (2, r2, "Mondays off, 3 days max")
    );
    let h = s.rules_history(a).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].rules, r1);
}

#[test]
fn plans_are_versioned_with_a_parent_and_go_with_their_athlete() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(dir.path());
    let a = s.ensure_athlete("A", 0).unwrap();
    let b = s.add_athlete("B", 0).unwrap();
    assert_eq!(s.plan(a, None).unwrap(), None);
    let brief = Brief::from_json(BRIEF).unwrap();
    let out = paceline_plan::generate(&brief, &CheckerConfig::default());
    assert!(out.feasible(), "{:?}", out.infeasible);
    let w = &out.plan.workouts;
    let new = |parent, workouts, reason| NewPlan {
        parent,
        created_utc: 100,
        reason,
        source: PlanSource::Builtin,
        start_date: brief.start_date,
        workouts,
    };
    assert_eq!(s.save_plan(a, new(None, w, "generated")).unwrap(), 1);
    let (meta, back) = s.plan(a, None).unwrap().unwrap();
    assert_eq!(&back, w, "workouts and their steps survive the vault");
    assert_eq!(meta.workout_count as usize, w.len());
    let total: f32 = w.iter().map(|w| w.tss).sum();
    assert!((meta.total_tss - total).abs() < 0.5);

    let fewer = &w[1..];
    assert_eq!(s.save_plan(a, new(Some(1), fewer, "moved")).unwrap(), 2);
    // A parent that does not exist is refused and nothing is stored.
    assert!(matches!(
        s.save_plan(a, new(Some(9), fewer, "x")),
        Err(Error::Missing {
            what: "plan version",
            id: 9
        })
    ));
    let versions = s.plan_versions(a).unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!((versions[1].version, versions[1].parent), (2, Some(1)));
    assert_eq!(versions[1].reason, "moved");
    assert_eq!(s.plan(a, Some(1)).unwrap().unwrap().1.len(), w.len());
    assert!(matches!(s.plan(a, Some(7)), Err(Error::Missing { .. })));
    // B's numbering is their own.
    assert_eq!(s.save_plan(b, new(None, fewer, "b")).unwrap(), 1);

    s.add_race(a, &brief.races[0]).unwrap();
    s.set_rules(a, &[], "", 0).unwrap();
    s.delete_athlete(a).unwrap();
    assert!(s.plan_versions(a).unwrap().is_empty());
    assert!(s.races(a).unwrap().is_empty());
    assert!(s.rules(a).unwrap().is_none());
    assert_eq!(s.plan_versions(b).unwrap().len(), 1);
}
