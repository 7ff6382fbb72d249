//! Which days are training days, and what each one holds in a given week:
//! long sessions, spaced hard days, easy days, strength, doubles.

use super::session::{location, HardKind, Role};
use super::Ctx;
use crate::brief::{Priority, Rule};
use crate::checker::context::{injury_limits, rules_forbid};
use crate::date::Date;
use crate::model::{Intensity, Sport};
use std::collections::BTreeSet;

/// What a day is in the race calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayMode {
    Normal,
    /// Race day: the race workout only.
    Race(usize),
    /// The day after an A or B race.
    Rest,
    /// Easy days after an A race, or the day after a C race.
    Recovery,
    /// Days before a B race: easy only.
    MiniTaper,
}

/// The chunk being laid out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Chunk {
    Build {
        hard: u32,
        kinds: [HardKind; 2],
        light: bool,
    },
    /// A-race taper: `race` is its date.
    Taper { race: Date },
}

/// A sport may be done on `d` (rules, injuries, equipment).
pub fn sport_ok(ctx: &Ctx, s: Sport, d: Date) -> bool {
    !rules_forbid(ctx.brief, s, d)
        && !injury_limits(ctx.brief, s, d).forbidden
        && location(ctx.brief, s, d).is_some()
}

/// The role a sport can take on `d` given injury-forbidden intensities.
fn allowed_role(ctx: &Ctx, s: Sport, d: Date, role: Role) -> Option<Role> {
    let inj = injury_limits(ctx.brief, s, d);
    let ok = |i: Intensity| !inj.intensities.contains(&i);
    match role {
        Role::Hard(k) => {
            let order: &[HardKind] = match k {
                HardKind::Vo2 => &[HardKind::Vo2, HardKind::Threshold, HardKind::Tempo],
                HardKind::Threshold => &[HardKind::Threshold, HardKind::Tempo],
                HardKind::Tempo => &[HardKind::Tempo],
            };
            order
                .iter()
                .copied()
                .find(|k| {
                    ok(match k {
                        HardKind::Tempo => Intensity::Tempo,
                        HardKind::Threshold => Intensity::Threshold,
                        HardKind::Vo2 => Intensity::Vo2,
                    })
                })
                .map(Role::Hard)
        }
        Role::Strength => ok(Intensity::Strength).then_some(role),
        Role::Recovery => ok(Intensity::Recovery).then_some(role),
        _ if ok(Intensity::Endurance) => Some(role),
        _ => ok(Intensity::Recovery).then_some(Role::Recovery),
    }
}

/// Sessions per day of a chunk (consecutive days of one ISO week).
pub struct Layout {
    pub days: Vec<(Date, Vec<(Sport, Role)>)>,
}

fn is_race_or_hard(ctx: &Ctx, d: Date, hard: &BTreeSet<Date>) -> bool {
    hard.contains(&d) || ctx.race_day(d).is_some()
}

