//! Training load at the application level: thresholds with history, metrics kept
//! up to date (W′ balance with the critical power before each activity), and
//! threshold suggestions. The math is `paceline-load`'s; this module decides what
//! to compute when and reads the clock (today). The PMC and dashboard are in
//! `dashboard.rs`, the charts in `load_charts.rs`.

use paceline_load::{self as load};
use paceline_types::{
    ActivityMetrics, ActivitySummary, CriticalPower, Threshold, ThresholdId, ThresholdSuggestion,
    Thresholds, ZoneRange, ZoneSet,
};

use crate::metrics::{self, local_day, wire_sport};
use crate::{AppError, AthleteScope, Result};

/// The athlete's "today" from the app's one clock: the local day in their time
/// zone when they have one, else in the offset of their latest activity (UTC before any).
pub(crate) fn today(s: &AthleteScope) -> Result<i32> {
    let now = s.app.now();
    if let Some(tz) = s.store.athlete(s.athlete_id)?.tz {
        match paceline_jobs::local_day(now, &tz) {
            Ok(day) => return Ok(day),
            Err(e) => {
                tracing::warn!(error = %e, "athlete time zone unusable; using the latest offset")
            }
        }
    }
    let offset = s.store.latest_utc_offset(s.athlete_id)?.unwrap_or(0);
    Ok(local_day(now, offset))
}

