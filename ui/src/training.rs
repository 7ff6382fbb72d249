//! Reading training-load numbers: form bands, signed values, threshold kinds with their
//! units (entered and shown as pace where athletes think in pace), best-effort
//! durations and where a load came from. No views here, so it is easy to test.

use paceline_types::{present, Sport, Threshold, ThresholdKind, Units};

use crate::format::MISSING;

/// TSB bands, most rested first (the same bands the PMC chart shades).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormBand {
    Transition,
    Fresh,
    Neutral,
    Optimal,
    HighRisk,
}

impl FormBand {
    pub fn of(tsb: f64) -> FormBand {
        if tsb > 25.0 {
            FormBand::Transition
        } else if tsb >= 5.0 {
            FormBand::Fresh
        } else if tsb >= -10.0 {
            FormBand::Neutral
        } else if tsb >= -30.0 {
            FormBand::Optimal
        } else {
            FormBand::HighRisk
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FormBand::Transition => "Transition",
            FormBand::Fresh => "Fresh",
            FormBand::Neutral => "Neutral",
            FormBand::Optimal => "Optimal",
            FormBand::HighRisk => "High risk",
        }
    }

    /// CSS modifier: `.pl-form--<key>`.
    pub fn key(self) -> &'static str {
        match self {
            FormBand::Transition => "transition",
            FormBand::Fresh => "fresh",
            FormBand::Neutral => "neutral",
            FormBand::Optimal => "optimal",
            FormBand::HighRisk => "high-risk",
        }
    }

    pub fn range(self) -> &'static str {
        match self {
            FormBand::Transition => "above +25",
            FormBand::Fresh => "+5 to +25",
            FormBand::Neutral => "−10 to +5",
            FormBand::Optimal => "−30 to −10",
            FormBand::HighRisk => "below −30",
        }
    }

    pub fn advice(self) -> &'static str {
        match self {
            FormBand::Transition => "Very fresh: fitness is being lost.",
            FormBand::Fresh => "Rested and race-ready.",
            FormBand::Neutral => "Maintaining fitness.",
            FormBand::Optimal => "Productive overload: fitness is building.",
            FormBand::HighRisk => "Overreaching: injury and illness risk is high.",
        }
    }
}

/// "+4.2", "−3.0" (a true minus sign), "0.0".
pub fn signed(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    if s.trim_start_matches(['0', '.']).is_empty() {
        s
    } else if v < 0.0 {
        format!("−{s}")
    } else {
        format!("+{s}")
    }
}

/// Sports a threshold can be set for (`None`, all sports, comes first in the form).
pub const THRESHOLD_SPORTS: [Sport; 7] = [
    Sport::Ride,
    Sport::Run,
    Sport::Swim,
    Sport::Row,
    Sport::Walk,
    Sport::Hike,
    Sport::Other,
];

/// The sport a new value of `kind` is most likely for (`None`: all sports).
pub fn default_sport(kind: ThresholdKind) -> Option<Sport> {
    match kind {
        ThresholdKind::Ftp => Some(Sport::Ride),
        ThresholdKind::ThresholdSpeed => Some(Sport::Run),
        ThresholdKind::Css => Some(Sport::Swim),
        _ => None,
    }
}

fn kind_rank(kind: ThresholdKind) -> usize {
    ThresholdKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(usize::MAX)
}

/// Where a threshold entry stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Validity {
    Current,
    /// Replaced by a newer entry from this day on.
    Until(i32),
    Upcoming,
}

/// Threshold entries grouped by kind then sport, newest first, each with its
/// validity on `today` (the athlete's, from the shell).
pub fn history(entries: &[Threshold], today: i32) -> Vec<(Threshold, Validity)> {
    let mut v = entries.to_vec();
    v.sort_by(|a, b| {
        kind_rank(a.kind)
            .cmp(&kind_rank(b.kind))
            .then_with(|| a.sport.map(Sport::key).cmp(&b.sport.map(Sport::key)))
            .then_with(|| b.from_day.cmp(&a.from_day))
    });
    let mut out: Vec<(Threshold, Validity)> = Vec::with_capacity(v.len());
    for t in v {
        // The previous row is the next-newer entry of the same group, if any.
        let newer = out
            .last()
            .filter(|(p, _)| p.kind == t.kind && p.sport == t.sport)
            .map(|(p, _)| p.from_day);
        let validity = if t.from_day > today {
            Validity::Upcoming
        } else {
            match newer {
                Some(d) if d <= today => Validity::Until(d - 1),
                _ => Validity::Current,
            }
        };
        out.push((t, validity));
    }
    out
}

