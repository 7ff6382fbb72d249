//! Time estimates: riding from power with a physical model, running from
//! grade-adjusted pace.
//!
//! # Cycling
//! At steady speed `v` on grade `g` (θ = atan g) the power at the wheel balances gravity,
//! rolling resistance and air drag:
//!
//! `P·(1 − loss) = v·(m·g₀·(sin θ + Crr·cos θ) + ½·ρ·CdA·v²)`
//!
//! with `m` rider + bike mass, `g₀` = 9.80665 m/s², and air density `ρ` from the
//! elevation by the barometric formula at the stated temperature
//! (`p = 101325·(1 − 2.25577·10⁻⁵·h)^5.25588` Pa, `ρ = p / (287.05·T)`). The cubic is
//! solved per profile step by Newton's method from above the root (the function is
//! convex for `v > 0`, so it converges monotonically, also on steep descents where the
//! gravity term is negative). Speed is capped at `max_speed_mps`: above it the rider
//! brakes. Power is held constant (no coasting, no acceleration); wind is still air.
//! Distances on the profile are horizontal, so a step's road length is
//! `step·√(1 + g²)`.
//!
//! # Running
//! The target pace is a flat-ground pace; on each step the runner holds the same
//! grade-adjusted speed, i.e. runs at `v_flat / (Cr(g)/Cr(0))` with Minetti's energy
//! cost `Cr` from `paceline_load::run` (the load engine's GAP model), capped at
//! `max_speed_mps`.

use paceline_load::run::grade_adjusted_speed;
use serde::{Deserialize, Serialize};

use crate::profile::Profile;
use crate::sections::{section_stats, Section};

/// Standard gravity, m/s².
pub const G0: f64 = 9.80665;

/// The rider, the bike and the day. Shown and editable in the UI.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BikeAssumptions {
    /// Athlete mass (with clothes), kg. Default 75.
    pub rider_kg: f64,
    /// Bike with bottles and bags, kg. Default 9.
    pub bike_kg: f64,
    /// Drag area, m². Default 0.32 (road bike, hands on the hoods).
    pub cda_m2: f64,
    /// Rolling resistance coefficient. Default 0.004 (good road tyres on asphalt).
    pub crr: f64,
    /// Share of pedal power lost in the drivetrain. Default 0.025 (2.5 %).
    pub drivetrain_loss: f64,
    /// Air temperature, °C (for air density). Default 15.
    pub temperature_c: f64,
    /// Fastest speed ridden, m/s: faster on a descent means braking. Default 70 km/h.
    pub max_speed_mps: f64,
}

impl Default for BikeAssumptions {
    fn default() -> Self {
        BikeAssumptions {
            rider_kg: 75.0,
            bike_kg: 9.0,
            cda_m2: 0.32,
            crr: 0.004,
            drivetrain_loss: 0.025,
            temperature_c: 15.0,
            max_speed_mps: 70.0 / 3.6,
        }
    }
}

/// Running limits.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RunAssumptions {
    /// Fastest speed run downhill, m/s. Default 6 m/s (2:47 /km).
    pub max_speed_mps: f64,
}

impl Default for RunAssumptions {
    fn default() -> Self {
        RunAssumptions { max_speed_mps: 6.0 }
    }
}

/// How hard: a power, a share of FTP, or a flat running pace.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intensity {
    /// Riding at this power, W.
    Power { watts: f64 },
    /// Riding at `pct` % of `ftp_w` (the FTP valid today; the caller looks it up).
    FtpPct { ftp_w: f64, pct: f64 },
    /// Running at this flat-equivalent pace, seconds per km.
    Pace { s_per_km: f64 },
}

/// Why no estimate was made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PhysicsError {
    #[error("{what} must be {rule} (got {value})")]
    Assumption {
        what: &'static str,
        rule: &'static str,
        value: f64,
    },
    #[error("the target power must be above 0 W (got {0} W)")]
    Power(f64),
    #[error("the target pace must be a positive time per km (got {0} s/km)")]
    Pace(f64),
}

