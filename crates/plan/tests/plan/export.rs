//! Exports: FIT workouts decode with the steps and targets we wrote; the
//! iCalendar file follows RFC 5545; the JSON round-trips.

use paceline_fit::{read_workout, StepDuration, StepTarget, Workout as FitWorkout};
use paceline_plan::export::{fit_workout, fit_workouts, ics, to_json};
use paceline_plan::*;

/// Reads a workout file back with our own decoder, typed.
fn read(bytes: &[u8]) -> FitWorkout {
    let f = paceline_fit::decode(bytes).expect("our decoder reads it");
    assert_eq!(f.file_type, Some(5), "a workout file");
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    read_workout(&f).expect("a workout we can read")
}

fn ironman() -> (Brief, Plan) {
    let b = crate::briefs::load("ironman_24wk.json");
    let out = generate(&b, &CheckerConfig::default());
    (b, out.plan)
}

#[test]
fn fit_workout_steps_and_targets_survive() {
    let (b, plan) = ironman();
    // A threshold ride: %FTP targets become watts (FTP 260 W).
    let w = plan
        .workouts
        .iter()
        .find(|w| w.sport == Sport::Bike && w.intensity == Intensity::Threshold)
        .expect("a threshold ride");
    let fw = read(&fit_workout(w, &b.thresholds, 1_800_000_000));
    assert_eq!(fw.sport, paceline_fit::Sport::CYCLING);
    let steps = &fw.steps;
    // warm-up ×2, rep work + recovery, repeat, (filler), cool-down.
    let Step::Repeat {
        times,
        steps: inner,
    } = &w.steps[2]
    else {
        panic!("third step repeats")
    };
    let repeat = steps
        .iter()
        .find_map(|s| match s.duration {
            StepDuration::RepeatUntilStepsComplete { from_step, times } => Some((from_step, times)),
            _ => None,
        })
        .expect("a repeat step");
    assert_eq!(repeat, (2, *times));
    let Step::Work(work) = &inner[0] else {
        panic!()
    };
    assert_eq!(
        steps[2].duration,
        StepDuration::Time {
            seconds: f64::from(work.duration_min) * 60.0
        }
    );
    // Threshold is 91–105 % of 260 W = 237–273 W.
    assert_eq!(
        steps[2].target,
        StepTarget::Power {
            low_w: 237,
            high_w: 273
        }
    );
    assert_eq!(steps[0].intensity, paceline_fit::Intensity::WARMUP);
    assert_eq!(
        steps.last().unwrap().intensity,
        paceline_fit::Intensity::COOLDOWN
    );
}

#[test]
fn fit_run_pace_and_rpe_targets() {
    let (b, plan) = ironman();
    let run = plan
        .workouts
        .iter()
        .find(|w| w.sport == Sport::Run && w.kind == WorkoutKind::Long)
        .unwrap();
    let fw = read(&fit_workout(run, &b.thresholds, 0));
    // z2 pace: 265 s/km × 1.25…1.12 = 331…297 s/km → 3.021…3.367 m/s.
    let StepTarget::Speed {
        low_mps: lo,
        high_mps: hi,
    } = fw.steps[1].target
    else {
        panic!("a pace target: {:?}", fw.steps[1].target)
    };
    assert!(
        (lo - 1000.0 / 331.0).abs() < 0.002 && (hi - 1000.0 / 297.0).abs() < 0.002,
        "{lo} {hi}"
    );
    // A strength session has RPE targets: open, with the RPE in the notes.
    let st = plan
        .workouts
        .iter()
        .find(|w| w.sport == Sport::Strength)
        .unwrap();
    let fw = read(&fit_workout(st, &b.thresholds, 0));
    assert_eq!(fw.steps[0].target, StepTarget::Open);
    assert!(fw.steps[0].notes.as_deref().unwrap().contains("RPE 1–2"));
    let files = fit_workouts(&plan, &b.thresholds, 0);
    assert_eq!(
        files.len(),
        plan.workouts.iter().filter(|w| !w.is_race()).count()
    );
    let names: std::collections::BTreeSet<_> = files.iter().map(|f| &f.0).collect();
    assert_eq!(names.len(), files.len(), "file names are unique");
    for (_, bytes) in &files {
        read(bytes);
    }
}

#[test]
fn ics_is_rfc5545() {
    let (_, mut plan) = ironman();
    plan.workouts[0].description =
        "Ride; easy, then \\ a long line with ümlauts — ".repeat(4) + "\nsecond line";
    let cal = ics(&plan, "20270101T000000Z", "paceline.local");
    assert!(cal.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(cal.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(cal.matches("BEGIN:VEVENT\r\n").count(), plan.workouts.len());
    assert_eq!(cal.matches("\r\nUID:").count(), plan.workouts.len());
    assert!(!cal.replace("\r\n", "").contains('\n'), "bare LF");
    for line in cal.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let unfolded = cal.replace("\r\n ", "");
    assert!(unfolded.contains("DESCRIPTION:Ride\\; easy\\, then \\\\ a long line with ümlauts"));
    assert!(unfolded.contains("\\nsecond line"));
    assert!(unfolded.contains("DTSTART;VALUE=DATE:20270104\r\n"));
    assert!(unfolded.contains("DTEND;VALUE=DATE:20270105\r\n"));
    let uids: std::collections::BTreeSet<_> =
        unfolded.lines().filter(|l| l.starts_with("UID:")).collect();
    assert_eq!(uids.len(), plan.workouts.len(), "UIDs are unique");
}

#[test]
fn json_export_round_trips_with_the_issue_field_names() {
    let (_, mut plan) = ironman();
    plan.version = Some(3);
    let json = to_json(&plan);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["version"], 3);
    let w = &v["workouts"][0];
    for k in [
        "date",
        "sport",
        "type",
        "duration_min",
        "tss",
        "intensity",
        "time_in_zone_min",
        "location",
        "steps",
        "description",
    ] {
        assert!(w.get(k).is_some(), "missing {k}");
    }
    assert!(w["time_in_zone_min"].get("z5").is_some());
    let back: Plan = serde_json::from_str(&json).unwrap();
    assert_eq!(back, plan);
}
