//! The coach's weekly reviews and deep analyses as the window and the CLI see them.
//!
//! The LLM coach in the window: providers and their fallback order, the budget, what
//! the calls cost, prompts with their versions, chat (streamed as `coach_chat`
//! events), the suggestions after a workout and plans written by the model. No DTO
//! carries an API key: only whether one is stored.

use serde::{Deserialize, Serialize};

use crate::domain::AthleteId;
use crate::wire::WeekLoadChange;

/// A weekly review the coach wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachReviewView {
    pub id: i64,
    pub athlete_id: AthleteId,
    /// ISO week, `2026-W48`.
    pub week: String,
    /// Its Monday and Sunday, `YYYY-MM-DD`.
    pub monday: String,
    pub sunday: String,
    pub created_utc: i64,
    /// `llm` (written by the model) or `rules` (no provider, or the model failed).
    pub source: String,
    pub text: String,
    /// The week's facts computed in Rust (planned vs done, load, form, wellness), as
    /// JSON text.
    pub facts_json: String,
}

/// One step of a deep analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeepStepView {
    /// 1-based.
    pub step: u32,
    pub title: String,
    /// `llm` or `rules`; `None` while not done.
    pub source: Option<String>,
    pub text: Option<String>,
    pub finished_utc: Option<i64>,
}

/// A deep analysis run and its steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeepRunView {
    pub id: i64,
    pub athlete_id: AthleteId,
    pub created_utc: i64,
    pub updated_utc: i64,
    /// `running`, `cancelled`, `failed` (both resumable) or `done`.
    pub status: String,
    /// Why the last attempt stopped.
    pub error: Option<String>,
    /// The plan change proposed by the last step, as a suggestion to approve.
    pub suggestion_id: Option<i64>,
    pub steps: Vec<DeepStepView>,
}

/// A provider as Settings › Coach lists it, in fallback order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachProvider {
    pub name: String,
    /// `openai` (any OpenAI-compatible API), `anthropic` or `ollama`.
    pub kind: String,
    pub base_url: String,
    pub model: String,
    /// 0 is tried first.
    pub position: u32,
    pub has_key: bool,
    /// On this machine (free unless priced).
    pub local: bool,
    /// USD per million tokens in and out, and where the price comes from (`table`,
    /// `local`, `default`).
    pub price_in: f64,
    pub price_out: f64,
    pub price_source: String,
}

/// A provider to add (or replace, keeping its place); the API key travels beside it
/// as a [`crate::wire::Passphrase`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachProviderInput {
    /// Lowercase letters, digits, `.`, `_`, `-`, starting with a letter.
    pub name: String,
    /// `openai` or `anthropic` (`ollama` too).
    pub kind: String,
    pub base_url: String,
    pub model: String,
    /// USD per million tokens; `None`: the built-in table's or a conservative default.
    pub price_in: Option<f64>,
    pub price_out: Option<f64>,
}

/// Spending caps in USD; `None` is no cap, 0 refuses every call that costs anything.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct CoachBudget {
    pub daily_usd: Option<f64>,
    pub weekly_usd: Option<f64>,
    pub monthly_usd: Option<f64>,
}

/// Spend grouped one way (a day `2026-03-01`, a `provider/model`, an action).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachSpendLine {
    pub key: String,
    pub calls: u32,
    pub tokens_in: u64,
    pub tokens_out: u64,
    pub cost_usd: f64,
}

/// The ledger's totals since `since_utc`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachSpend {
    pub since_utc: i64,
    pub calls: u32,
    pub tokens_in: u64,
    pub tokens_out: u64,
    pub cost_usd: f64,
    pub by_day: Vec<CoachSpendLine>,
    pub by_model: Vec<CoachSpendLine>,
    pub by_action: Vec<CoachSpendLine>,
}

/// One version of a prompt's template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachPromptVersion {
    pub version: u32,
    pub body: String,
    /// When the user saved it; `None` for the built-in one.
    pub created_utc: Option<i64>,
    pub builtin: bool,
}

/// A prompt as the coach uses it now, with every version: the built-in one first,
/// then the user's, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachPrompt {
    pub name: String,
    pub version: u32,
    pub builtin: bool,
    pub body: String,
    pub versions: Vec<CoachPromptVersion>,
}

/// One stored chat message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachChatMessage {
    /// `user` or `assistant`.
    pub role: String,
    pub content: String,
    pub at_utc: i64,
}

/// A stored conversation, and whether chat can run at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachChat {
    /// `None`: no conversation yet (the next question starts one).
    pub conversation: Option<i64>,
    pub messages: Vec<CoachChatMessage>,
    pub has_provider: bool,
}

/// Payload of the `coach_chat` event: a piece of a streaming answer, or its end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachChatEvent {
    /// What `coach_ask` answered.
    pub chat_id: u64,
    /// Text to append (empty on the last event).
    pub delta: String,
    pub done: bool,
    /// Why the answer failed (set only with `done`); nothing was stored then.
    pub error: Option<String>,
    /// The conversation the question and answer were stored in (with `done`, on success).
    pub conversation: Option<i64>,
}

/// A suggestion after a workout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachSuggestion {
    pub id: i64,
    pub created_utc: i64,
    pub activity_id: Option<i64>,
    /// `rules` or `llm`.
    pub source: String,
    pub analysis: String,
    /// The proposed plan changes in words (empty: nothing to change).
    pub change_lines: Vec<String>,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    /// The plan version approving made.
    pub plan_version: Option<u32>,
}

/// What approving a suggestion would do to the current plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachPreview {
    pub suggestion: CoachSuggestion,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// `<workout>: <fields that changed>`.
    pub changed: Vec<String>,
    pub weeks: Vec<WeekLoadChange>,
    /// The checker's reasons; approval is refused unless empty.
    pub violations: Vec<String>,
}

/// A plan the model wrote and the checker passed, saved as `version` (a refused plan
/// is an `invalid_input` error whose message lists the checker's reasons).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachPlanGenerated {
    pub version: u32,
    pub workouts: u32,
    /// The first answer had problems that the repair round fixed.
    pub repaired: bool,
    pub calls: u32,
    pub cost_usd: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chat_event_is_what_the_ui_parses() {
        let e = CoachChatEvent {
            chat_id: 3,
            delta: "Easy ".into(),
            done: false,
            error: None,
            conversation: None,
        };
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"chat_id":3,"delta":"Easy ","done":false,"error":null,"conversation":null}"#
        );
    }
}
