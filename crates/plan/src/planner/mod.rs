//! The built-in periodized planner: base → build → peak → taper → race →
//! recovery to the last A race, built chronologically day by day so every
//! week's load can be sized against the projected CTL ramp and each taper
//! against the race-morning TSB (both through `paceline-load`'s PMC).
//!
//! Every workout's TSS comes from its zone minutes (`Zones::tss`), so load is
//! never invented. When the brief's goal or a race-morning form window cannot
//! be reached safely, the plan is still the safest one and the outcome says
//! which constraint failed and by how much.

mod layout;
mod mask;
mod realize;
mod repair;
pub(crate) mod session;
mod setup;

use crate::brief::{Brief, Priority, Race};
use crate::checker::context::special_weeks;
use crate::checker::{check, CheckerConfig, ViolationKind};
use crate::date::Date;
use crate::model::{Plan, Sport, Workout};
use layout::{layout, Chunk, DayMode};
use paceline_load::pmc::{pmc, PmcDay, PmcState};
use realize::{realize, shrink};
use repair::{contradictions, fit_race_weeks, repair_lighter_weeks};
use serde::{Deserialize, Serialize};
use session::{race_workout, HardKind};
use setup::context;
use std::collections::{BTreeMap, BTreeSet};

/// A goal or limit the plan could not meet safely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Infeasible {
    /// `goal.ctl_on_race_morning`, `race_tsb`, or the checker's id of what
    /// stayed violated (`rule`, `lighter_week`, …).
    pub constraint: String,
    /// How far off (CTL points, TSB points, or a count of violations).
    pub by_how_much: f32,
    pub message: String,
}

/// The plan, and what it could not achieve (empty = everything holds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanOutcome {
    pub plan: Plan,
    pub infeasible: Vec<Infeasible>,
}

impl PlanOutcome {
    pub fn feasible(&self) -> bool {
        self.infeasible.is_empty()
    }
}

/// A lighter week's TSS as a share of the last three build weeks: well under
/// the checker's 75 %, so the week stays lighter even when weeks are counted
/// from another weekday than Monday.
const LIGHT_WEEK: f32 = 0.55;

pub(crate) type SportDays = BTreeMap<Date, Vec<Sport>>;

/// What the whole plan is built from.
pub(crate) struct Ctx<'a> {
    pub brief: &'a Brief,
    pub cfg: &'a CheckerConfig,
    pub start: Date,
    pub end: Date,
    pub n: usize,
    /// Endurance sports trained, main first.
    pub primary: Vec<Sport>,
    pub strength_per_week: u32,
    /// Strength athletes: strength takes whole days.
    pub strength_first: bool,
    pub max_per_day: u32,
    pub races: Vec<Race>,
    pub mode: Vec<DayMode>,
    pub mask: Vec<bool>,
    race_sports: Vec<Sport>,
    /// CTL points added to a goal after a pass that fell short of it.
    goal_bias: f32,
}

impl Ctx<'_> {
    pub fn race_day(&self, d: Date) -> Option<&Race> {
        self.races.iter().find(|r| r.date == d)
    }

    /// The race workouts of a day (two races can share one).
    pub fn races_on(&self, d: Date) -> Vec<Workout> {
        self.races
            .iter()
            .filter(|r| r.date == d)
            .map(race_workout)
            .collect()
    }

    /// An A/B race within `k` days after `d`, or one the day before.
    pub fn near_race(&self, d: Date, k: i32) -> bool {
        self.races.iter().any(|r| {
            r.priority != Priority::C
                && ((1..=k).contains(&(r.date.0 - d.0)) || r.date.0 == d.0 - 1)
        })
    }

    /// Share of sessions a sport gets.
    pub fn weight(&self, s: Sport) -> f32 {
        let base = match s {
            Sport::Bike => 1.2,
            Sport::Swim => 0.8,
            _ => 1.0,
        };
        if self.race_sports.contains(&s) {
            base * 1.5
        } else {
            base
        }
    }

    fn idx(&self, d: Date) -> usize {
        (d.0 - self.start.0) as usize
    }
}

#[derive(Clone)]
struct Gen {
    days: Vec<Vec<Workout>>,
    load: Vec<f32>,
    load_ramp: Vec<f32>,
    hard: BTreeSet<Date>,
    sport_days: SportDays,
    run_len: u32,
    week_pos: BTreeMap<Date, Option<u32>>,
    /// TSS of the build (not light) weeks of the current run.
    build_tss: Vec<f32>,
    last_f: f32,
    /// Load factor of the last lighter week.
    light_f: Option<f32>,
    build_chunks: u32,
    capped_chunks: u32,
}

