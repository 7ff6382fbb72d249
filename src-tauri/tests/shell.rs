//! The shell on Tauri's mock runtime: the command table over IPC and the drop
//! handler with a synthetic drop event, no window system needed.

use std::sync::mpsc;
use std::time::Duration;

use paceline_app::{App, Config};
use paceline_desktop::{builder, drop::handle_drag_drop, Shell};
use paceline_types::{event, ActivitySummary, JobPayload, JobState, WatchedFolder};
use tauri::test::{mock_context, noop_assets, MockRuntime};
use tauri::{DragDropEvent, Listener, Manager};

mod common;
use common::*;

fn demo_ride(dir: &std::path::Path) -> std::path::PathBuf {
    let f = paceline_demo::generate(&paceline_demo::ALEX, 20_400 * 86_400, 1, 11)
        .into_iter()
        .find(|f| f.kind == paceline_demo::Kind::RideLong)
        .expect("a long ride");
    let p = dir.join(&f.file_name);
    std::fs::write(&p, &f.bytes).unwrap();
    p
}

/// Imports the demo ride over IPC (an import job, as a drop starts); returns its id.
fn import_demo_ride(webview: &tauri::WebviewWindow<MockRuntime>, dir: &std::path::Path) -> i64 {
    let job = invoke(
        webview,
        "import_files",
        serde_json::json!({ "athleteId": ATHLETE, "paths": [demo_ride(dir)] }),
    )
    .unwrap();
    let core = webview.state::<Shell>().app().unwrap().clone();
    let state = core.wait_job(job.as_u64().expect("a job id"), Duration::from_secs(30));
    assert_eq!(state, Some(JobState::Done));
    let list = invoke(
        webview,
        "list_activities",
        serde_json::json!({ "athleteId": ATHLETE, "athleteId": ATHLETE }),
    )
    .unwrap();
    list[0]["id"].as_i64().expect("imported")
}

#[test]
fn a_synthetic_drop_imports_and_notifies_the_ui() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_app(&dir.path().join("vault"));
    let handle = app.handle().clone();
    let events = job_events(&app);

    let ride = demo_ride(dir.path());
    let junk = dir.path().join("notes.fit");
    std::fs::write(&junk, b"not a fit file at all").unwrap();
    let drop = DragDropEvent::Drop {
        paths: vec![ride, junk],
        position: tauri::PhysicalPosition::new(10.0, 10.0),
    };
    let job = handle_drag_drop(&handle, &drop)
        .expect("a drop starts an import")
        .expect("the import job started");

    // Every event names the drop's job: started, progress, then the report.
    let mut progress = Vec::new();
    let report = loop {
        let e = events
            .recv_timeout(Duration::from_secs(30))
            .expect("job events");
        assert_eq!(e.job.id, job);
        assert_eq!(
            (e.job.kind.as_str(), e.job.athlete_id),
            ("import", Some(ATHLETE))
        );
        match (e.job.state, e.payload) {
            (JobState::Running, Some(JobPayload::ImportProgress(p))) => progress.push(p),
            (JobState::Running, None) => assert!(progress.is_empty(), "started comes first"),
            (JobState::Done, Some(JobPayload::Imported { athlete_id, report })) => {
                assert_eq!(athlete_id, ATHLETE);
                break report;
            }
            other => panic!("unexpected {other:?}"),
        }
    };
    assert_eq!((report.imported(), report.failed()), (1, 1), "{report:?}");
    let last = progress.last().expect("progress events");
    assert_eq!((last.files_done, last.files_total), (2, 2), "{progress:?}");
    assert_eq!(last.bytes_done, last.bytes_total);

    // Hover and cancel events do nothing.
    assert!(handle_drag_drop(&handle, &DragDropEvent::Leave).is_none());

    let webview = window(&app, "main");
    let list: Vec<ActivitySummary> = serde_json::from_value(
        invoke(
            &webview,
            "list_activities",
            serde_json::json!({ "athleteId": ATHLETE, "athleteId": ATHLETE }),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].sport, paceline_types::Sport::Ride);
}

