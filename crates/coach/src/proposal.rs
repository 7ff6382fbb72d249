//! A model's weeks of workouts → plan workouts.
//!
//! The model writes steps with minutes and zones; everything else a workout carries —
//! its duration, its minutes per zone, its TSS — is computed here from the steps, so a
//! total is never taken from the model's text. Race days come from the brief
//! ([`paceline_plan::race_workout`]), never from the model. Every problem is named (with
//! the day) so the app can send the list back in the one repair round.

use std::collections::BTreeMap;

use paceline_plan::{
    Brief, Date, Intensity, Location, Plan, Sport, Step, StepBody, Target, Workout, WorkoutKind,
    Zones,
};
use serde::Deserialize;
use serde_json::Value;

use crate::CoachError;

/// The answer of `plan_generate` / `plan_repair` (schema `plan_weeks`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ProposedWeeks {
    pub weeks: Vec<ProposedWeek>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ProposedWeek {
    pub week_start: Date,
    pub workouts: Vec<ProposedWorkout>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ProposedWorkout {
    pub date: Date,
    pub sport: Sport,
    #[serde(rename = "type")]
    pub kind: WorkoutKind,
    pub name: String,
    pub intensity: Intensity,
    pub location: Location,
    #[serde(default)]
    pub description: String,
    pub steps: Vec<ProposedStep>,
}

/// One step; with `times` > 1 it is an interval set (each rep followed by the recovery).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ProposedStep {
    pub kind: StepKind,
    pub minutes: f32,
    pub zone: u8,
    #[serde(default)]
    pub times: Option<u32>,
    #[serde(default)]
    pub recovery_minutes: Option<f32>,
    #[serde(default)]
    pub recovery_zone: Option<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Warmup,
    Work,
    Recovery,
    Cooldown,
}

/// The days one request covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub from: Date,
    pub to: Date,
}

/// Splits `start..=end` into blocks of `weeks` calendar weeks (the first may start
/// mid-week): a model writes a few weeks more reliably than sixteen at once.
pub fn blocks(start: Date, end: Date, weeks: u32) -> Vec<Block> {
    let mut out = Vec::new();
    let mut from = start;
    while from <= end {
        let to = from.week_start().plus(7 * weeks.max(1) as i32 - 1).min(end);
        out.push(Block { from, to });
        from = to.plus(1);
    }
    out
}

/// Parses the model's JSON (already validated against the schema by the LLM layer).
pub fn parse_weeks(v: &Value) -> Result<ProposedWeeks, CoachError> {
    serde_json::from_value(v.clone())
        .map_err(|e| CoachError::Invalid(vec![format!("the weeks do not follow the form: {e}")]))
}

fn round1(x: f32) -> f32 {
    (x * 10.0).round() / 10.0
}

/// CR-10 effort band of a zone: targets every athlete can follow without equipment.
fn target(zone: u8) -> Target {
    let (low, high) = match zone {
        1 => (1.0, 2.0),
        2 => (3.0, 4.0),
        3 => (5.0, 6.0),
        4 => (7.0, 8.0),
        _ => (9.0, 10.0),
    };
    Target::Rpe { low, high }
}

fn body(minutes: f32, zone: u8) -> StepBody {
    StepBody {
        duration_min: round1(minutes),
        target: target(zone),
        note: None,
    }
}

fn add_zone(z: &mut Zones, zone: u8, minutes: f32) {
    match zone {
        1 => z.z1 += minutes,
        2 => z.z2 += minutes,
        3 => z.z3 += minutes,
        4 => z.z4 += minutes,
        _ => z.z5 += minutes,
    }
}

