//! The planning context: horizon, sports, day modes around races, the
//! training-day mask.

use super::layout::DayMode;
use super::mask::training_mask;
use super::Ctx;
use crate::brief::{Brief, Priority, Race, RaceSport, Rule};
use crate::checker::context::plan_end;
use crate::checker::CheckerConfig;
use crate::date::Date;
use crate::model::Sport;

/// Everything the planner derives from the brief before planning a day.
pub(super) fn context<'a>(brief: &'a Brief, cfg: &'a CheckerConfig) -> Ctx<'a> {
    let start = brief.start_date;
    let end = plan_end(brief, cfg);
    let n = (end.0 - start.0 + 1).max(1) as usize;
    let races: Vec<Race> = brief
        .races_ahead()
        .into_iter()
        .filter(|r| r.date <= end)
        .cloned()
        .collect();
    let mut race_sports: Vec<Sport> = Vec::new();
    for r in races.iter().filter(|r| r.priority != Priority::C) {
        for s in r.sport.sports() {
            if !race_sports.contains(s) {
                race_sports.push(*s);
            }
        }
    }
    let mut primary: Vec<Sport> = Vec::new();
    // Race sports lead (bike, run, swim for triathletes), then the rest.
    for s in race_sports.iter().chain(brief.sports.iter()) {
        if *s != Sport::Strength && !primary.contains(s) {
            primary.push(*s);
        }
    }
    primary.sort_by_key(|s| {
        (
            !race_sports.contains(s),
            match s {
                Sport::Bike => 0,
                Sport::Run => 1,
                Sport::Swim => 2,
                _ => 3,
            },
        )
    });
    if races
        .iter()
        .any(|r| r.priority == Priority::A && r.sport == RaceSport::Run)
    {
        primary.sort_by_key(|s| (*s != Sport::Run, !race_sports.contains(s)));
    }
    let strength_listed = brief.sports.contains(&Sport::Strength);
    let strength_per_week = if strength_listed && primary.is_empty() {
        3
    } else if strength_listed {
        2
    } else if brief.equipment.gym_access {
        1
    } else {
        0
    };
    let max_per_day = brief
        .rules
        .iter()
        .filter_map(|r| match r {
            Rule::MaxSessionsPerDay { n } => Some(*n),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    let mut mode = vec![DayMode::Normal; n];
    let a_dates: Vec<Date> = races
        .iter()
        .filter(|r| r.priority == Priority::A)
        .map(|r| r.date)
        .collect();
    for r in &races {
        let mut set = |d: Date, m: DayMode| {
            if d >= start && d <= end {
                let j = (d.0 - start.0) as usize;
                if !matches!(mode[j], DayMode::Race(_))
                    && (mode[j] == DayMode::Normal || m == DayMode::Rest)
                {
                    mode[j] = m;
                }
            }
        };
        match r.priority {
            Priority::A => {
                let next = a_dates
                    .iter()
                    .find(|d| **d > r.date)
                    .map_or(i32::MAX, |d| d.0 - r.date.0);
                let rec = (cfg.a_race_recovery_days as i32).min(next / 3).max(1);
                set(r.date.plus(1), DayMode::Rest);
                for k in 2..=rec {
                    set(r.date.plus(k), DayMode::Recovery);
                }
            }
            Priority::B => {
                for k in 1..=cfg.b_race_taper_days as i32 {
                    set(r.date.plus(-k), DayMode::MiniTaper);
                }
                set(r.date.plus(1), DayMode::Rest);
            }
            Priority::C => set(r.date.plus(1), DayMode::Recovery),
        }
    }
    for (k, r) in races.iter().enumerate() {
        mode[(r.date.0 - start.0) as usize] = DayMode::Race(k);
    }
    let mut ctx = Ctx {
        brief,
        cfg,
        start,
        end,
        n,
        strength_first: strength_listed
            && (primary.is_empty() || brief.sports.first() == Some(&Sport::Strength)),
        primary,
        strength_per_week,
        max_per_day,
        races,
        mode,
        mask: Vec::new(),
        race_sports,
        goal_bias: 0.0,
    };
    ctx.mask = training_mask(&ctx);
    ctx
}
