//! Session RPE (Foster et al. 2001) and its TSS equivalent.

use crate::util::pos;

/// Foster's session-RPE load, arbitrary units: CR-10 RPE × minutes.
/// RPE is clamped to 0–10. `None` for non-finite input or negative minutes.
pub fn session_rpe(rpe: f32, minutes: f32) -> Option<f32> {
    (rpe.is_finite() && minutes.is_finite() && minutes >= 0.0)
        .then(|| rpe.clamp(0.0, 10.0) * minutes)
}

/// Intensity factor implied by a CR-10 rating, anchored to Coggan's zone IF
/// bands via the CR-10 verbal anchors: 1 very easy (0.50, recovery), 2 easy
/// (0.60), 3 moderate (0.70, endurance), 4 somewhat hard (0.78, tempo),
/// 5 hard (0.85), 6 (0.90, sweet spot), 7 very hard (0.95), 8 (1.00,
/// threshold — one hour all-out), 9 (1.05), 10 maximal (1.10, VO2max).
/// Linear between integers; 0 = rest = 0.
pub const RPE_IF: [f32; 11] = [
    0.0, 0.50, 0.60, 0.70, 0.78, 0.85, 0.90, 0.95, 1.00, 1.05, 1.10,
];

/// IF for a (possibly fractional) CR-10 rating; clamped to 0–10.
pub fn rpe_intensity_factor(rpe: f32) -> Option<f32> {
    if !rpe.is_finite() {
        return None;
    }
    let r = rpe.clamp(0.0, 10.0);
    let i = (r.floor() as usize).min(9);
    let f = r - i as f32;
    Some(RPE_IF[i] + (RPE_IF[i + 1] - RPE_IF[i]) * f)
}

/// TSS-equivalent of a session RPE: hours × IF(RPE)² × 100, the same form
/// as hrTSS and rTSS, so a 60 min session at RPE 8 scores 100 like an hour
/// at FTP. `None` for invalid input or non-positive duration.
pub fn rpe_tss(rpe: f32, minutes: f32) -> Option<f32> {
    let m = pos(minutes)?;
    let if_ = rpe_intensity_factor(rpe)?;
    Some(m / 60.0 * if_ * if_ * 100.0)
}
