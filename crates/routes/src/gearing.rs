//! Bike gearing and the lowest gear a stretch needs.
//!
//! In a gear with `ring` and `cog` teeth one crank turn moves the bike
//! `circumference · ring / cog` metres (its *development*), so at speed `v` the cadence is
//! `60 · v / development` rpm. The gear a stretch needs is the hardest gear that still
//! lets the rider pedal at least `min_cadence_rpm` at the speed estimated on its
//! steepest window; when even the easiest gear gives a lower cadence, the answer is
//! [`GearNeed::Walk`].

use serde::{Deserialize, Serialize};

/// A bike's gearing (a Settings › Equipment entry).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bike {
    pub name: String,
    /// Chainring teeth, e.g. `[50, 34]`.
    pub chainrings: Vec<u16>,
    /// Cassette cog teeth, e.g. `[11, 12, …, 32]`.
    pub cassette: Vec<u16>,
    /// Rolling circumference of the rear wheel, metres (700×28c ≈ 2.136).
    pub wheel_circumference_m: f64,
}

/// One chainring/cog combination.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Gear {
    pub chainring: u16,
    pub cog: u16,
    /// Metres per crank turn.
    pub development_m: f64,
}

impl std::fmt::Display for Gear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}×{}", self.chainring, self.cog)
    }
}

/// What a stretch needs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum GearNeed {
    /// This gear holds at least the minimum cadence (`cadence_rpm` in it).
    Gear { gear: Gear, cadence_rpm: f64 },
    /// No gear does: in the easiest one the cadence would be `cadence_rpm`.
    Walk { easiest: Gear, cadence_rpm: f64 },
}

impl std::fmt::Display for GearNeed {
    /// "34×28" or "walk".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GearNeed::Gear { gear, .. } => gear.fmt(f),
            GearNeed::Walk { .. } => f.write_str("walk"),
        }
    }
}

/// Why gearing cannot be judged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GearingError {
    #[error("the bike needs at least one chainring and one cog, with 1 to 200 teeth each")]
    Teeth,
    #[error(
        "the wheel circumference must be between 0.5 and 4 m (got {0} m); 700×28c is about 2.136 m"
    )]
    Wheel(f64),
    #[error("the minimum cadence must be between 1 and 200 rpm (got {0})")]
    Cadence(f64),
    #[error("the speed must be a positive number of m/s (got {0})")]
    Speed(f64),
}

impl Bike {
    /// Every combination, easiest (shortest development) first.
    pub fn gears(&self) -> Result<Vec<Gear>, GearingError> {
        let teeth = |t: &[u16]| !t.is_empty() && t.iter().all(|&n| (1..=200).contains(&n));
        if !teeth(&self.chainrings) || !teeth(&self.cassette) {
            return Err(GearingError::Teeth);
        }
        let c = self.wheel_circumference_m;
        if !(c.is_finite() && (0.5..=4.0).contains(&c)) {
            return Err(GearingError::Wheel(c));
        }
        let mut g: Vec<Gear> = self
            .chainrings
            .iter()
            .flat_map(|&ring| {
                self.cassette.iter().map(move |&cog| Gear {
                    chainring: ring,
                    cog,
                    development_m: c * f64::from(ring) / f64::from(cog),
                })
            })
            .collect();
        g.sort_by(|a, b| a.development_m.total_cmp(&b.development_m));
        Ok(g)
    }
}

/// The hardest gear that keeps the cadence at or above `min_cadence_rpm` at `speed_mps`
/// (module docs), or walk.
pub fn lowest_gear(
    bike: &Bike,
    speed_mps: f64,
    min_cadence_rpm: f64,
) -> Result<GearNeed, GearingError> {
    let gears = bike.gears()?;
    if !(min_cadence_rpm.is_finite() && (1.0..=200.0).contains(&min_cadence_rpm)) {
        return Err(GearingError::Cadence(min_cadence_rpm));
    }
    if !(speed_mps.is_finite() && speed_mps > 0.0) {
        return Err(GearingError::Speed(speed_mps));
    }
    let cadence = |g: &Gear| 60.0 * speed_mps / g.development_m;
    let easiest = gears[0];
    Ok(
        match gears.iter().rev().find(|g| cadence(g) >= min_cadence_rpm) {
            Some(&gear) => GearNeed::Gear {
                gear,
                cadence_rpm: cadence(&gear),
            },
            None => GearNeed::Walk {
                easiest,
                cadence_rpm: cadence(&easiest),
            },
        },
    )
}
