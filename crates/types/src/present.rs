//! How the CLI and the UI show training values, written once so both read the same:
//! threshold values with their units, zone ranges, and pace or speed per sport
//! (swims per 100 m / 100 yd, runs per km / mi, rides as speed).
//!
//! Helpers return `None` where there is nothing to show; each front end picks its
//! own placeholder ("-" in a terminal, "—" in the window).

use crate::{Sport, ThresholdKind, Units, ZoneRange};

const M_PER_MILE: f64 = 1609.344;
const M_PER_100YD: f64 = 91.44;
const KG_PER_LB: f64 = 0.453_592_37;

/// "4:05" from seconds (rounded to the second).
fn m_ss(secs: f64) -> String {
    let s = secs.round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// For kinds shown as a pace (threshold pace, CSS): the distance the pace is
/// given per, with its unit, e.g. (1000 m, "min/km"); `None` for other kinds.
pub fn pace_basis(kind: ThresholdKind, units: Units) -> Option<(f64, &'static str)> {
    match (kind, units) {
        (ThresholdKind::ThresholdSpeed, Units::Metric) => Some((1000.0, "min/km")),
        (ThresholdKind::ThresholdSpeed, Units::Imperial) => Some((M_PER_MILE, "min/mi")),
        (ThresholdKind::Css, Units::Metric) => Some((100.0, "min/100 m")),
        (ThresholdKind::Css, Units::Imperial) => Some((M_PER_100YD, "min/100 yd")),
        _ => None,
    }
}

/// The unit a threshold is entered and shown in: "W", "bpm", "min/km",
/// "min/100 m", "kg", "lb".
pub fn threshold_unit(kind: ThresholdKind, units: Units) -> &'static str {
    if let Some((_, unit)) = pace_basis(kind, units) {
        return unit;
    }
    match (kind, units) {
        (ThresholdKind::Ftp, _) => "W",
        (ThresholdKind::Weight, Units::Metric) => "kg",
        (ThresholdKind::Weight, Units::Imperial) => "lb",
        (ThresholdKind::Lthr | ThresholdKind::MaxHr | ThresholdKind::RestingHr, _) => "bpm",
        // Covered by `pace_basis`.
        (ThresholdKind::ThresholdSpeed | ThresholdKind::Css, _) => "m/s",
    }
}

/// The number alone, in [`threshold_unit`]: "250", "4:15" (a pace), "68.5".
/// `None` for a value that is not a positive number.
pub fn threshold_number(kind: ThresholdKind, value: f64, units: Units) -> Option<String> {
    if !(value.is_finite() && value > 0.0) {
        return None;
    }
    if let Some((per, _)) = pace_basis(kind, units) {
        return Some(m_ss(per / value));
    }
    Some(match (kind, units) {
        (ThresholdKind::Weight, Units::Metric) => format!("{value:.1}"),
        (ThresholdKind::Weight, Units::Imperial) => format!("{:.1}", value / KG_PER_LB),
        _ => format!("{value:.0}"),
    })
}

/// "250 W", "4:15 min/km", "1:45 min/100 m", "68.5 kg".
pub fn threshold_value(kind: ThresholdKind, value: f64, units: Units) -> Option<String> {
    threshold_number(kind, value, units).map(|n| format!("{n} {}", threshold_unit(kind, units)))
}

/// A zone's bounds in the unit of its threshold kind: "up to 138 W", "136–151 bpm",
/// "from 375 W". Pace zones read fast to slow ("4:31–5:10 min/km", "slower than
/// 5:10 min/km"), since the slower pace is the smaller speed. `None` for a zone
/// without bounds.
pub fn zone_range(kind: ThresholdKind, r: &ZoneRange, units: Units) -> Option<String> {
    let n = |v: f64| threshold_number(kind, v, units).unwrap_or_else(|| "0".into());
    let unit = threshold_unit(kind, units);
    let is_pace = pace_basis(kind, units).is_some();
    Some(match (r.low, r.high, is_pace) {
        (None, None, _) => return None,
        (None, Some(h), false) => format!("up to {} {unit}", n(h)),
        (Some(l), None, false) => format!("from {} {unit}", n(l)),
        (Some(l), Some(h), false) => format!("{}–{} {unit}", n(l), n(h)),
        (None, Some(h), true) => format!("slower than {} {unit}", n(h)),
        (Some(l), None, true) => format!("faster than {} {unit}", n(l)),
        (Some(l), Some(h), true) => format!("{}–{} {unit}", n(h), n(l)),
    })
}

/// Sports whose speed athletes read as a pace (time per distance).
pub fn uses_pace(sport: Sport) -> bool {
    matches!(sport, Sport::Run | Sport::Walk | Sport::Hike | Sport::Swim)
}

/// "Avg pace" or "Avg speed", as the sport reads its [`pace_or_speed`].
pub fn speed_label(sport: Sport) -> &'static str {
    if uses_pace(sport) {
        "Avg pace"
    } else {
        "Avg speed"
    }
}

