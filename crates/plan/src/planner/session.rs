//! Turning "a 60-min threshold run on Tuesday" into a full workout: steps
//! with targets from the athlete's thresholds, minutes per zone, and a TSS
//! that is exactly what those minutes imply (`Zones::tss`).

use crate::brief::{Brief, Race};
use crate::checker::context::locations;
use crate::date::Date;
use crate::model::*;

/// What a session is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Recovery,
    Easy,
    Long,
    Technique,
    Openers,
    Strength,
    Hard(HardKind),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HardKind {
    Tempo,
    Threshold,
    Vo2,
}

impl HardKind {
    /// Smallest main set that is still the session it says it is.
    pub fn min_main(self) -> f32 {
        match self {
            HardKind::Tempo => 15.0,
            HardKind::Threshold => 16.0,
            HardKind::Vo2 => 9.0,
        }
    }

    pub fn max_main(self) -> f32 {
        match self {
            HardKind::Tempo => 45.0,
            HardKind::Threshold => 40.0,
            HardKind::Vo2 => 24.0,
        }
    }

    /// (rep minutes, recovery minutes).
    pub fn rep(self) -> (f32, f32) {
        match self {
            HardKind::Tempo => (0.0, 0.0),
            HardKind::Threshold => (8.0, 3.0),
            HardKind::Vo2 => (3.0, 3.0),
        }
    }

    /// Whole reps that fit `main` minutes, and the main-set work minutes.
    pub fn reps(self, main: f32) -> (u32, f32) {
        match self.rep() {
            (r, _) if r <= 0.0 => (1, main.floor()),
            (r, _) => {
                let n = (main / r).floor().max(1.0);
                let r2 = (main / n).round().clamp(r, 1.5 * r); // lengthen reps up to 50 %
                (n as u32, n * r2)
            }
        }
    }

    /// Main-set minutes that would make a session of `total` minutes.
    pub fn main_for_session(self, total: f32) -> f32 {
        let (r, rec) = self.rep();
        let work_share = if r > 0.0 { r / (r + rec) } else { 1.0 };
        ((total - WARMUP - COOLDOWN) * work_share).max(0.0)
    }

    fn zone(self) -> usize {
        match self {
            HardKind::Tempo => 2,
            HardKind::Threshold => 3,
            HardKind::Vo2 => 4,
        }
    }
}

/// Hard sessions are compact (warm-up, main set, cool-down) so the whole
/// session's intensity factor matches its label.
pub const WARMUP: f32 = 12.0;
pub const COOLDOWN: f32 = 8.0;

/// Smallest sensible session per sport.
pub fn min_minutes(sport: Sport) -> f32 {
    match sport {
        Sport::Swim => 25.0,
        _ => 20.0,
    }
}

/// Longest session per sport and role (long runs stay ≤ 150 min).
pub fn max_minutes(sport: Sport, role: Role) -> f32 {
    let long = matches!(role, Role::Long);
    match (sport, role) {
        (_, Role::Recovery) => 45.0,
        (_, Role::Openers) => 40.0,
        (Sport::Strength, _) | (_, Role::Strength) => 60.0,
        (Sport::Run, Role::Hard(_)) => 75.0,
        (Sport::Bike, Role::Hard(_)) => 120.0,
        (Sport::Swim, _) => 90.0,
        (Sport::Run, _) if long => 150.0,
        (Sport::Run, _) => 80.0,
        (Sport::Bike, _) if long => 360.0,
        (Sport::Bike, _) => 150.0,
        (_, Role::Hard(_)) => 75.0,
        (_, _) if long => 180.0,
        _ => 90.0,
    }
}

