//! The athlete's brief: what a plan is built from. JSON field names are the
//! ones `paceline plan brief --json` prints; documented in `docs/plan-brief.md`.
//! Unknown keys are ignored; a missing required field or a bad value is an
//! error that names it.

use crate::date::{Date, Weekday};
use crate::model::{Intensity, Sport};
use serde::{Deserialize, Serialize};

/// Why a brief was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BriefError {
    /// Not JSON, a missing required field or a value of the wrong type.
    #[error("brief field `{path}`: {message}")]
    Json { path: String, message: String },
    /// Parsed, but a value makes no sense.
    #[error("brief field `{field}`: {message}")]
    Invalid { field: String, message: String },
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> BriefError {
    BriefError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

/// Sport of a race.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RaceSport {
    Run,
    Bike,
    Swim,
    Triathlon,
    Other,
}

impl RaceSport {
    /// Sports a race trains.
    pub fn sports(self) -> &'static [Sport] {
        match self {
            RaceSport::Run => &[Sport::Run],
            RaceSport::Bike => &[Sport::Bike],
            RaceSport::Swim => &[Sport::Swim],
            RaceSport::Triathlon => &[Sport::Swim, Sport::Bike, Sport::Run],
            RaceSport::Other => &[],
        }
    }
}

/// Race priority: A = the goal (full taper), B = training race (mini-taper),
/// C = folded into training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Priority {
    #[serde(alias = "a")]
    A,
    #[serde(alias = "b")]
    B,
    #[serde(alias = "c")]
    C,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Race {
    pub date: Date,
    pub name: String,
    pub sport: RaceSport,
    #[serde(default)]
    pub distance_km: Option<f32>,
    pub priority: Priority,
    #[serde(default)]
    pub target_time_min: Option<f32>,
    /// Taper length the athlete wants; the planner sizes it when absent.
    #[serde(default)]
    pub taper_days: Option<u32>,
}

