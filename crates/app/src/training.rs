//! Training load at the application level: thresholds with history, metrics kept
//! up to date, the PMC and the dashboard. The math is `paceline-load`'s; this
//! module decides what to compute when and reads the clock (today).

use paceline_load::{self as load, pmc::DailyLoad};
use paceline_types::{
    ActivityMetrics, ActivitySummary, Chart, CriticalPower, Dashboard, Form, LoadChartKind,
    LoadChartRequest, SportLoad, Threshold, ThresholdSuggestion, Thresholds,
};

use crate::metrics::{self, local_day, wire_kind, wire_sport};
use crate::{now_utc, App, AppError, Result};

/// The athlete's "today", as a day number in their local time (the offset of the
/// latest activity; UTC before any).
pub(crate) fn today(app: &App) -> Result<i32> {
    let offset = app
        .store
        .list_activities(app.athlete_id)?
        .first()
        .map(|a| a.utc_offset_s)
        .unwrap_or(0);
    Ok(local_day(now_utc(), offset))
}

impl App {
    pub fn thresholds(&self) -> Result<Thresholds> {
        let entries = self.store.thresholds(self.athlete_id)?;
        Ok(Thresholds {
            suggestions: self.suggestions(&entries)?,
            entries,
        })
    }

    /// Adds or replaces a dated threshold and rescores every activity.
    pub fn set_threshold(&self, t: &Threshold) -> Result<()> {
        if !(t.value.is_finite() && t.value > 0.0) {
            return Err(AppError::InvalidInput(format!(
                "a threshold must be a positive number, not {}",
                t.value
            )));
        }
        self.store.set_threshold(self.athlete_id, t)?;
        self.recompute_metrics()
    }

    /// Recomputes and stores the metrics of every activity (after a threshold change).
    pub fn recompute_metrics(&self) -> Result<()> {
        let hist = metrics::history(&self.store.thresholds(self.athlete_id)?);
        self.backfill_power_curves()?;
        let curves = self
            .store
            .power_curves(self.athlete_id, i64::MIN, i64::MAX)?;
        let mut rows = Vec::new();
        for a in self.store.list_activities(self.athlete_id)? {
            let s = self.store.streams(a.id)?;
            let cp = metrics::cp_before(&curves, &a);
            rows.push((a.id, metrics::compute_with_cp(&a, &s, &hist, cp)));
        }
        Ok(self.store.put_metrics(&rows)?)
    }

    /// Computes and stores one activity's metrics, W′ balance included.
    pub(crate) fn score(&self, a: &ActivitySummary) -> Result<ActivityMetrics> {
        let cp = self.critical_power_before(a)?;
        self.score_with(a, cp)
    }

    fn score_with(
        &self,
        a: &ActivitySummary,
        cp: Option<CriticalPower>,
    ) -> Result<ActivityMetrics> {
        let hist = metrics::history(&self.store.thresholds(self.athlete_id)?);
        let mut m = metrics::compute_with_cp(a, &self.store.streams(a.id)?, &hist, cp);
        self.store.put_metrics(&[(a.id, m.clone())])?;
        // The curve stays in the vault: callers get what a later read gives.
        m.power_curve = None;
        Ok(m)
    }

    /// The activity's metrics. Imports score activities without W′ balance (the
    /// critical power comes from the efforts before each one, which a bulk import may
    /// not have stored yet), so it is added here — and redone whenever the efforts
    /// before the activity changed since.
    pub fn activity_metrics(&self, id: i64) -> Result<ActivityMetrics> {
        let a = self.store.activity(id)?.summary;
        let Some(m) = self.store.metrics(id)? else {
            return self.score(&a);
        };
        if m.normalized_power.is_none() {
            return Ok(m);
        }
        let cp = self.critical_power_before(&a)?;
        if cp == m.critical_power {
            return Ok(m);
        }
        self.score_with(&a, cp)
    }

    /// The critical power model valid before activity `a` (see [`metrics::cp_before`]).
    fn critical_power_before(&self, a: &ActivitySummary) -> Result<Option<CriticalPower>> {
        self.backfill_power_curves()?;
        let curves = self.store.power_curves(
            self.athlete_id,
            a.start_utc - metrics::CP_WINDOW_S,
            a.start_utc,
        )?;
        Ok(metrics::cp_before(&curves, a))
    }

