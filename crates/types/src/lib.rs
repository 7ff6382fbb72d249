//! Types that cross the command boundary between the Tauri shell and the Leptos UI,
//! and the small pure helpers both sides need (units, dates, and how training values
//! are shown: `present`).
//!
//! This crate is serde-only on purpose: it must compile for `wasm32-unknown-unknown`
//! and must not pull IO, SQL or Tauri into the UI.

pub mod date;
pub mod domain;
pub mod present;
pub mod units;
pub mod wire;

pub use domain::*;
pub use units::Units;
/// Import DTOs keep their old path.
pub use wire::import;
pub use wire::*;
