//! The hard gate every plan passes before it is saved, whatever wrote it (the
//! built-in planner, the LLM coach, a hand edit). [`check`] returns every
//! violation with the reason; an empty list means the plan passes.
//!
//! Race workouts are fixed by the race calendar: they count for load, form
//! and the rules about hard days, rest days and streaks, but not for hours,
//! equipment, injuries or which weekday a sport may be on.

pub mod context;
mod rules;

use crate::brief::{Brief, Priority};
use crate::date::Date;
use crate::model::{Intensity, Plan, Target, Workout};
use context::*;
use paceline_load::pmc::{pmc, PmcConfig, PmcDay, PmcState};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Allowed intensity-factor range of a workout labelled `intensity`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IfRange {
    pub intensity: Intensity,
    pub min: f32,
    pub max: f32,
}

/// The checker's limits, editable per athlete (serde; every field has the
/// default shown in `docs/plan-brief.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckerConfig {
    /// Planned hours of a week ≤ this × the hours available.
    pub hours_tolerance: f32,
    /// Planned hours of one day ≤ this × that day's hours.
    pub day_hours_tolerance: f32,
    /// Largest CTL rise over any 7 days (race-day load excluded).
    pub max_ctl_ramp_per_week: f32,
    /// In every `lighter_week_every` consecutive weeks outside taper and race
    /// weeks, one week's TSS ≤ `lighter_week_ratio` × the mean of the others.
    pub lighter_week_every: u32,
    pub lighter_week_ratio: f32,
    /// Race-morning TSB window of each A race.
    pub race_tsb_min: f32,
    pub race_tsb_max: f32,
    /// Least share of each week's endurance time (non-race, non-strength) in
    /// z1–z2.
    pub min_low_zone_share: f32,
    /// Intensities that make a day hard.
    pub hard_intensities: Vec<Intensity>,
    /// A race: the taper weeks skipped by the lighter-week rule start this
    /// many days before the race (or the race's own `taper_days` if longer);
    /// recovery lasts `a_race_recovery_days` after it.
    pub a_race_taper_days: u32,
    pub a_race_recovery_days: u32,
    /// B race: mini-taper length.
    pub b_race_taper_days: u32,
    /// A workout's TSS may differ from what its zone minutes imply by this
    /// share (or 3 TSS).
    pub tss_tolerance: f32,
    /// Intensity-factor range per intensity label (IF = √(TSS / (hours × 100))).
    pub if_ranges: Vec<IfRange>,
    pub pmc: PmcConfig,
}

impl Default for CheckerConfig {
    fn default() -> Self {
        use Intensity::*;
        let r = |intensity, min, max| IfRange {
            intensity,
            min,
            max,
        };
        CheckerConfig {
            hours_tolerance: 1.10,
            day_hours_tolerance: 1.25,
            max_ctl_ramp_per_week: 8.0,
            lighter_week_every: 4,
            lighter_week_ratio: 0.75,
            race_tsb_min: 5.0,
            race_tsb_max: 25.0,
            min_low_zone_share: 0.75,
            hard_intensities: vec![Tempo, Threshold, Vo2, Anaerobic, Race],
            a_race_taper_days: 14,
            a_race_recovery_days: 7,
            b_race_taper_days: 3,
            tss_tolerance: 0.15,
            if_ranges: vec![
                r(Recovery, 0.45, 0.72),
                r(Endurance, 0.55, 0.80),
                r(Tempo, 0.68, 0.92),
                r(Threshold, 0.72, 1.00),
                r(Vo2, 0.72, 1.05),
                r(Anaerobic, 0.65, 1.05),
                r(Race, 0.55, 1.15),
                r(Strength, 0.40, 0.75),
            ],
            pmc: PmcConfig::default(),
        }
    }
}

/// Which check a violation comes from (stable ids for the UI and the LLM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViolationKind {
    WeekHours,
    DayHours,
    ZeroHourDay,
    CtlRamp,
    LighterWeek,
    RaceTsb,
    Polarization,
    /// A structured rule; `rule_index` says which.
    Rule,
    Injury,
    Equipment,
    RaceMissing,
    TssConsistency,
    OutsidePlan,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Violation {
    pub kind: ViolationKind,
    /// Index into `brief.rules` for [`ViolationKind::Rule`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_index: Option<usize>,
    /// The day (or the Monday of the week) concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CheckReport {
    pub violations: Vec<Violation>,
}

