//! Synthetic training histories: real corpus recordings moved in time with
//! [`paceline_fit::retime`] (one a day, distinct start times, so none is a
//! duplicate of another), and small generated rides for tests that must run
//! without the corpus. Used by `cargo xtask bench history` and the kill -9 test.

use std::path::Path;

use paceline_fit::{
    decode, fit_to_unix, retime, unix_to_fit, ActivityBuilder, DecodeError, DeviceIdent,
    RecordSample, Sport, SubSport, Summary,
};
use paceline_types::date::civil_from_days;

/// A small deterministic generator (SplitMix64): tests need repeatable "random"
/// kill points and sizes without a dependency.
#[derive(Debug, Clone)]
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `lo..hi` (`lo` when the range is empty).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            lo
        } else {
            lo + self.next_u64() % (hi - lo)
        }
    }
}

/// One real activity recording to move in time.
#[derive(Debug, Clone)]
pub struct Recording {
    pub name: String,
    pub bytes: Vec<u8>,
    /// First time of the activity, unix seconds.
    pub start_unix: i64,
    /// Last record minus first, seconds.
    pub duration_s: i64,
}

/// Longest recording placed in a history: a day holds one activity, and an
/// activity that ran into the next one could be merged with it on import.
pub const MAX_DURATION_S: i64 = 18 * 3600;

impl Recording {
    /// An activity FIT file with records, or `None` for anything else (settings,
    /// file_id-only, single-sample, empty or undecodable files) and for recordings
    /// too long to place one a day.
    pub fn from_fit(name: &str, bytes: Vec<u8>) -> Option<Recording> {
        let f = decode(&bytes).ok()?;
        if f.file_type != Some(4)
            || f.records.len() < 2
            || f.warnings.iter().any(|w| w.is_data_loss())
        {
            return None;
        }
        let first = *f.records.timestamp.iter().min()?;
        let last = *f.records.timestamp.iter().max()?;
        let start = f
            .sessions
            .iter()
            .filter_map(|s| s.start_time)
            .chain([first])
            .min()?;
        let duration_s = i64::from(last) - i64::from(start);
        // The retimed copy must decode alike, and its times stay in range.
        retime(&bytes, 86_400).ok()?;
        (duration_s <= MAX_DURATION_S).then(|| Recording {
            name: name.to_string(),
            bytes,
            start_unix: fit_to_unix(start),
            duration_s,
        })
    }

    /// This recording moved so it starts at `start_unix`.
    pub fn at(&self, start_unix: i64) -> Result<Vec<u8>, DecodeError> {
        retime(&self.bytes, start_unix - self.start_unix)
    }
}

/// The corpus's activity recordings (plain `.fit` files in `fit/`), or `None`
/// after printing why the caller skips.
pub fn corpus_recordings() -> Option<Vec<Recording>> {
    let files = crate::corpus_files("fit", &[".fit"])?;
    Some(recordings_in(&files))
}

/// The activity recordings among `files` (see [`Recording::from_fit`]).
pub fn recordings_in(files: &[impl AsRef<Path>]) -> Vec<Recording> {
    files
        .iter()
        .filter_map(|p| {
            let p = p.as_ref();
            let name = p.file_stem()?.to_string_lossy().into_owned();
            Recording::from_fit(&name, std::fs::read(p).ok()?)
        })
        .collect()
}

/// Where and when each file of a history goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub file_name: String,
    /// Index into the recordings.
    pub recording: usize,
    pub start_unix: i64,
}

