//! The athlete context from the vault for `paceline-coach`'s brief.

use paceline_coach::context::{AthleteContext, Limits, PmcPoint, Session, WellnessPoint};
use paceline_plan::brief::{Availability, Fitness};
use paceline_plan::{Brief, Date, Plan};

use crate::{AthleteScope, Result};

/// Days of activities read for the brief: 12 weeks of load plus this week, the recent
/// sessions and the month before them are inside it.
const WINDOW_DAYS: i32 = 7 * 13 + 7;

impl AthleteScope<'_> {
    /// The brief of a plan starting today, or — when the athlete has not set their
    /// hours yet (chat and analysis do not need them) — the same parts without them.
    pub(crate) fn coach_brief(&self) -> Result<Brief> {
        if let Ok(b) = self.plan_brief() {
            return Ok(b);
        }
        let today = self.plan_today()?;
        let id = self.athlete_id;
        let rules = self.store.rules(id)?;
        let races: Vec<_> = self.store.races(id)?.into_iter().map(|r| r.race).collect();
        Ok(Brief {
            start_date: today,
            sports: self.practised_sports(today, &races)?,
            cross_training: Vec::new(),
            thresholds: self.plan_thresholds(today)?,
            fitness: Fitness {
                ctl: 0.0,
                atl: 0.0,
                history_daily_tss: Vec::new(),
            },
            races,
            availability_hours: self.store.availability(id)?.unwrap_or(Availability {
                mon: 0.0,
                tue: 0.0,
                wed: 0.0,
                thu: 0.0,
                fri: 0.0,
                sat: 0.0,
                sun: 0.0,
            }),
            equipment: self.store.equipment(id)?.unwrap_or_default(),
            injuries: self
                .store
                .injuries(id)?
                .into_iter()
                .map(|i| i.injury)
                .collect(),
            rules: rules.as_ref().map(|r| r.rules.clone()).unwrap_or_default(),
            rules_text: rules.map(|r| r.text).unwrap_or_default(),
            goal: None,
        })
    }

    /// Everything the coach's brief is written from, as of today.
    pub fn coach_context(&self) -> Result<AthleteContext> {
        let today = self.today()?;
        let brief = self.coach_brief()?;
        let pmc: Vec<PmcPoint> = self
            .pmc(Some(today - WINDOW_DAYS), Some(today - 1))?
            .into_iter()
            .map(|p| PmcPoint {
                date: Date(p.day),
                ctl: p.ctl,
                atl: p.atl,
                tsb: p.tsb,
            })
            .collect();
        let sessions = self
            .activities_in(today - WINDOW_DAYS, today)?
            .into_iter()
            .map(|(a, day, load)| Session {
                date: Date(day),
                sport: a.sport.key().to_string(),
                name: a.name.clone(),
                minutes: (a.active_s() / 60.0) as f32,
                distance_km: a.distance_m.map(|m| (m / 1000.0) as f32),
                load: load.map(|l| l as f32),
                avg_hr: a.avg_hr.map(|x| x as f32),
                avg_power: a.avg_power.map(|x| x as f32),
                rpe: a.rpe.map(|x| x as f32),
            })
            .collect();
        let wellness_days = self.wellness_days()?;
        let wellness = wellness_days
            .iter()
            .filter(|w| w.day > today - 35)
            .map(|w| WellnessPoint {
                date: Date(w.day),
                hrv_ms: w.rmssd_ms,
                resting_hr: w.resting_hr,
                sleep_h: w.sleep_h,
            })
            .collect();
        let tsb = pmc.last().map(|p| p.tsb);
        let r = paceline_load::readiness::readiness(&wellness_days, today, tsb);
        let readiness = r
            .score
            .filter(|_| !wellness_days.is_empty())
            .map(|s| (s, r.reasons.clone()));
        let plan = self
            .store
            .plan(self.athlete_id, None)?
            .map(|(meta, workouts)| Plan {
                version: Some(meta.version),
                parent_version: meta.parent,
                workouts,
            });
        Ok(AthleteContext {
            today: Date(today),
            brief,
            pmc,
            sessions,
            wellness,
            readiness,
            plan,
            limits: Limits::default(),
        })
    }
}
