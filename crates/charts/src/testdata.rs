//! Deterministic, plausible synthetic data for the chart tests and the PNG
//! gallery: two years of training in 3-build + 1-recovery blocks, a 3 h ride
//! with intervals, and mornings of HRV and resting HR.

use paceline_load::curve::{default_durations, mean_max, MeanMaxCurve};
use paceline_load::pmc::{pmc_by_sport, DailyLoad, PmcBySport, PmcConfig, PmcDay};
use paceline_load::readiness::WellnessDay;
use paceline_load::{Day, Sport};

use crate::frame::day_of;

/// Last day of the synthetic history: 2026-03-31.
pub(crate) const END: Day = 20_543;

/// Small deterministic PRNG (xorshift), uniform in [0, 1).
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub(crate) fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Roughly normal (sum of uniforms), mean 0, SD 1.
    pub(crate) fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.next()).sum::<f64>() - 6.0
    }
}

/// Two years of loads ending on [`END`]: a weekly pattern (Mon rest, Tue
/// bike intervals, Wed run, Thu bike, Fri swim, Sat long ride, Sun long run),
/// blocks of three building weeks and one recovery week, a slow build over
/// each season and a December break.
pub(crate) fn daily_loads() -> Vec<DailyLoad> {
    assert_eq!(END, day_of(2026, 3, 31));
    let mut r = Rng::new(7);
    let start = END - 729;
    let mut out = Vec::new();
    for day in start..=END {
        let i = day - start;
        let week = i / 7;
        let block = [0.9, 1.0, 1.12, 0.55][(week % 4) as usize];
        let (_, month, _) = crate::frame::civil(day);
        let season = match month {
            12 => 0.35,
            1 => 0.7,
            2 => 0.8,
            3 | 4 => 0.9,
            5..=8 => 1.05,
            _ => 0.85,
        };
        let weekday = (day + 3).rem_euclid(7); // 0 = Monday
        let plan: &[(Sport, f64)] = match weekday {
            0 => &[],
            1 => &[(Sport::Bike, 95.0)],
            2 => &[(Sport::Run, 55.0)],
            3 => &[(Sport::Bike, 70.0)],
            4 => &[(Sport::Swim, 35.0)],
            5 => &[(Sport::Bike, 170.0)],
            _ => &[(Sport::Run, 75.0), (Sport::Swim, 20.0)],
        };
        for &(sport, base) in plan {
            if r.next() < 0.07 {
                continue; // a missed session
            }
            let load = base * block * season * (1.0 + 0.15 * r.normal());
            out.push(DailyLoad {
                day,
                sport,
                load: load.max(5.0) as f32,
            });
        }
    }
    out
}

pub(crate) fn pmc_history() -> PmcBySport {
    let loads = daily_loads();
    pmc_by_sport(&loads, END - 729, END, &PmcConfig::default())
}

/// A PMC of these combined days alone (no sport lines).
pub(crate) fn combined(days: &[PmcDay]) -> PmcBySport {
    PmcBySport {
        combined: days.to_vec(),
        sports: Vec::new(),
    }
}

/// A 3 h ride at 1 Hz: warm-up, a 10 s sprint, 3 × 5 min hard, 20 min at
/// threshold, endurance with surges, a 1 min effort and a cool-down.
pub(crate) fn ride_power(strength: f64, seed: u64) -> Vec<Option<f32>> {
    let mut r = Rng::new(seed);
    let mut p = Vec::with_capacity(3 * 3600);
    let push = |secs: usize, watts: f64, r: &mut Rng, p: &mut Vec<Option<f32>>| {
        for _ in 0..secs {
            let v = watts * strength * (1.0 + 0.06 * r.normal());
            p.push(Some(v.max(0.0) as f32));
        }
    };
    push(900, 170.0, &mut r, &mut p);
    push(10, 950.0, &mut r, &mut p);
    push(300, 160.0, &mut r, &mut p);
    for _ in 0..3 {
        push(300, 335.0, &mut r, &mut p);
        push(300, 150.0, &mut r, &mut p);
    }
    push(1200, 292.0, &mut r, &mut p);
    push(600, 160.0, &mut r, &mut p);
    push(60, 450.0, &mut r, &mut p);
    for _ in 0..8 {
        push(600, 205.0, &mut r, &mut p);
        push(30, 380.0, &mut r, &mut p);
    }
    push(180, 0.0, &mut r, &mut p); // café stop (zeros)
    let left = (3 * 3600usize).saturating_sub(p.len());
    push(left, 175.0, &mut r, &mut p);
    p
}