/// The command table of `paceline-types` is the shell's: every command is registered
/// and takes exactly the argument keys the UI sends (a renamed argument, a missing
/// `athleteId`, a snake_case key all fail here instead of at run time).
#[test]
fn every_command_of_the_table_is_registered_with_its_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_app(&dir.path().join("vault"));
    let webview = window(&app, "main");
    let sample = |key: &str| -> serde_json::Value {
        match key {
            "athleteId" | "id" | "jobId" => 4242.into(),
            "req" => {
                serde_json::json!({ "id": 1, "kind": "pmc90", "theme": "dark", "units": "metric", "width": 10, "height": 10 })
            }
            "paths" | "ids" => serde_json::json!([]),
            "settings" => serde_json::json!({ "units": "metric" }),
            "threshold" => {
                serde_json::json!({ "sport": null, "kind": "ftp", "value": 1.0, "from_day": 1 })
            }
            "profile" => serde_json::json!({ "name": "x", "sex": null }),
            "rpe" => serde_json::Value::Null,
            "name" => "x".into(),
            "archived" => false.into(),
            "race" => serde_json::json!({ "id": null, "day": 20000, "name": "x", "sport": "run",
                "distance_km": null, "priority": "A", "target_time_min": null, "taper_days": null }),
            "hours" => serde_json::json!({ "mon": 0.0, "tue": 1.0, "wed": 1.0, "thu": 1.0,
                "fri": 0.0, "sat": 2.0, "sun": 2.0 }),
            "equipment" => serde_json::json!({ "indoor_trainer": false, "power_meter": false,
                "treadmill": false, "pool_access": false, "pool_days": null, "open_water": false,
                "indoor_only": false, "gym_access": false }),
            "from" | "to" | "day" => 20000.into(),
            "index" => 0.into(),
            "a" | "b" => 1.into(),
            "injury" => serde_json::json!({ "id": null, "description": "x", "sport": null,
                "from": 20000, "until": null, "forbidden_intensities": [],
                "max_session_minutes": null, "forbid_sport": false }),
            "rule" => "rest_day".into(),
            "fields" => serde_json::json!(["day=mon"]),
            "format" => "json".into(),
            "fileName" => "x.gpx".into(),
            "text" => "not a gpx file".into(),
            "routeName" => serde_json::Value::Null,
            "intensity" => serde_json::json!({ "kind": "power", "watts": 200.0 }),
            "kind" => "profile".into(),
            "theme" => "light".into(),
            "width" => 400.into(),
            "height" => 200.into(),
            "atM" => 100.0.into(),
            "bike" => serde_json::json!({ "id": 0, "name": "x", "chainrings": [34],
                "cassette": [28], "wheel_circumference_m": 2.1, "min_cadence_rpm": 60.0,
                "is_default": true }),
            "assumptions" => serde_json::json!({ "bike_kg": 9.0, "cda_m2": 0.3, "crr": 0.004,
                "drivetrain_loss": 0.025 }),
            "sessionId" => 4242.into(),
            "exercise" => "back_squat".into(),
            "session" => serde_json::json!({ "day": 20000, "name": "x",
                "sets": [{ "exercise": "back_squat", "reps": 5, "weight_kg": 100.0 }] }),
            "workout" => serde_json::json!({ "day": 20000, "sport": "run", "duration_s": 60.0,
                "rpe": 5.0 }),
            "entry" => serde_json::json!({ "day": 20000, "weight_kg": 70.0 }),
            "folder" => "/nonexistent/paceline-backups".into(),
            "passphrase" => "x".into(),
            "schedule" => "every 24h".into(),
            "keep" => 3.into(),
            "ticket" => "ST-1-sample".into(),
            "scope" => "activities_only".into(),
            "since" => serde_json::Value::Null,
            "limit" => 5.into(),
            "tz" => "UTC".into(),
            "members" => serde_json::json!([]),
            "groupId" | "digestId" => 4242.into(),
            "week" => serde_json::Value::Null,
            "again" => false.into(),
            "phoneNumberId" => "1234567".into(),
            "recipient" => "491701234567".into(),
            "token" => "x".into(),
            "provider" => serde_json::json!({ "name": "x", "kind": "openai",
                "base_url": "http://127.0.0.1:9/v1", "model": "m", "price_in": null,
                "price_out": null }),
            "apiKey" => "".into(),
            "names" => serde_json::json!([]),
            "budget" => serde_json::json!({ "daily_usd": null, "weekly_usd": null,
                "monthly_usd": null }),
            "days" => 30.into(),
            "body" => "x".into(),
            "version" => 1.into(),
            "conversation" | "activity" => serde_json::Value::Null,
            "question" => "How was my week?".into(),
            "resume" => serde_json::Value::Null,
            "runId" => 4242.into(),
            "path" => "/nonexistent/paceline-report.html".into(),
            "enabled" => false.into(),
            other => panic!("no sample for argument `{other}`: add one"),
        }
    };
    // Commands whose samples would change the vault in a way the test does not want.
    let skip = [
        "delete_athlete",
        "add_athlete",
        "rename_athlete",
        "archive_athlete",
        "select_athlete",
    ];
    for (name, keys) in paceline_types::commands() {
        let body: serde_json::Map<String, serde_json::Value> = keys
            .iter()
            .map(|k| match (name, k.as_str()) {
                ("delete_threshold", "id") => (
                    k.clone(),
                    serde_json::json!({ "sport": null, "kind": "ftp", "from_day": 1 }),
                ),
                ("save_own_exercise", "exercise") => (
                    k.clone(),
                    serde_json::json!({ "id": null, "name": "x", "muscles": [], "equipment": "other" }),
                ),
                ("logbook_chart", "req") => (
                    k.clone(),
                    serde_json::json!({ "kind": { "kind": "weekly_volume" }, "theme": "dark",
                        "width": 10, "height": 10 }),
                ),
                _ => (k.clone(), sample(k)),
            })
            .collect();
        let reply = invoke(&webview, name, body.clone().into());
        if let Err(e) = &reply {
            let text = e.to_string();
            assert!(
                e.get("code").is_some(),
                "`{name}` with {body:?} did not answer a typed error: {text}"
            );
        }
        if skip.contains(&name) {
            continue;
        }
        // Dropping any one key must be refused by Tauri: the key is really read.
        // (Optional arguments, `rpe`, `ids`, `intensity`, `routeName`, `since`, the
        // Garmin `schedule`, the coach's `conversation` and `activity`, and the `id` of a
        // save that adds when none is given, may be left out: they mean "none".)
        let optional = |k: &str| {
            [
                "rpe",
                "ids",
                "intensity",
                "routeName",
                "since",
                "week",
                "conversation",
                "activity",
                "resume",
            ]
            .contains(&k)
                || (k == "id" && ["save_strength_session", "save_manual_workout"].contains(&name))
                || (k == "schedule"
                    && ["garmin_schedule", "add_group", "set_coach_review_schedule"]
                        .contains(&name))
                || (k == "recipient" && name == "set_group_whatsapp")
        };
        for k in keys.iter().filter(|k| !optional(k)) {
            let mut less = body.clone();
            less.remove(k);
            let e = invoke(&webview, name, less.into()).expect_err("a missing key is refused");
            assert!(
                e.get("code").is_none(),
                "`{name}` ignored its `{k}` argument"
            );
        }
    }
    // And nothing unlisted is registered under an old name.
    for old in ["cancel_import", "import_started"] {
        assert!(invoke(&webview, old, serde_json::json!({})).is_err());
    }
}

