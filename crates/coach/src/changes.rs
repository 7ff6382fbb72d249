//! Plan changes a suggestion proposes, their application to a plan, and the
//! rule-based analysis of a done workout (used when no provider is configured).
//!
//! A change names a planned workout by its day and sport; applying it never touches a
//! race or a day before today, and the result is checked by the app like any plan.

use paceline_plan::{Brief, CheckerConfig, Date, Plan, Sport, Workout};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::CoachError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Swap for easy endurance (75 % of the time, zones 1–2).
    Ease,
    /// Scale the time (and so the load) by `factor`.
    Shorten,
    Remove,
    /// Move to `to`.
    Move,
}

/// One change to the planned workout of `sport` on `date`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub op: Op,
    pub date: Date,
    pub sport: Sport,
    #[serde(default)]
    pub factor: Option<f32>,
    #[serde(default)]
    pub to: Option<Date>,
}

/// An analysis with what it proposes (schema `analysis`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub analysis: String,
    pub changes: Vec<Change>,
}

/// Reads a model's analysis.
pub fn parse_analysis(v: &Value) -> Result<Analysis, CoachError> {
    serde_json::from_value(v.clone()).map_err(|e| {
        CoachError::Invalid(vec![format!("the analysis does not follow the form: {e}")])
    })
}

impl Change {
    /// A line for the athlete.
    pub fn describe(&self) -> String {
        let what = format!("{} on {}", self.sport.name(), self.date);
        match self.op {
            Op::Ease => format!("make the {what} easy"),
            Op::Shorten => format!(
                "shorten the {what} to {:.0} %",
                self.factor.unwrap_or(1.0) * 100.0
            ),
            Op::Remove => format!("drop the {what}"),
            Op::Move => match self.to {
                Some(to) => format!("move the {what} to {to}"),
                None => format!("move the {what}"),
            },
        }
    }
}

/// The plan with `changes` applied (version fields cleared for the caller to set), or
/// every change that cannot apply: no such workout, a race, a day before `today`, a
/// factor outside 0.5–0.95, a move without a date.
pub fn apply(
    brief: &Brief,
    plan: &Plan,
    changes: &[Change],
    today: Date,
) -> Result<Plan, CoachError> {
    let mut new = plan.clone();
    new.parent_version = plan.version;
    new.version = None;
    let mut errors = Vec::new();
    for c in changes {
        let Some(i) = new
            .workouts
            .iter()
            .position(|w| w.date == c.date && w.sport == c.sport && !w.is_race())
        else {
            errors.push(format!(
                "{}: no planned {} workout on {} to change",
                c.describe(),
                c.sport.name(),
                c.date
            ));
            continue;
        };
        if c.date < today {
            errors.push(format!("{}: that day has passed", c.describe()));
            continue;
        }
        match c.op {
            Op::Ease => {
                let w = &new.workouts[i];
                new.workouts[i] = paceline_plan::eased(brief, w, "The coach eased this session");
            }
            Op::Shorten => match c.factor.filter(|f| (0.5..=0.95).contains(f)) {
                Some(f) => new.workouts[i] = scaled(&new.workouts[i], f),
                None => errors.push(format!("{}: the factor must be 0.5–0.95", c.describe())),
            },
            Op::Remove => {
                new.workouts.remove(i);
            }
            Op::Move => match c.to.filter(|t| *t >= today) {
                Some(to) => {
                    let mut w = new.workouts.remove(i);
                    w.date = to;
                    let at = new.workouts.partition_point(|x| x.date <= to);
                    new.workouts.insert(at, w);
                }
                None => errors.push(format!(
                    "{}: a move needs a day from today on",
                    c.describe()
                )),
            },
        }
    }
    if errors.is_empty() {
        Ok(new)
    } else {
        Err(CoachError::Invalid(errors))
    }
}

fn scaled(w: &Workout, k: f32) -> Workout {
    let r = |x: f32| (x * k * 10.0).round() / 10.0;
    let mut w = w.clone();
    let z = &mut w.time_in_zone_min;
    z.z1 = r(z.z1);
    z.z2 = r(z.z2);
    z.z3 = r(z.z3);
    z.z4 = r(z.z4);
    z.z5 = r(z.z5);
    w.duration_min = r(w.duration_min);
    w.tss = r(w.tss);
    scale_steps(&mut w.steps, k);
    w
}

