//! An athlete's activities: the list, one activity's page and its chart.

use paceline_types::{ActivityDetail, ActivitySummary, Chart, ChartRequest, StreamKind};

use crate::{metrics, AppError, AthleteScope, Result};

impl AthleteScope<'_> {
    pub fn list_activities(&self) -> Result<Vec<ActivitySummary>> {
        Ok(self.store.list_activities(self.athlete_id)?)
    }

    pub fn activity(&self, id: i64) -> Result<ActivityDetail> {
        let a = self.store.activity(self.athlete_id, id)?;
        let streams = self.store.streams(self.athlete_id, id)?;
        let kinds = streams
            .present()
            .into_iter()
            .filter_map(|s| {
                use paceline_model::StreamId as S;
                Some(match s {
                    S::HeartRate => StreamKind::HeartRate,
                    S::Power => StreamKind::Power,
                    S::Speed => StreamKind::Speed,
                    S::Cadence => StreamKind::Cadence,
                    S::Altitude => StreamKind::Altitude,
                    S::Distance => StreamKind::Distance,
                    S::Lat => StreamKind::Position,
                    S::Temperature => StreamKind::Temperature,
                    S::Time | S::Lon => return None,
                })
            })
            .collect();
        let mut extras = self.extras_summary(id)?;
        extras.pool_length_m = a.pool_length_m;
        Ok(ActivityDetail {
            summary: a.summary,
            laps: a.laps,
            streams: kinds,
            sample_count: a.sample_count,
            warnings: a.warnings,
            extras,
        })
    }

    fn extras_summary(&self, id: i64) -> Result<paceline_types::ExtrasSummary> {
        use paceline_types as t;
        let x = self.store.extras(self.athlete_id, id)?;
        let active: Vec<_> = x.lengths.iter().filter(|l| l.active).collect();
        let strokes: Vec<u32> = active
            .iter()
            .filter_map(|l| l.strokes.map(u32::from))
            .collect();
        Ok(t::ExtrasSummary {
            legs: x
                .legs
                .iter()
                .map(|l| t::LegSummary {
                    sport: l.sport.unwrap_or(t::Sport::Other),
                    start_utc: l.start_utc,
                    elapsed_s: l.elapsed_s,
                    distance_m: l.distance_m,
                    avg_hr: l.avg_hr,
                    avg_power: l.avg_power,
                })
                .collect(),
            streams: x
                .streams
                .iter()
                .map(|s| t::NamedStream {
                    key: s.key.clone(),
                    name: s.name.clone(),
                    units: s.units.clone(),
                })
                .collect(),
            hrv_beats: x.rr_ms.len() as u32,
            active_lengths: active.len() as u32,
            strokes: (!strokes.is_empty()).then(|| strokes.iter().sum()),
            pool_length_m: None, // on the activity row: set by `activity`
            strength_sets: x
                .sets
                .iter()
                .filter(|s| s.active)
                .map(|s| t::SetSummary {
                    reps: s.reps.map(u32::from),
                    weight_kg: s.weight_kg,
                    duration_s: s.duration_s,
                })
                .collect(),
            linked_files: self
                .store
                .linked_files(self.athlete_id, id)?
                .into_iter()
                .map(|f| format!("{} ({})", f.file_name, f.format.to_ascii_uppercase()))
                .collect(),
        })
    }

    /// The activity's streams with its training zones (the thresholds valid on its
    /// day) and lap starts.
    pub fn activity_chart(&self, req: &ChartRequest) -> Result<Chart> {
        use paceline_load::zones::{coggan_power_zones, friel_hr_zones5, FrielSport};
        let a = self.store.activity(self.athlete_id, req.id)?;
        let streams = self.store.streams(self.athlete_id, req.id)?;
        let sport = metrics::load_sport(a.summary.sport);
        let (power_zones, hr_zones) = if req.zones {
            let hist = metrics::history(&self.store.thresholds(self.athlete_id)?);
            let day = metrics::local_day(a.summary.start_utc, a.summary.utc_offset_s);
            let th = paceline_load::ActivityThresholds::from_history(&hist, sport, day);
            let friel = FrielSport::of(sport);
            (
                th.ftp_w.and_then(coggan_power_zones),
                th.lthr.and_then(|l| friel_hr_zones5(l, friel)),
            )
        } else {
            (None, None)
        };
        let laps: Vec<f64> = if req.laps {
            a.laps
                .iter()
                .map(|l| (l.start_utc - a.summary.start_utc) as f64)
                .collect()
        } else {
            Vec::new()
        };
        let overlays = paceline_charts::StreamOverlays {
            power_zones: power_zones.as_ref(),
            hr_zones: hr_zones.as_ref(),
            lap_starts_s: &laps,
        };
        let draw = if req.by_distance {
            paceline_charts::activity_streams_by_distance
        } else {
            paceline_charts::activity_streams
        };
        let svg = draw(
            &streams,
            a.summary.sport,
            &overlays,
            req.theme,
            req.units,
            req.width,
            req.height,
        )
        .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(Chart { svg })
    }
}
