//! Plans and their reports as text.

use paceline_app::plan::checker::Violation;
use paceline_app::plan::compliance::{ComplianceReport, DoneActivity, Status};
use paceline_app::plan::{Brief, Plan, PlanDiff, Workout};
use paceline_app::{PlanVersionInfo, ReadinessAdjust};

fn hm(min: f32) -> String {
    let m = min.round() as i64;
    format!("{}:{:02}", m / 60, m % 60)
}

fn label<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn line(i: usize, w: &Workout) -> String {
    format!(
        "#{i:<4} {} {}  {:<8} {:<10} {:>5} {:>4.0}  {:<10} {}",
        w.date,
        w.date.weekday().name(),
        w.sport.name(),
        label(&w.kind),
        hm(w.duration_min),
        w.tss,
        w.intensity.name(),
        w.name
    )
}

pub fn brief(b: &Brief) {
    println!("start {}; sports {}", b.start_date, {
        let s: Vec<&str> = b.sports.iter().map(|s| s.name()).collect();
        s.join(", ")
    });
    println!(
        "fitness: CTL {:.1}, ATL {:.1}; {} h a week available",
        b.fitness.ctl,
        b.fitness.atl,
        b.availability_hours.week_total()
    );
    for r in b.races_ahead() {
        println!("race {} {:?} {}", r.date, r.priority, r.name);
    }
    println!(
        "{} injuries, {} rules{}",
        b.injuries.len(),
        b.rules.len(),
        b.goal
            .as_ref()
            .map(|g| format!("; goal CTL {}", g.ctl_on_race_morning))
            .unwrap_or_default()
    );
}

/// One line per workout and a total per ISO week.
pub fn workouts(p: &Plan) {
    if let Some(v) = p.version {
        println!("plan version {v}");
    }
    let mut week = None;
    let (mut min, mut tss) = (0.0f32, 0.0f32);
    let total = |wk: Option<String>, min: f32, tss: f32| {
        if let Some(wk) = wk {
            println!("      {wk}: {} h, {tss:.0} TSS", hm(min));
        }
    };
    for (i, w) in p.workouts.iter().enumerate() {
        let wk = w.date.iso_week();
        if week.as_ref() != Some(&wk) {
            total(week.take(), min, tss);
            (min, tss) = (0.0, 0.0);
            week = Some(wk);
        }
        min += w.duration_min;
        tss += w.tss;
        println!("{}", line(i, w));
    }
    total(week, min, tss);
}

pub fn violation(v: &Violation) -> String {
    // The checker's messages name their day themselves.
    format!("[{}] {}", label(&v.kind), v.message)
}

pub fn versions(list: &[PlanVersionInfo]) {
    if list.is_empty() {
        println!("no plan yet: `paceline plan generate`");
    }
    for v in list {
        println!(
            "v{:<4} parent {:<5} {:<8} {:>4} workouts {:>6.0} TSS  {}",
            v.version,
            v.parent.map_or("-".into(), |p| format!("v{p}")),
            v.source,
            v.workout_count,
            v.total_tss,
            v.reason
        );
    }
}

pub fn diff(d: &PlanDiff) {
    for w in &d.removed {
        println!("- {}", line(0, w).split_off(6));
    }
    for w in &d.added {
        println!("+ {}", line(0, w).split_off(6));
    }
    for c in &d.changed {
        println!(
            "~ {} {} {}: {}",
            c.before.date,
            c.before.sport.name(),
            c.before.name,
            c.fields.join(", ")
        );
    }
    for w in d.weeks.iter().filter(|w| {
        (w.before_tss - w.after_tss).abs() > 0.05 || (w.before_min - w.after_min).abs() > 0.05
    }) {
        println!(
            "  {}: {:.0} → {:.0} TSS, {} → {} h",
            w.iso_week,
            w.before_tss,
            w.after_tss,
            hm(w.before_min),
            hm(w.after_min)
        );
    }
    if d.is_empty() {
        println!("no workout changed");
    }
}

pub fn compliance(p: &Plan, done: &[DoneActivity], c: &ComplianceReport) {
    for w in c.workouts.iter().filter(|w| w.status != Status::Upcoming) {
        let pw = &p.workouts[w.workout];
        let did = w
            .activity
            .and_then(|j| done.get(j))
            .map(|a| format!(" ← {} {}", a.sport.name(), hm(a.duration_min)))
            .unwrap_or_default();
        println!(
            "{} {:<8} {:<24} {:<8} {}{did}",
            pw.date,
            pw.sport.name(),
            pw.name,
            label(&w.status),
            w.score
                .map(|s| format!("{:.0} %", s * 100.0))
                .unwrap_or_default()
        );
    }
    for wk in c.weeks.iter().filter(|w| w.due > 0) {
        println!(
            "week {}: {} done, {} missed, adherence {}",
            wk.week_start.iso_week(),
            wk.done,
            wk.missed,
            wk.adherence_pct
                .map(|a| format!("{a:.0} %"))
                .unwrap_or("-".into())
        );
    }
    match c.plan_adherence_pct {
        Some(a) => println!("plan adherence so far: {a:.0} %"),
        None => println!("nothing due yet"),
    }
}

pub fn readiness(r: &ReadinessAdjust) -> String {
    match r {
        ReadinessAdjust::NoPlan => "no plan yet: nothing to adjust".into(),
        ReadinessAdjust::ReadinessUnknown => {
            "no wellness data (HRV, resting HR, sleep): readiness unknown, plan unchanged".into()
        }
        ReadinessAdjust::ReadinessOk { score } => {
            format!("readiness {score}/100: plan unchanged")
        }
        ReadinessAdjust::NothingHardToday { score } => {
            format!("readiness {score}/100 is low, but nothing hard is planned today")
        }
        ReadinessAdjust::Adjusted {
            version, reason, ..
        } => format!("saved as version {version}: {reason} (`paceline plan undo` reverts it)"),
    }
}
