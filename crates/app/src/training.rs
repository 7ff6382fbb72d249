//! Training load at the application level: thresholds with history, metrics kept
//! up to date, the PMC and the dashboard. The math is `paceline-load`'s; this
//! module decides what to compute when and reads the clock (today).

use paceline_load::{self as load, pmc::DailyLoad};
use paceline_types::{
    ActivityMetrics, Chart, Dashboard, Form, LoadChartKind, LoadChartRequest, SportLoad, Threshold,
    ThresholdSuggestion, Thresholds,
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
        let mut rows = Vec::new();
        for a in self.store.list_activities(self.athlete_id)? {
            let s = self.store.streams(a.id)?;
            rows.push((a.id, metrics::compute(&a, &s, &hist)));
        }
        Ok(self.store.put_metrics(&rows)?)
    }

    /// Computes and stores one activity's metrics (after its import).
    pub(crate) fn score(&self, id: i64) -> Result<ActivityMetrics> {
        let hist = metrics::history(&self.store.thresholds(self.athlete_id)?);
        let a = self.store.activity(id)?.summary;
        let m = metrics::compute(&a, &self.store.streams(id)?, &hist);
        self.store.put_metrics(&[(id, m.clone())])?;
        Ok(m)
    }

    pub fn activity_metrics(&self, id: i64) -> Result<ActivityMetrics> {
        match self.store.metrics(id)? {
            Some(m) => Ok(m),
            None => self.score(id),
        }
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
        let durations = load::curve::default_durations(6 * 3600);
        let (mut all, mut recent) = (Vec::new(), Vec::new());
        for a in self.store.list_activities(self.athlete_id)? {
            if a.avg_power.is_none() {
                continue;
            }
            let s = self.store.streams(a.id)?;
            let power = metrics::one_hz(&s.time_s, &s.power_w, load::clean::Channel::Power);
            let c = load::curve::mean_max(&power, &durations);
            if local_day(a.start_utc, a.utc_offset_s) > today - 90 {
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