/// Time for a section.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SectionEstimate {
    pub time_s: f64,
    pub avg_speed_mps: f64,
    /// Speed on the section's steepest uphill window (its `max_grade_pct`): what the
    /// gear choice is made for.
    pub steepest_speed_mps: f64,
}

/// Time for a route and each of its sections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Riding power used, W (`None` when running).
    pub power_w: Option<f64>,
    /// Flat running pace used, s/km (`None` when riding).
    pub pace_s_per_km: Option<f64>,
    pub total_s: f64,
    pub avg_speed_mps: f64,
    /// One per section given, in order.
    pub sections: Vec<SectionEstimate>,
}

/// Air density, kg/m³, at `ele_m` metres and `temp_c` °C (barometric formula).
pub fn air_density(ele_m: f64, temp_c: f64) -> f64 {
    let h = ele_m.clamp(-500.0, 9000.0);
    let p = 101_325.0 * (1.0 - 2.25577e-5 * h).powf(5.25588);
    p / (287.05 * (temp_c + 273.15))
}

/// Steady riding speed, m/s, at `power_w` on `grade` (fraction) at `ele_m`, capped at
/// `max_speed_mps`. Assumptions are checked by [`estimate`]; here out-of-range values
/// give whatever the formula gives (never a panic, never NaN for finite input).
pub fn bike_speed(power_w: f64, grade: f64, ele_m: f64, a: &BikeAssumptions) -> f64 {
    let theta = grade.atan();
    let m = a.rider_kg + a.bike_kg;
    let pw = (power_w * (1.0 - a.drivetrain_loss)).max(0.0);
    let k = 0.5 * air_density(ele_m, a.temperature_c) * a.cda_m2;
    let b = m * G0 * (theta.sin() + a.crr * theta.cos());
    let v = if k > 0.0 {
        // f(v) = k v³ + b v − pw; start right of the root (see the module docs).
        let mut v = (pw / k).cbrt() + (-b / k).max(0.0).sqrt();
        for _ in 0..60 {
            let f = k * v * v * v + b * v - pw;
            let df = 3.0 * k * v * v + b;
            if df <= 0.0 {
                break;
            }
            let step = f / df;
            v -= step;
            if step.abs() < 1e-10 {
                break;
            }
        }
        v
    } else if b > 0.0 {
        pw / b
    } else {
        f64::INFINITY
    };
    v.clamp(0.0, a.max_speed_mps)
}

/// Running speed, m/s, on `grade` for a flat-equivalent speed `flat_mps`, capped.
pub fn run_speed(flat_mps: f64, grade: f64, a: &RunAssumptions) -> f64 {
    let factor = f64::from(grade_adjusted_speed(1.0, grade as f32));
    (flat_mps / factor).clamp(0.0, a.max_speed_mps)
}

