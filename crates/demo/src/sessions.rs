//! Simulating one session second by second and writing its records and laps.

use paceline_fit::{
    ActivityBuilder, LengthSample, RecordSample, Sport, SubSport, Summary, SwimStroke,
};

use crate::rng::Rng;
use crate::Athlete;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    RideIntervals,
    RideLong,
    RunEasy,
    RunLong,
    SwimEndurance,
    SwimTechnique,
}

impl Kind {
    pub fn slug(self) -> &'static str {
        match self {
            Kind::RideIntervals => "ride-intervals",
            Kind::RideLong => "ride-long",
            Kind::RunEasy => "run-easy",
            Kind::RunLong => "run-long",
            Kind::SwimEndurance => "swim-endurance",
            Kind::SwimTechnique => "swim-technique",
        }
    }
}

/// A block of steady effort: seconds and intensity (fraction of threshold).
type Block = (u32, f64);

fn plan(kind: Kind, scale: f64, rng: &mut Rng) -> Vec<Block> {
    let mins = |m: f64| (m * 60.0) as u32;
    match kind {
        Kind::RideIntervals => {
            let reps = if scale < 0.8 {
                3
            } else {
                4 + (rng.uniform() * 2.0) as usize
            };
            let mut v = vec![(mins(15.0), 0.6)];
            for _ in 0..reps {
                v.push((mins(5.0), 1.04 + 0.03 * rng.normal()));
                v.push((mins(3.0), 0.5));
            }
            v.push((mins(10.0), 0.55));
            v
        }
        Kind::RideLong => vec![
            (mins(20.0), 0.6),
            (mins(110.0 * scale), 0.7),
            (mins(10.0), 0.55),
        ],
        Kind::RunEasy => vec![(mins(40.0 * scale), 0.76)],
        Kind::RunLong => vec![
            (mins(10.0), 0.72),
            (mins(65.0 * scale), 0.8),
            (mins(5.0), 0.7),
        ],
        Kind::SwimEndurance => vec![
            (mins(8.0), 0.8),
            (mins(28.0 * scale), 0.9),
            (mins(6.0), 0.75),
        ],
        Kind::SwimTechnique => vec![(mins(25.0 * scale.min(1.2)), 0.8)],
    }
}

/// Rolling terrain: altitude (m) at a distance along the loop.
fn altitude(d: f64) -> f64 {
    use std::f64::consts::TAU;
    420.0 + 45.0 * (TAU * d / 9_000.0).sin() + 18.0 * (TAU * d / 2_300.0).sin()
}

