//! Errors of the coach core; messages say what to do.

/// What went wrong rendering a prompt or reading a model's answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CoachError {
    #[error("no prompt named `{0}`; the prompts are: {names}", names = crate::prompts::NAMES.join(", "))]
    UnknownPrompt(String),
    #[error("prompt `{name}`: {message}; fix the template (or roll back to an earlier version)")]
    Template { name: String, message: String },
    /// A model's answer that cannot be used, with every reason (shown to the model in
    /// the repair round, and to the athlete when it still fails).
    #[error("the coach's answer cannot be used: {}", .0.join("; "))]
    Invalid(Vec<String>),
}
