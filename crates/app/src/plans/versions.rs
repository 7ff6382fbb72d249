//! Plans in the vault: generate → check → save as a version with a parent; the
//! lineage and diffs; a workout moved (re-checked, a new version, or refused with the
//! checker's reasons); compliance of what was done; readiness adjusting today, and
//! undo; exports. Nothing that fails the checker is ever saved.

use std::path::{Path, PathBuf};

use paceline_plan::checker::Violation;
use paceline_plan::compliance::DoneActivity;
use paceline_plan::{
    check, compliance, diff, export, Brief, CheckReport, CheckerConfig, ComplianceReport, Date,
    Infeasible, Plan, PlanDiff,
};
use paceline_store::{NewPlan, PlanSource, PlanVersionRow};
use serde::Serialize;

use super::plan_sport;
use crate::{AppError, AthleteScope, Result};

/// Readiness below this (0–100) swaps today's hard sessions for easy ones.
pub const READINESS_LOW: u8 = 50;

/// What the built-in planner made, how the checker judged it and the version it
/// was saved as (`None`: refused, nothing saved).
#[derive(Debug, Clone, Serialize)]
pub struct Generated {
    pub plan: Plan,
    /// Goals or limits it could not meet safely (empty = everything holds).
    pub infeasible: Vec<Infeasible>,
    pub report: CheckReport,
    pub version: Option<u32>,
}

/// One stored version, for the lineage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanVersionInfo {
    pub version: u32,
    pub parent: Option<u32>,
    pub created_utc: i64,
    pub reason: String,
    /// `builtin`, `manual` or `llm`.
    pub source: String,
    pub start_date: Date,
    pub workout_count: u32,
    pub total_tss: f32,
}

impl From<PlanVersionRow> for PlanVersionInfo {
    fn from(r: PlanVersionRow) -> Self {
        PlanVersionInfo {
            version: r.version,
            parent: r.parent,
            created_utc: r.created_utc,
            reason: r.reason,
            source: r.source.key().to_string(),
            start_date: r.start_date,
            workout_count: r.workout_count,
            total_tss: r.total_tss,
        }
    }
}

/// Which workout of the current plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WorkoutRef {
    /// The one workout of that day (refused when the day has several).
    Date(Date),
    /// Its position in the plan (`paceline plan show` lists them as `#n`).
    Index(usize),
}

/// What the readiness check did to today's plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ReadinessAdjust {
    NoPlan,
    /// No wellness data to judge readiness by.
    ReadinessUnknown,
    ReadinessOk {
        score: u8,
    },
    /// Readiness is low but today holds nothing hard.
    NothingHardToday {
        score: u8,
    },
    Adjusted {
        score: u8,
        version: u32,
        reason: String,
    },
}

/// The checker's reasons as one message.
fn refused(what: &str, violations: &[Violation]) -> AppError {
    // The checker's messages name their day themselves.
    let lines: Vec<String> = violations
        .iter()
        .map(|v| format!("- {}", v.message))
        .collect();
    AppError::InvalidInput(format!(
        "{what}: the plan checker refuses it, nothing was saved:\n{}",
        lines.join("\n")
    ))
}

