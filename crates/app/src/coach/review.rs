//! The weekly review: the week's facts computed from the vault (planned vs done, load
//! and form, key sessions, wellness), written by the model with the `weekly_review`
//! prompt when a provider is configured, else by rule (also when the model fails:
//! the scheduled review always lands), stored in the vault and announced as a job
//! payload the window turns into a desktop notification. The schedule (`sun 19:00`
//! in the athlete's zone) is an athlete setting, restored when the shell starts.

use std::collections::BTreeMap;
use std::sync::Arc;

use paceline_coach::review::{
    rule_review, FormChange, KeySession, PlannedWeek, SportWeek, WeekFacts, WellnessWeek,
};
use paceline_llm::ChatRequest;
use paceline_plan::{compliance, Date, Plan};
use paceline_store::ReviewRow;
use paceline_types::{kind, AthleteId, CoachReviewView, JobId, JobPayload};
use serde_json::json;

use crate::{App, AppError, AthleteScope, Result};

/// The athlete's review schedule as they wrote it (`sun 19:00`, or with a zone).
fn schedule_key(athlete: AthleteId) -> String {
    format!("athlete/{athlete}/coach.review_schedule")
}

/// The scheduler entry of an athlete's review.
fn schedule_name(athlete: AthleteId) -> String {
    format!("coach-review/{athlete}")
}

fn mean(v: impl Iterator<Item = f32>) -> Option<f32> {
    let (mut s, mut n) = (0.0, 0);
    for x in v.filter(|x| x.is_finite()) {
        s += x;
        n += 1;
    }
    (n > 0).then(|| s / n as f32)
}

/// The Monday of an ISO week (`2026-W48`).
fn monday_of(week: &str) -> Result<Date> {
    let w = crate::parse_week(week)?;
    let m = w.monday();
    Date::from_ymd(
        i32::from(m.year()),
        m.month().unsigned_abs().into(),
        m.day().unsigned_abs().into(),
    )
    .ok_or_else(|| AppError::InvalidInput(format!("week {week} is out of range")))
}

fn view(r: ReviewRow) -> Result<CoachReviewView> {
    let monday = monday_of(&r.week)?;
    Ok(CoachReviewView {
        id: r.id,
        athlete_id: r.athlete_id,
        week: r.week,
        monday: monday.to_string(),
        sunday: monday.plus(6).to_string(),
        created_utc: r.created_utc,
        source: r.source,
        text: r.text,
        facts_json: r.facts,
    })
}

impl App {
    /// Sets the athlete's time zone (IANA, e.g. `Europe/Berlin`; `None` clears it):
    /// their "today" and the review schedule's short form follow it.
    pub fn set_athlete_tz(&self, athlete: AthleteId, tz: Option<&str>) -> Result<()> {
        let tz = tz.map(str::trim).filter(|t| !t.is_empty());
        if let Some(t) = tz {
            paceline_jobs::validate_tz(t).map_err(|e| AppError::InvalidInput(e.to_string()))?;
        }
        Ok(self.store.set_athlete_tz(athlete, tz)?)
    }

    /// The zone a short schedule (`sun 19:00`) is read in: the athlete's, else the
    /// whole-hour offset of their latest activity, else UTC.
    fn review_tz(&self, athlete: AthleteId) -> Result<String> {
        if let Some(tz) = self.store.athlete(athlete)?.tz {
            return Ok(tz);
        }
        Ok(match self.store.latest_utc_offset(athlete)? {
            // Etc/GMT zones count the other way: UTC+1 is Etc/GMT-1.
            Some(off) if off != 0 && off % 3600 == 0 => format!("Etc/GMT{:+}", -off / 3600),
            _ => "UTC".into(),
        })
    }

    /// Writes the athlete's weekly review on `schedule` from now on (`sun 19:00` in
    /// their zone, a full schedule such as `sun 19:00 Europe/Paris`, or `None`/`off`
    /// to stop); the choice is saved and brought back by
    /// [`App::restore_review_schedules`]. Returns when the next review is due.
    pub fn set_review_schedule(
        &self,
        athlete: AthleteId,
        schedule: Option<&str>,
    ) -> Result<Option<i64>> {
        self.athlete(athlete)?;
        let text = schedule.map(str::trim).unwrap_or_default();
        let parsed = crate::people::parse_schedule(text, &self.review_tz(athlete)?)?;
        let Some(s) = parsed else {
            self.unschedule(&schedule_name(athlete));
            self.store.set_setting(&schedule_key(athlete), "")?;
            return Ok(None);
        };
        let first = self.schedule(&schedule_name(athlete), s, move |app| {
            app.start_coach_review(athlete, None)
        })?;
        self.store.set_setting(&schedule_key(athlete), text)?;
        tracing::info!(athlete, schedule = text, "weekly review scheduled");
        Ok(Some(first))
    }

