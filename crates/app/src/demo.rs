//! The demo athlete: a deterministic history written by our FIT writer and imported
//! through the normal path, with thresholds and morning wellness.

use paceline_types::ImportReport;

use crate::{import, AthleteScope, Result};

impl AthleteScope<'_> {
    /// Fills an empty vault with the demo athlete's history (weeks ending yesterday).
    /// Does nothing if the vault already holds activities.
    pub fn seed_demo(&self, weeks: u32) -> Result<ImportReport> {
        if self.store.activity_count(self.athlete_id)? > 0 {
            return Ok(ImportReport::default());
        }
        let demo = paceline_demo::ALEX;
        // Athlete names are unique: a second demo athlete keeps the name they have.
        let taken = self
            .store
            .athletes()?
            .iter()
            .any(|a| a.id != self.athlete_id && a.name.eq_ignore_ascii_case(demo.name));
        if !taken {
            self.store.rename_athlete(self.athlete_id, demo.name)?;
        }
        self.store
            .set_athlete_sex(self.athlete_id, Some(demo.sex))?;
        let today = self.app.now().div_euclid(86_400) * 86_400;
        let first_day = (today / 86_400) as i32 - 7 * (weeks as i32 + 1);
        demo_thresholds(self, &demo, first_day)?;
        let files = paceline_demo::generate(&demo, today, weeks, 42);
        let report = import::import_memory(
            self,
            files.into_iter().map(|f| (f.file_name, f.bytes)).collect(),
            import::ImportOptions::default(),
        );
        tracing::info!(outcome = %report.headline(), "demo athlete seeded");
        // The history is seeded whatever happens to the plan.
        if let Err(e) = demo_plan(self) {
            tracing::warn!(error = %e, "demo plan not made");
        }
        Ok(report)
    }
}

/// Days from today to the demo athlete's A race (about ten weeks).
pub const DEMO_RACE_IN_DAYS: i32 = 69;

/// The demo athlete's goals (an Olympic triathlon about ten weeks out, the hours,
/// equipment and a rest day of the history) and a plan generated for them, so the
/// Coach and Calendar pages are alive on first start. A plan the checker refuses is
/// logged, not an error.
fn demo_plan(app: &AthleteScope) -> Result<()> {
    use paceline_plan::brief::{Availability, Equipment, Priority, Race, RaceSport, Rule};
    use paceline_plan::Weekday;
    let today = app.plan_today()?;
    app.add_race(&Race {
        date: today.plus(DEMO_RACE_IN_DAYS),
        name: "Lakeside Olympic Triathlon".into(),
        sport: RaceSport::Triathlon,
        distance_km: Some(51.5),
        priority: Priority::A,
        target_time_min: Some(150.0),
        taper_days: None,
    })?;
    app.set_availability(&Availability {
        mon: 0.0,
        tue: 1.5,
        wed: 1.0,
        thu: 1.0,
        fri: 1.0,
        sat: 3.0,
        sun: 2.5,
    })?;
    app.set_equipment(&Equipment {
        indoor_trainer: true,
        power_meter: true,
        pool_access: true,
        open_water: true,
        ..Default::default()
    })?;
    app.set_plan_rules(
        &[Rule::RestDay { day: Weekday::Mon }],
        "Mondays are rest days.",
    )?;
    let g = app.generate_plan()?;
    match g.version {
        Some(v) => tracing::info!(version = v, workouts = g.plan.workouts.len(), "demo plan"),
        None => {
            tracing::warn!(violations = ?g.report.violations, "demo plan refused by the checker")
        }
    }
    Ok(())
}

/// The demo athlete's thresholds (FTP, LTHR, max and resting HR, weight, threshold
/// pace, CSS), all valid from `from_day`.
pub fn demo_threshold_entries(
    d: &paceline_demo::Athlete,
    from_day: i32,
) -> Vec<paceline_types::Threshold> {
    use paceline_types::{Sport, Threshold, ThresholdKind as K};
    let all = |kind, value: f64| Threshold {
        sport: None,
        kind,
        value,
        from_day,
    };
    vec![
        Threshold {
            sport: Some(Sport::Ride),
            ..all(K::Ftp, d.ftp_w)
        },
        all(K::Lthr, d.lthr),
        all(K::MaxHr, d.max_hr),
        all(K::RestingHr, d.rest_hr),
        all(K::Weight, d.weight_kg),
        Threshold {
            sport: Some(Sport::Run),
            ..all(K::ThresholdSpeed, d.threshold_run_mps)
        },
        Threshold {
            sport: Some(Sport::Swim),
            ..all(K::Css, d.css_mps)
        },
    ]
}

/// The demo athlete's morning wellness (HRV, resting HR, sleep) for days
/// `from_day..to_day`, as vault rows.
pub fn demo_wellness_rows(
    d: &paceline_demo::Athlete,
    from_day: i32,
    to_day: i32,
) -> Vec<paceline_store::WellnessRow> {
    paceline_demo::wellness(d, from_day, to_day)
        .into_iter()
        .map(|w| paceline_store::WellnessRow {
            day: w.day,
            hrv_rmssd_ms: Some(w.hrv_rmssd_ms),
            resting_hr: Some(w.resting_hr),
            sleep_s: Some(w.sleep_s),
            sleep_score: Some(w.sleep_score),
        })
        .collect()
}

/// The demo athlete's thresholds, valid from the start of the demo history.
fn demo_thresholds(app: &AthleteScope, d: &paceline_demo::Athlete, from_day: i32) -> Result<()> {
    let entries = demo_threshold_entries(d, from_day);
    for t in &entries {
        app.store.set_threshold(app.athlete_id, t)?;
    }
    let wellness = demo_wellness_rows(d, from_day, (app.app.now() / 86_400) as i32 + 1);
    app.store.put_wellness(app.athlete_id, &wellness)?;
    Ok(())
}
