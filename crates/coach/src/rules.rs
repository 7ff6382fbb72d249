//! Rules and injuries from the athlete's words: the model's answer (schema `rules`)
//! read into the brief's own types and validated the way the brief validates them,
//! for the athlete to confirm before they are saved.

use paceline_plan::brief::{Injury, Rule};
use paceline_plan::{Brief, Date};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::CoachError;

/// What the words became.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedRules {
    pub rules: Vec<Rule>,
    pub injuries: Vec<Injury>,
    /// What the model could not express as a rule (shown to the athlete).
    #[serde(default)]
    pub unparsed: String,
}

/// Reads and validates the model's answer: every rule and injury as the brief would
/// accept it; an injury may not start before `today` minus a year or end before it
/// starts.
pub fn parse(v: &Value, today: Date) -> Result<ParsedRules, CoachError> {
    let mut p: ParsedRules = serde_json::from_value(v.clone())
        .map_err(|e| CoachError::Invalid(vec![format!("the rules do not follow the form: {e}")]))?;
    for i in &mut p.injuries {
        i.description = i.description.trim().chars().take(200).collect();
        if i.forbid_sport == Some(false) {
            i.forbid_sport = None;
        }
    }
    let mut errors = Vec::new();
    for (n, i) in p.injuries.iter().enumerate() {
        if i.from.0 < today.0 - 366 {
            errors.push(format!(
                "injury {} starts {}, more than a year ago",
                n + 1,
                i.from
            ));
        }
    }
    if let Err(e) = Brief::validate_limits(today, &p.rules, &p.injuries) {
        errors.push(e.to_string());
    }
    if errors.is_empty() {
        Ok(p)
    } else {
        Err(CoachError::Invalid(errors))
    }
}

/// One line per rule, for the confirmation screen and the CLI.
pub fn describe_rule(r: &Rule) -> String {
    match r {
        Rule::NoSportOnDay { sport, day } => format!("no {} on {}", sport.name(), day.name()),
        Rule::RestDay { day } => format!("rest day on {}", day.name()),
        Rule::LongSessionDay { sport, day } => {
            format!("long {} on {}", sport.name(), day.name())
        }
        Rule::MaxHardDaysPerWeek { n } => format!("at most {n} hard days a week"),
        Rule::NoBackToBackHardDays {} => "no hard days back to back".into(),
        Rule::MaxSessionMinutes { sport, minutes } => {
            format!("{} sessions at most {minutes:.0} min", sport.name())
        }
        Rule::MinSessionsPerWeek { sport, n } => {
            format!("at least {n} {} sessions a week", sport.name())
        }
        Rule::MaxSessionsPerDay { n } => format!("at most {n} sessions a day"),
        Rule::SportOnlyOnDays { sport, days } => format!(
            "{} only on {}",
            sport.name(),
            days.iter().map(|d| d.name()).collect::<Vec<_>>().join(", ")
        ),
        Rule::MinRestDaysPerWeek { n } => format!("at least {n} rest days a week"),
        Rule::MaxConsecutiveDays { sport, n } => match sport {
            Some(s) => format!("at most {n} {} days in a row", s.name()),
            None => format!("at most {n} training days in a row"),
        },
    }
}

/// One line per injury.
pub fn describe_injury(i: &Injury) -> String {
    let what = i
        .sport
        .map_or("all sports".to_string(), |s| s.name().to_string());
    let until = i
        .until
        .map_or("until further notice".to_string(), |u| format!("until {u}"));
    let mut limits = Vec::new();
    if i.forbid_sport == Some(true) {
        limits.push("no sessions".to_string());
    }
    if !i.forbidden_intensities.is_empty() {
        limits.push(format!(
            "no {}",
            i.forbidden_intensities
                .iter()
                .map(|x| x.name())
                .collect::<Vec<_>>()
                .join("/")
        ));
    }
    if let Some(m) = i.max_session_minutes {
        limits.push(format!("at most {m:.0} min"));
    }
    format!(
        "{} ({what}, from {} {until}){}",
        i.description,
        i.from,
        if limits.is_empty() {
            String::new()
        } else {
            format!(": {}", limits.join(", "))
        }
    )
}
