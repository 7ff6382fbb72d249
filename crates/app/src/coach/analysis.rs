//! After a workout: an analysis (by the model when a provider is configured, else by
//! rule) comparing it with the plan and the athlete's form, stored as a suggestion.
//! The athlete previews the change as a diff, then approves it (a new plan version
//! with the reason, written with the decision in one transaction; undo goes back one
//! version) or rejects it.

use paceline_coach::changes::{apply, parse_analysis, rule_based, Analysis, Change, DoneSession};
use paceline_coach::proposal::describe;
use paceline_llm::ChatRequest;
use paceline_plan::{check, diff, CheckReport, Date, Plan, PlanDiff};
use paceline_store::{NewPlan, PlanSource, SuggestionRow};
use serde::Serialize;
use serde_json::json;

use crate::plans::plan_sport;
use crate::{AppError, AthleteScope, Result};

/// A suggestion as listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuggestionInfo {
    pub id: i64,
    pub created_utc: i64,
    pub activity_id: Option<i64>,
    /// `rules` or `llm`.
    pub source: String,
    pub analysis: String,
    pub changes: Vec<Change>,
    /// The changes in words.
    pub change_lines: Vec<String>,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    pub plan_version: Option<u32>,
}

/// What approving would do.
#[derive(Debug, Clone, Serialize)]
pub struct SuggestionPreview {
    pub suggestion: SuggestionInfo,
    pub plan: Plan,
    pub diff: PlanDiff,
    /// The checker's verdict on the changed plan (approval is refused unless it passes).
    pub report: CheckReport,
}

fn info(r: SuggestionRow) -> Result<SuggestionInfo> {
    let changes: Vec<Change> = match &r.change {
        Some(j) => serde_json::from_str(j).map_err(|e| {
            AppError::Internal(format!("suggestion {} has an unreadable change: {e}", r.id))
        })?,
        None => Vec::new(),
    };
    Ok(SuggestionInfo {
        id: r.id,
        created_utc: r.created_utc,
        activity_id: r.activity_id,
        source: r.source,
        analysis: r.analysis,
        change_lines: changes.iter().map(Change::describe).collect(),
        changes,
        status: r.status,
        plan_version: r.plan_version,
    })
}

