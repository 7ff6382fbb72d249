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
