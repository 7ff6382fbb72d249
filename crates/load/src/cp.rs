//! Critical power models and estimated FTP.
//!
//! * 2-parameter (Monod & Scherrer 1965; Hill 1993): work = CP·t + W′,
//!   fitted by ordinary least squares of work on time over best efforts of
//!   2–20 min.
//! * 3-parameter (Morton 1996): P = W′/(t − k) + CP. For a fixed k the model
//!   is linear in (CP, W′), so we solve that exactly and search k by a grid
//!   plus golden-section refinement (separable / variable-projection least
//!   squares on power, which is what Gauss–Newton would converge to, without
//!   its starting-point sensitivity).

use crate::curve::MeanMaxCurve;
use crate::util::linreg;
use serde::{Deserialize, Serialize};

/// Result of a CP fit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CpFit {
    /// Critical power, W.
    pub cp_w: f32,
    /// Work capacity above CP, J.
    pub w_prime_j: f32,
    /// Morton's time asymptote k, s (negative in practice); `None` for 2-p.
    pub k_s: Option<f32>,
    /// Coefficient of determination of the fitted quantity (work for 2-p,
    /// power for 3-p).
    pub r2: f32,
    /// Root-mean-square power error over the efforts, W.
    pub rmse_w: f32,
    /// Efforts used.
    pub n: u32,
}

/// Durations (s) taken from a curve for the 2-parameter fit: 2–20 min.
pub const CP2_DURATIONS: [u32; 9] = [120, 180, 240, 300, 420, 600, 720, 900, 1200];
/// Durations (s) for the 3-parameter fit: 1–20 min (k absorbs the short end).
pub const CP3_DURATIONS: [u32; 11] = [60, 90, 120, 180, 240, 300, 420, 600, 720, 900, 1200];

fn clean_efforts(efforts: &[(u32, f32)]) -> Vec<(f64, f64)> {
    efforts
        .iter()
        .filter(|(t, p)| *t > 0 && p.is_finite() && *p > 0.0)
        .map(|&(t, p)| (t as f64, p as f64))
        .collect()
}

fn rmse(e: &[(f64, f64)], cp: f64, wp: f64, k: f64) -> f64 {
    let sse: f64 = e
        .iter()
        .map(|(t, p)| (p - (wp / (t - k) + cp)).powi(2))
        .sum();
    (sse / e.len() as f64).sqrt()
}

/// 2-parameter fit from `(duration_s, mean_power_w)` efforts. Needs ≥ 2
/// distinct durations; `None` if CP or W′ come out non-positive (the efforts
/// were not maximal, e.g. an endurance ride).
pub fn cp2_fit(efforts: &[(u32, f32)]) -> Option<CpFit> {
    let e = clean_efforts(efforts);
    let t: Vec<f64> = e.iter().map(|x| x.0).collect();
    let w: Vec<f64> = e.iter().map(|x| x.0 * x.1).collect();
    let (wp, cp, r2) = linreg(&t, &w)?;
    (cp > 0.0 && wp > 0.0).then(|| CpFit {
        cp_w: cp as f32,
        w_prime_j: wp as f32,
        k_s: None,
        r2: r2 as f32,
        rmse_w: rmse(&e, cp, wp, 0.0) as f32,
        n: e.len() as u32,
    })
}

/// Linear LSQ of P = CP + W′·x with x = 1/(t − k): (cp, w′, sse).
fn solve_for_k(e: &[(f64, f64)], k: f64) -> Option<(f64, f64, f64)> {
    let x: Vec<f64> = e.iter().map(|(t, _)| 1.0 / (t - k)).collect();
    let y: Vec<f64> = e.iter().map(|(_, p)| *p).collect();
    let (cp, wp, _) = linreg(&x, &y)?;
    let sse = x
        .iter()
        .zip(&y)
        .map(|(x, y)| (y - (cp + wp * x)).powi(2))
        .sum();
    Some((cp, wp, sse))
}

/// Lowest k searched, s. Published k values are tens of seconds negative.
pub const CP3_K_MIN: f64 = -600.0;