impl CheckReport {
    pub fn passed(&self) -> bool {
        self.violations.is_empty()
    }

    /// Kinds that failed, each once.
    pub fn kinds(&self) -> Vec<ViolationKind> {
        let mut k: Vec<_> = self.violations.iter().map(|v| v.kind).collect();
        k.sort();
        k.dedup();
        k
    }
}

pub(crate) fn v(kind: ViolationKind, date: Option<Date>, message: String) -> Violation {
    Violation {
        kind,
        rule_index: None,
        date,
        message,
    }
}

/// Days the load checks cover: the brief's start to the plan's end.
pub(crate) fn horizon(brief: &Brief, plan: &Plan, cfg: &CheckerConfig) -> (Date, Date) {
    let end = plan_end(brief, cfg);
    let last = plan.span().map_or(end, |(_, l)| l);
    (brief.start_date, end.max(last))
}

/// PMC rows over the horizon; `skip_races` drops race-day load (ramp rule).
pub fn project_plan(
    brief: &Brief,
    plan: &Plan,
    cfg: &CheckerConfig,
    skip_races: bool,
) -> Vec<PmcDay> {
    let (start, end) = horizon(brief, plan, cfg);
    let mut daily = vec![0.0f32; (end.0 - start.0 + 1).max(0) as usize];
    for w in &plan.workouts {
        if (skip_races && w.is_race()) || w.date < start || w.date > end {
            continue;
        }
        daily[(w.date.0 - start.0) as usize] += w.tss.max(0.0);
    }
    let init = PmcState {
        ctl: brief.fitness.ctl,
        atl: brief.fitness.atl,
    };
    pmc(&daily, start.0, init, &cfg.pmc)
}

/// Runs every check.
pub fn check(brief: &Brief, plan: &Plan, cfg: &CheckerConfig) -> CheckReport {
    let mut out = Vec::new();
    let (start, end) = horizon(brief, plan, cfg);
    hours(brief, plan, cfg, &mut out);
    load(brief, plan, cfg, &mut out);
    lighter_weeks(brief, plan, cfg, start, end, &mut out);
    polarization(plan, cfg, &mut out);
    rules::check_rules(brief, plan, cfg, start, end, &mut out);
    for w in &plan.workouts {
        workout(brief, cfg, w, start, &mut out);
    }
    races(brief, plan, &mut out);
    CheckReport { violations: out }
}

fn hours(brief: &Brief, plan: &Plan, cfg: &CheckerConfig, out: &mut Vec<Violation>) {
    let av = &brief.availability_hours;
    let mut days: BTreeMap<Date, f32> = BTreeMap::new();
    for w in plan
        .workouts
        .iter()
        .filter(|w| !w.is_race() && w.date >= brief.start_date)
    {
        *days.entry(w.date).or_default() += w.duration_min / 60.0;
    }
    let mut weeks: BTreeMap<Date, f32> = BTreeMap::new();
    for (&d, &h) in &days {
        let avail = av.hours(d.weekday());
        if avail <= 0.0 {
            out.push(v(
                ViolationKind::ZeroHourDay,
                Some(d),
                format!(
                    "{d} is a {} with 0 h available but has {h:.1} h planned",
                    d.weekday().name()
                ),
            ));
        } else if h > avail * cfg.day_hours_tolerance + 0.01 {
            out.push(v(
                ViolationKind::DayHours,
                Some(d),
                format!("{d}: {h:.1} h planned, {avail:.1} h available"),
            ));
        }
        *weeks.entry(d.week_start()).or_default() += h;
    }
    for (&wk, &h) in &weeks {
        // Only the days of the week the plan covers count as available.
        let avail: f32 = (0..7)
            .map(|i| wk.plus(i))
            .filter(|d| *d >= brief.start_date)
            .map(|d| av.hours(d.weekday()))
            .sum();
        if h > avail * cfg.hours_tolerance + 0.01 {
            out.push(v(
                ViolationKind::WeekHours,
                Some(wk),
                format!(
                    "week of {wk}: {h:.1} h planned, {avail:.1} h available (limit {:.0} %)",
                    cfg.hours_tolerance * 100.0
                ),
            ));
        }
    }
}

