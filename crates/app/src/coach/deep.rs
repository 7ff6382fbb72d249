//! The deep analysis: metrics, physiology and activity views, a synthesis and a plan
//! proposal, each step written by the model (the `deep_*` prompts, facts computed in
//! Rust) or by rule with no provider. Each step's result is stored as it completes,
//! so a cancelled or failed run (a provider down, the budget reached) resumes at its
//! first unfinished step without paying again for the others. The plan proposal goes
//! through the checker and is stored as a suggestion to approve, never as a plan.
//! The report is one self-contained HTML file with the charts inline.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use paceline_coach::changes::{apply, parse_analysis, Analysis};
use paceline_coach::context::AthleteContext;
use paceline_coach::deep::{self as core, Facts, STEPS};
use paceline_coach::prompts::Prompt;
use paceline_coach::proposal::describe;
use paceline_coach::report::{render_html, Report, ReportChart, ReportStep};
use paceline_jobs::Outcome;
use paceline_llm::{ChatRequest, FallbackChain};
use paceline_plan::{check, Date};
use paceline_store::{DeepRunRow, DeepStepRow};
use paceline_types::{
    kind, AthleteId, DeepRunView, DeepStepView, JobId, JobPayload, LoadChartKind, LoadChartRequest,
    Theme,
};
use serde::Serialize;
use serde_json::json;

use super::{block_on, llm_error};
use crate::{App, AppError, AthleteScope, Result};

/// How a step stands, as progress reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeepStepState {
    Started,
    Done,
    /// Done in an earlier attempt of this run (a resume): not run again.
    Kept,
}

/// One progress report of a deep analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeepProgress {
    pub run_id: i64,
    /// 1-based.
    pub step: u32,
    pub of: u32,
    pub title: String,
    pub state: DeepStepState,
}

const OF: u32 = STEPS.len() as u32;

fn view(run: DeepRunRow, steps: Vec<DeepStepRow>) -> DeepRunView {
    DeepRunView {
        id: run.id,
        athlete_id: run.athlete_id,
        created_utc: run.created_utc,
        updated_utc: run.updated_utc,
        status: run.status,
        error: run.error,
        suggestion_id: run.suggestion_id,
        steps: STEPS
            .iter()
            .enumerate()
            .map(|(i, (_, title))| {
                let done = steps.iter().find(|s| s.step as usize == i + 1);
                DeepStepView {
                    step: i as u32 + 1,
                    title: (*title).to_string(),
                    source: done.map(|s| s.source.clone()),
                    text: done.map(|s| s.text.clone()),
                    finished_utc: done.map(|s| s.finished_utc),
                }
            })
            .collect(),
    }
}

/// The same error, with where the run stopped and how to resume it.
fn stopped(e: AppError, run: i64, step: u32) -> AppError {
    let m = format!(
        "{e} — deep analysis {run} stopped at step {step} of {OF}; its finished steps are kept: resume it (`paceline coach deep --resume {run}`)"
    );
    match e {
        AppError::InvalidInput(_) => AppError::InvalidInput(m),
        AppError::NotFound(_) => AppError::NotFound(m),
        _ => AppError::Internal(m),
    }
}

/// What the steps share within one attempt.
struct Inputs {
    ctx: AthleteContext,
    facts: Facts,
    brief: String,
    chain: Option<FallbackChain>,
}

impl App {
    /// Runs (or with `resume` continues) a deep analysis in the foreground — the CLI —
    /// as a job of the same kind the window starts; `cancel` is checked between steps
    /// (a step in flight finishes and is kept).
    pub fn run_deep_analysis(
        &self,
        athlete: AthleteId,
        resume: Option<i64>,
        on_progress: &dyn Fn(&DeepProgress),
        cancel: &AtomicBool,
    ) -> Result<DeepRunView> {
        let scope = self.athlete(athlete)?;
        let out: Mutex<Option<Result<DeepRunView>>> = Mutex::new(None);
        let outcome = self
            .jobs
            .inner()
            .run_foreground(kind::COACH_DEEP, Some(athlete), |ctx| {
                let progress = |p: &DeepProgress| {
                    on_progress(p);
                    if p.state == DeepStepState::Started {
                        ctx.progress(progress_payload(athlete, p));
                    }
                };
                let cancelled = || cancel.load(Ordering::Relaxed) || ctx.is_cancelled();
                let r = scope.deep_execute(resume, &progress, &cancelled);
                let payload = match &r {
                    Ok(v) if v.status == "done" => Ok(JobPayload::DeepDone {
                        athlete_id: athlete,
                        run_id: v.id,
                    }),
                    Ok(_) => {
                        ctx.cancel_token().cancel();
                        Err("cancelled".to_string())
                    }
                    Err(e) => Err(e.to_string()),
                };
                *out.lock().unwrap_or_else(|p| p.into_inner()) = Some(r);
                payload
            })
            .map_err(crate::jobs::busy)?;
        match out.into_inner().unwrap_or_else(|p| p.into_inner()) {
            Some(r) => r,
            None => Err(AppError::Internal(match outcome {
                Outcome::Failed(e) => e,
                _ => "the deep analysis ended without a result".into(),
            })),
        }
    }

