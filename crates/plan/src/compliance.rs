//! Planned vs done: each done activity is matched to a planned workout of its
//! day (same sport first, then the closest duration), scored on duration,
//! load and intensity distribution; adherence per ISO week and for the plan.

use crate::date::Date;
use crate::model::{Plan, Sport, Zones};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the athlete did (from the vault's activities).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoneActivity {
    pub date: Date,
    pub sport: Sport,
    pub duration_min: f32,
    #[serde(default)]
    pub tss: Option<f32>,
    #[serde(default)]
    pub time_in_zone_min: Option<Zones>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Done, overall score ≥ 0.8.
    Done,
    /// Done, but well off the plan.
    Partial,
    /// Its day has passed with no activity for it.
    Missed,
    /// Today or later.
    Upcoming,
}

/// One planned workout and what was done for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkoutCompliance {
    /// Index into `plan.workouts`.
    pub workout: usize,
    pub date: Date,
    pub status: Status,
    /// Index into the `done` slice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<usize>,
    /// 0–1 scores (1 = as planned); `None` when unknown.
    pub duration_score: Option<f32>,
    pub load_score: Option<f32>,
    pub intensity_score: Option<f32>,
    /// Mean of the known scores (0 for missed).
    pub score: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekAdherence {
    pub week_start: Date,
    /// Planned workouts whose day has passed.
    pub due: u32,
    pub done: u32,
    pub missed: u32,
    /// Mean score of the due workouts, in % (`None` with nothing due).
    pub adherence_pct: Option<f32>,
    pub planned_tss: f32,
    pub done_tss: f32,
    pub planned_min: f32,
    pub done_min: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplianceReport {
    pub workouts: Vec<WorkoutCompliance>,
    /// Activities matched to no planned workout (indexes into `done`).
    pub unplanned: Vec<usize>,
    pub weeks: Vec<WeekAdherence>,
    pub plan_adherence_pct: Option<f32>,
}

/// 1 at the planned value, falling linearly to 0 at 0 % or 200 % of it.
fn ratio_score(done: f32, planned: f32) -> Option<f32> {
    (planned > 0.0 && done.is_finite())
        .then(|| (1.0 - (done / planned - 1.0).abs()).clamp(0.0, 1.0))
}

/// 1 − half the L1 distance between the zone shares.
fn zone_score(done: &Zones, planned: &Zones) -> Option<f32> {
    let (td, tp) = (done.total(), planned.total());
    if td <= 0.0 || tp <= 0.0 {
        return None;
    }
    let d = [done.z1, done.z2, done.z3, done.z4, done.z5];
    let p = [planned.z1, planned.z2, planned.z3, planned.z4, planned.z5];
    let l1: f32 = d.iter().zip(p).map(|(a, b)| (a / td - b / tp).abs()).sum();
    Some((1.0 - l1 / 2.0).clamp(0.0, 1.0))
}

/// Matches `done` to `plan`; days before `today` without a match are missed.
pub fn compliance(plan: &Plan, done: &[DoneActivity], today: Date) -> ComplianceReport {
    let mut used = vec![false; done.len()];
    let mut out = Vec::with_capacity(plan.workouts.len());
    for (i, w) in plan.workouts.iter().enumerate() {
        // Same day; same sport preferred, then the closest duration.
        let pick = done
            .iter()
            .enumerate()
            .filter(|(j, a)| !used[*j] && a.date == w.date)
            .min_by(|(_, a), (_, b)| {
                let key = |x: &DoneActivity| {
                    (x.sport != w.sport, (x.duration_min - w.duration_min).abs())
                };
                let (ka, kb) = (key(a), key(b));
                ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
            })
            .map(|(j, _)| j);
        let Some(j) = pick else {
            let missed = w.date < today;
            out.push(WorkoutCompliance {
                workout: i,
                date: w.date,
                status: if missed {
                    Status::Missed
                } else {
                    Status::Upcoming
                },
                activity: None,
                duration_score: None,
                load_score: None,
                intensity_score: None,
                score: missed.then_some(0.0),
            });
            continue;
        };
        used[j] = true;
        let a = &done[j];
        let sport_ok = a.sport == w.sport;
        let ds = ratio_score(a.duration_min, w.duration_min);
        let ls = a.tss.and_then(|t| ratio_score(t, w.tss));
        let is = a
            .time_in_zone_min
            .as_ref()
            .and_then(|z| zone_score(z, &w.time_in_zone_min));
        let known: Vec<f32> = [ds, ls, is].into_iter().flatten().collect();
        let mut score = if known.is_empty() {
            1.0
        } else {
            known.iter().sum::<f32>() / known.len() as f32
        };
        if !sport_ok {
            score *= 0.5; // something else than planned still counts for half
        }
        out.push(WorkoutCompliance {
            workout: i,
            date: w.date,
            status: if score >= 0.8 {
                Status::Done
            } else {
                Status::Partial
            },
            activity: Some(j),
            duration_score: ds,
            load_score: ls,
            intensity_score: is,
            score: Some(score),
        });
    }
    let mut weeks: BTreeMap<Date, WeekAdherence> = BTreeMap::new();
    let mut sums: BTreeMap<Date, f32> = BTreeMap::new();
    for c in &out {
        let w = &plan.workouts[c.workout];
        let e = weeks
            .entry(w.date.week_start())
            .or_insert_with(|| new_week(w.date));
        e.planned_tss += w.tss;
        e.planned_min += w.duration_min;
        if let Some(s) = c.score {
            e.due += 1;
            *sums.entry(e.week_start).or_default() += s;
        }
        match c.status {
            Status::Done | Status::Partial => e.done += 1,
            Status::Missed => e.missed += 1,
            Status::Upcoming => {}
        }
    }
    for a in done {
        let e = weeks
            .entry(a.date.week_start())
            .or_insert_with(|| new_week(a.date));
        e.done_tss += a.tss.unwrap_or(0.0);
        e.done_min += a.duration_min;
    }
    let (mut tot, mut n) = (0.0f32, 0u32);
    for e in weeks.values_mut() {
        if e.due > 0 {
            let s = sums.get(&e.week_start).copied().unwrap_or(0.0);
            e.adherence_pct = Some(100.0 * s / e.due as f32);
            tot += s;
            n += e.due;
        }
    }
    ComplianceReport {
        workouts: out,
        unplanned: used
            .iter()
            .enumerate()
            .filter(|(_, u)| !**u)
            .map(|(j, _)| j)
            .collect(),
        weeks: weeks.into_values().collect(),
        plan_adherence_pct: (n > 0).then(|| 100.0 * tot / n as f32),
    }
}

fn new_week(d: Date) -> WeekAdherence {
    WeekAdherence {
        week_start: d.week_start(),
        due: 0,
        done: 0,
        missed: 0,
        adherence_pct: None,
        planned_tss: 0.0,
        done_tss: 0.0,
        planned_min: 0.0,
        done_min: 0.0,
    }
}
