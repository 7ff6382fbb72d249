//! One module per page of the sidebar (plus the activity page).

pub mod activities;
pub mod activity;
pub mod athletes;
pub mod calendar;
pub mod coach_chat;
pub mod coach_reviews;
pub mod dashboard;
pub mod digest;
pub mod goals;
pub mod groups;
mod limits;
pub mod logbook;
pub mod logbook_forms;
pub mod not_found;
pub mod routes;
pub mod settings;
