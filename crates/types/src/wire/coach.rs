//! The coach's weekly reviews and deep analyses as the window and the CLI see them.

use serde::{Deserialize, Serialize};

use crate::domain::AthleteId;

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
