//! W′ balance, Skiba et al. 2015 differential model.
//!
//! Above CP, W′ is spent 1 J per J: W′bal −= (P − CP)·Δt.
//! Below CP it recovers exponentially towards W′ with time constant
//! τ = W′ / (CP − P) (Skiba, Fulford, Clarke & Skiba 2015, "Intramuscular
//! determinants of the ability to recover work capacity above critical
//! power", Eur J Appl Physiol 115:703–713; the form Golden Cheetah calls
//! "differential"). For a constant P over one second this has the exact
//! solution W′bal(t+1) = W′ − (W′ − W′bal(t))·e^{−(CP − P)/W′}, used here so
//! the result does not depend on a step-size approximation.

use crate::util::{ok, pos};
use serde::{Deserialize, Serialize};

/// W′bal after each second, J. Starts full. `None` samples (pauses) are
/// recovery at 0 W. Empty stream or non-positive CP/W′ → empty vector.
/// Values never exceed W′; they may go negative when the fitted W′ was too
/// small for what the rider actually did (a useful signal, so not clamped).
pub fn w_prime_balance(power: &[Option<f32>], cp_w: f32, w_prime_j: f32) -> Vec<f32> {
    let (Some(cp), Some(wp)) = (pos(cp_w), pos(w_prime_j)) else {
        return Vec::new();
    };
    let (cp, wp) = (cp as f64, wp as f64);
    let mut bal = wp;
    power
        .iter()
        .map(|x| {
            let p = ok(*x).unwrap_or(0.0).max(0.0) as f64;
            if p > cp {
                bal -= p - cp;
            } else {
                bal = wp - (wp - bal) * (-(cp - p) / wp).exp();
            }
            bal = bal.min(wp);
            bal as f32
        })
        .collect()
}

/// Headline numbers of a W′bal trace.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WbalSummary {
    /// Lowest balance, J.
    pub min_j: f32,
    /// Second at which it occurred.
    pub min_at_s: u32,
    /// Largest share of W′ spent, % (100 × (W′ − min)/W′).
    pub max_depletion_pct: f32,
    /// Seconds spent below 0 J (the fit underestimates W′ or CP).
    pub below_zero_s: u32,
}

/// Summary of a [`w_prime_balance`] trace; `None` for an empty trace.
pub fn wbal_summary(trace: &[f32], w_prime_j: f32) -> Option<WbalSummary> {
    let wp = pos(w_prime_j)?;
    let (at, min) = trace
        .iter()
        .copied()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    Some(WbalSummary {
        min_j: min,
        min_at_s: at as u32,
        max_depletion_pct: 100.0 * (wp - min) / wp,
        below_zero_s: trace.iter().filter(|v| **v < 0.0).count() as u32,
    })
}
