//! The checker on hand-written plans (one per rule), the planner on the
//! briefs under `tests/briefs/`, exports, diff, compliance and adjustment.

mod briefs;
