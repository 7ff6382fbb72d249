//! Dated threshold history and "new threshold?" suggestions.
//!
//! Every threshold is a step function of time: an entry is valid from its
//! day until the next entry of the same sport and kind. Entries with
//! `sport: None` apply to every sport (weight, resting HR) and are the
//! fallback when no sport-specific entry is valid on the day.

use crate::cp::{eftp, EftpMethod};
use crate::curve::{best_mean, mean_max};
use crate::util::pos;
use crate::{Day, Sport};
use serde::{Deserialize, Serialize};

/// Which threshold: the one copy in `paceline-types`. Units: W, bpm, m/s, kg.
pub use paceline_types::ThresholdKind;

/// One dated value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ThresholdEntry {
    /// `None` = all sports.
    pub sport: Option<Sport>,
    pub kind: ThresholdKind,
    /// First day it applies.
    pub from: Day,
    pub value: f32,
}

/// All thresholds of one athlete.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ThresholdHistory {
    /// Kept sorted by (sport, kind, from).
    entries: Vec<ThresholdEntry>,
}

impl ThresholdHistory {
    pub fn new() -> Self {
        Self::default()
    }

    /// Build from entries in any order (later duplicates of the same
    /// sport/kind/day win).
    pub fn from_entries(entries: impl IntoIterator<Item = ThresholdEntry>) -> Self {
        let mut h = Self::new();
        for e in entries {
            h.set(e.sport, e.kind, e.from, e.value);
        }
        h
    }

    /// Add or replace the value of `kind` for `sport` from day `from` on.
    /// Non-finite or non-positive values are ignored.
    pub fn set(&mut self, sport: Option<Sport>, kind: ThresholdKind, from: Day, value: f32) {
        if pos(value).is_none() {
            return;
        }
        let key = |e: &ThresholdEntry| (e.sport, e.kind, e.from);
        let k = (sport, kind, from);
        match self.entries.binary_search_by(|e| key(e).cmp(&k)) {
            Ok(i) => self.entries[i].value = value,
            Err(i) => self.entries.insert(
                i,
                ThresholdEntry {
                    sport,
                    kind,
                    from,
                    value,
                },
            ),
        }
    }

    /// Remove the entry starting exactly on `from`; true if one existed.
    pub fn remove(&mut self, sport: Option<Sport>, kind: ThresholdKind, from: Day) -> bool {
        let n = self.entries.len();
        self.entries
            .retain(|e| !(e.sport == sport && e.kind == kind && e.from == from));
        n != self.entries.len()
    }

    /// The entry valid on `day`: latest `from ≤ day` for the sport, else the
    /// latest all-sports entry.
    pub fn entry(&self, sport: Sport, kind: ThresholdKind, day: Day) -> Option<&ThresholdEntry> {
        let find = |s: Option<Sport>| {
            self.entries
                .iter()
                .filter(|e| e.sport == s && e.kind == kind && e.from <= day)
                .max_by_key(|e| e.from)
        };
        find(Some(sport)).or_else(|| find(None))
    }

    /// Value valid on `day` (see [`Self::entry`]).
    pub fn get(&self, sport: Sport, kind: ThresholdKind, day: Day) -> Option<f32> {
        self.entry(sport, kind, day).map(|e| e.value)
    }

    /// All entries, sorted by sport, kind, day.
    pub fn entries(&self) -> &[ThresholdEntry] {
        &self.entries
    }
}

/// Best efforts found in one activity (all optional; fill what you have).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Evidence {
    /// eFTP from the activity's curve (see [`crate::cp::eftp`]), W.
    pub eftp_w: Option<f32>,
    /// Best 20-min mean power, W.
    pub best_20min_w: Option<f32>,
    /// Highest 5-s mean HR (5 s so a single spike is not a new max), bpm.
    pub max_hr_5s: Option<f32>,
    /// Highest 20-min mean HR, bpm.
    pub best_20min_hr: Option<f32>,
    /// Best 30-min mean speed (grade-adjusted if available), m/s.
    pub best_30min_speed_ms: Option<f32>,
    /// CSS from a 400/200 test done in this session, m/s.
    pub css_ms: Option<f32>,
    /// Resting HR measured that morning, bpm.
    pub resting_hr: Option<f32>,
}

