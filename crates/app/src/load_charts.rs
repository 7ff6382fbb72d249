//! The training-load charts: PMC (with per-sport fitness), weekly load, power
//! curve, HRV and resting HR, and an activity's time in zones.

use paceline_load::pmc::pmc_by_sport;
use paceline_load::{self as load};
use paceline_types::{Chart, LoadChartKind, LoadChartRequest};

use crate::metrics::{self, local_day};
use crate::training::today;
use crate::{AppError, AthleteScope, Result};

/// Days the HRV chart shows, ending today (as the PMC's default range).
const HRV_DAYS: i32 = 90;

impl AthleteScope<'_> {
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
                let (loads, _) = self.daily_loads()?;
                let today = today(self)?;
                let first = Self::daily(&loads, today).first;
                let lines = pmc_by_sport(&loads, first, today, &Default::default());
                draw(ch::pmc_chart(&lines, range, theme, w, h))?
            }
            LoadChartKind::HrvTrend => {
                // All of it: the band and the 7-day means look back from the first day shown.
                let from = today(self)? - (HRV_DAYS - 1);
                draw(ch::hrv_trend(
                    &self.wellness_days()?,
                    Some(from),
                    theme,
                    w,
                    h,
                ))?
            }
            LoadChartKind::WeeklyLoad => {
                let (loads, _) = self.daily_loads()?;
                draw(ch::weekly_load(&loads, today(self)?, 16, theme, w, h))?
            }
            LoadChartKind::PowerCurve => self.power_curve_chart(theme, w, h)?,
            LoadChartKind::ActivityPowerZones
            | LoadChartKind::ActivityHrZones
            | LoadChartKind::ActivityPaceZones => {
                let id = req.activity_id.ok_or_else(|| {
                    AppError::InvalidInput("a zone chart needs an activity".into())
                })?;
                let m = self.activity_metrics(id)?;
                let a = self.store.activity(self.athlete_id, id)?.summary;
                let friel = load::zones::FrielSport::of(metrics::load_sport(a.sport));
                // The zones of the thresholds the metrics were scored with.
                let (zones, secs, title) = match req.kind {
                    LoadChartKind::ActivityPowerZones => (
                        m.ftp
                            .and_then(|f| load::zones::coggan_power_zones(f as f32)),
                        &m.power_zones,
                        "Time in power zones",
                    ),
                    LoadChartKind::ActivityPaceZones => (
                        m.threshold_speed_mps
                            .and_then(|s| load::zones::friel_pace_zones(s as f32)),
                        &m.pace_zones,
                        "Time in pace zones",
                    ),
                    _ => (
                        m.lthr
                            .and_then(|l| load::zones::friel_hr_zones5(l as f32, friel)),
                        &m.hr_zones,
                        "Time in heart-rate zones",
                    ),
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

    /// The best-ever and last-`days` mean-max curves on the default grid, of every
    /// activity or only of `sport`. `recent_only` skips reading older curves (the
    /// first curve is then the recent one too).
    pub(crate) fn best_curves(
        &self,
        sport: Option<load::Sport>,
        days: i32,
        recent_only: bool,
    ) -> Result<(load::curve::MeanMaxCurve, load::curve::MeanMaxCurve)> {
        let today = today(self)?;
        // The stored per-activity curves: a few KB each instead of every stream.
        self.backfill_power_curves()?;
        let grid = load::curve::default_durations(6 * 3600);
        // A day of margin for time zones; the local day decides below.
        let from = if recent_only {
            i64::from(today - days) * 86_400 - 86_400
        } else {
            i64::MIN
        };
        let mut rows = self.store.power_curves(self.athlete_id, from, i64::MAX)?;
        rows.retain(|r| sport.is_none_or(|s| metrics::load_sport(r.sport) == s));
        let all = metrics::best_on_grid(&rows, &grid);
        let recent = metrics::best_on_grid(
            rows.iter()
                .filter(|r| local_day(r.start_utc, r.utc_offset_s) > today - days),
            &grid,
        );
        let curve = |best: Vec<f32>| load::curve::MeanMaxCurve {
            points: grid
                .iter()
                .zip(best)
                .filter(|(_, v)| *v > 0.0)
                .map(|(&secs, value)| load::curve::MeanMaxPoint {
                    secs,
                    value,
                    start: 0,
                })
                .collect(),
        };
        Ok((curve(all), curve(recent)))
    }

    fn power_curve_chart(&self, theme: paceline_types::Theme, w: u32, h: u32) -> Result<String> {
        // Rides: running power (Stryd) sits on another scale and would blur the
        // cycling curve and its CP; an athlete with only running power sees that.
        let (mut best, mut recent) = self.best_curves(Some(load::Sport::Bike), 90, false)?;
        if best.points.is_empty() {
            (best, recent) = self.best_curves(None, 90, false)?;
        }
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
