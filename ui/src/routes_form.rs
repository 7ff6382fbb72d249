//! The Routes page's form logic without views: what the estimate form's mode and
//! number mean, and how section figures read. Host-tested.

use paceline_types::units::parse_m_ss;
use paceline_types::{RouteIntensity, RouteView};

use crate::format::MISSING;

/// The estimate form's modes: a power in W, a share of FTP, or a flat running pace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Power,
    FtpPct,
    Pace,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Power, Mode::FtpPct, Mode::Pace];

    pub fn key(self) -> &'static str {
        match self {
            Mode::Power => "power",
            Mode::FtpPct => "ftp_pct",
            Mode::Pace => "pace",
        }
    }

    pub fn from_key(k: &str) -> Mode {
        Mode::ALL
            .into_iter()
            .find(|m| m.key() == k)
            .unwrap_or(Mode::Power)
    }

    pub fn label(self) -> &'static str {
        match self {
            Mode::Power => "Power (W)",
            Mode::FtpPct => "% of FTP",
            Mode::Pace => "Pace (min:s /km)",
        }
    }

    /// The mode and the input's text for what a view was estimated at.
    pub fn of(v: &RouteView) -> (Mode, String) {
        match v.intensity {
            RouteIntensity::Power { watts } => (Mode::Power, format!("{watts:.0}")),
            RouteIntensity::FtpPct { pct } => (Mode::FtpPct, format!("{pct:.0}")),
            RouteIntensity::Pace { s_per_km } => {
                (Mode::Pace, paceline_types::units::duration(s_per_km))
            }
        }
    }
}

/// What the form asks for, or what to fix.
pub fn intensity(mode: Mode, text: &str) -> Result<RouteIntensity, String> {
    let t = text.trim();
    let num = || t.parse::<f64>().ok().filter(|v| v.is_finite() && *v > 0.0);
    match mode {
        Mode::Power => num()
            .map(|watts| RouteIntensity::Power { watts })
            .ok_or_else(|| "Give a power in watts, e.g. 220.".into()),
        Mode::FtpPct => num()
            .map(|pct| RouteIntensity::FtpPct { pct })
            .ok_or_else(|| "Give a share of FTP in %, e.g. 75.".into()),
        Mode::Pace => parse_m_ss(t)
            .filter(|s| *s > 0.0)
            .map(|s_per_km| RouteIntensity::Pace { s_per_km })
            .ok_or_else(|| "Give a pace per km as minutes:seconds, e.g. 5:30.".into()),
    }
}

/// A grade in percent with one decimal ("6.1 %"), or "—".
pub fn grade(pct: f64) -> String {
    if pct.is_finite() {
        format!("{:.1} %", if pct.abs() < 0.05 { 0.0 } else { pct })
    } else {
        MISSING.into()
    }
}

/// A split point typed in km → metres from the start.
pub fn split_at_m(text: &str) -> Option<f64> {
    text.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0)
        .map(|km| km * 1000.0)
}

/// Teeth typed as "50,34" or "11 12 13" → the numbers, or what to fix.
pub fn teeth(text: &str, what: &str) -> Result<Vec<u16>, String> {
    let v: Result<Vec<u16>, _> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(str::parse::<u16>)
        .collect();
    match v {
        Ok(v) if !v.is_empty() && v.iter().all(|&t| t > 0) => Ok(v),
        _ => Err(format!(
            "Give the {what} as tooth counts separated by commas, e.g. 50,34."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_reads_power_share_and_pace() {
        assert_eq!(
            intensity(Mode::Power, " 250 "),
            Ok(RouteIntensity::Power { watts: 250.0 })
        );
        assert_eq!(
            intensity(Mode::FtpPct, "75"),
            Ok(RouteIntensity::FtpPct { pct: 75.0 })
        );
        assert_eq!(
            intensity(Mode::Pace, "5:30"),
            Ok(RouteIntensity::Pace { s_per_km: 330.0 })
        );
        assert!(intensity(Mode::Power, "-3").is_err());
        assert!(intensity(Mode::Power, "").is_err());
        assert!(intensity(Mode::Pace, "5").is_err());
        assert_eq!(Mode::from_key("ftp_pct"), Mode::FtpPct);
        assert_eq!(Mode::from_key("??"), Mode::Power);
    }

    #[test]
    fn grades_and_split_points_read_as_people_write_them() {
        assert_eq!(grade(6.04), "6.0 %");
        assert_eq!(grade(-0.01), "0.0 %");
        assert_eq!(grade(f64::NAN), "—");
        assert_eq!(split_at_m("3,5"), Some(3500.0));
        assert_eq!(split_at_m("0"), None);
        assert_eq!(split_at_m("x"), None);
        assert_eq!(teeth("50, 34", "chainrings"), Ok(vec![50, 34]));
        assert_eq!(teeth("11 12  13", "cassette"), Ok(vec![11, 12, 13]));
        assert!(teeth("", "cassette").is_err());
        assert!(teeth("50,x", "chainrings")
            .unwrap_err()
            .contains("chainrings"));
        assert!(teeth("0", "cassette").is_err());
    }
}
