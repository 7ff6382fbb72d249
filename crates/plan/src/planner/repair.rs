//! After a plan is built: fitting race weeks into the week's hours, repairing
//! a missing lighter week, and naming the brief's own contradictions.

use super::{session, Ctx, Infeasible};
use crate::brief::Rule;
use crate::checker::{check, ViolationKind};
use crate::date::Date;
use crate::model::{Plan, Sport, Workout, WorkoutKind};
use std::collections::{BTreeMap, BTreeSet};

/// Race weeks whose sessions and races together exceed the week's hours get
/// their other sessions shortened in proportion (too-short ones dropped).
pub(super) fn fit_race_weeks(ctx: &Ctx, plan: &Plan) -> Plan {
    let mut out = plan.clone();
    let av = &ctx.brief.availability_hours;
    for wk in ctx
        .races
        .iter()
        .map(|r| r.date.week_start())
        .collect::<BTreeSet<_>>()
    {
        let in_week = |w: &Workout| w.date.week_start() == wk;
        let avail: f32 = (0..7)
            .map(|k| wk.plus(k))
            .filter(|d| *d >= ctx.start && *d <= ctx.end)
            .map(|d| av.hours(d.weekday()) * 60.0)
            .sum();
        let race: f32 = out
            .workouts
            .iter()
            .filter(|w| in_week(w) && w.is_race())
            .map(|w| w.duration_min)
            .sum();
        let other: f32 = out
            .workouts
            .iter()
            .filter(|w| in_week(w) && !w.is_race())
            .map(|w| w.duration_min)
            .sum();
        // Within 105 % of the week's hours: inside the usual 110 % tolerance
        // while keeping a few short sessions around a long race.
        let room = 1.05 * avail;
        if race + other <= room || other <= 0.0 {
            continue;
        }
        // Keep as many sessions as fit at a sensible length, openers first.
        let left = (room - race).max(0.0);
        let mut idx: Vec<usize> = (0..out.workouts.len())
            .filter(|&i| in_week(&out.workouts[i]) && !out.workouts[i].is_race())
            .collect();
        idx.sort_by_key(|&i| {
            (
                out.workouts[i].kind != WorkoutKind::Openers,
                out.workouts[i].date,
            )
        });
        let n = ((left / 25.0).floor() as usize).min(idx.len());
        let each = if n > 0 { left / n as f32 } else { 0.0 };
        let keep: BTreeSet<usize> = idx.iter().take(n).copied().collect();
        let mut i = 0;
        out.workouts.retain_mut(|w| {
            let j = i;
            i += 1;
            if !in_week(w) || w.is_race() {
                return true;
            }
            if !keep.contains(&j) {
                return false;
            }
            if w.duration_min > each {
                *w = session::scaled(w, each / w.duration_min);
            }
            w.duration_min >= session::min_minutes(w.sport)
        });
    }
    out
}

/// When the weeks after a lighter week came out lighter than planned (an
/// injury, a rule), a 4-week window can lack its lighter week: the lightest
/// week of such a window is scaled down to 70 % of the others, kept only when
/// the plan then breaks fewer checks.
pub(super) fn repair_lighter_weeks(ctx: &Ctx, mut plan: Plan) -> Plan {
    let n = ctx.cfg.lighter_week_every.max(2) as i32;
    for _ in 0..12 {
        let report = check(ctx.brief, &plan, ctx.cfg);
        let Some(wk) = report
            .violations
            .iter()
            .find(|v| v.kind == ViolationKind::LighterWeek)
            .and_then(|v| v.date)
        else {
            break;
        };
        let tss = |p: &Plan, w: Date| {
            p.workouts
                .iter()
                .filter(|x| x.date.week_start() == w)
                .map(|x| x.tss)
                .sum::<f32>()
        };
        let weeks: Vec<(Date, f32)> = (0..n)
            .map(|k| wk.plus(7 * k))
            .map(|w| (w, tss(&plan, w)))
            .collect();
        let total: f32 = weeks.iter().map(|x| x.1).sum();
        let Some(&(light, t)) = weeks.iter().min_by(|a, b| a.1.total_cmp(&b.1)) else {
            break;
        };
        let target = 0.7 * (total - t) / (n - 1) as f32;
        let race: f32 = plan
            .workouts
            .iter()
            .filter(|x| x.date.week_start() == light && x.is_race())
            .map(|x| x.tss)
            .sum();
        let k = ((target - race) / (t - race).max(1e-3)).clamp(0.0, 1.0);
        let mut next = plan.clone();
        next.workouts.retain_mut(|w| {
            if w.date.week_start() != light || w.is_race() {
                return true;
            }
            *w = session::scaled(w, k);
            w.duration_min >= session::min_minutes(w.sport)
        });
        if check(ctx.brief, &next, ctx.cfg).violations.len() >= report.violations.len() {
            break;
        }
        plan = next;
    }
    plan
}

/// Rules the brief itself makes impossible, named before planning blames
/// anything else.
pub(super) fn contradictions(ctx: &Ctx) -> Vec<Infeasible> {
    use crate::checker::context::{locations, rules_forbid};
    let b = ctx.brief;
    let possible = |s: Sport, wd: crate::date::Weekday| {
        let d = ctx
            .start
            .plus(((wd.index() + 7 - ctx.start.weekday().index()) % 7) as i32);
        b.availability_hours.hours(wd) * 60.0 >= session::min_minutes(s)
            && !rules_forbid(b, s, d)
            && !locations(b, s, d).is_empty()
    };
    let mut out = Vec::new();
    for (i, r) in b.rules.iter().enumerate() {
        match r {
            Rule::LongSessionDay { sport, day } if !possible(*sport, *day) => out.push(Infeasible {
                constraint: "rule".into(), by_how_much: 1.0,
                message: format!("rules[{i}]: the long {} is to be on {}, but the hours, rules or equipment leave no {} on that day", sport.name(), day.name(), sport.name()),
            }),
            Rule::MinSessionsPerWeek { sport, n } => {
                let days = crate::date::Weekday::ALL.iter().filter(|wd| possible(*sport, **wd)).count() as u32;
                let cap = days; // the planner never doubles a sport on one day
                if cap < *n {
                    out.push(Infeasible {
                        constraint: "rule".into(), by_how_much: (*n - cap) as f32,
                        message: format!("rules[{i}]: {n} {} sessions a week, but only {days} weekdays allow one", sport.name()),
                    });
                }
            }
            _ => {}
        }
    }
    // Races are fixed: their own days can break the hard-day rules.
    let race_days: BTreeSet<Date> = ctx.races.iter().map(|r| r.date).collect();
    for (i, r) in b.rules.iter().enumerate() {
        match r {
            Rule::MaxHardDaysPerWeek { n } => {
                let mut per: BTreeMap<Date, u32> = BTreeMap::new();
                for d in &race_days {
                    *per.entry(d.week_start()).or_default() += 1;
                }
                if let Some((wk, c)) = per.into_iter().find(|(_, c)| c > n) {
                    out.push(Infeasible {
                        constraint: "rule".into(), by_how_much: (c - n) as f32,
                        message: format!("rules[{i}]: at most {n} hard days a week, but the week of {wk} has {c} race days"),
                    });
                }
            }
            Rule::NoBackToBackHardDays {} => {
                if let Some(d) = race_days.iter().find(|d| race_days.contains(&d.plus(1))) {
                    out.push(Infeasible {
                        constraint: "rule".into(), by_how_much: 1.0,
                        message: format!("rules[{i}]: no hard days back to back, but there are races on {d} and {}", d.plus(1)),
                    });
                }
            }
            _ => {}
        }
    }
    out
}
