//! The checker on hand-written plans (one per rule), the planner on the
//! briefs under `tests/briefs/` and random briefs, the brief parser, exports,
//! diff, compliance and the readiness adjustment.

mod brief;
mod briefs;
mod checker;
mod export;
mod extremes;
mod other;
mod props;
