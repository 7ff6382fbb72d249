//! `Schedule::next_after` across both DST changes of 2026 in two zones, with hand-written
//! UTC instants, and the text form.
//!
//! 2026 transitions: Europe/Berlin springs forward on Sun 29 March at 01:00 UTC (02:00 CET →
//! 03:00 CEST) and falls back on Sun 25 October at 01:00 UTC (03:00 CEST → 02:00 CET).
//! America/New_York springs forward on Sun 8 March at 07:00 UTC (02:00 EST → 03:00 EDT) and
//! falls back on Sun 1 November at 06:00 UTC (02:00 EDT → 01:00 EST).

use paceline_jobs::{Schedule, ScheduleError};

use crate::utc;

const BERLIN: &str = "Europe/Berlin";
const NEW_YORK: &str = "America/New_York";

fn daily(hour: u8, minute: u8, tz: &str) -> Schedule {
    Schedule::Daily {
        hour,
        minute,
        tz: tz.into(),
    }
}

fn weekly(weekday: u8, hour: u8, minute: u8, tz: &str) -> Schedule {
    Schedule::Weekly {
        weekday,
        hour,
        minute,
        tz: tz.into(),
    }
}

/// The next `n` occurrences after `after`.
fn run(s: &Schedule, after: i64, n: usize) -> Vec<i64> {
    let mut at = after;
    (0..n)
        .map(|_| {
            at = s.next_after(at).unwrap();
            at
        })
        .collect()
}

#[test]
fn daily_berlin_keeps_07_00_local_across_both_changes() {
    let s = daily(7, 0, BERLIN);
    // 07:00 CET = 06:00 UTC; 07:00 CEST = 05:00 UTC (23 h later across the change).
    assert_eq!(
        run(&s, utc(2026, 3, 27, 12, 0), 3),
        [
            utc(2026, 3, 28, 6, 0),
            utc(2026, 3, 29, 5, 0),
            utc(2026, 3, 30, 5, 0)
        ]
    );
    // Back: 05:00 UTC in CEST, then 06:00 UTC in CET (25 h later).
    assert_eq!(
        run(&s, utc(2026, 10, 23, 12, 0), 3),
        [
            utc(2026, 10, 24, 5, 0),
            utc(2026, 10, 25, 6, 0),
            utc(2026, 10, 26, 6, 0)
        ]
    );
}

#[test]
fn daily_new_york_keeps_07_00_local_across_both_changes() {
    let s = daily(7, 0, NEW_YORK);
    // 07:00 EST = 12:00 UTC; 07:00 EDT = 11:00 UTC.
    assert_eq!(
        run(&s, utc(2026, 3, 6, 18, 0), 3),
        [
            utc(2026, 3, 7, 12, 0),
            utc(2026, 3, 8, 11, 0),
            utc(2026, 3, 9, 11, 0)
        ]
    );
    assert_eq!(
        run(&s, utc(2026, 10, 30, 18, 0), 3),
        [
            utc(2026, 10, 31, 11, 0),
            utc(2026, 11, 1, 12, 0),
            utc(2026, 11, 2, 12, 0)
        ]
    );
}

#[test]
fn a_local_time_in_the_spring_gap_fires_at_the_first_instant_after_it() {
    // 02:30 does not exist on 29 March in Berlin: 03:00 CEST = 01:00 UTC instead.
    let s = daily(2, 30, BERLIN);
    assert_eq!(
        run(&s, utc(2026, 3, 27, 12, 0), 3),
        [
            utc(2026, 3, 28, 1, 30),
            utc(2026, 3, 29, 1, 0),
            utc(2026, 3, 30, 0, 30)
        ]
    );
    assert_eq!(
        s.next_after(utc(2026, 3, 29, 0, 59)),
        Ok(utc(2026, 3, 29, 1, 0))
    );
    // New York: 02:30 on 8 March → 03:00 EDT = 07:00 UTC.
    let s = daily(2, 30, NEW_YORK);
    assert_eq!(
        run(&s, utc(2026, 3, 6, 18, 0), 3),
        [
            utc(2026, 3, 7, 7, 30),
            utc(2026, 3, 8, 7, 0),
            utc(2026, 3, 9, 6, 30)
        ]
    );
}

#[test]
fn an_ambiguous_local_time_fires_once_at_its_first_occurrence() {
    // 02:30 happens twice on 25 October in Berlin: 00:30 UTC (CEST) and 01:30 UTC (CET).
    let s = daily(2, 30, BERLIN);
    assert_eq!(
        run(&s, utc(2026, 10, 24, 12, 0), 2),
        [utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)]
    );
    // Between the two occurrences, the next one is the following day's.
    assert_eq!(
        s.next_after(utc(2026, 10, 25, 1, 0)),
        Ok(utc(2026, 10, 26, 1, 30))
    );
    // New York: 01:30 on 1 November is 05:30 UTC (EDT) and 06:30 UTC (EST).
    let s = daily(1, 30, NEW_YORK);
    assert_eq!(
        run(&s, utc(2026, 10, 31, 12, 0), 2),
        [utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)]
    );
}

