use paceline_coach::rules::{describe_injury, describe_rule, parse};
use paceline_coach::CoachError;
use paceline_plan::brief::Rule;
use paceline_plan::{Intensity, Sport, Weekday};
use serde_json::json;

use super::d;

#[test]
fn words_become_rules_and_injuries_for_confirmation() {
    let answer = json!({
        "rules": [{"type": "no_sport_on_day", "sport": "run", "day": "tue"},
                  {"type": "rest_day", "day": "tue"},
                  {"type": "max_consecutive_days", "sport": null, "n": 4}],
        "injuries": [{"description": "knee hurts on descents", "sport": "run", "from": "2027-03-01",
                      "until": null, "forbidden_intensities": ["vo2", "anaerobic"],
                      "max_session_minutes": 60, "forbid_sport": false}],
        "unparsed": "keep Sundays easy"});
    let p = parse(&answer, d("2027-03-01")).unwrap();
    assert_eq!(p.rules[1], Rule::RestDay { day: Weekday::Tue });
    assert_eq!(p.injuries[0].sport, Some(Sport::Run));
    assert_eq!(p.injuries[0].forbid_sport, None);
    assert_eq!(
        p.injuries[0].forbidden_intensities,
        [Intensity::Vo2, Intensity::Anaerobic]
    );
    assert_eq!(describe_rule(&p.rules[0]), "no run on tue");
    assert_eq!(
        describe_rule(&p.rules[2]),
        "at most 4 training days in a row"
    );
    assert_eq!(
        describe_injury(&p.injuries[0]),
        "knee hurts on descents (run, from 2027-03-01 until further notice): no vo2/anaerobic, at most 60 min"
    );
}

#[test]
fn impossible_rules_are_refused_with_the_reason() {
    let bad = json!({"rules": [{"type": "max_sessions_per_day", "n": 0}],
        "injuries": [{"description": "old", "sport": null, "from": "2020-01-01", "until": null,
                      "forbidden_intensities": [], "max_session_minutes": null, "forbid_sport": null}],
        "unparsed": ""});
    let Err(CoachError::Invalid(e)) = parse(&bad, d("2027-03-01")) else {
        panic!("must be refused")
    };
    assert!(e[0].contains("more than a year ago"), "{e:?}");
    assert!(e[1].contains("at least 1"), "{e:?}");
    assert!(parse(&json!({"rules": "tuesdays"}), d("2027-03-01")).is_err());
}
