//! The compact athlete brief a model sees: thresholds, current CTL/ATL/TSB and ramp,
//! weekly load by sport, key recent sessions, wellness trends and readiness, races,
//! availability, equipment, injuries, rules and the current plan's next two weeks.
//!
//! Bounded by construction, whatever the history: fixed windows (at most
//! [`Limits::load_weeks`] weeks of load, [`Limits::recent_days`] of sessions) and capped
//! lists, so a plan request stays within the 8,000-token budget for ten years of data
//! as for ten days (a test checks both). Missing values are left out, never written
//! as zero.

use std::collections::BTreeMap;
use std::fmt::Write;

use paceline_plan::{Brief, Date, Plan};
use serde::{Deserialize, Serialize};

use crate::proposal::describe;
use crate::rules::{describe_injury, describe_rule};

/// One done session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub date: Date,
    /// The sport as the athlete calls it (`ride`, `run`, `swim`, …).
    pub sport: String,
    pub name: String,
    pub minutes: f32,
    pub distance_km: Option<f32>,
    /// TSS-equivalent.
    pub load: Option<f32>,
    pub avg_hr: Option<f32>,
    pub avg_power: Option<f32>,
    pub rpe: Option<f32>,
}

/// One day of the PMC.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PmcPoint {
    pub date: Date,
    pub ctl: f32,
    pub atl: f32,
    pub tsb: f32,
}

/// One morning's wellness.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WellnessPoint {
    pub date: Date,
    pub hrv_ms: Option<f32>,
    pub resting_hr: Option<f32>,
    pub sleep_h: Option<f32>,
}

/// How much of the history the brief shows.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    /// Weeks of load by sport (4–12).
    pub load_weeks: u32,
    /// Days of sessions listed one by one.
    pub recent_days: u32,
    /// Most sessions listed (recent ones first, then the biggest of the month before).
    pub key_sessions: usize,
    /// Days of the current plan shown.
    pub plan_days: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            load_weeks: 12,
            recent_days: 14,
            key_sessions: 14,
            plan_days: 14,
        }
    }
}

/// Everything the brief is written from (the app reads it from the vault).
#[derive(Debug, Clone, PartialEq)]
pub struct AthleteContext {
    pub today: Date,
    /// Thresholds, races, availability, equipment, injuries and rules come from here.
    pub brief: Brief,
    /// PMC days, oldest first (any length; the last one is "now").
    pub pmc: Vec<PmcPoint>,
    /// Sessions, any order, any length.
    pub sessions: Vec<Session>,
    /// Wellness mornings, any order.
    pub wellness: Vec<WellnessPoint>,
    /// Today's readiness (0–100) with its reasons.
    pub readiness: Option<(u8, Vec<String>)>,
    /// The current plan.
    pub plan: Option<Plan>,
    pub limits: Limits,
}

fn mmss(s: f32) -> String {
    let s = s.round() as i64;
    format!("{}:{:02}", s / 60, s % 60)
}

fn mean(v: impl Iterator<Item = f32>) -> Option<f32> {
    let (mut sum, mut n) = (0.0, 0);
    for x in v.filter(|x| x.is_finite()) {
        sum += x;
        n += 1;
    }
    (n > 0).then(|| sum / n as f32)
}

impl AthleteContext {
    /// The brief as compact text (a few hundred to a few thousand tokens).
    pub fn render(&self) -> String {
        let mut o = String::new();
        let today = self.today;
        let _ = writeln!(o, "Today: {today} ({})", today.weekday().name());
        self.thresholds(&mut o);
        self.fitness(&mut o);
        self.load_by_sport(&mut o);
        self.key_sessions(&mut o);
        self.wellness(&mut o);
        self.races(&mut o);
        self.availability(&mut o);
        self.constraints(&mut o);
        self.plan(&mut o);
        o
    }

    fn thresholds(&self, o: &mut String) {
        let t = &self.brief.thresholds;
        let mut parts = Vec::new();
        if let Some(v) = t.ftp_w {
            parts.push(format!("FTP {v:.0} W"));
        }
        if let Some(v) = t.lthr_bpm {
            parts.push(format!("LTHR {v:.0} bpm"));
        }
        if let Some(v) = t.max_hr {
            parts.push(format!("max HR {v:.0} bpm"));
        }
        if let Some(v) = t.threshold_pace_s_per_km {
            parts.push(format!("threshold pace {}/km", mmss(v)));
        }
        if let Some(v) = t.css_s_per_100m {
            parts.push(format!("CSS {}/100m", mmss(v)));
        }
        if let Some(v) = t.weight_kg {
            parts.push(format!("weight {v:.1} kg"));
        }
        let sports: Vec<&str> = self.brief.sports.iter().map(|s| s.name()).collect();
        let _ = writeln!(o, "Sports planned: {}", sports.join(", "));
        let _ = writeln!(
            o,
            "Thresholds: {}",
            if parts.is_empty() {
                "none set".to_string()
            } else {
                parts.join(" · ")
            }
        );
    }

