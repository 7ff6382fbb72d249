//! When a recurring job runs: every N seconds, or at a local wall time daily or weekly.
//!
//! # DST rules
//! Local times are resolved in the schedule's IANA zone (embedded database):
//! - a local time that does not exist (spring forward, e.g. 02:30 on 2026-03-29 in
//!   `Europe/Berlin`) fires at the first instant after the gap (03:00 CEST, 01:00 UTC);
//! - an ambiguous local time (fall back, e.g. 02:30 on 2026-10-25 in `Europe/Berlin`) fires
//!   once, at its first occurrence (02:30 CEST, 00:30 UTC), not again an hour later;
//! - daily and weekly schedules keep the local wall time across DST changes: 07:00 stays
//!   07:00 local, so the UTC gap between two runs is 23 or 25 hours (or 7 days ± 1 hour).
//!
//! `Every` is a fixed number of real seconds and ignores time zones.

use std::fmt;

use jiff::civil::{Date, DateTime};
use jiff::tz::{AmbiguousOffset, TimeZone};

use crate::clock::{timestamp, zone};
use crate::error::ScheduleError;

/// A recurrence. Build it directly or with [`Schedule::parse`]; [`fmt::Display`] writes
/// the same text back (`parse(&s.to_string()) == Ok(s)`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Schedule {
    /// Every `seconds` real seconds (`every 6h`).
    Every {
        /// The interval, at least 1.
        seconds: u64,
    },
    /// Every day at `hour:minute` local time in `tz` (`daily 07:00 Europe/Berlin`).
    Daily {
        /// 0..=23.
        hour: u8,
        /// 0..=59.
        minute: u8,
        /// IANA time zone name.
        tz: String,
    },
    /// Every week on `weekday` at `hour:minute` local time in `tz` (`mon 07:00 America/New_York`).
    Weekly {
        /// ISO weekday: 1 = Monday ..= 7 = Sunday.
        weekday: u8,
        /// 0..=23.
        hour: u8,
        /// 0..=59.
        minute: u8,
        /// IANA time zone name.
        tz: String,
    },
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const FULL_WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

impl Schedule {
    /// Checks the fields: a non-zero interval, a valid time of day and weekday, a known zone.
    pub fn validate(&self) -> Result<(), ScheduleError> {
        match self {
            Schedule::Every { seconds } => {
                if *seconds == 0 {
                    return Err(ScheduleError::ZeroInterval);
                }
                Ok(())
            }
            Schedule::Daily { hour, minute, tz } => {
                check_time(*hour, *minute)?;
                crate::validate_tz(tz)
            }
            Schedule::Weekly {
                weekday,
                hour,
                minute,
                tz,
            } => {
                if !(1..=7).contains(weekday) {
                    return Err(ScheduleError::InvalidWeekday(*weekday));
                }
                check_time(*hour, *minute)?;
                crate::validate_tz(tz)
            }
        }
    }

    /// The first occurrence strictly after `after_utc` (unix seconds), following the DST
    /// rules of the [module documentation](self).
    pub fn next_after(&self, after_utc: i64) -> Result<i64, ScheduleError> {
        self.validate()?;
        match self {
            Schedule::Every { seconds } => i64::try_from(*seconds)
                .ok()
                .and_then(|s| after_utc.checked_add(s))
                .ok_or(ScheduleError::OutOfRange { utc: after_utc }),
            Schedule::Daily { hour, minute, tz } => {
                next_local(after_utc, tz, *hour, *minute, |_| true)
            }
            Schedule::Weekly {
                weekday,
                hour,
                minute,
                tz,
            } => {
                let want = i8::try_from(*weekday).unwrap_or(1);
                next_local(after_utc, tz, *hour, *minute, |d: Date| {
                    d.weekday().to_monday_one_offset() == want
                })
            }
        }
    }