impl Evidence {
    /// Collect evidence from clean 1 Hz streams (pass empty slices for
    /// missing ones).
    pub fn from_streams(power: &[Option<f32>], hr: &[Option<f32>], speed: &[Option<f32>]) -> Self {
        let mut ds = crate::cp::CP2_DURATIONS.to_vec();
        ds.push(1200);
        let curve = mean_max(power, &ds);
        Evidence {
            eftp_w: eftp(&curve)
                .filter(|e| e.method == EftpMethod::CriticalPower)
                .map(|e| e.watts),
            best_20min_w: best_mean(power, 1200).map(|b| b.0).and_then(pos),
            max_hr_5s: best_mean(hr, 5).map(|b| b.0).and_then(pos),
            best_20min_hr: best_mean(hr, 1200).map(|b| b.0).and_then(pos),
            best_30min_speed_ms: best_mean(speed, 1800).map(|b| b.0).and_then(pos),
            css_ms: None,
            resting_hr: None,
        }
    }
}

/// A proposed threshold change, for the athlete to accept or dismiss.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub sport: Option<Sport>,
    pub kind: ThresholdKind,
    /// Value valid on the day before the change (None = never set).
    pub current: Option<f32>,
    pub suggested: f32,
    /// Day the new value would apply from (the activity's day).
    pub from: Day,
    pub reason: String,
}

/// Relative improvement needed before suggesting power/speed thresholds
/// (1 %: below that it is noise, not fitness).
pub const MIN_GAIN: f32 = 0.01;

/// Suggest threshold updates from one activity's evidence on `day`:
/// * FTP: max(eFTP, 0.95 × best 20-min power) above current FTP (+1 %);
/// * max HR: 5-s max above current max HR;
/// * LTHR: best 20-min HR above current LTHR (Friel: mean HR of the last
///   20 min of a 30-min solo time trial ≈ LTHR);
/// * threshold speed (run): best 30-min speed above current (+1 %) (Friel's
///   30-min test);
/// * CSS (swim): a tested CSS above the current one;
/// * resting HR (all sports): a lower morning reading.
///
/// A threshold never set is always suggested.
pub fn suggest(
    history: &ThresholdHistory,
    sport: Sport,
    day: Day,
    ev: &Evidence,
) -> Vec<Suggestion> {
    let mut out = Vec::new();
    let mut push = |s: Option<Sport>,
                    kind,
                    value: Option<f32>,
                    higher_is_new: bool,
                    gain: f32,
                    why: &dyn Fn(f32) -> String| {
        let Some(v) = value.and_then(pos) else { return };
        let cur = match s {
            Some(sp) => history.get(sp, kind, day.saturating_sub(1)),
            None => history.get(sport, kind, day.saturating_sub(1)),
        };
        let better = match cur {
            None => true,
            Some(c) if higher_is_new => v > c * (1.0 + gain) && v > c,
            Some(c) => v < c * (1.0 - gain) && v < c,
        };
        if better {
            out.push(Suggestion {
                sport: s,
                kind,
                current: cur,
                suggested: v,
                from: day,
                reason: why(v),
            });
        }
    };
    let ftp_from_20 = ev.best_20min_w.map(|p| 0.95 * p);
    let ftp = match (ev.eftp_w.and_then(pos), ftp_from_20) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let via_20 = ftp.is_some() && ftp == ftp_from_20;
    push(Some(sport), ThresholdKind::Ftp, ftp, true, MIN_GAIN, &|v| {
        if via_20 {
            format!("Best 20 min was {:.0} W; 95 % of it is {v:.0} W", v / 0.95)
        } else {
            format!("Estimated FTP from your power-duration curve is {v:.0} W")
        }
    });
    push(
        Some(sport),
        ThresholdKind::MaxHr,
        ev.max_hr_5s,
        true,
        0.0,
        &|v| format!("Heart rate reached {v:.0} bpm (5 s), above your max HR"),
    );
    push(
        Some(sport),
        ThresholdKind::Lthr,
        ev.best_20min_hr,
        true,
        0.0,
        &|v| format!("You held {v:.0} bpm for 20 min, above your LTHR"),
    );
    if sport == Sport::Run {
        push(
            Some(sport),
            ThresholdKind::ThresholdSpeed,
            ev.best_30min_speed_ms,
            true,
            MIN_GAIN,
            &|v| {
                format!(
                    "Best 30 min at {:.0} s/km is faster than your threshold pace",
                    1000.0 / v
                )
            },
        );
    }
    if sport == Sport::Swim {
        push(
            Some(sport),
            ThresholdKind::Css,
            ev.css_ms,
            true,
            0.0,
            &|v| format!("CSS test: {:.1} s/100 m", 100.0 / v),
        );
    }
    push(
        None,
        ThresholdKind::RestingHr,
        ev.resting_hr,
        false,
        0.0,
        &|v| format!("Resting HR of {v:.0} bpm is below the one on file"),
    );
    out
}