/// Builds the plan for `brief`, checked against `cfg`.
/// One planning pass: the plan, what it could not meet, and the CTL shortfall
/// on the first A race's morning (with whether the hours capped the build).
fn build(ctx: &Ctx) -> (Plan, Vec<Infeasible>, Option<(f32, bool)>) {
    let (brief, cfg) = (ctx.brief, ctx.cfg);
    let mut g = Gen {
        days: vec![Vec::new(); ctx.n],
        load: vec![0.0; ctx.n],
        load_ramp: vec![0.0; ctx.n],
        hard: BTreeSet::new(),
        sport_days: BTreeMap::new(),
        run_len: 0,
        week_pos: BTreeMap::new(),
        build_tss: Vec::new(),
        last_f: 0.6,
        light_f: None,
        build_chunks: 0,
        capped_chunks: 0,
    };
    let mut infeasible = Vec::new();
    let mut seg = ctx.start;
    let a_races: Vec<Race> = ctx
        .races
        .iter()
        .filter(|r| r.priority == Priority::A)
        .cloned()
        .collect();
    for r in &a_races {
        if r.date < seg {
            continue;
        }
        let (best, tsb) = a_segment(ctx, &g, seg, r);
        g = best;
        if tsb < cfg.race_tsb_min || tsb > cfg.race_tsb_max {
            let off = if tsb < cfg.race_tsb_min {
                cfg.race_tsb_min - tsb
            } else {
                tsb - cfg.race_tsb_max
            };
            infeasible.push(Infeasible {
                constraint: "race_tsb".into(), by_how_much: round1(off),
                message: format!("{}: the closest safe taper gives a race-morning TSB of {tsb:.1}, outside {:+.0}…{:+.0}",
                    r.name, cfg.race_tsb_min, cfg.race_tsb_max),
            });
        }
        seg = r.date.plus(1);
    }
    if seg <= ctx.end {
        build_span(ctx, &mut g, seg, ctx.end, None);
    }
    let mut plan = Plan {
        version: None,
        parent_version: None,
        workouts: g.days.into_iter().flatten().collect(),
    };
    plan.sort();
    let mut short = None;
    if let (Some(goal), Some(r)) = (&brief.goal, a_races.first()) {
        let rows = project(ctx, &g.load, ctx.idx(r.date));
        // CTL at the end of the day before the race.
        let ctl = rows
            .iter()
            .rev()
            .nth(1)
            .map_or(brief.fitness.ctl, |d| d.ctl);
        if ctl < goal.ctl_on_race_morning - 0.5 {
            let capped = g.capped_chunks * 2 >= g.build_chunks.max(1);
            short = Some((goal.ctl_on_race_morning - ctl, capped));
            let why = if capped {
                "the hours available"
            } else {
                "the safe CTL ramp"
            };
            infeasible.push(Infeasible {
                constraint: "goal.ctl_on_race_morning".into(),
                by_how_much: round1(goal.ctl_on_race_morning - ctl),
                message: format!("CTL on the morning of {} reaches {ctl:.1}, not {:.1}: {why} allow no more. This is the safest plan toward it.",
                    r.name, goal.ctl_on_race_morning),
            });
        }
    }
    (plan, infeasible, short)
}

/// Builds the plan for `brief`, checked against `cfg`.
pub fn generate(brief: &Brief, cfg: &CheckerConfig) -> PlanOutcome {
    let mut ctx = context(brief, cfg);
    let (mut plan, mut infeasible, mut short) = build(&ctx);
    // A CTL goal missed while the ramp had room: aim higher and plan again.
    for _ in 0..3 {
        let Some((gap, false)) = short else { break };
        ctx.goal_bias += gap + 1.5;
        let (p, i, s) = build(&ctx);
        let tsb_ok = |v: &[Infeasible]| v.iter().filter(|x| x.constraint == "race_tsb").count();
        if s.map_or(0.0, |x| x.0) < gap && tsb_ok(&i) <= tsb_ok(&infeasible) {
            (plan, infeasible, short) = (p, i, s);
        } else {
            break;
        }
    }
    // A checker that counts race hours in the week's hours should agree too:
    // trim the other sessions of race weeks to the week's hours when that
    // keeps every check.
    let trimmed = fit_race_weeks(&ctx, &plan);
    if trimmed != plan && check(brief, &trimmed, cfg).passed() {
        plan = trimmed;
    }
    plan = repair_lighter_weeks(&ctx, plan);
    infeasible.extend(contradictions(&ctx));
    // Whatever the checker still finds is declared, never hidden.
    let report = check(brief, &plan, cfg);
    let declared_tsb = infeasible.iter().any(|i| i.constraint == "race_tsb");
    let mut left: BTreeMap<ViolationKind, Vec<String>> = BTreeMap::new();
    for v in report.violations {
        if !(declared_tsb && v.kind == ViolationKind::RaceTsb) {
            left.entry(v.kind).or_default().push(v.message);
        }
    }
    for (k, msgs) in left {
        let id = serde_json::to_value(k)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        if infeasible.iter().any(|i| i.constraint == id) {
            continue;
        }
        infeasible.push(Infeasible {
            constraint: id,
            by_how_much: msgs.len() as f32,
            message: format!("the brief's constraints cannot all hold: {}", msgs[0]),
        });
    }
    PlanOutcome { plan, infeasible }
}

