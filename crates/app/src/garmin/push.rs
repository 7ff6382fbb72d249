//! Pushing a planned workout to Garmin Connect: workout-service create, then schedule
//! on its day, so it reaches the watch with its next sync. Targets in absolute units
//! from the thresholds valid today (as the FIT export); a target the athlete has no
//! threshold for (or an RPE) is sent open.

use std::sync::Arc;

use paceline_garmin as g;
use paceline_plan::brief::Thresholds;
use paceline_plan::{Step, Target, Workout};
use paceline_types::AthleteId;

use super::{garmin_err, wellness::to_date};
use crate::{App, AppError, Result, WorkoutRef};

/// What Garmin made of a pushed workout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GarminPushed {
    pub workout_id: i64,
    pub schedule_id: Option<i64>,
    /// `YYYY-MM-DD`.
    pub date: String,
}

impl App {
    /// Sends one workout of the athlete's plan (`version`, default the latest) to Garmin
    /// Connect and schedules it on its day.
    pub fn garmin_push_workout(
        self: &Arc<Self>,
        athlete: AthleteId,
        which: WorkoutRef,
        version: Option<u32>,
    ) -> Result<GarminPushed> {
        let scope = self.athlete(athlete)?;
        let plan = scope.plan(version)?;
        let w = match which {
            WorkoutRef::Index(i) => plan.workouts.get(i).ok_or_else(|| {
                AppError::NotFound(format!(
                    "no workout #{i} in the plan ({} workouts)",
                    plan.workouts.len()
                ))
            })?,
            WorkoutRef::Date(d) => {
                let on: Vec<&Workout> = plan.workouts.iter().filter(|w| w.date == d).collect();
                match on[..] {
                    [w] => w,
                    [] => return Err(AppError::NotFound(format!("no workout planned on {d}"))),
                    _ => {
                        return Err(AppError::InvalidInput(format!(
                            "{} workouts on {d}: name one by its number",
                            on.len()
                        )))
                    }
                }
            }
        };
        let th = scope.plan_thresholds(scope.plan_today()?)?;
        let gw = to_garmin(w, &th)?;
        let day = to_date(w.date.0)?;
        let client = self.garmin_client(athlete)?;
        let (created, scheduled) = self
            .block_on(client.push_workout(&gw, day))
            .map_err(garmin_err)?;
        tracing::info!(
            athlete,
            workout_id = created.workout_id,
            "workout pushed to Garmin"
        );
        Ok(GarminPushed {
            workout_id: created.workout_id,
            schedule_id: scheduled.schedule_id,
            date: day.to_string(),
        })
    }
}

/// A plan workout as Garmin's structured workout.
pub(crate) fn to_garmin(w: &Workout, th: &Thresholds) -> Result<g::Workout> {
    if w.is_race() {
        return Err(AppError::InvalidInput(format!(
            "{} is a race, not a structured workout: nothing to send to the watch",
            w.name
        )));
    }
    let sport = match w.sport {
        paceline_plan::Sport::Run => g::Sport::Running,
        paceline_plan::Sport::Bike => g::Sport::Cycling,
        paceline_plan::Sport::Swim => g::Sport::Swimming,
        paceline_plan::Sport::Strength => g::Sport::Strength,
        paceline_plan::Sport::Other => g::Sport::Other,
    };
    let mut steps = Vec::new();
    for s in &w.steps {
        match s {
            Step::Repeat {
                times,
                steps: inner,
            } => {
                let mut flat = Vec::new();
                flatten(inner, th, &mut flat);
                steps.push(g::WorkoutStep::Repeat {
                    times: *times,
                    steps: flat,
                });
            }
            one => {
                let mut flat = Vec::new();
                flatten(std::slice::from_ref(one), th, &mut flat);
                steps.extend(flat.into_iter().map(g::WorkoutStep::Step));
            }
        }
    }
    if steps.is_empty() {
        // an unstructured session: one step of its length
        steps.push(g::WorkoutStep::Step(g::Step {
            kind: g::StepKind::Interval,
            end: g::EndCondition::TimeSecs(secs(w.duration_min)),
            target: g::Target::None,
        }));
    }
    Ok(g::Workout {
        name: format!("{} {}", w.date, w.name),
        sport,
        description: (!w.description.is_empty()).then(|| w.description.clone()),
        steps,
    })
}

fn secs(min: f32) -> u32 {
    (f64::from(min) * 60.0).round().max(1.0) as u32
}

