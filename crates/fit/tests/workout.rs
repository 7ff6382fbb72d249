//! Workout files decode to the values we wrote: with fitparser (an independent
//! reader) and with our own decoder, which gives the typed workout back.

mod common;

use common::*;
use fitparser::Value;
use paceline_fit::*;

fn sample() -> Workout {
    Workout {
        name: "4x4 min VO2".into(),
        sport: Sport::CYCLING,
        sub_sport: SubSport::GENERIC,
        steps: vec![
            WorkoutStep {
                name: Some("Warm up".into()),
                duration: StepDuration::Time { seconds: 600.0 },
                target: StepTarget::HeartRate {
                    low_bpm: 110,
                    high_bpm: 135,
                },
                intensity: Intensity::WARMUP,
                notes: None,
            },
            WorkoutStep {
                name: Some("On".into()),
                duration: StepDuration::Time { seconds: 240.0 },
                target: StepTarget::Power {
                    low_w: 300,
                    high_w: 320,
                },
                intensity: Intensity::ACTIVE,
                notes: Some("stay seated".into()),
            },
            WorkoutStep {
                name: Some("Off".into()),
                duration: StepDuration::Time { seconds: 180.0 },
                target: StepTarget::PowerZone(1),
                intensity: Intensity::RECOVERY,
                notes: None,
            },
            WorkoutStep {
                name: None,
                duration: StepDuration::RepeatUntilStepsComplete {
                    from_step: 1,
                    times: 4,
                },
                target: StepTarget::Open,
                intensity: Intensity::ACTIVE,
                notes: None,
            },
            WorkoutStep {
                name: Some("Run off".into()),
                duration: StepDuration::Distance { meters: 2000.0 },
                target: StepTarget::Speed {
                    low_mps: 3.2,
                    high_mps: 3.5,
                },
                intensity: Intensity::COOLDOWN,
                notes: None,
            },
            WorkoutStep {
                name: None,
                duration: StepDuration::Open,
                target: StepTarget::Open,
                intensity: Intensity::COOLDOWN,
                notes: None,
            },
        ],
    }
}

#[test]
fn workout_round_trips_through_fitparser() {
    let w = sample();
    let bytes = write_workout(&w, &DeviceIdent::default());
    assert_eq!(crc::crc16(&bytes), 0);
    let recs = fitparser::from_bytes(&bytes).expect("fitparser decodes the workout");
    let fid = by_kind(&recs, "file_id")[0];
    assert_eq!(field(fid, "type"), Some(&Value::String("workout".into())));
    let wk = by_kind(&recs, "workout")[0];
    assert_eq!(
        field(wk, "wkt_name"),
        Some(&Value::String("4x4 min VO2".into()))
    );
    assert_eq!(field(wk, "sport"), Some(&Value::String("cycling".into())));
    assert_eq!(num(wk, "num_valid_steps"), Some(6.0));
    let steps = by_kind(&recs, "workout_step");
    assert_eq!(steps.len(), 6);
    assert_eq!(num(steps[0], "duration_time"), Some(600.0));
    assert_eq!(
        field(steps[0], "target_type"),
        Some(&Value::String("heart_rate".into()))
    );
    assert_eq!(num(steps[0], "custom_target_heart_rate_low"), Some(210.0)); // 110 + 100
    assert_eq!(
        field(steps[0], "intensity"),
        Some(&Value::String("warmup".into()))
    );
    assert_eq!(num(steps[1], "custom_target_power_low"), Some(1300.0)); // 300 W + 1000
    assert_eq!(num(steps[1], "custom_target_power_high"), Some(1320.0));
    assert_eq!(
        field(steps[1], "notes"),
        Some(&Value::String("stay seated".into()))
    );
    assert_eq!(num(steps[2], "target_power_zone"), Some(1.0));
    assert_eq!(
        field(steps[3], "duration_type"),
        Some(&Value::String("repeat_until_steps_cmplt".into()))
    );
    assert_eq!(num(steps[3], "duration_step"), Some(1.0));
    assert_eq!(num(steps[3], "repeat_steps"), Some(4.0));
    assert_eq!(num(steps[4], "duration_distance"), Some(2000.0));
    assert_eq!(num(steps[4], "custom_target_speed_low"), Some(3.2));
    assert_eq!(
        field(steps[5], "duration_type"),
        Some(&Value::String("open".into()))
    );
}

#[test]
fn workout_decodes_with_our_decoder() {
    let w = Workout {
        name: "easy".into(),
        sport: Sport::RUNNING,
        sub_sport: SubSport::GENERIC,
        steps: vec![],
    };
    let f = decode(&write_workout(&w, &DeviceIdent::default())).unwrap();
    assert_eq!(f.file_type, Some(5));
    assert!(f.warnings.is_empty());
}

#[test]
fn our_decoder_gives_back_every_step_and_target() {
    let w = sample();
    let f = decode(&write_workout(&w, &DeviceIdent::default())).unwrap();
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    assert_eq!(f.workout_steps.len(), 6);
    assert_eq!(f.workout_steps[1].custom_target_low, Some(1300)); // 300 W + 1000
    assert_eq!(read_workout(&f), Ok(w));
}

#[test]
fn an_activity_is_not_a_workout() {
    let f = decode(&write_workout(&sample(), &DeviceIdent::default())).unwrap();
    let mut g = f.clone();
    g.workout = None;
    assert_eq!(read_workout(&g), Err(WorkoutReadError::NoWorkout));
    let mut g = f;
    g.workout_steps[0].duration_type = Some(29);
    assert_eq!(
        read_workout(&g),
        Err(WorkoutReadError::Duration { step: 0, kind: 29 })
    );
}