fn round1(x: f32) -> f32 {
    (x * 10.0).round() / 10.0
}

fn project(ctx: &Ctx, loads: &[f32], upto: usize) -> Vec<PmcDay> {
    let init = PmcState {
        ctl: ctx.brief.fitness.ctl,
        atl: ctx.brief.fitness.atl,
    };
    pmc(
        &loads[..=upto.min(loads.len() - 1)],
        ctx.start.0,
        init,
        &ctx.cfg.pmc,
    )
}

/// Default taper by race length (Bosquet 2007: about two weeks for long races).
fn default_taper(r: &Race) -> i32 {
    if let Some(t) = r.taper_days {
        return t as i32;
    }
    let m = r.duration_min();
    if m >= 240.0 {
        14
    } else if m >= 90.0 {
        10
    } else {
        7
    }
}

/// Build, taper and race for one A race; returns the state and its race-morning TSB.
fn a_segment(ctx: &Ctx, g0: &Gen, seg: Date, r: &Race) -> (Gen, f32) {
    let cfg = ctx.cfg;
    let room = r.date.0 - seg.0;
    let t0 = default_taper(r).min(room);
    let mut tries: Vec<i32> = vec![t0, t0 - 3, t0 + 4, t0 - 5, t0 + 7, 3, 2, 1, 0];
    tries.retain(|t| (0..=21.min(room)).contains(t));
    tries.dedup();
    let aim = (cfg.race_tsb_min + cfg.race_tsb_max) / 2.0 - 1.0;
    let mut best: Option<(Gen, f32)> = None;
    let mut seen = BTreeSet::new();
    for t in tries {
        if !seen.insert(t) {
            continue;
        }
        let mut g = g0.clone();
        let taper_start = r.date.plus(-t);
        if taper_start > seg {
            build_span(ctx, &mut g, seg, taper_start.plus(-1), Some(r.date));
        }
        let (g2, tsb) = taper(ctx, &g, taper_start, r, aim);
        let inside = tsb >= cfg.race_tsb_min + 1.0 && tsb <= cfg.race_tsb_max - 1.0;
        let dist = |x: f32| (x - aim).abs();
        if best.as_ref().is_none_or(|(_, b)| dist(tsb) < dist(*b)) {
            best = Some((g2, tsb));
        }
        if inside {
            break;
        }
    }
    best.unwrap_or_else(|| (g0.clone(), 0.0))
}

