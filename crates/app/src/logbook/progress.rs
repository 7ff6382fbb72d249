//! Progress: e1RM per exercise over time, weekly volume per muscle group, personal
//! records with dates, the body-weight trend; the logbook list; the charts.

use paceline_logbook::{self as lb, Exercise, Formula, Muscle, Pr};
use paceline_types::{
    Chart, E1rmPoint, ExerciseProgress, ExerciseRecords, Logbook, LogbookChartKind,
    LogbookChartRequest, LogbookProgress, PrEntry, WeekVolumeEntry, WeightTrendPoint,
};

use super::{info, muscle_key, LogbookError};
use crate::{AppError, AthleteScope, Result};

fn pr(p: Option<Pr>) -> Option<PrEntry> {
    p.map(|p| PrEntry {
        day: p.day,
        value: p.value,
        reps: p.reps,
        weight_kg: p.weight_kg,
    })
}

fn records(sets: &[lb::SetEntry], e: &Exercise, own: bool) -> ExerciseRecords {
    let r = lb::personal_records(sets, &e.id);
    ExerciseRecords {
        exercise: info(e, own),
        heaviest: pr(r.heaviest),
        best_e1rm: pr(r.best_e1rm),
        best_day_volume: pr(r.best_day_volume),
    }
}

fn chart_err(e: paceline_charts::ChartError) -> AppError {
    AppError::Internal(e.to_string())
}

impl AthleteScope<'_> {
    /// Everything logged, newest first.
    pub fn logbook(&self) -> Result<Logbook> {
        Ok(Logbook {
            sessions: self.strength_sessions()?,
            manual: self.manual_workouts()?,
            journal: self.journal()?,
            body: self.body_metrics()?,
        })
    }

    /// Weekly volume per muscle group, the records of every exercise trained (by
    /// name) and the body-weight trend.
    pub fn logbook_progress(&self) -> Result<LogbookProgress> {
        let sets = self.progress_sets()?;
        let list = self.exercise_list()?;
        let exercises: Vec<Exercise> = list.iter().map(|(e, _)| e.clone()).collect();
        let weekly_volume = lb::weekly_volume(&sets, &exercises)
            .into_iter()
            .map(|w| WeekVolumeEntry {
                monday: w.monday,
                by_muscle: Muscle::ALL
                    .iter()
                    .filter_map(|m| w.by_muscle.get(m).map(|v| (muscle_key(*m), *v)))
                    .collect(),
            })
            .collect();
        let mut recs: Vec<ExerciseRecords> = list
            .iter()
            .filter(|(e, _)| sets.iter().any(|s| s.exercise_id == e.id))
            .map(|(e, own)| records(&sets, e, *own))
            .filter(|r| r.heaviest.is_some() || r.best_e1rm.is_some())
            .collect();
        recs.sort_by_key(|r| r.exercise.name.to_lowercase());
        Ok(LogbookProgress {
            weekly_volume,
            records: recs,
            weight: self.weight_trend()?,
        })
    }

    fn weight_trend(&self) -> Result<Vec<WeightTrendPoint>> {
        Ok(lb::weight_trend(&self.weight_readings()?)
            .into_iter()
            .map(|p| WeightTrendPoint {
                day: p.day,
                weight_kg: p.weight_kg,
                mean7_kg: p.mean7_kg,
            })
            .collect())
    }

    /// One exercise (id or name, library or own): its best e1RM per training day by
    /// Epley and Brzycki, and its records.
    pub fn exercise_progress(&self, exercise: &str) -> Result<ExerciseProgress> {
        let list = self.exercise_list()?;
        let k = exercise.trim();
        let Some((e, own)) = list
            .iter()
            .find(|(e, _)| e.id == k || e.name.eq_ignore_ascii_case(k))
        else {
            return Err(LogbookError::NoExercise(exercise.to_string()).into());
        };
        let sets = self.progress_sets()?;
        let epley = lb::best_e1rm_by_day(&sets, &e.id, Formula::Epley);
        let brzycki = lb::best_e1rm_by_day(&sets, &e.id, Formula::Brzycki);
        // Both come from the same sets (1–15 reps), so they have the same days.
        let e1rm = epley
            .iter()
            .zip(&brzycki)
            .map(|(a, b)| E1rmPoint {
                day: a.0,
                epley_kg: a.1,
                brzycki_kg: b.1,
            })
            .collect();
        Ok(ExerciseProgress {
            records: records(&sets, e, *own),
            e1rm,
        })
    }

    /// A logbook chart as SVG (the CLI writes PNG with [`crate::charts::svg_to_png`]).
    pub fn logbook_chart(&self, req: &LogbookChartRequest) -> Result<Chart> {
        let (t, w, h) = (req.theme, req.width, req.height);
        let svg = match &req.kind {
            LogbookChartKind::E1rm { exercise } => {
                let p = self.exercise_progress(exercise)?;
                let days: Vec<_> = p
                    .e1rm
                    .iter()
                    .map(|x| (x.day, x.epley_kg, x.brzycki_kg))
                    .collect();
                paceline_charts::e1rm_progress(&p.records.exercise.name, &days, t, w, h)
            }
            LogbookChartKind::WeeklyVolume => {
                let weeks: Vec<_> = self
                    .logbook_progress()?
                    .weekly_volume
                    .into_iter()
                    .map(|wk| {
                        let by = wk
                            .by_muscle
                            .into_iter()
                            .map(|(m, v)| (muscle_label(&m), v))
                            .collect();
                        (wk.monday, by)
                    })
                    .collect();
                paceline_charts::muscle_volume(&weeks, t, w, h)
            }
            LogbookChartKind::BodyWeight => {
                let days: Vec<_> = self
                    .weight_trend()?
                    .iter()
                    .map(|p| (p.day, p.weight_kg, p.mean7_kg))
                    .collect();
                paceline_charts::body_weight(&days, t, w, h)
            }
        }
        .map_err(chart_err)?;
        Ok(Chart { svg })
    }
}

fn muscle_label(key: &str) -> String {
    Muscle::ALL
        .iter()
        .find(|m| muscle_key(**m) == key)
        .map_or_else(|| key.to_string(), |m| m.label().to_string())
}