/// The Garmin sign-in window shows Garmin's page: no command answers it, whatever
/// the capabilities say; the main window is served as before.
#[test]
fn only_the_main_window_reaches_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_app(&dir.path().join("vault"));
    let main = window(&app, "main");
    let signin = window(&app, "garmin-signin");
    assert!(invoke(&main, "list_athletes", serde_json::json!({})).is_ok());
    for (cmd, body) in [
        ("list_athletes", serde_json::json!({})),
        ("garmin_status", serde_json::json!({ "athleteId": 1 })),
        (
            "garmin_connect",
            serde_json::json!({ "athleteId": 1, "ticket": "ST-1-x" }),
        ),
    ] {
        let e = invoke(&signin, cmd, body).expect_err("refused");
        assert!(
            e.to_string().contains("only the main window"),
            "`{cmd}` answered the sign-in window: {e}"
        );
    }
}

/// The tray's pause is kept in the vault: a schedule saved while paused waits for
/// the resume; the sign-in page is Garmin's widget with the embed service.
#[test]
fn garmin_pause_is_kept_and_the_signin_page_is_the_widget() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_app(&dir.path().join("vault"));
    let core = core(&app);
    assert!(!core.garmin_paused().unwrap());
    core.set_garmin_paused(true).unwrap();
    assert!(core.garmin_paused().unwrap());
    assert_eq!(
        core.set_garmin_schedule(ATHLETE, Some("every 6h")).unwrap(),
        None,
        "no sync is due while paused"
    );
    assert_eq!(
        core.garmin_status(ATHLETE).unwrap().schedule.as_deref(),
        Some("every 6h"),
        "the schedule is kept for the resume"
    );
    assert_eq!(core.restore_garmin_schedules().unwrap(), 0);
    core.set_garmin_paused(false).unwrap();
    assert!(!core.garmin_paused().unwrap());
    assert!(core.garmin_connected_athletes().unwrap().is_empty());
    let url = core.garmin_signin_url().unwrap();
    assert!(url.contains("/sso/signin?id=gauth-widget"), "{url}");
    assert!(url.contains("service=https%3A%2F%2F"), "{url}");
    assert!(url.contains("%2Fsso%2Fembed"), "{url}");
    // The window for an athlete who does not exist is never opened.
    let main = window(&app, "main");
    let e = invoke(
        &main,
        "garmin_signin",
        serde_json::json!({ "athleteId": 4242 }),
    )
    .expect_err("no such athlete");
    assert_eq!(e["code"], "not_found", "{e}");
}

