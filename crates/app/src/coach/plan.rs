//! A plan written by the model, a block of weeks at a time, then checked like any
//! plan: totals, loads and projections are computed in Rust from the model's steps;
//! on violations (or workouts that cannot be built) the model gets one repair round
//! with the list; still failing → the reasons, and nothing saved.

use std::collections::BTreeMap;

use paceline_coach::proposal::{
    assemble, block_workouts, blocks, describe, generate_vars, parse_weeks, Block,
};
use paceline_coach::CoachError;
use paceline_llm::ChatRequest;
use paceline_plan::checker::context::plan_end;
use paceline_plan::{check, CheckReport, Date, Plan, Workout};
use paceline_store::PlanSource;
use serde::Serialize;
use serde_json::json;

use crate::{AppError, AthleteScope, Result};

/// Weeks the model writes per request.
pub const BLOCK_WEEKS: u32 = 4;
/// Longest answer per request (a 4-week block is ~3,000 tokens of JSON).
const MAX_ANSWER_TOKENS: u32 = 8_000;

/// A plan the coach wrote and the checker passed, saved as `version`.
#[derive(Debug, Clone, Serialize)]
pub struct LlmPlan {
    pub plan: Plan,
    pub report: CheckReport,
    pub version: u32,
    /// The checker (or the conversion) found problems the repair round fixed.
    pub repaired: bool,
    /// Model calls made and what they cost (also in the ledger).
    pub calls: u32,
    pub cost_usd: f64,
}

fn problems(e: CoachError) -> Vec<String> {
    match e {
        CoachError::Invalid(v) => v,
        other => vec![other.to_string()],
    }
}

impl AthleteScope<'_> {
    /// Asks the configured providers for a plan from today (see the module doc).
    pub fn generate_plan_llm(&self) -> Result<LlmPlan> {
        let chain = self.app.coach_chain()?.ok_or_else(|| {
            AppError::InvalidInput(
                "no LLM provider is configured: add one (`paceline coach providers add …`) \
                 or use the built-in planner"
                    .into(),
            )
        })?;
        let brief = self.plan_brief()?;
        let cfg = self.checker_config()?;
        let start = brief.start_date;
        let end = plan_end(&brief, &cfg);
        let text = self.coach_context()?.render();
        let gen = self.app.coach_prompt("plan_generate")?;
        let schema = gen
            .answer_schema()
            .ok_or_else(|| AppError::Internal("the plan_generate prompt names no schema".into()))?;
        let races: Vec<Date> = brief.races_ahead().iter().map(|r| r.date).collect();
        let t0 = self.app.now();
        let ledger_before = self.store.ledger(t0)?.len();
        let mut weeks: BTreeMap<Date, Vec<Workout>> = BTreeMap::new();
        let mut issues: Vec<String> = Vec::new();
        for block in blocks(start, end, BLOCK_WEEKS) {
            let before: Vec<Workout> = weeks
                .values()
                .flatten()
                .filter(|w| w.date >= block.from.plus(-28))
                .cloned()
                .collect();
            let vars = generate_vars(&text, block, start, end, &cfg, &describe(&before));
            let user = gen
                .render(vars)
                .map_err(|e| AppError::InvalidInput(e.to_string()))?;
            let req = ChatRequest::new(user)
                .with_schema("plan_weeks", schema.clone())
                .with_max_tokens(MAX_ANSWER_TOKENS);
            let answer = self.coach_json(&chain, "plan_generate", &gen, &req)?;
            match parse_weeks(&answer.value).and_then(|w| block_workouts(&w, block, &races)) {
                Ok(got) => weeks.extend(got),
                Err(e) => issues.extend(problems(e)),
            }
        }
        issues.extend(empty_weeks(&brief, start, end, &races, &weeks));
        let mut plan = assemble(&brief, end, &weeks);
        let mut report = check(&brief, &plan, &cfg);
        let repaired = !(issues.is_empty() && report.passed());
        if repaired {
            issues.extend(report.violations.iter().map(|v| v.message.clone()));
            tracing::info!(problems = issues.len(), "coach plan needs a repair round");
            let fix = self.app.coach_prompt("plan_repair")?;
            let user = fix
                .render(json!({"violations": issues, "weeks": describe(&plan.workouts)}))
                .map_err(|e| AppError::InvalidInput(e.to_string()))?;
            let req = ChatRequest::new(user)
                .with_schema("plan_weeks", schema.clone())
                .with_max_tokens(MAX_ANSWER_TOKENS);
            let answer = self.coach_json(&chain, "plan_repair", &fix, &req)?;
            let whole = Block {
                from: start,
                to: end,
            };
            let got = parse_weeks(&answer.value)
                .and_then(|w| block_workouts(&w, whole, &races))
                .map_err(|e| refused(&problems(e)))?;
            weeks.extend(got);
            plan = assemble(&brief, end, &weeks);
            report = check(&brief, &plan, &cfg);
            let empty = empty_weeks(&brief, start, end, &races, &weeks);
            if !report.passed() || !empty.is_empty() {
                let mut reasons: Vec<String> = report
                    .violations
                    .iter()
                    .map(|v| v.message.clone())
                    .collect();
                reasons.extend(empty);
                return Err(refused(&reasons));
            }
        }
        let calls = self.store.ledger(t0)?;
        let run = &calls[ledger_before.min(calls.len())..];
        let (provider, model) = run
            .iter()
            .rev()
            .find(|r| r.outcome == "ok")
            .map(|r| (r.provider.clone(), r.model.clone()))
            .unwrap_or_default();
        let parent = self.store.plan(self.athlete_id, None)?.map(|p| p.0.version);
        let reason = format!(
            "written by the coach ({provider}/{model}, prompt plan_generate v{}){}",
            gen.version,
            if repaired {
                " after one repair round"
            } else {
                ""
            }
        );
        let version = self.save_checked(&brief, &cfg, &plan, parent, PlanSource::Llm, &reason)?;
        plan.version = Some(version);
        plan.parent_version = parent;
        Ok(LlmPlan {
            plan,
            report,
            version,
            repaired,
            calls: run.len() as u32,
            cost_usd: run.iter().map(|r| r.cost_usd).sum(),
        })
    }
}