#[test]
fn weekly_keeps_the_wall_time_across_a_dst_week() {
    // Mondays 07:00 Berlin: 23 March 06:00 UTC (CET), 30 March 05:00 UTC (CEST).
    let s = weekly(1, 7, 0, BERLIN);
    assert_eq!(
        run(&s, utc(2026, 3, 18, 12, 0), 2),
        [utc(2026, 3, 23, 6, 0), utc(2026, 3, 30, 5, 0)]
    );
    assert_eq!(
        run(&s, utc(2026, 10, 14, 12, 0), 2),
        [utc(2026, 10, 19, 5, 0), utc(2026, 10, 26, 6, 0)]
    );
    // Mondays 07:00 New York: 2 March 12:00 UTC (EST), 9 March 11:00 UTC (EDT); back in autumn.
    let s = weekly(1, 7, 0, NEW_YORK);
    assert_eq!(
        run(&s, utc(2026, 2, 25, 12, 0), 2),
        [utc(2026, 3, 2, 12, 0), utc(2026, 3, 9, 11, 0)]
    );
    assert_eq!(
        run(&s, utc(2026, 10, 21, 12, 0), 2),
        [utc(2026, 10, 26, 11, 0), utc(2026, 11, 2, 12, 0)]
    );
}

#[test]
fn weekly_on_the_change_sunday_uses_the_gap_and_fold_rules() {
    let s = weekly(7, 2, 30, BERLIN);
    assert_eq!(
        run(&s, utc(2026, 3, 23, 0, 0), 2),
        [utc(2026, 3, 29, 1, 0), utc(2026, 4, 5, 0, 30)]
    );
    assert_eq!(
        run(&s, utc(2026, 10, 19, 0, 0), 2),
        [utc(2026, 10, 25, 0, 30), utc(2026, 11, 1, 1, 30)]
    );
}

#[test]
fn weekly_picks_each_iso_weekday() {
    // From Sunday 31 May 2026 12:00 UTC; 1 June 2026 is a Monday. 09:00 UTC zone.
    let after = utc(2026, 5, 31, 12, 0);
    for weekday in 1..=7u8 {
        let day = 31 + i64::from(weekday); // 1 June = day 32 of "May"
        let expected = utc(2026, 5, 1, 9, 0) + (day - 1) * 86_400;
        assert_eq!(
            weekly(weekday, 9, 0, "UTC").next_after(after),
            Ok(expected),
            "weekday {weekday}"
        );
    }
    // The same weekday and time as `after` itself is a week later (strictly after).
    assert_eq!(
        weekly(7, 12, 0, "UTC").next_after(after),
        Ok(utc(2026, 6, 7, 12, 0))
    );
}

#[test]
fn one_local_time_in_two_zones() {
    let after = utc(2026, 6, 1, 0, 0);
    assert_eq!(
        daily(7, 0, BERLIN).next_after(after),
        Ok(utc(2026, 6, 1, 5, 0))
    );
    assert_eq!(
        daily(7, 0, NEW_YORK).next_after(after),
        Ok(utc(2026, 6, 1, 11, 0))
    );
    assert_eq!(
        daily(7, 0, "UTC").next_after(after),
        Ok(utc(2026, 6, 1, 7, 0))
    );
    // Strictly after: at exactly 07:00 Berlin the next one is tomorrow's.
    assert_eq!(
        daily(7, 0, BERLIN).next_after(utc(2026, 6, 1, 5, 0)),
        Ok(utc(2026, 6, 2, 5, 0))
    );
}

#[test]
fn every_counts_real_seconds_through_dst() {
    let s = Schedule::Every { seconds: 6 * 3600 };
    // 00:00 UTC on the Berlin change day + 6 h, whatever the local clocks do.
    assert_eq!(
        s.next_after(utc(2026, 3, 29, 0, 0)),
        Ok(utc(2026, 3, 29, 6, 0))
    );
    assert_eq!(
        s.next_after(i64::MAX - 10),
        Err(ScheduleError::OutOfRange { utc: i64::MAX - 10 })
    );
}

