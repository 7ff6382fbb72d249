//! The weekly review: the week's facts (computed by the app from the vault), their
//! rendering for the model's brief, and the rule-based review written when no
//! provider is configured (or the model failed) — totals, compliance, the form trend
//! and one or two recommendations.

use std::fmt::Write;

use paceline_plan::Date;
use serde::{Deserialize, Serialize};

/// Form below this (TSB at the week's end) calls for easy first days.
pub const LOW_TSB: f32 = -25.0;
/// A CTL rise above this in one week is more than most athletes absorb.
pub const HIGH_RAMP: f32 = 8.0;
/// Adherence below this (%) says the plan and the week did not match.
pub const LOW_ADHERENCE: f32 = 70.0;
/// An HRV drop beyond this share of the week before is worth watching.
pub const HRV_DROP: f32 = 0.07;

/// Totals of one sport in the week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SportWeek {
    pub sport: String,
    pub sessions: u32,
    pub minutes: f32,
    pub distance_km: f32,
    pub load: f32,
}

/// One of the week's biggest sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeySession {
    pub date: Date,
    pub sport: String,
    pub name: String,
    pub minutes: f32,
    pub load: Option<f32>,
    pub rpe: Option<f32>,
}

/// What the plan held for the week and how much of it was done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedWeek {
    pub workouts: u32,
    /// Planned workouts whose day has passed.
    pub due: u32,
    pub done: u32,
    pub missed: u32,
    pub minutes: f32,
    pub load: f32,
    /// Mean score of the due workouts (%).
    pub adherence_pct: Option<f32>,
}

/// CTL/ATL/TSB the day before the week and on its last day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FormChange {
    pub ctl_before: f32,
    pub ctl_after: f32,
    pub atl_before: f32,
    pub atl_after: f32,
    pub tsb_before: f32,
    pub tsb_after: f32,
}

/// Wellness means of the week and of the week before (missing values left out).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct WellnessWeek {
    pub hrv_ms: Option<f32>,
    pub hrv_prev_ms: Option<f32>,
    pub resting_hr: Option<f32>,
    pub resting_hr_prev: Option<f32>,
    pub sleep_h: Option<f32>,
    pub sleep_prev_h: Option<f32>,
}

/// Everything the review is written from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekFacts {
    /// ISO week, `2026-W48`.
    pub week: String,
    pub monday: Date,
    pub sunday: Date,
    pub sessions: u32,
    pub minutes: f32,
    pub distance_km: f32,
    pub load: f32,
    pub by_sport: Vec<SportWeek>,
    pub key_sessions: Vec<KeySession>,
    /// `None` when no plan covers the week.
    pub planned: Option<PlannedWeek>,
    pub form: Option<FormChange>,
    pub wellness: WellnessWeek,
    /// What the plan holds for the next week (workouts, minutes, load).
    pub next_week: Option<(u32, f32, f32)>,
}

fn hours(min: f32) -> String {
    format!("{:.1} h", min / 60.0)
}

impl WeekFacts {
    /// The facts as compact text for the model's brief.
    pub fn render(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "Week {} ({} to {}): {} sessions, {}, {:.1} km, load {:.0}",
            self.week,
            self.monday,
            self.sunday,
            self.sessions,
            hours(self.minutes),
            self.distance_km,
            self.load
        );
        for s in &self.by_sport {
            let _ = writeln!(
                o,
                "  {}: {} sessions, {}, {:.1} km, load {:.0}",
                s.sport,
                s.sessions,
                hours(s.minutes),
                s.distance_km,
                s.load
            );
        }
        match &self.planned {
            Some(p) => {
                let _ = writeln!(
                    o,
                    "Planned: {} workouts, {}, load {:.0}; done {} of {} due, missed {}{}",
                    p.workouts,
                    hours(p.minutes),
                    p.load,
                    p.done,
                    p.due,
                    p.missed,
                    p.adherence_pct
                        .map_or(String::new(), |a| format!(", adherence {a:.0} %"))
                );
            }
            None => {
                let _ = writeln!(o, "Planned: no plan covered this week");
            }
        }
        if let Some(f) = &self.form {
            let _ = writeln!(
                o,
                "Form: CTL {:.1} → {:.1} ({:+.1}), ATL {:.1} → {:.1}, TSB {:.1} → {:.1}",
                f.ctl_before,
                f.ctl_after,
                f.ctl_after - f.ctl_before,
                f.atl_before,
                f.atl_after,
                f.tsb_before,
                f.tsb_after
            );
        }
        if !self.key_sessions.is_empty() {
            let _ = writeln!(o, "Key sessions:");
            for k in &self.key_sessions {
                let _ = writeln!(o, "  {}", key_line(k));
            }
        }
        let _ = writeln!(o, "Wellness: {}", wellness_line(&self.wellness));
        if let Some((n, min, load)) = self.next_week {
            let _ = writeln!(
                o,
                "Next week planned: {n} workouts, {}, load {load:.0}",
                hours(min)
            );
        }
        o
    }
}

