//! Performance Management Chart: CTL/ATL/TSB, ramp rate, per-sport lines,
//! ACWR, monotony/strain and forward projection.
//!
//! Conventions (TrainingPeaks): CTL time constant 42 d, ATL 7 d, update
//! `today = yesterday + (load − yesterday)/TC` ([`Decay::TrainingPeaks`]);
//! TSB of a day is *yesterday's* CTL − ATL (form going into the day, before
//! that day's training); ramp = CTL today − CTL 7 days ago.

use crate::{Day, Sport};
use serde::{Deserialize, Serialize};

/// Smoothing constant form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Decay {
    /// k = 1/TC (TrainingPeaks, Coggan's PMC).
    #[default]
    TrainingPeaks,
    /// k = 1 − e^{−1/TC} (Banister's continuous impulse-response model
    /// sampled daily; Golden Cheetah).
    Exponential,
}

/// PMC parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PmcConfig {
    pub ctl_days: f32,
    pub atl_days: f32,
    pub decay: Decay,
}

impl Default for PmcConfig {
    fn default() -> Self {
        PmcConfig {
            ctl_days: 42.0,
            atl_days: 7.0,
            decay: Decay::TrainingPeaks,
        }
    }
}

impl PmcConfig {
    fn k(&self, tc: f32) -> f64 {
        let tc = if tc.is_finite() && tc >= 1.0 {
            tc as f64
        } else {
            1.0
        };
        match self.decay {
            Decay::TrainingPeaks => 1.0 / tc,
            Decay::Exponential => 1.0 - (-1.0 / tc).exp(),
        }
    }
}

/// Fitness and fatigue at the end of a day.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct PmcState {
    pub ctl: f32,
    pub atl: f32,
}

/// One PMC row.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PmcDay {
    pub day: Day,
    /// That day's summed load (TSS-equivalent).
    pub load: f32,
    /// Chronic training load (fitness), end of day.
    pub ctl: f32,
    /// Acute training load (fatigue), end of day.
    pub atl: f32,
    /// Training stress balance (form) = previous day's CTL − ATL.
    pub tsb: f32,
    /// CTL change over the last 7 days (days before the start count as the
    /// initial state).
    pub ramp: f32,
}

/// One activity's (or one day's) load.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DailyLoad {
    pub day: Day,
    pub sport: Sport,
    pub load: f32,
}

/// Dense per-day sums over `start..=end` (index 0 = `start`), optionally for
/// one sport. Loads outside the range are ignored; NaN/negative count as 0.
pub fn daily_totals(loads: &[DailyLoad], sport: Option<Sport>, start: Day, end: Day) -> Vec<f32> {
    if end < start {
        return Vec::new();
    }
    let mut out = vec![0.0f32; (end as i64 - start as i64 + 1) as usize];
    for l in loads {
        if sport.is_some_and(|s| s != l.sport) || l.day < start || l.day > end {
            continue;
        }
        if l.load.is_finite() && l.load > 0.0 {
            out[(l.day - start) as usize] += l.load;
        }
    }
    out
}

/// PMC over dense daily loads starting on `start`, from `init` (the state at
/// the end of `start − 1`; zeros for a new athlete).
pub fn pmc(daily: &[f32], start: Day, init: PmcState, cfg: &PmcConfig) -> Vec<PmcDay> {
    let (kc, ka) = (cfg.k(cfg.ctl_days), cfg.k(cfg.atl_days));
    let (mut ctl, mut atl) = (init.ctl as f64, init.atl as f64);
    let mut hist = [ctl; 7]; // CTL of the last 7 days, ring buffer
    daily
        .iter()
        .enumerate()
        .map(|(i, &l)| {
            let load = if l.is_finite() {
                l.max(0.0) as f64
            } else {
                0.0
            };
            let tsb = ctl - atl;
            ctl += (load - ctl) * kc;
            atl += (load - atl) * ka;
            let week_ago = hist[i % 7];
            hist[i % 7] = ctl;
            PmcDay {
                day: start + i as Day,
                load: load as f32,
                ctl: ctl as f32,
                atl: atl as f32,
                tsb: tsb as f32,
                ramp: (ctl - week_ago) as f32,
            }
        })
        .collect()
}

/// Combined and per-sport PMC lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PmcBySport {
    pub combined: Vec<PmcDay>,
    /// One line per sport that has any load in the range, in `Sport` order.
    pub sports: Vec<(Sport, Vec<PmcDay>)>,
}

