//! Hand-computed checks of every metric (arithmetic in the comments) and
//! property tests. One test binary keeps link time down.

mod activity;
mod clean;
mod cp;
mod curve;
mod hr;
mod pmc;
mod power;
mod props;
mod readiness;
mod rpe_swim_run;
mod thresholds;
mod wbal;
mod zones;

/// `n` seconds of a constant value.
pub fn c(v: f32, n: usize) -> Vec<Option<f32>> {
    vec![Some(v); n]
}

/// Concatenate streams.
pub fn cat(parts: &[Vec<Option<f32>>]) -> Vec<Option<f32>> {
    parts.concat()
}

#[track_caller]
pub fn close(a: f32, b: f64, tol: f64) {
    assert!(((a as f64) - b).abs() <= tol, "{a} != {b} (±{tol})");
}