/// Plans `count` activities over the `days` days ending the day before
/// `end_day` (days since 1970): at most one a day, each starting between 05:00
/// and 09:00 UTC, so the longest allowed recording ends before the next one
/// starts. Without `total_bytes` every recording is used in turn (seeded order);
/// with it, bigger recordings are drawn more often so the history comes to about
/// that size.
pub fn plan(
    recordings: &[Recording],
    count: usize,
    total_bytes: Option<u64>,
    end_day: i64,
    days: i64,
    seed: u64,
) -> Vec<Planned> {
    assert!(
        !recordings.is_empty(),
        "no recordings to plan a history from"
    );
    assert!(count as i64 <= days, "one activity a day at most");
    let mut rng = Lcg::new(seed);
    let picks = match total_bytes {
        Some(total) => drawn(recordings, count, total as f64 / count as f64, &mut rng),
        None => in_turn(recordings.len(), count, &mut rng),
    };
    let first_day = end_day - days;
    picks
        .into_iter()
        .enumerate()
        .map(|(i, recording)| {
            let day = first_day + (i as i64 * days) / count as i64;
            let start_unix =
                day * 86_400 + 5 * 3600 + rng.range(0, 4 * 60) as i64 * 60 + (i % 60) as i64;
            let (y, m, d) = civil_from_days(day);
            Planned {
                file_name: format!("{y:04}-{m:02}-{d:02}-{}.fit", recordings[recording].name),
                recording,
                start_unix,
            }
        })
        .collect()
}

/// Every recording once per round, each round in a new seeded order.
fn in_turn(n: usize, count: usize, rng: &mut Lcg) -> Vec<usize> {
    let mut picks = Vec::with_capacity(count);
    while picks.len() < count {
        let mut order: Vec<usize> = (0..n).collect();
        for k in (1..n).rev() {
            order.swap(k, rng.range(0, k as u64 + 1) as usize);
        }
        picks.extend(order.into_iter().take(count - picks.len()));
    }
    picks
}

