//! From a laid-out chunk and a load factor to workouts: minutes per session
//! within the day's time and the caps, main sets sized for polarization, and
//! the long-session-day rule.

use super::layout::{self, DayMode};
use super::session::{self, max_minutes, min_minutes, workout, Role};
use super::Ctx;
use crate::brief::Rule;
use crate::checker::context::session_cap;
use crate::date::Date;
use crate::model::Workout;

/// Minutes and workouts of a laid-out chunk at load factor `f` (share of
/// each day's available time).
pub(super) fn realize(ctx: &Ctx, lay: &layout::Layout, f: f32) -> Vec<Workout> {
    let b = ctx.brief;
    let mut main_scale = 1.0f32;
    for attempt in 0..6 {
        let ws = realize_once(ctx, lay, f, main_scale, attempt == 5);
        let (low, total) = ws
            .iter()
            .filter(|w| !w.is_race() && w.sport.is_endurance())
            .fold((0.0, 0.0), |a, w| {
                (
                    a.0 + w.time_in_zone_min.low(),
                    a.1 + w.time_in_zone_min.total(),
                )
            });
        if total <= 0.0 || low >= (ctx.cfg.min_low_zone_share + 0.05).min(0.95) * total {
            return long_day_rule(ctx, ws);
        }
        main_scale *= 0.7;
    }
    let _ = b;
    Vec::new()
}

/// Keeps the long session of a `long_session_day` sport the week's longest.
fn long_day_rule(ctx: &Ctx, mut ws: Vec<Workout>) -> Vec<Workout> {
    // The checker skips race weeks; so does this.
    if ws.iter().any(|w| {
        ctx.races
            .iter()
            .any(|r| r.date.week_start() == w.date.week_start())
    }) {
        return ws;
    }
    for r in &ctx.brief.rules {
        let Rule::LongSessionDay { sport, day } = r else {
            continue;
        };
        let Some(top) = ws
            .iter()
            .filter(|w| w.sport == *sport && w.date.weekday() == *day && !w.is_race())
            .map(|w| w.duration_min)
            .reduce(f32::max)
        else {
            continue;
        };
        ws = ws
            .into_iter()
            .filter_map(|w| {
                if w.sport != *sport
                    || w.is_race()
                    || w.duration_min <= top + 0.4
                    || w.date.weekday() == *day
                {
                    return Some(w);
                }
                // Shorter than the long session, or not at all.
                (top >= session::min_minutes(w.sport))
                    .then(|| session::scaled(&w, (top - 0.5) / w.duration_min))
            })
            .collect();
    }
    ws
}

fn realize_once(
    ctx: &Ctx,
    lay: &layout::Layout,
    f: f32,
    main_scale: f32,
    no_hard: bool,
) -> Vec<Workout> {
    let b = ctx.brief;
    let mut out = Vec::new();
    // Main-set budget: ~14 % of the chunk's endurance minutes over its hard sessions.
    let budget_min: f32 = lay
        .days
        .iter()
        .map(|(d, l)| {
            let a = b.availability_hours.hours(d.weekday()) * 60.0 * f;
            if l.iter().any(|(s, _)| s.is_endurance()) {
                a
            } else {
                0.0
            }
        })
        .sum();
    let n_hard = lay
        .days
        .iter()
        .flat_map(|(_, l)| l.iter())
        .filter(|(_, r)| matches!(r, Role::Hard(_)))
        .count()
        .max(1) as f32;
    let per_hard = 0.14 * budget_min / n_hard * main_scale;
    for (d, list) in &lay.days {
        let i = ctx.idx(*d);
        if let DayMode::Race(_) = ctx.mode[i] {
            out.extend(ctx.races_on(*d));
            continue;
        }
        let avail = b.availability_hours.hours(d.weekday()) * 60.0;
        let day_budget = match ctx.mode[i] {
            DayMode::Recovery => (avail * 0.5).min(45.0),
            DayMode::MiniTaper => avail * f * 0.6,
            _ => avail * f,
        };
        let mut left = day_budget;
        let mut used = 0.0f32;
        let n = list.len();
        for (j, (s, role)) in list.iter().enumerate() {
            let share = if n == 1 {
                left
            } else if *role == Role::Strength || j > 0 {
                (day_budget * 0.4).min(left)
            } else {
                day_budget * 0.6
            };
            let cap = max_minutes(*s, *role).min(session_cap(b, *s, *d).unwrap_or(f32::MAX));
            let mut minutes = share.min(cap);
            let mut role = *role;
            let mut main = 0.0;
            if let Role::Hard(k) = role {
                main = (per_hard.min(k.max_main())).min(k.main_for_session(minutes));
                if no_hard || main < k.min_main() {
                    role = Role::Easy;
                } else {
                    let (n, work) = k.reps(main);
                    let rec = k.rep().1;
                    let block = work + if n > 1 { rec * n as f32 } else { 0.0 };
                    minutes = session::WARMUP + block + session::COOLDOWN;
                    if minutes > cap || minutes > left + 0.5 {
                        role = Role::Easy;
                        minutes = share.min(cap);
                    }
                }
            }
            if role == Role::Openers {
                minutes = minutes.min(30.0);
            }
            if role == Role::Strength {
                minutes = minutes.min(45.0);
            }
            let min = if role == Role::Recovery {
                20.0
            } else {
                min_minutes(*s)
            };
            if minutes + 0.5 < min {
                // Too short to be worth it; a sport the rules want weekly keeps its minimum.
                let required = b.rules.iter().any(|r| match r {
                    Rule::MinSessionsPerWeek { sport, .. } => sport == s,
                    Rule::LongSessionDay { sport, day } => sport == s && *day == d.weekday(),
                    _ => false,
                });
                if !(required && used + min <= avail && min <= cap) {
                    continue;
                }
                minutes = min;
            }
            let Some(loc) = session::location(b, *s, *d) else {
                continue;
            };
            let w = workout(b, *d, *s, role, minutes.floor(), main, loc);
            left -= w.duration_min;
            used += w.duration_min;
            out.push(w);
        }
    }
    out
}

/// Shortens the non-race workouts up to `until` by `k`, never below the
/// sport's minimum (a session already shorter stays as it is).
pub(super) fn shrink(ws: &mut [Workout], until: Date, k: f32) {
    for w in ws.iter_mut().filter(|w| w.date <= until && !w.is_race()) {
        let min = session::min_minutes(w.sport);
        let target = (w.duration_min * k).max(min);
        if target < w.duration_min {
            *w = session::scaled(w, target / w.duration_min);
        }
    }
}