/// Road-cycling speed from power on a grade: solves P = (Crr·m·g·cosθ + m·g·sinθ + ½ρCdA·v²)·v.
fn ride_speed(power: f64, grade: f64, mass: f64) -> f64 {
    let (g, rho, cda, crr) = (9.81, 1.2, 0.32, 0.005);
    let resist = mass * g * (crr + grade);
    let f = |v: f64| (resist + 0.5 * rho * cda * v * v) * v - power;
    // Bisection: monotone in v on [0.5, 25] for the loads we generate.
    let (mut lo, mut hi) = (0.5, 25.0);
    for _ in 0..40 {
        let mid = 0.5 * (lo + hi);
        if f(mid) > 0.0 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Running-economy slowdown on hills, about 12 s/km per 1 % grade uphill.
fn run_speed(base: f64, grade: f64) -> f64 {
    base / (1.0 + 3.3 * grade.max(-0.05))
}

struct Track {
    lat: f64,
    lon: f64,
    heading: f64,
}

impl Track {
    /// Moves `meters` along a slowly turning loop (one full turn per `loop_m`).
    fn step(&mut self, meters: f64, loop_m: f64) {
        self.heading += std::f64::consts::TAU * meters / loop_m;
        let dlat = meters * self.heading.cos() / 111_320.0;
        let dlon = meters * self.heading.sin() / (111_320.0 * self.lat.to_radians().cos());
        self.lat += dlat;
        self.lon += dlon;
    }
}

#[derive(Default)]
struct Totals {
    hr_sum: f64,
    hr_max: f64,
    pw_sum: f64,
    pw_max: f64,
    cad_sum: f64,
    n: f64,
    ascent: f64,
    descent: f64,
    kj: f64,
}

/// Writes the records (and laps) of one session; returns its summary.
pub(crate) fn record(
    b: &mut ActivityBuilder,
    a: &Athlete,
    kind: Kind,
    t0: u32,
    scale: f64,
    rng: &mut Rng,
) -> Summary {
    if matches!(kind, Kind::SwimEndurance | Kind::SwimTechnique) {
        return swim(b, a, kind, t0, scale, rng);
    }
    let ride = matches!(kind, Kind::RideIntervals | Kind::RideLong);
    let blocks = plan(kind, scale, rng);
    let mut track = Track {
        lat: 47.3769,
        lon: 8.5417,
        heading: rng.uniform() * 6.0,
    };
    let loop_m = if ride { 60_000.0 } else { 9_000.0 };
    let (mut t, mut dist, mut hr) = (t0, 0.0f64, a.rest_hr + 25.0);
    let mut tot = Totals::default();
    let mut lap_start = (t0, 0.0f64);
    let mut lap_tot = Totals::default();
    let mut last_alt = altitude(0.0);
    let lap_m = if ride { 10_000.0 } else { 1_000.0 };
    let mut summary_laps = 0;
    for (secs, intensity) in blocks {
        for _ in 0..secs {
            let alt = altitude(dist);
            let grade = (altitude(dist + 10.0) - alt) / 10.0;
            let (power, speed, cadence, hr_target);
            if ride {
                // Riders ease off downhill and push a little uphill.
                let terrain = (1.0 + 4.0 * grade).clamp(0.0, 1.3);
                let p = (a.ftp_w * intensity * terrain * (1.0 + 0.06 * rng.normal())).max(0.0);
                let p = if grade < -0.035 { 0.0 } else { p };
                power = Some(p);
                speed = ride_speed(p.max(30.0), grade, a.weight_kg + 9.0);
                cadence = if p > 0.0 {
                    88.0 + 4.0 * rng.normal()
                } else {
                    0.0
                };
                hr_target = a.rest_hr + (a.lthr - a.rest_hr) * (p / a.ftp_w).powf(0.75).min(1.15);
            } else {
                power = None;
                speed =
                    run_speed(a.threshold_run_mps * intensity, grade) * (1.0 + 0.02 * rng.normal());
                cadence = 86.0 + 1.5 * rng.normal();
                hr_target = a.rest_hr
                    + (a.lthr - a.rest_hr) * (intensity / 0.95).powf(1.6).min(1.1)
                    + 6.0 * grade.max(0.0) * 10.0;
            }
            // Heart rate follows effort with a ~30 s lag and drifts up ~1 bpm per 10 min.
            let drift = f64::from(t - t0) / 600.0;
            hr += (hr_target + drift - hr) / 30.0;
            let hr_now = (hr + rng.normal()).clamp(a.rest_hr, a.max_hr);
            dist += speed;
            track.step(speed, loop_m);
            let climb = alt - last_alt;
            if climb > 0.0 {
                tot.ascent += climb;
                lap_tot.ascent += climb;
            } else {
                tot.descent -= climb;
            }
            last_alt = alt;
            for x in [&mut tot, &mut lap_tot] {
                x.hr_sum += hr_now;
                x.hr_max = x.hr_max.max(hr_now);
                x.pw_sum += power.unwrap_or(0.0);
                x.pw_max = x.pw_max.max(power.unwrap_or(0.0));
                x.cad_sum += cadence;
                x.n += 1.0;
                x.kj += power.unwrap_or(0.0) / 1000.0;
            }
            b.record(&RecordSample {
                timestamp: t,
                lat_deg: Some(track.lat),
                lon_deg: Some(track.lon),
                altitude_m: Some(alt as f32),
                heart_rate: Some(hr_now.round() as u8),
                cadence: Some(cadence.round().max(0.0) as u8),
                distance_m: Some(dist),
                speed_mps: Some(speed as f32),
                power_w: power.map(|p| p.round() as u16),
                temperature_c: Some(18),
            });
            t += 1;
            if dist - lap_start.1 >= lap_m {
                b.lap(&summary_of(ride, lap_start, t, dist, &lap_tot));
                summary_laps += 1;
                lap_start = (t, dist);
                lap_tot = Totals::default();
            }
        }
    }
    if lap_tot.n > 0.0 || summary_laps == 0 {
        b.lap(&summary_of(ride, lap_start, t, dist, &lap_tot));
    }
    let mut s = summary_of(ride, (t0, 0.0), t, dist, &tot);
    s.total_descent_m = Some(tot.descent.round() as u16);
    // Calories: cycling work in kJ ≈ kcal (≈24 % efficiency); running ≈ 1 kcal/kg/km.
    s.total_calories = Some(
        if ride {
            tot.kj
        } else {
            a.weight_kg * dist / 1000.0
        }
        .round() as u16,
    );
    s
}

fn summary_of(ride: bool, (start, d0): (u32, f64), end: u32, dist: f64, x: &Totals) -> Summary {
    let secs = f64::from(end - start);
    let n = x.n.max(1.0);
    Summary {
        sport: if ride { Sport::CYCLING } else { Sport::RUNNING },
        sub_sport: if ride {
            SubSport::ROAD
        } else {
            SubSport::STREET
        },
        start_time: start,
        timestamp: end,
        total_elapsed_time_s: secs,
        total_timer_time_s: secs,
        total_distance_m: Some(dist - d0),
        total_ascent_m: Some(x.ascent.round() as u16),
        avg_heart_rate: Some((x.hr_sum / n).round() as u8),
        max_heart_rate: Some(x.hr_max.round() as u8),
        avg_power_w: ride.then(|| (x.pw_sum / n).round() as u16),
        max_power_w: ride.then(|| x.pw_max.round() as u16),
        avg_speed_mps: Some((dist - d0) / secs.max(1.0)),
        avg_cadence: Some((x.cad_sum / n).round() as u8),
        ..Summary::default()
    }
}

/// Pool swim: 25 m lengths, rest after every 100 m; records once a second.
fn swim(
    b: &mut ActivityBuilder,
    a: &Athlete,
    kind: Kind,
    t0: u32,
    scale: f64,
    rng: &mut Rng,
) -> Summary {
    let total_s: u32 = plan(kind, scale, rng).iter().map(|(s, _)| s).sum();
    let (mut t, mut dist, mut lengths) = (t0, 0.0f64, 0u16);
    let pool = 25.0;
    let drills = kind == Kind::SwimTechnique;
    while t - t0 < total_s {
        for _ in 0..4 {
            let speed = a.css_mps * if drills { 0.82 } else { 0.9 } * (1.0 + 0.03 * rng.normal());
            let secs = (pool / speed).round() as u32;
            let start = t;
            for i in 0..secs {
                b.record(&RecordSample {
                    timestamp: t,
                    distance_m: Some(dist + pool * f64::from(i) / f64::from(secs)),
                    speed_mps: Some(speed as f32),
                    cadence: Some(28 + (rng.uniform() * 4.0) as u8),
                    temperature_c: Some(27),
                    ..Default::default()
                });
                t += 1;
            }
            dist += pool;
            lengths += 1;
            b.length(&LengthSample {
                start_time: start,
                timestamp: t,
                total_elapsed_time_s: f64::from(secs),
                total_timer_time_s: f64::from(secs),
                total_strokes: Some((f64::from(secs) * 0.5) as u16),
                avg_speed_mps: Some(speed),
                swim_stroke: Some(if drills && lengths % 8 < 2 {
                    SwimStroke::DRILL
                } else {
                    SwimStroke::FREESTYLE
                }),
                avg_swimming_cadence: Some(30),
                active: true,
            });
        }
        // 15 s on the wall after each 100 m.
        let rest_start = t;
        t += 15;
        b.length(&LengthSample {
            start_time: rest_start,
            timestamp: t,
            total_elapsed_time_s: 15.0,
            total_timer_time_s: 15.0,
            active: false,
            ..Default::default()
        });
    }
    let secs = f64::from(t - t0);
    let s = Summary {
        sport: Sport::SWIMMING,
        sub_sport: SubSport::LAP_SWIMMING,
        start_time: t0,
        timestamp: t,
        total_elapsed_time_s: secs,
        total_timer_time_s: secs,
        total_distance_m: Some(dist),
        avg_speed_mps: Some(dist / secs),
        pool_length_m: Some(pool),
        num_active_lengths: Some(lengths),
        total_calories: Some((secs / 60.0 * 9.0) as u16),
        ..Summary::default()
    };
    b.lap(&s);
    s
}