/// One proposed workout as a plan workout, or what is wrong with it.
pub fn to_workout(p: &ProposedWorkout) -> Result<Workout, Vec<String>> {
    let label = format!("{} {} {}", p.date, p.sport.name(), p.name);
    let mut errors = Vec::new();
    if p.intensity == Intensity::Race || p.kind == WorkoutKind::Race {
        errors.push(format!(
            "{label}: race workouts are added from the race calendar; do not write them"
        ));
    }
    if p.steps.is_empty() {
        errors.push(format!("{label}: a workout needs at least one step"));
    }
    let mut zones = Zones::default();
    let mut steps = Vec::new();
    for (i, s) in p.steps.iter().enumerate() {
        let ok_min = |m: f32| m.is_finite() && m > 0.0 && m <= 600.0;
        if !ok_min(s.minutes) || !(1..=5).contains(&s.zone) {
            errors.push(format!(
                "{label}: step {} needs minutes in 0–600 and a zone 1–5",
                i + 1
            ));
            continue;
        }
        let times = s.times.unwrap_or(1);
        let rec = s.recovery_minutes.filter(|m| *m > 0.0);
        let rec_zone = s.recovery_zone.unwrap_or(1);
        if times == 0
            || times > 50
            || rec.is_some_and(|m| !ok_min(m))
            || !(1..=5).contains(&rec_zone)
        {
            errors.push(format!(
                "{label}: step {} has a bad repeat (times 1–50, recovery minutes 0–600, zone 1–5)",
                i + 1
            ));
            continue;
        }
        add_zone(&mut zones, s.zone, s.minutes * times as f32);
        let b = body(s.minutes, s.zone);
        let single = match s.kind {
            StepKind::Warmup => Step::Warmup(b),
            StepKind::Work => Step::Work(b),
            StepKind::Recovery => Step::Recovery(b),
            StepKind::Cooldown => Step::Cooldown(b),
        };
        if times == 1 && rec.is_none() {
            steps.push(single);
            continue;
        }
        let mut inner = vec![single];
        if let Some(r) = rec {
            add_zone(&mut zones, rec_zone, r * times as f32);
            inner.push(Step::Recovery(body(r, rec_zone)));
        }
        steps.push(Step::Repeat {
            times,
            steps: inner,
        });
    }
    let total = zones.total();
    if total > 12.0 * 60.0 {
        errors.push(format!(
            "{label}: {:.0} minutes is longer than any training session",
            total
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let zones = Zones {
        z1: round1(zones.z1),
        z2: round1(zones.z2),
        z3: round1(zones.z3),
        z4: round1(zones.z4),
        z5: round1(zones.z5),
    };
    Ok(Workout {
        date: p.date,
        sport: p.sport,
        kind: p.kind,
        name: p.name.trim().chars().take(80).collect(),
        duration_min: round1(zones.total()),
        tss: round1(zones.tss()),
        intensity: p.intensity,
        time_in_zone_min: zones,
        location: p.location,
        steps,
        description: p.description.trim().chars().take(400).collect(),
        race: None,
    })
}

/// The workouts of each week (by its Monday) the model wrote for `block`, or every
/// problem found: a week or a day outside the block, a workout on a race day, a
/// workout that cannot be built.
pub fn block_workouts(
    weeks: &ProposedWeeks,
    block: Block,
    race_days: &[Date],
) -> Result<BTreeMap<Date, Vec<Workout>>, CoachError> {
    let mut out: BTreeMap<Date, Vec<Workout>> = BTreeMap::new();
    let mut errors = Vec::new();
    for w in &weeks.weeks {
        let monday = w.week_start.week_start();
        if monday < block.from.week_start() || monday > block.to {
            errors.push(format!(
                "week {} is outside {}–{}",
                w.week_start, block.from, block.to
            ));
            continue;
        }
        let list = out.entry(monday).or_default();
        for p in &w.workouts {
            if p.date < block.from || p.date > block.to || p.date.week_start() != monday {
                errors.push(format!(
                    "{} {}: the day is not in week {} of {}–{}",
                    p.date, p.name, w.week_start, block.from, block.to
                ));
                continue;
            }
            if race_days.contains(&p.date) {
                errors.push(format!(
                    "{} {}: that day is a race; leave it to the race",
                    p.date, p.name
                ));
                continue;
            }
            match to_workout(p) {
                Ok(x) => list.push(x),
                Err(e) => errors.extend(e),
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(CoachError::Invalid(errors))
    }
}

/// The races of the brief from its start to `end`, as race workouts.
pub fn race_workouts(brief: &Brief, end: Date) -> Vec<Workout> {
    brief
        .races_ahead()
        .into_iter()
        .filter(|r| r.date <= end)
        .map(paceline_plan::race_workout)
        .collect()
}

/// The plan of these weeks plus the brief's races up to `end`, sorted by date.
pub fn assemble(brief: &Brief, end: Date, weeks: &BTreeMap<Date, Vec<Workout>>) -> Plan {
    let mut plan = Plan {
        version: None,
        parent_version: None,
        workouts: weeks.values().flatten().cloned().collect(),
    };
    plan.workouts.extend(race_workouts(brief, end));
    plan.sort();
    plan
}

/// The workouts of a plan by week, for the repair prompt and for continuity: one
/// compact line each with what was computed (minutes, TSS, zones).
pub fn describe(workouts: &[Workout]) -> String {
    let mut out = String::new();
    let mut week = None;
    for w in workouts {
        let wk = w.date.week_start();
        if week != Some(wk) {
            let tss: f32 = workouts
                .iter()
                .filter(|x| x.date.week_start() == wk)
                .map(|x| x.tss)
                .sum();
            out.push_str(&format!("week {wk} (TSS {tss:.0}):\n"));
            week = Some(wk);
        }
        let z = &w.time_in_zone_min;
        out.push_str(&format!(
            "  {} {} {} \"{}\" {} {:.0} min TSS {:.0} [z1 {:.0} z2 {:.0} z3 {:.0} z4 {:.0} z5 {:.0}]{}\n",
            w.date,
            w.date.weekday().name(),
            w.sport.name(),
            w.name,
            w.intensity.name(),
            w.duration_min,
            w.tss,
            z.z1,
            z.z2,
            z.z3,
            z.z4,
            z.z5,
            if w.is_race() { " (race, fixed)" } else { "" }
        ));
    }
    out
}

/// The variables of the `plan_generate` template for one block (the app and the
/// context-size test render the same request).
pub fn generate_vars(
    brief_text: &str,
    block: Block,
    plan_start: Date,
    plan_end: Date,
    cfg: &paceline_plan::CheckerConfig,
    previous_weeks: &str,
) -> Value {
    serde_json::json!({
        "first_week": block.from.to_string(),
        "last_week": block.to.to_string(),
        "plan_start": plan_start.to_string(),
        "plan_end": plan_end.to_string(),
        "max_ramp": cfg.max_ctl_ramp_per_week,
        "lighter_every": cfg.lighter_week_every,
        "lighter_ratio": cfg.lighter_week_ratio,
        "low_share": cfg.min_low_zone_share,
        "previous_weeks": previous_weeks,
        "brief": brief_text,
    })
}
