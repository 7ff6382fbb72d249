//! Exports: FIT workouts decode with the steps and targets we wrote; the
//! iCalendar file follows RFC 5545; the JSON round-trips.

use fitparser::{FitDataRecord, Value};
use paceline_plan::export::{fit_workout, fit_workouts, ics, to_json};
use paceline_plan::*;

fn field<'a>(r: &'a FitDataRecord, name: &str) -> Option<&'a Value> {
    r.fields()
        .iter()
        .find(|f| f.name() == name)
        .map(|f| f.value())
}

fn num(r: &FitDataRecord, name: &str) -> Option<f64> {
    match field(r, name)? {
        Value::UInt8(v) => Some(f64::from(*v)),
        Value::UInt16(v) => Some(f64::from(*v)),
        Value::UInt32(v) => Some(f64::from(*v)),
        Value::Float64(v) => Some(*v),
        Value::SInt64(v) => Some(*v as f64),
        Value::Float32(v) => Some(f64::from(*v)),
        _ => None,
    }
}

fn text(r: &FitDataRecord, name: &str) -> Option<String> {
    match field(r, name)? {
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
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
    let bytes = fit_workout(w, &b.thresholds, 1_800_000_000);
    let ours = paceline_fit::decode(&bytes).expect("our decoder reads it");
    assert_eq!(ours.file_type, Some(5));
    assert!(ours.warnings.is_empty(), "{:?}", ours.warnings);
    let recs = fitparser::from_bytes(&bytes).expect("fitparser reads it");
    let wk: Vec<_> = recs
        .iter()
        .filter(|r| r.kind().to_string() == "workout")
        .collect();
    assert_eq!(text(wk[0], "sport").as_deref(), Some("cycling"));
    let steps: Vec<_> = recs
        .iter()
        .filter(|r| r.kind().to_string() == "workout_step")
        .collect();
    // warm-up ×2, rep work + recovery, repeat, (filler), cool-down.
    let Step::Repeat {
        times,
        steps: inner,
    } = &w.steps[2]
    else {
        panic!("third step repeats")
    };
    assert_eq!(num(wk[0], "num_valid_steps"), Some(steps.len() as f64));
    let repeat = steps
        .iter()
        .find(|s| text(s, "duration_type").as_deref() == Some("repeat_until_steps_cmplt"))
        .expect("a repeat step");
    assert_eq!(num(repeat, "repeat_steps"), Some(f64::from(*times)));
    assert_eq!(num(repeat, "duration_step"), Some(2.0));
    let Step::Work(work) = &inner[0] else {
        panic!()
    };
    assert_eq!(
        num(steps[2], "duration_time"),
        Some(f64::from(work.duration_min) * 60.0)
    );
    // Threshold is 91–105 % of 260 W = 237–273 W, written +1000.
    assert_eq!(num(steps[2], "custom_target_power_low"), Some(1237.0));
    assert_eq!(num(steps[2], "custom_target_power_high"), Some(1273.0));
    assert_eq!(text(steps[0], "intensity").as_deref(), Some("warmup"));
    assert_eq!(
        text(steps.last().unwrap(), "intensity").as_deref(),
        Some("cooldown")
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
    let recs = fitparser::from_bytes(&fit_workout(run, &b.thresholds, 0)).unwrap();
    let steps: Vec<_> = recs
        .iter()
        .filter(|r| r.kind().to_string() == "workout_step")
        .collect();
    // z2 pace: 265 s/km × 1.25…1.12 = 331…297 s/km → 3.021…3.367 m/s.
    let lo = num(steps[1], "custom_target_speed_low").unwrap();
    let hi = num(steps[1], "custom_target_speed_high").unwrap();
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
    let recs = fitparser::from_bytes(&fit_workout(st, &b.thresholds, 0)).unwrap();
    let steps: Vec<_> = recs
        .iter()
        .filter(|r| r.kind().to_string() == "workout_step")
        .collect();
    assert_eq!(text(steps[0], "target_type").as_deref(), Some("open"));
    assert!(text(steps[0], "notes").unwrap().contains("RPE 1–2"));
    let files = fit_workouts(&plan, &b.thresholds, 0);
    assert_eq!(
        files.len(),
        plan.workouts.iter().filter(|w| !w.is_race()).count()
    );
    let names: std::collections::BTreeSet<_> = files.iter().map(|f| &f.0).collect();
    assert_eq!(names.len(), files.len(), "file names are unique");
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
