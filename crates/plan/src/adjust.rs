//! Readiness adjusts today: when the readiness engine says "low", today's
//! hard sessions become easy ones, by rule. The caller re-checks the new plan
//! and stores it as a new version with the reason (the athlete can undo).

use crate::brief::Brief;
use crate::checker::CheckerConfig;
use crate::date::Date;
use crate::model::{Plan, Workout};
use crate::planner::session::{workout, Role};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Adjustment {
    /// The adjusted plan: `parent_version` is the old plan's version,
    /// `version` is left for the caller to assign.
    pub plan: Plan,
    /// Why, for the athlete and the version log.
    pub reason: String,
    /// (before, after) per swapped workout.
    pub swapped: Vec<(Workout, Workout)>,
}

/// Swaps each hard, non-race workout on `today` for an easy session of the
/// same sport and place: 75 % of its duration (at least 20 min), all in
/// zone 1–2. `None` when today holds nothing hard.
pub fn readiness_low(
    brief: &Brief,
    plan: &Plan,
    today: Date,
    cfg: &CheckerConfig,
) -> Option<Adjustment> {
    let mut new = plan.clone();
    new.parent_version = plan.version;
    new.version = None;
    let mut swapped = Vec::new();
    for w in new
        .workouts
        .iter_mut()
        .filter(|w| w.date == today && !w.is_race() && cfg.hard_intensities.contains(&w.intensity))
    {
        let easy = eased(brief, w, "Readiness is low today");
        swapped.push((w.clone(), easy.clone()));
        *w = easy;
    }
    if swapped.is_empty() {
        return None;
    }
    let names: Vec<String> = swapped
        .iter()
        .map(|(a, b)| format!("{} → {}", a.name, b.name))
        .collect();
    Some(Adjustment {
        plan: new,
        reason: format!("readiness low on {today}: {}", names.join(", ")),
        swapped,
    })
}

/// An easy session in place of `w`: same day, sport and place, 75 % of its duration
/// (at least 20 min), all in zone 1–2; the description starts with `why`.
pub fn eased(brief: &Brief, w: &Workout, why: &str) -> Workout {
    let minutes = (w.duration_min * 0.75)
        .round()
        .max(20.0)
        .min(w.duration_min);
    let mut easy = workout(brief, w.date, w.sport, Role::Easy, minutes, 0.0, w.location);
    easy.description = format!(
        "{why}: {} swapped for easy endurance. {}",
        w.name, easy.description
    );
    easy
}
