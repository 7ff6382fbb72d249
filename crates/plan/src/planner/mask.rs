//! Which days of the plan are training days.

use super::layout::{sport_ok, DayMode};
use super::Ctx;
use crate::brief::Rule;
use crate::model::Sport;

/// Training days for the whole plan: available, not a rule's rest day, with
/// some sport possible; then streak and rest-day limits, race days fixed.
pub fn training_mask(ctx: &Ctx) -> Vec<bool> {
    let b = ctx.brief;
    let mut all: Vec<Sport> = ctx.primary.clone();
    all.extend(b.cross_training.iter().copied());
    if ctx.strength_per_week > 0 {
        all.push(Sport::Strength);
    }
    let mut m: Vec<bool> = (0..ctx.n)
        .map(|i| {
            let d = ctx.start.plus(i as i32);
            match ctx.mode[i] {
                DayMode::Race(_) => true,
                DayMode::Rest => false,
                _ => {
                    b.availability_hours.hours(d.weekday()) * 60.0 >= 20.0
                        && all.iter().any(|s| sport_ok(ctx, *s, d))
                }
            }
        })
        .collect();
    // Races, and the long-session days the rules name, stay training days.
    let long_days: Vec<crate::date::Weekday> = b
        .rules
        .iter()
        .filter_map(|r| match r {
            Rule::LongSessionDay { day, .. } => Some(*day),
            _ => None,
        })
        .collect();
    let fixed = |i: usize| {
        matches!(ctx.mode[i], DayMode::Race(_))
            || long_days.contains(&ctx.start.plus(i as i32).weekday())
    };
    let avail = |i: usize| {
        b.availability_hours
            .hours(ctx.start.plus(i as i32).weekday())
    };
    // Rest days per ISO week: the rule's, and at least one by default.
    let min_rest = b
        .rules
        .iter()
        .filter_map(|r| match r {
            Rule::MinRestDaysPerWeek { n } => Some(*n),
            _ => None,
        })
        .max()
        .unwrap_or(1)
        .max(1) as usize;
    let mut i = 0;
    while i < ctx.n {
        let wk = ctx.start.plus(i as i32).week_start();
        let days: Vec<usize> = (0..7)
            .map(|k| wk.plus(k))
            .filter(|d| *d >= ctx.start && *d <= ctx.end)
            .map(|d| (d.0 - ctx.start.0) as usize)
            .collect();
        let rest_have = 7 - days.iter().filter(|&&j| m[j]).count();
        let mut need = min_rest.saturating_sub(rest_have);
        // Least available first; among equals, the one that breaks the longest streak.
        while need > 0 {
            let neighbours = |m: &[bool], j: usize| {
                usize::from(j > 0 && m[j - 1]) + usize::from(j + 1 < m.len() && m[j + 1])
            };
            let pick = days
                .iter()
                .copied()
                .filter(|&j| m[j] && !fixed(j))
                .min_by(|a, b| {
                    avail(*a)
                        .total_cmp(&avail(*b))
                        .then(neighbours(&m, *b).cmp(&neighbours(&m, *a)))
                });
            let Some(j) = pick else { break };
            m[j] = false;
            need -= 1;
        }
        i = days.last().map_or(i + 1, |l| l + 1);
    }
    // Streaks: the rule's limit (6 by default: a day off a week).
    let limit = b
        .rules
        .iter()
        .filter_map(|r| match r {
            Rule::MaxConsecutiveDays { sport: None, n } => Some(*n),
            _ => None,
        })
        .min()
        .unwrap_or(6) as usize;
    let mut run = 0usize;
    for i in 0..ctx.n {
        if !m[i] {
            run = 0;
            continue;
        }
        run += 1;
        if run > limit {
            // Drop the weakest non-race day of the streak that ends it early enough.
            let lo = i + 1 - run;
            let pick = (lo..=i)
                .filter(|&j| !fixed(j) && j >= i.saturating_sub(limit))
                .min_by(|a, b| avail(*a).total_cmp(&avail(*b)).then(b.cmp(a)));
            if let Some(j) = pick {
                m[j] = false;
                run = i - j;
            }
        }
    }
    m
}
