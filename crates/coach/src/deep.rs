//! The deep analysis: five steps (metrics, physiology, activity, synthesis, plan
//! proposal), the facts each step is written from, the rule-based version of every
//! step (used with no provider, so the analysis always works) and the self-contained
//! HTML report.
//!
//! The facts are computed here from the [`AthleteContext`], never taken from a model.

use std::fmt::Write;

use paceline_plan::{CheckerConfig, Date, Workout};

use crate::changes::{Analysis, Change, Op};
use crate::context::{AthleteContext, Session};
use crate::review::{HIGH_RAMP, HRV_DROP, LOW_TSB};

/// The steps: (prompt name, title), in order.
pub const STEPS: [(&str, &str); 5] = [
    ("deep_metrics", "Metrics view"),
    ("deep_physiology", "Physiology view"),
    ("deep_activity", "Activity view"),
    ("deep_synthesis", "Synthesis"),
    ("deep_plan", "Plan proposal"),
];

/// Load per hour from which a session counts as hard (≈ IF 0.84).
const HARD_PER_HOUR: f32 = 70.0;
/// Load per hour below which a session counts as easy (≈ IF 0.7).
const EASY_PER_HOUR: f32 = 50.0;
/// Days of sessions the activity view looks at.
const ACTIVITY_DAYS: i32 = 28;

fn mean(v: impl Iterator<Item = f32>) -> Option<f32> {
    let (mut s, mut n) = (0.0, 0);
    for x in v.filter(|x| x.is_finite()) {
        s += x;
        n += 1;
    }
    (n > 0).then(|| s / n as f32)
}

/// The numbers every step reads.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facts {
    pub ctl: Option<f32>,
    pub atl: Option<f32>,
    pub tsb: Option<f32>,
    /// CTL change over 7 and 28 days.
    pub ramp_7: Option<f32>,
    pub ramp_28: Option<f32>,
    /// Load of the last 8 full weeks, oldest first.
    pub weekly_load: Vec<f32>,
    /// Coefficient of variation of `weekly_load`.
    pub load_cv: Option<f32>,
    /// Hours by sport over the last 4 weeks, largest first.
    pub sport_hours: Vec<(String, f32)>,
    /// Wellness: 7-day and 28-day means.
    pub hrv: (Option<f32>, Option<f32>),
    pub rhr: (Option<f32>, Option<f32>),
    pub sleep: (Option<f32>, Option<f32>),
    pub readiness: Option<u8>,
    /// Sessions of the last 28 days and how many were hard, easy, long (≥ 90 min).
    pub sessions_28: u32,
    pub hard_28: u32,
    pub easy_28: u32,
    pub long_28: u32,
    pub hours_28: f32,
}

fn intensity(s: &Session) -> Option<f32> {
    let h = s.minutes / 60.0;
    match (s.load, s.rpe) {
        (Some(l), _) if h > 0.0 => Some(l / h),
        // RPE 7+ reads as hard, 4- as easy, when there is no load.
        (None, Some(r)) => Some(if r >= 7.0 {
            HARD_PER_HOUR
        } else if r <= 4.0 {
            0.0
        } else {
            60.0
        }),
        _ => None,
    }
}

