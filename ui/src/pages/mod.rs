//! One module per page of the sidebar (plus the activity page).

pub mod activities;
pub mod activity;
pub mod athletes;
pub mod calendar;
pub mod dashboard;
pub mod goals;
pub mod logbook;
pub mod logbook_forms;
pub mod settings;
pub mod upcoming;