/// PMC for `start..=end`, all sports together and each sport alone (each
/// starting from zero).
pub fn pmc_by_sport(loads: &[DailyLoad], start: Day, end: Day, cfg: &PmcConfig) -> PmcBySport {
    let combined = pmc(
        &daily_totals(loads, None, start, end),
        start,
        PmcState::default(),
        cfg,
    );
    let sports = Sport::ALL
        .iter()
        .filter(|s| {
            loads
                .iter()
                .any(|l| l.sport == **s && l.day >= start && l.day <= end)
        })
        .map(|&s| {
            (
                s,
                pmc(
                    &daily_totals(loads, Some(s), start, end),
                    start,
                    PmcState::default(),
                    cfg,
                ),
            )
        })
        .collect();
    PmcBySport { combined, sports }
}

/// Project CTL/ATL/TSB over `from..=to` given planned `(day, load)` targets
/// (summed per day; days without a plan are rest) starting from `state` at
/// the end of `from − 1`.
pub fn project(
    state: PmcState,
    plan: &[(Day, f32)],
    from: Day,
    to: Day,
    cfg: &PmcConfig,
) -> Vec<PmcDay> {
    let loads: Vec<DailyLoad> = plan
        .iter()
        .map(|&(day, load)| DailyLoad {
            day,
            sport: Sport::Other,
            load,
        })
        .collect();
    pmc(&daily_totals(&loads, None, from, to), from, state, cfg)
}

/// Acute:chronic workload ratio on one day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AcwrDay {
    pub day: Day,
    /// Mean of the last 7 days ÷ mean of the last 28 days (coupled: the
    /// acute week is part of the chronic window; Hulin et al. 2014).
    pub rolling: Option<f32>,
    /// EWMA(λ = 2/8) ÷ EWMA(λ = 2/29) (Williams et al. 2017).
    pub ewma: Option<f32>,
}

/// Days of history before an ACWR is reported.
pub const ACWR_WARMUP_DAYS: usize = 28;

/// ACWR for each day of dense `daily` loads starting on `start`. `None` for
/// the first 27 days (too little history) and when the chronic load is 0.
pub fn acwr(daily: &[f32], start: Day) -> Vec<AcwrDay> {
    let (la, lc) = (2.0 / 8.0, 2.0 / 29.0);
    let (mut ea, mut ec) = (0.0f64, 0.0f64);
    let mut prefix = vec![0.0f64; daily.len() + 1];
    for (i, &l) in daily.iter().enumerate() {
        let l = if l.is_finite() {
            l.max(0.0) as f64
        } else {
            0.0
        };
        prefix[i + 1] = prefix[i] + l;
    }
    (0..daily.len())
        .map(|i| {
            let l = prefix[i + 1] - prefix[i];
            ea = la * l + (1.0 - la) * ea;
            ec = lc * l + (1.0 - lc) * ec;
            let warm = i + 1 >= ACWR_WARMUP_DAYS;
            let acute = (prefix[i + 1] - prefix[(i + 1).saturating_sub(7)]) / 7.0;
            let chronic = (prefix[i + 1] - prefix[(i + 1).saturating_sub(28)]) / 28.0;
            AcwrDay {
                day: start + i as Day,
                rolling: (warm && chronic > 0.0).then(|| (acute / chronic) as f32),
                ewma: (warm && ec > 0.0).then(|| (ea / ec) as f32),
            }
        })
        .collect()
}

/// Foster's weekly monotony and strain for the 7 days ending on `day`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MonotonyDay {
    pub day: Day,
    /// Sum of the 7 days.
    pub weekly_load: f32,
    /// Mean daily load ÷ population SD of the 7 days, capped at
    /// [`MONOTONY_CAP`]; `None` for a week without load.
    pub monotony: Option<f32>,
    /// weekly load × monotony.
    pub strain: Option<f32>,
}

/// Monotony when every day of the week had the same non-zero load (SD = 0
/// would make it infinite). Foster flags > 2 as high.
pub const MONOTONY_CAP: f32 = 10.0;

/// Monotony/strain for every day from the 7th on (Foster 1998).
pub fn monotony_strain(daily: &[f32], start: Day) -> Vec<MonotonyDay> {
    let clean: Vec<f64> = daily
        .iter()
        .map(|&l| {
            if l.is_finite() {
                l.max(0.0) as f64
            } else {
                0.0
            }
        })
        .collect();
    clean
        .windows(7)
        .enumerate()
        .map(|(i, w)| {
            let sum: f64 = w.iter().sum();
            let mean = sum / 7.0;
            let sd = (w.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 7.0).sqrt();
            let mono = if mean <= 0.0 {
                None
            } else if sd <= mean / MONOTONY_CAP as f64 {
                Some(MONOTONY_CAP)
            } else {
                Some((mean / sd) as f32)
            };
            MonotonyDay {
                day: start + (i + 6) as Day,
                weekly_load: sum as f32,
                monotony: mono,
                strain: mono.map(|m| m * sum as f32),
            }
        })
        .collect()
}
