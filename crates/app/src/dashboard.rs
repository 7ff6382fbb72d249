//! The dashboard's numbers: daily loads, the PMC, load balance (ACWR, monotony,
//! strain) and readiness, all ending on the athlete's today.

use paceline_load::pmc::{self as pmc, DailyLoad, PmcDay};
use paceline_load::{self as load};
use paceline_types::{
    ActivitySummary, CpModel, Dashboard, Form, LoadBalance, PowerProfile, SportLoad, SportTotals,
};

use crate::metrics::{self, local_day, wire_sport};
use crate::training::today;
use crate::{AppError, AthleteScope, Result};

/// One day's load balance (see `docs/metrics.md`, PMC).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BalanceDay {
    pub day: i32,
    /// Acute:chronic workload ratio, 7-day mean ÷ 28-day mean (coupled).
    pub acwr: Option<f32>,
    /// ACWR from exponentially weighted averages (7 and 28 days).
    pub acwr_ewma: Option<f32>,
    /// Foster's monotony and strain of the 7 days ending on the day.
    pub monotony: Option<f32>,
    pub strain: Option<f32>,
    /// Load of those 7 days.
    pub week_load: f32,
}

/// Combined daily load totals from the first load (or `to`) to `to`.
pub(crate) struct Daily {
    pub first: i32,
    pub totals: Vec<f32>,
}

