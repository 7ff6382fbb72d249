//! Heart-rate load: hrTSS, Banister TRIMP, aerobic decoupling.

use crate::util::{ok, pos};
use serde::{Deserialize, Serialize};

/// Result of [`hr_tss`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HrLoad {
    /// Heart-rate intensity factor: √(mean of per-second IF²).
    pub intensity_factor: f32,
    /// hrTSS = hours × IF² × 100.
    pub tss: f32,
    /// Recorded seconds used.
    pub seconds: u32,
}

/// hrTSS: TrainingPeaks' "hours × IF² × 100" with IF from heart rate
/// relative to LTHR, accumulated second by second so a ride half at LTHR
/// and half easy scores like its parts (as NP does for power):
///
/// IFᵢ = HRᵢ / LTHR, or with a resting HR, the heart-rate-reserve form
/// IFᵢ = (HRᵢ − HRrest)/(LTHR − HRrest) (clamped at 0), which keeps easy
/// sessions from scoring far above their power-based TSS.
/// hrTSS = Σ IFᵢ² / 3600 × 100. One hour at LTHR = 100 either way.
pub fn hr_tss(hr: &[Option<f32>], lthr: f32, resting_hr: Option<f32>) -> Option<HrLoad> {
    let lthr = pos(lthr)? as f64;
    let rest = resting_hr
        .and_then(pos)
        .map(|r| r as f64)
        .filter(|r| *r < lthr)
        .unwrap_or(0.0);
    let (mut acc, mut n) = (0.0f64, 0u32);
    for h in hr.iter().filter_map(|x| ok(*x)) {
        let i = ((h as f64 - rest) / (lthr - rest)).max(0.0);
        acc += i * i;
        n += 1;
    }
    (n > 0).then(|| HrLoad {
        intensity_factor: (acc / n as f64).sqrt() as f32,
        tss: (acc / 3600.0 * 100.0) as f32,
        seconds: n,
    })
}

/// hrTSS from an average HR alone, for a workout known only by its totals (an
/// activity summary file): the session as `seconds` at its average, so
/// IF = HRavg / LTHR (or (HRavg − HRrest)/(LTHR − HRrest) with a resting HR) and
/// hrTSS = hours × IF² × 100. Equal to [`hr_tss`] of a steady effort; below it for
/// a varied one (the mean of squares exceeds the square of the mean). `None` for
/// a non-positive HR, LTHR or duration.
pub fn hr_tss_from_average(
    avg_hr: f32,
    seconds: f32,
    lthr: f32,
    resting_hr: Option<f32>,
) -> Option<HrLoad> {
    let (h, secs, lthr) = (pos(avg_hr)? as f64, pos(seconds)? as f64, pos(lthr)? as f64);
    let rest = resting_hr
        .and_then(pos)
        .map(|r| r as f64)
        .filter(|r| *r < lthr)
        .unwrap_or(0.0);
    let i = ((h - rest) / (lthr - rest)).max(0.0);
    Some(HrLoad {
        intensity_factor: i as f32,
        tss: (secs / 3600.0 * i * i * 100.0) as f32,
        seconds: secs.round() as u32,
    })
}

/// Sex factor for Banister TRIMP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    /// y = 0.64·e^{1.92x}
    Male,
    /// y = 0.86·e^{1.67x}
    Female,
}

/// Banister TRIMP = Σ Δt[min] · x · a·e^{b·x}, x = (HR − rest)/(max − rest)
/// clamped to [0, 1], (a, b) = (0.64, 1.92) men, (0.86, 1.67) women
/// (Banister 1991; Morton, Fitz-Clarke & Banister 1990). Per-second sum, so
/// Δt = 1/60 min. `None` if max ≤ rest or no HR recorded.
pub fn trimp(hr: &[Option<f32>], resting_hr: f32, max_hr: f32, sex: Sex) -> Option<f32> {
    let (rest, max) = (pos(resting_hr)? as f64, pos(max_hr)? as f64);
    if max <= rest {
        return None;
    }
    let (a, b) = match sex {
        Sex::Male => (0.64, 1.92),
        Sex::Female => (0.86, 1.67),
    };
    let (mut acc, mut n) = (0.0f64, 0u32);
    for h in hr.iter().filter_map(|x| ok(*x)) {
        let x = ((h as f64 - rest) / (max - rest)).clamp(0.0, 1.0);
        acc += x * a * (b * x).exp() / 60.0;
        n += 1;
    }
    (n > 0).then_some(acc as f32)
}

/// Aerobic decoupling (Friel's Pa:HR / Pw:HR), %: the seconds where both
/// `output` (power or speed) and HR are recorded are split into a first and
/// second half; EF = mean output / mean HR per half;
/// decoupling = (EF₁ − EF₂)/EF₁ × 100. Positive = HR drifted up (or output
/// down); < 5 % on a long steady ride is the usual "aerobically fit" mark.
/// `None` with fewer than 2 paired seconds or a zero EF₁.
pub fn aerobic_decoupling(output: &[Option<f32>], hr: &[Option<f32>]) -> Option<f32> {
    let pairs: Vec<(f64, f64)> = output
        .iter()
        .zip(hr)
        .filter_map(|(o, h)| Some((ok(*o)?.max(0.0) as f64, pos(ok(*h)?)? as f64)))
        .collect();
    if pairs.len() < 2 {
        return None;
    }
    let half = pairs.len() / 2;
    let ef = |s: &[(f64, f64)]| {
        let (o, h) = s.iter().fold((0.0, 0.0), |a, p| (a.0 + p.0, a.1 + p.1));
        o / h
    };
    let (e1, e2) = (ef(&pairs[..half]), ef(&pairs[half..]));
    (e1 > 0.0).then(|| ((e1 - e2) / e1 * 100.0) as f32)
}

/// Mean HR of the recorded samples.
pub fn average_hr(hr: &[Option<f32>]) -> Option<f32> {
    crate::util::mean_recorded(hr)
}