/// `YYYYMMDDTHHMMSSZ` for iCalendar.
fn ics_stamp(unix: i64) -> String {
    let (y, m, d) = paceline_types::date::civil_from_days(unix.div_euclid(86_400));
    let s = unix.rem_euclid(86_400);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

impl AthleteScope<'_> {
    pub(crate) fn stored(&self, version: Option<u32>) -> Result<(PlanVersionRow, Plan)> {
        let (meta, workouts) = self.store.plan(self.athlete_id, version)?.ok_or_else(|| {
            AppError::NotFound(
                "no training plan yet: generate one (Coach, or `paceline plan generate`)".into(),
            )
        })?;
        let plan = Plan {
            version: Some(meta.version),
            parent_version: meta.parent,
            workouts,
        };
        Ok((meta, plan))
    }

    /// Checks `plan` and stores it as the next version, or refuses with the reasons.
    pub(crate) fn save_checked(
        &self,
        brief: &Brief,
        cfg: &CheckerConfig,
        plan: &Plan,
        parent: Option<u32>,
        source: PlanSource,
        reason: &str,
    ) -> Result<u32> {
        let report = check(brief, plan, cfg);
        if !report.passed() {
            return Err(refused(reason, &report.violations));
        }
        Ok(self.store.save_plan(
            self.athlete_id,
            NewPlan {
                parent,
                created_utc: self.app.now(),
                reason,
                source,
                start_date: brief.start_date,
                workouts: &plan.workouts,
            },
        )?)
    }

    /// Plans from today with the built-in planner, checks, and saves the plan as a new
    /// version (its parent: the current one) when it passes. A plan that fails the
    /// checker is returned with the reasons and not saved.
    pub fn generate_plan(&self) -> Result<Generated> {
        let brief = self.plan_brief()?;
        let cfg = self.checker_config()?;
        let out = paceline_plan::generate(&brief, &cfg);
        let mut plan = out.plan;
        let report = check(&brief, &plan, &cfg);
        let mut version = None;
        if report.passed() {
            let parent = self.store.plan(self.athlete_id, None)?.map(|p| p.0.version);
            let reason = if out.infeasible.is_empty() {
                "generated by the built-in planner".to_string()
            } else {
                format!(
                    "generated by the built-in planner (the safest plan: {})",
                    out.infeasible
                        .iter()
                        .map(|i| i.constraint.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let v = self.save_checked(&brief, &cfg, &plan, parent, PlanSource::Builtin, &reason)?;
            plan.version = Some(v);
            plan.parent_version = parent;
            version = Some(v);
        }
        Ok(Generated {
            plan,
            infeasible: out.infeasible,
            report,
            version,
        })
    }

    /// Checks a plan against this athlete's brief as of the plan's first day (today
    /// for an empty plan), without saving it.
    pub fn check_plan(&self, plan: &Plan) -> Result<CheckReport> {
        let start = plan.span().map_or(self.plan_today()?, |(first, _)| first);
        let brief = self.plan_brief_on(start)?;
        Ok(check(&brief, plan, &self.checker_config()?))
    }

    /// Checks a stored version against the brief it was made for (its start day).
    pub fn check_plan_version(&self, version: Option<u32>) -> Result<CheckReport> {
        let (meta, plan) = self.stored(version)?;
        let brief = self.plan_brief_on(meta.start_date)?;
        Ok(check(&brief, &plan, &self.checker_config()?))
    }

    /// Stores a plan made elsewhere (a file, the coach) as a new version when it
    /// passes the checker.
    pub fn save_plan(&self, plan: &Plan, source: PlanSource, reason: &str) -> Result<u32> {
        let start = plan.span().map_or(self.plan_today()?, |(first, _)| first);
        let brief = self.plan_brief_on(start)?;
        let parent = self.store.plan(self.athlete_id, None)?.map(|p| p.0.version);
        self.save_checked(
            &brief,
            &self.checker_config()?,
            plan,
            parent,
            source,
            reason,
        )
    }

    /// Every version, oldest first.
    pub fn plan_versions(&self) -> Result<Vec<PlanVersionInfo>> {
        Ok(self
            .store
            .plan_versions(self.athlete_id)?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// A version (the current one for `None`) with its version and parent filled.
    pub fn plan(&self, version: Option<u32>) -> Result<Plan> {
        Ok(self.stored(version)?.1)
    }

    /// What changed from version `a` to `b`.
    pub fn plan_diff(&self, a: u32, b: u32) -> Result<PlanDiff> {
        Ok(diff(&self.stored(Some(a))?.1, &self.stored(Some(b))?.1))
    }

    /// Moves one workout of the current plan to `to`: re-checked and saved as a new
    /// version, or refused with the checker's reasons.
    pub fn move_workout(&self, which: WorkoutRef, to: Date) -> Result<u32> {
        let (meta, plan) = self.stored(None)?;
        let i = match which {
            WorkoutRef::Index(i) if i < plan.workouts.len() => i,
            WorkoutRef::Index(i) => {
                return Err(AppError::NotFound(format!(
                    "no workout #{i} in plan version {} ({} workouts)",
                    meta.version,
                    plan.workouts.len()
                )))
            }
            WorkoutRef::Date(d) => {
                let on: Vec<usize> = (0..plan.workouts.len())
                    .filter(|&i| plan.workouts[i].date == d)
                    .collect();
                match on[..] {
                    [i] => i,
                    [] => return Err(AppError::NotFound(format!("no workout planned on {d}"))),
                    _ => {
                        let ids: Vec<String> = on.iter().map(|i| format!("#{i}")).collect();
                        return Err(AppError::InvalidInput(format!(
                            "{} workouts on {d}: name one by its id ({})",
                            on.len(),
                            ids.join(", ")
                        )));
                    }
                }
            }
        };
        let w = &plan.workouts[i];
        if w.is_race() {
            return Err(AppError::InvalidInput(format!(
                "{} is a race: its day is the race's (change the race instead)",
                w.name
            )));
        }
        if to < self.plan_today()? {
            return Err(AppError::InvalidInput(format!(
                "{to} has passed: move a workout to today or later"
            )));
        }
        if to == w.date {
            return Err(AppError::InvalidInput(format!(
                "{} is already on {to}",
                w.name
            )));
        }
        let reason = format!("moved {} from {} to {to}", w.name, w.date);
        let mut new = plan.clone();
        let mut moved = new.workouts.remove(i);
        moved.date = to;
        // After the day's other workouts, keeping the plan sorted by date.
        let at = new.workouts.partition_point(|x| x.date <= to);
        new.workouts.insert(at, moved);
        let brief = self.plan_brief_on(meta.start_date)?;
        self.save_checked(
            &brief,
            &self.checker_config()?,
            &new,
            Some(meta.version),
            PlanSource::Manual,
            &reason,
        )
    }

    /// Makes a new version with the workouts of the current version's parent.
    pub fn undo_plan_change(&self) -> Result<u32> {
        let (meta, _) = self.stored(None)?;
        let parent = meta.parent.ok_or_else(|| {
            AppError::InvalidInput(format!(
                "plan version {} has no earlier version to go back to",
                meta.version
            ))
        })?;
        let (pmeta, old) = self.stored(Some(parent))?;
        let brief = self.plan_brief_on(pmeta.start_date)?;
        self.save_checked(
            &brief,
            &self.checker_config()?,
            &old,
            Some(meta.version),
            PlanSource::Manual,
            &format!("undo version {}: back to version {parent}", meta.version),
        )
    }

    /// Swaps today's hard sessions for easy ones (re-checked, a new version with the
    /// reason); `None` when today holds nothing hard.
    pub fn ease_today(&self, why: &str) -> Result<Option<(u32, String)>> {
        let (meta, plan) = self.stored(None)?;
        let brief = self.plan_brief_on(meta.start_date)?;
        let cfg = self.checker_config()?;
        let Some(adj) = paceline_plan::readiness_low(&brief, &plan, self.plan_today()?, &cfg)
        else {
            return Ok(None);
        };
        let reason = format!("{why}; {}", adj.reason);
        let v = self.save_checked(
            &brief,
            &cfg,
            &adj.plan,
            Some(meta.version),
            PlanSource::Builtin,
            &reason,
        )?;
        Ok(Some((v, reason)))
    }

    /// Today's readiness (the dashboard's engine); below [`READINESS_LOW`] today's
    /// hard sessions become easy ones as a new version the athlete can undo.
    pub fn readiness_adjust(&self) -> Result<ReadinessAdjust> {
        if self.store.plan(self.athlete_id, None)?.is_none() {
            return Ok(ReadinessAdjust::NoPlan);
        }
        let today = self.today()?;
        let wellness = self.wellness_days()?;
        let tsb = self
            .pmc(Some(today - 1), Some(today - 1))?
            .last()
            .map(|d| d.tsb);
        let r = paceline_load::readiness::readiness(&wellness, today, tsb);
        let Some(score) = r.score.filter(|_| !wellness.is_empty()) else {
            return Ok(ReadinessAdjust::ReadinessUnknown);
        };
        if score >= READINESS_LOW {
            return Ok(ReadinessAdjust::ReadinessOk { score });
        }
        let why = match r.reasons.first() {
            Some(first) => format!("readiness {score}/100 ({first})"),
            None => format!("readiness {score}/100"),
        };
        Ok(match self.ease_today(&why)? {
            Some((version, reason)) => ReadinessAdjust::Adjusted {
                score,
                version,
                reason,
            },
            None => ReadinessAdjust::NothingHardToday { score },
        })
    }

    /// The athlete's activities whose local day is in `from..=to`, with that day and
    /// their load, in the vault's list order (newest first). One read of the list and
    /// of the loads serves the compliance and the calendar alike.
    pub(crate) fn activities_in(
        &self,
        from: i32,
        to: i32,
    ) -> Result<Vec<(paceline_types::ActivitySummary, i32, Option<f64>)>> {
        let loads: std::collections::HashMap<i64, Option<f64>> = self
            .store
            .load_rows(self.athlete_id)?
            .into_iter()
            .map(|r| (r.activity_id, r.load))
            .collect();
        Ok(self
            .store
            .list_activities(self.athlete_id)?
            .into_iter()
            .filter_map(|a| {
                let day = crate::metrics::local_day(a.start_utc, a.utc_offset_s);
                let load = loads.get(&a.id).copied().flatten();
                (day >= from && day <= to).then_some((a, day, load))
            })
            .collect())
    }

    /// The athlete's activities from `from` to `to` as the compliance needs them.
    pub fn done_activities(&self, from: Date, to: Date) -> Result<Vec<DoneActivity>> {
        let mut out: Vec<DoneActivity> = self
            .activities_in(from.0, to.0)?
            .into_iter()
            .filter_map(|(a, day, load)| {
                Some(DoneActivity {
                    date: Date(day),
                    sport: plan_sport(a.sport)?,
                    duration_min: (a.moving_s / 60.0) as f32,
                    tss: load.map(|l| l as f32),
                    time_in_zone_min: self
                        .store
                        .metrics(self.athlete_id, a.id)
                        .ok()
                        .flatten()
                        .and_then(|m| zones_of(&m)),
                })
            })
            .collect();
        out.sort_by_key(|a| a.date);
        Ok(out)
    }

    /// Planned vs done for a version (the current one for `None`), up to today.
    pub fn plan_compliance(
        &self,
        version: Option<u32>,
    ) -> Result<(Plan, Vec<DoneActivity>, ComplianceReport)> {
        let (_, plan) = self.stored(version)?;
        let Some((first, last)) = plan.span() else {
            let r = compliance(&plan, &[], self.plan_today()?);
            return Ok((plan, Vec::new(), r));
        };
        let done = self.done_activities(first, last)?;
        let r = compliance(&plan, &done, self.plan_today()?);
        Ok((plan, done, r))
    }

    /// The plan as JSON (`paceline plan export --json`).
    pub fn export_plan_json(&self, version: Option<u32>) -> Result<String> {
        Ok(export::to_json(&self.stored(version)?.1))
    }

    /// One FIT workout file per structured workout, written into `dir` (created if
    /// needed); targets in absolute units from the thresholds valid today.
    pub fn export_plan_fit(&self, dir: &Path, version: Option<u32>) -> Result<Vec<PathBuf>> {
        let plan = self.stored(version)?.1;
        let th = self.plan_thresholds(self.plan_today()?)?;
        let io = |p: &Path, e: std::io::Error| {
            AppError::InvalidInput(format!("cannot write {}: {e}", p.display()))
        };
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        let mut out = Vec::new();
        for (name, bytes) in export::fit_workouts(&plan, &th, self.app.now()) {
            let path = dir.join(name);
            std::fs::write(&path, bytes).map_err(|e| io(&path, e))?;
            out.push(path);
        }
        Ok(out)
    }

    /// The plan as an iCalendar file, one event per workout.
    pub fn export_plan_ics(&self, version: Option<u32>) -> Result<String> {
        let plan = self.stored(version)?.1;
        Ok(export::ics(
            &plan,
            &ics_stamp(self.app.now()),
            &format!("athlete-{}.paceline.local", self.athlete_id),
        ))
    }
}

/// An activity's time in zones on the plan's five: power zones where there are any
/// (Coggan's 6–7 fold their top ones into z5), else heart rate, else pace.
fn zones_of(m: &paceline_types::ActivityMetrics) -> Option<paceline_plan::Zones> {
    let src = [&m.power_zones, &m.hr_zones, &m.pace_zones]
        .into_iter()
        .find(|z| z.iter().any(|z| z.seconds > 0))?;
    let mut z = [0f32; 5];
    for (i, t) in src.iter().enumerate() {
        z[i.min(4)] += t.seconds as f32 / 60.0;
    }
    Some(paceline_plan::Zones {
        z1: z[0],
        z2: z[1],
        z3: z[2],
        z4: z[3],
        z5: z[4],
    })
}