fn key_line(k: &KeySession) -> String {
    let mut s = format!(
        "{} {} {} \"{}\" {:.0} min",
        k.date,
        k.date.weekday().name(),
        k.sport,
        k.name.chars().take(40).collect::<String>(),
        k.minutes
    );
    if let Some(l) = k.load {
        let _ = write!(s, ", load {l:.0}");
    }
    if let Some(r) = k.rpe {
        let _ = write!(s, ", RPE {r:.0}");
    }
    s
}

fn wellness_line(w: &WellnessWeek) -> String {
    let mut parts = Vec::new();
    let mut add = |label: &str, unit: &str, now: Option<f32>, prev: Option<f32>| {
        if let Some(v) = now {
            parts.push(match prev {
                Some(p) => format!("{label} {v:.1} {unit} (week before {p:.1})"),
                None => format!("{label} {v:.1} {unit}"),
            });
        }
    };
    add("HRV", "ms", w.hrv_ms, w.hrv_prev_ms);
    add("resting HR", "bpm", w.resting_hr, w.resting_hr_prev);
    add("sleep", "h", w.sleep_h, w.sleep_prev_h);
    if parts.is_empty() {
        "no data".into()
    } else {
        parts.join("; ")
    }
}

/// One or two recommendations from the facts, most pressing first.
pub fn recommendations(f: &WeekFacts) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(t) = f.form.map(|x| x.tsb_after).filter(|t| *t < LOW_TSB) {
        out.push(format!(
            "Form is low (TSB {t:.0}): keep the first two days of next week easy."
        ));
    }
    if let Some(r) = f
        .form
        .map(|x| x.ctl_after - x.ctl_before)
        .filter(|r| *r > HIGH_RAMP)
    {
        out.push(format!(
            "Fitness rose by {r:.1} CTL in one week, more than most athletes absorb: hold the volume next week."
        ));
    }
    if let (Some(now), Some(prev)) = (f.wellness.hrv_ms, f.wellness.hrv_prev_ms) {
        if prev > 0.0 && now < prev * (1.0 - HRV_DROP) {
            out.push(format!(
                "HRV fell from {prev:.0} to {now:.0} ms: favour sleep and easy sessions until it recovers."
            ));
        }
    }
    if let Some(a) = f
        .planned
        .as_ref()
        .and_then(|p| p.adherence_pct)
        .filter(|a| *a < LOW_ADHERENCE)
    {
        out.push(format!(
            "Only {a:.0} % of the plan was done: if the plan asks too much, set your real hours and regenerate it."
        ));
    }
    if f.sessions == 0 {
        out.push(
            "No training was recorded this week: start again with short easy sessions.".into(),
        );
    }
    if out.is_empty() {
        out.push("Load and form are on track: keep to the plan next week.".into());
    }
    out.truncate(2);
    out
}

/// The review written by rule: totals, compliance, form trend, key sessions,
/// wellness and one or two recommendations.
pub fn rule_review(f: &WeekFacts) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "Week {} ({} to {}): {} sessions, {}, {:.1} km, load {:.0}.",
        f.week,
        f.monday,
        f.sunday,
        f.sessions,
        hours(f.minutes),
        f.distance_km,
        f.load
    );
    if f.by_sport.len() > 1 {
        let parts: Vec<String> = f
            .by_sport
            .iter()
            .map(|s| format!("{} {}", s.sport, hours(s.minutes)))
            .collect();
        let _ = write!(o, " By sport: {}.", parts.join(", "));
    }
    o.push('\n');
    match &f.planned {
        Some(p) => {
            let _ = writeln!(
                o,
                "Plan: {} of {} due workouts done, {} missed{}; planned {} and load {:.0}, done {} and load {:.0}.",
                p.done,
                p.due,
                p.missed,
                p.adherence_pct
                    .map_or(String::new(), |a| format!(", compliance {a:.0} %")),
                hours(p.minutes),
                p.load,
                hours(f.minutes),
                f.load
            );
        }
        None => {
            let _ = writeln!(o, "Plan: no plan covered this week.");
        }
    }
    if let Some(x) = &f.form {
        let trend = match x.ctl_after - x.ctl_before {
            d if d > 0.5 => "fitness rising",
            d if d < -0.5 => "fitness falling",
            _ => "fitness steady",
        };
        let _ = writeln!(
            o,
            "Form: CTL {:.1} → {:.1} ({trend}), ATL {:.1} → {:.1}, TSB {:.1} → {:.1}.",
            x.ctl_before, x.ctl_after, x.atl_before, x.atl_after, x.tsb_before, x.tsb_after
        );
    }
    if let Some(k) = f.key_sessions.first() {
        let _ = writeln!(o, "Biggest session: {}.", key_line(k));
    }
    let _ = writeln!(o, "Wellness: {}.", wellness_line(&f.wellness));
    for r in recommendations(f) {
        let _ = writeln!(o, "- {r}");
    }
    o.trim_end().to_string()
}
