//! The demo athlete, "Alex Demo": a deterministic training history ending the day
//! before a given date, written as FIT files with [`paceline_fit`]'s writer so the
//! demo exercises the same import path as a user's own files.
//!
//! The physiology is simple but coherent: power follows structured workouts, speed
//! follows power through a road-cycling physics model, heart rate lags effort and
//! drifts upward over long sessions, runs slow down uphill, swims are pool lengths.

mod rng;
mod sessions;

use paceline_fit::{unix_to_fit, ActivityBuilder, DeviceIdent};
pub use sessions::Kind;

/// The demo athlete's physiology; the generator derives every effort from it.
#[derive(Debug, Clone, Copy)]
pub struct Athlete {
    pub name: &'static str,
    pub ftp_w: f64,
    pub lthr: f64,
    pub max_hr: f64,
    pub rest_hr: f64,
    pub weight_kg: f64,
    /// Threshold running speed (m/s): 4:15 /km.
    pub threshold_run_mps: f64,
    /// Critical swim speed (m/s): 1:45 /100 m.
    pub css_mps: f64,
    /// Local time minus UTC (s).
    pub utc_offset_s: i32,
    /// Weights TRIMP.
    pub sex: paceline_types::Sex,
}

pub const ALEX: Athlete = Athlete {
    name: "Alex Demo",
    ftp_w: 250.0,
    lthr: 168.0,
    max_hr: 188.0,
    rest_hr: 48.0,
    weight_kg: 72.0,
    threshold_run_mps: 1000.0 / 255.0,
    css_mps: 100.0 / 105.0,
    utc_offset_s: 3600,
    sex: paceline_types::Sex::Female,
};

/// One generated file.
#[derive(Debug, Clone)]
pub struct DemoFile {
    pub file_name: String,
    pub kind: Kind,
    pub start_utc: i64,
    pub bytes: Vec<u8>,
}

/// The weekly plan: (weekday 0 = Monday, session, local start hour).
const WEEK: &[(u32, Kind, u32)] = &[
    (1, Kind::RideIntervals, 18),
    (2, Kind::RunEasy, 7),
    (3, Kind::SwimEndurance, 7),
    (4, Kind::SwimTechnique, 12),
    (5, Kind::RideLong, 9),
    (6, Kind::RunLong, 8),
];

/// Generates `weeks` weeks of training ending the day before `today_utc_midnight`
/// (a unix time at 00:00 UTC). Deterministic for the same arguments.
pub fn generate(
    athlete: &Athlete,
    today_utc_midnight: i64,
    weeks: u32,
    seed: u64,
) -> Vec<DemoFile> {
    let mut rng = rng::Rng::new(seed);
    let today = today_utc_midnight.div_euclid(86_400);
    // Start on the Monday `weeks` weeks back (1970-01-01 was a Thursday).
    let this_monday = today - (today + 3).rem_euclid(7);
    let first_monday = this_monday - 7 * i64::from(weeks);
    let mut files = Vec::new();
    for w in 0..=weeks {
        // Three weeks building, one recovering; volume grows 4 % a week.
        let recovery = w % 4 == 3;
        let scale = (1.0 + 0.04 * f64::from(w)) * if recovery { 0.6 } else { 1.0 };
        for &(weekday, kind, hour) in WEEK {
            let day = first_monday + 7 * i64::from(w) + i64::from(weekday);
            if day >= today {
                continue;
            }
            // Life happens: about one session in twelve is skipped.
            if rng.uniform() < 0.08 {
                continue;
            }
            let minute = (rng.uniform() * 40.0) as i64;
            let start = day * 86_400 + i64::from(hour) * 3600 + minute * 60
                - i64::from(athlete.utc_offset_s);
            let bytes = write(athlete, kind, start, scale, &mut rng);
            files.push(DemoFile {
                file_name: file_name(day, kind),
                kind,
                start_utc: start,
                bytes,
            });
        }
    }
    files
}

