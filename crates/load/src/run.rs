//! Running: grade-adjusted speed (GAP), normalized graded speed (NGP), rTSS.
//!
//! Speeds are m/s throughout (pace is a display concern; helpers below
//! convert). Grade is a fraction (0.05 = 5 %).

use crate::util::{normalize, ok, pos};
use serde::{Deserialize, Serialize};

/// Grades are clamped to the range Minetti et al. measured.
pub const MAX_GRADE: f32 = 0.45;

/// Energy cost of running, J·kg⁻¹·m⁻¹, at grade `i` (fraction), Minetti et
/// al. 2002 (J Appl Physiol 93:1039–1046) fifth-order fit:
/// Cr = 155.4i⁵ − 30.4i⁴ − 43.3i³ + 46.3i² + 19.5i + 3.6.
/// Grade is clamped to ±45 %; NaN counts as flat.
pub fn minetti_cost(grade: f32) -> f32 {
    let i = if grade.is_nan() {
        0.0
    } else {
        grade.clamp(-MAX_GRADE, MAX_GRADE)
    } as f64;
    let c = ((((155.4 * i - 30.4) * i - 43.3) * i + 46.3) * i + 19.5) * i + 3.6;
    c as f32
}

/// Flat-equivalent speed: speed × Cr(grade)/Cr(0). Uphill > actual speed,
/// gentle downhill (min cost near −20 %) < actual.
pub fn grade_adjusted_speed(speed_ms: f32, grade: f32) -> f32 {
    speed_ms * minetti_cost(grade) / minetti_cost(0.0)
}

/// GAP stream: per-second grade-adjusted speed. A missing grade counts as
/// flat (better than dropping the second); a missing speed stays `None`.
pub fn gap_stream(speed: &[Option<f32>], grade: &[Option<f32>]) -> Vec<Option<f32>> {
    speed
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let s = ok(*s)?.max(0.0);
            let g = grade.get(i).and_then(|g| ok(*g)).unwrap_or(0.0);
            Some(grade_adjusted_speed(s, g))
        })
        .collect()
}

/// Normalized graded speed, m/s: the NP algorithm (30 s rolling mean, 4th
/// power, mean, 4th root) applied to the GAP stream. TrainingPeaks' own NGP
/// is proprietary; this is the published analogue it is described as.
pub fn normalized_graded_speed(speed: &[Option<f32>], grade: &[Option<f32>]) -> Option<f32> {
    normalize(&gap_stream(speed, grade), 30).map(|n| n.value as f32)
}

/// Running load from pace.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RunLoad {
    /// NGP as a speed, m/s.
    pub ngs_ms: f32,
    /// NGP / threshold speed.
    pub intensity_factor: f32,
    /// rTSS = hours × IF² × 100.
    pub tss: f32,
    /// Recorded seconds.
    pub seconds: u32,
}

/// rTSS (TrainingPeaks): IF = NGP speed / functional threshold speed,
/// rTSS = recorded hours × IF² × 100. `None` without speed or threshold.
pub fn rtss(
    speed: &[Option<f32>],
    grade: &[Option<f32>],
    threshold_speed_ms: f32,
) -> Option<RunLoad> {
    let thr = pos(threshold_speed_ms)?;
    let n = normalize(&gap_stream(speed, grade), 30)?;
    let if_ = n.value as f32 / thr;
    Some(RunLoad {
        ngs_ms: n.value as f32,
        intensity_factor: if_,
        tss: n.n as f32 / 3600.0 * if_ * if_ * 100.0,
        seconds: n.n as u32,
    })
}

/// Grade from cumulative distance (m) and altitude (m) streams: rise over
/// run across a centred window of ±`half_window_s` seconds, which smooths
/// GPS/barometer noise. `None` where either end is missing or the window
/// covers < 5 m of horizontal distance (standing still). Clamped to ±45 %.
pub fn grade_from_profile(
    distance_m: &[Option<f32>],
    altitude_m: &[Option<f32>],
    half_window_s: usize,
) -> Vec<Option<f32>> {
    let n = distance_m.len().min(altitude_m.len());
    (0..n)
        .map(|i| {
            let (a, b) = (
                i.saturating_sub(half_window_s),
                (i + half_window_s).min(n - 1),
            );
            let run = ok(distance_m[b])? - ok(distance_m[a])?;
            let rise = ok(altitude_m[b])? - ok(altitude_m[a])?;
            (run >= 5.0).then(|| (rise / run).clamp(-MAX_GRADE, MAX_GRADE))
        })
        .collect()
}

/// Pace in seconds per km for a speed in m/s (`None` if not moving).
pub fn pace_s_per_km(speed_ms: f32) -> Option<f32> {
    pos(speed_ms).map(|s| 1000.0 / s)
}

/// Speed in m/s for a pace in seconds per km.
pub fn speed_from_pace_s_per_km(pace: f32) -> Option<f32> {
    pos(pace).map(|p| 1000.0 / p)
}