    fn fitness(&self, o: &mut String) {
        let Some(now) = self.pmc.last() else {
            let _ = writeln!(o, "Fitness: no training history");
            return;
        };
        let at = |days: i32| {
            self.pmc
                .iter()
                .rev()
                .find(|p| p.date.0 <= now.date.0 - days)
        };
        let ramp = at(7).map(|p| now.ctl - p.ctl);
        let _ = write!(
            o,
            "Fitness on {}: CTL {:.1}, ATL {:.1}, TSB {:.1}",
            now.date, now.ctl, now.atl, now.tsb
        );
        if let Some(r) = ramp {
            let _ = write!(o, "; ramp {r:+.1} CTL over 7 days");
        }
        for (days, label) in [(28, "4 weeks"), (84, "12 weeks")] {
            if let Some(p) = at(days) {
                let _ = write!(o, "; CTL {label} ago {:.1}", p.ctl);
            }
        }
        let _ = writeln!(o);
    }

    fn load_by_sport(&self, o: &mut String) {
        let weeks = self.limits.load_weeks.clamp(4, 12) as i32;
        let this_week = self.today.week_start();
        let first = this_week.plus(-7 * weeks);
        let mut by: BTreeMap<Date, BTreeMap<&str, (f32, f32)>> = BTreeMap::new();
        let mut sports: Vec<&str> = Vec::new();
        for s in &self.sessions {
            if s.date < first || s.date >= this_week {
                continue;
            }
            if !sports.contains(&s.sport.as_str()) {
                sports.push(&s.sport);
            }
            let e = by
                .entry(s.date.week_start())
                .or_default()
                .entry(&s.sport)
                .or_default();
            e.0 += s.load.unwrap_or(0.0);
            e.1 += s.minutes / 60.0;
        }
        sports.sort_unstable();
        let _ = writeln!(
            o,
            "Load by week, last {weeks} full weeks (TSS / hours per sport):"
        );
        if by.is_empty() {
            let _ = writeln!(o, "  no sessions");
            return;
        }
        for k in 0..weeks {
            let wk = first.plus(7 * k);
            let row = by.get(&wk);
            let mut line = format!("  {wk}:");
            let (mut tss, mut h) = (0.0, 0.0);
            for s in &sports {
                let (t, hours) = row.and_then(|r| r.get(s)).copied().unwrap_or_default();
                tss += t;
                h += hours;
                if hours > 0.0 {
                    let _ = write!(line, " {s} {t:.0}/{hours:.1}h");
                }
            }
            let _ = writeln!(o, "{line} | total {tss:.0}/{h:.1}h");
        }
    }

    fn key_sessions(&self, o: &mut String) {
        let recent_from = self.today.plus(-(self.limits.recent_days as i32));
        let month_from = recent_from.plus(-28);
        let mut recent: Vec<&Session> = self
            .sessions
            .iter()
            .filter(|s| s.date >= recent_from && s.date <= self.today)
            .collect();
        recent.sort_by_key(|s| std::cmp::Reverse(s.date));
        recent.truncate(self.limits.key_sessions);
        let room = self.limits.key_sessions.saturating_sub(recent.len()).min(4);
        let mut big: Vec<&Session> = self
            .sessions
            .iter()
            .filter(|s| s.date >= month_from && s.date < recent_from)
            .collect();
        big.sort_by(|a, b| {
            b.load
                .unwrap_or(b.minutes)
                .total_cmp(&a.load.unwrap_or(a.minutes))
        });
        big.truncate(room);
        let _ = writeln!(
            o,
            "Sessions of the last {} days (newest first), then the biggest of the 4 weeks before:",
            self.limits.recent_days
        );
        if recent.is_empty() && big.is_empty() {
            let _ = writeln!(o, "  none");
        }
        for s in recent.into_iter().chain(big) {
            let mut line = format!(
                "  {} {} {} \"{}\" {:.0} min",
                s.date,
                s.date.weekday().name(),
                s.sport,
                s.name.chars().take(40).collect::<String>(),
                s.minutes
            );
            if let Some(d) = s.distance_km {
                let _ = write!(line, " {d:.1} km");
            }
            if let Some(l) = s.load {
                let _ = write!(line, " load {l:.0}");
            }
            if let Some(h) = s.avg_hr {
                let _ = write!(line, " HR {h:.0}");
            }
            if let Some(p) = s.avg_power {
                let _ = write!(line, " {p:.0} W");
            }
            if let Some(r) = s.rpe {
                let _ = write!(line, " RPE {r:.0}");
            }
            let _ = writeln!(o, "{line}");
        }
    }