fn file_name(day: i64, kind: Kind) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}-{}.fit", kind.slug())
}

pub use paceline_types::date::civil_from_days;

fn write(a: &Athlete, kind: Kind, start_utc: i64, scale: f64, rng: &mut rng::Rng) -> Vec<u8> {
    let t0 = unix_to_fit(start_utc);
    let dev = DeviceIdent {
        time_created: t0,
        product_name: Some("Paceline demo".into()),
        serial: 20_240_101,
        ..Default::default()
    };
    let mut b = ActivityBuilder::new(&dev);
    b.timer_start(t0);
    let summary = sessions::record(&mut b, a, kind, t0, scale, rng);
    b.timer_stop(summary.timestamp);
    b.session(&summary);
    b.activity(summary.timestamp, a.utc_offset_s);
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_conversion() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_415), (2025, 11, 23));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn history_is_deterministic_and_ends_before_today() {
        let today = 20_415 * 86_400;
        let a = generate(&ALEX, today, 3, 7);
        let b = generate(&ALEX, today, 3, 7);
        assert!(a.len() >= 14, "about six sessions a week, got {}", a.len());
        assert_eq!(a.len(), b.len());
        assert!(a.iter().zip(&b).all(|(x, y)| x.bytes == y.bytes));
        assert!(a.iter().all(|f| f.start_utc < today));
        for k in [Kind::RideLong, Kind::RunEasy, Kind::SwimEndurance] {
            assert!(a.iter().any(|f| f.kind == k), "missing {k:?}");
        }
    }

    #[test]
    fn files_decode_with_an_independent_decoder() {
        let files = generate(&ALEX, 20_415 * 86_400, 1, 1);
        for f in &files {
            let recs =
                fitparser::from_bytes(&f.bytes).unwrap_or_else(|e| panic!("{}: {e}", f.file_name));
            let sessions: Vec<_> = recs
                .iter()
                .filter(|r| r.kind() == fitparser::profile::MesgNum::Session)
                .collect();
            assert_eq!(sessions.len(), 1, "{}", f.file_name);
            let records = recs
                .iter()
                .filter(|r| r.kind() == fitparser::profile::MesgNum::Record)
                .count();
            assert!(records > 600, "{}: only {records} records", f.file_name);
        }
    }
}

/// One day of the demo athlete's wellness data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WellnessDay {
    pub day: i32,
    pub hrv_rmssd_ms: f64,
    pub resting_hr: f64,
    pub sleep_s: f64,
    pub sleep_score: f64,
}

/// Morning wellness readings for `from..to` (day numbers): HRV dips and resting HR
/// rises the morning after the weekend's long sessions, both recover in lighter
/// weeks; sleep varies night to night. Deterministic.
pub fn wellness(a: &Athlete, from: i32, to: i32) -> Vec<WellnessDay> {
    let mut rng = rng::Rng::new(u64::from(from.unsigned_abs()) ^ 0x5EED);
    (from..to)
        .map(|day| {
            let weekday = (day + 3).rem_euclid(7); // 0 = Monday
            let after_long = matches!(weekday, 0 | 6);
            let week = (day - from) / 7;
            let recovery = week % 4 == 3;
            let strain = if after_long { 1.0 } else { 0.0 } - if recovery { 0.6 } else { 0.0 };
            WellnessDay {
                day,
                hrv_rmssd_ms: (64.0 - 7.0 * strain + 5.0 * rng.normal()).max(20.0),
                resting_hr: a.rest_hr + 2.0 * strain + 1.2 * rng.normal(),
                sleep_s: (7.4 + 0.5 * rng.normal()).clamp(4.5, 9.5) * 3600.0,
                sleep_score: (80.0 - 4.0 * strain + 7.0 * rng.normal()).clamp(30.0, 100.0),
            }
        })
        .collect()
}
