//! Exports: the plan as JSON (`paceline plan export --json`), one FIT
//! workout file per structured workout (paceline-fit's writer; watches and
//! Garmin Express load them), and an iCalendar file (RFC 5545).

use crate::brief::Thresholds;
use crate::model::{Location, Plan, Sport, Step, StepBody, Target, Workout};
use paceline_fit::{
    unix_to_fit, write_workout, DeviceIdent, Intensity as FitIntensity, SubSport, WorkoutStep,
};
use paceline_fit::{Sport as FitSport, StepDuration, StepTarget};

/// The plan as pretty JSON (version, workouts with steps).
pub fn to_json(plan: &Plan) -> String {
    serde_json::to_string_pretty(plan).unwrap_or_else(|_| "{}".into())
}

fn fit_sport(w: &Workout) -> (FitSport, SubSport) {
    match (w.sport, w.location) {
        (Sport::Run, Location::Indoor) => (FitSport::RUNNING, SubSport::TREADMILL),
        (Sport::Run, _) => (FitSport::RUNNING, SubSport::GENERIC),
        (Sport::Bike, Location::Indoor) => (FitSport::CYCLING, SubSport::INDOOR_CYCLING),
        (Sport::Bike, _) => (FitSport::CYCLING, SubSport::GENERIC),
        (Sport::Swim, Location::OpenWater) => (FitSport::SWIMMING, SubSport::OPEN_WATER),
        (Sport::Swim, _) => (FitSport::SWIMMING, SubSport::LAP_SWIMMING),
        (Sport::Strength, _) => (FitSport::TRAINING, SubSport::STRENGTH_TRAINING),
        (Sport::Other, _) => (FitSport::GENERIC, SubSport::GENERIC),
    }
}

/// A step target in the device's absolute units; `None` (open, with a note)
/// when the threshold it needs is unknown or it is an RPE.
fn fit_target(t: &Target, th: &Thresholds) -> Option<StepTarget> {
    let u8c = |x: f32| x.round().clamp(1.0, 255.0) as u8;
    match *t {
        Target::PercentFtp { low, high } => th.ftp_w.map(|f| StepTarget::Power {
            low_w: (f * low / 100.0).round().clamp(0.0, 9000.0) as u16,
            high_w: (f * high / 100.0).round().clamp(0.0, 9000.0) as u16,
        }),
        Target::PercentLthr { low, high } => th.lthr_bpm.map(|l| StepTarget::HeartRate {
            low_bpm: u8c(l * low / 100.0),
            high_bpm: u8c(l * high / 100.0),
        }),
        // Slower pace (more seconds) is the lower speed.
        Target::Pace {
            low_s_per_km,
            high_s_per_km,
        } if low_s_per_km > 0.0 && high_s_per_km > 0.0 => Some(StepTarget::Speed {
            low_mps: 1000.0 / f64::from(low_s_per_km),
            high_mps: 1000.0 / f64::from(high_s_per_km),
        }),
        Target::SwimPace {
            low_s_per_100m,
            high_s_per_100m,
        } if low_s_per_100m > 0.0 && high_s_per_100m > 0.0 => Some(StepTarget::Speed {
            low_mps: 100.0 / f64::from(low_s_per_100m),
            high_mps: 100.0 / f64::from(high_s_per_100m),
        }),
        _ => None,
    }
}

/// Human wording of a target ("94–99 % LTHR").
pub fn target_text(t: &Target) -> String {
    let pace = |s: f32| {
        format!(
            "{}:{:02}",
            (s / 60.0).floor() as u32,
            (s % 60.0).round() as u32
        )
    };
    match *t {
        Target::PercentFtp { low, high } => format!("{low:.0}–{high:.0} % FTP"),
        Target::PercentLthr { low, high } => format!("{low:.0}–{high:.0} % LTHR"),
        Target::Pace {
            low_s_per_km,
            high_s_per_km,
        } => format!("{}–{} /km", pace(low_s_per_km), pace(high_s_per_km)),
        Target::SwimPace {
            low_s_per_100m,
            high_s_per_100m,
        } => format!("{}–{} /100 m", pace(low_s_per_100m), pace(high_s_per_100m)),
        Target::Rpe { low, high } => format!("RPE {low:.0}–{high:.0}"),
        Target::Open => "open".into(),
    }
}

fn flatten(steps: &[Step], th: &Thresholds, out: &mut Vec<WorkoutStep>) {
    for s in steps {
        let (b, intensity, label): (&StepBody, FitIntensity, &str) = match s {
            Step::Warmup(b) => (b, FitIntensity::WARMUP, "Warm up"),
            Step::Work(b) => (b, FitIntensity::ACTIVE, "Work"),
            Step::Recovery(b) => (b, FitIntensity::RECOVERY, "Recover"),
            Step::Cooldown(b) => (b, FitIntensity::COOLDOWN, "Cool down"),
            Step::Repeat { times, steps } => {
                let from = out.len() as u16;
                flatten(steps, th, out);
                out.push(WorkoutStep {
                    name: None,
                    duration: StepDuration::RepeatUntilStepsComplete {
                        from_step: from,
                        times: *times,
                    },
                    target: StepTarget::Open,
                    intensity: FitIntensity::ACTIVE,
                    notes: None,
                });
                continue;
            }
        };
        let target = fit_target(&b.target, th);
        let mut notes = b.note.clone().unwrap_or_default();
        if target.is_none() && b.target != Target::Open {
            if !notes.is_empty() {
                notes.push_str("; ");
            }
            notes.push_str(&target_text(&b.target));
        }
        out.push(WorkoutStep {
            name: Some(label.into()),
            duration: StepDuration::Time {
                seconds: (f64::from(b.duration_min) * 60.0).round(),
            },
            target: target.unwrap_or(StepTarget::Open),
            intensity,
            notes: (!notes.is_empty()).then_some(notes),
        });
    }
}

