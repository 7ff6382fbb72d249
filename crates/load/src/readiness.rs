//! Daily readiness 0–100 from HRV, resting HR, sleep and form (TSB).
//!
//! HRV follows Plews et al. (2012, 2013) and Altini (HRV4Training): work in
//! ln rMSSD, compare the 7-day rolling mean to a 60-day baseline, and call
//! "normal" the band baseline mean ± 0.5 SD (Plews' smallest worthwhile
//! change). Each input yields a 0–100 sub-score; the score is their weighted
//! mean over the inputs that are present, and the reasons say which were
//! missing.

use crate::Day;
use serde::{Deserialize, Serialize};

/// One morning's measurements (all optional).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct WellnessDay {
    pub day: Day,
    /// rMSSD, ms.
    pub rmssd_ms: Option<f32>,
    /// Resting (morning) HR, bpm.
    pub resting_hr: Option<f32>,
    /// Sleep of the night ending this morning, hours.
    pub sleep_h: Option<f32>,
    /// Device sleep score, 0–100.
    pub sleep_score: Option<f32>,
}

/// The inputs readiness uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Component {
    Hrv,
    RestingHr,
    Sleep,
    Form,
}

impl Component {
    /// Weight in the combined score (renormalised over present inputs).
    pub fn weight(self) -> f32 {
        match self {
            Component::Hrv => 0.40,
            Component::RestingHr => 0.20,
            Component::Sleep => 0.25,
            Component::Form => 0.15,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Component::Hrv => "HRV",
            Component::RestingHr => "resting HR",
            Component::Sleep => "sleep",
            Component::Form => "training load (TSB)",
        }
    }
}

/// A sub-score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ComponentScore {
    pub component: Component,
    /// 0–100.
    pub score: f32,
}

/// HRV state for charts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HrvStatus {
    /// Mean ln rMSSD of the last 7 days (those with a reading).
    pub ln_rmssd_7d: f32,
    /// 60-day baseline mean and SD of daily ln rMSSD (ending yesterday).
    pub baseline_mean: f32,
    pub baseline_sd: f32,
    /// Normal band: mean ± 0.5 SD.
    pub band_low: f32,
    pub band_high: f32,
    /// Consecutive readings, ending today, below the band.
    pub days_below: u32,
}

/// Readiness for one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Readiness {
    pub day: Day,
    /// 0–100; `None` when no input could be scored.
    pub score: Option<u8>,
    pub components: Vec<ComponentScore>,
    pub missing: Vec<Component>,
    pub hrv: Option<HrvStatus>,
    /// Human-readable explanations, most important first.
    pub reasons: Vec<String>,
}

/// Baseline window, days (ending yesterday).
pub const BASELINE_DAYS: Day = 60;
/// Readings needed in the baseline window before HRV/RHR are judged.
pub const MIN_BASELINE_READINGS: usize = 14;
/// Readings needed in the last 7 days for the HRV rolling mean.
pub const MIN_WEEK_READINGS: usize = 3;
/// Half-width of the HRV normal band in baseline SDs.
pub const HRV_BAND_SD: f32 = 0.5;

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let m = v.iter().sum::<f64>() / v.len() as f64;
    let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len().max(2) - 1) as f64;
    (m, var.sqrt())
}

fn value_on(
    hist: &[WellnessDay],
    day: Day,
    f: impl Fn(&WellnessDay) -> Option<f32>,
) -> Option<f64> {
    // Last entry for the day wins if the caller passed duplicates.
    hist.iter()
        .rev()
        .find(|w| w.day == day && f(w).is_some_and(|v| v.is_finite() && v > 0.0))
        .and_then(&f)
        .map(|v| v as f64)
}

fn values_in(
    hist: &[WellnessDay],
    from: Day,
    to: Day,
    f: impl Fn(&WellnessDay) -> Option<f32> + Copy,
) -> Vec<f64> {
    (from..=to).filter_map(|d| value_on(hist, d, f)).collect()
}