fn load(brief: &Brief, plan: &Plan, cfg: &CheckerConfig, out: &mut Vec<Violation>) {
    let ramp = project_plan(brief, plan, cfg, true);
    // One violation per ISO week, at its worst day.
    let mut worst: BTreeMap<Date, &PmcDay> = BTreeMap::new();
    for d in ramp
        .iter()
        .filter(|d| d.ramp > cfg.max_ctl_ramp_per_week + 1e-3)
    {
        let e = worst.entry(Date(d.day).week_start()).or_insert(d);
        if d.ramp > e.ramp {
            *e = d;
        }
    }
    for d in worst.values() {
        out.push(v(
            ViolationKind::CtlRamp,
            Some(Date(d.day)),
            format!(
                "CTL rises {:.1} in the 7 days to {} (limit {:.1})",
                d.ramp,
                Date(d.day),
                cfg.max_ctl_ramp_per_week
            ),
        ));
    }
    let full = project_plan(brief, plan, cfg, false);
    for r in brief
        .races_ahead()
        .into_iter()
        .filter(|r| r.priority == Priority::A)
    {
        let Some(row) = full.iter().find(|d| d.day == r.date.0) else {
            continue;
        };
        if row.tsb < cfg.race_tsb_min - 1e-3 || row.tsb > cfg.race_tsb_max + 1e-3 {
            out.push(v(
                ViolationKind::RaceTsb,
                Some(r.date),
                format!(
                    "race-morning TSB of {} is {:.1}, outside {:+.0}…{:+.0}",
                    r.name, row.tsb, cfg.race_tsb_min, cfg.race_tsb_max
                ),
            ));
        }
    }
}

fn lighter_weeks(
    brief: &Brief,
    plan: &Plan,
    cfg: &CheckerConfig,
    start: Date,
    end: Date,
    out: &mut Vec<Violation>,
) {
    let n = cfg.lighter_week_every.max(2) as usize;
    let special = special_weeks(brief, cfg);
    let mut tss: BTreeMap<Date, f32> = BTreeMap::new();
    for w in &plan.workouts {
        *tss.entry(w.date.week_start()).or_default() += w.tss.max(0.0);
    }
    // Runs of consecutive full weeks outside taper/race/recovery weeks.
    let mut run: Vec<(Date, f32)> = Vec::new();
    let mut wk = start.week_start();
    let mut flush = |run: &mut Vec<(Date, f32)>| {
        for win in run.windows(n) {
            let total: f32 = win.iter().map(|x| x.1).sum();
            let light = win.iter().any(|x| {
                let others = (total - x.1) / (n - 1) as f32;
                x.1 <= cfg.lighter_week_ratio * others + 1e-3
            });
            if !light {
                out.push(v(
                    ViolationKind::LighterWeek,
                    Some(win[0].0),
                    format!(
                        "no lighter week (≤ {:.0} % of the others) in the {n} weeks from {}",
                        cfg.lighter_week_ratio * 100.0,
                        win[0].0
                    ),
                ));
            }
        }
        run.clear();
    };
    while wk <= end {
        let full = wk >= start && wk.plus(6) <= end;
        if full && !special.contains(&wk) {
            run.push((wk, tss.get(&wk).copied().unwrap_or(0.0)));
        } else {
            flush(&mut run);
        }
        wk = wk.plus(7);
    }
    flush(&mut run);
}

fn polarization(plan: &Plan, cfg: &CheckerConfig, out: &mut Vec<Violation>) {
    let mut weeks: BTreeMap<Date, (f32, f32)> = BTreeMap::new();
    for w in plan
        .workouts
        .iter()
        .filter(|w| !w.is_race() && w.sport.is_endurance())
    {
        let e = weeks.entry(w.date.week_start()).or_default();
        e.0 += w.time_in_zone_min.low();
        e.1 += w.time_in_zone_min.total();
    }
    for (wk, (low, total)) in weeks {
        if total > 0.0 && low < cfg.min_low_zone_share * total - 1e-3 {
            out.push(v(
                ViolationKind::Polarization,
                Some(wk),
                format!(
                    "week of {wk}: {:.0} % of endurance time in z1–z2 (at least {:.0} %)",
                    100.0 * low / total,
                    cfg.min_low_zone_share * 100.0
                ),
            ));
        }
    }
}