/// (best ever, last 90 days): the recent 3 h ride, and the best of it and
/// a stronger ride from last summer.
pub(crate) fn curves() -> (MeanMaxCurve, MeanMaxCurve) {
    let recent_ride = ride_power(1.0, 11);
    let summer = ride_power(1.07, 12);
    let recent = mean_max(&recent_ride, &default_durations(recent_ride.len() as u32));
    let old = mean_max(&summer, &default_durations(summer.len() as u32));
    (MeanMaxCurve::best_of(&[&recent, &old]), recent)
}

/// 200 mornings ending on [`END`]: rMSSD around 62 ms (ln ≈ 4.1) that dips
/// in the third week of each block and recovers, a few missed readings,
/// resting HR around 48 bpm moving the other way.
pub(crate) fn wellness() -> Vec<WellnessDay> {
    let mut r = Rng::new(3);
    (END - 199..=END)
        .filter_map(|day| {
            let week = (day - (END - 199)) / 7;
            let strain = [0.0, 0.04, 0.12, -0.05][(week % 4) as usize];
            if r.next() < 0.08 {
                return None;
            }
            let ln = 4.13 - strain + 0.09 * r.normal();
            Some(WellnessDay {
                day,
                rmssd_ms: Some(ln.exp() as f32),
                resting_hr: Some((48.0 + strain * 20.0 + 1.4 * r.normal()) as f32),
                sleep_h: None,
                sleep_score: None,
            })
        })
        .collect()
}

/// One hour of [`ride_power`] with heart rate following it (lagging, drifting
/// up), speed, cadence and a rolling profile: the activity chart's test ride.
pub(crate) fn ride_streams() -> paceline_model::Streams {
    let power: Vec<f32> = ride_power(1.0, 11)
        .into_iter()
        .take(3600)
        .map(|p| p.unwrap_or(f32::NAN))
        .collect();
    let mut hr = Vec::with_capacity(power.len());
    let mut h = 95.0f32;
    for (i, p) in power.iter().enumerate() {
        let target = 95.0 + 0.27 * p.min(400.0) + i as f32 / 400.0;
        h += (target - h) / 40.0;
        hr.push(h);
    }
    let n = power.len();
    let speed: Vec<f32> = power.iter().map(|p| 4.0 + p / 40.0).collect();
    paceline_model::Streams {
        time_s: (0..n).map(|i| i as f64).collect(),
        distance_m: cumulative(&speed),
        speed_mps: speed,
        cadence: power
            .iter()
            .map(|p| if *p > 0.0 { 88.0 } else { 0.0 })
            .collect(),
        altitude_m: (0..n)
            .map(|i| 300.0 + 60.0 * (i as f32 / 700.0).sin())
            .collect(),
        power_w: power,
        heart_rate: hr,
        ..Default::default()
    }
}

/// Distance after each 1 s sample of `speed_mps`.
fn cumulative(speed_mps: &[f32]) -> Vec<f32> {
    speed_mps
        .iter()
        .scan(0.0f32, |d, v| {
            *d += v;
            Some(*d)
        })
        .collect()
}

/// A 30 min run at 1 Hz: 10 min easy, 10 min of 1 min surges, 10 min steady,
/// with heart rate, cadence (strides/min, as FIT stores it) and a hill.
pub(crate) fn run_streams() -> paceline_model::Streams {
    let mut r = Rng::new(5);
    let n = 1800;
    let speed: Vec<f32> = (0..n)
        .map(|i| {
            let base = match i {
                0..600 => 3.0,
                600..1200 if (i / 60) % 2 == 0 => 4.4,
                600..1200 => 3.1,
                _ => 3.4,
            };
            (base * (1.0 + 0.03 * r.normal())) as f32
        })
        .collect();
    let mut hr = Vec::with_capacity(n);
    let mut h = 100.0f32;
    for v in &speed {
        h += (70.0 + 25.0 * v - h) / 30.0;
        hr.push(h);
    }
    paceline_model::Streams {
        time_s: (0..n).map(|i| i as f64).collect(),
        distance_m: cumulative(&speed),
        heart_rate: hr,
        cadence: speed.iter().map(|v| 78.0 + 2.5 * v).collect(),
        altitude_m: (0..n)
            .map(|i| 40.0 + 25.0 * (i as f32 / 300.0).sin())
            .collect(),
        speed_mps: speed,
        ..Default::default()
    }
}

/// Every `<text>` of an SVG as (x, y, text), for asserting where labels went.
pub(crate) fn texts(svg: &str) -> Vec<(f64, f64, String)> {
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!(" {name}=\"")).expect("attribute") + name.len() + 3;
        tag[at..at + tag[at..].find('"').expect("quoted")]
            .parse()
            .expect("a number")
    };
    svg.split("<text")
        .skip(1)
        .map(|t| {
            let (tag, rest) = t.split_once('>').expect("tag");
            let body = rest.split("</text>").next().expect("body").trim();
            (attr(tag, "x"), attr(tag, "y"), body.to_string())
        })
        .collect()
}