#[test]
fn invalid_fields_and_zones_are_typed_errors() {
    let unknown = ScheduleError::UnknownZone {
        tz: "Mars/Olympus_Mons".into(),
    };
    assert_eq!(
        daily(7, 0, "Mars/Olympus_Mons").next_after(0),
        Err(unknown.clone())
    );
    assert_eq!(
        weekly(1, 7, 0, "Mars/Olympus_Mons").next_after(0),
        Err(unknown.clone())
    );
    assert!(unknown
        .to_string()
        .contains("use an IANA name such as `Europe/Berlin`"));
    assert_eq!(
        daily(24, 0, BERLIN).next_after(0),
        Err(ScheduleError::InvalidTime {
            hour: 24,
            minute: 0
        })
    );
    assert_eq!(
        daily(7, 60, BERLIN).next_after(0),
        Err(ScheduleError::InvalidTime {
            hour: 7,
            minute: 60
        })
    );
    assert_eq!(
        weekly(0, 7, 0, BERLIN).next_after(0),
        Err(ScheduleError::InvalidWeekday(0))
    );
    assert_eq!(
        weekly(8, 7, 0, BERLIN).next_after(0),
        Err(ScheduleError::InvalidWeekday(8))
    );
    assert_eq!(
        Schedule::Every { seconds: 0 }.next_after(0),
        Err(ScheduleError::ZeroInterval)
    );
    // Beyond year 9999.
    assert_eq!(
        daily(7, 0, BERLIN).next_after(i64::MAX),
        Err(ScheduleError::OutOfRange { utc: i64::MAX })
    );
}

#[test]
fn parse_reads_the_three_forms() {
    assert_eq!(
        Schedule::parse("every 6h"),
        Ok(Schedule::Every { seconds: 21_600 })
    );
    assert_eq!(
        Schedule::parse("every 1h30m"),
        Ok(Schedule::Every { seconds: 5_400 })
    );
    assert_eq!(
        Schedule::parse("  EVERY   2d "),
        Ok(Schedule::Every { seconds: 172_800 })
    );
    assert_eq!(
        Schedule::parse("every 45s"),
        Ok(Schedule::Every { seconds: 45 })
    );
    assert_eq!(
        Schedule::parse("daily 07:00 Europe/Berlin"),
        Ok(daily(7, 0, BERLIN))
    );
    assert_eq!(Schedule::parse("daily 7:05 UTC"), Ok(daily(7, 5, "UTC")));
    assert_eq!(
        Schedule::parse("mon 07:00 America/New_York"),
        Ok(weekly(1, 7, 0, NEW_YORK))
    );
    assert_eq!(
        Schedule::parse("weekly Sunday 18:30 UTC"),
        Ok(weekly(7, 18, 30, "UTC"))
    );
    assert_eq!(
        Schedule::parse("fri 23:59 Asia/Tokyo"),
        Ok(weekly(5, 23, 59, "Asia/Tokyo"))
    );
}

#[test]
fn display_round_trips_with_parse() {
    let cases = [
        ("every 6h", Schedule::Every { seconds: 21_600 }),
        ("every 90m", Schedule::Every { seconds: 5_400 }),
        ("every 2d", Schedule::Every { seconds: 172_800 }),
        ("every 61s", Schedule::Every { seconds: 61 }),
        ("daily 07:00 Europe/Berlin", daily(7, 0, BERLIN)),
        ("mon 07:00 America/New_York", weekly(1, 7, 0, NEW_YORK)),
        ("sun 00:05 UTC", weekly(7, 0, 5, "UTC")),
    ];
    for (text, schedule) in cases {
        assert_eq!(schedule.to_string(), text);
        assert_eq!(Schedule::parse(text), Ok(schedule.clone()), "{text}");
        assert_eq!(Schedule::parse(&schedule.to_string()), Ok(schedule));
    }
    // Written differently, read the same, written canonically.
    assert_eq!(
        Schedule::parse("every 1h30m").unwrap().to_string(),
        "every 90m"
    );
}

#[test]
fn parse_refuses_bad_text_with_a_reason() {
    for bad in [
        "",
        "every",
        "every 6",
        "every 6x",
        "every h",
        "every 0h",
        "every 6h now",
        "daily 7am Europe/Berlin",
        "daily 24:00 Europe/Berlin",
        "daily 07:60 Europe/Berlin",
        "daily 07:00",
        "someday 07:00 UTC",
        "mon 07:00",
    ] {
        match Schedule::parse(bad) {
            Err(ScheduleError::Parse { input, reason }) => {
                assert_eq!(input, bad);
                assert!(!reason.is_empty());
            }
            other => panic!("`{bad}` should not parse, got {other:?}"),
        }
    }
    assert_eq!(
        Schedule::parse("daily 07:00 Nowhere/City"),
        Err(ScheduleError::UnknownZone {
            tz: "Nowhere/City".into()
        })
    );
    let msg = Schedule::parse("someday 07:00 UTC")
        .unwrap_err()
        .to_string();
    assert!(msg.contains("write e.g. `every 6h`"), "{msg}");
}