fn workout(brief: &Brief, cfg: &CheckerConfig, w: &Workout, start: Date, out: &mut Vec<Violation>) {
    let d = Some(w.date);
    let label = format!("{} {} {}", w.date, w.sport.name(), w.name);
    if w.date < start {
        out.push(v(
            ViolationKind::OutsidePlan,
            d,
            format!("{label} is before the plan starts ({start})"),
        ));
    }
    tss_consistency(cfg, w, &label, out);
    if w.is_race() {
        return;
    }
    if let Some(p) = equipment_problem(brief, w.sport, w.location, w.date) {
        out.push(v(ViolationKind::Equipment, d, format!("{label}: {p}")));
    }
    let ftp_target = all_targets(&w.steps).any(|t| matches!(t, Target::PercentFtp { .. }));
    if ftp_target && !brief.equipment.power_meter {
        out.push(v(
            ViolationKind::Equipment,
            d,
            format!("{label}: power targets without a power meter"),
        ));
    }
    let inj = injury_limits(brief, w.sport, w.date);
    if inj.forbidden {
        out.push(v(
            ViolationKind::Injury,
            d,
            format!(
                "{label}: an injury rules out {} on this day",
                w.sport.name()
            ),
        ));
    } else if inj.intensities.contains(&w.intensity) {
        out.push(v(
            ViolationKind::Injury,
            d,
            format!(
                "{label}: an injury rules out {} intensity",
                w.intensity.name()
            ),
        ));
    } else if inj.max_minutes.is_some_and(|m| w.duration_min > m + 0.5) {
        out.push(v(
            ViolationKind::Injury,
            d,
            format!(
                "{label}: {:.0} min is longer than the injury allows ({:.0} min)",
                w.duration_min,
                inj.max_minutes.unwrap_or(0.0)
            ),
        ));
    }
}

fn all_targets(steps: &[crate::model::Step]) -> Box<dyn Iterator<Item = Target> + '_> {
    use crate::model::Step::*;
    Box::new(steps.iter().flat_map(|s| match s {
        Warmup(b) | Work(b) | Recovery(b) | Cooldown(b) => {
            Box::new(std::iter::once(b.target)) as Box<dyn Iterator<Item = Target>>
        }
        Repeat { steps, .. } => all_targets(steps),
    }))
}

fn tss_consistency(cfg: &CheckerConfig, w: &Workout, label: &str, out: &mut Vec<Violation>) {
    let d = Some(w.date);
    let z = &w.time_in_zone_min;
    let bad = |m: String| v(ViolationKind::TssConsistency, d, format!("{label}: {m}"));
    if !(w.duration_min.is_finite() && w.duration_min > 0.0 && w.tss.is_finite() && w.tss >= 0.0) {
        out.push(bad(format!(
            "duration {} min and TSS {} must be positive numbers",
            w.duration_min, w.tss
        )));
        return;
    }
    if (z.total() - w.duration_min).abs() > (0.02 * w.duration_min).max(1.0) {
        out.push(bad(format!(
            "zone minutes add up to {:.0}, the workout lasts {:.0}",
            z.total(),
            w.duration_min
        )));
    }
    let implied = z.tss();
    if (w.tss - implied).abs() > (cfg.tss_tolerance * implied).max(3.0) {
        out.push(bad(format!(
            "TSS {:.0} but its zone minutes imply {implied:.0}",
            w.tss
        )));
    }
    let intensity_factor = (w.tss / (w.duration_min / 60.0 * 100.0)).sqrt();
    if let Some(r) = cfg.if_ranges.iter().find(|r| r.intensity == w.intensity) {
        if intensity_factor < r.min - 1e-3 || intensity_factor > r.max + 1e-3 {
            out.push(bad(format!(
                "TSS {:.0} in {:.0} min is IF {intensity_factor:.2}, outside {:.2}–{:.2} for {}",
                w.tss,
                w.duration_min,
                r.min,
                r.max,
                w.intensity.name()
            )));
        }
    }
}

fn races(brief: &Brief, plan: &Plan, out: &mut Vec<Violation>) {
    for r in brief
        .races_ahead()
        .into_iter()
        .filter(|r| r.priority != Priority::C)
    {
        let sports = r.sport.sports();
        let present = plan.workouts.iter().any(|w| {
            w.date == r.date
                && w.is_race()
                && (sports.is_empty()
                    || sports.contains(&w.sport)
                    || w.sport == crate::model::Sport::Other)
        });
        if !present {
            out.push(v(
                ViolationKind::RaceMissing,
                Some(r.date),
                format!(
                    "{:?} race {} on {} is not in the plan as a race workout",
                    r.priority, r.name, r.date
                ),
            ));
        }
    }
}
