//! ISO 8601 weeks ("2026-W48"), Monday to Sunday, and the day numbers
//! (days since 1970-01-01) the computation works in: integer arithmetic is
//! cheaper than calendar types across 50 athletes × 2 years of sessions.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use paceline_types::date::{civil_from_days, days_from_civil};

use crate::DigestError;

/// An ISO week: `week` 1–52 (53 in long years) of ISO week-year `year`.
///
/// Values built by hand are not checked; [`FromStr`] is the validating way
/// in. Out-of-range weeks still compute (week 60 is eight weeks after week
/// 52) rather than panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    pub year: i32,
    pub week: u8,
}

/// Years a week string may name: inside jiff's civil range with room for
/// the four weeks before and the day after.
const YEARS: std::ops::RangeInclusive<i32> = 1..=9998;

/// Day number of a `jiff` date.
pub(crate) fn day_number(d: Date) -> i64 {
    days_from_civil(i64::from(d.year()), d.month() as u32, d.day() as u32)
}

/// The `jiff` date of a day number, clamped to jiff's civil range.
pub(crate) fn to_date(day: i64) -> Date {
    let (y, m, d) = civil_from_days(day);
    if y < i64::from(Date::MIN.year()) {
        return Date::MIN;
    }
    if y > i64::from(Date::MAX.year()) {
        return Date::MAX;
    }
    Date::new(y as i16, m as i8, d as i8).unwrap_or(Date::MIN)
}

/// "2026-11-23".
pub(crate) fn ymd(day: i64) -> String {
    paceline_types::date::format_ymd(day)
}

/// Day of the week, Monday = 0 (1970-01-01 was a Thursday).
pub(crate) fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

/// Monday of the week holding `day`.
pub(crate) fn monday_of(day: i64) -> i64 {
    day - weekday(day)
}

/// Monday of ISO week 1 of `year`: the week holding 4 January.
fn week1_monday(year: i32) -> i64 {
    monday_of(days_from_civil(i64::from(year), 1, 4))
}

impl IsoWeek {
    /// The ISO week holding day number `day`.
    pub(crate) fn of_day(day: i64) -> IsoWeek {
        // The week belongs to the year of its Thursday.
        let thursday = monday_of(day) + 3;
        let year = civil_from_days(thursday).0;
        let week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
        IsoWeek {
            year: year as i32,
            week: week as u8,
        }
    }

    /// Day number of this week's Monday.
    pub(crate) fn monday_day(&self) -> i64 {
        week1_monday(self.year) + 7 * (i64::from(self.week) - 1)
    }

    /// Monday, the week's first day.
    pub fn monday(&self) -> Date {
        to_date(self.monday_day())
    }

    /// Sunday, the week's last day.
    pub fn sunday(&self) -> Date {
        to_date(self.monday_day() + 6)
    }

    /// The ISO week holding `date`.
    pub fn containing(date: Date) -> IsoWeek {
        IsoWeek::of_day(day_number(date))
    }

    /// The week before this one (across New Year as needed).
    pub fn previous(&self) -> IsoWeek {
        IsoWeek::of_day(self.monday_day() - 7)
    }

    /// The week after this one.
    pub fn next(&self) -> IsoWeek {
        IsoWeek::of_day(self.monday_day() + 7)
    }

    /// Number of ISO weeks in `year`: 53 in long years, else 52 (28 December
    /// always lies in the last week).
    pub fn weeks_in_year(year: i32) -> u8 {
        IsoWeek::of_day(days_from_civil(i64::from(year), 12, 28)).week
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

impl FromStr for IsoWeek {
    type Err = DigestError;

    /// "2026-W48" or "2026-w48"; surrounding spaces are ignored.
    fn from_str(s: &str) -> Result<IsoWeek, DigestError> {
        let bad = |why: &str| DigestError::BadWeek {
            input: s.to_string(),
            why: why.to_string(),
        };
        let t = s.trim();
        let (y, w) = t
            .split_once("-W")
            .or_else(|| t.split_once("-w"))
            .ok_or_else(|| bad("expected a year and a week like 2026-W48"))?;
        let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        if y.len() != 4 || !digits(y) || w.len() != 2 || !digits(w) {
            return Err(bad("expected a year and a week like 2026-W48"));
        }
        let year: i32 = y.parse().map_err(|_| bad("the year is not a number"))?;
        let week: u8 = w.parse().map_err(|_| bad("the week is not a number"))?;
        if !YEARS.contains(&year) {
            return Err(bad("the year is out of range"));
        }
        let last = IsoWeek::weeks_in_year(year);
        if week == 0 || week > last {
            return Err(bad(&format!("{year} has weeks 01 to {last}")));
        }
        Ok(IsoWeek { year, week })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_round_trip_through_their_mondays() {
        for day in days_from_civil(2019, 12, 20)..days_from_civil(2027, 1, 10) {
            let w = IsoWeek::of_day(day);
            assert!(w.week >= 1 && w.week <= IsoWeek::weeks_in_year(w.year));
            assert!((w.monday_day()..w.monday_day() + 7).contains(&day));
            assert_eq!(w.to_string().parse::<IsoWeek>().ok(), Some(w));
        }
    }

    #[test]
    fn long_years_and_neighbours() {
        assert_eq!(IsoWeek::weeks_in_year(2020), 53);
        assert_eq!(IsoWeek::weeks_in_year(2021), 52);
        assert_eq!(IsoWeek::weeks_in_year(2026), 53);
        let w1 = IsoWeek {
            year: 2021,
            week: 1,
        };
        assert_eq!(
            w1.previous(),
            IsoWeek {
                year: 2020,
                week: 53
            }
        );
        assert_eq!(w1.previous().next(), w1);
        // 1995-01-01 is a Sunday in 1994-W52.
        assert_eq!(
            IsoWeek::of_day(days_from_civil(1995, 1, 1)),
            IsoWeek {
                year: 1994,
                week: 52
            }
        );
    }
}
