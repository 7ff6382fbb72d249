//! FIT workout files (file type 5): a workout message plus its steps, so planned
//! sessions can be loaded onto head units and watches.

use crate::activity::DeviceIdent;
use crate::encode::{Encoder, Msg};
use crate::profile::{file_type, mesg, Intensity, Sport, SubSport};

/// How a step ends (profile `wkt_step_duration`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StepDuration {
    Time {
        seconds: f64,
    },
    Distance {
        meters: f64,
    },
    /// Until the lap button is pressed.
    Open,
    HeartRateLessThan {
        bpm: u8,
    },
    HeartRateGreaterThan {
        bpm: u8,
    },
    Calories {
        kcal: u32,
    },
    /// Repeats the steps from `from_step` (index into the step list) up to this one,
    /// `times` times in total. The repeat step itself has no target.
    RepeatUntilStepsComplete {
        from_step: u16,
        times: u32,
    },
}

/// What the athlete aims for during a step (profile `wkt_step_target`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StepTarget {
    Open,
    /// Absolute watts.
    Power {
        low_w: u16,
        high_w: u16,
    },
    /// Device power zone 1..=7.
    PowerZone(u8),
    /// Absolute beats per minute.
    HeartRate {
        low_bpm: u8,
        high_bpm: u8,
    },
    /// Device heart-rate zone 1..=5.
    HeartRateZone(u8),
    /// Speed range in m/s; pace targets are expressed as speed.
    Speed {
        low_mps: f64,
        high_mps: f64,
    },
    Cadence {
        low_rpm: u8,
        high_rpm: u8,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkoutStep {
    pub name: Option<String>,
    pub duration: StepDuration,
    pub target: StepTarget,
    pub intensity: Intensity,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Workout {
    pub name: String,
    pub sport: Sport,
    pub sub_sport: SubSport,
    pub steps: Vec<WorkoutStep>,
}

// Profile constants for wkt_step_duration / wkt_step_target.
const DUR_TIME: u8 = 0;
const DUR_DISTANCE: u8 = 1;
const DUR_HR_LESS_THAN: u8 = 2;
const DUR_HR_GREATER_THAN: u8 = 3;
const DUR_CALORIES: u8 = 4;
const DUR_OPEN: u8 = 5;
const DUR_REPEAT_UNTIL_STEPS_CMPLT: u8 = 6;
const TGT_SPEED: u8 = 0;
const TGT_HEART_RATE: u8 = 1;
const TGT_OPEN: u8 = 2;
const TGT_CADENCE: u8 = 3;
const TGT_POWER: u8 = 4;
/// Custom heart-rate values are offset by 100 (0..=100 means % of max HR).
const HR_OFFSET: u32 = 100;
/// Custom power values are offset by 1000 (0..=1000 means % of FTP).
const POWER_OFFSET: u32 = 1000;

/// Encodes a workout file.
pub fn write_workout(w: &Workout, dev: &DeviceIdent) -> Vec<u8> {
    let mut enc = Encoder::new();
    let mut m = Msg::new(mesg::FILE_ID);
    m.enum_(0, Some(file_type::WORKOUT))
        .u16(1, Some(dev.manufacturer))
        .u16(2, Some(dev.product))
        .u32z(3, Some(dev.serial))
        .u32(4, Some(dev.time_created));
    enc.write(&m);

    let mut m = Msg::new(mesg::WORKOUT);
    m.enum_(4, Some(w.sport.0))
        .u16(6, Some(w.steps.len() as u16))
        .string(8, Some(&w.name))
        .enum_(11, Some(w.sub_sport.0));
    enc.write(&m);

    for (i, s) in w.steps.iter().enumerate() {
        let (dtype, dval) = match s.duration {
            StepDuration::Time { seconds } => (DUR_TIME, Some(seconds * 1000.0)),
            StepDuration::Distance { meters } => (DUR_DISTANCE, Some(meters * 100.0)),
            StepDuration::Open => (DUR_OPEN, None),
            StepDuration::HeartRateLessThan { bpm } => (
                DUR_HR_LESS_THAN,
                Some(f64::from(u32::from(bpm) + HR_OFFSET)),
            ),
            StepDuration::HeartRateGreaterThan { bpm } => (
                DUR_HR_GREATER_THAN,
                Some(f64::from(u32::from(bpm) + HR_OFFSET)),
            ),
            StepDuration::Calories { kcal } => (DUR_CALORIES, Some(f64::from(kcal))),
            StepDuration::RepeatUntilStepsComplete { from_step, .. } => {
                (DUR_REPEAT_UNTIL_STEPS_CMPLT, Some(f64::from(from_step)))
            }
        };
        // (target_type, target_value, custom low, custom high)
        let (ttype, tval, lo, hi) = match (s.duration, s.target) {
            (StepDuration::RepeatUntilStepsComplete { times, .. }, _) => {
                (None, Some(times), None, None)
            }
            (_, StepTarget::Open) => (Some(TGT_OPEN), None, None, None),
            (_, StepTarget::Power { low_w, high_w }) => (
                Some(TGT_POWER),
                Some(0),
                Some(u32::from(low_w) + POWER_OFFSET),
                Some(u32::from(high_w) + POWER_OFFSET),
            ),
            (_, StepTarget::PowerZone(z)) => (Some(TGT_POWER), Some(u32::from(z)), None, None),
            (_, StepTarget::HeartRate { low_bpm, high_bpm }) => (
                Some(TGT_HEART_RATE),
                Some(0),
                Some(u32::from(low_bpm) + HR_OFFSET),
                Some(u32::from(high_bpm) + HR_OFFSET),
            ),
            (_, StepTarget::HeartRateZone(z)) => {
                (Some(TGT_HEART_RATE), Some(u32::from(z)), None, None)
            }
            (_, StepTarget::Speed { low_mps, high_mps }) => (
                Some(TGT_SPEED),
                Some(0),
                Some((low_mps * 1000.0).round().max(0.0) as u32),
                Some((high_mps * 1000.0).round().max(0.0) as u32),
            ),
            (_, StepTarget::Cadence { low_rpm, high_rpm }) => (
                Some(TGT_CADENCE),
                Some(0),
                Some(u32::from(low_rpm)),
                Some(u32::from(high_rpm)),
            ),
        };
        let mut m = Msg::new(mesg::WORKOUT_STEP);
        m.u16(254, Some(i as u16))
            .string(0, s.name.as_deref())
            .enum_(1, Some(dtype))
            .u32_scaled(2, dval, 1.0, 0.0)
            .enum_(3, ttype)
            .u32(4, tval)
            .u32(5, lo)
            .u32(6, hi)
            .enum_(7, Some(s.intensity.0))
            .string(8, s.notes.as_deref());
        enc.write(&m);
    }
    enc.finish()
}

/// Why a decoded file is not a workout this crate can represent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkoutReadError {
    #[error("the file has no workout message (is it a workout file?)")]
    NoWorkout,
    #[error("workout step {step}: duration type {kind} is not supported")]
    Duration { step: usize, kind: u8 },
    #[error("workout step {step}: target type {kind} is not supported")]
    Target { step: usize, kind: u8 },
    #[error("workout step {step}: {what} is missing")]
    Missing { step: usize, what: &'static str },
}

/// The typed workout of a decoded workout file: the inverse of [`write_workout`]
/// (durations to the file's ms / cm resolution).
pub fn read_workout(file: &crate::model::FitFile) -> Result<Workout, WorkoutReadError> {
    let w = file.workout.as_ref().ok_or(WorkoutReadError::NoWorkout)?;
    let steps = file
        .workout_steps
        .iter()
        .enumerate()
        .map(|(i, s)| read_step(i, s))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Workout {
        name: w.name.clone().unwrap_or_default(),
        sport: w.sport.unwrap_or(Sport::GENERIC),
        sub_sport: w.sub_sport.unwrap_or(SubSport::GENERIC),
        steps,
    })
}

fn read_step(
    step: usize,
    s: &crate::model::WorkoutStepMsg,
) -> Result<WorkoutStep, WorkoutReadError> {
    let missing = |what| WorkoutReadError::Missing { step, what };
    let dval = || s.duration_value.ok_or(missing("duration value"));
    let bpm = |v: u32| u8::try_from(v.saturating_sub(HR_OFFSET)).unwrap_or(u8::MAX);
    let duration = match s.duration_type.ok_or(missing("duration type"))? {
        DUR_TIME => StepDuration::Time {
            seconds: f64::from(dval()?) / 1000.0,
        },
        DUR_DISTANCE => StepDuration::Distance {
            meters: f64::from(dval()?) / 100.0,
        },
        DUR_OPEN => StepDuration::Open,
        DUR_HR_LESS_THAN => StepDuration::HeartRateLessThan { bpm: bpm(dval()?) },
        DUR_HR_GREATER_THAN => StepDuration::HeartRateGreaterThan { bpm: bpm(dval()?) },
        DUR_CALORIES => StepDuration::Calories { kcal: dval()? },
        DUR_REPEAT_UNTIL_STEPS_CMPLT => StepDuration::RepeatUntilStepsComplete {
            from_step: u16::try_from(dval()?).unwrap_or(u16::MAX),
            times: s.target_value.ok_or(missing("repeat count"))?,
        },
        kind => return Err(WorkoutReadError::Duration { step, kind }),
    };
    let custom = || {
        s.custom_target_low
            .zip(s.custom_target_high)
            .ok_or(missing("custom target range"))
    };
    let zone = s.target_value.unwrap_or(0);
    let target = match (duration, s.target_type) {
        (StepDuration::RepeatUntilStepsComplete { .. }, _) | (_, None | Some(TGT_OPEN)) => {
            StepTarget::Open
        }
        (_, Some(TGT_POWER)) if zone > 0 => StepTarget::PowerZone(zone.min(255) as u8),
        (_, Some(TGT_POWER)) => {
            let (lo, hi) = custom()?;
            let w = |v: u32| u16::try_from(v.saturating_sub(POWER_OFFSET)).unwrap_or(u16::MAX);
            StepTarget::Power {
                low_w: w(lo),
                high_w: w(hi),
            }
        }
        (_, Some(TGT_HEART_RATE)) if zone > 0 => StepTarget::HeartRateZone(zone.min(255) as u8),
        (_, Some(TGT_HEART_RATE)) => {
            let (lo, hi) = custom()?;
            StepTarget::HeartRate {
                low_bpm: bpm(lo),
                high_bpm: bpm(hi),
            }
        }
        (_, Some(TGT_SPEED)) => {
            let (lo, hi) = custom()?;
            StepTarget::Speed {
                low_mps: f64::from(lo) / 1000.0,
                high_mps: f64::from(hi) / 1000.0,
            }
        }
        (_, Some(TGT_CADENCE)) => {
            let (lo, hi) = custom()?;
            let r = |v: u32| u8::try_from(v).unwrap_or(u8::MAX);
            StepTarget::Cadence {
                low_rpm: r(lo),
                high_rpm: r(hi),
            }
        }
        (_, Some(kind)) => return Err(WorkoutReadError::Target { step, kind }),
    };
    Ok(WorkoutStep {
        name: s.name.clone(),
        duration,
        target,
        intensity: crate::profile::Intensity(s.intensity.unwrap_or(0)),
        notes: s.notes.clone(),
    })
}
