//! The weekly digest's pure core: for an ISO week and a group of athletes (or
//! one athlete), totals by sport, the week against the previous four, four
//! leaderboards with ties, highlights, and the chart's rows; rendered as
//! Markdown, HTML and WhatsApp text from templates. No IO, no clock: the
//! caller passes the sessions and writes the files (the chart's PNG comes
//! from `paceline_charts::digest_load_svg` with [`chart_rows`]).
//!
//! Conventions:
//! - Days are the athlete's local calendar days; the week runs Monday to
//!   Sunday. Sessions after the Sunday are ignored everywhere.
//! - NaN, infinite or negative numbers in a session count as 0.
//! - A group's `days_trained` counts athlete-days (two athletes on Monday = 2).

mod compute;
pub mod format;
mod highlights;
mod model;
mod render;
mod synthetic;
mod week;

pub use compute::{bucket, chart_rows, compute, BUCKETS, SPORT_ORDER};
pub use highlights::{MIN_STREAK_DAYS, MIN_STREAK_WEEKS, PACE_DISTANCES, POWER_DURATIONS};
pub use model::{
    Amounts, AthleteHistory, AthleteWeek, Change, ChartRow, Digest, DigestInput, Highlight,
    HighlightKind, Leaderboard, Rank, Session, SessionRef, SportTotal, Totals, Trend,
};
pub use render::{render_html, render_markdown, render_whatsapp};
pub use synthetic::{synthetic_input, SYNTHETIC_WEEK};
pub use week::IsoWeek;

/// What can go wrong: a week string that names no ISO week, or a template
/// that failed to render (a bug, reported rather than panicking).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DigestError {
    #[error("“{input}” is not an ISO week: {why}")]
    BadWeek { input: String, why: String },
    #[error("the digest template {name} failed: {message}")]
    Template { name: &'static str, message: String },
}
