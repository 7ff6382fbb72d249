//! The LLM coach at the application level: providers and their keys, the budget and
//! the ledger, prompts with user versions, the athlete context from the vault, and the
//! coach's actions — a plan written by the model and checked like any plan, rules from
//! words, the analysis of a workout turned into a suggestion to approve or reject, and
//! chat grounded in the athlete's data through tools.
//!
//! With no provider configured everything still works without a model: plans from the
//! built-in planner, rule-based workout analysis.
//!
//! Every model call goes through one [`Meter`] per step whose caps include what the
//! ledger says was spent this day, week and month (UTC), and every call — refused and
//! failed ones too — is written to the ledger with the prompt's name and version.
//! Nothing a run produces is saved until the run has succeeded: a budget refusal or a
//! provider failure mid-run leaves the vault as it was (apart from the ledger).

mod analysis;
mod chat;
mod context;
mod deep;
mod plan;
mod prompts;
mod providers;
mod review;
mod rules;

use std::future::Future;

use paceline_coach::prompts::Prompt;
use paceline_llm::{BudgetCaps, ChatRequest, FallbackChain, LlmError, Meter, Spent};
use paceline_store::LedgerRow;

use crate::{AppError, AthleteScope, Result};

pub use analysis::{SuggestionInfo, SuggestionPreview};
pub use chat::ChatAnswer;
pub use deep::{DeepProgress, DeepStepState};
/// The coach's pure core (context, prompts, proposals, changes).
pub use paceline_coach as core;
pub use paceline_llm::ProviderKind;
pub use plan::{ContextSize, LlmPlan, BLOCK_WEEKS};
pub use providers::{LedgerSummary, ProviderInput, ProviderView, SpendLine};
pub use rules::RulesProposal;

/// Runs a future to completion from synchronous code (the CLI, the shell's command
/// threads). Inside a tokio runtime it runs on a scoped thread of its own, since a
/// runtime cannot block on another from its own thread.
pub(crate) fn block_on<F: Future + Send>(f: F) -> std::result::Result<F::Output, AppError>
where
    F::Output: Send,
{
    let run = move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map(|rt| rt.block_on(f))
            .map_err(|e| AppError::Internal(format!("cannot start the coach's runtime: {e}")))
    };
    if tokio::runtime::Handle::try_current().is_ok() {
        std::thread::scope(|s| {
            s.spawn(run)
                .join()
                .unwrap_or_else(|_| Err(AppError::Internal("the coach's call panicked".into())))
        })
    } else {
        run()
    }
}

/// An LLM error as the app's: what the athlete can fix is `invalid_input`.
pub(crate) fn llm_error(e: LlmError) -> AppError {
    let fixable = e.budget_refusal().is_some()
        || matches!(
            e,
            LlmError::NoProvider
                | LlmError::Config(_)
                | LlmError::InvalidStructuredOutput { .. }
                | LlmError::Truncated { .. }
                | LlmError::ToolRoundsExhausted { .. }
        );
    if let Some(b) = e.budget_refusal() {
        return AppError::InvalidInput(b.to_string());
    }
    if fixable {
        AppError::InvalidInput(e.to_string())
    } else {
        AppError::Internal(e.to_string())
    }
}

const DAY: i64 = 86_400;

/// Starts (UTC) of the current day, ISO week and month.
fn period_starts(now: i64) -> (i64, i64, i64) {
    let day = now.div_euclid(DAY);
    // 1970-01-01 was a Thursday: Monday is 3 days before.
    let week = day - (day + 3).rem_euclid(7);
    let (y, m, _) = paceline_types::date::civil_from_days(day);
    let month = paceline_types::date::days_from_civil(y, m, 1);
    (day * DAY, week * DAY, month * DAY)
}

impl AthleteScope<'_> {
    /// The budget check for the next step: the caps with what the ledger says was spent.
    pub(crate) fn coach_meter(&self) -> Result<Meter> {
        let (day, week, month) = period_starts(self.app.now());
        let spent = Spent {
            day_usd: self.store.ledger_spent_since(day)?,
            week_usd: self.store.ledger_spent_since(week)?,
            month_usd: self.store.ledger_spent_since(month)?,
        };
        let b = self.store.coach_budget()?;
        let caps = BudgetCaps {
            daily_usd: b.daily_usd,
            weekly_usd: b.weekly_usd,
            monthly_usd: b.monthly_usd,
        };
        Ok(Meter::new(self.app.coach_prices()?, caps, spent))
    }

    /// Writes every call of a step to the ledger.
    pub(crate) fn record_calls(&self, action: &str, prompt: &Prompt, meter: &Meter) -> Result<()> {
        for c in meter.calls() {
            self.store.add_ledger(&LedgerRow {
                id: 0,
                athlete_id: Some(self.athlete_id),
                at_utc: self.app.now(),
                action: action.to_string(),
                provider: c.provider,
                model: c.model,
                prompt_name: prompt.name.clone(),
                prompt_version: prompt.version,
                tokens_in: c.usage.input_tokens,
                tokens_out: c.usage.output_tokens,
                estimated: c.usage.estimated,
                cost_usd: c.cost_usd,
                latency_ms: c.latency.as_millis() as u64,
                outcome: c.outcome.label().to_string(),
            })?;
        }
        Ok(())
    }

    /// One structured step: the request through the chain (validated, with the LLM
    /// layer's one repair round for malformed JSON), its calls in the ledger.
    pub(crate) fn coach_json(
        &self,
        chain: &FallbackChain,
        action: &str,
        prompt: &Prompt,
        req: &ChatRequest,
    ) -> Result<paceline_llm::JsonResponse> {
        let meter = self.coach_meter()?;
        let out = block_on(chain.complete_json(req, &meter))?;
        self.record_calls(action, prompt, &meter)?;
        out.map_err(llm_error)
    }
}
