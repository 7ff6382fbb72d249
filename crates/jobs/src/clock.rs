//! The one injected clock, and "today" in an athlete's time zone.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use jiff::tz::{TimeZone, TimeZoneDatabase};
use jiff::Timestamp;

use crate::error::ScheduleError;

/// Where "now" comes from. The app reads it once at the edge; tests use [`ManualClock`].
pub trait Clock: Send + Sync {
    /// Now, in unix seconds (UTC).
    fn now_utc(&self) -> i64;
}

/// The operating system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_utc(&self) -> i64 {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            // A system clock set before 1970: report it as it is.
            Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
        }
    }
}

/// A clock that only moves when told to, for tests. Share it as `Arc<ManualClock>`.
#[derive(Debug, Default)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    /// A clock standing at `utc` (unix seconds).
    pub fn new(utc: i64) -> Self {
        Self(AtomicI64::new(utc))
    }

    /// Moves the clock to `utc` (also backwards).
    pub fn set(&self, utc: i64) {
        self.0.store(utc, Ordering::SeqCst);
    }

    /// Moves the clock by `seconds` (negative goes back); returns the new time.
    pub fn advance(&self, seconds: i64) -> i64 {
        self.0.fetch_add(seconds, Ordering::SeqCst) + seconds
    }
}

impl Clock for ManualClock {
    fn now_utc(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// The embedded IANA database. Always the bundled copy, even if another crate in the build
/// enables jiff's system-zoneinfo feature, so results do not depend on the host.
fn tzdb() -> &'static TimeZoneDatabase {
    static DB: OnceLock<TimeZoneDatabase> = OnceLock::new();
    DB.get_or_init(TimeZoneDatabase::bundled)
}

/// The time zone named `tz` (IANA name, case-insensitive) from the embedded database.
pub(crate) fn zone(tz: &str) -> Result<TimeZone, ScheduleError> {
    tzdb()
        .get(tz)
        .map_err(|_| ScheduleError::UnknownZone { tz: tz.to_owned() })
}

/// Checks that `tz` is an IANA time zone name known to the embedded database
/// (e.g. `Europe/Berlin`, `America/New_York`, `UTC`).
pub fn validate_tz(tz: &str) -> Result<(), ScheduleError> {
    zone(tz).map(|_| ())
}

pub(crate) fn timestamp(utc: i64) -> Result<Timestamp, ScheduleError> {
    Timestamp::from_second(utc).map_err(|_| ScheduleError::OutOfRange { utc })
}

/// The local calendar date at instant `utc` in zone `tz`, as days since 1970-01-01:
/// "today" for an athlete who lives in `tz`.
///
/// `local_day(1774823400, "Europe/Berlin")` (2026-03-29 22:30 UTC, already 00:30 on the
/// 30th in Berlin) is 20542, while in `America/New_York` it is still the 29th, 20541.
pub fn local_day(utc: i64, tz: &str) -> Result<i32, ScheduleError> {
    let date = timestamp(utc)?.to_zoned(zone(tz)?).date();
    Ok(days_from_civil(
        i32::from(date.year()),
        date.month().unsigned_abs(),
        date.day().unsigned_abs(),
    ))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i32, month: u8, day: u8) -> i32 {
    let (m, d) = (i32::from(month), i32::from(day));
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        // 56 years of 365 days + 14 leap days (1972..=2024).
        assert_eq!(days_from_civil(2026, 1, 1), 56 * 365 + 14);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn system_clock_is_after_2024() {
        assert!(SystemClock.now_utc() > 1_704_067_200);
    }
}