/// Settings › Coach and the chat over IPC: a provider with a key (never answered
/// back), the budget (an empty cap clears it), a question answered as `coach_chat`
/// events that add up to the answer, the stored conversation, the spend, prompt versions.
#[test]
fn the_coach_streams_its_answer_as_events_and_keeps_the_conversation() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_app(&dir.path().join("vault"));
    let webview = window(&app, "main");
    let call = |cmd: &str, body: serde_json::Value| invoke(&webview, cmd, body);
    let athlete = serde_json::json!({ "athleteId": ATHLETE });

    let chat = call("coach_chat", athlete.clone()).unwrap();
    assert_eq!(chat["has_provider"], false);
    assert_eq!(chat["conversation"], serde_json::Value::Null);
    let ask = serde_json::json!({ "athleteId": ATHLETE, "question": "How was my week?" });
    let e = call("coach_ask", ask.clone()).unwrap_err();
    assert_eq!(e["code"], "invalid_input");
    assert!(
        e["message"].as_str().unwrap().contains("Settings › Coach"),
        "{e}"
    );

    let rt = tokio::runtime::Runtime::new().unwrap();
    let fake = rt.block_on(paceline_llm_fake::FakeLlm::start());
    let provider = serde_json::json!({ "provider": { "name": "fake", "kind": "openai",
        "base_url": format!("{}/v1", fake.url()), "model": "fake-model", "price_in": 1.0,
        "price_out": 2.0 }, "apiKey": "sk-shell-secret" });
    let list = call("coach_add_provider", provider).unwrap();
    assert!(!list.to_string().contains("sk-shell-secret"));
    assert_eq!(list[0]["name"], "fake");
    assert_eq!(list[0]["has_key"], true);
    assert_eq!(list[0]["price_out"], 2.0);

    let caps = serde_json::json!({ "daily_usd": 1.5, "weekly_usd": null, "monthly_usd": 20.0 });
    let b = call("coach_set_budget", serde_json::json!({ "budget": caps })).unwrap();
    assert_eq!(
        (b["daily_usd"].as_f64(), b["monthly_usd"].as_f64()),
        (Some(1.5), Some(20.0))
    );
    let none = serde_json::json!({ "daily_usd": 1.5, "weekly_usd": null, "monthly_usd": null });
    call("coach_set_budget", serde_json::json!({ "budget": none })).unwrap();
    let b = call("coach_budget", serde_json::json!({})).unwrap();
    assert_eq!(
        b["monthly_usd"],
        serde_json::Value::Null,
        "an empty cap clears it"
    );
    assert_eq!(b["daily_usd"], 1.5);

    let (tx, rx) = mpsc::channel();
    app.handle().listen_any(event::COACH_CHAT, move |e| {
        let _ =
            tx.send(serde_json::from_str::<paceline_types::CoachChatEvent>(e.payload()).unwrap());
    });
    let answer = "An easy week: rest on Monday, then build.";
    fake.push(paceline_llm_fake::Turn::text(answer, 1000, 500));
    let chat_id = call("coach_ask", ask).unwrap().as_u64().expect("a chat id");
    let mut deltas = Vec::new();
    let last = loop {
        let e = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("chat events");
        assert_eq!(e.chat_id, chat_id);
        if e.done {
            break e;
        }
        deltas.push(e.delta);
    };
    assert_eq!(last.error, None);
    assert_eq!(last.conversation, Some(1));
    assert!(deltas.len() > 1, "streamed in pieces: {deltas:?}");
    assert_eq!(deltas.concat(), answer);

    let chat = call("coach_chat", athlete).unwrap();
    assert_eq!(
        (
            chat["conversation"].as_i64(),
            chat["has_provider"].as_bool()
        ),
        (Some(1), Some(true))
    );
    let roles: Vec<&str> = chat["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["user", "assistant"]);
    assert_eq!(chat["messages"][1]["content"], answer);

    // 1000 tokens in at $1 and 500 out at $2 per million.
    let spend = call("coach_spend", serde_json::json!({ "days": 30 })).unwrap();
    assert_eq!(spend["calls"], 1);
    assert!(
        (spend["cost_usd"].as_f64().unwrap() - 0.002).abs() < 1e-9,
        "{spend}"
    );
    assert_eq!(spend["by_action"][0]["key"], "chat");
    assert_eq!(spend["by_model"][0]["key"], "fake/fake-model");

    let p = call("coach_prompt", serde_json::json!({ "name": "chat_system" })).unwrap();
    let builtin = p["versions"][0].clone();
    assert_eq!(
        (builtin["builtin"].as_bool(), p["builtin"].as_bool()),
        (Some(true), Some(true))
    );
    let edited = format!("{}\nAnswer in two sentences.", p["body"].as_str().unwrap());
    let saved = call(
        "coach_save_prompt",
        serde_json::json!({ "name": "chat_system", "body": edited }),
    )
    .unwrap();
    assert_eq!(
        (saved["builtin"].as_bool(), saved["body"].as_str()),
        (Some(false), Some(edited.as_str()))
    );
    assert_eq!(saved["versions"].as_array().unwrap().len(), 2);
    let back = call(
        "coach_rollback_prompt",
        serde_json::json!({ "name": "chat_system",
        "version": builtin["version"] }),
    )
    .unwrap();
    assert_eq!(back["body"], builtin["body"]);
    assert_eq!(back["versions"].as_array().unwrap().len(), 3);
    assert!(back["version"].as_u64() > saved["version"].as_u64());
}

