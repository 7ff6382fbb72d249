//! The plan API in the wire's terms, for the desktop shell: the Goals page (races,
//! hours, equipment, goal) and the Calendar (planned beside done, weekly totals,
//! projected form, versions).

use std::collections::BTreeMap;

use paceline_plan::brief::{Availability, Equipment, Race};
use paceline_plan::checker::project_plan;
use paceline_plan::compliance::Status;
use paceline_plan::{compliance, export, Date, Weekday};
use paceline_types::{
    CalendarWeek, DoneEntry, EquipmentSet, PlanCalendar, PlanDiffView, PlanGenerated, PlanGoals,
    PlanVersionEntry, PlannedWorkout, RaceEntry, WeekHours, WeekLoadChange,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::plan_sport;
use crate::{AppError, AthleteScope, Result, WorkoutRef};

/// The widest calendar span one call answers, days.
const MAX_SPAN: i32 = 400;

pub(super) fn key<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub(super) fn from_key<T: DeserializeOwned>(s: &str, what: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|_| AppError::InvalidInput(format!("{what}: {s:?} is not a valid choice")))
}

fn hours(a: &Availability) -> WeekHours {
    let f = f64::from;
    WeekHours {
        mon: f(a.mon),
        tue: f(a.tue),
        wed: f(a.wed),
        thu: f(a.thu),
        fri: f(a.fri),
        sat: f(a.sat),
        sun: f(a.sun),
    }
}

