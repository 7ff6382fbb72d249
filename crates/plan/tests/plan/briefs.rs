//! Every brief under tests/briefs plans to a plan that passes the checker,
//! except the ones named `infeasible_*`, which must be declared.

use paceline_plan::*;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/briefs")
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