fn refused(reasons: &[String]) -> AppError {
    let lines: Vec<String> = reasons.iter().map(|r| format!("- {r}")).collect();
    AppError::InvalidInput(format!(
        "the coach's plan still fails after a repair round; nothing was saved:\n{}",
        lines.join("\n")
    ))
}

/// What the coach's context costs in tokens (o200k_base), for the settings page and
/// the context-size test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ContextSize {
    /// The athlete brief alone.
    pub brief_tokens: usize,
    /// A whole 16-week plan asked for in one request (prompt, brief and schema).
    pub plan_request_tokens: usize,
}

impl AthleteScope<'_> {
    /// Sizes the context as a 16-week plan request from today would send it.
    pub fn coach_context_size(&self) -> Result<ContextSize> {
        let cfg = self.checker_config()?;
        let text = self.coach_context()?.render();
        let start = Date(self.today()?);
        let end = start.plus(16 * 7 - 1);
        let gen = self.app.coach_prompt("plan_generate")?;
        let schema = gen.answer_schema().unwrap_or_default();
        let user = gen
            .render(generate_vars(
                &text,
                Block {
                    from: start,
                    to: end,
                },
                start,
                end,
                &cfg,
                "",
            ))
            .map_err(|e| AppError::InvalidInput(e.to_string()))?;
        let req = ChatRequest::new(user)
            .with_schema("plan_weeks", schema)
            .with_max_tokens(MAX_ANSWER_TOKENS);
        Ok(ContextSize {
            brief_tokens: paceline_llm::count_tokens(&text),
            plan_request_tokens: paceline_llm::count_request(&req),
        })
    }
}

/// Weeks with hours available but nothing written: an omission, not a rest week —
/// except a race week or after the last A race (taper, recovery), where the built-in
/// planner also plans little or nothing.
fn empty_weeks(
    brief: &paceline_plan::Brief,
    start: Date,
    end: Date,
    races: &[Date],
    weeks: &BTreeMap<Date, Vec<Workout>>,
) -> Vec<String> {
    let last_a = brief
        .races_ahead()
        .iter()
        .filter(|r| r.priority == paceline_plan::brief::Priority::A)
        .map(|r| r.date)
        .max()
        .unwrap_or(end);
    let mut out = Vec::new();
    let mut wk = start.week_start();
    while wk <= end {
        let hours: f32 = (0..7)
            .map(|k| wk.plus(k))
            .filter(|d| *d >= start && *d <= end.min(last_a) && !races.contains(d))
            .map(|d| brief.availability_hours.hours(d.weekday()))
            .sum();
        let race_week = races.iter().any(|r| r.week_start() == wk);
        if hours > 0.0 && !race_week && weeks.get(&wk).is_none_or(Vec::is_empty) {
            out.push(format!("week {wk} has no workouts: write its sessions"));
        }
        wk = wk.plus(7);
    }
    out
}
