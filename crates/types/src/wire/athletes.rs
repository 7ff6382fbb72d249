//! Athletes: who the vault's data belongs to.

use serde::{Deserialize, Serialize};

use crate::domain::{AthleteId, Sex};

/// Who the vault belongs to (arguments of [`cmd::SET_PROFILE`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AthleteProfile {
    pub name: String,
    pub sex: Option<Sex>,
}

/// One athlete of the vault, as the switcher and the Athletes page list them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AthleteInfo {
    pub id: AthleteId,
    pub name: String,
    pub sex: Option<Sex>,
    /// Hidden from the switcher; their data is kept.
    pub archived: bool,
    pub activity_count: u32,
    /// IANA time zone for the athlete's "today"; `None`: their latest activity's offset.
    pub tz: Option<String>,
}
