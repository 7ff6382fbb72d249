//! Domain vocabulary shared by every crate (one copy each): sports, threshold kinds,
//! sex, and the ids of what the vault holds. Serde only, so it builds for wasm32.

use serde::{Deserialize, Serialize};

/// Row id of an athlete in the vault.
pub type AthleteId = i64;

/// Row id of an activity in the vault.
pub type ActivityId = i64;

/// Sports Paceline knows. Anything else is kept as `Other` with the source's name
/// in `sub_sport`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sport {
    Run,
    Ride,
    Swim,
    Walk,
    Hike,
    Row,
    Strength,
    Multisport,
    Transition,
    Other,
}

impl Sport {
    pub fn label(self) -> &'static str {
        match self {
            Sport::Run => "Run",
            Sport::Ride => "Ride",
            Sport::Swim => "Swim",
            Sport::Walk => "Walk",
            Sport::Hike => "Hike",
            Sport::Row => "Row",
            Sport::Strength => "Strength",
            Sport::Multisport => "Multisport",
            Sport::Transition => "Transition",
            Sport::Other => "Other",
        }
    }

    /// Stable lowercase key, the same string serde uses.
    pub fn key(self) -> &'static str {
        match self {
            Sport::Run => "run",
            Sport::Ride => "ride",
            Sport::Swim => "swim",
            Sport::Walk => "walk",
            Sport::Hike => "hike",
            Sport::Row => "row",
            Sport::Strength => "strength",
            Sport::Multisport => "multisport",
            Sport::Transition => "transition",
            Sport::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Sport> {
        ALL_SPORTS.iter().copied().find(|s| s.key() == key)
    }
}

pub const ALL_SPORTS: [Sport; 10] = [
    Sport::Run,
    Sport::Ride,
    Sport::Swim,
    Sport::Walk,
    Sport::Hike,
    Sport::Row,
    Sport::Strength,
    Sport::Multisport,
    Sport::Transition,
    Sport::Other,
];

/// Biological sex, which weights Banister's TRIMP (women's HR rises faster with
/// intensity at the same load).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
}

impl Sex {
    pub fn key(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
        }
    }

    pub fn from_key(key: &str) -> Option<Sex> {
        match key {
            "female" => Some(Sex::Female),
            "male" => Some(Sex::Male),
            _ => None,
        }
    }
}

/// What a training threshold measures. Units: W, bpm, m/s, kg.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdKind {
    /// Functional threshold power (W).
    Ftp,
    /// Lactate-threshold heart rate (bpm).
    Lthr,
    MaxHr,
    RestingHr,
    /// Threshold running speed (m/s); the UI shows it as pace.
    ThresholdSpeed,
    /// Critical swim speed (m/s).
    Css,
    /// Body mass (kg).
    Weight,
}

impl ThresholdKind {
    pub const ALL: [ThresholdKind; 7] = [
        ThresholdKind::Ftp,
        ThresholdKind::Lthr,
        ThresholdKind::MaxHr,
        ThresholdKind::RestingHr,
        ThresholdKind::ThresholdSpeed,
        ThresholdKind::Css,
        ThresholdKind::Weight,
    ];

    /// Stable lowercase key, the same string serde uses.
    pub fn key(self) -> &'static str {
        match self {
            ThresholdKind::Ftp => "ftp",
            ThresholdKind::Lthr => "lthr",
            ThresholdKind::MaxHr => "max_hr",
            ThresholdKind::RestingHr => "resting_hr",
            ThresholdKind::ThresholdSpeed => "threshold_speed",
            ThresholdKind::Css => "css",
            ThresholdKind::Weight => "weight",
        }
    }

    pub fn from_key(key: &str) -> Option<ThresholdKind> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    /// What a person calls it: "FTP", "Threshold heart rate", "Threshold pace".
    pub fn label(self) -> &'static str {
        match self {
            ThresholdKind::Ftp => "FTP",
            ThresholdKind::Lthr => "Threshold heart rate",
            ThresholdKind::MaxHr => "Max heart rate",
            ThresholdKind::RestingHr => "Resting heart rate",
            ThresholdKind::ThresholdSpeed => "Threshold pace",
            ThresholdKind::Css => "Critical swim speed",
            ThresholdKind::Weight => "Weight",
        }
    }
}
