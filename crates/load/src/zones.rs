//! Zone models and time-in-zone.

use crate::util::{ok, pos};
use serde::{Deserialize, Serialize};

/// A zone model in absolute units (W, bpm, m/s). Zone `i` holds values up to
/// `upper[i]`; the last zone is open-ended, so `names.len() == upper.len() + 1`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Zones {
    pub names: Vec<String>,
    pub upper: Vec<f32>,
    /// `true`: a value equal to `upper[i]` is still in zone `i` (Coggan's
    /// "≤ 55 %"); `false`: it starts the next zone (Friel's "< 81 %").
    pub upper_inclusive: bool,
}

impl Zones {
    // Percent integers, multiplied in f64: 105 % of 200 W must be exactly
    // 210 W, not 209.99998, or a rider at 210 W lands in the wrong zone.
    fn from_pct(names: &[&str], pct: &[u16], base: f32, incl: bool) -> Self {
        Zones {
            names: names.iter().map(|s| s.to_string()).collect(),
            upper: pct
                .iter()
                .map(|&p| (p as f64 * base as f64 / 100.0) as f32)
                .collect(),
            upper_inclusive: incl,
        }
    }

    /// Index of the zone a value falls in.
    pub fn zone_of(&self, v: f32) -> usize {
        self.upper
            .iter()
            .position(|&u| if self.upper_inclusive { v <= u } else { v < u })
            .unwrap_or(self.upper.len())
    }
}

/// Coggan's 7 power levels as % of FTP: Z1 Active recovery ≤ 55 %,
/// Z2 Endurance 56–75, Z3 Tempo 76–90, Z4 Threshold 91–105, Z5 VO2max
/// 106–120, Z6 Anaerobic 121–150, Z7 Neuromuscular > 150.
pub const COGGAN_UPPER_PCT: [u16; 6] = [55, 75, 90, 105, 120, 150];
const COGGAN_NAMES: [&str; 7] = [
    "Z1 Active recovery",
    "Z2 Endurance",
    "Z3 Tempo",
    "Z4 Lactate threshold",
    "Z5 VO2max",
    "Z6 Anaerobic capacity",
    "Z7 Neuromuscular",
];

/// Coggan power zones for an FTP; `None` if FTP is not positive.
pub fn coggan_power_zones(ftp_w: f32) -> Option<Zones> {
    pos(ftp_w).map(|f| Zones::from_pct(&COGGAN_NAMES, &COGGAN_UPPER_PCT, f, true))
}

/// Which of Friel's LTHR tables to use (running zones sit higher).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FrielSport {
    Bike,
    Run,
}

impl FrielSport {
    /// Runs use the running table; everything else the cycling one.
    pub fn of(sport: crate::Sport) -> FrielSport {
        if sport == crate::Sport::Run {
            FrielSport::Run
        } else {
            FrielSport::Bike
        }
    }
}

/// Friel's LTHR zones, lower bounds of Z2…Z5c as % of LTHR.
/// Bike: Z1 < 81 %, Z2 81–89, Z3 90–93, Z4 94–99, Z5a 100–102, Z5b 103–106,
/// Z5c > 106. Run: Z1 < 85 %, Z2 85–89, Z3 90–94, Z4 95–99, then as bike.
pub const FRIEL_BIKE_LOWER_PCT: [u16; 6] = [81, 90, 94, 100, 103, 107];
pub const FRIEL_RUN_LOWER_PCT: [u16; 6] = [85, 90, 95, 100, 103, 107];
const FRIEL7: [&str; 7] = [
    "Z1 Recovery",
    "Z2 Aerobic",
    "Z3 Tempo",
    "Z4 Sub-threshold",
    "Z5a Super-threshold",
    "Z5b Aerobic capacity",
    "Z5c Anaerobic capacity",
];
const FRIEL5: [&str; 5] = [
    "Z1 Recovery",
    "Z2 Aerobic",
    "Z3 Tempo",
    "Z4 Sub-threshold",
    "Z5 Threshold+",
];

/// Friel's 7 HR zones (1–4, 5a, 5b, 5c) from LTHR.
pub fn friel_hr_zones7(lthr: f32, sport: FrielSport) -> Option<Zones> {
    let lower = match sport {
        FrielSport::Bike => &FRIEL_BIKE_LOWER_PCT,
        FrielSport::Run => &FRIEL_RUN_LOWER_PCT,
    };
    pos(lthr).map(|l| Zones::from_pct(&FRIEL7, lower, l, false))
}

/// Friel's 5 HR zones: as the 7 with 5a–5c merged into Z5 (≥ LTHR).
pub fn friel_hr_zones5(lthr: f32, sport: FrielSport) -> Option<Zones> {
    let lower = match sport {
        FrielSport::Bike => &FRIEL_BIKE_LOWER_PCT,
        FrielSport::Run => &FRIEL_RUN_LOWER_PCT,
    };
    pos(lthr).map(|l| Zones::from_pct(&FRIEL5, &lower[..4], l, false))
}

/// Friel's running pace zones, as % of threshold pace (time per km, so higher is
/// slower): Z1 slower than 129 %, Z2 114–129, Z3 106–113, Z4 101–105, Z5a 97–100,
/// Z5b 90–96, Z5c faster than 90 %. Boundaries at 129, 114, 106, 101, 97 and 90 %.
pub const FRIEL_PACE_BOUNDARY_PCT: [u16; 6] = [129, 114, 106, 101, 97, 90];

/// Friel's pace zones as speeds (m/s) from the threshold speed: a pace at `p` % of
/// threshold pace is a speed of `threshold × 100 / p`. A speed on a boundary goes to
/// the faster zone.
pub fn friel_pace_zones(threshold_speed_ms: f32) -> Option<Zones> {
    let ts = pos(threshold_speed_ms)? as f64;
    Some(Zones {
        names: FRIEL7.iter().map(|s| s.to_string()).collect(),
        upper: FRIEL_PACE_BOUNDARY_PCT
            .iter()
            .map(|&p| (ts * 100.0 / f64::from(p)) as f32)
            .collect(),
        upper_inclusive: false,
    })
}

/// Seconds spent in each zone (one entry per zone). Unrecorded samples are
/// not counted anywhere.
pub fn time_in_zones(stream: &[Option<f32>], zones: &Zones) -> Vec<u32> {
    let mut out = vec![0u32; zones.names.len().max(zones.upper.len() + 1)];
    for v in stream.iter().filter_map(|x| ok(*x)) {
        out[zones.zone_of(v)] += 1;
    }
    out
}