impl Facts {
    pub fn of(ctx: &AthleteContext) -> Facts {
        let mut f = Facts::default();
        if let Some(now) = ctx.pmc.last() {
            f.ctl = Some(now.ctl);
            f.atl = Some(now.atl);
            f.tsb = Some(now.tsb);
            let at = |d: i32| ctx.pmc.iter().rev().find(|p| p.date.0 <= now.date.0 - d);
            f.ramp_7 = at(7).map(|p| now.ctl - p.ctl);
            f.ramp_28 = at(28).map(|p| now.ctl - p.ctl);
        }
        let this_week = ctx.today.week_start();
        f.weekly_load = (0..8)
            .map(|k| {
                let from = this_week.plus(-7 * (8 - k));
                ctx.sessions
                    .iter()
                    .filter(|s| s.date >= from && s.date < from.plus(7))
                    .map(|s| s.load.unwrap_or(0.0))
                    .sum()
            })
            .collect();
        if let Some(m) = mean(f.weekly_load.iter().copied()).filter(|m| *m > 0.0) {
            let var = mean(f.weekly_load.iter().map(|x| (x - m).powi(2))).unwrap_or(0.0);
            f.load_cv = Some(var.sqrt() / m);
        }
        let from = ctx.today.plus(-ACTIVITY_DAYS);
        let recent: Vec<&Session> = ctx
            .sessions
            .iter()
            .filter(|s| s.date > from && s.date <= ctx.today)
            .collect();
        let mut hours: Vec<(String, f32)> = Vec::new();
        for s in &recent {
            match hours.iter_mut().find(|(k, _)| *k == s.sport) {
                Some(e) => e.1 += s.minutes / 60.0,
                None => hours.push((s.sport.clone(), s.minutes / 60.0)),
            }
            match intensity(s) {
                Some(i) if i >= HARD_PER_HOUR => f.hard_28 += 1,
                Some(i) if i < EASY_PER_HOUR => f.easy_28 += 1,
                _ => {}
            }
            if s.minutes >= 90.0 {
                f.long_28 += 1;
            }
        }
        hours.sort_by(|a, b| b.1.total_cmp(&a.1));
        f.hours_28 = hours.iter().map(|h| h.1).sum();
        f.sport_hours = hours;
        f.sessions_28 = recent.len() as u32;
        let well = |days: i32, g: fn(&crate::context::WellnessPoint) -> Option<f32>| {
            let from = ctx.today.plus(-days);
            mean(
                ctx.wellness
                    .iter()
                    .filter(|w| w.date > from && w.date <= ctx.today)
                    .filter_map(g),
            )
        };
        f.hrv = (well(7, |w| w.hrv_ms), well(28, |w| w.hrv_ms));
        f.rhr = (well(7, |w| w.resting_hr), well(28, |w| w.resting_hr));
        f.sleep = (well(7, |w| w.sleep_h), well(28, |w| w.sleep_h));
        f.readiness = ctx.readiness.as_ref().map(|r| r.0);
        f
    }

    fn hard_share(&self) -> Option<f32> {
        (self.sessions_28 > 0).then(|| self.hard_28 as f32 / self.sessions_28 as f32)
    }

    fn hrv_falling(&self) -> bool {
        matches!(self.hrv, (Some(a), Some(b)) if b > 0.0 && a < b * (1.0 - HRV_DROP))
    }

    fn rhr_rising(&self) -> bool {
        matches!(self.rhr, (Some(a), Some(b)) if a >= b + 3.0)
    }

    fn tired(&self) -> bool {
        self.tsb.is_some_and(|t| t < LOW_TSB)
    }

    fn ramping(&self) -> bool {
        self.ramp_7.is_some_and(|r| r > HIGH_RAMP)
    }

    /// The facts as text appended to the model's brief for step `step` (1-based).
    pub fn render(&self, step: u32) -> String {
        let mut o = String::from("Computed facts:\n");
        let opt = |v: Option<f32>, p: usize| v.map_or("n/a".to_string(), |x| format!("{x:.p$}"));
        match step {
            1 => {
                let _ = writeln!(
                    o,
                    "  CTL {} ATL {} TSB {}; CTL change 7 d {} / 28 d {}",
                    opt(self.ctl, 1),
                    opt(self.atl, 1),
                    opt(self.tsb, 1),
                    opt(self.ramp_7, 1),
                    opt(self.ramp_28, 1)
                );
                let w: Vec<String> = self.weekly_load.iter().map(|x| format!("{x:.0}")).collect();
                let _ = writeln!(
                    o,
                    "  weekly load, last 8 weeks: {} (variation {})",
                    w.join(", "),
                    self.load_cv
                        .map_or("n/a".into(), |c| format!("{:.0} %", c * 100.0))
                );
            }
            2 => {
                let _ = writeln!(
                    o,
                    "  HRV 7 d {} / 28 d {} ms; resting HR 7 d {} / 28 d {} bpm; sleep 7 d {} / 28 d {} h; readiness {}",
                    opt(self.hrv.0, 1),
                    opt(self.hrv.1, 1),
                    opt(self.rhr.0, 1),
                    opt(self.rhr.1, 1),
                    opt(self.sleep.0, 1),
                    opt(self.sleep.1, 1),
                    self.readiness.map_or("n/a".into(), |r| r.to_string())
                );
            }
            _ => {
                let _ = writeln!(
                    o,
                    "  last 28 days: {} sessions, {:.1} h, {} hard, {} easy, {} of 90 min or more",
                    self.sessions_28, self.hours_28, self.hard_28, self.easy_28, self.long_28
                );
            }
        }
        o
    }
}

