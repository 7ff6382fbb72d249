//! Mean-maximal curve (best average for each duration).
//!
//! "Every duration" means: the exact best mean at each *requested* duration.
//! [`default_durations`] is every second up to 1 min and then a grid no
//! coarser than ~8 % per step up to 6 h (≈ 280 points), dense enough to draw
//! on a log-time axis. Each point costs one O(n) pass over prefix sums, so a
//! 6 h ride (21 600 samples) × 280 durations is ~6 M additions.
//!
//! Values are the upper envelope: `value(d)` = best mean over any window of
//! a requested duration ≥ d (see `enforce_non_increasing` for why), so the
//! curve is non-increasing. Windows run over elapsed time: `None` (paused) seconds count as 0, so a
//! café stop never joins two efforts into one inflated best.

use crate::util::ok;
use serde::{Deserialize, Serialize};

/// One point of the curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MeanMaxPoint {
    /// Duration, s.
    pub secs: u32,
    /// Best mean over any window of `secs` or (envelope) a longer requested
    /// duration, in stream units (W, bpm, m/s).
    pub value: f32,
    /// Index of the first second of the window that set `value` (first one
    /// if tied).
    pub start: u32,
}

/// A mean-max curve, durations ascending, values non-increasing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MeanMaxCurve {
    pub points: Vec<MeanMaxPoint>,
}

impl MeanMaxCurve {
    /// Value at exactly `secs`, or linearly interpolated in log-time between
    /// the two neighbouring points; `None` outside the curve.
    pub fn at(&self, secs: u32) -> Option<f32> {
        let p = &self.points;
        let i = p.partition_point(|q| q.secs < secs);
        let hi = p.get(i)?;
        if hi.secs == secs {
            return Some(hi.value);
        }
        let lo = p.get(i.checked_sub(1)?)?;
        let (a, b, x) = (
            (lo.secs as f64).ln(),
            (hi.secs as f64).ln(),
            (secs as f64).ln(),
        );
        let f = (x - a) / (b - a);
        Some((lo.value as f64 + (hi.value as f64 - lo.value as f64) * f) as f32)
    }

    /// Pointwise best of several curves (e.g. a 90-day power-duration curve),
    /// over the union of their durations.
    pub fn best_of(curves: &[&MeanMaxCurve]) -> MeanMaxCurve {
        let mut all: Vec<MeanMaxPoint> = curves
            .iter()
            .flat_map(|c| c.points.iter().copied())
            .collect();
        // Sort by duration, best value first, then keep one per duration.
        all.sort_by(|a, b| a.secs.cmp(&b.secs).then(b.value.total_cmp(&a.value)));
        all.dedup_by_key(|p| p.secs);
        enforce_non_increasing(&mut all);
        MeanMaxCurve { points: all }
    }
}

/// Every second 1–60 s, then 2 s to 2 min, 5 s to 5 min, 10 s to 10 min,
/// 30 s to 20 min, 1 min to 1 h, 5 min to 6 h; capped at `max_s` and always
/// ending with `max_s` itself (the whole activity).
pub fn default_durations(max_s: u32) -> Vec<u32> {
    const STEPS: [(u32, u32); 7] = [
        (60, 1),
        (120, 2),
        (300, 5),
        (600, 10),
        (1200, 30),
        (3600, 60),
        (21_600, 300),
    ];
    let mut out = Vec::new();
    let mut d = 0;
    for (end, step) in STEPS {
        while d + step <= end && d + step <= max_s {
            d += step;
            out.push(d);
        }
    }
    if max_s > 0 && out.last() != Some(&max_s) && max_s <= 21_600 {
        out.push(max_s);
    }
    out
}

/// Best mean for each requested duration, exact per window length and then
/// enveloped to be non-increasing (durations are sorted and de-duplicated
/// internally; 0 and durations longer than the stream are skipped).
pub fn mean_max(stream: &[Option<f32>], durations: &[u32]) -> MeanMaxCurve {
    let n = stream.len();
    let mut ds: Vec<u32> = durations
        .iter()
        .copied()
        .filter(|&d| d > 0 && d as usize <= n)
        .collect();
    ds.sort_unstable();
    ds.dedup();
    if ds.is_empty() {
        return MeanMaxCurve::default();
    }
    // f64 prefix sums: 6 h × 2500 W = 5.4e7, far inside f64's exact range.
    let mut prefix = Vec::with_capacity(n + 1);
    let mut acc = 0.0f64;
    prefix.push(0.0);
    for x in stream {
        acc += ok(*x).unwrap_or(0.0) as f64;
        prefix.push(acc);
    }
    let mut points: Vec<MeanMaxPoint> = ds
        .iter()
        .map(|&d| {
            let d = d as usize;
            let (hi, lo) = (&prefix[d..], &prefix[..=n - d]);
            let (best, start) = max_diff(hi, lo);
            MeanMaxPoint {
                secs: d as u32,
                value: (best / d as f64) as f32,
                start: start as u32,
            }
        })
        .collect();
    enforce_non_increasing(&mut points);
    MeanMaxCurve { points }
}

