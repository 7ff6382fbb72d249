//! Every brief under tests/briefs plans to a plan that passes the checker,
//! except the ones named `infeasible_*`, which must be declared.

use paceline_plan::*;
use std::path::PathBuf;

/// The package folder at run time: a target dir shared between checkouts can hold a
/// test binary built in another one, with another path compiled in.
fn dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
        .join("tests/briefs")
}

pub fn load(name: &str) -> Brief {
    let text = std::fs::read_to_string(dir().join(name)).expect("brief file");
    Brief::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_brief_plans_and_passes() {
    let cfg = CheckerConfig::default();
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let mut failures = Vec::new();
    for name in &names {
        let brief = load(name);
        let out = generate(&brief, &cfg);
        let report = check(&brief, &out.plan, &cfg);
        if name.starts_with("infeasible_") {
            if out.feasible() {
                failures.push(format!("{name}: should be declared infeasible"));
            }
            continue;
        }
        if !out.feasible() || !report.passed() {
            failures.push(format!(
                "{name}: {:#?}\n{:#?}",
                out.infeasible,
                report.violations.iter().take(8).collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `cargo test -p paceline-plan -- --ignored --nocapture show` prints a summary per brief.
#[test]
#[ignore]
fn show() {
    let cfg = CheckerConfig::default();
    let only = std::env::var("BRIEF").ok();
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    for name in names
        .iter()
        .filter(|n| only.as_ref().is_none_or(|o| n.contains(o.as_str())))
    {
        let brief = load(name);
        let out = generate(&brief, &cfg);
        let rows = paceline_plan::checker::project_plan(&brief, &out.plan, &cfg, false);
        println!(
            "== {name}: {} workouts, infeasible {:?}",
            out.plan.workouts.len(),
            out.infeasible
        );
        let mut wk = std::collections::BTreeMap::<Date, (f32, f32, usize, String)>::new();
        for w in &out.plan.workouts {
            let e = wk.entry(w.date.week_start()).or_default();
            e.0 += w.duration_min / 60.0;
            e.1 += w.tss;
            e.2 += 1;
            e.3.push_str(&format!(
                "{}{}:{}{:.0} ",
                w.date.weekday().name(),
                w.sport.name().chars().next().unwrap(),
                &w.intensity.name()[..3],
                w.duration_min
            ));
        }
        for (d, (h, t, n, s)) in wk {
            let ctl = rows
                .iter()
                .find(|r| r.day == d.0 + 6)
                .map_or(0.0, |r| r.ctl);
            let tsb = rows
                .iter()
                .find(|r| r.day == d.0 + 6)
                .map_or(0.0, |r| r.tsb);
            println!("{d} {h:5.1}h {t:5.0}tss n{n:2} ctl{ctl:5.1} tsb{tsb:6.1} | {s}");
        }
    }
}

/// Whole-session intensity matches the label (a threshold session is not an
/// endurance ride with a few minutes at threshold), so a checker that expects
/// TSS ≈ IF² × hours × 100 with an IF per intensity agrees with ours.
#[test]
fn session_intensity_factor_matches_its_label() {
    let cfg = CheckerConfig::default();
    let mut seen = std::collections::BTreeMap::<&str, (f32, f32)>::new();
    for e in std::fs::read_dir(dir()).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        let out = generate(&load(&name), &cfg);
        for w in &out.plan.workouts {
            let f = (w.tss / (w.duration_min / 60.0 * 100.0)).sqrt();
            let e = seen.entry(w.intensity.name()).or_insert((f, f));
            e.0 = e.0.min(f);
            e.1 = e.1.max(f);
        }
    }
    let expect = [
        ("recovery", 0.5, 0.6),
        ("endurance", 0.62, 0.75),
        ("tempo", 0.7, 0.85),
        ("threshold", 0.76, 0.9),
        ("vo2", 0.75, 0.95),
        ("strength", 0.55, 0.7),
        ("race", 0.7, 1.05),
    ];
    for (k, lo, hi) in expect {
        let (a, b) = seen[k];
        assert!(
            a >= lo && b <= hi,
            "{k}: IF {a:.3}–{b:.3}, expected within {lo}–{hi}"
        );
    }
}

/// The lighter week also shows when weeks are counted from the plan's first
/// day instead of Monday (another checker may count them so).
#[test]
fn lighter_weeks_hold_in_weeks_from_the_start_date() {
    let cfg = CheckerConfig::default();
    for e in std::fs::read_dir(dir()).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        let brief = load(&name);
        let out = generate(&brief, &cfg);
        if !out.feasible() {
            continue;
        }
        let start = brief.start_date;
        let end = out.plan.span().unwrap().1;
        let special: Vec<(Date, Date)> = brief
            .races_ahead()
            .iter()
            .map(|r| paceline_plan::checker::context::race_window(r, &cfg))
            .collect();
        let blocks: Vec<(Date, f32, bool)> = (0..)
            .map(|k| start.plus(7 * k))
            .take_while(|b| b.plus(6) <= end)
            .map(|b| {
                let tss = out
                    .plan
                    .workouts
                    .iter()
                    .filter(|w| w.date >= b && w.date <= b.plus(6))
                    .map(|w| w.tss)
                    .sum();
                let touches = special.iter().any(|(f, t)| *f <= b.plus(6) && *t >= b);
                (b, tss, touches)
            })
            .collect();
        for run in blocks.split(|b| b.2) {
            for win in run.windows(4) {
                let total: f32 = win.iter().map(|x| x.1).sum();
                let light = win.iter().any(|x| x.1 <= 0.75 * (total - x.1) / 3.0 + 1e-3);
                assert!(
                    light,
                    "{name}: no lighter block in the 4 from {}: {:?}",
                    win[0].0,
                    win.iter().map(|x| x.1 as i32).collect::<Vec<_>>()
                );
            }
        }
    }
}

/// Hard training days are never back to back, and with a no-back-to-back
/// rule never next to a long session either.
#[test]
fn hard_days_are_spaced() {
    let cfg = CheckerConfig::default();
    for e in std::fs::read_dir(dir()).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        let brief = load(&name);
        let strict = brief
            .rules
            .iter()
            .any(|r| matches!(r, paceline_plan::brief::Rule::NoBackToBackHardDays {}));
        let out = generate(&brief, &cfg);
        let day = |d: Date, f: &dyn Fn(&Workout) -> bool| {
            out.plan.workouts.iter().any(|w| w.date == d && f(w))
        };
        let hard = |w: &Workout| !w.is_race() && cfg.hard_intensities.contains(&w.intensity);
        for w in out.plan.workouts.iter().filter(|w| hard(w)) {
            assert!(
                !day(w.date.plus(1), &hard),
                "{name}: hard {} and the day after",
                w.date
            );
            if strict {
                let long = |x: &Workout| x.kind == WorkoutKind::Long;
                assert!(
                    !day(w.date.plus(1), &long) && !day(w.date.plus(-1), &long),
                    "{name}: hard {} next to a long day",
                    w.date
                );
            }
        }
    }
}
