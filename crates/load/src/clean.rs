//! Dirty device data → clean 1 Hz streams.
//!
//! Rules (see `docs/metrics.md`, "Data cleaning"):
//! * time going backwards: the out-of-order sample is dropped;
//! * duplicated timestamp: the last sample wins;
//! * samples are binned to the nearest whole second from the first sample;
//!   several samples in one bin (>1 Hz recording) are averaged;
//! * values outside the channel's valid range are dropped (power below 0 or
//!   above 2500 W, HR below 20 or above 250 bpm — this covers the 0 and 255
//!   "no reading" markers), as are NaN/∞ values and timestamps;
//! * a gap of at most `max_fill_s` missing seconds between two good samples is
//!   filled (power: with 0 W, like TrainingPeaks; others: the last value is
//!   held); a longer gap is a pause and stays `None` (not counted anywhere);
//! * zeros are real data for power (coasting) and speed (standing), never
//!   removed.

use serde::{Deserialize, Serialize};

/// How a short gap is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fill {
    /// Repeat the last good value (HR, speed, cadence: physiology/motion is
    /// continuous over a few seconds).
    Hold,
    /// Insert zeros (power: never invent work that was not measured).
    Zero,
    /// Straight line between the two good neighbours.
    Linear,
}

/// What a stream measures; picks the default validity range and gap fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Channel {
    /// Watts.
    Power,
    /// Beats per minute.
    HeartRate,
    /// Metres per second.
    Speed,
    /// rpm / spm.
    Cadence,
    /// Anything else: only non-finite values are rejected.
    Other,
}

/// Cleaning parameters; [`CleanConfig::for_channel`] gives the documented defaults.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CleanConfig {
    /// Lowest valid value (inclusive).
    pub min: f32,
    /// Highest valid value (inclusive); above it a sample is a spike.
    pub max: f32,
    /// Longest run of missing seconds that is filled; longer = paused.
    pub max_fill_s: u32,
    /// How short gaps are filled.
    pub fill: Fill,
    /// Longest output allowed (guards against a corrupt far-future timestamp
    /// allocating gigabytes); samples after it are dropped and counted.
    pub max_len_s: u32,
}

/// Power spikes above this are dropped (no human sustains it even for 1 s;
/// track sprinters peak around 2500 W).
pub const MAX_POWER_W: f32 = 2500.0;
/// Default short-gap limit in seconds.
pub const DEFAULT_MAX_FILL_S: u32 = 10;
/// Default cap on output length: 7 days of seconds.
pub const DEFAULT_MAX_LEN_S: u32 = 7 * 86_400;

impl CleanConfig {
    pub fn for_channel(ch: Channel) -> Self {
        let (min, max, fill) = match ch {
            Channel::Power => (0.0, MAX_POWER_W, Fill::Zero),
            Channel::HeartRate => (20.0, 250.0, Fill::Hold),
            Channel::Speed => (0.0, 40.0, Fill::Hold),
            Channel::Cadence => (0.0, 250.0, Fill::Hold),
            Channel::Other => (f32::NEG_INFINITY, f32::INFINITY, Fill::Hold),
        };
        CleanConfig {
            min,
            max,
            max_fill_s: DEFAULT_MAX_FILL_S,
            fill,
            max_len_s: DEFAULT_MAX_LEN_S,
        }
    }
}

/// What cleaning did, so the UI can say "12 power spikes removed".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CleanReport {
    /// Samples given.
    pub samples_in: u32,
    /// Dropped because their time was before an earlier sample's.
    pub out_of_order: u32,
    /// Earlier samples replaced by a later one with the same timestamp.
    pub duplicates: u32,
    /// Dropped because the timestamp was NaN/∞ or past `max_len_s`.
    pub bad_time: u32,
    /// Dropped: below `min` (e.g. HR 0) or NaN.
    pub rejected_low: u32,
    /// Dropped: above `max` (power spikes, HR 255).
    pub rejected_high: u32,
    /// Seconds filled by the short-gap rule.
    pub filled_s: u32,
    /// Seconds left `None` (pauses, long dropouts, leading/trailing invalid).
    pub paused_s: u32,
}

/// A clean 1 Hz stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resampled {
    /// Time of element 0, in the caller's time base (first kept sample).
    pub start_s: f64,
    /// One value per second; `None` = paused / not recorded.
    pub values: Vec<Option<f32>>,
    pub report: CleanReport,
}