impl AthleteScope<'_> {
    /// Today for this athlete (days since 1970-01-01): the one definition the CLI
    /// and the UI use.
    pub fn today(&self) -> Result<i32> {
        today(self)
    }

    pub fn thresholds(&self) -> Result<Thresholds> {
        let entries = self.store.thresholds(self.athlete_id)?;
        let today = today(self)?;
        Ok(Thresholds {
            suggestions: self.suggestions(&entries)?,
            zones: zone_sets(&metrics::history(&entries), today),
            entries,
            today,
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

    /// Removes one dated threshold and rescores every activity: the previous entry of
    /// the same sport and kind (if any) is valid again from that day.
    pub fn delete_threshold(&self, id: &ThresholdId) -> Result<()> {
        if !self.store.delete_threshold(self.athlete_id, id)? {
            let (y, m, d) = paceline_types::date::civil_from_days(i64::from(id.from_day));
            return Err(AppError::NotFound(format!(
                "no {} threshold{} from {y:04}-{m:02}-{d:02} to delete",
                id.kind.key(),
                id.sport
                    .map(|s| format!(" for {}", s.key()))
                    .unwrap_or_default(),
            )));
        }
        self.recompute_metrics()
    }

    /// Recomputes and stores the metrics of every activity (after a threshold change).
    pub fn recompute_metrics(&self) -> Result<()> {
        let sc = self.scoring()?;
        self.backfill_power_curves()?;
        let curves = self
            .store
            .power_curves(self.athlete_id, i64::MIN, i64::MAX)?;
        let list = self.store.list_activities(self.athlete_id)?;
        // Reading and scoring every stream is the slow part: one worker per core,
        // each with its own reader connection; one write at the end.
        let next = std::sync::atomic::AtomicUsize::new(0);
        let workers = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .min(list.len().max(1));
        let score = || -> Result<Vec<(i64, ActivityMetrics)>> {
            let mut out = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(a) = list.get(i) else {
                    return Ok(out);
                };
                let s = self.store.streams(self.athlete_id, a.id)?;
                let lr = self.balance_stream(a.id)?;
                let cp = metrics::cp_before(&curves, a);
                out.push((a.id, metrics::compute_with_cp(a, &s, &lr, &sc, cp)));
            }
        };
        let parts: Vec<Result<Vec<_>>> = std::thread::scope(|sc| {
            let handles: Vec<_> = (0..workers).map(|_| sc.spawn(score)).collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("scoring does not panic"))
                .collect()
        });
        let mut rows = Vec::with_capacity(list.len());
        for p in parts {
            rows.extend(p?);
        }
        Ok(self.store.put_metrics(&rows)?)
    }

    /// Rates an activity (CR-10 session RPE, `None` clears it) and rescores it: the
    /// rating is its load when nothing else (power, pace, HR) can score it.
    pub fn set_activity_rpe(&self, id: i64, rpe: Option<f64>) -> Result<ActivityMetrics> {
        if let Some(r) = rpe.filter(|r| !(r.is_finite() && (0.0..=10.0).contains(r))) {
            return Err(AppError::InvalidInput(format!(
                "RPE is rated 0 (rest) to 10 (maximal), not {r}"
            )));
        }
        self.store.set_activity_rpe(self.athlete_id, id, rpe)?;
        self.score(&self.store.activity(self.athlete_id, id)?.summary)
    }

    /// The activity's right-leg power share per sample, empty when not recorded.
    fn balance_stream(&self, id: i64) -> Result<Vec<f32>> {
        Ok(self
            .store
            .extra_stream(self.athlete_id, id, metrics::LR_BALANCE)?
            .unwrap_or_default())
    }

    /// The thresholds and profile activities are scored with.
    pub(crate) fn scoring(&self) -> Result<metrics::Scoring> {
        Ok(metrics::Scoring::new(
            &self.store.thresholds(self.athlete_id)?,
            self.store.athlete_sex(self.athlete_id)?,
        ))
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
        let sc = self.scoring()?;
        let (s, lr) = (
            self.store.streams(self.athlete_id, a.id)?,
            self.balance_stream(a.id)?,
        );
        let mut m = metrics::compute_with_cp(a, &s, &lr, &sc, cp);
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
        let a = self.store.activity(self.athlete_id, id)?.summary;
        let Some(m) = self.store.metrics(self.athlete_id, id)? else {
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
    /// per run, and only while the vault does not note itself complete: every
    /// metrics write since carries its curve).
    pub(crate) fn backfill_power_curves(&self) -> Result<()> {
        use std::sync::atomic::Ordering;
        if self.app.curves_complete.load(Ordering::Relaxed) {
            return Ok(());
        }
        if self.store.power_curves_complete()? {
            self.app.curves_complete.store(true, Ordering::Relaxed);
            return Ok(());
        }
        self.store.start_power_curve_check()?;
        let missing = self.store.missing_power_curves(self.athlete_id)?;
        if !missing.is_empty() {
            tracing::info!(activities = missing.len(), "computing stored power curves");
        }
        let mut curves = Vec::new();
        for (id, has_metrics) in missing {
            if !has_metrics {
                let a = self.store.activity(self.athlete_id, id)?.summary;
                self.score_with(&a, None)?;
                continue;
            }
            let s = self.store.streams(self.athlete_id, id)?;
            let power = metrics::one_hz(&s.time_s, &s.power_w, load::clean::Channel::Power);
            let c = load::curve::mean_max_default(&power);
            curves.push((id, c.points.iter().map(|p| (p.secs, p.value)).collect()));
        }
        self.store.put_power_curves(&curves)?;
        self.app.curves_complete.store(true, Ordering::Relaxed);
        Ok(())
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
            let s = self.store.streams(self.athlete_id, a.id)?;
            let power = metrics::one_hz(&s.time_s, &s.power_w, load::clean::Channel::Power);
            let hr = metrics::one_hz(&s.time_s, &s.heart_rate, load::clean::Channel::HeartRate);
            let speed = metrics::one_hz(&s.time_s, &s.speed_mps, load::clean::Channel::Speed);
            let ev = load::thresholds::Evidence::from_streams(&power, &hr, &speed);
            for sg in load::thresholds::suggest(&hist, metrics::load_sport(a.sport), day, &ev) {
                let t = Threshold {
                    sport: sg.sport.map(wire_sport),
                    kind: sg.kind,
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
}

/// The zone models the thresholds valid on `day` give: Coggan power (ride FTP),
/// Friel HR for ride and run (LTHR), Friel run pace (threshold speed).
fn zone_sets(hist: &load::thresholds::ThresholdHistory, day: i32) -> Vec<ZoneSet> {
    use load::thresholds::ThresholdKind as K;
    use load::zones::{self as z, FrielSport};
    use load::Sport as S;
    type Model = fn(f32) -> Option<z::Zones>;
    let specs: [(&str, S, K, Model); 4] = [
        ("Power (Coggan)", S::Bike, K::Ftp, z::coggan_power_zones),
        ("Heart rate, ride (Friel)", S::Bike, K::Lthr, |l| {
            z::friel_hr_zones7(l, FrielSport::Bike)
        }),
        ("Heart rate, run (Friel)", S::Run, K::Lthr, |l| {
            z::friel_hr_zones7(l, FrielSport::Run)
        }),
        (
            "Run pace (Friel)",
            S::Run,
            K::ThresholdSpeed,
            z::friel_pace_zones,
        ),
    ];
    specs
        .into_iter()
        .filter_map(|(title, sport, kind, model)| {
            let value = hist.get(sport, kind, day)?;
            let zones = model(value)?;
            let bound = |i: usize| zones.upper.get(i).map(|&u| f64::from(u));
            Some(ZoneSet {
                title: title.into(),
                kind,
                sport: Some(wire_sport(sport)),
                threshold: f64::from(value),
                zones: zones
                    .names
                    .iter()
                    .enumerate()
                    .map(|(i, name)| ZoneRange {
                        name: name.clone(),
                        low: i.checked_sub(1).and_then(bound),
                        high: bound(i),
                    })
                    .collect(),
            })
        })
        .collect()
}

impl crate::App {
    /// Critical swim speed (m/s) from a 400 m and a 200 m time trial (the 400/200
    /// test, Wakayoshi 1992), seconds each.
    pub fn css_from_test(t400_s: f64, t200_s: f64) -> Result<f64> {
        load::swim::css_from_test(t400_s as f32, t200_s as f32)
            .map(f64::from)
            .ok_or_else(|| {
                AppError::InvalidInput(format!(
                    "the 400 m time must be longer than the 200 m time, both above 0 \
                     (got {t400_s} s and {t200_s} s)"
                ))
            })
    }
}