fn target(brief: &Brief, sport: Sport, zone: usize) -> Target {
    let t = &brief.thresholds;
    let z = zone.min(4);
    const FTP: [(f32, f32); 5] = [
        (45., 55.),
        (56., 75.),
        (76., 90.),
        (91., 105.),
        (106., 120.),
    ];
    const LTHR: [(f32, f32); 5] = [(65., 80.), (81., 89.), (90., 93.), (94., 99.), (100., 106.)];
    const RPE: [(f32, f32); 5] = [(1., 2.), (3., 4.), (5., 6.), (7., 8.), (9., 10.)];
    const PACE: [(f32, f32); 5] = [
        (1.40, 1.25),
        (1.25, 1.12),
        (1.12, 1.05),
        (1.05, 0.98),
        (0.97, 0.90),
    ];
    const CSS: [(f32, f32); 5] = [(20., 12.), (12., 6.), (6., 2.), (2., -2.), (-2., -6.)];
    let lthr = |z: usize| Target::PercentLthr {
        low: LTHR[z].0,
        high: LTHR[z].1,
    };
    match sport {
        Sport::Bike if brief.equipment.power_meter && t.ftp_w.is_some() => Target::PercentFtp {
            low: FTP[z].0,
            high: FTP[z].1,
        },
        Sport::Run if t.threshold_pace_s_per_km.is_some() => {
            let p = t.threshold_pace_s_per_km.unwrap_or(300.0);
            Target::Pace {
                low_s_per_km: (p * PACE[z].0).round(),
                high_s_per_km: (p * PACE[z].1).round(),
            }
        }
        Sport::Swim if t.css_s_per_100m.is_some() => {
            let c = t.css_s_per_100m.unwrap_or(120.0);
            Target::SwimPace {
                low_s_per_100m: c + CSS[z].0,
                high_s_per_100m: c + CSS[z].1,
            }
        }
        Sport::Bike | Sport::Run | Sport::Other if t.lthr_bpm.is_some() => lthr(z),
        _ => Target::Rpe {
            low: RPE[z].0,
            high: RPE[z].1,
        },
    }
}

fn body(brief: &Brief, sport: Sport, minutes: f32, zone: usize, note: Option<&str>) -> StepBody {
    StepBody {
        duration_min: minutes,
        target: target(brief, sport, zone),
        note: note.map(str::to_string),
    }
}

fn add_zone(z: &mut Zones, zone: usize, min: f32) {
    match zone {
        0 => z.z1 += min,
        1 => z.z2 += min,
        2 => z.z3 += min,
        3 => z.z4 += min,
        _ => z.z5 += min,
    }
}

/// Adds a step and its minutes to the zones.
fn push(steps: &mut Vec<Step>, z: &mut Zones, step: Step, zone: usize) {
    add_zone(z, zone, step.minutes());
    steps.push(step);
}

/// Where `sport` is done on `d`, if anywhere.
pub fn location(brief: &Brief, sport: Sport, d: Date) -> Option<Location> {
    locations(brief, sport, d).first().copied()
}