/// Lays out `dates` (one ISO week's consecutive days, all inside the plan).
pub fn layout(
    ctx: &Ctx,
    dates: &[Date],
    chunk: Chunk,
    hard: &BTreeSet<Date>,
    sport_days: &super::SportDays,
) -> Layout {
    let b = ctx.brief;
    let mut days: Vec<(Date, Vec<(Sport, Role)>)> =
        dates.iter().map(|d| (*d, Vec::new())).collect();
    let idx = |d: Date| (d.0 - ctx.start.0) as usize;
    let train = |d: Date| ctx.mask[idx(d)];
    let mode = |d: Date| ctx.mode[idx(d)];
    let avail = |d: Date| b.availability_hours.hours(d.weekday()) * 60.0;
    let to_race = |d: Date| match chunk {
        Chunk::Taper { race } => race.0 - d.0,
        _ => i32::MAX,
    };
    let light = matches!(chunk, Chunk::Build { light: true, .. });
    let open = |d: Date| train(d) && mode(d) == DayMode::Normal;
    // Pre-race and recovery days.
    let mut pending: Vec<Date> = Vec::new();
    for (d, list) in days.iter_mut() {
        if !train(*d) {
            continue;
        }
        let pick = |role: Role| {
            ctx.primary
                .iter()
                .chain(b.cross_training.iter())
                .copied()
                .find(|s| sport_ok(ctx, *s, *d) && allowed_role(ctx, *s, *d, role).is_some())
        };
        let next_race = ctx
            .race_day(d.plus(1))
            .filter(|r| r.priority != Priority::C);
        match mode(*d) {
            DayMode::Recovery | DayMode::MiniTaper => {
                let role = if next_race.is_some() {
                    Role::Openers
                } else if mode(*d) == DayMode::Recovery {
                    Role::Recovery
                } else {
                    Role::Easy
                };
                // Recovery days alternate with rest.
                let yesterday = d.plus(-1);
                let rested = !sport_days.contains_key(&yesterday) && !pending.contains(&yesterday);
                if role != Role::Recovery || rested {
                    if let Some(s) = pick(role) {
                        list.push((s, allowed_role(ctx, s, *d, role).unwrap_or(Role::Recovery)));
                        pending.push(*d);
                    }
                }
            }
            DayMode::Normal if to_race(*d) == 1 || next_race.is_some() => {
                if let Some(s) = pick(Role::Openers) {
                    list.push((
                        s,
                        allowed_role(ctx, s, *d, Role::Openers).unwrap_or(Role::Recovery),
                    ));
                }
            }
            _ => {}
        }
    }
    // Long sessions: the rule's day, else the most available day(s).
    let long_ok = |d: Date| open(d) && to_race(d) >= 6 && !ctx.near_race(d, 1);
    let mut long_sports: Vec<Sport> = Vec::new();
    for r in &b.rules {
        if let Rule::LongSessionDay { sport, day } = r {
            if let Some(i) = days
                .iter()
                .position(|(d, l)| d.weekday() == *day && l.is_empty())
            {
                let d = days[i].0;
                if long_ok(d) && sport_ok(ctx, *sport, d) && !long_sports.contains(sport) {
                    if let Some(role) = allowed_role(ctx, *sport, d, Role::Long) {
                        days[i].1.push((*sport, role));
                        long_sports.push(*sport);
                    }
                }
            }
        }
    }
    let has_rule_long = |s: Sport| {
        b.rules
            .iter()
            .any(|r| matches!(r, Rule::LongSessionDay { sport, .. } if *sport == s))
    };
    let long_wanted: Vec<Sport> = ctx
        .primary
        .iter()
        .copied()
        .filter(|s| *s != Sport::Swim || ctx.primary.len() == 1)
        .take(2)
        .collect();
    for s in long_wanted {
        if long_sports.contains(&s) || has_rule_long(s) {
            continue;
        }
        let best = days
            .iter()
            .enumerate()
            .filter(|(_, (d, l))| {
                l.is_empty()
                    && long_ok(*d)
                    && sport_ok(ctx, s, *d)
                    && !hard.contains(&d.plus(-1))
                    && !hard.contains(&d.plus(1))
            })
            .max_by(|a, b| avail(a.1 .0).total_cmp(&avail(b.1 .0)).then(a.0.cmp(&b.0)))
            .map(|x| x.0);
        if let Some(i) = best {
            if let Some(role) = allowed_role(ctx, s, days[i].0, Role::Long) {
                days[i].1.push((s, role));
                long_sports.push(s);
            }
        }
    }
    // Hard days, spaced: never next to another hard day or a race.
    let max_hard = b
        .rules
        .iter()
        .filter_map(|r| match r {
            Rule::MaxHardDaysPerWeek { n } => Some(*n),
            _ => None,
        })
        .min();
    // Hard days already in this ISO week, and its race days (in any chunk).
    let wk = dates.first().map_or(ctx.start, |f| f.week_start());
    let week_hard_used = hard
        .iter()
        .filter(|d| d.week_start() == wk && ctx.race_day(**d).is_none())
        .count() as u32
        + ctx
            .races
            .iter()
            .filter(|r| r.date.week_start() == wk)
            .count() as u32;
    let (mut want, kinds) = match chunk {
        Chunk::Build { hard: h, kinds, .. } => (h, kinds),
        Chunk::Taper { .. } => (
            if dates.len() >= 4 { 1 } else { 0 },
            [HardKind::Vo2, HardKind::Threshold],
        ),
    };
    if let Some(m) = max_hard {
        want = want.min(m.saturating_sub(week_hard_used));
    }
    let mut chosen: BTreeSet<Date> = BTreeSet::new();
    let near_hard = |d: Date, chosen: &BTreeSet<Date>| {
        [-1, 1].iter().any(|k| {
            let x = d.plus(*k);
            chosen.contains(&x) || is_race_or_hard(ctx, x, hard)
        })
    };
    let order = [1usize, 3, 2, 4, 0, 5, 6];
    let mut hard_sports = ctx
        .primary
        .iter()
        .copied()
        .filter(|s| *s != Sport::Swim || ctx.primary.len() == 1)
        .cycle()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter();
    // With a no-back-to-back rule, a long day counts as hard too (Stanley 2013:
    // the long run is a hard day), so never next to one.
    let passes = if b
        .rules
        .iter()
        .any(|r| matches!(r, Rule::NoBackToBackHardDays {}))
    {
        1
    } else {
        2
    };
    for pass in 0..passes {
        for &w in &order {
            if chosen.len() as u32 >= want {
                break;
            }
            let Some(i) = days
                .iter()
                .position(|(d, l)| d.weekday().index() == w && l.is_empty())
            else {
                continue;
            };
            let d = days[i].0;
            let next_to_long = days
                .iter()
                .any(|(x, l)| (x.0 - d.0).abs() == 1 && l.iter().any(|(_, r)| *r == Role::Long));
            if !open(d)
                || near_hard(d, &chosen)
                || (pass == 0 && next_to_long)
                || to_race(d) < 3
                || ctx.near_race(d, 1)
            {
                continue;
            }
            let kind = kinds[chosen.len() % 2];
            let can = |s: &Sport| {
                sport_ok(ctx, *s, d)
                    && allowed_role(ctx, *s, d, Role::Hard(kind)) == Some(Role::Hard(kind))
            };
            // A cross-training sport takes the session a main one cannot do as planned.
            let s = hard_sports
                .clone()
                .find(can)
                .or_else(|| {
                    b.cross_training
                        .iter()
                        .copied()
                        .filter(|s| *s != Sport::Strength)
                        .find(can)
                })
                .or_else(|| {
                    hard_sports.clone().find(|s| {
                        sport_ok(ctx, *s, d) && allowed_role(ctx, *s, d, Role::Hard(kind)).is_some()
                    })
                });
            if let Some(s) = s {
                hard_sports.next();
                if let Some(role) = allowed_role(ctx, s, d, Role::Hard(kind)) {
                    days[i].1.push((s, role));
                    chosen.insert(d);
                }
            }
        }
    }
    let max_per_day = ctx.max_per_day;
    // Easy days: the sport furthest behind its share, within streak limits.
    let count = |s: Sport, days: &[(Date, Vec<(Sport, Role)>)]| {
        days.iter()
            .flat_map(|(_, l)| l.iter())
            .filter(|(x, _)| *x == s)
            .count() as f32
    };
    let strength_left = |days: &[(Date, Vec<(Sport, Role)>)]| {
        let want = if matches!(chunk, Chunk::Taper { .. }) {
            0
        } else {
            (ctx.strength_per_week as usize * dates.len()).div_ceil(7)
        };
        want.saturating_sub(
            days.iter()
                .flat_map(|(_, l)| l.iter())
                .filter(|(s, _)| *s == Sport::Strength)
                .count(),
        )
    };
    for i in 0..days.len() {
        let d = days[i].0;
        if !days[i].1.is_empty() || !open(d) {
            continue;
        }
        if ctx.strength_first
            && strength_left(&days) > 0
            && sport_ok(ctx, Sport::Strength, d)
            && streak_ok(ctx, Sport::Strength, d, &days, sport_days)
        {
            if let Some(r) = allowed_role(ctx, Sport::Strength, d, Role::Strength) {
                days[i].1.push((Sport::Strength, r));
                continue;
            }
        }
        // While an injury limits a main sport, cross-training shares its days.
        let limited = ctx.primary.iter().any(|s| {
            let l = injury_limits(b, *s, d);
            l.forbidden || l.max_minutes.is_some() || !l.intensities.is_empty()
        });
        let cross = b
            .cross_training
            .iter()
            .copied()
            .filter(|s| limited && *s != Sport::Strength);
        let cand = ctx
            .primary
            .iter()
            .copied()
            .chain(cross)
            .filter(|s| sport_ok(ctx, *s, d) && streak_ok(ctx, *s, d, &days, sport_days))
            .max_by(|a, b| {
                (ctx.weight(*a) / (count(*a, &days) + 1.0))
                    .total_cmp(&(ctx.weight(*b) / (count(*b, &days) + 1.0)))
            });
        let cand = cand.or_else(|| {
            b.cross_training.iter().copied().find(|s| {
                *s != Sport::Strength
                    && sport_ok(ctx, *s, d)
                    && streak_ok(ctx, *s, d, &days, sport_days)
            })
        });
        if let Some(s) = cand {
            let role = if s == Sport::Swim && count(s, &days) == 0.0 {
                Role::Technique
            } else {
                Role::Easy
            };
            if let Some(r) = allowed_role(ctx, s, d, role) {
                days[i].1.push((s, r));
            }
        }
    }
    // Strength as a second session on easy days (or a first, for strength athletes).
    for i in 0..days.len() {
        let d = days[i].0;
        if strength_left(&days) == 0
            || !open(d)
            || !sport_ok(ctx, Sport::Strength, d)
            || chosen.contains(&d)
            || !streak_ok(ctx, Sport::Strength, d, &days, sport_days)
        {
            continue;
        }
        let l = &days[i].1;
        let fits = l.is_empty()
            || (l.len() < max_per_day as usize
                && avail(d) >= 75.0
                && l.iter()
                    .all(|(_, r)| *r == Role::Easy || *r == Role::Technique));
        if fits && !l.iter().any(|(s, _)| *s == Sport::Strength) {
            if let Some(r) = allowed_role(ctx, Sport::Strength, d, Role::Strength) {
                days[i].1.push((Sport::Strength, r));
            }
        }
    }
    // Doubles for multi-sport athletes: the sport furthest behind on a roomy easy day.
    if ctx.primary.len() >= 2 && max_per_day >= 2 && !light {
        for i in 0..days.len() {
            let d = days[i].0;
            let l = &days[i].1;
            if !open(d)
                || l.len() != 1
                || avail(d) < 90.0
                || !matches!(l[0].1, Role::Easy | Role::Technique)
            {
                continue;
            }
            let first = l[0].0;
            let s = ctx
                .primary
                .iter()
                .copied()
                .filter(|s| {
                    *s != first && sport_ok(ctx, *s, d) && streak_ok(ctx, *s, d, &days, sport_days)
                })
                .min_by(|a, b| {
                    (count(*a, &days) / ctx.weight(*a))
                        .total_cmp(&(count(*b, &days) / ctx.weight(*b)))
                });
            if let Some(s) = s {
                if count(s, &days) < ctx.weight(s) * 2.0 {
                    if let Some(r) = allowed_role(
                        ctx,
                        s,
                        d,
                        if s == Sport::Swim {
                            Role::Technique
                        } else {
                            Role::Easy
                        },
                    ) {
                        days[i].1.push((s, r));
                    }
                }
            }
        }
    }
    // The chunk that ends an ISO week tops up that week's sessions.
    let week_end = dates
        .last()
        .is_some_and(|d| d.weekday().index() == 6 || *d == ctx.end);
    min_sessions(ctx, &mut days, week_end, sport_days, &chosen);
    Layout { days }
}