/// Step 1 by rule: trend, ramp, consistency and balance between sports.
pub fn rule_metrics(f: &Facts) -> String {
    let mut o = String::new();
    match (f.ctl, f.atl, f.tsb) {
        (Some(c), Some(a), Some(t)) => {
            let _ = write!(
                o,
                "Fitness (CTL) is {c:.1}, fatigue (ATL) {a:.1}, form (TSB) {t:.1}."
            );
        }
        _ => o.push_str("There is no training history yet to measure fitness from."),
    }
    if let Some(r) = f.ramp_7 {
        let trend = if r > HIGH_RAMP {
            "rising faster than most athletes absorb"
        } else if r > 2.0 {
            "building"
        } else if r < -3.0 {
            "falling (a break, a taper or detraining)"
        } else {
            "holding steady"
        };
        let _ = write!(
            o,
            " Over 7 days CTL changed by {r:+.1}: fitness is {trend}."
        );
    }
    if let Some(r) = f.ramp_28 {
        let _ = write!(o, " Over 28 days: {r:+.1}.");
    }
    let loads: Vec<String> = f.weekly_load.iter().map(|x| format!("{x:.0}")).collect();
    if f.weekly_load.iter().any(|x| *x > 0.0) {
        let _ = write!(
            o,
            "\nWeekly load of the last 8 weeks: {}.",
            loads.join(", ")
        );
    }
    if let Some(cv) = f.load_cv {
        let _ = write!(
            o,
            " Week-to-week variation is {:.0} % — {}.",
            cv * 100.0,
            if cv < 0.3 {
                "consistent training"
            } else {
                "uneven weeks; steadier weeks build fitness with less risk"
            }
        );
    }
    if !f.sport_hours.is_empty() {
        let parts: Vec<String> = f
            .sport_hours
            .iter()
            .map(|(s, h)| format!("{s} {:.0} %", 100.0 * h / f.hours_28.max(0.01)))
            .collect();
        let _ = write!(o, "\nLast 4 weeks by sport: {}.", parts.join(", "));
    }
    o
}

