//! Display helpers the UI needs on top of `paceline_types`' `units`, `date` and
//! `present` (which the CLI shares): "—" for missing values, names and labels.

use paceline_types::date::{format_day_month, local};
use paceline_types::units::duration;
use paceline_types::{present, ActivitySummary, Sport, Units};

pub const MISSING: &str = "—";

pub fn opt_distance(units: Units, m: Option<f64>) -> String {
    m.filter(|v| *v > 0.0)
        .map(|v| units.distance(v))
        .unwrap_or_else(|| MISSING.into())
}

pub fn opt_elevation(units: Units, m: Option<f64>) -> String {
    m.map(|v| units.elevation(v))
        .unwrap_or_else(|| MISSING.into())
}

pub fn opt_num(v: Option<f64>, unit: &str) -> String {
    v.map(|x| format!("{x:.0} {unit}"))
        .unwrap_or_else(|| MISSING.into())
}

pub fn opt_duration(s: f64) -> String {
    if s > 0.0 {
        duration(s)
    } else {
        MISSING.into()
    }
}

/// Pace or speed as the sport reads it (swims per 100 m, runs per km, rides
/// km/h; the CLI shows the same), or "—".
pub fn speed_or_pace(units: Units, sport: Sport, mps: Option<f64>) -> String {
    mps.and_then(|v| present::pace_or_speed(sport, v, units))
        .unwrap_or_else(|| MISSING.into())
}

/// Sport label including the source's sub-sport when it says more ("Run · trail").
pub fn sport_label(a: &ActivitySummary) -> String {
    match a.sub_sport.as_deref().filter(|s| !s.is_empty()) {
        Some(sub) if !sub.eq_ignore_ascii_case(a.sport.label()) && sub != "generic" => {
            format!("{} · {}", a.sport.label(), sub.replace('_', " "))
        }
        _ => a.sport.label().into(),
    }
}

/// Name to show: the activity's own, or "Run on Thu 14 May" when it has none.
pub fn display_name(a: &ActivitySummary) -> String {
    let n = a.name.trim();
    if n.is_empty() {
        let (day, _) = local(a.start_utc, a.utc_offset_s);
        format!("{} on {}", a.sport.label(), format_day_month(day))
    } else {
        n.to_string()
    }
}

/// Last path component, for import reports ("…/2026-05-14.fit" → "2026-05-14.fit").
pub fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_missing_values() {
        // 2026-05-14 05:32 UTC at +02:00: a Thursday morning.
        let mut a = ActivitySummary {
            id: 1,
            name: " ".into(),
            sport: Sport::Run,
            sub_sport: Some("trail".into()),
            start_utc: 1_778_736_720,
            utc_offset_s: 7200,
            elapsed_s: 3600.0,
            moving_s: 0.0,
            distance_m: None,
            ascent_m: None,
            avg_hr: None,
            max_hr: None,
            avg_power: None,
            max_power: None,
            avg_speed_mps: None,
            avg_cadence: None,
            calories: None,
            device: None,
            source_format: "fit".into(),
            rpe: None,
        };
        assert_eq!(display_name(&a), "Run on Thu 14 May");
        assert_eq!(sport_label(&a), "Run · trail");
        assert_eq!(a.active_s(), 3600.0);
        assert_eq!(
            speed_or_pace(Units::Metric, a.sport, a.avg_speed_mps),
            MISSING
        );
        a.sport = Sport::Swim;
        assert_eq!(
            speed_or_pace(Units::Metric, a.sport, Some(100.0 / 105.0)),
            "1:45 /100 m"
        );
        assert_eq!(file_name("a/b\\c.fit"), "c.fit");
        assert_eq!(opt_distance(Units::Metric, Some(0.0)), MISSING);
    }
}

/// "2026-05-14", for a day number (an i32 in the plan and calendar DTOs).
pub fn day_iso(day: i32) -> String {
    paceline_types::date::format_ymd(i64::from(day))
}

/// "Thu 14 May 2026".
pub fn day_long(day: i32) -> String {
    paceline_types::date::format_long(i64::from(day))
}

/// "2026-05-14" into a day number; `None` for anything else.
pub fn parse_iso_day(s: &str) -> Option<i32> {
    paceline_types::date::parse_ymd(s.trim()).and_then(|d| i32::try_from(d).ok())
}

/// A file size as a person says it: `12.3 MB`.
pub fn size(bytes: u64) -> String {
    match bytes {
        n if n >= 1 << 30 => format!("{:.1} GB", n as f64 / (1u64 << 30) as f64),
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.0} KB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}

#[cfg(test)]
mod size_tests {
    use super::size;

    #[test]
    fn sizes_read_as_a_person_says_them() {
        assert_eq!(size(512), "512 B");
        assert_eq!(size(2048), "2 KB");
        assert_eq!(size(5 * 1024 * 1024 + 300 * 1024), "5.3 MB");
        assert_eq!(size(3 << 30), "3.0 GB");
    }
}
