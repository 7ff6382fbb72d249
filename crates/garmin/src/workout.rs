//! A small structured-workout type and its Garmin workout-service JSON (reference §3.3).

use serde_json::{json, Value};

use crate::error::{GarminError, Result};

/// A workout to create on Garmin Connect.
#[derive(Debug, Clone, PartialEq)]
pub struct Workout {
    pub name: String,
    pub sport: Sport,
    pub description: Option<String>,
    pub steps: Vec<WorkoutStep>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sport {
    Running,
    Cycling,
    Swimming,
    Strength,
    Cardio,
    Walking,
    Hiking,
    Other,
}

impl Sport {
    /// Garmin's `(sportTypeId, sportTypeKey)`.
    pub fn garmin(self) -> (u32, &'static str) {
        match self {
            Sport::Running => (1, "running"),
            Sport::Cycling => (2, "cycling"),
            Sport::Other => (3, "other"),
            Sport::Swimming => (4, "swimming"),
            Sport::Strength => (5, "strength_training"),
            Sport::Cardio => (6, "cardio_training"),
            Sport::Walking => (17, "walking"),
            Sport::Hiking => (18, "hiking"),
        }
    }
}

/// A step, or steps repeated.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkoutStep {
    Step(Step),
    Repeat { times: u32, steps: Vec<Step> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub kind: StepKind,
    pub end: EndCondition,
    pub target: Target,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Warmup,
    Cooldown,
    Interval,
    Recovery,
    Rest,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EndCondition {
    LapButton,
    TimeSecs(u32),
    DistanceMeters(f64),
    Calories(u32),
}

/// A target range (low ≤ high) or a zone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    None,
    HeartRate {
        low_bpm: u32,
        high_bpm: u32,
    },
    HeartRateZone(u8),
    Power {
        low_w: u32,
        high_w: u32,
    },
    PowerZone(u8),
    Cadence {
        low: u32,
        high: u32,
    },
    /// Speed in m/s (Garmin's pace target takes speeds).
    Pace {
        slow_mps: f64,
        fast_mps: f64,
    },
}

impl Workout {
    /// The body of `POST /workout-service/workout`.
    pub fn to_garmin_json(&self) -> Result<Value> {
        if self.name.trim().is_empty() {
            return Err(GarminError::BadWorkout("it has no name".into()));
        }
        if self.steps.is_empty() {
            return Err(GarminError::BadWorkout("it has no steps".into()));
        }
        let (sid, skey) = self.sport.garmin();
        let sport = json!({"sportTypeId": sid, "sportTypeKey": skey, "displayOrder": sid});
        let mut order = 0u32;
        let mut steps = Vec::new();
        let mut secs = 0u64;
        for s in &self.steps {
            order += 1;
            match s {
                WorkoutStep::Step(st) => {
                    secs += step_secs(st);
                    steps.push(step_json(st, order)?);
                }
                WorkoutStep::Repeat {
                    times,
                    steps: inner,
                } => {
                    if *times == 0 || inner.is_empty() {
                        return Err(GarminError::BadWorkout(
                            "a repeat needs at least one step and one iteration".into(),
                        ));
                    }
                    let group = order;
                    let mut children = Vec::new();
                    for st in inner {
                        order += 1;
                        secs += step_secs(st) * u64::from(*times);
                        children.push(step_json(st, order)?);
                    }
                    steps.push(json!({
                        "type": "RepeatGroupDTO",
                        "stepOrder": group,
                        "stepType": {"stepTypeId": 6, "stepTypeKey": "repeat", "displayOrder": 6},
                        "numberOfIterations": times,
                        "endCondition": {"conditionTypeId": 7, "conditionTypeKey": "iterations", "displayOrder": 7, "displayable": false},
                        "endConditionValue": times,
                        "smartRepeat": false,
                        "workoutSteps": children,
                    }));
                }
            }
        }
        let mut w = json!({
            "workoutName": self.name,
            "sportType": sport,
            "estimatedDurationInSecs": secs,
            "workoutSegments": [{"segmentOrder": 1, "sportType": sport, "workoutSteps": steps}],
        });
        if let Some(d) = &self.description {
            w["description"] = json!(d);
        }
        Ok(w)
    }
}

fn step_secs(s: &Step) -> u64 {
    match s.end {
        EndCondition::TimeSecs(t) => u64::from(t),
        _ => 0,
    }
}

fn step_json(s: &Step, order: u32) -> Result<Value> {
    let (tid, tkey) = match s.kind {
        StepKind::Warmup => (1, "warmup"),
        StepKind::Cooldown => (2, "cooldown"),
        StepKind::Interval => (3, "interval"),
        StepKind::Recovery => (4, "recovery"),
        StepKind::Rest => (5, "rest"),
        StepKind::Other => (7, "other"),
    };
    let (cid, ckey, cval) = match s.end {
        EndCondition::LapButton => (1, "lap.button", Value::Null),
        EndCondition::TimeSecs(t) if t > 0 => (2, "time", json!(t)),
        EndCondition::DistanceMeters(m) if m.is_finite() && m > 0.0 => (3, "distance", json!(m)),
        EndCondition::Calories(c) if c > 0 => (4, "calories", json!(c)),
        _ => {
            return Err(GarminError::BadWorkout(
                "a step ends after zero time, distance or calories".into(),
            ))
        }
    };
    let range = |lo: f64, hi: f64| -> Result<(Value, Value)> {
        if !(lo.is_finite() && hi.is_finite() && lo > 0.0 && lo <= hi) {
            return Err(GarminError::BadWorkout(
                "a target range must be positive with low ≤ high".into(),
            ));
        }
        Ok((json!(lo), json!(hi)))
    };
    let (gid, gkey, one, two, zone) = match s.target {
        Target::None => (1, "no.target", Value::Null, Value::Null, Value::Null),
        Target::PowerZone(z) => (2, "power.zone", Value::Null, Value::Null, json!(z)),
        Target::Power { low_w, high_w } => {
            let (a, b) = range(low_w.into(), high_w.into())?;
            (2, "power.zone", a, b, Value::Null)
        }
        Target::Cadence { low, high } => {
            let (a, b) = range(low.into(), high.into())?;
            (3, "cadence", a, b, Value::Null)
        }
        Target::HeartRateZone(z) => (4, "heart.rate.zone", Value::Null, Value::Null, json!(z)),
        Target::HeartRate { low_bpm, high_bpm } => {
            let (a, b) = range(low_bpm.into(), high_bpm.into())?;
            (4, "heart.rate.zone", a, b, Value::Null)
        }
        Target::Pace { slow_mps, fast_mps } => {
            let (a, b) = range(slow_mps, fast_mps)?;
            (6, "pace.zone", a, b, Value::Null)
        }
    };
    Ok(json!({
        "type": "ExecutableStepDTO",
        "stepOrder": order,
        "stepType": {"stepTypeId": tid, "stepTypeKey": tkey, "displayOrder": tid},
        "endCondition": {"conditionTypeId": cid, "conditionTypeKey": ckey, "displayOrder": cid, "displayable": true},
        "endConditionValue": cval,
        "targetType": {"workoutTargetTypeId": gid, "workoutTargetTypeKey": gkey, "displayOrder": gid},
        "targetValueOne": one,
        "targetValueTwo": two,
        "zoneNumber": zone,
    }))
}