    /// Computes the power curves a vault from before they were stored lacks (once
    /// per run: every metrics write since carries its curve).
    pub(crate) fn backfill_power_curves(&self) -> Result<()> {
        use std::sync::atomic::Ordering;
        if self.curves_complete.load(Ordering::Relaxed) {
            return Ok(());
        }
        let missing = self.store.missing_power_curves(self.athlete_id)?;
        if !missing.is_empty() {
            tracing::info!(activities = missing.len(), "computing stored power curves");
        }
        let mut curves = Vec::new();
        for (id, has_metrics) in missing {
            if !has_metrics {
                let a = self.store.activity(id)?.summary;
                self.score_with(&a, None)?;
                continue;
            }
            let s = self.store.streams(id)?;
            let power = metrics::one_hz(&s.time_s, &s.power_w, load::clean::Channel::Power);
            let c = load::curve::mean_max_default(&power);
            curves.push((id, c.points.iter().map(|p| (p.secs, p.value)).collect()));
        }
        self.store.put_power_curves(&curves)?;
        self.curves_complete.store(true, Ordering::Relaxed);
        Ok(())
    }

    fn daily_loads(&self) -> Result<(Vec<DailyLoad>, u32)> {
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

    /// The PMC (combined sports) from the first activity (or `from`) to `to`.
    pub fn pmc(&self, from: Option<i32>, to: Option<i32>) -> Result<Vec<load::pmc::PmcDay>> {
        let (loads, _) = self.daily_loads()?;
        let to = match to {
            Some(d) => d,
            None => today(self)?,
        };
        // The PMC always starts at the first load so fitness has its history,
        // then is cut to the requested window.
        let first = loads.iter().map(|l| l.day).min().unwrap_or(to);
        let days = load::pmc::pmc(
            &load::pmc::daily_totals(&loads, None, first.min(to), to),
            first.min(to),
            Default::default(),
            &Default::default(),
        );
        Ok(days
            .into_iter()
            .filter(|d| from.is_none_or(|f| d.day >= f))
            .collect())
    }

    pub fn dashboard(&self) -> Result<Dashboard> {
        let today = today(self)?;
        let (loads, unscored) = self.daily_loads()?;
        let pmc = self.pmc(None, Some(today))?;
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
        let wellness = self.wellness_days()?;
        let yesterday_tsb = pmc.iter().rev().nth(1).map(|d| d.tsb);
        let r = load::readiness::readiness(&wellness, today, yesterday_tsb);
        let has_wellness = !wellness.is_empty();
        Ok(Dashboard {
            today,
            form,
            readiness: if has_wellness { r.score } else { None },
            readiness_reasons: if has_wellness { r.reasons } else { Vec::new() },
            week,
            unscored,
        })
    }

    fn wellness_days(&self) -> Result<Vec<load::readiness::WellnessDay>> {
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

    fn suggestions(&self, entries: &[Threshold]) -> Result<Vec<ThresholdSuggestion>> {
        // New bests from the last 28 days of activities.
        let hist = metrics::history(entries);
        let today = today(self)?;
        let mut out: Vec<ThresholdSuggestion> = Vec::new();
        for a in self
            .store
            .list_activities(self.athlete_id)?
            .into_iter()
            .take(60)
        {
            let day = local_day(a.start_utc, a.utc_offset_s);
            if day < today - 28 {
                break;
            }
            let s = self.store.streams(a.id)?;
            let power = metrics::one_hz(&s.time_s, &s.power_w, load::clean::Channel::Power);
            let hr = metrics::one_hz(&s.time_s, &s.heart_rate, load::clean::Channel::HeartRate);
            let speed = metrics::one_hz(&s.time_s, &s.speed_mps, load::clean::Channel::Speed);
            let ev = load::thresholds::Evidence::from_streams(&power, &hr, &speed);
            for sg in load::thresholds::suggest(&hist, metrics::load_sport(a.sport), day, &ev) {
                let t = Threshold {
                    sport: sg.sport.map(wire_sport),
                    kind: wire_kind(sg.kind),
                    value: f64::from(sg.suggested),
                    from_day: sg.from,
                };
                // Keep the strongest suggestion per (sport, kind).
                match out
                    .iter_mut()
                    .find(|o| o.threshold.sport == t.sport && o.threshold.kind == t.kind)
                {
                    Some(o) if o.threshold.value >= t.value => {}
                    Some(o) => {
                        *o = ThresholdSuggestion {
                            threshold: t,
                            current: sg.current.map(f64::from),
                            reason: sg.reason,
                        }
                    }
                    None => out.push(ThresholdSuggestion {
                        threshold: t,
                        current: sg.current.map(f64::from),
                        reason: sg.reason,
                    }),
                }
            }
        }
        Ok(out)
    }

    pub fn load_chart(&self, req: &LoadChartRequest) -> Result<Chart> {
        use paceline_charts as ch;
        let draw = |r: std::result::Result<String, ch::ChartError>| {
            r.map_err(|e| AppError::Internal(e.to_string()))
        };
        let (w, h, theme) = (req.width, req.height, req.theme);
        let svg = match req.kind {
            LoadChartKind::Pmc90 | LoadChartKind::Pmc365 | LoadChartKind::PmcAll => {
                let range = match req.kind {
                    LoadChartKind::Pmc90 => ch::PmcRange::Days90,
                    LoadChartKind::Pmc365 => ch::PmcRange::Year,
                    _ => ch::PmcRange::All,
                };
                draw(ch::pmc_chart(&self.pmc(None, None)?, range, theme, w, h))?
            }
            LoadChartKind::WeeklyLoad => {
                let (loads, _) = self.daily_loads()?;
                draw(ch::weekly_load(&loads, today(self)?, 16, theme, w, h))?
            }
            LoadChartKind::PowerCurve => self.power_curve_chart(theme, w, h)?,
            LoadChartKind::ActivityPowerZones | LoadChartKind::ActivityHrZones => {
                let id = req.activity_id.ok_or_else(|| {
                    AppError::InvalidInput("a zone chart needs an activity".into())
                })?;
                let m = self.activity_metrics(id)?;
                let a = self.store.activity(id)?.summary;
                let run = metrics::load_sport(a.sport) == load::Sport::Run;
                let friel = if run {
                    load::zones::FrielSport::Run
                } else {
                    load::zones::FrielSport::Bike
                };
                // The zones of the thresholds the metrics were scored with.
                let (zones, secs, title) = if req.kind == LoadChartKind::ActivityPowerZones {
                    (
                        m.ftp
                            .and_then(|f| load::zones::coggan_power_zones(f as f32)),
                        &m.power_zones,
                        "Time in power zones",
                    )
                } else {
                    (
                        m.lthr
                            .and_then(|l| load::zones::friel_hr_zones5(l as f32, friel)),
                        &m.hr_zones,
                        "Time in heart-rate zones",
                    )
                };
                let zones = zones.unwrap_or(load::zones::Zones {
                    names: Vec::new(),
                    upper: Vec::new(),
                    upper_inclusive: true,
                });
                let secs: Vec<u32> = secs.iter().map(|z| z.seconds).collect();
                draw(ch::time_in_zone(&zones, &secs, title, theme, w, h))?
            }
        };
        Ok(Chart { svg })
    }

    fn power_curve_chart(&self, theme: paceline_types::Theme, w: u32, h: u32) -> Result<String> {
        let today = today(self)?;
        // The stored per-activity curves: a few KB each instead of every stream.
        self.backfill_power_curves()?;
        let grid = load::curve::default_durations(6 * 3600);
        let (mut all, mut recent) = (Vec::new(), Vec::new());
        for r in self
            .store
            .power_curves(self.athlete_id, i64::MIN, i64::MAX)?
        {
            let points = r
                .curve
                .iter()
                .map(|&(secs, value)| load::curve::MeanMaxPoint {
                    secs,
                    value,
                    start: 0,
                });
            // On the common grid only: each activity's own full length would add a
            // point of its own to the merged curve.
            let c = load::curve::MeanMaxCurve {
                points: points
                    .filter(|p| grid.binary_search(&p.secs).is_ok())
                    .collect(),
            };
            if local_day(r.start_utc, r.utc_offset_s) > today - 90 {
                recent.push(c.clone());
            }
            all.push(c);
        }
        let best_of = |v: &[load::curve::MeanMaxCurve]| {
            (!v.is_empty())
                .then(|| load::curve::MeanMaxCurve::best_of(&v.iter().collect::<Vec<_>>()))
        };
        let (best, recent) = (best_of(&all), best_of(&recent));
        let empty = load::curve::MeanMaxCurve { points: Vec::new() };
        let best = best.unwrap_or_else(|| empty.clone());
        let recent = recent.unwrap_or(empty);
        let fit = load::cp::cp2_from_curve(&best);
        paceline_charts::power_curve(
            &paceline_charts::PowerCurves {
                best: &best,
                recent: &recent,
                recent_label: "Last 90 days",
                fit: fit.as_ref(),
            },
            theme,
            w,
            h,
        )
        .map_err(|e| AppError::Internal(e.to_string()))
    }
}
