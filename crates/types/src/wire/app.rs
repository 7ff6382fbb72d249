//! The app as a whole: what it shows about itself, preferences, themes, charts.

use serde::{Deserialize, Serialize};

use crate::units::Units;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

/// A rendered chart: a self-contained SVG document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    pub svg: String,
}

/// Where the vault key came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    /// A random 256-bit key kept in the OS keyring.
    Keyring,
    /// Derived with Argon2id from `PACELINE_PASSPHRASE`.
    Passphrase,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub vault_path: String,
    pub key_source: KeySource,
    /// The athlete this info is about.
    pub athlete_id: crate::AthleteId,
    pub athlete_name: String,
    pub activity_count: u32,
}

/// User preferences kept in the vault.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Settings {
    pub units: Units,
    /// Folders watched for new activity files (a mounted watch, a sync folder).
    #[serde(default)]
    pub watched_folders: Vec<String>,
}
