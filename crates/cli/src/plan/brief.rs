//! Setting the brief from the command line: races, availability, equipment,
//! injuries, rules and sports.

use clap::Subcommand;
use paceline_app::plan::brief::{Availability, Equipment, Injury, Race};
use paceline_app::plan::{Intensity, Sport, Weekday};
use paceline_app::AthleteScope;
use serde::de::DeserializeOwned;

use super::{bad, date};
use crate::print;

#[derive(Subcommand)]
pub enum RaceCmd {
    /// Add a race.
    Add {
        /// YYYY-MM-DD.
        #[arg(long)]
        date: String,
        #[arg(long)]
        name: String,
        /// run, bike, swim, triathlon or other.
        #[arg(long)]
        sport: String,
        #[arg(long)]
        distance_km: Option<f32>,
        /// A (the goal), B (training race) or C.
        #[arg(long, default_value = "A")]
        priority: String,
        #[arg(long)]
        target_time_min: Option<f32>,
        /// Taper length in days (default: sized by the planner).
        #[arg(long)]
        taper_days: Option<u32>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a race by its id (from `list`).
    Remove { id: i64 },
}

#[derive(Subcommand)]
pub enum InjuryCmd {
    /// Add an injury: the sport it affects (omit: every sport), its days, and what
    /// it forbids.
    Add {
        #[arg(long, default_value = "")]
        description: String,
        #[arg(long)]
        sport: Option<String>,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// Last day (omit: until further notice).
        #[arg(long)]
        until: Option<String>,
        /// Intensities it forbids, e.g. `vo2,anaerobic`.
        #[arg(long, value_delimiter = ',')]
        forbid: Vec<String>,
        #[arg(long)]
        max_session_minutes: Option<f32>,
        /// The sport is forbidden altogether.
        #[arg(long)]
        forbid_sport: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Remove {
        id: i64,
    },
}

#[derive(Subcommand)]
pub enum RuleCmd {
    /// Add a rule as a JSON object (`{"type":"rest_day","day":"mon"}`) or as its type
    /// and KEY=VALUE fields (`rest_day day=mon`, `sport_only_on_days sport=swim
    /// days=mon,thu`, `no_back_to_back_hard_days`).
    Add {
        rule: String,
        fields: Vec<String>,
        /// The rule in words, kept beside it.
        #[arg(long, default_value = "")]
        text: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a rule by its number (from `list`, counting from 0).
    Remove { index: usize },
}

/// An enum from its snake_case key, with the choices in the error.
fn key<T: DeserializeOwned>(s: &str, what: &str, choices: &str) -> paceline_app::Result<T> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_lowercase()))
        .map_err(|_| bad(format!("{what}: {s:?} is not one of {choices}")))
}

fn sport(s: &str) -> paceline_app::Result<Sport> {
    key(s, "sport", "run, bike, swim, strength, other")
}

pub fn race(app: &AthleteScope, cmd: RaceCmd) -> paceline_app::Result<()> {
    match cmd {
        RaceCmd::Add {
            date: d,
            name,
            sport: s,
            distance_km,
            priority,
            target_time_min,
            taper_days,
        } => {
            let r = Race {
                date: date(&d, "--date")?,
                name,
                sport: key(&s, "race sport", "run, bike, swim, triathlon, other")?,
                distance_km,
                priority: key(&priority.to_uppercase(), "priority", "A, B, C")
                    .or_else(|_| key(&priority, "priority", "A, B, C"))?,
                target_time_min,
                taper_days,
            };
            let id = app.add_race(&r)?;
            println!("race #{id} added: {} on {}", r.name, r.date);
        }
        RaceCmd::List { json } => {
            let list = app.races()?;
            if json {
                let v: Vec<serde_json::Value> = list
                    .iter()
                    .map(|r| {
                        let mut j = serde_json::to_value(&r.race).unwrap_or_default();
                        j["id"] = r.id.into();
                        j
                    })
                    .collect();
                print::json(&v);
            } else {
                for r in &list {
                    let x = &r.race;
                    println!(
                        "#{:<4} {}  {:?}  {:<10} {:<28} {}{}",
                        r.id,
                        x.date,
                        x.priority,
                        serde_json::to_value(x.sport)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_owned))
                            .unwrap_or_default(),
                        x.name,
                        x.distance_km
                            .map(|d| format!("{d} km "))
                            .unwrap_or_default(),
                        x.target_time_min
                            .map(|t| format!("target {t} min"))
                            .unwrap_or_default()
                    );
                }
                if list.is_empty() {
                    println!("no races: add one with `paceline plan race add`");
                }
            }
        }
        RaceCmd::Remove { id } => {
            app.remove_race(id)?;
            println!("race #{id} removed");
        }
    }
    Ok(())
}

pub fn availability(app: &AthleteScope, days: &[String]) -> paceline_app::Result<()> {
    let mut a = app.availability()?.unwrap_or(Availability {
        mon: 0.0,
        tue: 0.0,
        wed: 0.0,
        thu: 0.0,
        fri: 0.0,
        sat: 0.0,
        sun: 0.0,
    });
    for d in days {
        let (day, hours) = d
            .split_once('=')
            .ok_or_else(|| bad(format!("give DAY=HOURS, e.g. tue=1.5, not {d:?}")))?;
        let day: Weekday = key(day, "weekday", "mon … sun")?;
        let h: f32 = hours
            .trim()
            .parse()
            .map_err(|_| bad(format!("{d}: hours must be a number")))?;
        let slot = match day {
            Weekday::Mon => &mut a.mon,
            Weekday::Tue => &mut a.tue,
            Weekday::Wed => &mut a.wed,
            Weekday::Thu => &mut a.thu,
            Weekday::Fri => &mut a.fri,
            Weekday::Sat => &mut a.sat,
            Weekday::Sun => &mut a.sun,
        };
        *slot = h;
    }
    if !days.is_empty() {
        app.set_availability(&a)?;
    }
    let parts: Vec<String> = Weekday::ALL
        .iter()
        .map(|d| format!("{}={}", d.name(), a.hours(*d)))
        .collect();
    println!("{}  ({} h a week)", parts.join(" "), a.week_total());
    Ok(())
}