#[test]
fn one_athlete_never_reaches_another_ones_activities() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_app(&dir.path().join("vault"));
    let webview = window(&app, "main");
    let id = import_demo_ride(&webview, dir.path());
    let other = invoke(
        &webview,
        "add_athlete",
        serde_json::json!({ "name": "Bea" }),
    )
    .unwrap();
    let bea = other["id"].as_i64().unwrap();
    for (cmd, body) in [
        (
            "get_activity",
            serde_json::json!({ "athleteId": ATHLETE, "athleteId": bea, "id": id }),
        ),
        (
            "activity_metrics",
            serde_json::json!({ "athleteId": bea, "id": id }),
        ),
        (
            "set_activity_rpe",
            serde_json::json!({ "athleteId": ATHLETE, "athleteId": bea, "id": id, "rpe": 5.0 }),
        ),
    ] {
        let e = invoke(&webview, cmd, body).unwrap_err();
        assert_eq!(e["code"], "not_found", "{cmd}: {e}");
    }
    let list = invoke(
        &webview,
        "list_activities",
        serde_json::json!({ "athleteId": ATHLETE, "athleteId": bea }),
    )
    .unwrap();
    assert_eq!(list, serde_json::json!([]));
    let e = invoke(
        &webview,
        "list_activities",
        serde_json::json!({ "athleteId": ATHLETE, "athleteId": 99 }),
    )
    .unwrap_err();
    assert_eq!(e["code"], "not_found", "{e}");
}