/// Step 2 by rule: thresholds, wellness trends and readiness, missing data named.
pub fn rule_physiology(ctx: &AthleteContext, f: &Facts) -> String {
    let mut o = String::new();
    let t = &ctx.brief.thresholds;
    let mut th = Vec::new();
    if let Some(v) = t.ftp_w {
        th.push(format!("FTP {v:.0} W"));
    }
    if let Some(v) = t.lthr_bpm {
        th.push(format!("LTHR {v:.0} bpm"));
    }
    if let Some(v) = t.threshold_pace_s_per_km {
        th.push(format!(
            "threshold pace {}:{:02}/km",
            v as u32 / 60,
            v as u32 % 60
        ));
    }
    if th.is_empty() {
        o.push_str(
            "No thresholds are set: zones and loads rest on defaults; a test would sharpen them.",
        );
    } else {
        let _ = write!(o, "Thresholds: {}.", th.join(", "));
    }
    let mut missing = Vec::new();
    let mut line = |label: &str, unit: &str, (a, b): (Option<f32>, Option<f32>)| match (a, b) {
        (Some(a), Some(b)) => {
            format!(" {label} {a:.1} {unit} this week against {b:.1} over 4 weeks.")
        }
        _ => {
            missing.push(label.to_string());
            String::new()
        }
    };
    let hrv = line("HRV", "ms", f.hrv);
    let rhr = line("Resting HR", "bpm", f.rhr);
    let sleep = line("Sleep", "h", f.sleep);
    o.push_str(&hrv);
    o.push_str(&rhr);
    o.push_str(&sleep);
    if !missing.is_empty() {
        let _ = write!(o, " No data for: {}.", missing.join(", "));
    }
    if let Some(r) = f.readiness {
        let _ = write!(o, " Readiness today {r}/100.");
    }
    let verdict = if f.hrv_falling() && f.rhr_rising() {
        "HRV is down and resting HR up: the body is not absorbing the load well right now."
    } else if f.hrv_falling() || f.rhr_rising() {
        "One wellness marker is off its normal: watch it before adding load."
    } else if f.hrv.0.is_none() && f.rhr.0.is_none() {
        if f.tired() {
            "Without wellness data, form alone says fatigue is high."
        } else {
            "Without wellness data, form alone shows no sign of excess fatigue."
        }
    } else {
        "Wellness is stable: the training is being absorbed."
    };
    let _ = write!(o, "\n{verdict}");
    o
}

/// Step 3 by rule: what the last four weeks of sessions show.
pub fn rule_activity(ctx: &AthleteContext, f: &Facts) -> String {
    if f.sessions_28 == 0 {
        return "No sessions in the last 4 weeks.".into();
    }
    let mut o = format!(
        "Last 4 weeks: {} sessions, {:.1} h; {} hard, {} easy, {} of 90 minutes or more.",
        f.sessions_28, f.hours_28, f.hard_28, f.easy_28, f.long_28
    );
    let from = ctx.today.plus(-ACTIVITY_DAYS);
    let recent = ctx
        .sessions
        .iter()
        .filter(|s| s.date > from && s.date <= ctx.today);
    if let Some(s) = recent
        .clone()
        .max_by(|a, b| a.minutes.total_cmp(&b.minutes))
    {
        let _ = write!(
            o,
            " Longest: {} \"{}\" on {} ({:.0} min).",
            s.sport, s.name, s.date, s.minutes
        );
    }
    if let Some(s) = recent
        .filter(|s| s.load.is_some())
        .max_by(|a, b| a.load.unwrap_or(0.0).total_cmp(&b.load.unwrap_or(0.0)))
    {
        let _ = write!(
            o,
            " Biggest load: \"{}\" on {} (load {:.0}).",
            s.name,
            s.date,
            s.load.unwrap_or(0.0)
        );
    }
    let verdict = match f.hard_share() {
        Some(h) if h > 0.35 => format!(
            "{:.0} % of sessions were hard: too much intensity for most athletes; keep most sessions easy.",
            h * 100.0
        ),
        Some(h) if h < 0.1 => format!(
            "Only {:.0} % of sessions were hard: one or two quality sessions a week would add a stimulus.",
            h * 100.0
        ),
        Some(h) => format!("{:.0} % of sessions were hard: a sound balance.", h * 100.0),
        None => String::new(),
    };
    let _ = write!(o, "\n{verdict}");
    if f.long_28 == 0 {
        o.push_str(" There was no long session: one a week builds durability.");
    }
    o
}

/// The two most important things to change, by rule.
fn priorities(f: &Facts) -> Vec<&'static str> {
    let mut out = Vec::new();
    if f.tired() {
        out.push("Recover first: form is low, so ease the next hard sessions.");
    }
    if f.ramping() {
        out.push("Slow the ramp: fitness is rising faster than is safe.");
    }
    if f.hrv_falling() {
        out.push("Protect sleep and recovery while HRV is down.");
    }
    if f.hard_share().is_some_and(|h| h > 0.35) {
        out.push("Make more sessions truly easy.");
    }
    if f.load_cv.is_some_and(|c| c >= 0.3) {
        out.push("Train more evenly from week to week.");
    }
    if f.long_28 == 0 && f.sessions_28 > 0 {
        out.push("Add one long session a week.");
    }
    if out.len() < 2 {
        out.push("Keep the consistency: it is what builds fitness.");
    }
    out.truncate(2);
    out
}