pub fn equipment(app: &AthleteScope, items: &[String]) -> paceline_app::Result<()> {
    if !items.is_empty() {
        let mut e = Equipment::default();
        for item in items {
            match item.split_once('=') {
                Some(("pool_days", days)) => {
                    e.pool_access = true;
                    e.pool_days = Some(
                        days.split(',')
                            .map(|d| key::<Weekday>(d, "pool day", "mon … sun"))
                            .collect::<Result<_, _>>()?,
                    );
                }
                Some(_) => return Err(bad(format!("unknown equipment setting {item:?}"))),
                None => match item.as_str() {
                    "none" => {}
                    "indoor_trainer" | "trainer" => e.indoor_trainer = true,
                    "power_meter" | "power" => e.power_meter = true,
                    "treadmill" => e.treadmill = true,
                    "pool" | "pool_access" => e.pool_access = true,
                    "open_water" => e.open_water = true,
                    "indoor_only" => e.indoor_only = true,
                    "gym" | "gym_access" => e.gym_access = true,
                    other => {
                        return Err(bad(format!(
                            "unknown equipment {other:?}: indoor_trainer, power_meter, treadmill, \
                             pool, pool_days=mon,thu, open_water, indoor_only, gym or none"
                        )))
                    }
                },
            }
        }
        app.set_equipment(&e)?;
    }
    print::json(&app.equipment()?);
    Ok(())
}

pub fn injury(app: &AthleteScope, cmd: InjuryCmd) -> paceline_app::Result<()> {
    match cmd {
        InjuryCmd::Add {
            description,
            sport: s,
            from,
            until,
            forbid,
            max_session_minutes,
            forbid_sport,
        } => {
            let i = Injury {
                description,
                sport: s.as_deref().map(sport).transpose()?,
                from: date(&from, "--from")?,
                until: until.as_deref().map(|u| date(u, "--until")).transpose()?,
                forbidden_intensities: forbid
                    .iter()
                    .map(|f| {
                        key::<Intensity>(
                            f,
                            "intensity",
                            "recovery, endurance, tempo, threshold, vo2, anaerobic, race, strength",
                        )
                    })
                    .collect::<Result<_, _>>()?,
                max_session_minutes,
                forbid_sport: forbid_sport.then_some(true),
            };
            let id = app.add_injury(&i)?;
            println!("injury #{id} added");
        }
        InjuryCmd::List { json } => {
            let list = app.injuries()?;
            let v: Vec<serde_json::Value> = list
                .iter()
                .map(|r| {
                    let mut j = serde_json::to_value(&r.injury).unwrap_or_default();
                    j["id"] = r.id.into();
                    j
                })
                .collect();
            if json {
                print::json(&v);
            } else {
                for j in &v {
                    println!("{j}");
                }
                if list.is_empty() {
                    println!("no injuries");
                }
            }
        }
        InjuryCmd::Remove { id } => {
            app.remove_injury(id)?;
            println!("injury #{id} removed");
        }
    }
    Ok(())
}

pub fn rule(app: &AthleteScope, cmd: RuleCmd) -> paceline_app::Result<()> {
    match cmd {
        RuleCmd::Add { rule, fields, text } => {
            let r = paceline_app::parse_rule(&rule, &fields)?;
            let v = app.add_plan_rule(r, &text)?;
            println!("rules version {v}");
        }
        RuleCmd::List { json } => {
            let r = app.plan_rules()?;
            if json {
                print::json(&serde_json::json!({
                    "version": r.version,
                    "rules": r.rules,
                    "rules_text": r.text,
                }));
            } else {
                println!("rules version {}", r.version);
                for (i, x) in r.rules.iter().enumerate() {
                    println!(
                        "{i:>3}  {:<40} {}",
                        x.words(),
                        serde_json::to_string(x).unwrap_or_default()
                    );
                }
                if !r.text.is_empty() {
                    println!("in words: {}", r.text);
                }
            }
        }
        RuleCmd::Remove { index } => {
            let v = app.remove_plan_rule(index)?;
            println!("rules version {v}");
        }
    }
    Ok(())
}

pub fn sports(app: &AthleteScope, sports: &[String], cross: &[String]) -> paceline_app::Result<()> {
    let main = if sports.iter().any(|s| s == "auto") {
        None
    } else if sports.is_empty() {
        app.plan_profile()?.sports
    } else {
        Some(
            sports
                .iter()
                .map(|s| sport(s))
                .collect::<Result<Vec<_>, _>>()?,
        )
    };
    let cross: Vec<Sport> = cross.iter().map(|s| sport(s)).collect::<Result<_, _>>()?;
    if !sports.is_empty() || !cross.is_empty() {
        app.set_plan_sports(main, cross)?;
    }
    let p = app.plan_profile()?;
    let names = |v: &[Sport]| v.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ");
    println!(
        "sports: {}; cross-training: {}",
        p.sports
            .as_deref()
            .map_or("from your activities".to_string(), names),
        if p.cross_training.is_empty() {
            "none".to_string()
        } else {
            names(&p.cross_training)
        }
    );
    Ok(())
}