/// Estimates the route (and each of `sections`, which may be any list of stretches) at
/// `intensity`: bike assumptions for power, run assumptions for pace.
pub fn estimate(
    p: &Profile,
    sections: &[Section],
    intensity: Intensity,
    bike: &BikeAssumptions,
    run: &RunAssumptions,
) -> Result<Estimate, PhysicsError> {
    let speed: Box<dyn Fn(f64, f64) -> f64> = match intensity {
        Intensity::Power { .. } | Intensity::FtpPct { .. } => {
            let w = match intensity {
                Intensity::FtpPct { ftp_w, pct } => ftp_w * pct / 100.0,
                Intensity::Power { watts } => watts,
                Intensity::Pace { .. } => 0.0,
            };
            if !(w.is_finite() && w > 0.0) {
                return Err(PhysicsError::Power(w));
            }
            check_bike(bike)?;
            let bike = *bike;
            Box::new(move |g, ele| bike_speed(w, g, ele, &bike))
        }
        Intensity::Pace { s_per_km } => {
            if !(s_per_km.is_finite() && s_per_km > 0.0) {
                return Err(PhysicsError::Pace(s_per_km));
            }
            check(
                "the fastest running speed",
                "above 0",
                run.max_speed_mps,
                run.max_speed_mps > 0.0,
            )?;
            let run = *run;
            Box::new(move |g, _| run_speed(1000.0 / s_per_km, g, &run))
        }
    };
    // Time at each profile sample from the start.
    let mut clock = Vec::with_capacity(p.distance_m.len());
    clock.push(0.0);
    for i in 1..p.distance_m.len() {
        let run_m = p.distance_m[i] - p.distance_m[i - 1];
        let rise = p.ele_m[i] - p.ele_m[i - 1];
        let g = if run_m > 0.0 { rise / run_m } else { 0.0 };
        let v = speed(g, (p.ele_m[i] + p.ele_m[i - 1]) / 2.0).max(1e-3);
        clock.push(clock[i - 1] + run_m.hypot(rise) / v);
    }
    let at = |d: f64| -> f64 {
        let i = p.index_at(d);
        match (p.distance_m.get(i), p.distance_m.get(i + 1)) {
            (Some(&d0), Some(&d1)) if d1 > d0 && d > d0 => {
                clock[i] + (clock[i + 1] - clock[i]) * ((d - d0) / (d1 - d0)).min(1.0)
            }
            _ => clock.get(i).copied().unwrap_or(0.0),
        }
    };
    let total_s = clock.last().copied().unwrap_or(0.0);
    let per = |dist: f64, t: f64| if t > 0.0 { dist / t } else { 0.0 };
    let sections = sections
        .iter()
        .map(|s| {
            let st = section_stats(p, s.start_m, s.end_m);
            let time_s = at(st.end_m) - at(st.start_m);
            SectionEstimate {
                time_s,
                avg_speed_mps: per(st.distance_m, time_s),
                steepest_speed_mps: speed(
                    st.max_grade_pct / 100.0,
                    p.ele_at(st.steepest_at_m + p.options.grade_window_m / 2.0),
                ),
            }
        })
        .collect();
    let (power_w, pace_s_per_km) = match intensity {
        Intensity::Power { watts } => (Some(watts), None),
        Intensity::FtpPct { ftp_w, pct } => (Some(ftp_w * pct / 100.0), None),
        Intensity::Pace { s_per_km } => (None, Some(s_per_km)),
    };
    Ok(Estimate {
        power_w,
        pace_s_per_km,
        total_s,
        avg_speed_mps: per(p.total_m(), total_s),
        sections,
    })
}

fn check(what: &'static str, rule: &'static str, value: f64, ok: bool) -> Result<(), PhysicsError> {
    if value.is_finite() && ok {
        Ok(())
    } else {
        Err(PhysicsError::Assumption { what, rule, value })
    }
}

fn check_bike(a: &BikeAssumptions) -> Result<(), PhysicsError> {
    check(
        "the athlete's mass",
        "between 20 and 300 kg",
        a.rider_kg,
        (20.0..=300.0).contains(&a.rider_kg),
    )?;
    check(
        "the bike's mass",
        "between 0 and 100 kg",
        a.bike_kg,
        (0.0..=100.0).contains(&a.bike_kg),
    )?;
    check(
        "CdA",
        "between 0.05 and 2 m²",
        a.cda_m2,
        (0.05..=2.0).contains(&a.cda_m2),
    )?;
    check(
        "Crr",
        "between 0 and 0.1",
        a.crr,
        (0.0..=0.1).contains(&a.crr),
    )?;
    check(
        "the drivetrain loss",
        "between 0 and 0.5",
        a.drivetrain_loss,
        (0.0..=0.5).contains(&a.drivetrain_loss),
    )?;
    check(
        "the temperature",
        "between −50 and 60 °C",
        a.temperature_c,
        (-50.0..=60.0).contains(&a.temperature_c),
    )?;
    check(
        "the fastest speed",
        "above 0",
        a.max_speed_mps,
        a.max_speed_mps > 0.0,
    )
}
