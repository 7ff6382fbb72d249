//! "Today" for an athlete: the local day in their zone, from the embedded database.

use paceline_jobs::{local_day, validate_tz, ScheduleError};

use crate::utc;

/// Days since 1970-01-01 of 2026-01-01: 56 × 365 + 14 leap days.
const JAN_1_2026: i32 = 20_454;

#[test]
fn local_day_follows_the_zone() {
    // 2026-03-29 22:30 UTC is 00:30 on the 30th in Berlin (CEST) but 18:30 on the 29th in
    // New York (EDT). 29 March is day 87 of 2026 (0-based).
    let t = utc(2026, 3, 29, 22, 30);
    assert_eq!(local_day(t, "Europe/Berlin"), Ok(JAN_1_2026 + 88));
    assert_eq!(local_day(t, "America/New_York"), Ok(JAN_1_2026 + 87));
    // New Year: 03:00 UTC is still 31 December in New York.
    let t = utc(2026, 1, 1, 3, 0);
    assert_eq!(local_day(t, "America/New_York"), Ok(JAN_1_2026 - 1));
    assert_eq!(local_day(t, "Europe/Berlin"), Ok(JAN_1_2026));
    // UTC+14: 10:00 UTC on 1 January is already 2 January.
    assert_eq!(
        local_day(utc(2026, 1, 1, 10, 0), "Pacific/Kiritimati"),
        Ok(JAN_1_2026 + 1)
    );
    assert_eq!(local_day(0, "UTC"), Ok(0));
    assert_eq!(local_day(-1, "UTC"), Ok(-1));
}

#[test]
fn zones_are_checked_case_insensitively_against_the_embedded_database() {
    assert_eq!(validate_tz("Europe/Berlin"), Ok(()));
    assert_eq!(validate_tz("europe/berlin"), Ok(()));
    assert_eq!(validate_tz("UTC"), Ok(()));
    for bad in ["Mars/Olympus_Mons", "", "CEST+2", "../../etc/passwd"] {
        assert_eq!(
            validate_tz(bad),
            Err(ScheduleError::UnknownZone { tz: bad.into() })
        );
    }
    assert_eq!(
        local_day(0, "Nowhere/City"),
        Err(ScheduleError::UnknownZone {
            tz: "Nowhere/City".into()
        })
    );
    assert_eq!(
        local_day(i64::MAX, "UTC"),
        Err(ScheduleError::OutOfRange { utc: i64::MAX })
    );
}
