//! Calendar days as `YYYY-MM-DD` strings on the wire and day numbers inside.

use paceline_types::date::{civil_from_days, format_ymd, parse_ymd};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar day: days since 1970-01-01 (the same numbers as
/// `paceline_load::Day`), written `YYYY-MM-DD` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i32);

impl Date {
    /// `None` for an impossible date.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        Date::parse(&format!("{y:04}-{m:02}-{d:02}"))
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        parse_ymd(s).and_then(|d| i32::try_from(d).ok()).map(Date)
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        Weekday::ALL[(self.0 + 3).rem_euclid(7) as usize]
    }

    /// The Monday of this day's ISO week.
    pub fn week_start(self) -> Date {
        Date(self.0 - self.weekday().index() as i32)
    }

    pub fn plus(self, days: i32) -> Date {
        Date(self.0 + days)
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        let (y, m, d) = civil_from_days(i64::from(self.0));
        (y as i32, m, d)
    }

    /// ISO 8601 week label, e.g. `2027-W09`.
    pub fn iso_week(self) -> String {
        let thursday = self.week_start().plus(3);
        let (y, _, _) = thursday.ymd();
        let jan1 = Date::from_ymd(y, 1, 1).unwrap_or(thursday);
        format!("{y:04}-W{:02}", (thursday.0 - jan1.0) / 7 + 1)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_ymd(i64::from(self.0)))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("expected a date as YYYY-MM-DD, got {s:?}"))
        })
    }
}

/// Day of the week, `mon`…`sun` in JSON (full names accepted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    #[serde(alias = "monday")]
    Mon,
    #[serde(alias = "tuesday")]
    Tue,
    #[serde(alias = "wednesday")]
    Wed,
    #[serde(alias = "thursday")]
    Thu,
    #[serde(alias = "friday")]
    Fri,
    #[serde(alias = "saturday")]
    Sat,
    #[serde(alias = "sunday")]
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// 0 = Monday … 6 = Sunday.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn name(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self.index()]
    }
}
