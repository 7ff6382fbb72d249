//! How the digest's numbers read: one place, so Markdown, HTML and WhatsApp
//! say the same thing.

use paceline_types::date::{civil_from_days, parse_ymd};
use paceline_types::Units;

use crate::compute::clean;
use crate::model::{Highlight, HighlightKind};
use crate::week::weekday;

const M_PER_MILE: f64 = 1609.344;
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// "3h 05m", or "45m" under an hour (rounded to the minute).
pub fn duration(secs: f64) -> String {
    let m = (clean(secs) / 60.0).round() as u64;
    if m < 60 {
        format!("{m}m")
    } else {
        format!("{}h {:02}m", m / 60, m % 60)
    }
}

/// "42.2 km" / "26.2 mi".
pub fn distance(meters: f64, units: Units) -> String {
    let m = clean(meters);
    match units {
        Units::Metric => format!("{:.1} km", m / 1000.0),
        Units::Imperial => format!("{:.1} mi", m / M_PER_MILE),
    }
}

/// "512 m" / "1680 ft".
pub fn elevation(meters: f64, units: Units) -> String {
    units.elevation(clean(meters))
}

/// Load as a whole number.
pub fn load(v: f64) -> String {
    format!("{:.0}", clean(v))
}

/// "+12%", "-8%", "0%"; a dash without a baseline.
pub fn change(pct: Option<f64>) -> String {
    match pct.filter(|p| p.is_finite()) {
        None => "—".to_string(),
        Some(p) => match p.round() as i64 {
            0 => "0%".to_string(),
            r if r > 0 => format!("+{r}%"),
            r => format!("{r}%"),
        },
    }
}

/// "4:35 /km" / "7:23 /mi" from seconds per kilometre.
pub fn pace(s_per_km: f64, units: Units) -> String {
    let (secs, unit) = match units {
        Units::Metric => (s_per_km, "/km"),
        Units::Imperial => (s_per_km * M_PER_MILE / 1000.0, "/mi"),
    };
    let s = clean(secs).round() as u64;
    format!("{}:{:02} {unit}", s / 60, s % 60)
}

/// "Sat 28 Nov" from "2026-11-28" (the input back if it is not a date).
pub fn day(ymd: &str) -> String {
    match parse_ymd(ymd) {
        Some(d) => {
            let (_, m, dd) = civil_from_days(d);
            let month = MONTHS.get(m as usize - 1).copied().unwrap_or("");
            format!("{} {dd} {month}", WEEKDAYS[weekday(d) as usize])
        }
        None => ymd.to_string(),
    }
}

/// "23–29 Nov 2026", "30 Nov – 6 Dec 2026" or "28 Dec 2026 – 3 Jan 2027".
pub fn range(monday: &str, sunday: &str) -> String {
    let (Some(a), Some(b)) = (parse_ymd(monday), parse_ymd(sunday)) else {
        return format!("{monday} – {sunday}");
    };
    let ((y0, m0, d0), (y1, m1, d1)) = (civil_from_days(a), civil_from_days(b));
    let mon = |m: u32| MONTHS.get(m as usize - 1).copied().unwrap_or("");
    if y0 != y1 {
        format!("{d0} {} {y0} – {d1} {} {y1}", mon(m0), mon(m1))
    } else if m0 != m1 {
        format!("{d0} {} – {d1} {} {y1}", mon(m0), mon(m1))
    } else {
        format!("{d0}–{d1} {} {y1}", mon(m1))
    }
}

/// "5 s", "1 min", "20 min".
pub fn power_duration(secs: u32) -> String {
    if secs < 60 {
        format!("{secs} s")
    } else {
        format!("{} min", secs / 60)
    }
}

/// "5 km", "10 km", "half marathon", "marathon".
pub fn pace_distance(m: f64, units: Units) -> String {
    if (m - 21_100.0).abs() < 1.0 {
        "half marathon".to_string()
    } else if (m - 42_200.0).abs() < 1.0 {
        "marathon".to_string()
    } else if units == Units::Imperial {
        format!("{:.1} mi", m / M_PER_MILE)
    } else {
        format!("{:.0} km", m / 1000.0)
    }
}

/// A highlight as a sentence without the athlete's name, e.g. "longest
/// session: Long ride (Ride, 4h 10m) on Sat 28 Nov".
pub fn highlight(h: &Highlight, units: Units) -> String {
    let session = |what: &str, detail: String| match &h.session {
        Some(s) => format!(
            "{what}: {} ({}, {detail}) on {}",
            if s.name.trim().is_empty() {
                s.sport.label()
            } else {
                s.name.trim()
            },
            s.sport.label(),
            day(&s.date)
        ),
        None => format!("{what}: {detail}"),
    };
    let was = |f: &dyn Fn(f64) -> String| {
        h.previous
            .map(|p| format!(" (was {})", f(p)))
            .unwrap_or_default()
    };
    let since = h.since.as_deref().map(day).unwrap_or_default();
    match h.kind {
        HighlightKind::LongestSession => session("longest session", duration(h.value)),
        HighlightKind::HardestSession => {
            session("hardest session", format!("load {}", load(h.value)))
        }
        HighlightKind::PowerBest => format!(
            "new {} power best: {:.0} W{} on {}",
            power_duration(h.duration_s.unwrap_or(0)),
            h.value,
            was(&|p| format!("{p:.0} W")),
            h.session.as_ref().map(|s| day(&s.date)).unwrap_or_default()
        ),
        HighlightKind::PaceBest => format!(
            "fastest run over {}: {}{} on {}",
            pace_distance(h.distance_m.unwrap_or(0.0), units),
            pace(h.value, units),
            was(&|p| pace(p, units)),
            h.session.as_ref().map(|s| day(&s.date)).unwrap_or_default()
        ),
        HighlightKind::DayStreak => {
            format!("{:.0} days in a row of training since {since}", h.value)
        }
        HighlightKind::WeekStreak => format!("{:.0} weeks in a row with training", h.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_intended() {
        assert_eq!(duration(11_100.0), "3h 05m");
        assert_eq!(duration(2_700.0), "45m");
        assert_eq!(duration(f64::NAN), "0m");
        assert_eq!(distance(42_195.0, Units::Metric), "42.2 km");
        assert_eq!(distance(42_195.0, Units::Imperial), "26.2 mi");
        assert_eq!(elevation(512.0, Units::Imperial), "1680 ft");
        assert_eq!(load(99.5), "100");
        assert_eq!(change(Some(12.4)), "+12%");
        assert_eq!(change(Some(-7.6)), "-8%");
        assert_eq!(change(Some(0.2)), "0%");
        assert_eq!(change(None), "—");
        assert_eq!(pace(275.0, Units::Metric), "4:35 /km");
        assert_eq!(pace(275.0, Units::Imperial), "7:23 /mi");
        assert_eq!(day("2026-11-28"), "Sat 28 Nov");
        assert_eq!(range("2026-11-23", "2026-11-29"), "23–29 Nov 2026");
        assert_eq!(range("2026-11-30", "2026-12-06"), "30 Nov – 6 Dec 2026");
        assert_eq!(
            range("2025-12-29", "2026-01-04"),
            "29 Dec 2025 – 4 Jan 2026"
        );
        assert_eq!(power_duration(1200), "20 min");
        assert_eq!(pace_distance(21_100.0, Units::Metric), "half marathon");
    }
}