/// A speed the way the sport reads it: swims per 100 m / 100 yd ("1:45 /100 m"),
/// runs, walks and hikes per km / mi ("4:35 /km"), everything else as speed
/// ("32.4 km/h"). `None` when not moving (or no number).
pub fn pace_or_speed(sport: Sport, mps: f64, units: Units) -> Option<String> {
    if !(mps.is_finite() && mps > 0.0) {
        return None;
    }
    if sport == Sport::Swim {
        let (per, unit) = match units {
            Units::Metric => (100.0, "/100 m"),
            Units::Imperial => (M_PER_100YD, "/100 yd"),
        };
        return Some(format!("{} {unit}", m_ss(per / mps)));
    }
    if uses_pace(sport) {
        units.pace(mps)
    } else {
        Some(units.speed(mps))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(low: Option<f64>, high: Option<f64>) -> ZoneRange {
        ZoneRange {
            name: "Z".into(),
            low,
            high,
        }
    }

    #[test]
    fn thresholds_with_their_units() {
        let m = Units::Metric;
        assert_eq!(
            threshold_value(ThresholdKind::Ftp, 250.4, m).as_deref(),
            Some("250 W")
        );
        assert_eq!(
            threshold_value(ThresholdKind::Lthr, 168.0, m).as_deref(),
            Some("168 bpm")
        );
        // 1000 m at 1000/255 m/s = 255 s = 4:15.
        assert_eq!(
            threshold_value(ThresholdKind::ThresholdSpeed, 1000.0 / 255.0, m).as_deref(),
            Some("4:15 min/km")
        );
        // A mile at 4 m/s: 402.3 s = 6:42.
        assert_eq!(
            threshold_value(ThresholdKind::ThresholdSpeed, 4.0, Units::Imperial).as_deref(),
            Some("6:42 min/mi")
        );
        // 100 m at 0.952 m/s = 105 s = 1:45; 100 yd (91.44 m) at 1 m/s = 1:31.
        assert_eq!(
            threshold_value(ThresholdKind::Css, 100.0 / 105.0, m).as_deref(),
            Some("1:45 min/100 m")
        );
        assert_eq!(
            threshold_value(ThresholdKind::Css, 1.0, Units::Imperial).as_deref(),
            Some("1:31 min/100 yd")
        );
        assert_eq!(
            threshold_value(ThresholdKind::Weight, 68.04, m).as_deref(),
            Some("68.0 kg")
        );
        // 68.04 kg / 0.45359237 = 150.0 lb.
        assert_eq!(
            threshold_value(ThresholdKind::Weight, 68.04, Units::Imperial).as_deref(),
            Some("150.0 lb")
        );
        assert_eq!(threshold_value(ThresholdKind::Ftp, 0.0, m), None);
        assert_eq!(threshold_value(ThresholdKind::Css, f64::NAN, m), None);
        assert_eq!(
            threshold_number(ThresholdKind::MaxHr, 191.2, m).as_deref(),
            Some("191")
        );
        assert_eq!(
            threshold_unit(ThresholdKind::RestingHr, Units::Imperial),
            "bpm"
        );
    }

    #[test]
    fn zone_ranges_read_low_to_high_and_paces_fast_to_slow() {
        let m = Units::Metric;
        let ftp = ThresholdKind::Ftp;
        assert_eq!(
            zone_range(ftp, &zone(None, Some(138.0)), m).as_deref(),
            Some("up to 138 W")
        );
        assert_eq!(
            zone_range(ftp, &zone(Some(138.0), Some(188.0)), m).as_deref(),
            Some("138–188 W")
        );
        assert_eq!(
            zone_range(ftp, &zone(Some(375.0), None), m).as_deref(),
            Some("from 375 W")
        );
        assert_eq!(
            zone_range(ThresholdKind::Lthr, &zone(Some(136.0), Some(151.0)), m).as_deref(),
            Some("136–151 bpm")
        );
        // Speeds 1000/310 and 1000/271 m/s are paces 5:10 and 4:31 per km.
        let run = ThresholdKind::ThresholdSpeed;
        let (slow, fast) = (1000.0 / 310.0, 1000.0 / 271.0);
        assert_eq!(
            zone_range(run, &zone(Some(slow), Some(fast)), m).as_deref(),
            Some("4:31–5:10 min/km")
        );
        assert_eq!(
            zone_range(run, &zone(None, Some(slow)), m).as_deref(),
            Some("slower than 5:10 min/km")
        );
        assert_eq!(
            zone_range(run, &zone(Some(fast), None), m).as_deref(),
            Some("faster than 4:31 min/km")
        );
        assert_eq!(zone_range(ftp, &zone(None, None), m), None);
    }

    #[test]
    fn pace_or_speed_per_sport() {
        let m = Units::Metric;
        // 100 m in 105 s.
        assert_eq!(
            pace_or_speed(Sport::Swim, 100.0 / 105.0, m).as_deref(),
            Some("1:45 /100 m")
        );
        // 91.44 m in 96 s.
        assert_eq!(
            pace_or_speed(Sport::Swim, 91.44 / 96.0, Units::Imperial).as_deref(),
            Some("1:36 /100 yd")
        );
        assert_eq!(
            pace_or_speed(Sport::Run, 1000.0 / 275.0, m).as_deref(),
            Some("4:35 /km")
        );
        assert_eq!(
            pace_or_speed(Sport::Hike, M_PER_MILE / 900.0, Units::Imperial).as_deref(),
            Some("15:00 /mi")
        );
        assert_eq!(
            pace_or_speed(Sport::Ride, 9.0, m).as_deref(),
            Some("32.4 km/h")
        );
        assert_eq!(
            pace_or_speed(Sport::Row, 4.0, Units::Imperial).as_deref(),
            Some("8.9 mph")
        );
        assert_eq!(pace_or_speed(Sport::Swim, 0.0, m), None);
        assert_eq!(pace_or_speed(Sport::Ride, f64::NAN, m), None);
        assert_eq!(speed_label(Sport::Swim), "Avg pace");
        assert_eq!(speed_label(Sport::Ride), "Avg speed");
    }
}