/// Steps in order; a repeat inside a repeat is written out (Garmin's repeat holds steps).
fn flatten(steps: &[Step], th: &Thresholds, out: &mut Vec<g::Step>) {
    for s in steps {
        let (b, kind) = match s {
            Step::Warmup(b) => (b, g::StepKind::Warmup),
            Step::Work(b) => (b, g::StepKind::Interval),
            Step::Recovery(b) => (b, g::StepKind::Recovery),
            Step::Cooldown(b) => (b, g::StepKind::Cooldown),
            Step::Repeat { times, steps } => {
                for _ in 0..*times {
                    flatten(steps, th, out);
                }
                continue;
            }
        };
        out.push(g::Step {
            kind,
            end: g::EndCondition::TimeSecs(secs(b.duration_min)),
            target: target(&b.target, th),
        });
    }
}

fn target(t: &Target, th: &Thresholds) -> g::Target {
    let pct = |p: f32, of: f32| (f64::from(p) / 100.0 * f64::from(of)).round() as u32;
    match *t {
        Target::PercentFtp { low, high } => match th.ftp_w {
            Some(ftp) => g::Target::Power {
                low_w: pct(low, ftp),
                high_w: pct(high, ftp),
            },
            None => g::Target::None,
        },
        Target::PercentLthr { low, high } => match th.lthr_bpm {
            Some(l) => g::Target::HeartRate {
                low_bpm: pct(low, l),
                high_bpm: pct(high, l),
            },
            None => g::Target::None,
        },
        Target::Pace {
            low_s_per_km,
            high_s_per_km,
        } if low_s_per_km > 0.0 && high_s_per_km > 0.0 => g::Target::Pace {
            slow_mps: 1000.0 / f64::from(low_s_per_km),
            fast_mps: 1000.0 / f64::from(high_s_per_km),
        },
        Target::SwimPace {
            low_s_per_100m,
            high_s_per_100m,
        } if low_s_per_100m > 0.0 && high_s_per_100m > 0.0 => g::Target::Pace {
            slow_mps: 100.0 / f64::from(low_s_per_100m),
            fast_mps: 100.0 / f64::from(high_s_per_100m),
        },
        _ => g::Target::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use paceline_plan::StepBody;

    fn body(min: f32, target: Target) -> StepBody {
        StepBody {
            duration_min: min,
            target,
            note: None,
        }
    }

    #[test]
    fn targets_become_absolute_and_repeats_stay_repeats() {
        let th = Thresholds {
            ftp_w: Some(250.0),
            lthr_bpm: Some(170.0),
            ..Default::default()
        };
        let steps = [
            Step::Warmup(body(
                10.0,
                Target::PercentLthr {
                    low: 70.0,
                    high: 80.0,
                },
            )),
            Step::Repeat {
                times: 3,
                steps: vec![
                    Step::Work(body(
                        10.0,
                        Target::PercentFtp {
                            low: 95.0,
                            high: 105.0,
                        },
                    )),
                    Step::Recovery(body(2.5, Target::Open)),
                ],
            },
            Step::Cooldown(body(
                5.0,
                Target::Rpe {
                    low: 2.0,
                    high: 3.0,
                },
            )),
        ];
        let mut flat = Vec::new();
        flatten(&steps[..1], &th, &mut flat);
        // 70 % and 80 % of 170 bpm: 119 and 136
        assert_eq!(
            flat[0].target,
            g::Target::HeartRate {
                low_bpm: 119,
                high_bpm: 136
            }
        );
        let mut inner = Vec::new();
        let Step::Repeat { steps: r, .. } = &steps[1] else {
            unreachable!()
        };
        flatten(r, &th, &mut inner);
        // 95–105 % of 250 W: 238 (237.5 rounds up) – 263 (262.5)
        assert_eq!(
            inner[0].target,
            g::Target::Power {
                low_w: 238,
                high_w: 263
            }
        );
        assert_eq!(inner[1].end, g::EndCondition::TimeSecs(150));
        // a pace of 5:00–4:30 /km is 3.333–3.704 m/s
        let p = target(
            &Target::Pace {
                low_s_per_km: 300.0,
                high_s_per_km: 270.0,
            },
            &th,
        );
        let g::Target::Pace { slow_mps, fast_mps } = p else {
            panic!("{p:?}")
        };
        assert!((slow_mps - 3.3333).abs() < 1e-3 && (fast_mps - 3.7037).abs() < 1e-3);
        // RPE and a threshold the athlete has not set: open
        assert_eq!(
            target(
                &Target::Rpe {
                    low: 2.0,
                    high: 3.0
                },
                &th
            ),
            g::Target::None
        );
        assert_eq!(
            target(
                &Target::PercentFtp {
                    low: 50.0,
                    high: 60.0
                },
                &Thresholds::default()
            ),
            g::Target::None
        );
    }
}
