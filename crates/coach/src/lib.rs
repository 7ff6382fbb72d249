//! The LLM coach's pure core, between the app (which reads the vault and calls the
//! providers through `paceline-llm`) and the planning science (`paceline-plan`).
//!
//! - [`prompts`]: one minijinja template per action, compiled in from the top-level
//!   `prompts/` folder, each with a header naming its version and the JSON schema it
//!   expects back ([`schemas`]); a user's saved version overrides the built-in body.
//! - [`context`]: the compact athlete brief a model sees ([`AthleteContext`] →
//!   text), bounded by construction (fixed windows, capped lists) so a 16-week plan
//!   request stays under 8,000 tokens whatever the history.
//! - [`proposal`]: a model's weeks of workouts → plan [`Workout`]s: durations, zones and
//!   TSS computed from the steps here, race days added from the brief, every problem
//!   named for the repair round.
//! - [`rules`]: a model's parsed rules and injuries, validated as the brief would.
//! - [`changes`]: plan changes a suggestion proposes (ease, shorten, remove, move)
//!   applied to a plan, and the rule-based analysis of a done workout used when no
//!   provider is configured.
//! - [`review`]: the week's facts and the rule-based weekly review.
//! - [`deep`]: the deep analysis's steps, their facts and rule-based versions;
//!   [`report`]: its self-contained HTML report.
//!
//! Pure: no IO, no clock; today is an argument.
//!
//! [`Workout`]: paceline_plan::Workout
//! [`AthleteContext`]: context::AthleteContext

pub mod changes;
pub mod context;
pub mod deep;
mod error;
pub mod prompts;
pub mod proposal;
pub mod report;
pub mod review;
pub mod rules;
pub mod schemas;

pub use error::CoachError;