    /// Reads `every 6h` (units `d`, `h`, `m`, `s`, combinable: `every 1h30m`),
    /// `daily 07:00 Europe/Berlin`, or `mon 07:00 America/New_York` (weekday `mon`..`sun`
    /// or its full name, optionally after `weekly`). Case-insensitive; the zone must exist.
    pub fn parse(s: &str) -> Result<Schedule, ScheduleError> {
        let err = |reason: &str| ScheduleError::Parse {
            input: s.to_owned(),
            reason: reason.to_owned(),
        };
        let words: Vec<&str> = s.split_whitespace().collect();
        let Some(first) = words.first() else {
            return Err(err("it is empty"));
        };
        let first = first.to_ascii_lowercase();
        let schedule = match first.as_str() {
            "every" => {
                let [_, interval] = words[..] else {
                    return Err(err("`every` takes one interval such as `6h` or `1h30m`"));
                };
                Schedule::Every {
                    seconds: parse_interval(interval).map_err(|r| err(&r))?,
                }
            }
            "daily" => {
                let [_, time, tz] = words[..] else {
                    return Err(err("`daily` takes a time and a time zone"));
                };
                let (hour, minute) = parse_time(time).map_err(|r| err(&r))?;
                Schedule::Daily {
                    hour,
                    minute,
                    tz: tz.to_owned(),
                }
            }
            _ => {
                let rest = if first == "weekly" {
                    &words[1..]
                } else {
                    &words[..]
                };
                let [day, time, tz] = rest[..] else {
                    return Err(err(
                        "expected `every`, `daily` or a weekday, then a time and a time zone",
                    ));
                };
                let weekday = parse_weekday(day).ok_or_else(|| {
                    err(&format!(
                        "`{day}` is not `every`, `daily` or a weekday (mon, tue, …, sun)"
                    ))
                })?;
                let (hour, minute) = parse_time(time).map_err(|r| err(&r))?;
                Schedule::Weekly {
                    weekday,
                    hour,
                    minute,
                    tz: tz.to_owned(),
                }
            }
        };
        schedule.validate()?;
        Ok(schedule)
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Schedule::Every { seconds } => {
                let s = *seconds;
                let (n, unit) = if s != 0 && s % 86_400 == 0 {
                    (s / 86_400, "d")
                } else if s != 0 && s % 3_600 == 0 {
                    (s / 3_600, "h")
                } else if s != 0 && s % 60 == 0 {
                    (s / 60, "m")
                } else {
                    (s, "s")
                };
                write!(f, "every {n}{unit}")
            }
            Schedule::Daily { hour, minute, tz } => write!(f, "daily {hour:02}:{minute:02} {tz}"),
            Schedule::Weekly {
                weekday,
                hour,
                minute,
                tz,
            } => {
                let day = usize::from(weekday.saturating_sub(1));
                match WEEKDAYS.get(day) {
                    Some(name) => write!(f, "{name} {hour:02}:{minute:02} {tz}"),
                    // Not produced by `parse`; written so that `parse` refuses it again.
                    None => write!(f, "weekly day{weekday} {hour:02}:{minute:02} {tz}"),
                }
            }
        }
    }
}

fn check_time(hour: u8, minute: u8) -> Result<(), ScheduleError> {
    if hour > 23 || minute > 59 {
        return Err(ScheduleError::InvalidTime { hour, minute });
    }
    Ok(())
}

fn parse_weekday(s: &str) -> Option<u8> {
    let s = s.to_ascii_lowercase();
    let i = WEEKDAYS
        .iter()
        .position(|d| *d == s)
        .or_else(|| FULL_WEEKDAYS.iter().position(|d| *d == s))?;
    u8::try_from(i + 1).ok()
}

fn parse_time(s: &str) -> Result<(u8, u8), String> {
    let bad = || format!("`{s}` is not a time of day like 07:00");
    let (h, m) = s.split_once(':').ok_or_else(bad)?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    let hour: u8 = h.parse().map_err(|_| bad())?;
    let minute: u8 = m.parse().map_err(|_| bad())?;
    if hour > 23 || minute > 59 {
        return Err(format!("`{s}` is not a time of day: use 00:00 to 23:59"));
    }
    Ok((hour, minute))
}

/// `6h`, `90m`, `1h30m`, `2d`, `45s` → seconds.
fn parse_interval(s: &str) -> Result<u64, String> {
    let bad = || format!("`{s}` is not an interval like `6h`, `30m` or `1h30m`");
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit: u64 = match c.to_ascii_lowercase() {
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => return Err(bad()),
        };
        let n: u64 = digits.parse().map_err(|_| bad())?;
        digits.clear();
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| format!("`{s}` is too long an interval"))?;
    }
    if !digits.is_empty() || s.is_empty() {
        return Err(bad());
    }
    if total == 0 {
        return Err("an interval of zero never advances: use at least 1s".to_owned());
    }
    Ok(total)
}

/// The first local `hour:minute` in `tz` on a day accepted by `day_ok`, strictly after
/// `after_utc`.
fn next_local(
    after_utc: i64,
    tz_name: &str,
    hour: u8,
    minute: u8,
    day_ok: impl Fn(Date) -> bool,
) -> Result<i64, ScheduleError> {
    let tz = zone(tz_name)?;
    let range = ScheduleError::OutOfRange { utc: after_utc };
    // Start a day early: near a transition the local date of `after` can be a day ahead of
    // the date whose occurrence comes next. Two weeks cover any weekday and any skipped day.
    let mut date = timestamp(after_utc)?
        .to_zoned(tz.clone())
        .date()
        .yesterday()
        .map_err(|_| range.clone())?;
    for _ in 0..16 {
        if day_ok(date) {
            let at = resolve(&tz, date.at(hour as i8, minute as i8, 0, 0))
                .ok_or_else(|| range.clone())?;
            if at > after_utc {
                return Ok(at);
            }
        }
        date = date.tomorrow().map_err(|_| range.clone())?;
    }
    Err(range)
}

/// A local wall time → one instant: a time in a gap becomes the first instant after the
/// gap; a time in a fold becomes its first occurrence.
fn resolve(tz: &TimeZone, dt: DateTime) -> Option<i64> {
    let instant = match tz.to_ambiguous_timestamp(dt).offset() {
        AmbiguousOffset::Unambiguous { offset } => offset.to_timestamp(dt).ok()?,
        // The earlier instant is the one read with the offset in force before the change.
        AmbiguousOffset::Fold { before, .. } => before.to_timestamp(dt).ok()?,
        AmbiguousOffset::Gap { after, .. } => {
            // Read with the new offset, `dt` lands before the transition; the transition
            // that follows is the first instant after the gap.
            let early = after.to_timestamp(dt).ok()?;
            tz.following(early).next()?.timestamp()
        }
    };
    Some(instant.as_second())
}