/// A FIT workout file (type 5) for one workout; `created_unix` stamps it.
pub fn fit_workout(w: &Workout, th: &Thresholds, created_unix: i64) -> Vec<u8> {
    let (sport, sub_sport) = fit_sport(w);
    let mut steps = Vec::new();
    flatten(&w.steps, th, &mut steps);
    let fw = paceline_fit::Workout {
        name: format!("{} {}", w.date, w.name),
        sport,
        sub_sport,
        steps,
    };
    let dev = DeviceIdent {
        time_created: unix_to_fit(created_unix),
        ..Default::default()
    };
    write_workout(&fw, &dev)
}

/// One FIT file per structured (non-race) workout: `(file name, bytes)`.
pub fn fit_workouts(plan: &Plan, th: &Thresholds, created_unix: i64) -> Vec<(String, Vec<u8>)> {
    let mut n = std::collections::BTreeMap::<String, u32>::new();
    plan.workouts
        .iter()
        .filter(|w| !w.is_race() && !w.steps.is_empty())
        .map(|w| {
            let base = format!(
                "{}-{}-{}",
                w.date,
                w.sport.name(),
                serde_json::to_value(w.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            );
            let k = n.entry(base.clone()).or_default();
            *k += 1;
            let name = if *k == 1 {
                format!("{base}.fit")
            } else {
                format!("{base}-{k}.fit")
            };
            (name, fit_workout(w, th, created_unix))
        })
        .collect()
}

/// Plain-text steps ("15 min warm-up 65–80 % LTHR; 3× (10 min work …)").
pub fn steps_text(steps: &[Step]) -> String {
    steps
        .iter()
        .map(|s| match s {
            Step::Warmup(b) => format!(
                "{:.0} min warm-up {}",
                b.duration_min,
                target_text(&b.target)
            ),
            Step::Work(b) => format!("{:.0} min {}", b.duration_min, target_text(&b.target)),
            Step::Recovery(b) => {
                format!("{:.0} min easy {}", b.duration_min, target_text(&b.target))
            }
            Step::Cooldown(b) => format!(
                "{:.0} min cool-down {}",
                b.duration_min,
                target_text(&b.target)
            ),
            Step::Repeat { times, steps } => format!("{times}× ({})", steps_text(steps)),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// RFC 5545 TEXT escaping.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            ';' => o.push_str("\\;"),
            ',' => o.push_str("\\,"),
            '\n' => o.push_str("\\n"),
            '\r' => {}
            c => o.push(c),
        }
    }
    o
}

/// Folds a content line at 75 octets (never inside a UTF-8 character) and ends it with CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// An iCalendar file with one all-day VEVENT per workout. `dtstamp` is the
/// creation time as `YYYYMMDDTHHMMSSZ` (no clock here); UIDs are stable per
/// (date, sport, slot) so a re-import replaces the previous version's events.
pub fn ics(plan: &Plan, dtstamp: &str, uid_domain: &str) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Paceline//Training plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        fold(l, &mut out);
    }
    let mut slot = std::collections::BTreeMap::<(i32, Sport), u32>::new();
    for w in &plan.workouts {
        let k = slot.entry((w.date.0, w.sport)).or_default();
        *k += 1;
        let ymd = |d: crate::date::Date| {
            let (y, m, dd) = d.ymd();
            format!("{y:04}{m:02}{dd:02}")
        };
        let summary = format!(
            "{}: {} ({:.0} min, {:.0} TSS)",
            w.sport.name(),
            w.name,
            w.duration_min,
            w.tss
        );
        let mut desc = w.description.clone();
        if !w.steps.is_empty() {
            desc.push_str("\n\n");
            desc.push_str(&steps_text(&w.steps));
        }
        for l in [
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}-{}-{}@{}", w.date, w.sport.name(), k, uid_domain),
            format!("DTSTAMP:{dtstamp}"),
            format!("DTSTART;VALUE=DATE:{}", ymd(w.date)),
            format!("DTEND;VALUE=DATE:{}", ymd(w.date.plus(1))),
            format!("SUMMARY:{}", esc(&summary)),
            format!("DESCRIPTION:{}", esc(&desc)),
            "TRANSP:TRANSPARENT".to_string(),
            "END:VEVENT".to_string(),
        ] {
            fold(&l, &mut out);
        }
    }
    fold("END:VCALENDAR", &mut out);
    out
}