impl Race {
    /// Expected race duration: the target time, else estimated from the
    /// distance at modest speeds, else an hour.
    pub fn duration_min(&self) -> f32 {
        if let Some(t) = self.target_time_min.filter(|t| *t > 0.0) {
            return t;
        }
        let per_km = match self.sport {
            RaceSport::Run => 6.0,
            RaceSport::Bike => 2.0,
            RaceSport::Swim => 22.0,
            RaceSport::Triathlon => 2.6,
            RaceSport::Other => 4.0,
        };
        self.distance_km
            .filter(|d| *d > 0.0)
            .map_or(60.0, |d| (d * per_km).clamp(10.0, 24.0 * 60.0))
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Thresholds {
    #[serde(default)]
    pub ftp_w: Option<f32>,
    #[serde(default)]
    pub lthr_bpm: Option<f32>,
    #[serde(default)]
    pub max_hr: Option<f32>,
    #[serde(default)]
    pub threshold_pace_s_per_km: Option<f32>,
    #[serde(default)]
    pub css_s_per_100m: Option<f32>,
    #[serde(default)]
    pub weight_kg: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fitness {
    pub ctl: f32,
    pub atl: f32,
    /// Daily TSS of the last (up to) 42 days, oldest first. Kept for the
    /// record; the projection starts from `ctl`/`atl`.
    #[serde(default)]
    pub history_daily_tss: Vec<f32>,
}

/// Hours available per weekday.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Availability {
    pub mon: f32,
    pub tue: f32,
    pub wed: f32,
    pub thu: f32,
    pub fri: f32,
    pub sat: f32,
    pub sun: f32,
}

impl Availability {
    pub fn hours(&self, d: Weekday) -> f32 {
        [
            self.mon, self.tue, self.wed, self.thu, self.fri, self.sat, self.sun,
        ][d.index()]
    }

    pub fn week_total(&self) -> f32 {
        Weekday::ALL.iter().map(|d| self.hours(*d)).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Equipment {
    #[serde(default)]
    pub indoor_trainer: bool,
    #[serde(default)]
    pub power_meter: bool,
    #[serde(default)]
    pub treadmill: bool,
    #[serde(default)]
    pub pool_access: bool,
    /// Weekdays the pool can be used; absent = every day.
    #[serde(default)]
    pub pool_days: Option<Vec<Weekday>>,
    #[serde(default)]
    pub open_water: bool,
    #[serde(default)]
    pub indoor_only: bool,
    #[serde(default)]
    pub gym_access: bool,
}

impl Equipment {
    pub fn pool_on(&self, d: Weekday) -> bool {
        self.pool_access && self.pool_days.as_ref().is_none_or(|days| days.contains(&d))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Injury {
    #[serde(default)]
    pub description: String,
    /// The sport it affects; absent = every sport.
    #[serde(default)]
    pub sport: Option<Sport>,
    pub from: Date,
    /// Last affected day; absent = until further notice.
    #[serde(default)]
    pub until: Option<Date>,
    #[serde(default)]
    pub forbidden_intensities: Vec<Intensity>,
    #[serde(default)]
    pub max_session_minutes: Option<f32>,
    #[serde(default)]
    pub forbid_sport: Option<bool>,
}

impl Injury {
    pub fn active(&self, d: Date) -> bool {
        d >= self.from && self.until.is_none_or(|u| d <= u)
    }

    pub fn affects(&self, s: Sport) -> bool {
        self.sport.is_none_or(|x| x == s)
    }
}

/// Structured rules (`type` tags them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Rule {
    NoSportOnDay {
        sport: Sport,
        day: Weekday,
    },
    RestDay {
        day: Weekday,
    },
    LongSessionDay {
        sport: Sport,
        day: Weekday,
    },
    MaxHardDaysPerWeek {
        n: u32,
    },
    NoBackToBackHardDays {},
    MaxSessionMinutes {
        sport: Sport,
        minutes: f32,
    },
    MinSessionsPerWeek {
        sport: Sport,
        n: u32,
    },
    MaxSessionsPerDay {
        n: u32,
    },
    SportOnlyOnDays {
        sport: Sport,
        days: Vec<Weekday>,
    },
    MinRestDaysPerWeek {
        n: u32,
    },
    MaxConsecutiveDays {
        #[serde(default)]
        sport: Option<Sport>,
        n: u32,
    },
}

impl Rule {
    /// The rule in plain words, for lists the athlete reads.
    pub fn words(&self) -> String {
        let day = |d: &Weekday| full_day(*d);
        match self {
            Rule::NoSportOnDay { sport, day: d } => format!("No {} on {}s", sport.name(), day(d)),
            Rule::RestDay { day: d } => format!("Rest on {}s", day(d)),
            Rule::LongSessionDay { sport, day: d } => {
                format!("Long {} on {}s", sport.name(), day(d))
            }
            Rule::MaxHardDaysPerWeek { n } => format!("At most {n} hard days a week"),
            Rule::NoBackToBackHardDays {} => "No hard days back to back".into(),
            Rule::MaxSessionMinutes { sport, minutes } => {
                format!("{} sessions at most {minutes:.0} min", sport.name())
            }
            Rule::MinSessionsPerWeek { sport, n } => {
                format!("At least {n} {} sessions a week", sport.name())
            }
            Rule::MaxSessionsPerDay { n } => format!("At most {n} sessions a day"),
            Rule::SportOnlyOnDays { sport, days } => format!(
                "{} only on {}",
                sport.name(),
                days.iter().map(day).collect::<Vec<_>>().join(", ")
            ),
            Rule::MinRestDaysPerWeek { n } => format!("At least {n} rest days a week"),
            Rule::MaxConsecutiveDays { sport, n } => match sport {
                Some(s) => format!("At most {n} days of {} in a row", s.name()),
                None => format!("At most {n} training days in a row"),
            },
        }
    }
}

fn full_day(d: Weekday) -> &'static str {
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][d.index()]
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub ctl_on_race_morning: f32,
}

/// Everything a plan is built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    /// First day of the plan ("today" for a fresh plan).
    pub start_date: Date,
    pub sports: Vec<Sport>,
    /// Sports that may stand in for a main one (e.g. during an injury).
    #[serde(default)]
    pub cross_training: Vec<Sport>,
    #[serde(default)]
    pub thresholds: Thresholds,
    pub fitness: Fitness,
    #[serde(default)]
    pub races: Vec<Race>,
    pub availability_hours: Availability,
    #[serde(default)]
    pub equipment: Equipment,
    #[serde(default)]
    pub injuries: Vec<Injury>,
    #[serde(default)]
    pub rules: Vec<Rule>,
    #[serde(default)]
    pub rules_text: String,
    #[serde(default)]
    pub goal: Option<Goal>,
}

impl Brief {
    /// Parses and validates a brief.
    pub fn from_json(json: &str) -> Result<Brief, BriefError> {
        let de = &mut serde_json::Deserializer::from_str(json);
        let brief: Brief = serde_path_to_error::deserialize(de).map_err(|e| BriefError::Json {
            path: e.path().to_string(),
            message: e.inner().to_string(),
        })?;
        brief.validate()?;
        Ok(brief)
    }

    /// Races on or after the start date, by date.
    pub fn races_ahead(&self) -> Vec<&Race> {
        let mut r: Vec<&Race> = self
            .races
            .iter()
            .filter(|r| r.date >= self.start_date)
            .collect();
        r.sort_by_key(|r| (r.date, r.priority));
        r
    }

    /// Checks the values serde cannot: ranges, date order, rule sanity.
    /// Checks rules and injuries on their own, as a brief would (for editing them
    /// before there is a whole brief: the app's rules, the coach's rules from words).
    pub fn validate_limits(
        start: Date,
        rules: &[Rule],
        injuries: &[Injury],
    ) -> Result<(), BriefError> {
        let zero = Availability {
            mon: 0.0,
            tue: 0.0,
            wed: 0.0,
            thu: 0.0,
            fri: 0.0,
            sat: 0.0,
            sun: 0.0,
        };
        Brief {
            start_date: start,
            sports: vec![Sport::Other],
            cross_training: Vec::new(),
            thresholds: Default::default(),
            fitness: Fitness {
                ctl: 0.0,
                atl: 0.0,
                history_daily_tss: Vec::new(),
            },
            races: Vec::new(),
            availability_hours: zero,
            equipment: Default::default(),
            injuries: injuries.to_vec(),
            rules: rules.to_vec(),
            rules_text: String::new(),
            goal: None,
        }
        .validate()
    }

    pub fn validate(&self) -> Result<(), BriefError> {
        let fin = |v: f32| v.is_finite() && v >= 0.0;
        if self.sports.is_empty() {
            return Err(invalid(
                "sports",
                "list at least one sport (run, bike, swim, strength, other)",
            ));
        }
        for d in Weekday::ALL {
            let h = self.availability_hours.hours(d);
            if !(fin(h) && h <= 24.0) {
                return Err(invalid(
                    format!("availability_hours.{}", d.name()),
                    format!("hours must be between 0 and 24, got {h}"),
                ));
            }
        }
        let f = &self.fitness;
        if !(fin(f.ctl) && f.ctl <= 300.0) {
            return Err(invalid(
                "fitness.ctl",
                format!("must be 0–300, got {}", f.ctl),
            ));
        }
        if !(fin(f.atl) && f.atl <= 400.0) {
            return Err(invalid(
                "fitness.atl",
                format!("must be 0–400, got {}", f.atl),
            ));
        }
        if f.history_daily_tss.len() > 42 {
            return Err(invalid(
                "fitness.history_daily_tss",
                format!("at most 42 days, got {}", f.history_daily_tss.len()),
            ));
        }
        if let Some(i) = f
            .history_daily_tss
            .iter()
            .position(|v| !(fin(*v) && *v <= 2000.0))
        {
            return Err(invalid(
                format!("fitness.history_daily_tss[{i}]"),
                "daily TSS must be 0–2000",
            ));
        }
        let t = &self.thresholds;
        for (name, v, lo, hi) in [
            ("ftp_w", t.ftp_w, 20.0, 2500.0),
            ("lthr_bpm", t.lthr_bpm, 60.0, 230.0),
            ("max_hr", t.max_hr, 80.0, 250.0),
            (
                "threshold_pace_s_per_km",
                t.threshold_pace_s_per_km,
                120.0,
                900.0,
            ),
            ("css_s_per_100m", t.css_s_per_100m, 40.0, 400.0),
            ("weight_kg", t.weight_kg, 20.0, 300.0),
        ] {
            if let Some(v) = v {
                if !(v.is_finite() && (lo..=hi).contains(&v)) {
                    return Err(invalid(
                        format!("thresholds.{name}"),
                        format!("must be {lo}–{hi}, got {v}"),
                    ));
                }
            }
        }
        for (i, r) in self.races.iter().enumerate() {
            if r.name.trim().is_empty() {
                return Err(invalid(format!("races[{i}].name"), "give the race a name"));
            }
            if r.distance_km
                .is_some_and(|d| !(d.is_finite() && d > 0.0 && d <= 5000.0))
            {
                return Err(invalid(
                    format!("races[{i}].distance_km"),
                    "must be a positive distance in km",
                ));
            }
            if r.target_time_min
                .is_some_and(|d| !(d.is_finite() && d > 0.0 && d <= 60.0 * 48.0))
            {
                return Err(invalid(
                    format!("races[{i}].target_time_min"),
                    "must be 1–2880 minutes",
                ));
            }
            if r.taper_days.is_some_and(|d| d > 28) {
                return Err(invalid(
                    format!("races[{i}].taper_days"),
                    "a taper is at most 28 days",
                ));
            }
            if r.date.0 - self.start_date.0 > 3 * 366 {
                return Err(invalid(
                    format!("races[{i}].date"),
                    "races more than 3 years ahead cannot be planned",
                ));
            }
        }
        for (i, inj) in self.injuries.iter().enumerate() {
            if inj.until.is_some_and(|u| u < inj.from) {
                return Err(invalid(
                    format!("injuries[{i}].until"),
                    "must not be before `from`",
                ));
            }
            if inj
                .max_session_minutes
                .is_some_and(|m| !(m.is_finite() && m >= 0.0))
            {
                return Err(invalid(
                    format!("injuries[{i}].max_session_minutes"),
                    "must be ≥ 0",
                ));
            }
        }
        for (i, r) in self.rules.iter().enumerate() {
            let bad = |m: &str| Err(invalid(format!("rules[{i}]"), m.to_string()));
            match r {
                Rule::MaxSessionMinutes { minutes, .. }
                    if !(minutes.is_finite() && *minutes > 0.0) =>
                {
                    return bad("minutes must be positive");
                }
                Rule::MaxHardDaysPerWeek { n } if *n > 7 => return bad("n must be 0–7"),
                Rule::MinRestDaysPerWeek { n } if *n > 7 => return bad("n must be 0–7"),
                Rule::MinSessionsPerWeek { n, .. } if *n > 21 => return bad("n must be 0–21"),
                Rule::MaxSessionsPerDay { n } if *n == 0 => {
                    return bad("n must be at least 1 (use rest_day for a day off)")
                }
                Rule::MaxConsecutiveDays { n, .. } if *n == 0 => {
                    return bad("n must be at least 1")
                }
                Rule::SportOnlyOnDays { days, .. } if days.is_empty() => {
                    return bad("days must list at least one weekday")
                }
                _ => {}
            }
        }
        if let Some(g) = &self.goal {
            if !(fin(g.ctl_on_race_morning) && g.ctl_on_race_morning <= 250.0) {
                return Err(invalid("goal.ctl_on_race_morning", "must be 0–250"));
            }
            if !self.races_ahead().iter().any(|r| r.priority == Priority::A) {
                return Err(invalid(
                    "goal",
                    "a CTL goal needs an A race on or after start_date",
                ));
            }
        }
        Ok(())
    }
}