const KG_PER_LB: f64 = 0.453_592_37;

/// "250 W", "4:15 min/km", "1:45 min/100 m", "68.5 kg", or "—".
pub fn threshold_value(kind: ThresholdKind, value: f64, units: Units) -> String {
    present::threshold_value(kind, value, units).unwrap_or_else(|| MISSING.into())
}

/// "4:15" or "4.25" (minutes) → seconds.
pub fn parse_mm_ss(s: &str) -> Option<f64> {
    if s.contains(':') {
        return paceline_types::units::parse_m_ss(s);
    }
    s.parse::<f64>().ok().map(|m| m * 60.0)
}

/// Parses what the athlete typed into the stored value (W, bpm, m/s, kg).
pub fn parse_threshold(kind: ThresholdKind, text: &str, units: Units) -> Result<f64, String> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() {
        return Err("Enter a value.".into());
    }
    if let Some((per, unit)) = present::pace_basis(kind, units) {
        let secs = parse_mm_ss(&text)
            .filter(|s| s.is_finite() && *s >= 1.0)
            .ok_or_else(|| format!("Enter a pace in {unit}, like 4:15."))?;
        return Ok(per / secs);
    }
    let v: f64 = text
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| "Enter a number.".to_string())?;
    let (lo, hi) = match kind {
        ThresholdKind::Ftp => (20.0, 2500.0),
        ThresholdKind::Weight => (20.0, 400.0),
        _ => (20.0, 260.0),
    };
    let v = match (kind, units) {
        (ThresholdKind::Weight, Units::Imperial) => v * KG_PER_LB,
        _ => v,
    };
    if v < lo || v > hi {
        return Err(format!(
            "That does not look like a {} value.",
            kind.label().to_lowercase()
        ));
    }
    Ok(v)
}

/// "5 s", "1 min", "20 min", "60 min", "2 h", "1:30 min".
pub fn effort_label(seconds: u32) -> String {
    match seconds {
        s if s < 60 => format!("{s} s"),
        s if s > 3600 && s % 3600 == 0 => format!("{} h", s / 3600),
        s if s % 60 == 0 => format!("{} min", s / 60),
        s => format!("{}:{:02} min", s / 60, s % 60),
    }
}

/// Acute:chronic workload ratio zones (Gabbett 2016: 0.8–1.3 is the "sweet spot",
/// above 1.5 the injury risk climbs steeply).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcwrBand {
    Low,
    SweetSpot,
    Ramping,
    Spike,
}

impl AcwrBand {
    pub fn of(acwr: f64) -> AcwrBand {
        if acwr < 0.8 {
            AcwrBand::Low
        } else if acwr <= 1.3 {
            AcwrBand::SweetSpot
        } else if acwr <= 1.5 {
            AcwrBand::Ramping
        } else {
            AcwrBand::Spike
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AcwrBand::Low => "below your usual load",
            AcwrBand::SweetSpot => "in the sweet spot",
            AcwrBand::Ramping => "ramping up",
            AcwrBand::Spike => "a spike: injury risk",
        }
    }

    /// Whether the figure is shown as a warning.
    pub fn warn(self) -> bool {
        matches!(self, AcwrBand::Ramping | AcwrBand::Spike)
    }
}

/// Foster: a week's monotony above 2 (every day alike) raises illness risk.
pub const HIGH_MONOTONY: f64 = 2.0;

