//! Strength progress: estimated one-rep max, weekly volume per muscle group, personal
//! records.
//!
//! * **e1RM.** Epley: `w · (1 + r/30)`; Brzycki: `w · 36 / (37 − r)`; both give `w` for
//!   a single (Epley's formula is not used at r = 1, where it would add 3.3 %). Only
//!   sets of 1–[`MAX_E1RM_REPS`] reps count: past that both formulas drift apart
//!   quickly and estimate endurance more than strength.
//! * **Volume** of a set is `reps × weight`; a week's volume per muscle group sums its
//!   sets (so sets × reps × weight) over the exercises that train that group, each
//!   listed group credited in full. Weeks start on Monday. Body-weight sets entered
//!   with 0 kg add no volume (enter the added load, or body weight + added load).
//! * **Records** per exercise: the heaviest weight lifted, the best e1RM (Epley) and the
//!   biggest one-day volume, each with the day it was first reached (a tie later does
//!   not move the date).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::library::{Exercise, Muscle};
use crate::{monday_of, Day};

/// Most reps a set may have to count for e1RM.
pub const MAX_E1RM_REPS: u32 = 15;

/// One logged set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetEntry {
    pub day: Day,
    pub exercise_id: String,
    pub reps: u32,
    pub weight_kg: f64,
}

impl SetEntry {
    fn valid(&self) -> bool {
        self.reps > 0 && self.weight_kg.is_finite() && self.weight_kg >= 0.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Formula {
    Epley,
    Brzycki,
}

/// Epley e1RM, kg; `None` outside 1–[`MAX_E1RM_REPS`] reps or for a bad weight.
pub fn epley(weight_kg: f64, reps: u32) -> Option<f64> {
    usable(weight_kg, reps)?;
    Some(if reps == 1 {
        weight_kg
    } else {
        weight_kg * (1.0 + f64::from(reps) / 30.0)
    })
}

/// Brzycki e1RM, kg; `None` outside 1–[`MAX_E1RM_REPS`] reps or for a bad weight.
pub fn brzycki(weight_kg: f64, reps: u32) -> Option<f64> {
    usable(weight_kg, reps)?;
    Some(weight_kg * 36.0 / (37.0 - f64::from(reps)))
}

fn usable(weight_kg: f64, reps: u32) -> Option<()> {
    ((1..=MAX_E1RM_REPS).contains(&reps) && weight_kg.is_finite() && weight_kg > 0.0).then_some(())
}

pub fn e1rm(formula: Formula, weight_kg: f64, reps: u32) -> Option<f64> {
    match formula {
        Formula::Epley => epley(weight_kg, reps),
        Formula::Brzycki => brzycki(weight_kg, reps),
    }
}

/// The best e1RM of `exercise_id` on each day it was trained (days in order): the
/// progress line.
pub fn best_e1rm_by_day(sets: &[SetEntry], exercise_id: &str, formula: Formula) -> Vec<(Day, f64)> {
    let mut by_day: BTreeMap<Day, f64> = BTreeMap::new();
    for s in sets
        .iter()
        .filter(|s| s.exercise_id == exercise_id && s.valid())
    {
        if let Some(v) = e1rm(formula, s.weight_kg, s.reps) {
            let e = by_day.entry(s.day).or_insert(v);
            *e = e.max(v);
        }
    }
    by_day.into_iter().collect()
}

/// One week's volume, kg, per muscle group (groups without volume left out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekVolume {
    /// The week's Monday.
    pub monday: Day,
    pub by_muscle: BTreeMap<Muscle, f64>,
}

/// Volume per week and muscle group, weeks in order (only weeks with volume). Sets of
/// exercises not in `exercises` (the library plus the athlete's own) are skipped.
pub fn weekly_volume(sets: &[SetEntry], exercises: &[Exercise]) -> Vec<WeekVolume> {
    let mut weeks: BTreeMap<Day, BTreeMap<Muscle, f64>> = BTreeMap::new();
    for s in sets.iter().filter(|s| s.valid()) {
        let Some(ex) = exercises.iter().find(|e| e.id == s.exercise_id) else {
            continue;
        };
        let v = f64::from(s.reps) * s.weight_kg;
        if v <= 0.0 {
            continue;
        }
        let week = weeks.entry(monday_of(s.day)).or_default();
        for m in &ex.muscles {
            *week.entry(*m).or_insert(0.0) += v;
        }
    }
    weeks
        .into_iter()
        .map(|(monday, by_muscle)| WeekVolume { monday, by_muscle })
        .collect()
}

/// A record: the day it was first reached, the figure, and the set behind it
/// (for the one-day volume, `reps`/`weight_kg` are those of the day's heaviest set).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Pr {
    pub day: Day,
    pub value: f64,
    pub reps: u32,
    pub weight_kg: f64,
}

/// An exercise's records (module docs).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Records {
    /// Heaviest weight, kg (`value` = weight).
    pub heaviest: Option<Pr>,
    /// Best Epley e1RM, kg.
    pub best_e1rm: Option<Pr>,
    /// Biggest one-day volume, kg.
    pub best_day_volume: Option<Pr>,
}

/// The records of `exercise_id` over `sets` (any order).
pub fn personal_records(sets: &[SetEntry], exercise_id: &str) -> Records {
    let mut mine: Vec<&SetEntry> = sets
        .iter()
        .filter(|s| s.exercise_id == exercise_id && s.valid())
        .collect();
    // In day order, so the first to reach a value keeps the record.
    mine.sort_by_key(|s| s.day);
    let better = |cur: &Option<Pr>, v: f64| cur.is_none_or(|p| v > p.value);
    let mut r = Records::default();
    let mut days: BTreeMap<Day, (f64, &SetEntry)> = BTreeMap::new();
    for s in &mine {
        if s.weight_kg > 0.0 && better(&r.heaviest, s.weight_kg) {
            r.heaviest = Some(pr(s, s.weight_kg));
        }
        if let Some(v) = epley(s.weight_kg, s.reps).filter(|&v| better(&r.best_e1rm, v)) {
            r.best_e1rm = Some(pr(s, v));
        }
        let d = days.entry(s.day).or_insert((0.0, s));
        d.0 += f64::from(s.reps) * s.weight_kg;
        if s.weight_kg > d.1.weight_kg {
            d.1 = s;
        }
    }
    for (day, (v, s)) in days {
        if v > 0.0 && better(&r.best_day_volume, v) {
            r.best_day_volume = Some(Pr { day, ..pr(s, v) });
        }
    }
    r
}

fn pr(s: &SetEntry, value: f64) -> Pr {
    Pr {
        day: s.day,
        value,
        reps: s.reps,
        weight_kg: s.weight_kg,
    }
}