impl AthleteScope<'_> {
    /// Races, hours, equipment and goal, as the Goals page shows them.
    pub fn plan_goals(&self) -> Result<PlanGoals> {
        let races = self
            .races()?
            .into_iter()
            .map(|r| RaceEntry {
                id: Some(r.id),
                day: r.race.date.0,
                name: r.race.name,
                sport: key(&r.race.sport),
                distance_km: r.race.distance_km.map(f64::from),
                priority: key(&r.race.priority),
                target_time_min: r.race.target_time_min.map(f64::from),
                taper_days: r.race.taper_days,
            })
            .collect();
        let e = self.equipment()?;
        let rules = self.plan_rules()?;
        Ok(PlanGoals {
            races,
            availability: self.availability()?.as_ref().map(hours),
            equipment: EquipmentSet {
                indoor_trainer: e.indoor_trainer,
                power_meter: e.power_meter,
                treadmill: e.treadmill,
                pool_access: e.pool_access,
                pool_days: e
                    .pool_days
                    .map(|d| d.iter().map(|x| x.name().to_string()).collect()),
                open_water: e.open_water,
                indoor_only: e.indoor_only,
                gym_access: e.gym_access,
            },
            goal_ctl: self.plan_profile()?.goal_ctl.map(f64::from),
            injuries: self.injury_entries()?,
            rules: self.rule_entries()?,
            rules_text: rules.text,
            rules_version: rules.version,
        })
    }

    pub fn add_race_entry(&self, r: &RaceEntry) -> Result<i64> {
        let f = |v: Option<f64>| v.map(|x| x as f32);
        self.add_race(&Race {
            date: Date(r.day),
            name: r.name.trim().to_string(),
            sport: from_key(&r.sport, "race sport")?,
            distance_km: f(r.distance_km),
            priority: from_key(&r.priority.to_uppercase(), "priority")?,
            target_time_min: f(r.target_time_min),
            taper_days: r.taper_days,
        })
    }

    pub fn set_week_hours(&self, h: &WeekHours) -> Result<()> {
        let f = |v: f64| v as f32;
        self.set_availability(&Availability {
            mon: f(h.mon),
            tue: f(h.tue),
            wed: f(h.wed),
            thu: f(h.thu),
            fri: f(h.fri),
            sat: f(h.sat),
            sun: f(h.sun),
        })
    }

    pub fn set_equipment_set(&self, e: &EquipmentSet) -> Result<()> {
        let pool_days = match &e.pool_days {
            Some(d) => Some(
                d.iter()
                    .map(|x| from_key::<Weekday>(x, "pool day"))
                    .collect::<Result<Vec<_>>>()?,
            ),
            None => None,
        };
        self.set_equipment(&Equipment {
            indoor_trainer: e.indoor_trainer,
            power_meter: e.power_meter,
            treadmill: e.treadmill,
            pool_access: e.pool_access,
            pool_days,
            open_water: e.open_water,
            indoor_only: e.indoor_only,
            gym_access: e.gym_access,
        })
    }

    /// [`AthleteScope::generate_plan`] in words.
    pub fn generate_plan_summary(&self) -> Result<PlanGenerated> {
        let g = self.generate_plan()?;
        Ok(PlanGenerated {
            version: g.version,
            workouts: g.plan.workouts.len() as u32,
            infeasible: g.infeasible.into_iter().map(|i| i.message).collect(),
            violations: g.report.violations.into_iter().map(|v| v.message).collect(),
        })
    }

    /// [`AthleteScope::plan_diff`] in words.
    pub fn plan_diff_view(&self, a: u32, b: u32) -> Result<PlanDiffView> {
        let d = self.plan_diff(a, b)?;
        let text = |w: &paceline_plan::Workout| format!("{} {} {}", w.date, w.sport.name(), w.name);
        Ok(PlanDiffView {
            a,
            b,
            added: d.added.iter().map(text).collect(),
            removed: d.removed.iter().map(text).collect(),
            changed: d
                .changed
                .iter()
                .map(|c| format!("{}: {}", text(&c.before), c.fields.join(", ")))
                .collect(),
            weeks: d
                .weeks
                .iter()
                // Sums in another order differ in the last float bits: not a change.
                .filter(|w| {
                    (w.before_tss - w.after_tss).abs() > 0.05
                        || (w.before_min - w.after_min).abs() > 0.05
                })
                .map(|w| WeekLoadChange {
                    week_start: w.week_start.0,
                    before_tss: f64::from(w.before_tss),
                    after_tss: f64::from(w.after_tss),
                    before_min: f64::from(w.before_min),
                    after_min: f64::from(w.after_min),
                })
                .collect(),
        })
    }

    /// Moves workout `index` of the current version to `day`.
    pub fn move_workout_to(&self, index: u32, day: i32) -> Result<u32> {
        self.move_workout(WorkoutRef::Index(index as usize), Date(day))
    }

    /// Planned (the current version) beside done from `from` to `to`, with weekly
    /// totals, projected form at the end of each planned week and adherence.
    pub fn plan_calendar(&self, from: i32, to: i32) -> Result<PlanCalendar> {
        if to < from || to - from > MAX_SPAN {
            return Err(AppError::InvalidInput(format!(
                "a calendar spans 1–{MAX_SPAN} days"
            )));
        }
        let today = self.today()?;
        let versions = self
            .plan_versions()?
            .into_iter()
            .map(|v| PlanVersionEntry {
                version: v.version,
                parent: v.parent,
                created_utc: v.created_utc,
                reason: v.reason,
                source: v.source,
                workouts: v.workout_count,
                total_tss: f64::from(v.total_tss),
            })
            .collect();
        let stored = self.store.plan(self.athlete_id, None)?;
        let mut cal = PlanCalendar {
            today,
            from,
            to,
            version: stored.as_ref().map(|s| s.0.version),
            versions,
            planned: Vec::new(),
            done: self.done_entries(from, to)?,
            weeks: Vec::new(),
            adherence_pct: None,
        };
        let mut tsb: BTreeMap<i32, f32> = BTreeMap::new();
        let mut adherence: BTreeMap<i32, f32> = BTreeMap::new();
        if let Some((meta, workouts)) = stored {
            let plan = paceline_plan::Plan {
                version: Some(meta.version),
                parent_version: meta.parent,
                workouts,
            };
            let (first, last) = plan.span().unwrap_or((Date(today), Date(today)));
            let done = self.done_activities(first, last)?;
            let report = compliance(&plan, &done, Date(today));
            cal.adherence_pct = report.plan_adherence_pct.map(f64::from);
            for w in &report.weeks {
                if let Some(a) = w.adherence_pct {
                    adherence.insert(w.week_start.0, a);
                }
            }
            // Projected form needs the brief; without one the calendar still shows.
            if let Ok(brief) = self.plan_brief_on(meta.start_date) {
                for d in project_plan(&brief, &plan, &self.checker_config()?, false) {
                    tsb.insert(d.day, d.tsb);
                }
            }
            for (c, w) in report.workouts.iter().zip(&plan.workouts) {
                if w.date.0 < from || w.date.0 > to {
                    continue;
                }
                cal.planned.push(PlannedWorkout {
                    index: c.workout as u32,
                    day: w.date.0,
                    sport: w.sport.name().to_string(),
                    kind: key(&w.kind),
                    name: w.name.clone(),
                    duration_min: f64::from(w.duration_min),
                    tss: f64::from(w.tss),
                    intensity: w.intensity.name().to_string(),
                    location: key(&w.location),
                    description: w.description.clone(),
                    steps: export::steps_text(&w.steps),
                    status: match c.status {
                        Status::Done => "done",
                        Status::Partial => "partial",
                        Status::Missed => "missed",
                        Status::Upcoming => "upcoming",
                    }
                    .to_string(),
                });
            }
        }
        let mut monday = Date(from).week_start();
        while monday.0 <= to {
            let sunday = monday.plus(6).0;
            let inw = |d: i32| d >= monday.0 && d <= sunday;
            let planned = cal.planned.iter().filter(|p| inw(p.day));
            let done = cal.done.iter().filter(|d| inw(d.day));
            cal.weeks.push(CalendarWeek {
                week_start: monday.0,
                planned_min: planned.clone().map(|p| p.duration_min).sum(),
                planned_tss: planned.clone().map(|p| p.tss).sum(),
                planned_km: None,
                done_min: done.clone().map(|d| d.duration_min).sum(),
                done_km: done.clone().filter_map(|d| d.distance_km).sum(),
                done_tss: done.filter_map(|d| d.tss).sum(),
                projected_tsb: tsb.get(&sunday).map(|t| f64::from(*t)),
                adherence_pct: adherence.get(&monday.0).map(|a| f64::from(*a)),
            });
            monday = monday.plus(7);
        }
        Ok(cal)
    }

    fn done_entries(&self, from: i32, to: i32) -> Result<Vec<DoneEntry>> {
        let mut out: Vec<DoneEntry> = self
            .activities_in(from, to)?
            .into_iter()
            .filter(|(a, _, _)| plan_sport(a.sport).is_some())
            .map(|(a, day, tss)| DoneEntry {
                activity_id: a.id,
                day,
                sport: a.sport,
                name: a.name,
                duration_min: a.moving_s / 60.0,
                distance_km: a.distance_m.map(|m| m / 1000.0),
                tss,
            })
            .collect();
        out.sort_by_key(|d| (d.day, d.activity_id));
        Ok(out)
    }
}
