//! What the brief allows on a given day: shared by the checker (to judge) and
//! the planner (to build only what will pass).

use crate::brief::{Brief, Priority, Race, Rule};
use crate::checker::CheckerConfig;
use crate::date::Date;
use crate::model::{Intensity, Location, Sport, Workout};
use std::collections::BTreeSet;

/// Why a sport cannot be done on a day, or `Ok` with where it can be done.
pub fn locations(brief: &Brief, sport: Sport, d: Date) -> Vec<Location> {
    let e = &brief.equipment;
    let wd = d.weekday();
    let mut out = Vec::new();
    match sport {
        Sport::Run | Sport::Bike | Sport::Other => {
            if !e.indoor_only {
                out.push(Location::Outdoor);
            }
            let indoor = match sport {
                Sport::Run => e.treadmill,
                Sport::Bike => e.indoor_trainer,
                _ => true,
            };
            if indoor {
                out.push(Location::Indoor);
            }
        }
        Sport::Swim => {
            if e.pool_on(wd) {
                out.push(Location::Pool);
            }
            if e.open_water && !e.indoor_only {
                out.push(Location::OpenWater);
            }
        }
        Sport::Strength => {
            if e.gym_access {
                out.push(Location::Gym);
            }
            // Body-weight strength needs nothing but floor space.
            out.push(Location::Indoor);
        }
    }
    out
}

/// The equipment problem of doing `sport` at `loc` on `d`, if any.
pub fn equipment_problem(brief: &Brief, sport: Sport, loc: Location, d: Date) -> Option<String> {
    if locations(brief, sport, d).contains(&loc) {
        return None;
    }
    let e = &brief.equipment;
    Some(match (sport, loc) {
        (_, Location::Outdoor | Location::OpenWater) if e.indoor_only => {
            "the athlete trains indoors only".into()
        }
        (Sport::Swim, Location::Pool) if e.pool_access => {
            format!("no pool access on {}", d.weekday().name())
        }
        (Sport::Swim, Location::Pool) => "no pool access".into(),
        (Sport::Swim, Location::OpenWater) => "no open water".into(),
        (Sport::Run, Location::Indoor) => "no treadmill".into(),
        (Sport::Bike, Location::Indoor) => "no indoor trainer".into(),
        (Sport::Strength, Location::Gym) => "no gym access".into(),
        (s, l) => format!("a {} workout cannot be done at {l:?}", s.name()),
    })
}

/// A structured rule forbids `sport` on `d` (rest day, no-sport day,
/// sport-only-on-days).
pub fn rules_forbid(brief: &Brief, sport: Sport, d: Date) -> bool {
    let wd = d.weekday();
    brief.rules.iter().any(|r| match r {
        Rule::RestDay { day } => *day == wd,
        Rule::NoSportOnDay { sport: s, day } => *s == sport && *day == wd,
        Rule::SportOnlyOnDays { sport: s, days } => *s == sport && !days.contains(&wd),
        _ => false,
    })
}

/// What active injuries allow for `sport` on `d`.
#[derive(Debug, Clone, Default)]
pub struct InjuryLimits {
    pub forbidden: bool,
    pub intensities: BTreeSet<Intensity>,
    pub max_minutes: Option<f32>,
}

pub fn injury_limits(brief: &Brief, sport: Sport, d: Date) -> InjuryLimits {
    let mut l = InjuryLimits::default();
    for inj in brief
        .injuries
        .iter()
        .filter(|i| i.active(d) && i.affects(sport))
    {
        l.forbidden |= inj.forbid_sport == Some(true) || inj.max_session_minutes == Some(0.0);
        l.intensities
            .extend(inj.forbidden_intensities.iter().copied());
        if let Some(m) = inj.max_session_minutes {
            l.max_minutes = Some(l.max_minutes.map_or(m, |x: f32| x.min(m)));
        }
    }
    // Forbidding every intensity a session can have is forbidding the sport.
    if l.intensities.contains(&Intensity::Recovery) && l.intensities.contains(&Intensity::Endurance)
    {
        l.forbidden = true;
    }
    l
}

/// Longest session of `sport` the rules and injuries allow on `d`.
pub fn session_cap(brief: &Brief, sport: Sport, d: Date) -> Option<f32> {
    let mut cap = injury_limits(brief, sport, d).max_minutes;
    for r in &brief.rules {
        if let Rule::MaxSessionMinutes { sport: s, minutes } = r {
            if *s == sport {
                cap = Some(cap.map_or(*minutes, |c| c.min(*minutes)));
            }
        }
    }
    cap
}

/// Hard days are the ones with a workout of a hard intensity.
pub fn is_hard(cfg: &CheckerConfig, w: &Workout) -> bool {
    cfg.hard_intensities.contains(&w.intensity)
}

/// Last day a plan for this brief covers: a week of recovery after the last
/// A race, or the day after the last B race or the last C race, else 12 weeks.
pub fn plan_end(brief: &Brief, cfg: &CheckerConfig) -> Date {
    let races = brief.races_ahead();
    let mut end = None::<Date>;
    for r in races {
        let e = match r.priority {
            Priority::A => r.date.plus(cfg.a_race_recovery_days as i32),
            Priority::B => r.date.plus(1),
            Priority::C => r.date,
        };
        end = Some(end.map_or(e, |x| x.max(e)));
    }
    end.unwrap_or(brief.start_date.plus(12 * 7 - 1))
}

/// Mondays of the weeks the lighter-week rule skips: a race's taper, race and
/// recovery weeks (A), its mini-taper and race week (B).
pub fn special_weeks(brief: &Brief, cfg: &CheckerConfig) -> BTreeSet<Date> {
    let mut out = BTreeSet::new();
    for r in brief.races_ahead() {
        let (from, to) = race_window(r, cfg);
        let mut d = from.week_start();
        while d <= to {
            out.insert(d);
            d = d.plus(7);
        }
    }
    out
}

/// Days around a race that are taper, race or recovery.
pub fn race_window(r: &Race, cfg: &CheckerConfig) -> (Date, Date) {
    match r.priority {
        Priority::A => {
            let taper = r.taper_days.unwrap_or(0).max(cfg.a_race_taper_days);
            (
                r.date.plus(-(taper as i32)),
                r.date.plus(cfg.a_race_recovery_days as i32),
            )
        }
        Priority::B => (r.date.plus(-(cfg.b_race_taper_days as i32)), r.date.plus(1)),
        Priority::C => (r.date, r.date),
    }
}