    /// The athlete's review schedule as saved (`None` when off).
    pub fn review_schedule(&self, athlete: AthleteId) -> Result<Option<String>> {
        Ok(self
            .store
            .setting(&schedule_key(athlete))?
            .filter(|s| !s.is_empty()))
    }

    /// Registers every athlete's saved review schedule (the desktop shell at start).
    pub fn restore_review_schedules(&self) -> Result<u32> {
        let mut n = 0;
        for a in self.store.athletes()? {
            if let Some(s) = self.review_schedule(a.id)? {
                match self.set_review_schedule(a.id, Some(&s)) {
                    Ok(_) => n += 1,
                    Err(e) => {
                        tracing::warn!(athlete = a.id, error = %e, "review schedule unusable")
                    }
                }
            }
        }
        Ok(n)
    }

    /// Writes and stores the review of `week` (`2026-W48`; default: the week ending
    /// today when today is Sunday, else the last full week), in the foreground.
    pub fn run_coach_review(
        &self,
        athlete: AthleteId,
        week: Option<&str>,
    ) -> Result<CoachReviewView> {
        self.athlete(athlete)?.write_review(week)
    }

    /// The same as a job (the scheduler's and the window's): its payload
    /// [`JobPayload::CoachReview`] is what the window notifies.
    pub fn start_coach_review(
        self: &Arc<Self>,
        athlete: AthleteId,
        week: Option<String>,
    ) -> Result<JobId> {
        self.athlete(athlete)?;
        if let Some(w) = &week {
            monday_of(w)?;
        }
        let app = self.clone();
        let id = self
            .jobs
            .inner()
            .start(kind::COACH_REVIEW, Some(athlete), move |ctx| {
                crate::jobs::recorded(&app, ctx, || {
                    let v = app
                        .run_coach_review(athlete, week.as_deref())
                        .map_err(|e| e.to_string())?;
                    Ok(JobPayload::CoachReview {
                        athlete_id: athlete,
                        review_id: v.id,
                        week: v.week,
                        source: v.source,
                    })
                })
            })
            .map_err(crate::jobs::busy)?;
        Ok(id.0)
    }
}

