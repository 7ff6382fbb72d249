//! Display helpers the UI needs on top of `paceline_types::units`: wall-clock dates
//! from UTC + offset, day numbers (days since 1970-01-01), and "—" for missing values.

use paceline_types::units::duration;
use paceline_types::{ActivitySummary, Sport, Units};

pub const MISSING: &str = "—";

/// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Days since 1970-01-01 of a civil date (inverse of [`civil_from_days`]).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from(if m > 2 { m - 3 } else { m + 9 });
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// "2026-05-14", the value of an `<input type="date">`.
pub fn day_iso(day: i32) -> String {
    let (y, m, d) = civil_from_days(i64::from(day));
    format!("{y:04}-{m:02}-{d:02}")
}

/// "Thu 14 May 2026".
pub fn day_long(day: i32) -> String {
    let (y, m, d) = civil_from_days(i64::from(day));
    let weekday = (i64::from(day) + 3).rem_euclid(7) as usize;
    format!("{} {d} {} {y}", WEEKDAYS[weekday], MONTHS[(m - 1) as usize])
}

/// Parses "2026-05-14" into a day number; `None` for anything else.
pub fn parse_iso_day(s: &str) -> Option<i32> {
    let mut parts = s.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || d == 0 || d > 31 {
        return None;
    }
    let day = days_from_civil(y, m, d);
    // Reject 31 April and friends: the round trip must give the same date.
    (civil_from_days(day) == (y, m, d))
        .then(|| i32::try_from(day).ok())
        .flatten()
}

/// Today on this computer's calendar.
pub fn today_local() -> i32 {
    let now = js_sys::Date::new_0();
    let local_ms = now.get_time() - now.get_timezone_offset() * 60_000.0;
    (local_ms / 86_400_000.0).floor() as i32
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Broken-down wall-clock time of the athlete at the activity's place.
pub struct LocalTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub weekday: usize,
}

pub fn local_time(start_utc: i64, utc_offset_s: i32) -> LocalTime {
    let t = start_utc + i64::from(utc_offset_s);
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    LocalTime {
        year,
        month,
        day,
        hour: (secs / 3600) as u32,
        minute: ((secs / 60) % 60) as u32,
        // 1970-01-01 was a Thursday (index 3 with Monday = 0).
        weekday: (days + 3).rem_euclid(7) as usize,
    }
}

/// "2026-05-14 07:32": sortable, compact, for tables.
pub fn date_time_short(start_utc: i64, utc_offset_s: i32) -> String {
    let t = local_time(start_utc, utc_offset_s);
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        t.year, t.month, t.day, t.hour, t.minute
    )
}

/// "Thu 14 May 2026, 07:32": for headings.
pub fn date_time_long(start_utc: i64, utc_offset_s: i32) -> String {
    let t = local_time(start_utc, utc_offset_s);
    format!(
        "{} {} {} {}, {:02}:{:02}",
        WEEKDAYS[t.weekday],
        t.day,
        MONTHS[(t.month - 1) as usize],
        t.year,
        t.hour,
        t.minute
    )
}

/// "+02:00" style offset label.
pub fn utc_offset(utc_offset_s: i32) -> String {
    let sign = if utc_offset_s < 0 { '-' } else { '+' };
    let a = utc_offset_s.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", a / 3600, (a / 60) % 60)
}

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

/// Runs, walks, hikes and swims read as pace; everything else as speed.
pub fn uses_pace(sport: Sport) -> bool {
    matches!(sport, Sport::Run | Sport::Walk | Sport::Hike | Sport::Swim)
}

/// Pace for swims is per 100 m / 100 yd, the way swimmers read it.
pub fn speed_or_pace(units: Units, sport: Sport, mps: Option<f64>) -> String {
    let Some(v) = mps.filter(|v| *v > 0.0) else {
        return MISSING.into();
    };
    if sport == Sport::Swim {
        let (per, unit) = match units {
            Units::Metric => (100.0, "/100 m"),
            Units::Imperial => (91.44, "/100 yd"),
        };
        let secs = (per / v).round() as u64;
        return format!("{}:{:02} {unit}", secs / 60, secs % 60);
    }
    if uses_pace(sport) {
        units.pace(v).unwrap_or_else(|| MISSING.into())
    } else {
        units.speed(v)
    }
}

pub fn speed_label(sport: Sport) -> &'static str {
    if uses_pace(sport) {
        "Avg pace"
    } else {
        "Avg speed"
    }
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

/// Moving time when the file has one, elapsed time otherwise.
pub fn active_time(a: &ActivitySummary) -> f64 {
    if a.moving_s > 0.0 {
        a.moving_s
    } else {
        a.elapsed_s
    }
}

/// Name to show: the activity's own, or "Run on Thu 14 May" when it has none.
pub fn display_name(a: &ActivitySummary) -> String {
    let n = a.name.trim();
    if n.is_empty() {
        let t = local_time(a.start_utc, a.utc_offset_s);
        format!(
            "{} on {} {} {}",
            a.sport.label(),
            WEEKDAYS[t.weekday],
            t.day,
            MONTHS[(t.month - 1) as usize]
        )
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
    fn civil_dates() {
        let t = local_time(0, 0);
        assert_eq!((t.year, t.month, t.day, t.weekday), (1970, 1, 1, 3));
        // 2026-05-14 05:32 UTC, +02:00 → 07:32 local, a Thursday.
        let s = date_time_long(1_778_736_720, 7200);
        assert_eq!(s, "Thu 14 May 2026, 07:32");
        assert_eq!(date_time_short(1_778_736_720, 7200), "2026-05-14 07:32");
        assert_eq!(utc_offset(-16_200), "UTC-04:30");
    }

    #[test]
    fn day_numbers() {
        assert_eq!(day_iso(0), "1970-01-01");
        assert_eq!(parse_iso_day("2026-05-14"), Some(20_587));
        assert_eq!(day_long(20_587), "Thu 14 May 2026");
        assert_eq!(day_iso(20_587), "2026-05-14");
        assert_eq!(parse_iso_day("2024-02-29"), Some(19_782));
        assert_eq!(parse_iso_day("2026-04-31"), None);
        assert_eq!(parse_iso_day("yesterday"), None);
        assert_eq!(parse_iso_day("1969-12-31"), Some(-1));
    }
}
