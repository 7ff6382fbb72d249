//! Calendar days as plain numbers (days since 1970-01-01), so the UI, the CLI
//! and the load engine agree on dates without a date library (Howard Hinnant's
//! civil-calendar algorithms), and the ways both front ends write them.

/// (year, month 1–12, day 1–31) of a day number.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The day number of a calendar date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// "2026-03-01".
pub fn format_ymd(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Parses "YYYY-MM-DD" into a day number; `None` for anything else or an
/// impossible date.
pub fn parse_ymd(s: &str) -> Option<i64> {
    let mut it = s.trim().splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    let day = days_from_civil(y, m, d);
    (civil_from_days(day) == (y, m, d)).then_some(day)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Day of the week, 0 = Monday (1970-01-01 was a Thursday).
pub fn weekday(day: i64) -> usize {
    (day + 3).rem_euclid(7) as usize
}

/// "Thu 14 May": weekday, day and month.
pub fn format_day_month(day: i64) -> String {
    let (_, m, d) = civil_from_days(day);
    format!(
        "{} {d} {}",
        WEEKDAYS[weekday(day)],
        MONTHS[(m - 1) as usize]
    )
}

/// "Thu 14 May 2026".
pub fn format_long(day: i64) -> String {
    let (y, _, _) = civil_from_days(day);
    format!("{} {y}", format_day_month(day))
}

/// A UTC instant on the wall clock of the place it happened: (day number,
/// seconds into that day).
pub fn local(utc: i64, utc_offset_s: i32) -> (i64, u32) {
    let t = utc + i64::from(utc_offset_s);
    (t.div_euclid(86_400), t.rem_euclid(86_400) as u32)
}

fn hh_mm(secs: u32) -> String {
    format!("{:02}:{:02}", secs / 3600, (secs / 60) % 60)
}

/// "2026-05-14 07:32": local date and time, sortable, for tables.
pub fn format_date_time(utc: i64, utc_offset_s: i32) -> String {
    let (day, secs) = local(utc, utc_offset_s);
    format!("{} {}", format_ymd(day), hh_mm(secs))
}

/// "Thu 14 May 2026, 07:32": local date and time for headings.
pub fn format_date_time_long(utc: i64, utc_offset_s: i32) -> String {
    let (day, secs) = local(utc, utc_offset_s);
    format!("{}, {}", format_long(day), hh_mm(secs))
}

/// "UTC+02:00", "UTC-04:30".
pub fn format_utc_offset(utc_offset_s: i32) -> String {
    let sign = if utc_offset_s < 0 { '-' } else { '+' };
    let a = utc_offset_s.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", a / 3600, (a / 60) % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_bad_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(parse_ymd("2025-11-23"), Some(20_415));
        assert_eq!(format_ymd(20_415), "2025-11-23");
        assert_eq!(parse_ymd("2024-02-29"), Some(days_from_civil(2024, 2, 29)));
        assert_eq!(parse_ymd("2025-02-29"), None);
        assert_eq!(parse_ymd("yesterday"), None);
        for day in [-800_000, -1, 0, 59, 60, 20_000, 2_000_000] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
    }

    #[test]
    fn written_dates_and_times() {
        // 2026-05-14 is day 20 587, a Thursday.
        assert_eq!(parse_ymd("2026-05-14"), Some(20_587));
        assert_eq!(weekday(20_587), 3);
        assert_eq!(weekday(0), 3);
        assert_eq!(weekday(-1), 2);
        assert_eq!(format_day_month(20_587), "Thu 14 May");
        assert_eq!(format_long(20_587), "Thu 14 May 2026");
        assert_eq!(parse_ymd("1969-12-31"), Some(-1));
        assert_eq!(parse_ymd("2026-04-31"), None);
        // 2026-05-14 05:32 UTC at +02:00 is 07:32 local.
        assert_eq!(format_date_time(1_778_736_720, 7200), "2026-05-14 07:32");
        assert_eq!(
            format_date_time_long(1_778_736_720, 7200),
            "Thu 14 May 2026, 07:32"
        );
        // 2023-11-14 22:13:20 UTC + 1 h; 00:30 UTC at -01:00 is the day before.
        assert_eq!(format_date_time(1_700_000_000, 3600), "2023-11-14 23:13");
        assert_eq!(local(1_800, -3600), (-1, 84_600));
        assert_eq!(format_utc_offset(-16_200), "UTC-04:30");
        assert_eq!(format_utc_offset(7200), "UTC+02:00");
    }
}