    fn wellness(&self, o: &mut String) {
        let win = |days: i32| {
            let from = self.today.plus(-days);
            self.wellness
                .iter()
                .filter(move |w| w.date > from && w.date <= self.today)
        };
        let mut parts = Vec::new();
        type Field = fn(&WellnessPoint) -> Option<f32>;
        let fields: [(&str, &str, Field); 3] = [
            ("HRV", "ms", |w| w.hrv_ms),
            ("resting HR", "bpm", |w| w.resting_hr),
            ("sleep", "h", |w| w.sleep_h),
        ];
        for (label, unit, f) in fields {
            let week = mean(win(7).filter_map(f));
            let month = mean(win(28).filter_map(f));
            if let (Some(a), Some(b)) = (week, month) {
                parts.push(format!("{label} 7-day {a:.1} {unit} (28-day {b:.1})"));
            }
        }
        let _ = writeln!(
            o,
            "Wellness: {}",
            if parts.is_empty() {
                "no data".to_string()
            } else {
                parts.join("; ")
            }
        );
        if let Some((score, reasons)) = &self.readiness {
            let r: Vec<&str> = reasons.iter().take(3).map(String::as_str).collect();
            let _ = writeln!(o, "Readiness today: {score}/100 ({})", r.join("; "));
        }
    }

    fn races(&self, o: &mut String) {
        let races = self.brief.races_ahead();
        let _ = writeln!(o, "Races ahead:");
        if races.is_empty() {
            let _ = writeln!(o, "  none");
        }
        for r in races.into_iter().take(10) {
            let mut line = format!("  {} {:?} {} ({:?}", r.date, r.priority, r.name, r.sport);
            if let Some(d) = r.distance_km {
                let _ = write!(line, ", {d} km");
            }
            if let Some(t) = r.target_time_min {
                let _ = write!(line, ", target {t:.0} min");
            }
            let _ = writeln!(o, "{line})");
        }
        if let Some(g) = &self.brief.goal {
            let _ = writeln!(
                o,
                "Goal: CTL {:.0} on the A race morning",
                g.ctl_on_race_morning
            );
        }
    }

    fn availability(&self, o: &mut String) {
        let a = &self.brief.availability_hours;
        let days: Vec<String> = paceline_plan::Weekday::ALL
            .iter()
            .map(|d| format!("{} {}", d.name(), a.hours(*d)))
            .collect();
        let _ = writeln!(
            o,
            "Hours available: {} (week {:.1} h)",
            days.join(", "),
            a.week_total()
        );
        let e = &self.brief.equipment;
        let mut eq = Vec::new();
        for (on, name) in [
            (e.indoor_trainer, "indoor trainer"),
            (e.power_meter, "power meter"),
            (e.treadmill, "treadmill"),
            (e.pool_access, "pool"),
            (e.open_water, "open water"),
            (e.gym_access, "gym"),
            (e.indoor_only, "indoor only"),
        ] {
            if on {
                eq.push(name.to_string());
            }
        }
        if let Some(days) = e.pool_days.as_ref().filter(|_| e.pool_access) {
            let d: Vec<&str> = days.iter().map(|d| d.name()).collect();
            eq.push(format!("pool on {}", d.join("/")));
        }
        let _ = writeln!(
            o,
            "Equipment: {}",
            if eq.is_empty() {
                "none".to_string()
            } else {
                eq.join(", ")
            }
        );
    }

    fn constraints(&self, o: &mut String) {
        let injuries: Vec<_> = self
            .brief
            .injuries
            .iter()
            .filter(|i| i.until.is_none_or(|u| u >= self.today))
            .take(10)
            .collect();
        if !injuries.is_empty() {
            let _ = writeln!(o, "Injuries:");
            for i in injuries {
                let _ = writeln!(o, "  {}", describe_injury(i));
            }
        }
        if !self.brief.rules.is_empty() {
            let _ = writeln!(o, "Rules:");
            for r in self.brief.rules.iter().take(30) {
                let _ = writeln!(o, "  {}", describe_rule(r));
            }
        }
        let words = self.brief.rules_text.trim();
        if !words.is_empty() {
            let _ = writeln!(
                o,
                "In the athlete's words: {}",
                words.chars().take(500).collect::<String>()
            );
        }
    }

    fn plan(&self, o: &mut String) {
        let Some(plan) = &self.plan else {
            return;
        };
        let to = self.today.plus(self.limits.plan_days as i32 - 1);
        let next: Vec<_> = plan
            .workouts
            .iter()
            .filter(|w| w.date >= self.today && w.date <= to)
            .take(28)
            .cloned()
            .collect();
        let _ = writeln!(o, "Current plan, next {} days:", self.limits.plan_days);
        if next.is_empty() {
            let _ = writeln!(o, "  nothing planned");
        } else {
            o.push_str(&describe(&next));
        }
    }
}