/// A session of `minutes` (≥ the sport's minimum). `main` is the main-set
/// work for hard sessions.
pub fn workout(
    brief: &Brief,
    date: Date,
    sport: Sport,
    role: Role,
    minutes: f32,
    main: f32,
    loc: Location,
) -> Workout {
    let minutes = minutes.round().max(1.0);
    let mut z = Zones::default();
    let mut steps = Vec::new();
    let s = sport;
    let (kind, intensity, name, description);
    match role {
        Role::Strength => {
            let sets = ((minutes - 10.0) / 10.0).floor().max(1.0) as u32;
            push(
                &mut steps,
                &mut z,
                Step::Warmup(body(
                    brief,
                    Sport::Strength,
                    10.0,
                    0,
                    Some("mobility and activation"),
                )),
                0,
            );
            let circuit = minutes - 10.0;
            let work = Step::Repeat {
                times: sets,
                steps: vec![Step::Work(body(
                    brief,
                    Sport::Strength,
                    circuit / sets as f32,
                    1,
                    Some(if loc == Location::Gym {
                        "squat, deadlift, split squat, row, core: 3×6–10"
                    } else {
                        "body weight: squats, lunges, push-ups, planks, calf raises"
                    }),
                ))],
            };
            push(&mut steps, &mut z, work, 1);
            kind = WorkoutKind::Strength;
            intensity = Intensity::Strength;
            name = "Strength".to_string();
            description =
                "Strength for durability: controlled reps, 2–3 in reserve, no failure.".into();
        }
        Role::Hard(h) => {
            let (n, work) = h.reps(main);
            let (_, rec) = h.rep();
            let rest = if n > 1 { rec } else { 0.0 };
            push(
                &mut steps,
                &mut z,
                Step::Warmup(body(brief, s, 3.0, 0, None)),
                0,
            );
            push(
                &mut steps,
                &mut z,
                Step::Warmup(body(brief, s, WARMUP - 3.0, 1, Some("build gradually"))),
                1,
            );
            let rep = work / n as f32;
            let mut inner = vec![Step::Work(body(brief, s, rep, h.zone(), None))];
            add_zone(&mut z, h.zone(), work);
            if rest > 0.0 {
                // Easy between threshold reps; very easy between VO2 reps.
                let rz = if h == HardKind::Vo2 { 0 } else { 1 };
                inner.push(Step::Recovery(body(brief, s, rest, rz, Some("easy"))));
                add_zone(&mut z, rz, rest * n as f32);
            }
            steps.push(Step::Repeat {
                times: n,
                steps: inner,
            });
            push(
                &mut steps,
                &mut z,
                Step::Cooldown(body(brief, s, COOLDOWN, 0, None)),
                0,
            );
            let label = match h {
                HardKind::Tempo => "Tempo",
                HardKind::Threshold => "Threshold",
                HardKind::Vo2 => "VO2max",
            };
            (kind, intensity) = match h {
                HardKind::Tempo => (WorkoutKind::Tempo, Intensity::Tempo),
                HardKind::Threshold => (WorkoutKind::Threshold, Intensity::Threshold),
                HardKind::Vo2 => (WorkoutKind::Intervals, Intensity::Vo2),
            };
            name = if n > 1 {
                format!("{label} {n}×{rep:.0} min")
            } else {
                format!("{label} {work:.0} min")
            };
            description =
                format!("{name} after a 12-min warm-up; recoveries easy; finish with 8 min easy.");
        }
        Role::Openers => {
            let easy = (minutes - 3.0 * 3.0).max(5.0);
            push(
                &mut steps,
                &mut z,
                Step::Warmup(body(brief, s, easy * 0.6, 1, None)),
                1,
            );
            let inner = vec![
                Step::Work(body(brief, s, 1.0, 3, Some("race pace"))),
                Step::Recovery(body(brief, s, 2.0, 0, None)),
            ];
            add_zone(&mut z, 3, 3.0);
            add_zone(&mut z, 0, 6.0);
            steps.push(Step::Repeat {
                times: 3,
                steps: inner,
            });
            push(
                &mut steps,
                &mut z,
                Step::Cooldown(body(brief, s, easy * 0.4, 0, None)),
                0,
            );
            (kind, intensity) = (WorkoutKind::Openers, Intensity::Endurance);
            name = "Openers 3×1 min".into();
            description = "Easy, with three 1-min efforts at race pace to wake the legs up.".into();
        }
        Role::Recovery => {
            push(
                &mut steps,
                &mut z,
                Step::Work(body(brief, s, minutes, 0, Some("truly easy"))),
                0,
            );
            (kind, intensity) = (WorkoutKind::Recovery, Intensity::Recovery);
            name = format!("Recovery {minutes:.0} min");
            description = "Very easy; stop early if anything hurts.".into();
        }
        Role::Easy | Role::Long | Role::Technique => {
            let (wu, share) = match role {
                Role::Technique => (0.3, "drills, then easy aerobic swimming"),
                _ => (0.1, "steady, conversational"),
            };
            push(
                &mut steps,
                &mut z,
                Step::Warmup(body(brief, s, (minutes * wu).round(), 0, None)),
                0,
            );
            push(
                &mut steps,
                &mut z,
                Step::Work(body(
                    brief,
                    s,
                    minutes - (minutes * wu).round(),
                    1,
                    Some(share),
                )),
                1,
            );
            (kind, intensity) = match role {
                Role::Long => (WorkoutKind::Long, Intensity::Endurance),
                Role::Technique => (WorkoutKind::Technique, Intensity::Endurance),
                _ => (WorkoutKind::Endurance, Intensity::Endurance),
            };
            name = match role {
                Role::Long => format!("Long {minutes:.0} min"),
                Role::Technique => format!("Technique {minutes:.0} min"),
                _ => format!("Endurance {minutes:.0} min"),
            };
            description = format!("{} in zone 2; {share}.", name);
        }
    }
    let duration = steps.iter().map(Step::minutes).sum::<f32>();
    Workout {
        date,
        sport,
        kind,
        name,
        duration_min: round1(duration),
        tss: round1(z.tss()),
        intensity,
        time_in_zone_min: z,
        location: loc,
        steps,
        description,
        race: None,
    }
}