impl AthleteScope<'_> {
    /// Analyses an activity (the latest when `None`) and stores the suggestion.
    pub fn coach_analyze(&self, activity: Option<i64>) -> Result<SuggestionInfo> {
        let list = self.store.list_activities(self.athlete_id)?;
        let a = match activity {
            Some(id) => list
                .iter()
                .find(|a| a.id == id)
                .ok_or_else(|| AppError::NotFound(format!("no activity with id {id}")))?,
            None => list.first().ok_or_else(|| {
                AppError::NotFound("no activity to analyse yet: import one first".into())
            })?,
        };
        let day = crate::metrics::local_day(a.start_utc, a.utc_offset_s);
        let load = self
            .activities_in(day, day)?
            .into_iter()
            .find(|(x, _, _)| x.id == a.id)
            .and_then(|(_, _, l)| l);
        let sport = plan_sport(a.sport).unwrap_or(paceline_plan::Sport::Other);
        let done = DoneSession {
            date: Date(day),
            sport,
            name: a.name.clone(),
            minutes: (a.active_s() / 60.0) as f32,
            load: load.map(|l| l as f32),
            rpe: a.rpe.map(|r| r as f32),
        };
        let form = self
            .pmc(Some(day), Some(day))?
            .last()
            .map(|p| p.ctl - p.atl);
        let plan = self.stored(None).ok().map(|(_, p)| p);
        let today = Date(self.today()?);
        let (source, analysis) = match self.app.coach_chain()? {
            None => (
                "rules",
                rule_based(
                    &done,
                    plan.as_ref().unwrap_or(&Plan::default()),
                    form,
                    &self.checker_config()?,
                ),
            ),
            Some(chain) => (
                "llm",
                self.llm_analysis(&chain, &done, plan.as_ref(), today)?,
            ),
        };
        let change = (!analysis.changes.is_empty())
            .then(|| serde_json::to_string(&analysis.changes).unwrap_or_default());
        let id = self.store.add_suggestion(
            self.athlete_id,
            Some(a.id),
            source,
            &analysis.analysis,
            change.as_deref(),
            self.app.now(),
        )?;
        info(self.store.suggestion(self.athlete_id, id)?)
    }

    fn llm_analysis(
        &self,
        chain: &paceline_llm::FallbackChain,
        done: &DoneSession,
        plan: Option<&Plan>,
        today: Date,
    ) -> Result<Analysis> {
        let prompt = self.app.coach_prompt("workout_analysis")?;
        let schema = prompt
            .answer_schema()
            .ok_or_else(|| AppError::Internal("workout_analysis names no schema".into()))?;
        let planned: Vec<_> = plan
            .map(|p| {
                p.workouts
                    .iter()
                    .filter(|w| w.date == done.date)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let session = format!(
            "{} {} \"{}\" {:.0} min{}{}",
            done.date,
            done.sport.name(),
            done.name,
            done.minutes,
            done.load.map_or(String::new(), |l| format!(" load {l:.0}")),
            done.rpe.map_or(String::new(), |r| format!(" RPE {r:.0}")),
        );
        let user = prompt
            .render(json!({
                "session": session,
                "planned": if planned.is_empty() { "nothing".to_string() } else { describe(&planned) },
                "brief": self.coach_context()?.render(),
            }))
            .map_err(|e| AppError::InvalidInput(e.to_string()))?;
        let req = ChatRequest::new(user)
            .with_schema("analysis", schema)
            .with_max_tokens(1_500);
        let answer = self.coach_json(chain, "workout_analysis", &prompt, &req)?;
        let mut a =
            parse_analysis(&answer.value).map_err(|e| AppError::InvalidInput(e.to_string()))?;
        // Changes that cannot apply to the plan are dropped, and said so.
        if !a.changes.is_empty() {
            let base = plan.cloned().unwrap_or_default();
            if let Err(e) = apply(&self.coach_brief()?, &base, &a.changes, today) {
                a.analysis = format!("{} (Not proposed: {e}.)", a.analysis.trim());
                a.changes.clear();
            }
        }
        Ok(a)
    }

    /// The athlete's suggestions, newest first.
    pub fn coach_suggestions(&self) -> Result<Vec<SuggestionInfo>> {
        self.store
            .suggestions(self.athlete_id)?
            .into_iter()
            .map(info)
            .collect()
    }

    /// The plan approving suggestion `id` would make, its diff and the checker's verdict.
    pub fn coach_preview(&self, id: i64) -> Result<SuggestionPreview> {
        let s = info(self.store.suggestion(self.athlete_id, id)?)?;
        if s.changes.is_empty() {
            return Err(AppError::InvalidInput(format!(
                "suggestion {id} proposes no change to the plan"
            )));
        }
        let (meta, plan) = self.stored(None)?;
        let brief = self.plan_brief_on(meta.start_date)?;
        let new = apply(&brief, &plan, &s.changes, Date(self.today()?))
            .map_err(|e| AppError::InvalidInput(e.to_string()))?;
        let report = check(&brief, &new, &self.checker_config()?);
        Ok(SuggestionPreview {
            diff: diff(&plan, &new),
            suggestion: s,
            plan: new,
            report,
        })
    }

    /// Approves suggestion `id`: its change, re-checked, becomes a new plan version
    /// (written with the decision in one transaction). Returns the version.
    pub fn coach_approve(&self, id: i64) -> Result<u32> {
        let p = self.coach_preview(id)?;
        if p.suggestion.status != "pending" {
            return Err(AppError::InvalidInput(format!(
                "suggestion {id} was already {}",
                p.suggestion.status
            )));
        }
        if !p.report.passed() {
            let lines: Vec<String> = p
                .report
                .violations
                .iter()
                .map(|v| format!("- {}", v.message))
                .collect();
            return Err(AppError::InvalidInput(format!(
                "the plan checker refuses suggestion {id}, nothing was saved:\n{}",
                lines.join("\n")
            )));
        }
        let (meta, _) = self.stored(None)?;
        let reason = format!(
            "coach suggestion #{id}: {}",
            p.suggestion.change_lines.join("; ")
        );
        let source = if p.suggestion.source == "llm" {
            PlanSource::Llm
        } else {
            PlanSource::Builtin
        };
        Ok(self.store.approve_suggestion(
            self.athlete_id,
            id,
            self.app.now(),
            NewPlan {
                parent: Some(meta.version),
                created_utc: self.app.now(),
                reason: &reason,
                source,
                start_date: meta.start_date,
                workouts: &p.plan.workouts,
            },
        )?)
    }

    /// Rejects suggestion `id`; the plan stays as it is.
    pub fn coach_reject(&self, id: i64) -> Result<()> {
        let s = self.store.suggestion(self.athlete_id, id)?;
        if s.status != "pending" {
            return Err(AppError::InvalidInput(format!(
                "suggestion {id} was already {}",
                s.status
            )));
        }
        Ok(self
            .store
            .reject_suggestion(self.athlete_id, id, self.app.now())?)
    }
}