impl AthleteScope<'_> {
    pub(crate) fn daily_loads(&self) -> Result<(Vec<DailyLoad>, u32)> {
        let rows = self.store.load_rows(self.athlete_id)?;
        let unscored = rows.iter().filter(|r| r.load.is_none()).count() as u32;
        let loads = rows
            .iter()
            .filter_map(|r| {
                Some(DailyLoad {
                    day: local_day(r.start_utc, r.utc_offset_s),
                    sport: metrics::load_sport(r.sport),
                    load: r.load? as f32,
                })
            })
            .collect();
        Ok((loads, unscored))
    }

    /// Everything starts at the first load so fitness has its history.
    pub(crate) fn daily(loads: &[DailyLoad], to: i32) -> Daily {
        let first = loads.iter().map(|l| l.day).min().unwrap_or(to).min(to);
        Daily {
            first,
            totals: pmc::daily_totals(loads, None, first, to),
        }
    }

    /// The PMC carried forward to `to` with planned target loads, `(day, load)` from
    /// today on (summed per day, added to what is already recorded today; other days
    /// are rest). Returns the days from today. The history is replayed with the plan
    /// appended, so the ramp of the first projected week still sees the real one.
    pub fn projection(&self, plan: &[(i32, f64)], to: i32) -> Result<Vec<PmcDay>> {
        let today = today(self)?;
        let ymd = |d: i32| paceline_types::date::format_ymd(d.into());
        if to < today || to - today > 3660 {
            return Err(AppError::InvalidInput(format!(
                "project to a day from today ({}) up to ten years on, not {}",
                ymd(today),
                ymd(to)
            )));
        }
        if let Some(&(day, load)) = plan
            .iter()
            .find(|(d, l)| *d < today || *d > to || !(l.is_finite() && *l >= 0.0))
        {
            return Err(AppError::InvalidInput(format!(
                "planned load {load} on {}: loads are ≥ 0, on days from today to {}",
                ymd(day),
                ymd(to)
            )));
        }
        let (mut loads, _) = self.daily_loads()?;
        loads.extend(plan.iter().map(|&(day, load)| DailyLoad {
            day,
            sport: load::Sport::Other,
            load: load as f32,
        }));
        // From the first recorded load (or today), even when the plan starts later.
        let first = loads
            .iter()
            .map(|l| l.day)
            .min()
            .unwrap_or(today)
            .min(today);
        let totals = pmc::daily_totals(&loads, None, first, to);
        let days = pmc::pmc(&totals, first, Default::default(), &Default::default());
        Ok(days.into_iter().filter(|p| p.day >= today).collect())
    }

    /// The PMC (combined sports) from the first activity (or `from`) to `to`.
    pub fn pmc(&self, from: Option<i32>, to: Option<i32>) -> Result<Vec<PmcDay>> {
        let (loads, _) = self.daily_loads()?;
        let to = match to {
            Some(d) => d,
            None => today(self)?,
        };
        let d = Self::daily(&loads, to);
        let days = pmc::pmc(&d.totals, d.first, Default::default(), &Default::default());
        Ok(days
            .into_iter()
            .filter(|d| from.is_none_or(|f| d.day >= f))
            .collect())
    }

    /// ACWR, monotony and strain per day from the first activity (or `from`) to `to`.
    pub fn load_balance(&self, from: Option<i32>, to: Option<i32>) -> Result<Vec<BalanceDay>> {
        let (loads, _) = self.daily_loads()?;
        let to = match to {
            Some(d) => d,
            None => today(self)?,
        };
        Ok(balance(&Self::daily(&loads, to))
            .into_iter()
            .filter(|d| from.is_none_or(|f| d.day >= f))
            .collect())
    }

    pub fn dashboard(&self) -> Result<Dashboard> {
        let today = today(self)?;
        let (loads, unscored) = self.daily_loads()?;
        let daily = Self::daily(&loads, today);
        let pmc = pmc::pmc(
            &daily.totals,
            daily.first,
            Default::default(),
            &Default::default(),
        );
        let form = pmc.last().map(|d| Form {
            day: d.day,
            ctl: f64::from(d.ctl),
            atl: f64::from(d.atl),
            tsb: f64::from(d.tsb),
            ramp: f64::from(d.ramp),
        });
        let mut week: Vec<SportLoad> = Vec::new();
        for l in loads.iter().filter(|l| l.day > today - 7 && l.day <= today) {
            let sport = wire_sport(l.sport);
            match week.iter_mut().find(|w| w.sport == sport) {
                Some(w) => {
                    w.load += f64::from(l.load);
                    w.sessions += 1;
                }
                None => week.push(SportLoad {
                    sport,
                    load: f64::from(l.load),
                    sessions: 1,
                }),
            }
        }
        let b = balance(&daily).last().copied().filter(|b| b.day == today);
        let wellness = self.wellness_days()?;
        let yesterday_tsb = pmc.iter().rev().nth(1).map(|d| d.tsb);
        let r = load::readiness::readiness(&wellness, today, yesterday_tsb);
        let has_wellness = !wellness.is_empty();
        let f = |x: Option<f32>| x.map(f64::from);
        // Local days can run up to 14 h behind UTC: read a little more, then keep
        // the activities whose local day falls in the window.
        let recent = self.store.activities_since(
            self.athlete_id,
            (i64::from(today) - 28) * 86_400 - 14 * 3600,
        )?;
        Ok(Dashboard {
            today,
            form,
            readiness: if has_wellness { r.score } else { None },
            readiness_reasons: if has_wellness { r.reasons } else { Vec::new() },
            week,
            unscored,
            balance: LoadBalance {
                acwr: f(b.and_then(|b| b.acwr)),
                acwr_ewma: f(b.and_then(|b| b.acwr_ewma)),
                monotony: f(b.and_then(|b| b.monotony)),
                strain: f(b.and_then(|b| b.strain)),
                week_load: b.map_or(0.0, |b| f64::from(b.week_load)),
            },
            has_wellness,
            power_profile: self.power_profile(PROFILE_DAYS)?,
            last_7_days: sport_totals(&recent, today, 7),
            last_28_days: sport_totals(&recent, today, 28),
        })
    }

    /// Device wellness, plus what the logbook adds where the device gave nothing.
    pub(crate) fn wellness_days(&self) -> Result<Vec<load::readiness::WellnessDay>> {
        let mut days = self.device_wellness_days()?;
        self.merge_logbook_wellness(&mut days)?;
        Ok(days)
    }

    fn device_wellness_days(&self) -> Result<Vec<load::readiness::WellnessDay>> {
        Ok(self
            .store
            .wellness(self.athlete_id)?
            .into_iter()
            .map(|w| load::readiness::WellnessDay {
                day: w.day,
                rmssd_ms: w.hrv_rmssd_ms.map(|x| x as f32),
                resting_hr: w.resting_hr.map(|x| x as f32),
                sleep_h: w.sleep_s.map(|x| (x / 3600.0) as f32),
                sleep_score: w.sleep_score.map(|x| x as f32),
            })
            .collect())
    }
}

