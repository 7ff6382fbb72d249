//! Reusable pieces; pages live in [`crate::pages`].

pub mod activity_table;
pub mod backups;
pub mod chart;
pub mod coach_prompts;
pub mod coach_settings;
pub mod coach_suggestions;
pub mod css_test;
pub mod drop_overlay;
pub mod extras;
pub mod fields;
pub mod garmin;
pub mod icons;
pub mod import_toast;
pub mod load;
pub mod metrics;
pub mod power_profile;
pub mod profile;
pub mod rpe;
pub mod save_route;
pub mod sidebar;
pub mod status;
pub mod thresholds;
pub mod totals;
pub mod watched;
pub mod whatsapp;
pub mod zones;
