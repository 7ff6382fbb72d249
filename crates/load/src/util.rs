//! Small numeric helpers shared by the metric modules.

/// A sample that is present and finite.
#[inline]
pub(crate) fn ok(x: Option<f32>) -> Option<f32> {
    x.filter(|v| v.is_finite())
}

/// A positive, finite threshold-like parameter.
#[inline]
pub(crate) fn pos(x: f32) -> Option<f32> {
    (x.is_finite() && x > 0.0).then_some(x)
}

/// Mean of the recorded (present, finite) samples.
pub(crate) fn mean_recorded(s: &[Option<f32>]) -> Option<f32> {
    let (mut sum, mut n) = (0.0f64, 0u64);
    for v in s.iter().filter_map(|x| ok(*x)) {
        sum += v as f64;
        n += 1;
    }
    (n > 0).then(|| (sum / n as f64) as f32)
}

/// Number of recorded (present, finite) samples = recorded seconds at 1 Hz.
pub(crate) fn count_recorded(s: &[Option<f32>]) -> usize {
    s.iter().filter(|x| ok(**x).is_some()).count()
}

/// Result of the Coggan-style "30 s rolling mean, 4th power, mean, 4th root".
#[derive(Debug, Clone, Copy)]
pub(crate) struct Normalized {
    /// (mean of rolling means^4)^(1/4).
    pub value: f64,
    /// Plain mean of the same rolling means (what `value` is compared to).
    pub rolling_mean: f64,
    /// Recorded samples used.
    pub n: usize,
}

/// Coggan normalisation over the recorded samples, joined end to end (pauses
/// removed, as moving-time metrics do). Negative values count as 0. With fewer
/// samples than one window the single partial-window mean is used, so short
/// efforts still get a value equal to their average.
pub(crate) fn normalize(s: &[Option<f32>], window: usize) -> Option<Normalized> {
    let window = window.max(1);
    let mut ring = vec![0.0f64; window];
    let (mut sum, mut n) = (0.0f64, 0usize);
    let (mut acc4, mut acc1, mut m) = (0.0f64, 0.0f64, 0usize);
    for v in s.iter().filter_map(|x| ok(*x)) {
        let v = v.max(0.0) as f64;
        let slot = n % window;
        sum += v - ring[slot];
        ring[slot] = v;
        n += 1;
        if n >= window {
            // Re-sum each wrap so float drift cannot accumulate over hours.
            if slot == window - 1 {
                sum = ring.iter().sum();
            }
            let r = (sum / window as f64).max(0.0);
            acc4 += r * r * r * r;
            acc1 += r;
            m += 1;
        }
    }
    if n == 0 {
        return None;
    }
    if m == 0 {
        let r = (sum / n as f64).max(0.0);
        return Some(Normalized {
            value: r,
            rolling_mean: r,
            n,
        });
    }
    Some(Normalized {
        value: (acc4 / m as f64).powf(0.25),
        rolling_mean: acc1 / m as f64,
        n,
    })
}

/// Best mean over any `secs`-long window, `None` samples counting as 0 (a
/// pause inside a window lowers it rather than gluing two efforts together).
/// Returns (mean, start index).
pub(crate) fn best_window(s: &[Option<f32>], secs: usize) -> Option<(f32, usize)> {
    if secs == 0 || secs > s.len() {
        return None;
    }
    let val = |i: usize| ok(s[i]).unwrap_or(0.0) as f64;
    let mut sum: f64 = (0..secs).map(val).sum();
    let (mut best, mut at) = (sum, 0usize);
    for i in secs..s.len() {
        sum += val(i) - val(i - secs);
        if sum > best {
            best = sum;
            at = i + 1 - secs;
        }
    }
    Some(((best / secs as f64) as f32, at))
}

/// Linear least squares y = a + b·x. Returns (a, b, r²).
pub(crate) fn linreg(x: &[f64], y: &[f64]) -> Option<(f64, f64, f64)> {
    let n = x.len();
    if n < 2 || y.len() != n {
        return None;
    }
    let mx = x.iter().sum::<f64>() / n as f64;
    let my = y.iter().sum::<f64>() / n as f64;
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxx += (a - mx) * (a - mx);
        sxy += (a - mx) * (b - my);
        syy += (b - my) * (b - my);
    }
    if sxx <= 0.0 || !sxx.is_finite() {
        return None;
    }
    let b = sxy / sxx;
    let a = my - b * mx;
    let r2 = if syy > 0.0 {
        (sxy * sxy) / (sxx * syy)
    } else {
        1.0
    };
    Some((a, b, r2))
}