/// Draws recordings with weights size^a, `a` found by bisection so the expected
/// size is `mean` (a = 0, plain turns, when the recordings are already that big).
fn drawn(recordings: &[Recording], count: usize, mean: f64, rng: &mut Lcg) -> Vec<usize> {
    let sizes: Vec<f64> = recordings.iter().map(|r| r.bytes.len() as f64).collect();
    let weights = |a: f64| -> Vec<f64> { sizes.iter().map(|s| s.powf(a)).collect() };
    let expected = |a: f64| {
        let w = weights(a);
        w.iter().zip(&sizes).map(|(w, s)| w * s).sum::<f64>() / w.iter().sum::<f64>()
    };
    if expected(0.0) >= mean {
        return in_turn(recordings.len(), count, rng);
    }
    let (mut lo, mut hi) = (0.0, 4.0);
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        if expected(mid) < mean {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let w = weights(lo);
    let sum: f64 = w.iter().sum();
    (0..count)
        .map(|_| {
            let mut x = rng.uniform() * sum;
            w.iter()
                .position(|&wi| {
                    x -= wi;
                    x < 0.0
                })
                .unwrap_or(w.len() - 1)
        })
        .collect()
}

/// Writes a planned history into `dir`; returns the total bytes written.
pub fn write_history(
    recordings: &[Recording],
    plan: &[Planned],
    dir: &Path,
) -> std::io::Result<u64> {
    std::fs::create_dir_all(dir)?;
    let mut total = 0u64;
    for p in plan {
        let bytes = recordings[p.recording]
            .at(p.start_unix)
            .map_err(|e| std::io::Error::other(format!("{}: {e}", p.file_name)))?;
        total += bytes.len() as u64;
        std::fs::write(dir.join(&p.file_name), bytes)?;
    }
    Ok(total)
}

/// A generated ride of `seconds` 1 Hz records (power, heart rate, speed, distance,
/// position, a lap every 10 minutes) starting at `start_unix`; `seed` varies the
/// values. About 30 bytes a second.
pub fn synthetic_ride(start_unix: i64, seconds: u32, seed: u64) -> Vec<u8> {
    let mut rng = Lcg::new(seed);
    let t0 = unix_to_fit(start_unix);
    let mut b = ActivityBuilder::new(&DeviceIdent {
        time_created: t0,
        serial: 1 + (seed % 1_000_000) as u32,
        product_name: Some("Paceline synthetic".into()),
        ..Default::default()
    });
    b.timer_start(t0);
    let (mut dist, mut lap_start, mut lap_dist) = (0.0f64, t0, 0.0f64);
    let lap = |from: u32, to: u32, d: f64| Summary {
        sport: Sport::CYCLING,
        sub_sport: SubSport::ROAD,
        start_time: from,
        timestamp: to,
        total_elapsed_time_s: f64::from(to - from),
        total_timer_time_s: f64::from(to - from),
        total_distance_m: Some(d),
        ..Default::default()
    };
    for i in 0..seconds {
        let t = t0 + i;
        let power = 180.0 + 60.0 * ((f64::from(i) / 300.0).sin()) + 20.0 * rng.uniform();
        let speed = 6.0 + power / 40.0;
        dist += speed;
        b.record(&RecordSample {
            timestamp: t,
            lat_deg: Some(46.5 + dist * 9e-6),
            lon_deg: Some(7.4 + f64::from(i) * 1e-6),
            altitude_m: Some(500.0 + (f64::from(i) / 200.0).sin() as f32 * 40.0),
            heart_rate: Some((120.0 + power / 6.0) as u8),
            cadence: Some(85 + (rng.range(0, 10) as u8)),
            distance_m: Some(dist),
            speed_mps: Some(speed as f32),
            power_w: Some(power as u16),
            temperature_c: Some(18),
        });
        if i > 0 && i % 600 == 0 {
            b.lap(&lap(lap_start, t, dist - lap_dist));
            (lap_start, lap_dist) = (t, dist);
        }
    }
    let end = t0 + seconds;
    b.timer_stop(end).lap(&lap(lap_start, end, dist - lap_dist));
    let mut s = lap(t0, end, dist);
    s.avg_power_w = Some(200);
    b.session(&s).activity(end, 3600);
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_rides_decode_as_activities() {
        let bytes = synthetic_ride(1_700_000_000, 1800, 7);
        let r = Recording::from_fit("ride", bytes).expect("an activity");
        assert_eq!(r.start_unix, 1_700_000_000);
        assert_eq!(r.duration_s, 1799);
        let moved = decode(&r.at(1_800_000_000).unwrap()).unwrap();
        assert_eq!(fit_to_unix(moved.records.timestamp[0]), 1_800_000_000);
        assert_eq!(moved.laps.len(), 3);
    }

    #[test]
    fn a_plan_puts_one_activity_a_day_without_overlaps() {
        let recordings: Vec<Recording> = (0..3)
            .map(|i| {
                Recording::from_fit(
                    &format!("r{i}"),
                    synthetic_ride(1_700_000_000, 60 + i * 30, i.into()),
                )
                .unwrap()
            })
            .collect();
        let plan = plan(&recordings, 100, None, 20_000, 365, 1);
        assert_eq!(plan.len(), 100);
        let mut days: Vec<i64> = plan
            .iter()
            .map(|p| p.start_unix.div_euclid(86_400))
            .collect();
        days.dedup();
        assert_eq!(days.len(), 100);
        assert!(plan.iter().all(|p| p.start_unix < 20_000 * 86_400));
        // Every recording in turn.
        let used = |r: usize| plan.iter().filter(|p| p.recording == r).count();
        assert!((0..3).all(|r| (33..=34).contains(&used(r))));
        // A size target draws the bigger recordings more often.
        let sizes: Vec<u64> = recordings.iter().map(|r| r.bytes.len() as u64).collect();
        let target = 100 * (sizes[1] + sizes[2]) / 2;
        let big = super::plan(&recordings, 100, Some(target), 20_000, 365, 1);
        let total: u64 = big.iter().map(|p| sizes[p.recording]).sum();
        assert!(total.abs_diff(target) < target / 10, "{total} vs {target}");
        let mut names: Vec<&str> = plan.iter().map(|p| p.file_name.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 100);
    }
}
