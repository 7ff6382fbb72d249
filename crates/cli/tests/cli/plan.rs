//! `paceline plan …` as a user runs it: setting the brief, generate (exit 3 when the
//! goal cannot be reached safely, the plan still printed), check, versions, moves
//! refused with the checker's reasons, exports.

use std::path::Path;

use super::{paceline, stdout};

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(data: &Path, args: &[&str]) -> String {
    let o = paceline(data, args);
    assert!(o.status.success(), "{args:?}: {}{}", stdout(&o), stderr(&o));
    stdout(&o)
}

/// A day `days` from today (UTC) as YYYY-MM-DD.
fn from_today(days: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    paceline_types::date::format_ymd(now.div_euclid(86_400) + days)
}

const UNREACHABLE: &str = r#"{
  "start_date": "2027-01-04", "sports": ["run"], "unknown_key": 1,
  "fitness": {"ctl": 20, "atl": 20},
  "races": [{"date": "2027-04-04", "name": "Marathon", "sport": "run",
             "distance_km": 42.2, "priority": "A", "target_time_min": 240}],
  "availability_hours": {"mon": 0, "tue": 1, "wed": 0, "thu": 1, "fri": 0, "sat": 1, "sun": 2},
  "goal": {"ctl_on_race_morning": 120}
}"#;

#[test]
fn generate_from_a_brief_file_exits_3_when_the_goal_is_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let brief = dir.path().join("brief.json");
    std::fs::write(&brief, UNREACHABLE).unwrap();
    let o = paceline(
        &data,
        &[
            "plan",
            "generate",
            "--brief",
            brief.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    // Still the safest plan on stdout, as JSON; the reason on stderr.
    let plan: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let workouts = plan["workouts"].as_array().unwrap();
    assert!(workouts.len() > 20);
    assert!(workouts.iter().any(|w| w["intensity"] == "race"));
    assert!(
        stderr(&o).contains("infeasible: goal.ctl_on_race_morning"),
        "{}",
        stderr(&o)
    );
    // Without the goal it is feasible: exit 0.
    let reachable =
        UNREACHABLE.replace(r#""goal": {"ctl_on_race_morning": 120}"#, r#""goal": null"#);
    std::fs::write(&brief, reachable).unwrap();
    ok(
        &data,
        &["plan", "generate", "--brief", brief.to_str().unwrap()],
    );
    // A bad value is an error naming the field.
    std::fs::write(&brief, UNREACHABLE.replace(r#""mon": 0"#, r#""mon": 30"#)).unwrap();
    let o = paceline(
        &data,
        &["plan", "generate", "--brief", brief.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("availability_hours.mon"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_plan_from_the_vault_brief_is_saved_checked_moved_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // No availability yet: a clear error.
    let o = paceline(&data, &["plan", "brief", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("paceline plan availability"),
        "{}",
        stderr(&o)
    );

    ok(
        &data,
        &[
            "plan",
            "availability",
            "mon=0",
            "tue=1",
            "wed=1",
            "thu=1",
            "fri=0",
            "sat=1.5",
            "sun=2",
        ],
    );
    ok(&data, &["plan", "sports", "run"]);
    ok(&data, &["plan", "equipment", "treadmill", "gym"]);
    let race_day = from_today(63);
    let out = ok(
        &data,
        &[
            "plan",
            "race",
            "add",
            "--date",
            &race_day,
            "--name",
            "City 10k",
            "--sport",
            "run",
            "--distance-km",
            "10",
            "--priority",
            "a",
        ],
    );
    assert!(out.contains("race #1 added"), "{out}");
    ok(
        &data,
        &[
            "plan",
            "rule",
            "add",
            "rest_day",
            "day=fri",
            "--text",
            "Fridays off",
        ],
    );
    ok(
        &data,
        &[
            "plan",
            "rule",
            "add",
            r#"{"type":"max_hard_days_per_week","n":2}"#,
        ],
    );
    let o = paceline(&data, &["plan", "rule", "add", "rest_day", "day=someday"]);
    assert_eq!(o.status.code(), Some(1));
    let rules: serde_json::Value =
        serde_json::from_str(&ok(&data, &["plan", "rule", "list", "--json"])).unwrap();
    assert_eq!(rules["version"], 2);
    assert_eq!(rules["rules"][1]["type"], "max_hard_days_per_week");

    let brief: serde_json::Value =
        serde_json::from_str(&ok(&data, &["plan", "brief", "--json"])).unwrap();
    assert_eq!(brief["races"][0]["date"], race_day.as_str());
    assert_eq!(brief["availability_hours"]["sun"], 2.0);
    assert_eq!(brief["equipment"]["treadmill"], true);
    assert_eq!(brief["rules_text"], "Fridays off");

    let out = ok(&data, &["plan", "generate"]);
    assert!(out.contains("saved as plan version 1"), "{out}");
    let versions: serde_json::Value =
        serde_json::from_str(&ok(&data, &["plan", "versions", "--json"])).unwrap();
    assert_eq!(versions[0]["source"], "builtin");

    // Export, then check the file and the stored version.
    let json = dir.path().join("plan.json");
    let fit = dir.path().join("fit");
    let ics = dir.path().join("plan.ics");
    ok(
        &data,
        &[
            "plan",
            "export",
            "--json",
            json.to_str().unwrap(),
            "--fit",
            fit.to_str().unwrap(),
            "--ics",
            ics.to_str().unwrap(),
        ],
    );
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(plan["version"], 1);
    let n = plan["workouts"].as_array().unwrap().len();
    assert!(std::fs::read_dir(&fit).unwrap().count() >= n - 1);
    assert_eq!(
        std::fs::read_to_string(&ics)
            .unwrap()
            .matches("BEGIN:VEVENT")
            .count(),
        n
    );
    assert!(ok(&data, &["plan", "check", json.to_str().unwrap()]).contains("passes"));
    assert!(ok(&data, &["plan", "check", "1"]).contains("passes"));

    // A workout onto a rest day: refused with the reasons, exit 1, no new version.
    let first = plan["workouts"]
        .as_array()
        .unwrap()
        .iter()
        .position(|w| w["intensity"] != "race")
        .unwrap();
    let d = plan["workouts"][first]["date"]
        .as_str()
        .unwrap()
        .to_string();
    let friday = (1..=7).map(from_today).find(|x| weekday(x) == 4).unwrap();
    let o = paceline(&data, &["plan", "move", &format!("#{first}"), &friday]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("fri is a rest day"), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("from {d}")));
    let versions: serde_json::Value =
        serde_json::from_str(&ok(&data, &["plan", "versions", "--json"])).unwrap();
    assert_eq!(versions.as_array().unwrap().len(), 1);
    // Changing the brief makes the stored plan fail its check (race missing): exit 1.
    ok(
        &data,
        &[
            "plan",
            "race",
            "add",
            "--date",
            &from_today(40),
            "--name",
            "Tune-up",
            "--sport",
            "run",
            "--priority",
            "B",
        ],
    );
    let o = paceline(&data, &["plan", "check", "1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("[race_missing]"), "{}", stdout(&o));
}

/// 0 = Monday.
fn weekday(ymd: &str) -> i64 {
    (paceline_types::date::parse_ymd(ymd).unwrap() + 3).rem_euclid(7)
}