fn scale_steps(steps: &mut [paceline_plan::Step], k: f32) {
    use paceline_plan::Step;
    for s in steps {
        match s {
            Step::Warmup(b) | Step::Work(b) | Step::Recovery(b) | Step::Cooldown(b) => {
                b.duration_min = (b.duration_min * k * 10.0).round() / 10.0
            }
            Step::Repeat { steps, .. } => scale_steps(steps, k),
        }
    }
}

/// A session the athlete did, as the analysis sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoneSession {
    pub date: Date,
    pub sport: Sport,
    pub name: String,
    pub minutes: f32,
    /// TSS-equivalent, when it could be scored.
    pub load: Option<f32>,
    /// Session RPE, CR-10.
    pub rpe: Option<f32>,
}

/// Load above this share of the plan's is "harder than planned".
pub const OVER_RATIO: f32 = 1.25;
/// Load below this share is "cut short".
pub const UNDER_RATIO: f32 = 0.6;
/// Form below this (TSB) calls for easing the next hard day.
pub const LOW_TSB: f32 = -25.0;

/// The rule-based analysis of a done session against the plan (no model needed):
/// - compared with the planned workout of that sport that day (load, else minutes);
/// - harder than planned (≥ 125 %, or RPE ≥ 8 for a planned easy session), or form
///   (TSB after the session) below −25 → the next hard session within two days is
///   eased;
/// - cut short (< 60 %) or not planned → said, nothing changed.
pub fn rule_based(
    done: &DoneSession,
    plan: &Plan,
    tsb: Option<f32>,
    cfg: &CheckerConfig,
) -> Analysis {
    let hard = |w: &Workout| !w.is_race() && cfg.hard_intensities.contains(&w.intensity);
    let planned = plan
        .workouts
        .iter()
        .find(|w| w.date == done.date && w.sport == done.sport);
    let mut text = Vec::new();
    let mut harder = false;
    match planned {
        None => text.push(format!(
            "{} ({:.0} min) was not in the plan for {}.",
            done.name, done.minutes, done.date
        )),
        Some(p) => {
            let ratio = match done.load {
                Some(l) if p.tss > 0.0 => l / p.tss,
                _ if p.duration_min > 0.0 => done.minutes / p.duration_min,
                _ => 1.0,
            };
            let what = if done.load.is_some() && p.tss > 0.0 {
                format!(
                    "load {:.0} against {:.0} planned",
                    done.load.unwrap_or_default(),
                    p.tss
                )
            } else {
                format!(
                    "{:.0} min against {:.0} planned",
                    done.minutes, p.duration_min
                )
            };
            let easy_but_hard = !hard(p) && done.rpe.is_some_and(|r| r >= 8.0);
            if ratio >= OVER_RATIO || easy_but_hard {
                harder = true;
                text.push(format!(
                    "{} was harder than planned ({what}{}).",
                    done.name,
                    done.rpe.map_or(String::new(), |r| format!(", RPE {r:.0}"))
                ));
            } else if ratio < UNDER_RATIO {
                text.push(format!(
                    "{} was cut short ({what}); the plan carries on as it is.",
                    done.name
                ));
            } else {
                text.push(format!("{} went as planned ({what}).", done.name));
            }
        }
    }
    let tired = tsb.is_some_and(|t| t < LOW_TSB);
    if let Some(t) = tsb.filter(|_| tired) {
        text.push(format!("Form is low (TSB {t:.0})."));
    }
    let mut changes = Vec::new();
    if harder || tired {
        let next = plan
            .workouts
            .iter()
            .find(|w| w.date > done.date && w.date <= done.date.plus(2) && hard(w));
        if let Some(w) = next {
            text.push(format!(
                "Suggest easing {} on {} so the extra fatigue can clear.",
                w.name, w.date
            ));
            changes.push(Change {
                op: Op::Ease,
                date: w.date,
                sport: w.sport,
                factor: None,
                to: None,
            });
        }
    }
    Analysis {
        analysis: text.join(" "),
        changes,
    }
}