/// Step 4 by rule: the state, the two priorities and the next four weeks.
pub fn rule_synthesis(f: &Facts) -> String {
    let mut o = String::new();
    match (f.ctl, f.tsb) {
        (Some(c), Some(t)) => {
            let _ = write!(
                o,
                "Fitness is at CTL {c:.0}{}. Form is {t:.0}, {}. ",
                f.ramp_28
                    .map_or(String::new(), |r| format!(" ({r:+.0} over 4 weeks)")),
                if t < LOW_TSB {
                    "deep fatigue"
                } else if t < -10.0 {
                    "productive training fatigue"
                } else {
                    "fresh"
                }
            );
        }
        _ => o.push_str("There is not enough training history for a full picture. "),
    }
    let _ = writeln!(o, "{} sessions in the last 4 weeks.", f.sessions_28);
    let _ = writeln!(o, "Priorities:");
    for (i, p) in priorities(f).iter().enumerate() {
        let _ = writeln!(o, "{}. {p}", i + 1);
    }
    let plan = if f.tired() {
        "Next four weeks: one recovery week at about 60 % of recent load, then build 5 % a week; two key sessions a week at most."
    } else if f.ramping() {
        "Next four weeks: hold this week's volume for two weeks, then one easier week before building again."
    } else {
        "Next four weeks: build about 5 % a week for three weeks with two key sessions and one long session a week, then an easier week."
    };
    o.push_str(plan);
    o
}

/// Step 5 by rule: when form is low or the ramp is steep, ease the next hard
/// workout of the coming week (both of them when form is very low).
pub fn rule_plan(ctx: &AthleteContext, f: &Facts, cfg: &CheckerConfig) -> Analysis {
    let Some(plan) = &ctx.plan else {
        return Analysis {
            analysis: "There is no plan to adjust: generate one, then run the analysis again."
                .into(),
            changes: Vec::new(),
        };
    };
    let hard = |w: &&Workout| !w.is_race() && cfg.hard_intensities.contains(&w.intensity);
    let upcoming: Vec<&Workout> = plan
        .workouts
        .iter()
        .filter(|w| w.date >= ctx.today && w.date <= ctx.today.plus(6))
        .filter(hard)
        .collect();
    if !(f.tired() || f.ramping()) {
        return Analysis {
            analysis: "The plan fits the current form: no change proposed.".into(),
            changes: Vec::new(),
        };
    }
    let n = if f.tsb.is_some_and(|t| t < LOW_TSB - 10.0) {
        2
    } else {
        1
    };
    let changes: Vec<Change> = upcoming
        .iter()
        .take(n)
        .map(|w| Change {
            op: Op::Ease,
            date: w.date,
            sport: w.sport,
            factor: None,
            to: None,
        })
        .collect();
    let why = if f.tired() {
        format!("form is low (TSB {:.0})", f.tsb.unwrap_or_default())
    } else {
        format!("CTL rose {:.1} in 7 days", f.ramp_7.unwrap_or_default())
    };
    let analysis = if changes.is_empty() {
        format!("Because {why}, keep the coming week easy; no hard workout is planned in it.")
    } else {
        let what: Vec<String> = changes.iter().map(Change::describe).collect();
        format!("Because {why}: {}.", what.join("; "))
    };
    Analysis { analysis, changes }
}

/// The next four weeks of the plan as the plan proposal's prompt shows them.
pub fn upcoming(ctx: &AthleteContext) -> Vec<Workout> {
    let to: Date = ctx.today.plus(27);
    ctx.plan
        .as_ref()
        .map(|p| {
            p.workouts
                .iter()
                .filter(|w| w.date >= ctx.today && w.date <= to)
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}
