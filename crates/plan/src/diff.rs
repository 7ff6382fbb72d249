//! What changed between two plan versions: workouts added, removed and
//! changed, and the load per ISO week before and after.

use crate::date::Date;
use crate::model::{Plan, Sport, Workout};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkoutChange {
    pub before: Workout,
    pub after: Workout,
    /// Names of the fields that differ (`duration_min`, `tss`, `steps`, …).
    pub fields: Vec<String>,
}

/// Planned load of one ISO week in each version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekLoad {
    /// Monday of the week.
    pub week_start: Date,
    /// `2027-W09`.
    pub iso_week: String,
    pub before_tss: f32,
    pub after_tss: f32,
    pub before_min: f32,
    pub after_min: f32,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PlanDiff {
    pub added: Vec<Workout>,
    pub removed: Vec<Workout>,
    pub changed: Vec<WorkoutChange>,
    /// Every week either version has a workout in, by date.
    pub weeks: Vec<WeekLoad>,
}

impl PlanDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Workouts are paired by (date, sport, order within that day and sport):
/// the same slot with different content is a change; an unpaired one is
/// added or removed. A workout moved to another day shows as removed + added.
pub fn diff(before: &Plan, after: &Plan) -> PlanDiff {
    let slots = |p: &Plan| {
        let mut m: BTreeMap<(Date, Sport, usize), Workout> = BTreeMap::new();
        let mut seen: BTreeMap<(Date, Sport), usize> = BTreeMap::new();
        for w in &p.workouts {
            let k = seen.entry((w.date, w.sport)).or_default();
            m.insert((w.date, w.sport, *k), w.clone());
            *k += 1;
        }
        m
    };
    let (a, b) = (slots(before), slots(after));
    let mut out = PlanDiff::default();
    for (k, w) in &a {
        match b.get(k) {
            None => out.removed.push(w.clone()),
            Some(x) if x != w => out.changed.push(WorkoutChange {
                before: w.clone(),
                after: x.clone(),
                fields: changed_fields(w, x),
            }),
            Some(_) => {}
        }
    }
    out.added = b
        .iter()
        .filter(|(k, _)| !a.contains_key(k))
        .map(|(_, w)| w.clone())
        .collect();
    let mut weeks: BTreeMap<Date, [f32; 4]> = BTreeMap::new();
    for w in &before.workouts {
        let e = weeks.entry(w.date.week_start()).or_default();
        e[0] += w.tss;
        e[2] += w.duration_min;
    }
    for w in &after.workouts {
        let e = weeks.entry(w.date.week_start()).or_default();
        e[1] += w.tss;
        e[3] += w.duration_min;
    }
    out.weeks = weeks
        .into_iter()
        .map(|(wk, v)| WeekLoad {
            week_start: wk,
            iso_week: wk.iso_week(),
            before_tss: v[0],
            after_tss: v[1],
            before_min: v[2],
            after_min: v[3],
        })
        .collect();
    out
}

fn changed_fields(a: &Workout, b: &Workout) -> Vec<String> {
    let mut f = Vec::new();
    let mut check = |name: &str, differ: bool| {
        if differ {
            f.push(name.to_string());
        }
    };
    check("type", a.kind != b.kind);
    check("name", a.name != b.name);
    check("duration_min", a.duration_min != b.duration_min);
    check("tss", a.tss != b.tss);
    check("intensity", a.intensity != b.intensity);
    check("time_in_zone_min", a.time_in_zone_min != b.time_in_zone_min);
    check("location", a.location != b.location);
    check("steps", a.steps != b.steps);
    check("description", a.description != b.description);
    check("race", a.race != b.race);
    f
}