/// Resample irregular `(t_seconds, value)` samples to a clean 1 Hz stream.
/// Empty input gives an empty stream.
pub fn resample(samples: &[(f64, f32)], cfg: &CleanConfig) -> Resampled {
    let mut rep = CleanReport {
        samples_in: samples.len() as u32,
        ..Default::default()
    };
    // 1. Order: drop backwards samples, keep the last of equal timestamps.
    let mut kept: Vec<(f64, Option<f32>)> = Vec::with_capacity(samples.len());
    for &(t, v) in samples {
        if !t.is_finite() {
            rep.bad_time += 1;
            continue;
        }
        match kept.last_mut() {
            Some(last) if t < last.0 => rep.out_of_order += 1,
            Some(last) if t == last.0 => {
                rep.duplicates += 1;
                last.1 = validate(v, cfg, &mut rep);
            }
            _ => kept.push((t, validate(v, cfg, &mut rep))),
        }
    }
    let Some(&(t0, _)) = kept.first() else {
        return Resampled {
            start_s: 0.0,
            values: Vec::new(),
            report: rep,
        };
    };
    // 2. Bin to whole seconds, averaging samples that share a bin.
    // Last bin that is inside the length cap (a corrupt far-future stamp must
    // not create a long empty tail).
    // Times are ascending here, so bins are too: the last bin inside the cap is
    // the largest, found from the end instead of rounding every sample twice.
    let span = kept
        .iter()
        .rev()
        .map(|&(t, _)| (t - t0).round() as u64)
        .find(|&b| b <= cfg.max_len_s as u64)
        .unwrap_or(0) as usize;
    let mut sum = vec![0.0f64; span + 1];
    let mut cnt = vec![0u32; span + 1];
    for &(t, v) in &kept {
        let bin = (t - t0).round() as u64;
        if bin > span as u64 {
            rep.bad_time += 1;
            continue;
        }
        if let Some(v) = v {
            sum[bin as usize] += v as f64;
            cnt[bin as usize] += 1;
        }
    }
    let mut values: Vec<Option<f32>> = sum
        .iter()
        .zip(&cnt)
        .map(|(s, &c)| (c > 0).then(|| (s / c as f64) as f32))
        .collect();
    fill_gaps(&mut values, cfg, &mut rep);
    Resampled {
        start_s: t0,
        values,
        report: rep,
    }
}

/// Clean a stream that is already 1 Hz (index = second): validate every value and
/// apply the gap rule to `None` runs.
pub fn clean_1hz(values: &[Option<f32>], cfg: &CleanConfig) -> (Vec<Option<f32>>, CleanReport) {
    let mut rep = CleanReport {
        samples_in: values.iter().filter(|v| v.is_some()).count() as u32,
        ..Default::default()
    };
    let mut out: Vec<Option<f32>> = values
        .iter()
        .map(|v| v.and_then(|x| validate(x, cfg, &mut rep)))
        .collect();
    fill_gaps(&mut out, cfg, &mut rep);
    (out, rep)
}

fn validate(v: f32, cfg: &CleanConfig, rep: &mut CleanReport) -> Option<f32> {
    if v.is_nan() || v < cfg.min {
        rep.rejected_low += 1;
        None
    } else if v > cfg.max || v.is_infinite() {
        rep.rejected_high += 1;
        None
    } else {
        Some(v)
    }
}

/// Fill interior runs of `None` no longer than `max_fill_s`; count the rest.
fn fill_gaps(values: &mut [Option<f32>], cfg: &CleanConfig, rep: &mut CleanReport) {
    let n = values.len();
    let mut i = 0;
    while i < n {
        if values[i].is_some() {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && values[i].is_none() {
            i += 1;
        }
        let len = i - start;
        let before = start.checked_sub(1).and_then(|j| values[j]);
        let after = values.get(i).copied().flatten();
        match (before, after) {
            (Some(a), Some(b)) if len as u64 <= cfg.max_fill_s as u64 => {
                for (k, slot) in values[start..i].iter_mut().enumerate() {
                    *slot = Some(match cfg.fill {
                        Fill::Hold => a,
                        Fill::Zero => 0.0,
                        Fill::Linear => a + (b - a) * (k + 1) as f32 / (len + 1) as f32,
                    });
                }
                rep.filled_s += len as u32;
            }
            _ => rep.paused_s += len as u32,
        }
    }
}