/// Tapers from `from` to the race, trying load levels for the TSB nearest `aim`.
fn taper(ctx: &Ctx, g0: &Gen, from: Date, r: &Race, aim: f32) -> (Gen, f32) {
    let ri = ctx.idx(r.date);
    let mut best: Option<(Gen, f32)> = None;
    // Volume down ~40 % first (Bosquet 2007: −41…60 %), then whatever lands
    // the form in the window; intensity stays (one short hard session).
    // With a CTL goal for this race, a gentler cut keeps more of the fitness.
    let goal_race = ctx.brief.goal.is_some()
        && ctx
            .races
            .iter()
            .find(|x| x.priority == Priority::A)
            .is_some_and(|a| a.date == r.date);
    let order: [f32; 12] = if goal_race {
        [
            0.75, 0.85, 0.65, 0.95, 0.55, 1.05, 0.45, 0.35, 0.25, 0.15, 0.05, 0.0,
        ]
    } else {
        [0.6, 0.7, 0.5, 0.8, 0.4, 0.9, 0.3, 1.0, 0.2, 1.1, 0.1, 0.0]
    };
    for m in order {
        let f = (g0.last_f * m).clamp(0.0, 1.0);
        let mut g = g0.clone();
        let mut d = from;
        while d < r.date {
            let to = d.week_start().plus(6).min(r.date.plus(-1));
            let dates: Vec<Date> = (d.0..=to.0).map(Date).collect();
            let lay = layout(
                ctx,
                &dates,
                Chunk::Taper { race: r.date },
                &g.hard,
                &g.sport_days,
            );
            // Stepped: more in the first taper days, less in the last week.
            let step = if r.date.0 - d.0 > 7 { 1.15 } else { 0.85 };
            let ws = realize(ctx, &lay, (f * step).min(1.0));
            commit(ctx, &mut g, &dates, ws);
            d = to.plus(1);
        }
        let rw = ctx.races_on(r.date);
        commit(ctx, &mut g, &[r.date], rw);
        let tsb = project(ctx, &g.load, ri).last().map_or(0.0, |p| p.tsb);
        let ramp_ok = project(ctx, &g.load_ramp, ri)
            .iter()
            .skip(ctx.idx(from))
            .all(|p| p.ramp <= ctx.cfg.max_ctl_ramp_per_week - 0.5);
        if !ramp_ok {
            continue;
        }
        // Steps go from more load to less: the first comfortably inside the
        // window keeps the most training; otherwise the nearest to the aim.
        let comfortable = tsb >= ctx.cfg.race_tsb_min + 3.0 && tsb <= ctx.cfg.race_tsb_max - 3.0;
        if comfortable {
            return (g, tsb);
        }
        if best
            .as_ref()
            .is_none_or(|(_, b)| (tsb - aim).abs() < (b - aim).abs())
        {
            best = Some((g, tsb));
        }
    }
    best.unwrap_or_else(|| {
        let mut g = g0.clone();
        commit(ctx, &mut g, &[r.date], ctx.races_on(r.date));
        let tsb = project(ctx, &g.load, ri).last().map_or(0.0, |p| p.tsb);
        (g, tsb)
    })
}

/// Stores a chunk's workouts in the state.
fn commit(ctx: &Ctx, g: &mut Gen, dates: &[Date], ws: Vec<Workout>) {
    for d in dates {
        let i = ctx.idx(*d);
        g.days[i].clear();
        g.load[i] = 0.0;
        g.load_ramp[i] = 0.0;
        g.hard.remove(d);
        g.sport_days.remove(d);
    }
    for w in ws {
        let i = ctx.idx(w.date);
        g.load[i] += w.tss;
        if !w.is_race() {
            g.load_ramp[i] += w.tss;
        }
        if ctx.cfg.hard_intensities.contains(&w.intensity) {
            g.hard.insert(w.date);
        }
        g.sport_days.entry(w.date).or_default().push(w.sport);
        g.days[i].push(w);
    }
}