#[test]
fn commands_answer_over_ipc_with_typed_errors() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_app(&dir.path().join("vault"));
    let webview = window(&app, "main");
    let info = invoke(
        &webview,
        "app_info",
        serde_json::json!({ "athleteId": ATHLETE, "athleteId": ATHLETE }),
    )
    .unwrap();
    assert_eq!(info["activity_count"], 0);
    assert_eq!(info["key_source"], "passphrase");

    let id = import_demo_ride(&webview, dir.path());
    let detail = invoke(
        &webview,
        "get_activity",
        serde_json::json!({ "athleteId": ATHLETE, "id": id }),
    )
    .unwrap();
    assert_eq!(detail["summary"]["sport"], "ride");
    let chart = invoke(
        &webview,
        "activity_chart",
        serde_json::json!({ "athleteId": ATHLETE, "req": { "id": id, "theme": "dark", "units": "metric", "width": 900, "height": 500 } }),
    )
    .unwrap();
    assert!(chart["svg"].as_str().unwrap().contains("Power (W)"));

    let err = invoke(
        &webview,
        "get_activity",
        serde_json::json!({ "athleteId": ATHLETE, "id": 4242 }),
    )
    .unwrap_err();
    assert_eq!(
        err,
        serde_json::json!({ "code": "not_found", "message": "no activity with id 4242" })
    );

    invoke(
        &webview,
        "set_settings",
        serde_json::json!({ "athleteId": ATHLETE, "settings": { "units": "imperial" } }),
    )
    .unwrap();
    assert_eq!(
        invoke(
            &webview,
            "get_settings",
            serde_json::json!({ "athleteId": ATHLETE, "athleteId": ATHLETE })
        )
        .unwrap()["units"],
        "imperial"
    );
}

