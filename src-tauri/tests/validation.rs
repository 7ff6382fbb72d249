//! Bad arguments over IPC: each answers a typed `invalid_input` (never a panic, never
//! a half-done change), from the argument guard or the command itself.

use serde_json::{json, Value};

mod common;
use common::*;

fn code(reply: Result<Value, Value>) -> String {
    let err = reply.expect_err("refused");
    assert!(err.get("message").is_some_and(Value::is_string), "{err}");
    err["code"]
        .as_str()
        .unwrap_or("not a typed error")
        .to_string()
}

#[test]
fn bad_arguments_answer_invalid_input() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_app(&dir.path().join("vault"));
    let w = window(&app, "main");
    let long = |n: usize| "x".repeat(n);
    let missing = dir.path().join("gone.fit");
    let cases = [
        ("get_activity", json!({ "athleteId": ATHLETE, "id": 0 })),
        ("get_activity", json!({ "athleteId": -1, "id": 3 })),
        ("get_activity", json!({ "athleteId": ATHLETE, "id": "3" })),
        ("add_athlete", json!({ "name": long(201) })),
        // Within the guard's bound, beyond the app's own (100 characters).
        ("add_athlete", json!({ "name": long(150) })),
        (
            "rename_athlete",
            json!({ "athleteId": ATHLETE, "name": long(10_000) }),
        ),
        (
            "coach_ask",
            json!({ "athleteId": ATHLETE, "question": long(9000), "conversation": null }),
        ),
        (
            "plan_calendar",
            json!({ "athleteId": ATHLETE, "from": 20_100, "to": 20_000 }),
        ),
        (
            "plan_calendar",
            json!({ "athleteId": ATHLETE, "from": -1_000_000, "to": 20_000 }),
        ),
        (
            "import_files",
            json!({ "athleteId": ATHLETE, "paths": ["relative/ride.fit"] }),
        ),
        // Absolute but not there: refused by name before any job starts.
        (
            "import_files",
            json!({ "athleteId": ATHLETE, "paths": [missing] }),
        ),
        (
            "route_chart",
            json!({ "athleteId": ATHLETE, "id": 1, "kind": "profile", "theme": "light",
                "width": 0, "height": 200 }),
        ),
        (
            "route_chart",
            json!({ "athleteId": ATHLETE, "id": 1, "kind": "profile", "theme": "light",
                "width": 100_000, "height": 200 }),
        ),
        (
            "save_journal",
            json!({ "athleteId": ATHLETE, "entry": { "day": 900_000, "notes": "" } }),
        ),
        (
            "save_journal",
            json!({ "athleteId": ATHLETE, "entry": { "day": 20_000, "notes": long(9000) } }),
        ),
        ("backup_now", json!({ "folder": "", "passphrase": "x" })),
        (
            "save_deep_report",
            json!({ "athleteId": ATHLETE, "runId": 1, "path": "report.html" }),
        ),
        ("coach_spend", json!({ "days": 0 })),
        (
            "garmin_log",
            json!({ "athleteId": ATHLETE, "limit": 5_000_000 }),
        ),
        (
            "set_group_members",
            json!({ "id": 1, "members": [ATHLETE, 0] }),
        ),
        (
            "reprocess",
            json!({ "athleteId": ATHLETE, "ids": vec![1; 20_000] }),
        ),
        (
            "delete_journal",
            json!({ "athleteId": ATHLETE, "day": "monday" }),
        ),
    ];
    for (cmd, body) in cases {
        let reply = invoke(&w, cmd, body.clone());
        let summary: String = body.to_string().chars().take(120).collect();
        assert_eq!(code(reply), "invalid_input", "{cmd} {summary}");
    }

    // Nothing of that reached the vault: still one athlete, with its first name.
    let athletes = invoke(&w, "list_athletes", json!({})).unwrap();
    assert_eq!(athletes.as_array().map(Vec::len), Some(1), "{athletes}");
    let jobs = core(&app).list_jobs();
    assert!(jobs.is_empty(), "no job started: {jobs:?}");
}

#[test]
fn sane_arguments_still_pass_the_guard() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_app(&dir.path().join("vault"));
    let w = window(&app, "main");
    let name = "Ana ".repeat(25); // 99 characters once trimmed: the app allows 100
    let added = invoke(&w, "add_athlete", json!({ "name": name.trim_end() })).unwrap();
    assert_eq!(added["name"], name.trim_end());
    let cal = invoke(
        &w,
        "plan_calendar",
        json!({ "athleteId": ATHLETE, "from": 20_000, "to": 20_027 }),
    );
    assert!(cal.is_ok(), "{cal:?}");
    // A real file, through a symlink: imported from its canonical path.
    let file = dir.path().join("ride.gpx");
    std::fs::write(&file, "<gpx></gpx>").unwrap();
    let link = dir.path().join("link.gpx");
    std::os::unix::fs::symlink(&file, &link).unwrap();
    let job = invoke(
        &w,
        "import_files",
        json!({ "athleteId": ATHLETE, "paths": [link] }),
    )
    .unwrap();
    let job = job.as_u64().expect("a job id");
    // The import ends before the test does: a job still writing the vault while the
    // process exits (and the temp folder goes) crashed this binary once in CI.
    let state = core(&app).wait_job(job, std::time::Duration::from_secs(30));
    assert!(state.is_some(), "the import ended");
}