/// Readiness on `day` from wellness `history` (any order, may include later
/// days, which are ignored) and the TSB of the day before (`None` if no
/// training history).
pub fn readiness(history: &[WellnessDay], day: Day, tsb_yesterday: Option<f32>) -> Readiness {
    // Only the window matters; narrowing first keeps a multi-year history
    // (and a chart computing every day) linear rather than quadratic.
    let window: Vec<WellnessDay> = history
        .iter()
        .filter(|w| w.day >= day.saturating_sub(BASELINE_DAYS) && w.day <= day)
        .copied()
        .collect();
    let history = &window[..];
    let mut comps = Vec::new();
    let mut missing = Vec::new();
    let mut reasons = Vec::new();
    let mut notes = Vec::new();

    // HRV.
    let ln = |w: &WellnessDay| {
        w.rmssd_ms
            .filter(|r| r.is_finite() && *r > 0.0)
            .map(f32::ln)
    };
    let base = values_in(
        history,
        day.saturating_sub(BASELINE_DAYS),
        day.saturating_sub(1),
        ln,
    );
    let week = values_in(history, day.saturating_sub(6), day, ln);
    let mut hrv = None;
    if base.len() >= MIN_BASELINE_READINGS && week.len() >= MIN_WEEK_READINGS {
        let (mu, sd) = mean_sd(&base);
        let sd = sd.max(0.02); // a flat baseline must not make every wiggle "abnormal"
        let m7 = week.iter().sum::<f64>() / week.len() as f64;
        let (lo, hi) = (mu - HRV_BAND_SD as f64 * sd, mu + HRV_BAND_SD as f64 * sd);
        let mut below = 0u32;
        for d in (day.saturating_sub(6)..=day).rev() {
            match value_on(history, d, ln) {
                Some(v) if v < lo => below += 1,
                Some(_) => break,
                None => continue,
            }
        }
        let score = if m7 >= lo {
            100.0
        } else {
            (100.0 - 50.0 * (lo - m7) / sd).clamp(0.0, 100.0)
        };
        comps.push(ComponentScore {
            component: Component::Hrv,
            score: score as f32,
        });
        if below >= 2 {
            reasons.push(format!("HRV below your normal range {below} days running"));
        } else if below == 1 {
            reasons.push("HRV below your normal range today".to_string());
        }
        if m7 < lo {
            reasons.push("7-day HRV average below your normal range".to_string());
        } else if m7 > hi {
            notes.push("7-day HRV average above your normal range".to_string());
        }
        hrv = Some(HrvStatus {
            ln_rmssd_7d: m7 as f32,
            baseline_mean: mu as f32,
            baseline_sd: sd as f32,
            band_low: lo as f32,
            band_high: hi as f32,
            days_below: below,
        });
    } else {
        missing.push(Component::Hrv);
        if !base.is_empty() || !week.is_empty() {
            notes.push(format!(
                "Not enough HRV history for a baseline ({} of {MIN_BASELINE_READINGS} days, {} of {MIN_WEEK_READINGS} this week)",
                base.len(),
                week.len()
            ));
        }
    }

    // Resting HR: today's reading against the 60-day baseline.
    let rhr = |w: &WellnessDay| w.resting_hr;
    let base = values_in(
        history,
        day.saturating_sub(BASELINE_DAYS),
        day.saturating_sub(1),
        rhr,
    );
    match value_on(history, day, rhr) {
        Some(today) if base.len() >= MIN_BASELINE_READINGS => {
            let (mu, sd) = mean_sd(&base);
            let sd = sd.max(1.0);
            let z = (today - mu) / sd;
            let score = if z <= 1.0 {
                100.0
            } else {
                (100.0 - 35.0 * (z - 1.0)).clamp(0.0, 100.0)
            };
            comps.push(ComponentScore {
                component: Component::RestingHr,
                score: score as f32,
            });
            if z > 1.0 && today - mu >= 3.0 {
                reasons.push(format!(
                    "Resting HR {:.0} bpm above your normal",
                    today - mu
                ));
            }
        }
        _ => missing.push(Component::RestingHr),
    }

    // Sleep: hours (8 h → 100, 4 h → 0) and/or the device score.
    let hours = value_on(history, day, |w| w.sleep_h);
    let sscore = value_on(history, day, |w| w.sleep_score.map(|s| s.min(100.0)));
    let parts: Vec<f64> = [
        hours.map(|h| ((h - 4.0) / 4.0 * 100.0).clamp(0.0, 100.0)),
        sscore,
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        missing.push(Component::Sleep);
    } else {
        comps.push(ComponentScore {
            component: Component::Sleep,
            score: (parts.iter().sum::<f64>() / parts.len() as f64) as f32,
        });
        if let Some(h) = hours.filter(|h| *h < 6.0) {
            reasons.push(format!("Short sleep: {h:.1} h"));
        }
        if let Some(s) = sscore.filter(|s| *s < 60.0) {
            reasons.push(format!("Low sleep score ({s:.0})"));
        }
    }

    // Form: TSB ≥ −10 → 100, −40 → 0.
    match tsb_yesterday.filter(|t| t.is_finite()) {
        Some(t) => {
            let s = (100.0 + (t + 10.0) * 100.0 / 30.0).clamp(0.0, 100.0);
            comps.push(ComponentScore {
                component: Component::Form,
                score: s,
            });
            if t < -20.0 {
                reasons.push(format!("Heavy recent training load (TSB {t:.0})"));
            }
        }
        None => missing.push(Component::Form),
    }

    let wsum: f32 = comps.iter().map(|c| c.component.weight()).sum();
    let score = (wsum > 0.0).then(|| {
        let s = comps
            .iter()
            .map(|c| c.component.weight() * c.score)
            .sum::<f32>()
            / wsum;
        s.round().clamp(0.0, 100.0) as u8
    });
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|c| c.name()).collect();
        if score.is_some() {
            notes.push(format!(
                "Based on {} of 4 inputs (no {})",
                comps.len(),
                names.join(", ")
            ));
        } else {
            notes.push("No readiness inputs for this day".to_string());
        }
    }
    if reasons.is_empty() && score.is_some_and(|s| s >= 80) {
        reasons.push("Everything measured is within your normal range".to_string());
    }
    reasons.extend(notes);
    Readiness {
        day,
        score,
        components: comps,
        missing,
        hrv,
        reasons,
    }
}
