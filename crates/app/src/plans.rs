//! Training plans at the application level: the athlete's brief built from the vault
//! (thresholds valid on the plan's first day, the sports they practise, CTL/ATL from
//! the PMC, the last 42 days of load, and what they set: races, availability,
//! equipment, injuries, rules, goal), and its editing. Plans themselves (generate,
//! versions, moves, compliance, readiness, exports) are in `plans/versions.rs`.
//!
//! The planner and checker are `paceline-plan`'s; this module reads the vault and
//! the clock and decides what is saved.

mod entries;
mod versions;
mod wire;

use paceline_load::{self as load};
use paceline_plan::brief::{
    Availability, Equipment, Fitness, Goal, Injury, Race, Rule, Thresholds as PlanThresholds,
};
use paceline_plan::{Brief, CheckerConfig, Date, Sport};
use paceline_store::{InjuryRow, PlanProfile, RaceRow, RulesVersion};
use paceline_types::{Sport as WireSport, ThresholdKind};

use crate::{AppError, AthleteScope, Result};

pub use entries::{parse_rule, EXPORT_DIR_ENV};
pub use versions::{Generated, PlanVersionInfo, ReadinessAdjust, WorkoutRef, READINESS_LOW};

/// Days of activities that say which sports an athlete practises.
const SPORTS_WINDOW_DAYS: i32 = 90;
/// Sessions in that window that make a sport "practised".
const SPORTS_MIN_SESSIONS: usize = 2;

pub(crate) fn plan_sport(s: WireSport) -> Option<Sport> {
    match s {
        WireSport::Run => Some(Sport::Run),
        WireSport::Ride => Some(Sport::Bike),
        WireSport::Swim => Some(Sport::Swim),
        WireSport::Strength => Some(Sport::Strength),
        WireSport::Row | WireSport::Other => Some(Sport::Other),
        WireSport::Walk | WireSport::Hike | WireSport::Multisport | WireSport::Transition => None,
    }
}

fn invalid(msg: impl Into<String>) -> AppError {
    AppError::InvalidInput(msg.into())
}

/// Refuses a race the planner could not use, naming the field.
fn validate_race(r: &Race) -> Result<()> {
    if r.name.trim().is_empty() {
        return Err(invalid("give the race a name"));
    }
    if r.distance_km
        .is_some_and(|d| !(d.is_finite() && d > 0.0 && d <= 5000.0))
    {
        return Err(invalid("race distance must be a positive number of km"));
    }
    if r.target_time_min
        .is_some_and(|t| !(t.is_finite() && t > 0.0 && t <= 2880.0))
    {
        return Err(invalid("race target time must be 1–2880 minutes"));
    }
    if r.taper_days.is_some_and(|d| d > 28) {
        return Err(invalid("a taper is at most 28 days"));
    }
    Ok(())
}