/// Would `s` on `d` break a per-sport streak rule?
fn streak_ok(
    ctx: &Ctx,
    s: Sport,
    d: Date,
    days: &[(Date, Vec<(Sport, Role)>)],
    past: &super::SportDays,
) -> bool {
    let Some(n) = ctx
        .brief
        .rules
        .iter()
        .filter_map(|r| match r {
            Rule::MaxConsecutiveDays { sport: Some(x), n } if *x == s => Some(*n),
            _ => None,
        })
        .min()
    else {
        return true;
    };
    let has = |x: Date| {
        past.get(&x).is_some_and(|v| v.contains(&s))
            || days
                .iter()
                .any(|(y, l)| *y == x && l.iter().any(|(t, _)| *t == s))
    };
    let mut run = 1;
    let mut k = 1;
    while has(d.plus(-k)) {
        run += 1;
        k += 1;
    }
    k = 1;
    while has(d.plus(k)) {
        run += 1;
        k += 1;
    }
    run <= n
}

/// `min_sessions_per_week`: add missing sessions on open days.
fn min_sessions(
    ctx: &Ctx,
    days: &mut [(Date, Vec<(Sport, Role)>)],
    full: bool,
    past: &super::SportDays,
    hard: &BTreeSet<Date>,
) {
    if !full {
        return;
    }
    for r in &ctx.brief.rules {
        let Rule::MinSessionsPerWeek { sport, n } = r else {
            continue;
        };
        let Some(first) = days.first().map(|d| d.0) else {
            return;
        };
        let earlier = (first.week_start().0..first.0)
            .filter_map(|x| past.get(&Date(x)))
            .flatten()
            .filter(|s| *s == sport)
            .count() as u32;
        loop {
            let have = earlier
                + days
                    .iter()
                    .flat_map(|(_, l)| l.iter())
                    .filter(|(s, _)| s == sport)
                    .count() as u32;
            if have >= *n {
                break;
            }
            let idx = |d: Date| (d.0 - ctx.start.0) as usize;
            let role = if *sport == Sport::Strength {
                Role::Strength
            } else {
                Role::Easy
            };
            // An empty training day, then a second session, then replacing an easy session of a sport with more.
            let slot = (0..days.len())
                .find(|&i| {
                    let d = days[i].0;
                    days[i].1.is_empty()
                        && ctx.mask[idx(d)]
                        && ctx.mode[idx(d)] == DayMode::Normal
                        && sport_ok(ctx, *sport, d)
                        && streak_ok(ctx, *sport, d, days, past)
                })
                .or_else(|| {
                    (0..days.len()).find(|&i| {
                        let d = days[i].0;
                        days[i].1.len() < ctx.max_per_day as usize
                            && !days[i].1.is_empty()
                            && !hard.contains(&d)
                            && !days[i].1.iter().any(|(s, _)| s == sport)
                            && ctx.mode[idx(d)] == DayMode::Normal
                            && sport_ok(ctx, *sport, d)
                            && streak_ok(ctx, *sport, d, days, past)
                    })
                });
            // Last resort: beside a hard session.
            let slot = slot.or_else(|| {
                (0..days.len()).find(|&i| {
                    let d = days[i].0;
                    days[i].1.len() < ctx.max_per_day as usize
                        && !days[i].1.is_empty()
                        && !days[i].1.iter().any(|(s, _)| s == sport)
                        && ctx.mode[idx(d)] == DayMode::Normal
                        && sport_ok(ctx, *sport, d)
                        && streak_ok(ctx, *sport, d, days, past)
                })
            });
            if let Some(i) = slot {
                let d = days[i].0;
                if let Some(r) = allowed_role(ctx, *sport, d, role) {
                    days[i].1.push((*sport, r));
                    continue;
                }
            }
            let swap = (0..days.len()).find(|&i| {
                let d = days[i].0;
                days[i].1.len() == 1
                    && matches!(days[i].1[0].1, Role::Easy | Role::Technique)
                    && days[i].1[0].0 != *sport
                    && ctx.mode[idx(d)] == DayMode::Normal
                    && sport_ok(ctx, *sport, d)
                    && streak_ok(ctx, *sport, d, days, past)
            });
            match swap.and_then(|i| allowed_role(ctx, *sport, days[i].0, role).map(|r| (i, r))) {
                Some((i, r)) => days[i].1[0] = (*sport, r),
                None => break,
            }
        }
    }
}