fn round1(x: f32) -> f32 {
    (x * 10.0).round() / 10.0
}

/// The race itself: zones by how long it lasts.
pub fn race_workout(r: &Race) -> Workout {
    let m = r.duration_min().round();
    // Shares of z2…z5 by race length.
    let shares: [f32; 4] = if m <= 75.0 {
        [0.0, 0.1, 0.7, 0.2]
    } else if m <= 180.0 {
        [0.1, 0.4, 0.5, 0.0]
    } else if m <= 360.0 {
        [0.3, 0.6, 0.1, 0.0]
    } else {
        [0.65, 0.35, 0.0, 0.0]
    };
    let z = Zones {
        z1: 0.0,
        z2: m * shares[0],
        z3: m * shares[1],
        z4: m * shares[2],
        z5: m * shares[3],
    };
    let sports = r.sport.sports();
    let sport = if sports.len() == 1 {
        sports[0]
    } else {
        Sport::Other
    };
    let loc = if r.sport == crate::brief::RaceSport::Swim {
        Location::OpenWater
    } else {
        Location::Outdoor
    };
    let dist = r
        .distance_km
        .map_or(String::new(), |d| format!(" ({d} km)"));
    Workout {
        date: r.date,
        sport,
        kind: WorkoutKind::Race,
        name: format!("{} — {:?} race", r.name, r.priority),
        duration_min: m,
        tss: round1(z.tss()),
        intensity: Intensity::Race,
        time_in_zone_min: z,
        location: loc,
        steps: vec![Step::Work(StepBody {
            duration_min: m,
            target: Target::Rpe {
                low: 6.0,
                high: 9.0,
            },
            note: Some("race: pace it, fuel it".into()),
        })],
        description: format!("{}{dist}: {:?} race.", r.name, r.priority),
        race: Some(r.name.clone()),
    }
}

fn scale_steps(steps: &mut [Step], k: f32) {
    for s in steps {
        match s {
            Step::Warmup(b) | Step::Work(b) | Step::Recovery(b) | Step::Cooldown(b) => {
                b.duration_min = (b.duration_min * k * 10.0).round() / 10.0
            }
            Step::Repeat { steps, .. } => scale_steps(steps, k),
        }
    }
}

/// The same session, `k` times as long: every step and zone scaled, so the
/// intensity factor stays and the TSS follows the minutes.
pub fn scaled(w: &Workout, k: f32) -> Workout {
    let mut w = w.clone();
    scale_steps(&mut w.steps, k);
    w.time_in_zone_min = w.time_in_zone_min.scaled(k);
    w.duration_min = round1(w.steps.iter().map(Step::minutes).sum());
    w.time_in_zone_min = w
        .time_in_zone_min
        .scaled(w.duration_min / w.time_in_zone_min.total().max(1e-3));
    w.tss = round1(w.time_in_zone_min.tss());
    let label = match w.kind {
        WorkoutKind::Long => Some("Long"),
        WorkoutKind::Endurance => Some("Endurance"),
        WorkoutKind::Recovery => Some("Recovery"),
        WorkoutKind::Technique => Some("Technique"),
        _ => None,
    };
    if let Some(l) = label {
        w.name = format!("{l} {:.0} min", w.duration_min);
    }
    w
}