impl AthleteScope<'_> {
    /// The plan's first day for a fresh plan: the athlete's today.
    pub fn plan_today(&self) -> Result<Date> {
        Ok(Date(self.today()?))
    }

    /// The brief of a plan starting today.
    pub fn plan_brief(&self) -> Result<Brief> {
        self.plan_brief_on(self.plan_today()?)
    }

    /// The brief of a plan starting on `start`: fitness at the end of the day before,
    /// thresholds valid on `start`, and what the athlete has set now.
    pub fn plan_brief_on(&self, start: Date) -> Result<Brief> {
        let id = self.athlete_id;
        let profile = self.store.plan_profile(id)?;
        let races: Vec<Race> = self.store.races(id)?.into_iter().map(|r| r.race).collect();
        let availability = self.store.availability(id)?.ok_or_else(|| {
            invalid(
                "set the hours you can train per weekday first \
                 (Coach › Goals, or `paceline plan availability mon=1 tue=1 …`)",
            )
        })?;
        let sports = match &profile.sports {
            Some(s) if !s.is_empty() => s.clone(),
            _ => self.practised_sports(start, &races)?,
        };
        if sports.is_empty() {
            return Err(invalid(
                "no sport to plan: import some activities, add a race, \
                 or name the sports (`paceline plan sports run bike`)",
            ));
        }
        let rules = self.store.rules(id)?;
        let brief = Brief {
            start_date: start,
            sports,
            cross_training: profile.cross_training.clone(),
            thresholds: self.plan_thresholds(start)?,
            fitness: self.fitness_before(start)?,
            races,
            availability_hours: availability,
            equipment: self.store.equipment(id)?.unwrap_or_default(),
            injuries: self
                .store
                .injuries(id)?
                .into_iter()
                .map(|i| i.injury)
                .collect(),
            rules: rules.as_ref().map(|r| r.rules.clone()).unwrap_or_default(),
            rules_text: rules.map(|r| r.text).unwrap_or_default(),
            goal: profile.goal_ctl.map(|c| Goal {
                ctl_on_race_morning: c,
            }),
        };
        brief
            .validate()
            .map_err(|e| invalid(format!("the brief in the vault: {e}")))?;
        Ok(brief)
    }

    /// Sports with at least two activities in the 90 days before `start`, most
    /// sessions first, plus the sports of the races ahead.
    pub(crate) fn practised_sports(&self, start: Date, races: &[Race]) -> Result<Vec<Sport>> {
        let mut count: Vec<(Sport, usize)> = Vec::new();
        for r in self.store.load_rows(self.athlete_id)? {
            let day = crate::metrics::local_day(r.start_utc, r.utc_offset_s);
            if day >= start.0 || day < start.0 - SPORTS_WINDOW_DAYS {
                continue;
            }
            if let Some(s) = plan_sport(r.sport) {
                match count.iter_mut().find(|(x, _)| *x == s) {
                    Some(c) => c.1 += 1,
                    None => count.push((s, 1)),
                }
            }
        }
        count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut out: Vec<Sport> = count
            .into_iter()
            .filter(|(_, n)| *n >= SPORTS_MIN_SESSIONS)
            .map(|(s, _)| s)
            .collect();
        for r in races.iter().filter(|r| r.date >= start) {
            for s in r.sport.sports() {
                if !out.contains(s) {
                    out.push(*s);
                }
            }
        }
        Ok(out)
    }

    /// Thresholds valid on `day`, in the brief's units.
    pub(crate) fn plan_thresholds(&self, day: Date) -> Result<PlanThresholds> {
        let h = crate::metrics::history(&self.store.thresholds(self.athlete_id)?);
        let get = |sport, kind| h.get(sport, kind, day.0);
        let in_range = |v: Option<f32>, lo: f32, hi: f32| v.filter(|v| (lo..=hi).contains(v));
        Ok(PlanThresholds {
            ftp_w: in_range(get(load::Sport::Bike, ThresholdKind::Ftp), 20.0, 2500.0),
            lthr_bpm: in_range(get(load::Sport::Run, ThresholdKind::Lthr), 60.0, 230.0),
            max_hr: in_range(get(load::Sport::Run, ThresholdKind::MaxHr), 80.0, 250.0),
            threshold_pace_s_per_km: in_range(
                get(load::Sport::Run, ThresholdKind::ThresholdSpeed)
                    .filter(|v| *v > 0.0)
                    .map(|v| 1000.0 / v),
                120.0,
                900.0,
            ),
            css_s_per_100m: in_range(
                get(load::Sport::Swim, ThresholdKind::Css)
                    .filter(|v| *v > 0.0)
                    .map(|v| 100.0 / v),
                40.0,
                400.0,
            ),
            weight_kg: in_range(get(load::Sport::Other, ThresholdKind::Weight), 20.0, 300.0),
        })
    }

    /// CTL/ATL at the end of the day before `start` and the daily load of the 42
    /// days before it (oldest first).
    fn fitness_before(&self, start: Date) -> Result<Fitness> {
        let (loads, _) = self.daily_loads()?;
        let eve = start.0 - 1;
        let d = Self::daily(&loads, eve);
        let days = load::pmc::pmc(&d.totals, d.first, Default::default(), &Default::default());
        let last = days.last().filter(|p| p.day == eve);
        let n = d.totals.len();
        let clamp = |v: f32, hi: f32| if v.is_finite() { v.clamp(0.0, hi) } else { 0.0 };
        Ok(Fitness {
            ctl: last.map_or(0.0, |p| clamp(p.ctl, 300.0)),
            atl: last.map_or(0.0, |p| clamp(p.atl, 400.0)),
            history_daily_tss: d.totals[n.saturating_sub(42)..]
                .iter()
                .map(|v| clamp(*v, 2000.0))
                .collect(),
        })
    }

    /// The checker's limits for this athlete: the defaults with their overrides.
    pub fn checker_config(&self) -> Result<CheckerConfig> {
        match self.store.plan_profile(self.athlete_id)?.checker_config {
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                AppError::Internal(format!("the stored checker settings are unreadable: {e}"))
            }),
            None => Ok(CheckerConfig::default()),
        }
    }

    /// Replaces the checker overrides (a JSON object of `CheckerConfig` fields; the
    /// others keep their defaults); `None` restores the defaults.
    pub fn set_checker_config(&self, json: Option<&str>) -> Result<()> {
        if let Some(j) = json {
            serde_json::from_str::<CheckerConfig>(j)
                .map_err(|e| invalid(format!("checker settings: {e}")))?;
        }
        self.update_profile(|p| p.checker_config = json.map(str::to_owned))
    }

    fn update_profile(&self, f: impl FnOnce(&mut PlanProfile)) -> Result<()> {
        let mut p = self.store.plan_profile(self.athlete_id)?;
        f(&mut p);
        Ok(self.store.set_plan_profile(self.athlete_id, &p)?)
    }

    pub fn plan_profile(&self) -> Result<PlanProfile> {
        Ok(self.store.plan_profile(self.athlete_id)?)
    }

    /// The sports to plan (`None` or empty: the ones the vault shows) and those
    /// allowed as cross-training.
    pub fn set_plan_sports(&self, sports: Option<Vec<Sport>>, cross: Vec<Sport>) -> Result<()> {
        self.update_profile(|p| {
            p.sports = sports.filter(|s| !s.is_empty());
            p.cross_training = cross;
        })
    }

    /// The CTL to reach on the first A race's morning (`None` clears it).
    pub fn set_plan_goal(&self, ctl: Option<f32>) -> Result<()> {
        if ctl.is_some_and(|c| !(c.is_finite() && (0.0..=250.0).contains(&c))) {
            return Err(invalid("the CTL goal must be 0–250"));
        }
        self.update_profile(|p| p.goal_ctl = ctl)
    }

    pub fn races(&self) -> Result<Vec<RaceRow>> {
        Ok(self.store.races(self.athlete_id)?)
    }

    pub fn add_race(&self, r: &Race) -> Result<i64> {
        validate_race(r)?;
        Ok(self.store.add_race(self.athlete_id, r)?)
    }

    pub fn remove_race(&self, id: i64) -> Result<()> {
        Ok(self.store.remove_race(self.athlete_id, id)?)
    }

    pub fn availability(&self) -> Result<Option<Availability>> {
        Ok(self.store.availability(self.athlete_id)?)
    }

    pub fn set_availability(&self, a: &Availability) -> Result<()> {
        for d in paceline_plan::Weekday::ALL {
            let h = a.hours(d);
            if !(h.is_finite() && (0.0..=24.0).contains(&h)) {
                return Err(invalid(format!(
                    "hours on {} must be 0–24, not {h}",
                    d.name()
                )));
            }
        }
        Ok(self.store.set_availability(self.athlete_id, a)?)
    }

    pub fn equipment(&self) -> Result<Equipment> {
        Ok(self.store.equipment(self.athlete_id)?.unwrap_or_default())
    }

    pub fn set_equipment(&self, e: &Equipment) -> Result<()> {
        Ok(self.store.set_equipment(self.athlete_id, e)?)
    }

    pub fn injuries(&self) -> Result<Vec<InjuryRow>> {
        Ok(self.store.injuries(self.athlete_id)?)
    }

    pub fn add_injury(&self, i: &Injury) -> Result<i64> {
        if i.until.is_some_and(|u| u < i.from) {
            return Err(invalid("an injury's last day must not be before its first"));
        }
        if i.max_session_minutes
            .is_some_and(|m| !(m.is_finite() && m >= 0.0))
        {
            return Err(invalid("max session minutes must be ≥ 0"));
        }
        Ok(self.store.add_injury(self.athlete_id, i)?)
    }

    pub fn remove_injury(&self, id: i64) -> Result<()> {
        Ok(self.store.remove_injury(self.athlete_id, id)?)
    }

    /// The current rules (empty version 0 before any was set).
    pub fn plan_rules(&self) -> Result<RulesVersion> {
        Ok(self.store.rules(self.athlete_id)?.unwrap_or(RulesVersion {
            version: 0,
            created_utc: 0,
            rules: Vec::new(),
            text: String::new(),
        }))
    }

    pub fn plan_rules_history(&self) -> Result<Vec<RulesVersion>> {
        Ok(self.store.rules_history(self.athlete_id)?)
    }

    /// Stores `rules` with their words as a new version; each is validated as the
    /// brief would.
    pub fn set_plan_rules(&self, rules: &[Rule], text: &str) -> Result<u32> {
        Brief::validate_limits(Date(0), rules, &[]).map_err(|e| invalid(e.to_string()))?;
        Ok(self
            .store
            .set_rules(self.athlete_id, rules, text, self.app.now())?)
    }

    /// Adds one rule (a new version; `text` is appended to the words).
    pub fn add_plan_rule(&self, rule: Rule, text: &str) -> Result<u32> {
        let cur = self.plan_rules()?;
        let mut rules = cur.rules;
        rules.push(rule);
        let words = match (cur.text.trim(), text.trim()) {
            ("", t) => t.to_string(),
            (c, "") => c.to_string(),
            (c, t) => format!("{c}\n{t}"),
        };
        self.set_plan_rules(&rules, &words)
    }

    /// Removes the rule at `index` (0-based, as listed) as a new version.
    pub fn remove_plan_rule(&self, index: usize) -> Result<u32> {
        let cur = self.plan_rules()?;
        if index >= cur.rules.len() {
            return Err(AppError::NotFound(format!(
                "no rule #{index}: there are {} (see `paceline plan rule list`)",
                cur.rules.len()
            )));
        }
        let mut rules = cur.rules;
        rules.remove(index);
        self.set_plan_rules(&rules, &cur.text)
    }
}
