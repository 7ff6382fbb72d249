//! Unit system and the formatting both the UI and the CLI use, so a number reads
//! the same everywhere.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Units {
    #[default]
    Metric,
    Imperial,
}

const M_PER_MILE: f64 = 1609.344;
const FT_PER_M: f64 = 3.280_839_895;

impl Units {
    /// "42.20 km" / "26.22 mi".
    pub fn distance(self, meters: f64) -> String {
        match self {
            Units::Metric => format!("{:.2} km", meters / 1000.0),
            Units::Imperial => format!("{:.2} mi", meters / M_PER_MILE),
        }
    }

    /// Elevation: "512 m" / "1680 ft".
    pub fn elevation(self, meters: f64) -> String {
        match self {
            Units::Metric => format!("{:.0} m", meters),
            Units::Imperial => format!("{:.0} ft", meters * FT_PER_M),
        }
    }

    /// Speed: "32.4 km/h" / "20.1 mph".
    pub fn speed(self, mps: f64) -> String {
        match self {
            Units::Metric => format!("{:.1} km/h", mps * 3.6),
            Units::Imperial => format!("{:.1} mph", mps * 3600.0 / M_PER_MILE),
        }
    }

    /// Speed value in the display unit (for chart axes).
    pub fn speed_value(self, mps: f64) -> f64 {
        match self {
            Units::Metric => mps * 3.6,
            Units::Imperial => mps * 3600.0 / M_PER_MILE,
        }
    }

    pub fn speed_unit(self) -> &'static str {
        match self {
            Units::Metric => "km/h",
            Units::Imperial => "mph",
        }
    }

    /// Running pace: "4:35 /km" / "7:23 /mi". `None` when standing still.
    pub fn pace(self, mps: f64) -> Option<String> {
        // NaN and standing still both have no pace.
        if mps.is_nan() || mps <= 0.1 {
            return None;
        }
        let per = match self {
            Units::Metric => 1000.0,
            Units::Imperial => M_PER_MILE,
        };
        let secs = (per / mps).round() as u64;
        let unit = if self == Units::Metric { "/km" } else { "/mi" };
        Some(format!("{}:{:02} {unit}", secs / 60, secs % 60))
    }
}

/// "4:15" (minutes:seconds) → 255 seconds; `None` without a colon or with
/// seconds outside 0–59.9. Callers decide what a bare number means.
pub fn parse_m_ss(s: &str) -> Option<f64> {
    let (m, sec) = s.split_once(':')?;
    let m: u32 = m.trim().parse().ok()?;
    let sec: f64 = sec.trim().parse().ok()?;
    (0.0..60.0)
        .contains(&sec)
        .then(|| f64::from(m) * 60.0 + sec)
}

/// "1:02:03" for an hour or more, "12:34" below.
pub fn duration(seconds: f64) -> String {
    let s = if seconds.is_finite() && seconds > 0.0 {
        seconds.round() as u64
    } else {
        0
    };
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_unit_system() {
        assert_eq!(Units::Metric.distance(42_195.0), "42.20 km");
        assert_eq!(Units::Imperial.distance(42_195.0), "26.22 mi");
        assert_eq!(Units::Metric.speed(10.0), "36.0 km/h");
        assert_eq!(Units::Imperial.speed(10.0), "22.4 mph");
        // 1000 m / 3.636 m/s = 275 s = 4:35
        assert_eq!(Units::Metric.pace(1000.0 / 275.0).unwrap(), "4:35 /km");
        assert_eq!(Units::Metric.pace(0.0), None);
        assert_eq!(Units::Imperial.elevation(100.0), "328 ft");
    }

    #[test]
    fn minutes_and_seconds() {
        assert_eq!(parse_m_ss("4:15"), Some(255.0));
        assert_eq!(parse_m_ss(" 6 : 05.5 "), Some(365.5));
        assert_eq!(parse_m_ss("4:60"), None);
        assert_eq!(parse_m_ss("-1:10"), None);
        assert_eq!(parse_m_ss("255"), None);
    }

    #[test]
    fn durations() {
        assert_eq!(duration(3723.0), "1:02:03");
        assert_eq!(duration(754.4), "12:34");
        assert_eq!(duration(f64::NAN), "0:00");
    }
}