impl AthleteScope<'_> {
    /// The athlete's reviews, newest first.
    pub fn coach_reviews(&self) -> Result<Vec<CoachReviewView>> {
        self.store
            .reviews(self.athlete_id)?
            .into_iter()
            .map(view)
            .collect()
    }

    pub fn coach_review(&self, id: i64) -> Result<CoachReviewView> {
        view(self.store.review(self.athlete_id, id)?)
    }

    fn write_review(&self, week: Option<&str>) -> Result<CoachReviewView> {
        let today = Date(self.today()?);
        let monday = match week {
            Some(w) => monday_of(w)?,
            None if today.weekday() == paceline_plan::Weekday::Sun => today.week_start(),
            None => today.week_start().plus(-7),
        };
        if monday > today {
            return Err(AppError::InvalidInput(format!(
                "week {} has not started yet",
                monday.iso_week()
            )));
        }
        let facts = self.week_facts(monday, today)?;
        let (source, text) = match self.app.coach_chain()? {
            None => ("rules", rule_review(&facts)),
            Some(chain) => match self.llm_review(&chain, &facts) {
                Ok(t) if !t.trim().is_empty() => ("llm", t.trim().to_string()),
                Ok(_) => ("rules", rule_review(&facts)),
                // The scheduled review still lands; why the model was not used is said.
                Err(e) => {
                    tracing::warn!(error = %e, "weekly review by rule: the model failed");
                    (
                        "rules",
                        format!(
                            "{}\n(The coach's model was not used: {e}.)",
                            rule_review(&facts)
                        ),
                    )
                }
            },
        };
        let facts_json = serde_json::to_string(&facts)
            .map_err(|e| AppError::Internal(format!("review facts: {e}")))?;
        let id = self.store.add_review(
            self.athlete_id,
            &facts.week,
            self.app.now(),
            source,
            &text,
            &facts_json,
        )?;
        tracing::info!(athlete = self.athlete_id, week = %facts.week, source, "weekly review written");
        self.coach_review(id)
    }

    fn llm_review(&self, chain: &paceline_llm::FallbackChain, f: &WeekFacts) -> Result<String> {
        let prompt = self.app.coach_prompt("weekly_review")?;
        let brief = format!("{}\n{}", f.render(), self.coach_context()?.render());
        let user = prompt
            .render(json!({
                "week_start": f.monday.to_string(),
                "week_end": f.sunday.to_string(),
                "brief": brief,
            }))
            .map_err(|e| AppError::InvalidInput(e.to_string()))?;
        let req = ChatRequest::new(user).with_max_tokens(800);
        self.coach_text(chain, "weekly_review", &prompt, &req)
    }

    /// The facts of the week starting `monday`, as of `today`.
    pub(crate) fn week_facts(&self, monday: Date, today: Date) -> Result<WeekFacts> {
        let sunday = monday.plus(6);
        let acts = self.activities_in(monday.0, sunday.0)?;
        let mut by: BTreeMap<String, SportWeek> = BTreeMap::new();
        let mut keys = Vec::new();
        for (a, day, load) in &acts {
            let sport = a.sport.key().to_string();
            let e = by.entry(sport.clone()).or_insert(SportWeek {
                sport: sport.clone(),
                sessions: 0,
                minutes: 0.0,
                distance_km: 0.0,
                load: 0.0,
            });
            let minutes = (a.active_s() / 60.0) as f32;
            e.sessions += 1;
            e.minutes += minutes;
            e.distance_km += a.distance_m.map_or(0.0, |m| (m / 1000.0) as f32);
            e.load += load.unwrap_or(0.0) as f32;
            keys.push(KeySession {
                date: Date(*day),
                sport,
                name: a.name.clone(),
                minutes,
                load: load.map(|l| l as f32),
                rpe: a.rpe.map(|r| r as f32),
            });
        }
        keys.sort_by(|a, b| {
            b.load
                .unwrap_or(0.0)
                .total_cmp(&a.load.unwrap_or(0.0))
                .then(b.minutes.total_cmp(&a.minutes))
        });
        keys.truncate(3);
        let by_sport: Vec<SportWeek> = by.into_values().collect();
        let plan = self.store.plan(self.athlete_id, None)?.map(|(m, w)| Plan {
            version: Some(m.version),
            parent_version: m.parent,
            workouts: w,
        });
        let in_days = |p: &Plan, from: Date, to: Date| Plan {
            version: p.version,
            parent_version: p.parent_version,
            workouts: p
                .workouts
                .iter()
                .filter(|w| w.date >= from && w.date <= to)
                .cloned()
                .collect(),
        };
        let planned = match &plan {
            Some(p) => {
                let wk = in_days(p, monday, sunday);
                if wk.workouts.is_empty() {
                    None
                } else {
                    let done = self.done_activities(monday, sunday)?;
                    let r = compliance(&wk, &done, today);
                    let a = r.weeks.first();
                    Some(PlannedWeek {
                        workouts: wk.workouts.len() as u32,
                        due: a.map_or(0, |a| a.due),
                        done: a.map_or(0, |a| a.done),
                        missed: a.map_or(0, |a| a.missed),
                        minutes: wk.workouts.iter().map(|w| w.duration_min).sum(),
                        load: wk.workouts.iter().map(|w| w.tss).sum(),
                        adherence_pct: a.and_then(|a| a.adherence_pct),
                    })
                }
            }
            None => None,
        };
        let next_week = plan.as_ref().and_then(|p| {
            let n = in_days(p, sunday.plus(1), sunday.plus(7));
            (!n.workouts.is_empty()).then(|| {
                (
                    n.workouts.len() as u32,
                    n.workouts.iter().map(|w| w.duration_min).sum(),
                    n.workouts.iter().map(|w| w.tss).sum(),
                )
            })
        });
        let last = sunday.min(today);
        let pmc = self.pmc(Some(monday.0 - 1), Some(last.0))?;
        let form = match (pmc.first(), pmc.last()) {
            (Some(a), Some(b)) if pmc.len() > 1 => Some(FormChange {
                ctl_before: a.ctl,
                ctl_after: b.ctl,
                atl_before: a.atl,
                atl_after: b.atl,
                tsb_before: a.tsb,
                tsb_after: b.tsb,
            }),
            _ => None,
        };
        let well = self.wellness_days()?;
        let avg = |from: Date, g: fn(&paceline_load::readiness::WellnessDay) -> Option<f32>| {
            mean(
                well.iter()
                    .filter(|w| w.day >= from.0 && w.day <= from.0 + 6)
                    .filter_map(g),
            )
        };
        let prev = monday.plus(-7);
        let wellness = WellnessWeek {
            hrv_ms: avg(monday, |w| w.rmssd_ms),
            hrv_prev_ms: avg(prev, |w| w.rmssd_ms),
            resting_hr: avg(monday, |w| w.resting_hr),
            resting_hr_prev: avg(prev, |w| w.resting_hr),
            sleep_h: avg(monday, |w| w.sleep_h),
            sleep_prev_h: avg(prev, |w| w.sleep_h),
        };
        Ok(WeekFacts {
            week: monday.iso_week(),
            monday,
            sunday,
            sessions: acts.len() as u32,
            minutes: by_sport.iter().map(|s| s.minutes).sum(),
            distance_km: by_sport.iter().map(|s| s.distance_km).sum(),
            load: by_sport.iter().map(|s| s.load).sum(),
            by_sport,
            key_sessions: keys,
            planned,
            form,
            wellness,
            next_week,
        })
    }
}