    /// The same as a background job (the window): [`JobPayload::DeepProgress`] as each
    /// step starts, [`JobPayload::DeepDone`] at the end; cancelling it keeps the
    /// finished steps for a resume.
    pub fn start_deep_analysis(
        self: &Arc<Self>,
        athlete: AthleteId,
        resume: Option<i64>,
    ) -> Result<JobId> {
        let scope = self.athlete(athlete)?;
        if let Some(r) = resume {
            scope.resumable(r)?;
        }
        let app = self.clone();
        let id = self
            .jobs
            .inner()
            .start(kind::COACH_DEEP, Some(athlete), move |ctx| {
                crate::jobs::recorded(&app, ctx, || {
                    let scope = app.athlete(athlete).map_err(|e| e.to_string())?;
                    let progress = |p: &DeepProgress| {
                        if p.state == DeepStepState::Started {
                            ctx.progress(progress_payload(athlete, p));
                        }
                    };
                    let v = scope
                        .deep_execute(resume, &progress, &|| ctx.is_cancelled())
                        .map_err(|e| e.to_string())?;
                    if v.status == "done" {
                        Ok(JobPayload::DeepDone {
                            athlete_id: athlete,
                            run_id: v.id,
                        })
                    } else {
                        Err(format!("deep analysis {} cancelled", v.id))
                    }
                })
            })
            .map_err(crate::jobs::busy)?;
        Ok(id.0)
    }
}

fn progress_payload(athlete: AthleteId, p: &DeepProgress) -> JobPayload {
    JobPayload::DeepProgress {
        athlete_id: athlete,
        run_id: p.run_id,
        step: p.step,
        of: p.of,
        title: p.title.clone(),
    }
}

