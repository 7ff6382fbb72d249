//! The command table, one file per area. Each command is one call into
//! `paceline-app`; names and argument structs come from `paceline-types`
//! (`cmd`, `args`), and a test checks this table against them. Every command that
//! touches athlete data names its athlete (`athleteId`). `async` keeps them off the
//! main thread so the window never stalls on the vault.

pub mod activities;
pub mod athletes;
pub mod backup;
pub mod coach;
pub mod coach_jobs;
pub mod desktop;
pub mod garmin;
pub mod logbook;
pub mod people;
pub mod plans;
pub mod routes;
pub mod training;

use paceline_types::WireError;

pub(crate) type Reply<T> = Result<T, WireError>;
