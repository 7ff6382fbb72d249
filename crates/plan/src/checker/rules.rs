//! The athlete's structured rules.

use super::context::{injury_limits, is_hard, special_weeks};
use super::{CheckerConfig, Violation, ViolationKind};
use crate::brief::{Brief, Rule};
use crate::date::Date;
use crate::model::{Plan, Workout};
use std::collections::{BTreeMap, BTreeSet};

fn rv(i: usize, date: Option<Date>, message: String) -> Violation {
    Violation {
        kind: ViolationKind::Rule,
        rule_index: Some(i),
        date,
        message,
    }
}

/// Mondays of the weeks lying wholly inside `start..=end`.
fn full_weeks(start: Date, end: Date) -> impl Iterator<Item = Date> {
    let first = if start.weekday().index() == 0 {
        start
    } else {
        start.week_start().plus(7)
    };
    (0..)
        .map(move |k| first.plus(7 * k))
        .take_while(move |wk| wk.plus(6) <= end)
}

pub(super) fn check_rules(
    brief: &Brief,
    plan: &Plan,
    cfg: &CheckerConfig,
    start: Date,
    end: Date,
    out: &mut Vec<Violation>,
) {
    let ws = &plan.workouts;
    let training = || ws.iter().filter(|w| !w.is_race());
    let by_week = |f: &dyn Fn(&Workout) -> bool| {
        let mut m: BTreeMap<Date, Vec<&Workout>> = BTreeMap::new();
        for w in ws.iter().filter(|w| f(w)) {
            m.entry(w.date.week_start()).or_default().push(w);
        }
        m
    };
    let hard_days: BTreeSet<Date> = ws
        .iter()
        .filter(|w| is_hard(cfg, w))
        .map(|w| w.date)
        .collect();
    let special = special_weeks(brief, cfg);
    let race_weeks: BTreeSet<Date> = ws
        .iter()
        .filter(|w| w.is_race())
        .map(|w| w.date.week_start())
        .collect();
    for (i, rule) in brief.rules.iter().enumerate() {
        match rule {
            Rule::NoSportOnDay { sport, day } => {
                for w in training().filter(|w| w.sport == *sport && w.date.weekday() == *day) {
                    out.push(rv(
                        i,
                        Some(w.date),
                        format!(
                            "no {} on {}: {} has {}",
                            sport.name(),
                            day.name(),
                            w.date,
                            w.name
                        ),
                    ));
                }
            }
            Rule::RestDay { day } => {
                for w in training().filter(|w| w.date.weekday() == *day) {
                    out.push(rv(
                        i,
                        Some(w.date),
                        format!("{} is a rest day: {} has {}", day.name(), w.date, w.name),
                    ));
                }
            }
            Rule::SportOnlyOnDays { sport, days } => {
                for w in
                    training().filter(|w| w.sport == *sport && !days.contains(&w.date.weekday()))
                {
                    out.push(rv(
                        i,
                        Some(w.date),
                        format!(
                            "{} only on {}: {} is a {}",
                            sport.name(),
                            days.iter().map(|d| d.name()).collect::<Vec<_>>().join("/"),
                            w.date,
                            w.date.weekday().name()
                        ),
                    ));
                }
            }
            Rule::MaxSessionMinutes { sport, minutes } => {
                for w in training().filter(|w| w.sport == *sport && w.duration_min > minutes + 0.5)
                {
                    out.push(rv(
                        i,
                        Some(w.date),
                        format!(
                            "{} sessions ≤ {minutes:.0} min: {} lasts {:.0}",
                            sport.name(),
                            w.date,
                            w.duration_min
                        ),
                    ));
                }
            }
            Rule::LongSessionDay { sport, day } => {
                for (wk, list) in by_week(&|w: &Workout| !w.is_race() && w.sport == *sport) {
                    if wk < start
                        || wk.plus(6) > end
                        || race_weeks.contains(&wk)
                        || special.contains(&wk)
                        || injury_limits(brief, *sport, wk.plus(day.index() as i32)).forbidden
                    {
                        continue;
                    }
                    let longest = list.iter().map(|w| w.duration_min).fold(0.0, f32::max);
                    let on_day = list
                        .iter()
                        .filter(|w| w.date.weekday() == *day)
                        .map(|w| w.duration_min)
                        .fold(0.0, f32::max);
                    if on_day < longest - 0.5 {
                        out.push(rv(
                            i,
                            Some(wk),
                            format!(
                                "week of {wk}: the long {} ({longest:.0} min) is not on {}",
                                sport.name(),
                                day.name()
                            ),
                        ));
                    }
                }
            }
            Rule::MaxHardDaysPerWeek { n } => {
                let mut per: BTreeMap<Date, u32> = BTreeMap::new();
                for d in &hard_days {
                    *per.entry(d.week_start()).or_default() += 1;
                }
                for (wk, c) in per.into_iter().filter(|(_, c)| c > n) {
                    out.push(rv(
                        i,
                        Some(wk),
                        format!("week of {wk}: {c} hard days, at most {n}"),
                    ));
                }
            }
            Rule::NoBackToBackHardDays {} => {
                for d in hard_days.iter().filter(|d| hard_days.contains(&d.plus(1))) {
                    out.push(rv(
                        i,
                        Some(*d),
                        format!("hard days back to back: {d} and {}", d.plus(1)),
                    ));
                }
            }
            Rule::MinSessionsPerWeek { sport, n } => {
                let per = by_week(&|w: &Workout| w.sport == *sport);
                for wk in full_weeks(start, end) {
                    let blocked =
                        (0..7).any(|k| injury_limits(brief, *sport, wk.plus(k)).forbidden);
                    if special.contains(&wk) || blocked {
                        continue;
                    }
                    let c = per.get(&wk).map_or(0, |l| l.len() as u32);
                    if c < *n {
                        out.push(rv(
                            i,
                            Some(wk),
                            format!("week of {wk}: {c} {} sessions, at least {n}", sport.name()),
                        ));
                    }
                }
            }
            Rule::MaxSessionsPerDay { n } => {
                let mut per: BTreeMap<Date, u32> = BTreeMap::new();
                for w in ws {
                    *per.entry(w.date).or_default() += 1;
                }
                for (d, c) in per.into_iter().filter(|(_, c)| c > n) {
                    out.push(rv(i, Some(d), format!("{d}: {c} sessions, at most {n}")));
                }
            }
            Rule::MinRestDaysPerWeek { n } => {
                let busy: BTreeSet<Date> = ws.iter().map(|w| w.date).collect();
                for wk in full_weeks(start, end) {
                    let rest = (0..7).filter(|k| !busy.contains(&wk.plus(*k))).count() as u32;
                    if rest < *n {
                        out.push(rv(
                            i,
                            Some(wk),
                            format!("week of {wk}: {rest} rest days, at least {n}"),
                        ));
                    }
                }
            }
            Rule::MaxConsecutiveDays { sport, n } => {
                let days: BTreeSet<Date> = ws
                    .iter()
                    .filter(|w| sport.is_none_or(|s| s == w.sport))
                    .map(|w| w.date)
                    .collect();
                let mut run = 0u32;
                let mut prev: Option<Date> = None;
                for d in &days {
                    run = if prev.is_some_and(|p| p.plus(1) == *d) {
                        run + 1
                    } else {
                        1
                    };
                    prev = Some(*d);
                    if run == n + 1 {
                        let what = sport.map_or("training".to_string(), |s| s.name().to_string());
                        out.push(rv(
                            i,
                            Some(*d),
                            format!("{} days of {what} in a row up to {d}, at most {n}", n + 1),
                        ));
                    }
                }
            }
        }
    }
}
