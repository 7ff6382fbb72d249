//! Swimming: critical swim speed (CSS) and swim TSS.

use crate::util::pos;
use serde::{Deserialize, Serialize};

/// CSS from a 400 m and a 200 m time trial (Wakayoshi et al. 1992, the
/// "400/200 test"): CSS = (400 − 200)/(t400 − t200), m/s. `None` unless
/// t400 > t200 > 0.
pub fn css_from_test(t400_s: f32, t200_s: f32) -> Option<f32> {
    let (a, b) = (pos(t400_s)?, pos(t200_s)?);
    (a > b).then(|| 200.0 / (a - b))
}

/// Swim load.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SwimLoad {
    /// Normalized swim speed = distance / moving time, m/s.
    pub speed_ms: f32,
    /// speed / CSS.
    pub intensity_factor: f32,
    /// sTSS = IF³ × hours × 100.
    pub tss: f32,
}

/// Swim TSS (TrainingPeaks sTSS): IF = (distance / moving time) / CSS,
/// sTSS = IF³ × hours × 100 — cubed because drag, and so the cost of
/// swimming, rises roughly with the cube of speed. Rest at the wall is not
/// moving time. `None` for zero distance/time or no CSS.
pub fn swim_tss(distance_m: f32, moving_s: f32, css_ms: f32) -> Option<SwimLoad> {
    let (d, t, css) = (pos(distance_m)?, pos(moving_s)?, pos(css_ms)?);
    let v = d / t;
    let if_ = v / css;
    Some(SwimLoad {
        speed_ms: v,
        intensity_factor: if_,
        tss: if_ * if_ * if_ * t / 3600.0 * 100.0,
    })
}

/// Pace in seconds per 100 m.
pub fn pace_s_per_100m(speed_ms: f32) -> Option<f32> {
    pos(speed_ms).map(|s| 100.0 / s)
}

/// Speed in m/s for a pace in seconds per 100 m.
pub fn speed_from_pace_s_per_100m(pace: f32) -> Option<f32> {
    pos(pace).map(|p| 100.0 / p)
}
