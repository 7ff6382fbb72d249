//! Power metrics (Coggan/Allen): NP, IF, TSS, VI, EF, work, L/R balance.
//!
//! All functions take a clean 1 Hz watt stream (see [`crate::clean`]);
//! `None` samples are paused time and are skipped, so durations are
//! *recorded* seconds.

use crate::util::{count_recorded, mean_recorded, normalize, ok, pos};
use serde::{Deserialize, Serialize};

/// NP rolling window, seconds (Coggan).
pub const NP_WINDOW_S: usize = 30;

/// Normalized Power, W: 30 s rolling mean of the recorded samples, each to
/// the 4th power, averaged, 4th root. Rides shorter than 30 s get their
/// average. `None` if nothing is recorded.
pub fn normalized_power(power: &[Option<f32>]) -> Option<f32> {
    normalize(power, NP_WINDOW_S).map(|n| n.value as f32)
}

/// Mean of the same 30 s rolling means NP is built from. By the power-mean
/// inequality NP ≥ this for any non-negative stream; it differs from the
/// plain average only by the first 29 s.
pub fn rolling_mean_power(power: &[Option<f32>]) -> Option<f32> {
    normalize(power, NP_WINDOW_S).map(|n| n.rolling_mean as f32)
}

/// Mean of recorded samples (zeros included: coasting is part of the ride).
pub fn average_power(power: &[Option<f32>]) -> Option<f32> {
    mean_recorded(power)
}

/// Intensity Factor = NP / FTP.
pub fn intensity_factor(np_w: f32, ftp_w: f32) -> Option<f32> {
    pos(ftp_w)
        .filter(|_| np_w.is_finite())
        .map(|f| np_w.max(0.0) / f)
}

/// Training Stress Score = (s × NP × IF) / (FTP × 3600) × 100.
pub fn tss(duration_s: f32, np_w: f32, ftp_w: f32) -> Option<f32> {
    let ftp = pos(ftp_w)?;
    let if_ = intensity_factor(np_w, ftp)?;
    duration_s
        .is_finite()
        .then(|| duration_s.max(0.0) * np_w.max(0.0) * if_ / (ftp * 3600.0) * 100.0)
}

/// Variability Index = NP / average power; `None` if average is 0.
pub fn variability_index(np_w: f32, avg_w: f32) -> Option<f32> {
    pos(avg_w).filter(|_| np_w.is_finite()).map(|a| np_w / a)
}

/// Efficiency Factor = NP / average HR (W per bpm), each over its own
/// recorded samples (TrainingPeaks convention).
pub fn efficiency_factor(power: &[Option<f32>], hr: &[Option<f32>]) -> Option<f32> {
    let np = normalized_power(power)?;
    let hr = pos(mean_recorded(hr)?)?;
    Some(np / hr)
}

/// Mechanical work, kJ: Σ watts × 1 s / 1000. Empty → 0.
pub fn work_kj(power: &[Option<f32>]) -> f32 {
    let j: f64 = power
        .iter()
        .filter_map(|x| ok(*x))
        .map(|w| w.max(0.0) as f64)
        .sum();
    (j / 1000.0) as f32
}

/// Left/right pedal balance summary.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LrBalance {
    /// Share of power from the left leg, % (power-weighted mean).
    pub left_pct: f32,
    /// 100 − left.
    pub right_pct: f32,
    /// Seconds that had both a balance and a positive power reading.
    pub seconds: u32,
}

/// Power-weighted L/R balance: seconds at high power count more than
/// coasting (where balance readings are noise). `left_pct` samples are the
/// left share in percent (0–100, values outside are ignored); when `power` is
/// empty every valid balance sample weighs the same.
pub fn lr_balance(left_pct: &[Option<f32>], power: &[Option<f32>]) -> Option<LrBalance> {
    let (mut wsum, mut acc, mut n) = (0.0f64, 0.0f64, 0u32);
    for (i, l) in left_pct.iter().enumerate() {
        let Some(l) = ok(*l).filter(|l| (0.0..=100.0).contains(l)) else {
            continue;
        };
        let w = if power.is_empty() {
            1.0
        } else {
            match power.get(i).and_then(|p| ok(*p)) {
                Some(p) if p > 0.0 => p as f64,
                _ => continue,
            }
        };
        wsum += w;
        acc += w * l as f64;
        n += 1;
    }
    (wsum > 0.0).then(|| {
        let left = (acc / wsum) as f32;
        LrBalance {
            left_pct: left,
            right_pct: 100.0 - left,
            seconds: n,
        }
    })
}

/// Everything about one ride's power in one pass-friendly struct.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PowerSummary {
    /// Recorded seconds (paused time excluded).
    pub recorded_s: u32,
    pub avg_w: f32,
    pub max_w: f32,
    pub np_w: f32,
    pub work_kj: f32,
    /// `None` when the average is 0.
    pub variability_index: Option<f32>,
    /// `None` without a valid FTP.
    pub intensity_factor: Option<f32>,
    /// `None` without a valid FTP.
    pub tss: Option<f32>,
}

/// NP, IF, TSS, VI, work for one ride. `None` if no power was recorded.
pub fn power_summary(power: &[Option<f32>], ftp_w: Option<f32>) -> Option<PowerSummary> {
    let np = normalized_power(power)?;
    let avg = average_power(power)?;
    let max = power.iter().filter_map(|x| ok(*x)).fold(0.0f32, f32::max);
    let n = count_recorded(power) as f32;
    let ftp = ftp_w.and_then(pos);
    Some(PowerSummary {
        recorded_s: n as u32,
        avg_w: avg,
        max_w: max,
        np_w: np,
        work_kj: work_kj(power),
        variability_index: variability_index(np, avg),
        intensity_factor: ftp.and_then(|f| intensity_factor(np, f)),
        tss: ftp.and_then(|f| tss(n, np, f)),
    })
}
