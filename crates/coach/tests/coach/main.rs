//! The coach core: prompts and schemas, the athlete context and its token budget,
//! proposals → workouts with totals computed here, rules from words, plan changes and
//! the rule-based analysis.

mod changes;
mod context;
mod prompts;
mod proposal;
mod review;
mod rules;

use paceline_plan::Date;

pub fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// A runner's brief starting Monday 2027-03-01 with an A race on 2027-06-13.
pub fn brief() -> paceline_plan::Brief {
    paceline_plan::Brief::from_json(
        r#"{
      "start_date": "2027-03-01", "sports": ["run", "bike"],
      "thresholds": {"lthr_bpm": 170, "threshold_pace_s_per_km": 270, "ftp_w": 250},
      "fitness": {"ctl": 45, "atl": 50},
      "races": [{"date": "2027-06-13", "name": "City Marathon", "sport": "run",
                 "distance_km": 42.2, "priority": "A", "target_time_min": 215}],
      "availability_hours": {"mon": 0, "tue": 1, "wed": 1.5, "thu": 1, "fri": 0, "sat": 2.5, "sun": 3},
      "equipment": {"power_meter": true, "indoor_trainer": true},
      "rules": [{"type": "rest_day", "day": "fri"}],
      "rules_text": "Fridays off"
    }"#,
    )
    .unwrap()
}