impl AthleteScope<'_> {
    /// One free-text step: the request through the chain, its calls in the ledger.
    pub(crate) fn coach_text(
        &self,
        chain: &FallbackChain,
        action: &str,
        prompt: &Prompt,
        req: &ChatRequest,
    ) -> Result<String> {
        let meter = self.coach_meter()?;
        let out = block_on(chain.complete(req, &meter))?;
        self.record_calls(action, prompt, &meter)?;
        out.map(|r| r.text).map_err(llm_error)
    }

    /// The athlete's deep analysis runs, newest first.
    pub fn deep_runs(&self) -> Result<Vec<DeepRunView>> {
        self.store
            .deep_runs(self.athlete_id)?
            .into_iter()
            .map(|r| {
                let steps = self.store.deep_steps(self.athlete_id, r.id)?;
                Ok(view(r, steps))
            })
            .collect()
    }

    pub fn deep_run(&self, id: i64) -> Result<DeepRunView> {
        let run = self.store.deep_run(self.athlete_id, id)?;
        Ok(view(run, self.store.deep_steps(self.athlete_id, id)?))
    }

    fn resumable(&self, id: i64) -> Result<DeepRunRow> {
        let run = self.store.deep_run(self.athlete_id, id)?;
        if run.status == "done" {
            return Err(AppError::InvalidInput(format!(
                "deep analysis {id} is complete: export its report, or start a new one"
            )));
        }
        Ok(run)
    }

    /// Runs the steps not yet done (see the module doc).
    fn deep_execute(
        &self,
        resume: Option<i64>,
        progress: &dyn Fn(&DeepProgress),
        cancelled: &dyn Fn() -> bool,
    ) -> Result<DeepRunView> {
        let now = self.app.now();
        let run = match resume {
            Some(id) => self.resumable(id)?.id,
            None => self.store.add_deep_run(self.athlete_id, now)?,
        };
        self.store
            .set_deep_run_status(self.athlete_id, run, "running", None, now)?;
        let mut texts: Vec<Option<String>> = vec![None; STEPS.len()];
        for s in self.store.deep_steps(self.athlete_id, run)? {
            if let Some(t) = texts.get_mut(s.step as usize - 1) {
                *t = Some(s.text);
            }
        }
        let mut inputs: Option<Inputs> = None;
        for (i, (prompt, title)) in STEPS.iter().enumerate() {
            let step = i as u32 + 1;
            let report = |state| {
                progress(&DeepProgress {
                    run_id: run,
                    step,
                    of: OF,
                    title: (*title).to_string(),
                    state,
                })
            };
            if texts[i].is_some() {
                report(DeepStepState::Kept);
                continue;
            }
            if cancelled() {
                self.store.set_deep_run_status(
                    self.athlete_id,
                    run,
                    "cancelled",
                    Some(&format!("cancelled before step {step}")),
                    self.app.now(),
                )?;
                tracing::info!(run, step, "deep analysis cancelled");
                return self.deep_run(run);
            }
            report(DeepStepState::Started);
            // Read once per attempt, and only when a step has to run.
            let r = (|| {
                if inputs.is_none() {
                    inputs = Some(self.deep_inputs()?);
                }
                let x = inputs
                    .as_ref()
                    .ok_or_else(|| AppError::Internal("no inputs".into()))?;
                self.deep_step(run, step, prompt, x, &texts)
            })();
            let (source, text) = match r {
                Ok(v) => v,
                Err(e) => {
                    self.store.set_deep_run_status(
                        self.athlete_id,
                        run,
                        "failed",
                        Some(&e.to_string()),
                        self.app.now(),
                    )?;
                    tracing::warn!(run, step, error = %e, "deep analysis step failed");
                    return Err(stopped(e, run, step));
                }
            };
            self.store.put_deep_step(
                self.athlete_id,
                run,
                &DeepStepRow {
                    step,
                    title: (*title).to_string(),
                    source: source.to_string(),
                    text: text.clone(),
                    finished_utc: self.app.now(),
                },
            )?;
            texts[i] = Some(text);
            report(DeepStepState::Done);
        }
        self.store
            .set_deep_run_status(self.athlete_id, run, "done", None, self.app.now())?;
        tracing::info!(run, "deep analysis done");
        self.deep_run(run)
    }

    fn deep_inputs(&self) -> Result<Inputs> {
        let ctx = self.coach_context()?;
        Ok(Inputs {
            facts: Facts::of(&ctx),
            brief: ctx.render(),
            ctx,
            chain: self.app.coach_chain()?,
        })
    }

    /// One step: its source (`llm`/`rules`) and text.
    fn deep_step(
        &self,
        run: i64,
        step: u32,
        name: &str,
        x: &Inputs,
        texts: &[Option<String>],
    ) -> Result<(&'static str, String)> {
        let earlier = |k: usize| texts.get(k).cloned().flatten().unwrap_or_default();
        let Some(chain) = &x.chain else {
            let text = match step {
                1 => core::rule_metrics(&x.facts),
                2 => core::rule_physiology(&x.ctx, &x.facts),
                3 => core::rule_activity(&x.ctx, &x.facts),
                4 => core::rule_synthesis(&x.facts),
                _ => {
                    let a = core::rule_plan(&x.ctx, &x.facts, &self.checker_config()?);
                    self.propose(run, "rules", a)?
                }
            };
            return Ok(("rules", text));
        };
        let prompt = self.app.coach_prompt(name)?;
        let render = |vars: serde_json::Value| {
            prompt
                .render(vars)
                .map_err(|e| AppError::InvalidInput(e.to_string()))
        };
        let brief = format!("{}\n{}", x.brief, x.facts.render(step));
        let text = match step {
            1..=3 => {
                let req = ChatRequest::new(render(json!({ "brief": brief }))?).with_max_tokens(900);
                self.coach_text(chain, name, &prompt, &req)?
            }
            4 => {
                let user = render(json!({
                    "metrics": earlier(0),
                    "physiology": earlier(1),
                    "activity": earlier(2),
                    "brief": brief,
                }))?;
                let req = ChatRequest::new(user).with_max_tokens(1_200);
                self.coach_text(chain, name, &prompt, &req)?
            }
            _ => {
                let schema = prompt
                    .answer_schema()
                    .ok_or_else(|| AppError::Internal(format!("{name} names no schema")))?;
                let planned = core::upcoming(&x.ctx);
                let user = render(json!({
                    "synthesis": earlier(3),
                    "planned": if planned.is_empty() { "nothing planned".to_string() } else { describe(&planned) },
                    "today": x.ctx.today,
                    "brief": brief,
                }))?;
                let req = ChatRequest::new(user)
                    .with_schema("analysis", schema)
                    .with_max_tokens(1_500);
                let answer = self.coach_json(chain, name, &prompt, &req)?;
                let a = parse_analysis(&answer.value)
                    .map_err(|e| AppError::InvalidInput(e.to_string()))?;
                self.propose(run, "llm", a)?
            }
        };
        Ok(("llm", text))
    }

    /// The plan proposal: changes that apply and pass the checker become a suggestion
    /// to approve (linked to the run); others are dropped, and said so.
    fn propose(&self, run: i64, source: &str, mut a: Analysis) -> Result<String> {
        if !a.changes.is_empty() {
            let why_not = match self.stored(None) {
                Err(_) => Some("there is no plan to change".to_string()),
                Ok((meta, plan)) => {
                    let brief = self.plan_brief_on(meta.start_date)?;
                    match apply(&brief, &plan, &a.changes, Date(self.today()?)) {
                        Err(e) => Some(e.to_string()),
                        Ok(new) => {
                            let r = check(&brief, &new, &self.checker_config()?);
                            (!r.passed()).then(|| {
                                let v: Vec<String> =
                                    r.violations.iter().map(|v| v.message.clone()).collect();
                                format!("the plan checker refuses it: {}", v.join("; "))
                            })
                        }
                    }
                }
            };
            if let Some(why) = why_not {
                a.analysis = format!("{} (Not proposed: {why}.)", a.analysis.trim());
                a.changes.clear();
            }
        }
        if a.changes.is_empty() {
            self.store
                .set_deep_run_suggestion(self.athlete_id, run, None)?;
            return Ok(a.analysis.trim().to_string());
        }
        let json = serde_json::to_string(&a.changes)
            .map_err(|e| AppError::Internal(format!("plan changes: {e}")))?;
        let id = self.store.add_suggestion(
            self.athlete_id,
            None,
            source,
            &a.analysis,
            Some(&json),
            self.app.now(),
        )?;
        self.store
            .set_deep_run_suggestion(self.athlete_id, run, Some(id))?;
        let lines: Vec<String> = a
            .changes
            .iter()
            .map(|c| format!("- {}", c.describe()))
            .collect();
        Ok(format!(
            "{}\nProposed as suggestion #{id} (approve it to make a new plan version):\n{}",
            a.analysis.trim(),
            lines.join("\n")
        ))
    }

    /// The run as one self-contained HTML page: each step's text (escaped), the
    /// proposal, and the PMC, weekly load and power curve charts as inline SVG.
    pub fn deep_report_html(&self, run_id: i64) -> Result<String> {
        let run = self.deep_run(run_id)?;
        let name = self.store.athlete(self.athlete_id)?.name;
        let day = paceline_types::date::format_ymd(run.created_utc.div_euclid(86_400));
        let done = run.steps.iter().filter(|s| s.text.is_some()).count();
        let status = if run.status == "done" {
            "complete".to_string()
        } else {
            format!("{done} of {OF} steps done ({})", run.status)
        };
        let mut charts = Vec::new();
        for (kind, title) in [
            (LoadChartKind::Pmc90, "Fitness, fatigue and form (90 days)"),
            (LoadChartKind::WeeklyLoad, "Weekly load"),
            (LoadChartKind::PowerCurve, "Power curve"),
        ] {
            let req = LoadChartRequest {
                kind,
                activity_id: None,
                theme: Theme::Light,
                width: 880,
                height: 380,
            };
            // A chart without data (no power, no history) is left out, not an error.
            match self.load_chart(&req) {
                Ok(c) => charts.push(ReportChart {
                    title: title.into(),
                    svg: c.svg,
                }),
                Err(e) => tracing::debug!(?kind, error = %e, "chart left out of the report"),
            }
        }
        let proposal = match run.suggestion_id {
            Some(id) => {
                let s = self.store.suggestion(self.athlete_id, id)?;
                let changes: Vec<paceline_coach::changes::Change> = s
                    .change
                    .as_deref()
                    .and_then(|c| serde_json::from_str(c).ok())
                    .unwrap_or_default();
                let mut lines: Vec<String> = changes.iter().map(|c| c.describe()).collect();
                lines.push(format!("Suggestion #{id}: {}", s.status));
                lines
            }
            None => Vec::new(),
        };
        Ok(render_html(&Report {
            title: format!("Deep analysis — {name}"),
            subtitle: format!("Run {} of {day}: {status}", run.id),
            steps: run
                .steps
                .iter()
                .filter_map(|s| {
                    Some(ReportStep {
                        title: s.title.clone(),
                        source: s.source.clone()?,
                        text: s.text.clone()?,
                    })
                })
                .collect(),
            charts,
            proposal,
        }))
    }
}