/// 3-parameter (Morton) fit. Needs ≥ 3 distinct durations. k is searched in
/// [−600 s, shortest duration − 1 s) so t − k stays positive.
pub fn cp3_fit(efforts: &[(u32, f32)]) -> Option<CpFit> {
    let e = clean_efforts(efforts);
    let mut ts: Vec<u64> = e.iter().map(|x| x.0 as u64).collect();
    ts.sort_unstable();
    ts.dedup();
    if ts.len() < 3 {
        return None;
    }
    let k_hi = e.iter().map(|x| x.0).fold(f64::INFINITY, f64::min) - 1.0;
    let k_lo = CP3_K_MIN.min(k_hi - 1.0);
    let sse = |k: f64| solve_for_k(&e, k).map_or(f64::INFINITY, |s| s.2);
    // Coarse grid to bracket the global minimum, then golden section.
    const STEPS: usize = 240;
    let h = (k_hi - k_lo) / STEPS as f64;
    let (mut best_i, mut best) = (0usize, f64::INFINITY);
    for i in 0..=STEPS {
        let v = sse(k_lo + h * i as f64);
        if v < best {
            best = v;
            best_i = i;
        }
    }
    let (mut a, mut b) = (
        k_lo + h * best_i.saturating_sub(1) as f64,
        (k_lo + h * (best_i + 1) as f64).min(k_hi),
    );
    let g = (5f64.sqrt() - 1.0) / 2.0;
    for _ in 0..60 {
        let (c, d) = (b - g * (b - a), a + g * (b - a));
        if sse(c) < sse(d) {
            b = d;
        } else {
            a = c;
        }
    }
    let k = (a + b) / 2.0;
    let (cp, wp, sse_k) = solve_for_k(&e, k)?;
    if !(cp > 0.0 && wp > 0.0) {
        return None;
    }
    let my = e.iter().map(|x| x.1).sum::<f64>() / e.len() as f64;
    let sst: f64 = e.iter().map(|x| (x.1 - my).powi(2)).sum();
    Some(CpFit {
        cp_w: cp as f32,
        w_prime_j: wp as f32,
        k_s: Some(k as f32),
        r2: if sst > 0.0 {
            (1.0 - sse_k / sst) as f32
        } else {
            1.0
        },
        rmse_w: (sse_k / e.len() as f64).sqrt() as f32,
        n: e.len() as u32,
    })
}

fn efforts_from(curve: &MeanMaxCurve, ds: &[u32]) -> Vec<(u32, f32)> {
    ds.iter()
        .filter_map(|&d| {
            curve
                .points
                .iter()
                .find(|p| p.secs == d)
                .map(|p| (d, p.value))
        })
        .collect()
}

/// 2-parameter fit over the curve's exact points at [`CP2_DURATIONS`].
pub fn cp2_from_curve(curve: &MeanMaxCurve) -> Option<CpFit> {
    cp2_fit(&efforts_from(curve, &CP2_DURATIONS))
}

/// 3-parameter fit over the curve's exact points at [`CP3_DURATIONS`].
pub fn cp3_from_curve(curve: &MeanMaxCurve) -> Option<CpFit> {
    cp3_fit(&efforts_from(curve, &CP3_DURATIONS))
}

/// How an eFTP was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EftpMethod {
    /// CP of a credible 2-parameter fit.
    CriticalPower,
    /// 95 % of the best 20-minute power (Allen & Coggan's field test).
    Best20Min,
}

/// Estimated FTP.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Eftp {
    pub watts: f32,
    pub method: EftpMethod,
}

/// Plausible W′ range for a "credible" fit, J (trained cyclists: ~6–35 kJ).
pub const CREDIBLE_W_PRIME_J: (f32, f32) = (3_000.0, 60_000.0);

/// A 2-parameter fit worth using as a model of the athlete: ≥ 4 of the 2–20 min
/// durations, r² ≥ 0.99 on work, W′ within [`CREDIBLE_W_PRIME_J`].
pub fn is_credible(f: &CpFit) -> bool {
    let (lo, hi) = CREDIBLE_W_PRIME_J;
    f.n >= 4 && f.r2 >= 0.99 && (lo..=hi).contains(&f.w_prime_j)
}

/// eFTP from a mean-max curve: CP of the 2-parameter fit when it is credible
/// (≥ 4 of the 2–20 min durations present, r² ≥ 0.99 on work, W′ within
/// [`CREDIBLE_W_PRIME_J`]); otherwise 0.95 × best 20-min power; `None` if the
/// curve is shorter than 20 min and has no credible fit.
pub fn eftp(curve: &MeanMaxCurve) -> Option<Eftp> {
    if let Some(f) = cp2_from_curve(curve).filter(is_credible) {
        return Some(Eftp {
            watts: f.cp_w,
            method: EftpMethod::CriticalPower,
        });
    }
    let p20 = curve.points.iter().find(|p| p.secs == 1200)?.value;
    (p20 > 0.0).then_some(Eftp {
        watts: 0.95 * p20,
        method: EftpMethod::Best20Min,
    })
}