#[test]
fn a_vault_that_cannot_open_reports_why() {
    let dir = tempfile::tempdir().unwrap();
    // Create with one passphrase, open with another.
    drop(
        App::open(&Config {
            data_dir: dir.path().into(),
            keys: paceline_app::KeyOptions::with_passphrase("a"),
        })
        .unwrap(),
    );
    let cfg = Config {
        data_dir: dir.path().into(),
        keys: paceline_app::KeyOptions::with_passphrase("b"),
    };
    let app = builder::<MockRuntime>(Shell::new(App::open(&cfg).map_err(Into::into)))
        .build(mock_context(noop_assets()))
        .unwrap();
    let webview = window(&app, "main");
    let err = invoke(
        &webview,
        "list_activities",
        serde_json::json!({ "athleteId": ATHLETE, "athleteId": ATHLETE }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "vault");
    assert!(err["message"].as_str().unwrap().contains("key is wrong"));
}

#[test]
fn watched_folders_come_from_the_settings_and_cancel_answers() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_app(&dir.path().join("vault"));
    let webview = window(&app, "main");
    let watched = dir.path().join("GARMIN");
    std::fs::create_dir(&watched).unwrap();
    let gone = dir.path().join("unplugged");
    let settings = serde_json::json!({ "athleteId": ATHLETE, "settings": {
        "units": "metric",
        "watched_folders": [watched.display().to_string(), gone.display().to_string()],
    }});
    invoke(&webview, "set_settings", settings).unwrap();
    let folders: Vec<WatchedFolder> = serde_json::from_value(
        invoke(
            &webview,
            "watched_folders",
            serde_json::json!({ "athleteId": ATHLETE, "athleteId": ATHLETE }),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(folders.len(), 2);
    assert!(folders[0].available && !folders[1].available, "{folders:?}");
    // A new file in the watched folder is imported by the watch job the settings armed.
    let events = job_events(&app);
    demo_ride(&watched);
    let (watch_job, report) = loop {
        let e = events
            .recv_timeout(Duration::from_secs(20))
            .expect("a watch import");
        if let (JobState::Running, Some(JobPayload::Imported { athlete_id, report })) =
            (e.job.state, e.payload)
        {
            assert_eq!((e.job.kind.as_str(), athlete_id), ("watch", ATHLETE));
            break (e.job.id, report);
        }
    };
    assert_eq!(report.imported(), 1, "{report:?}");
    // Reprocess is a job too; its report arrives as its last event.
    let job = invoke(
        &webview,
        "reprocess",
        serde_json::json!({ "athleteId": ATHLETE, "ids": null }),
    )
    .unwrap();
    let r = loop {
        let e = events
            .recv_timeout(Duration::from_secs(20))
            .expect("reprocess events");
        if let (true, Some(JobPayload::Reprocessed(r))) =
            (Some(e.job.id) == job.as_u64(), e.payload)
        {
            break r;
        }
    };
    assert_eq!((r.reprocessed, r.failed.len()), (1, 0), "{r:?}");
    // Cancelling the watcher ends its job.
    assert_eq!(
        invoke(
            &webview,
            "cancel_job",
            serde_json::json!({ "jobId": watch_job })
        )
        .unwrap(),
        true
    );
    assert_eq!(
        core(&app).wait_job(watch_job, Duration::from_secs(10)),
        Some(JobState::Cancelled)
    );
}

#[test]
fn a_threshold_is_set_then_deleted_over_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_app(&dir.path().join("vault"));
    let webview = window(&app, "main");
    let id = serde_json::json!({ "sport": "ride", "kind": "ftp", "from_day": 20_000 });
    let mut threshold = id.clone();
    threshold["value"] = 250.0.into();
    invoke(
        &webview,
        "set_threshold",
        serde_json::json!({ "athleteId": ATHLETE, "threshold": threshold }),
    )
    .unwrap();
    let entries = |w: &tauri::WebviewWindow<MockRuntime>| {
        invoke(
            w,
            "get_thresholds",
            serde_json::json!({ "athleteId": ATHLETE, "athleteId": ATHLETE }),
        )
        .unwrap()["entries"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(entries(&webview), 1);
    invoke(
        &webview,
        "delete_threshold",
        serde_json::json!({ "athleteId": ATHLETE, "id": id }),
    )
    .unwrap();
    assert_eq!(entries(&webview), 0);
    let err = invoke(
        &webview,
        "delete_threshold",
        serde_json::json!({ "athleteId": ATHLETE, "id": id }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
}

#[test]
fn profile_and_rpe_over_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_app(&dir.path().join("vault"));
    let webview = window(&app, "main");
    invoke(
        &webview,
        "set_profile",
        serde_json::json!({ "athleteId": ATHLETE, "profile": { "name": "Ada", "sex": "female" } }),
    )
    .unwrap();
    let p = invoke(
        &webview,
        "get_profile",
        serde_json::json!({ "athleteId": ATHLETE, "athleteId": ATHLETE }),
    )
    .unwrap();
    assert_eq!(p, serde_json::json!({ "name": "Ada", "sex": "female" }));

    let id = import_demo_ride(&webview, dir.path());
    let m = invoke(
        &webview,
        "set_activity_rpe",
        serde_json::json!({ "athleteId": ATHLETE, "id": id, "rpe": 6.0 }),
    )
    .unwrap();
    assert!(m["session_rpe"].as_f64().unwrap() > 0.0, "{m}");
    let err = invoke(
        &webview,
        "set_activity_rpe",
        serde_json::json!({ "athleteId": ATHLETE, "id": id, "rpe": 12.0 }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input", "{err}");
}