/// Normal training (with B/C races and recovery days) over `from..=to`, one
/// ISO-week chunk at a time.
fn build_span(ctx: &Ctx, g: &mut Gen, from: Date, to: Date, a_race: Option<Date>) {
    let special = special_weeks(ctx.brief, ctx.cfg);
    let mut d = from;
    while d <= to {
        let wk = d.week_start();
        let chunk_end = wk.plus(6).min(to);
        let dates: Vec<Date> = (d.0..=chunk_end.0).map(Date).collect();
        let full = wk >= ctx.start && wk.plus(6) <= ctx.end && !special.contains(&wk);
        let pos = *g.week_pos.entry(wk).or_insert_with(|| {
            if full {
                g.run_len += 1;
                Some(g.run_len - 1)
            } else {
                // A plan's first, partial week counts as the first of the cycle
                // (weeks counted from the start date see it whole).
                let first_partial = wk < ctx.start && !special.contains(&wk);
                g.run_len = u32::from(first_partial);
                g.build_tss.clear();
                None
            }
        });
        let light = pos.is_some_and(|p| p % 4 == 3);
        // Counted from a start that is not a Monday, weeks straddle ours: the
        // lighter week goes on (shorter sessions, same structure) until the
        // next such week has begun, so those weeks have a lighter one too.
        let s = ctx.start.weekday().index() as i32;
        let head = (d == wk && s > 0 && pos.is_some_and(|p| p % 4 == 0 && p > 0))
            .then_some(g.light_f)
            .flatten()
            .map(|lf| (wk.plus(s - 1), lf));
        let next_a = a_race.or_else(|| {
            ctx.races
                .iter()
                .find(|r| r.priority == Priority::A && r.date > d)
                .map(|r| r.date)
        });
        let weeks_out = next_a.map_or(6, |r| (r.0 - d.0) / 7);
        let (mut hard, kinds) = if light {
            (0, [HardKind::Tempo, HardKind::Tempo])
        } else if weeks_out >= 10 {
            (1, [HardKind::Tempo, HardKind::Threshold])
        } else if weeks_out >= 4 {
            (2, [HardKind::Threshold, HardKind::Vo2])
        } else {
            (2, [HardKind::Vo2, HardKind::Threshold])
        };
        if ctx.brief.fitness.ctl < 15.0 {
            hard = hard.min(1);
        }
        let lay = layout(
            ctx,
            &dates,
            Chunk::Build { hard, kinds, light },
            &g.hard,
            &g.sport_days,
        );
        let first_a = ctx.races.iter().find(|r| r.priority == Priority::A);
        let target = ramp_target(ctx, g, d, first_a);
        let last = ctx.idx(chunk_end);
        // What the days before already put into this chunk's 7-day windows
        // cannot be undone; the chunk only must not add to it past the target.
        commit(ctx, g, &dates, Vec::new());
        let floor: Vec<f32> = project(ctx, &g.load_ramp, last)
            .iter()
            .skip(ctx.idx(d))
            .map(|p| p.ramp.max(target))
            .collect();
        let ok = |g: &mut Gen, f: f32| -> (bool, f32) {
            let mut ws = realize(ctx, &lay, f);
            if let Some((until, lf)) = head {
                let mut short = ws.clone();
                shrink(&mut short, until, (lf / f.max(1e-3)).min(1.0));
                // Only if the week stays polarized.
                let (low, all) = short
                    .iter()
                    .filter(|w| !w.is_race() && w.sport.is_endurance())
                    .fold((0.0, 0.0), |a, w| {
                        (
                            a.0 + w.time_in_zone_min.low(),
                            a.1 + w.time_in_zone_min.total(),
                        )
                    });
                if all <= 0.0 || low >= (ctx.cfg.min_low_zone_share + 0.05).min(0.95) * all {
                    ws = short;
                }
            }
            let tss: f32 = ws.iter().map(|w| w.tss).sum();
            commit(ctx, g, &dates, ws);
            let rows = project(ctx, &g.load_ramp, last);
            (
                rows.iter()
                    .skip(ctx.idx(d))
                    .zip(&floor)
                    .all(|(p, fl)| p.ramp <= *fl + 1e-4),
                tss,
            )
        };
        let cap_tss = if light && !g.build_tss.is_empty() {
            let k = g.build_tss.len().min(3);
            let mean = g.build_tss[g.build_tss.len() - k..].iter().sum::<f32>() / k as f32;
            Some(LIGHT_WEEK * mean * dates.len() as f32 / 7.0)
        } else {
            None
        };
        // Largest load factor whose ramp (and light-week cap) holds.
        let good = |g: &mut Gen, f: f32| {
            let (r, t) = ok(g, f);
            r && cap_tss.is_none_or(|c| t <= c)
        };
        let f = if good(g, 1.0) {
            1.0
        } else {
            let (mut lo, mut hi) = (0.0f32, 1.0f32);
            for _ in 0..10 {
                let mid = (lo + hi) / 2.0;
                if good(g, mid) {
                    lo = mid
                } else {
                    hi = mid
                }
            }
            lo
        };
        let (_, tss) = ok(g, f);
        if light {
            g.light_f = Some(f);
        }
        if !light && f > 0.0 {
            g.last_f = f;
            g.build_chunks += 1;
            if f >= 0.999 {
                g.capped_chunks += 1;
            }
            if pos.is_some() && dates.len() == 7 {
                g.build_tss.push(tss);
            }
        }
        d = chunk_end.plus(1);
    }
}

/// CTL rise allowed per week: 5 by default; with a goal, what reaching it
/// needs, up to 1 below the checker's limit.
fn ramp_target(ctx: &Ctx, g: &Gen, d: Date, first_a: Option<&Race>) -> f32 {
    let max = ctx.cfg.max_ctl_ramp_per_week - 1.0;
    let default = 5.0f32.min(max);
    let (Some(goal), Some(r)) = (&ctx.brief.goal, first_a) else {
        return default;
    };
    if d >= r.date {
        return default;
    }
    let i = ctx.idx(d);
    let ctl = if i == 0 {
        ctx.brief.fitness.ctl
    } else {
        project(ctx, &g.load, i - 1).last().map_or(0.0, |p| p.ctl)
    };
    // Each light week gives back ~3 CTL and the taper ~0.3 a day: the build weeks left
    // must make up for them.
    let weeks = ((r.date.0 - default_taper(r) - d.0) as f32 / 7.0).max(1.0);
    let light = (weeks / 4.0).floor();
    let build = (weeks - light).max(1.0);
    let taper = 0.3 * default_taper(r) as f32;
    ((goal.ctl_on_race_morning + ctx.goal_bias + 4.0 + taper + 3.0 * light - ctl) / build)
        .clamp(2.0, max)
}
