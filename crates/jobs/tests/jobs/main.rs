//! The jobs runtime (slots, cancel, events, panics, async, foreground) and the scheduler
//! (time zones and DST of 2026 with hand-written UTC instants, an injected clock).
//! One test binary keeps link time down.

mod events;
mod runtime;
mod schedule;
mod scheduler;
mod zones;

use std::sync::Arc;
use std::time::Duration;

use paceline_jobs::{Jobs, ManualClock};

/// Generous bound for waits that normally take milliseconds; a hang fails the test instead.
pub const LONG: Duration = Duration::from_secs(10);

/// Unix seconds of a UTC wall time, computed here independently of jiff (days from civil).
pub fn utc(y: i64, m: i64, d: i64, h: i64, mi: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + h * 3_600 + mi * 60
}

/// A runtime whose clock stands at 2026-06-01 12:00 UTC; progress and results are `u32`.
pub fn jobs() -> (Jobs<u32>, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(utc(2026, 6, 1, 12, 0)));
    (Jobs::new(clock.clone()), clock)
}

#[test]
fn utc_helper_matches_known_instants() {
    // 56 years × 365 days + 14 leap days (1972..=2024) = 20454 days.
    assert_eq!(utc(2026, 1, 1, 0, 0), 1_767_225_600);
    assert_eq!(utc(1970, 1, 1, 0, 0), 0);
    // 2026-03-29 is day 31 + 28 + 28 = 87 of the year.
    assert_eq!(utc(2026, 3, 29, 1, 0), 1_767_225_600 + 87 * 86_400 + 3_600);
}
