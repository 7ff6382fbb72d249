//! Parsing and validating the brief: unknown keys ignored, errors name the field.

use paceline_plan::brief::{Priority, RaceSport, Rule};
use paceline_plan::*;

fn minimal() -> serde_json::Value {
    serde_json::json!({
        "start_date": "2027-01-04",
        "sports": ["run"],
        "fitness": {"ctl": 30, "atl": 25, "history_daily_tss": [40, 0, 55]},
        "availability_hours": {"mon": 1, "tue": 1, "wed": 0, "thu": 1, "fri": 0, "sat": 2, "sun": 1.5}
    })
}

fn err(v: serde_json::Value) -> String {
    Brief::from_json(&v.to_string()).unwrap_err().to_string()
}

#[test]
fn minimal_brief_parses_with_defaults_and_ignores_unknown_keys() {
    let mut v = minimal();
    v["favourite_colour"] = "teal".into();
    v["fitness"]["vo2max"] = 55.into();
    let b = Brief::from_json(&v.to_string()).unwrap();
    assert_eq!(b.start_date, Date::from_ymd(2027, 1, 4).unwrap());
    assert_eq!(b.start_date.weekday(), Weekday::Mon);
    assert_eq!(b.availability_hours.week_total(), 6.5);
    assert!(b.races.is_empty() && b.rules.is_empty() && b.goal.is_none());
    assert!(!b.equipment.pool_access);
}

#[test]
fn all_fields_and_rule_types_parse() {
    let b = crate::briefs::load("ironman_24wk.json");
    assert_eq!(b.races.len(), 3);
    assert_eq!(b.races[0].sport, RaceSport::Triathlon);
    assert_eq!(b.races[0].priority, Priority::A);
    assert_eq!(
        b.equipment.pool_days.as_deref(),
        Some(&[Weekday::Mon, Weekday::Wed, Weekday::Fri][..])
    );
    let rules = serde_json::json!([
        {"type": "no_sport_on_day", "sport": "bike", "day": "sunday"},
        {"type": "rest_day", "day": "mon"},
        {"type": "long_session_day", "sport": "run", "day": "sat"},
        {"type": "max_hard_days_per_week", "n": 2},
        {"type": "no_back_to_back_hard_days"},
        {"type": "max_session_minutes", "sport": "run", "minutes": 120},
        {"type": "min_sessions_per_week", "sport": "swim", "n": 2},
        {"type": "max_sessions_per_day", "n": 1},
        {"type": "sport_only_on_days", "sport": "swim", "days": ["tue", "thu"]},
        {"type": "min_rest_days_per_week", "n": 1},
        {"type": "max_consecutive_days", "n": 4},
        {"type": "max_consecutive_days", "sport": "run", "n": 2}
    ]);
    let mut v = minimal();
    v["rules"] = rules;
    let b = Brief::from_json(&v.to_string()).unwrap();
    assert_eq!(b.rules.len(), 12);
    assert_eq!(
        b.rules[0],
        Rule::NoSportOnDay {
            sport: Sport::Bike,
            day: Weekday::Sun
        }
    );
    assert_eq!(b.rules[10], Rule::MaxConsecutiveDays { sport: None, n: 4 });
}

#[test]
fn missing_and_bad_fields_are_named() {
    let mut v = minimal();
    v.as_object_mut().unwrap().remove("start_date");
    assert!(err(v).contains("start_date"));
    let mut v = minimal();
    v["fitness"].as_object_mut().unwrap().remove("ctl");
    let e = err(v);
    assert!(e.contains("fitness") && e.contains("ctl"), "{e}");
    let mut v = minimal();
    v["start_date"] = "2027-02-30".into();
    let e = err(v);
    assert!(e.contains("start_date") && e.contains("YYYY-MM-DD"), "{e}");
    let mut v = minimal();
    v["availability_hours"]["sat"] = 25.into();
    assert!(err(v).contains("availability_hours.sat"));
    let mut v = minimal();
    v["races"] =
        serde_json::json!([{"date": "2027-03-01", "name": "X", "sport": "run", "priority": "D"}]);
    let e = err(v);
    assert!(e.contains("races[0].priority"), "{e}");
    let mut v = minimal();
    v["rules"] =
        serde_json::json!([{"type": "max_hard_days_per_week", "n": 3}, {"type": "be_nice"}]);
    let e = err(v);
    assert!(e.contains("rules[1]"), "{e}");
    let mut v = minimal();
    v["injuries"] =
        serde_json::json!([{"sport": "run", "from": "2027-02-01", "until": "2027-01-01"}]);
    assert!(err(v).contains("injuries[0].until"));
    let mut v = minimal();
    v["goal"] = serde_json::json!({"ctl_on_race_morning": 60});
    assert!(err(v).contains("goal"), "a goal without an A race");
    let mut v = minimal();
    v["sports"] = serde_json::json!([]);
    assert!(err(v).contains("sports"));
    assert!(Brief::from_json("{not json").is_err());
}

#[test]
fn race_duration_from_target_or_distance() {
    let b = crate::briefs::load("ironman_24wk.json");
    assert_eq!(b.races[0].duration_min(), 660.0);
    let mut r = b.races[0].clone();
    r.target_time_min = None;
    assert_eq!(r.duration_min(), 226.0 * 2.6);
}

#[test]
fn dates_and_iso_weeks() {
    let d = Date::parse("2027-01-01").unwrap(); // a Friday
    assert_eq!(d.weekday(), Weekday::Fri);
    assert_eq!(d.week_start().to_string(), "2026-12-28");
    assert_eq!(d.iso_week(), "2026-W53");
    assert_eq!(Date::parse("2027-01-04").unwrap().iso_week(), "2027-W01");
    assert_eq!(serde_json::to_string(&d).unwrap(), "\"2027-01-01\"");
}