/// Sessions, time and distance per sport over the `days` local days ending on
/// `today`: the sport with the most time first, then all sports when more than one.
fn sport_totals(list: &[ActivitySummary], today: i32, days: i32) -> Vec<SportTotals> {
    let zero = |sport| SportTotals {
        sport,
        sessions: 0,
        seconds: 0.0,
        meters: 0.0,
    };
    let mut by_sport: Vec<SportTotals> = Vec::new();
    let mut all = zero(None);
    let in_window = |a: &&ActivitySummary| {
        let day = local_day(a.start_utc, a.utc_offset_s);
        day > today - days && day <= today
    };
    for a in list.iter().filter(in_window) {
        let i = match by_sport.iter().position(|t| t.sport == Some(a.sport)) {
            Some(i) => i,
            None => {
                by_sport.push(zero(Some(a.sport)));
                by_sport.len() - 1
            }
        };
        let seconds = a.active_s();
        let meters = a.distance_m.filter(|m| m.is_finite()).unwrap_or(0.0);
        for t in [&mut by_sport[i], &mut all] {
            t.sessions += 1;
            t.seconds += seconds;
            t.meters += meters;
        }
    }
    by_sport.sort_by(|a, b| b.seconds.total_cmp(&a.seconds));
    if by_sport.len() > 1 {
        by_sport.push(all);
    }
    by_sport
}

/// ACWR and monotony/strain for every day of `d` (monotony from the 7th day on).
fn balance(d: &Daily) -> Vec<BalanceDay> {
    let acwr = pmc::acwr(&d.totals, d.first);
    let mono = pmc::monotony_strain(&d.totals, d.first);
    // monotony_strain starts on the 7th day: align by offset.
    let lag = acwr.len() - mono.len().min(acwr.len());
    acwr.iter()
        .enumerate()
        .map(|(i, a)| {
            let m = i.checked_sub(lag).and_then(|j| mono.get(j));
            let week_load = d.totals[i.saturating_sub(6)..=i].iter().sum();
            BalanceDay {
                day: a.day,
                acwr: a.rolling,
                acwr_ewma: a.ewma,
                monotony: m.and_then(|m| m.monotony),
                strain: m.and_then(|m| m.strain),
                week_load,
            }
        })
        .collect()
}

/// The window of rides behind the dashboard's power profile, days.
const PROFILE_DAYS: u32 = 90;

impl AthleteScope<'_> {
    /// CP (2- and 3-parameter) and eFTP from the best ride efforts of the last
    /// `days`; `None` without ride power in that window.
    pub fn power_profile(&self, days: u32) -> Result<Option<PowerProfile>> {
        use load::cp;
        let (_, recent) = self.best_curves(Some(load::Sport::Bike), days as i32, true)?;
        if recent.points.is_empty() {
            return Ok(None);
        }
        let model = |f: cp::CpFit| CpModel {
            cp_w: f64::from(f.cp_w),
            w_prime_j: f64::from(f.w_prime_j),
            // P(0) = W′/(0 − k) + CP; k < 0 in practice.
            pmax_w: f
                .k_s
                .filter(|k| *k < 0.0)
                .map(|k| f64::from(f.cp_w) - f64::from(f.w_prime_j) / f64::from(k)),
            r2: f64::from(f.r2),
            credible: cp::is_credible(&f),
        };
        let eftp = cp::eftp(&recent);
        Ok(Some(PowerProfile {
            days,
            cp2: cp::cp2_from_curve(&recent).map(model),
            cp3: cp::cp3_from_curve(&recent).map(model),
            eftp_w: eftp.map(|e| f64::from(e.watts)),
            eftp_from_cp: eftp.is_some_and(|e| e.method == cp::EftpMethod::CriticalPower),
            best_20min_w: recent.at(1200).map(f64::from),
        }))
    }
}
