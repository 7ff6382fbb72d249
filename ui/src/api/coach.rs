//! The LLM coach: Settings › Coach (providers, budget, spend, prompts), Coach › Chat
//! (the answer streams as `coach_chat` events), the suggestions and plans written by
//! the model. No reply ever carries an API key.

use paceline_types::{
    args, cmd, event, CoachBudget, CoachChat, CoachChatEvent, CoachPlanGenerated, CoachPreview,
    CoachPrompt, CoachProvider, CoachProviderInput, CoachSpend, CoachSuggestion, Passphrase,
    WireError,
};

use super::{athlete, call, call_unit, listen, Listener};

pub async fn coach_providers() -> Result<Vec<CoachProvider>, WireError> {
    call(cmd::COACH_PROVIDERS, &args::CoachProvidersArgs {}).await
}

/// Adds (or replaces) a provider; an empty key keeps the stored one.
pub async fn coach_add_provider(
    provider: CoachProviderInput,
    api_key: String,
) -> Result<Vec<CoachProvider>, WireError> {
    let a = args::CoachAddProviderArgs {
        provider,
        api_key: Passphrase(api_key),
    };
    call(cmd::COACH_ADD_PROVIDER, &a).await
}

pub async fn coach_remove_provider(name: String) -> Result<Vec<CoachProvider>, WireError> {
    let a = args::CoachRemoveProviderArgs { name };
    call(cmd::COACH_REMOVE_PROVIDER, &a).await
}

/// Sets the fallback order.
pub async fn coach_order_providers(names: Vec<String>) -> Result<Vec<CoachProvider>, WireError> {
    let a = args::CoachOrderProvidersArgs { names };
    call(cmd::COACH_ORDER_PROVIDERS, &a).await
}

pub async fn coach_budget() -> Result<CoachBudget, WireError> {
    call(cmd::COACH_BUDGET, &args::CoachBudgetArgs {}).await
}

/// Sets all three caps (`None`: no cap).
pub async fn coach_set_budget(budget: CoachBudget) -> Result<CoachBudget, WireError> {
    let a = args::CoachSetBudgetArgs { budget };
    call(cmd::COACH_SET_BUDGET, &a).await
}

/// What the last `days` days of model calls cost.
pub async fn coach_spend(days: u32) -> Result<CoachSpend, WireError> {
    call(cmd::COACH_SPEND, &args::CoachSpendArgs { days }).await
}

pub async fn coach_prompt_names() -> Result<Vec<String>, WireError> {
    call(cmd::COACH_PROMPT_NAMES, &args::CoachPromptNamesArgs {}).await
}

pub async fn coach_prompt(name: String) -> Result<CoachPrompt, WireError> {
    call(cmd::COACH_PROMPT, &args::CoachPromptArgs { name }).await
}

/// Saves `body` as the prompt's next version; answers the prompt.
pub async fn coach_save_prompt(name: String, body: String) -> Result<CoachPrompt, WireError> {
    let a = args::CoachSavePromptArgs { name, body };
    call(cmd::COACH_SAVE_PROMPT, &a).await
}

/// Makes `version` current again (as a new version); answers the prompt.
pub async fn coach_rollback_prompt(name: String, version: u32) -> Result<CoachPrompt, WireError> {
    let a = args::CoachRollbackPromptArgs { name, version };
    call(cmd::COACH_ROLLBACK_PROMPT, &a).await
}

/// The shown athlete's conversation (default: the latest).
pub async fn coach_chat(conversation: Option<i64>) -> Result<CoachChat, WireError> {
    let a = args::CoachChatArgs {
        athlete_id: athlete(),
        conversation,
    };
    call(cmd::COACH_CHAT, &a).await
}

/// Asks the coach; answers the chat's id, the answer arrives through [`on_coach_chat`].
pub async fn coach_ask(question: String, conversation: Option<i64>) -> Result<u64, WireError> {
    let a = args::CoachAskArgs {
        athlete_id: athlete(),
        question,
        conversation,
    };
    call(cmd::COACH_ASK, &a).await
}

/// Every piece of every streaming chat answer.
pub async fn on_coach_chat(
    handler: impl FnMut(CoachChatEvent) + 'static,
) -> Result<Listener, WireError> {
    listen(event::COACH_CHAT, handler).await
}

/// The shown athlete's suggestions, pending first.
pub async fn coach_suggestions() -> Result<Vec<CoachSuggestion>, WireError> {
    let a = args::CoachSuggestionsArgs {
        athlete_id: athlete(),
    };
    call(cmd::COACH_SUGGESTIONS, &a).await
}

/// Analyses the latest workout (`None`) or activity `id` into a suggestion.
pub async fn coach_analyze(activity: Option<i64>) -> Result<CoachSuggestion, WireError> {
    let a = args::CoachAnalyzeArgs {
        athlete_id: athlete(),
        activity,
    };
    call(cmd::COACH_ANALYZE, &a).await
}

pub async fn coach_preview(id: i64) -> Result<CoachPreview, WireError> {
    let a = args::CoachPreviewArgs {
        athlete_id: athlete(),
        id,
    };
    call(cmd::COACH_PREVIEW, &a).await
}

/// Approves a suggestion; answers the plan version it made.
pub async fn coach_approve(id: i64) -> Result<u32, WireError> {
    let a = args::CoachApproveArgs {
        athlete_id: athlete(),
        id,
    };
    call(cmd::COACH_APPROVE, &a).await
}

pub async fn coach_reject(id: i64) -> Result<(), WireError> {
    let a = args::CoachRejectArgs {
        athlete_id: athlete(),
        id,
    };
    call_unit(cmd::COACH_REJECT, &a).await
}

/// Plans with the configured models (checked before it is saved).
pub async fn generate_plan_llm() -> Result<CoachPlanGenerated, WireError> {
    let a = args::GeneratePlanLlmArgs {
        athlete_id: athlete(),
    };
    call(cmd::GENERATE_PLAN_LLM, &a).await
}
