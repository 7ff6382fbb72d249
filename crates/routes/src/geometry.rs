//! Distances along a line, resampling to a fixed step and elevation smoothing.

pub use paceline_import::haversine_m;

use crate::RoutePoint;

/// Distance from the first point to each point, metres (haversine, point to point).
pub fn cumulative_m(points: &[RoutePoint]) -> Vec<f64> {
    let mut out = Vec::with_capacity(points.len());
    let mut d = 0.0;
    for (i, p) in points.iter().enumerate() {
        if i > 0 {
            let q = &points[i - 1];
            d += haversine_m(q.lat_deg, q.lon_deg, p.lat_deg, p.lon_deg);
        }
        out.push(d);
    }
    out
}

/// `values` (given at increasing distances `at_m`) at every `step_m` from 0 to the last
/// distance (the last sample is the end itself), by linear interpolation. `None` values
/// are bridged linearly between their neighbours and held flat before the first and
/// after the last known one; all `None` gives all `None`.
pub fn resample(at_m: &[f64], values: &[Option<f64>], step_m: f64) -> Vec<Option<f64>> {
    let grid = grid(at_m.last().copied().unwrap_or(0.0), step_m);
    let known: Vec<(f64, f64)> = at_m
        .iter()
        .zip(values)
        .filter_map(|(&d, v)| v.filter(|v| v.is_finite()).map(|v| (d, v)))
        .collect();
    if known.is_empty() {
        return vec![None; grid.len()];
    }
    let mut j = 0;
    grid.iter()
        .map(|&d| {
            while j + 1 < known.len() && known[j + 1].0 <= d {
                j += 1;
            }
            Some(lerp_at(&known, j, d))
        })
        .collect()
}

/// Sample distances: 0, step, 2·step, …, and `total` itself.
pub fn grid(total_m: f64, step_m: f64) -> Vec<f64> {
    let total = if total_m.is_finite() {
        total_m.max(0.0)
    } else {
        0.0
    };
    let step = if step_m.is_finite() && step_m > 0.0 {
        step_m
    } else {
        10.0
    };
    let n = (total / step).floor() as usize;
    let mut g: Vec<f64> = (0..=n).map(|k| k as f64 * step).collect();
    if total - g[n] > 1e-9 {
        g.push(total);
    }
    g
}

/// The value at `d` from `known[j]` (the last at or before `d`) and the next one.
fn lerp_at(known: &[(f64, f64)], j: usize, d: f64) -> f64 {
    let (d0, v0) = known[j];
    if d <= d0 {
        return v0;
    }
    match known.get(j + 1) {
        Some(&(d1, v1)) if d1 > d0 => v0 + (v1 - v0) * (d - d0) / (d1 - d0),
        _ => v0,
    }
}

/// Centred moving average over `window` samples (an odd count; shrinks at the ends so
/// the first and last values stay close to the data). On a profile resampled every
/// 10 m a 11-sample window averages the 100 m around each point: GPS and barometric
/// noise (a few metres up and down every few seconds) cancels, while any climb long
/// enough to be a section keeps its shape.
pub fn smooth(values: &[f64], window: usize) -> Vec<f64> {
    let half = window / 2;
    if half == 0 || values.len() < 3 {
        return values.to_vec();
    }
    let mut prefix = Vec::with_capacity(values.len() + 1);
    prefix.push(0.0);
    for v in values {
        prefix.push(prefix.last().copied().unwrap_or(0.0) + v);
    }
    (0..values.len())
        .map(|i| {
            // Symmetric around i, so the ends are not pulled towards their inner side.
            let h = half.min(i).min(values.len() - 1 - i);
            (prefix[i + h + 1] - prefix[i - h]) / (2 * h + 1) as f64
        })
        .collect()
}