/// Where a load came from, as a person reads it.
pub fn load_source_label(source: &str) -> String {
    match source {
        "power" => "from power".into(),
        "pace" => "from pace".into(),
        "heart_rate" => "from heart rate".into(),
        "rpe" => "from perceived effort".into(),
        other => format!("from {}", other.replace('_', " ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_the_pmc_chart() {
        assert_eq!(FormBand::of(30.0), FormBand::Transition);
        assert_eq!(FormBand::of(25.0), FormBand::Fresh);
        assert_eq!(FormBand::of(5.0), FormBand::Fresh);
        assert_eq!(FormBand::of(0.0), FormBand::Neutral);
        assert_eq!(FormBand::of(-10.0), FormBand::Neutral);
        assert_eq!(FormBand::of(-20.0), FormBand::Optimal);
        assert_eq!(FormBand::of(-31.0), FormBand::HighRisk);
    }

    #[test]
    fn acwr_bands() {
        assert_eq!(AcwrBand::of(0.79), AcwrBand::Low);
        assert_eq!(AcwrBand::of(0.8), AcwrBand::SweetSpot);
        assert_eq!(AcwrBand::of(1.3), AcwrBand::SweetSpot);
        assert_eq!(AcwrBand::of(1.31), AcwrBand::Ramping);
        assert_eq!(AcwrBand::of(1.6), AcwrBand::Spike);
        assert!(AcwrBand::Spike.warn() && !AcwrBand::Low.warn());
    }

    #[test]
    fn signs() {
        assert_eq!(signed(4.23, 1), "+4.2");
        assert_eq!(signed(-3.0, 0), "−3");
        assert_eq!(signed(-0.01, 1), "0.0");
    }

    #[test]
    fn paces_round_trip() {
        let v = parse_threshold(ThresholdKind::ThresholdSpeed, "4:00", Units::Metric).unwrap();
        assert!((v - 1000.0 / 240.0).abs() < 1e-9);
        assert_eq!(
            threshold_value(ThresholdKind::ThresholdSpeed, v, Units::Metric),
            "4:00 min/km"
        );
        assert_eq!(
            threshold_value(ThresholdKind::ThresholdSpeed, v, Units::Imperial),
            "6:26 min/mi"
        );
        let css = parse_threshold(ThresholdKind::Css, "1:40", Units::Metric).unwrap();
        assert_eq!(
            threshold_value(ThresholdKind::Css, css, Units::Metric),
            "1:40 min/100 m"
        );
        assert!(parse_threshold(ThresholdKind::Css, "1:75", Units::Metric).is_err());
    }

    #[test]
    fn plain_values() {
        assert_eq!(
            parse_threshold(ThresholdKind::Ftp, " 250 ", Units::Metric),
            Ok(250.0)
        );
        assert!(parse_threshold(ThresholdKind::Lthr, "1700", Units::Metric).is_err());
        let kg = parse_threshold(ThresholdKind::Weight, "150", Units::Imperial).unwrap();
        assert_eq!(
            threshold_value(ThresholdKind::Weight, kg, Units::Imperial),
            "150.0 lb"
        );
        assert_eq!(effort_label(5), "5 s");
        assert_eq!(effort_label(300), "5 min");
        assert_eq!(effort_label(3600), "60 min");
        assert_eq!(effort_label(7200), "2 h");
        assert_eq!(effort_label(90), "1:30 min");
    }

    fn t(kind: ThresholdKind, sport: Option<Sport>, value: f64, from_day: i32) -> Threshold {
        Threshold {
            sport,
            kind,
            value,
            from_day,
        }
    }

    #[test]
    fn history_marks_current_superseded_and_upcoming() {
        let e = [
            t(ThresholdKind::Ftp, Some(Sport::Ride), 240.0, 100),
            t(ThresholdKind::Lthr, None, 168.0, 50),
            t(ThresholdKind::Ftp, Some(Sport::Ride), 255.0, 200),
            t(ThresholdKind::Ftp, Some(Sport::Ride), 260.0, 400),
        ];
        let h = history(&e, 300);
        let got: Vec<(f64, Validity)> = h.iter().map(|(t, v)| (t.value, *v)).collect();
        assert_eq!(
            got,
            vec![
                (260.0, Validity::Upcoming),
                (255.0, Validity::Current),
                (240.0, Validity::Until(199)),
                (168.0, Validity::Current),
            ]
        );
    }
}
