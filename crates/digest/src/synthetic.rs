//! Deterministic synthetic histories for benchmarks and scale tests: no
//! `rand` crate, a small LCG seeded by the caller.

use paceline_types::Sport;

use crate::model::{AthleteHistory, DigestInput, Session};
use crate::week::to_date;
use crate::IsoWeek;

/// The week every synthetic input digests: 2026-W48 (23–29 Nov 2026).
pub const SYNTHETIC_WEEK: IsoWeek = IsoWeek {
    year: 2026,
    week: 48,
};

/// Power-curve durations of synthetic rides (30 points up to 2 h).
const CURVE_SECS: [u32; 30] = [
    1, 2, 3, 5, 8, 10, 12, 15, 20, 30, 40, 60, 90, 120, 180, 240, 300, 420, 600, 720, 900, 1200,
    1500, 1800, 2400, 3000, 3600, 4800, 6000, 7200,
];

const FIRST: [&str; 10] = [
    "Ana", "Ben", "Chiara", "Dmitri", "Emma", "Farid", "Grace", "Hiroshi", "Ines", "Jonas",
];
const LAST: [&str; 8] = [
    "Almeida",
    "Brennan",
    "Castellanos",
    "Dubois",
    "Eriksen",
    "Fischer-Wolff",
    "Gallagher",
    "Hoang",
];

/// Knuth's MMIX LCG; uniform in [0, 1) from the high bits.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next()
    }
}

/// A group of `athletes` with `years` of history each (about 350 sessions a
/// year, rides with a 30-point power curve) ending on the Sunday of
/// [`SYNTHETIC_WEEK`]. Same arguments, same input.
pub fn synthetic_input(athletes: usize, years: u32, seed: u64) -> DigestInput {
    let sunday = SYNTHETIC_WEEK.monday_day() + 6;
    let first = sunday - 365 * i64::from(years) + 1;
    let mut rng = Lcg(seed ^ 0x9E37_79B9_7F4A_7C15);
    let mut next_id = 1_i64;
    let athletes = (0..athletes)
        .map(|i| {
            let name = format!(
                "{} {}",
                FIRST[i % FIRST.len()],
                LAST[(i / FIRST.len() + i) % LAST.len()]
            );
            // Each athlete trains at their own level.
            let ftp = rng.between(180.0, 340.0);
            let pace = rng.between(240.0, 380.0); // s/km
            let keen = rng.between(0.6, 0.95);
            let mut sessions = Vec::new();
            for day in first..=sunday {
                let n = if rng.next() < keen { 1 } else { 0 } + usize::from(rng.next() < 0.12);
                for _ in 0..n {
                    sessions.push(session(&mut rng, next_id, day, ftp, pace));
                    next_id += 1;
                }
            }
            AthleteHistory {
                athlete_id: i as i64 + 1,
                name,
                sessions,
            }
        })
        .collect();
    DigestInput {
        title: "Synthetic group".to_string(),
        week: SYNTHETIC_WEEK,
        athletes,
    }
}

fn session(rng: &mut Lcg, id: i64, day: i64, ftp: f64, pace: f64) -> Session {
    let r = rng.next();
    let sport = match r {
        r if r < 0.40 => Sport::Ride,
        r if r < 0.75 => Sport::Run,
        r if r < 0.85 => Sport::Swim,
        r if r < 0.93 => Sport::Strength,
        r if r < 0.97 => Sport::Walk,
        _ => Sport::Hike,
    };
    let intensity = rng.between(0.55, 0.95);
    let (duration, distance, elevation) = match sport {
        Sport::Ride => {
            let d = rng.between(2_400.0, 14_400.0);
            (d, d * rng.between(7.0, 10.0), d * rng.between(0.05, 0.4))
        }
        Sport::Run => {
            let d = rng.between(1_500.0, 9_000.0);
            let p = pace * rng.between(0.92, 1.2);
            (d, d / p * 1000.0, d * rng.between(0.0, 0.1))
        }
        Sport::Swim => {
            let d = rng.between(1_800.0, 4_200.0);
            (d, d / rng.between(95.0, 130.0) * 100.0, 0.0)
        }
        Sport::Strength => (rng.between(1_800.0, 4_500.0), 0.0, 0.0),
        _ => {
            let d = rng.between(2_400.0, 10_800.0);
            (d, d * rng.between(1.1, 1.5), d * rng.between(0.05, 0.3))
        }
    };
    let load = duration / 3600.0 * intensity * intensity * 100.0;
    let power_curve = if sport == Sport::Ride {
        let form = rng.between(0.9, 1.05);
        CURVE_SECS
            .iter()
            .filter(|&&s| f64::from(s) <= duration)
            .map(|&s| {
                // A rough power-duration shape: sprint on top of threshold.
                let t = f64::from(s);
                let w = ftp * form * (0.85 + 2.2 * 60.0 / (t + 60.0)) * (1.0 - 0.04 * (t / 3600.0));
                (s, w as f32)
            })
            .collect()
    } else {
        Vec::new()
    };
    Session {
        activity_id: id,
        date: to_date(day),
        sport,
        name: format!("{} {}", sport.label(), id),
        duration_s: duration,
        distance_m: distance,
        elevation_m: elevation,
        load,
        power_curve,
    }
}