/// [`mean_max`] at [`default_durations`] of the stream's length.
pub fn mean_max_default(stream: &[Option<f32>]) -> MeanMaxCurve {
    mean_max(
        stream,
        &default_durations(stream.len().min(u32::MAX as usize) as u32),
    )
}

/// Best mean over one duration: (value, start index).
pub fn best_mean(stream: &[Option<f32>], secs: u32) -> Option<(f32, usize)> {
    crate::util::best_window(stream, secs as usize)
}

/// Windows per block of [`max_diff`]: the maximum's first index is searched for
/// in one block only.
const BLOCK: usize = 256;

/// max(hi[i] − lo[i]) and the first i reaching it (0 when none does): the
/// maximum block by block, then the first hit within the first block holding
/// it. Locating the maximum by a scan from the start was a third of the
/// curve's time in an import.
fn max_diff(hi: &[f64], lo: &[f64]) -> (f64, usize) {
    let (mut best, mut block) = (f64::NEG_INFINITY, 0);
    for (b, (h, l)) in hi.chunks(BLOCK).zip(lo.chunks(BLOCK)).enumerate() {
        let m = lanes_max(h, l);
        // Strictly greater: the first block reaching the maximum is kept.
        if m > best {
            (best, block) = (m, b);
        }
    }
    let from = block * BLOCK;
    let start = hi[from..]
        .iter()
        .zip(&lo[from..])
        .position(|(h, l)| h - l == best)
        .map_or(0, |i| from + i);
    (best, start)
}

/// max(hi[i] − lo[i]). Four independent running maxima let the CPU (and
/// the auto-vectoriser) work on several windows at once instead of one long
/// compare-and-select dependency chain.
fn lanes_max(hi: &[f64], lo: &[f64]) -> f64 {
    let mut m = [f64::NEG_INFINITY; 4];
    let (hc, lc) = (hi.chunks_exact(4), lo.chunks_exact(4));
    let (hr, lr) = (hc.remainder(), lc.remainder());
    for (h, l) in hc.zip(lc) {
        for k in 0..4 {
            let d = h[k] - l[k];
            m[k] = if d > m[k] { d } else { m[k] };
        }
    }
    let mut best = m[0].max(m[1]).max(m[2].max(m[3]));
    for (h, l) in hr.iter().zip(lr) {
        best = best.max(h - l);
    }
    best
}

// The raw best mean over exactly d seconds is *not* always non-increasing
// in d: in [300, 200, 0, 400] the best 3 s is 200 W but the best 4 s is
// 225 W. A power-duration curve is read as "what you can hold for d
// seconds", and someone who held 225 W for 4 s could hold it for 3, so each
// point is raised to the best of the longer requested durations (the upper
// envelope). `start` then points at the longer window that set the value.
fn enforce_non_increasing(points: &mut [MeanMaxPoint]) {
    for i in (1..points.len()).rev() {
        if points[i].value > points[i - 1].value {
            points[i - 1].value = points[i].value;
            points[i - 1].start = points[i].start;
        }
    }
}

#[cfg(test)]
mod tests {
    /// What `max_diff` replaced: the maximum, then a scan for its first index.
    fn two_scans(hi: &[f64], lo: &[f64]) -> (f64, usize) {
        let best = hi
            .iter()
            .zip(lo)
            .map(|(h, l)| h - l)
            .fold(f64::NEG_INFINITY, f64::max);
        let start = hi.iter().zip(lo).position(|(h, l)| h - l == best);
        (best, start.unwrap_or(0))
    }

    #[test]
    fn max_diff_finds_the_first_maximum_like_two_scans() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for len in (1..200).chain([255, 256, 257, 600, 1031]) {
            for range in [2u64, 5, 1000] {
                // Small ranges: many ties, in every lane and in the remainder.
                let mut acc = 0.0;
                let prefix: Vec<f64> = (0..=len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        acc += (x % range) as f64;
                        acc
                    })
                    .collect();
                for d in 1..=len.min(9) {
                    let (hi, lo) = (&prefix[d..], &prefix[..=len - d]);
                    assert_eq!(
                        super::max_diff(hi, lo),
                        two_scans(hi, lo),
                        "len {len} d {d}"
                    );
                }
            }
        }
    }
}
