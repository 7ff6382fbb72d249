//! The shell on Tauri's mock runtime: the command table over IPC and the drop
//! handler with a synthetic drop event, no window system needed.

use std::sync::mpsc;
use std::time::Duration;

use paceline_app::{App, Config};
use paceline_desktop::{builder, drop::handle_drag_drop, Shell};
use paceline_types::{event, ActivitySummary, ImportProgress, ImportReport, WatchedFolder};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_context, noop_assets, MockRuntime};
use tauri::webview::InvokeRequest;
use tauri::{DragDropEvent, Listener, Manager, WebviewWindowBuilder};

fn shell(dir: &std::path::Path) -> Shell {
    let cfg = Config {
        data_dir: dir.to_path_buf(),
        keys: paceline_app::KeyOptions::with_passphrase("shell-test"),
    };
    Shell::new(App::open(&cfg).map_err(Into::into))
}

fn mock_app(dir: &std::path::Path) -> tauri::App<MockRuntime> {
    builder::<MockRuntime>(shell(dir))
        .build(mock_context(noop_assets()))
        .expect("mock app builds")
}

fn invoke(
    webview: &tauri::WebviewWindow<MockRuntime>,
    cmd: &str,
    body: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // On Linux the mock runtime expects the app's own origin.
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: webview.app_handle().invoke_key().to_string(),
        },
    )
    .map(|b| b.deserialize::<serde_json::Value>().unwrap())
}

fn demo_ride(dir: &std::path::Path) -> std::path::PathBuf {
    let f = paceline_demo::generate(&paceline_demo::ALEX, 20_400 * 86_400, 1, 11)
        .into_iter()
        .find(|f| f.kind == paceline_demo::Kind::RideLong)
        .expect("a long ride");
    let p = dir.join(&f.file_name);
    std::fs::write(&p, &f.bytes).unwrap();
    p
}

/// Imports the demo ride over IPC, as a drop does; returns its id.
fn import_demo_ride(webview: &tauri::WebviewWindow<MockRuntime>, dir: &std::path::Path) -> i64 {
    let report = invoke(
        webview,
        "import_files",
        serde_json::json!({ "paths": [demo_ride(dir)] }),
    )
    .unwrap();
    report["files"][0]["id"].as_i64().expect("imported")
}

#[test]
fn a_synthetic_drop_imports_and_notifies_the_ui() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_app(&dir.path().join("vault"));
    let handle = app.handle().clone();
    let (tx, rx) = mpsc::channel::<String>();
    let tx2 = tx.clone();
    handle.listen_any(event::IMPORT_STARTED, move |e| {
        tx2.send(format!("started {}", e.payload())).unwrap()
    });
    handle.listen_any(event::ACTIVITIES_CHANGED, move |e| {
        tx.send(e.payload().to_string()).unwrap()
    });
    let (ptx, prx) = mpsc::channel::<ImportProgress>();
    handle.listen_any(event::IMPORT_PROGRESS, move |e| {
        ptx.send(serde_json::from_str(e.payload()).unwrap())
            .unwrap()
    });

    let ride = demo_ride(dir.path());
    let junk = dir.path().join("notes.fit");
    std::fs::write(&junk, b"not a fit file at all").unwrap();
    let drop = DragDropEvent::Drop {
        paths: vec![ride, junk],
        position: tauri::PhysicalPosition::new(10.0, 10.0),
    };
    handle_drag_drop(&handle, &drop)
        .expect("a drop starts an import")
        .join()
        .unwrap();

    assert_eq!(
        rx.recv_timeout(Duration::from_secs(5)).unwrap(),
        "started 2"
    );
    let report: ImportReport =
        serde_json::from_str(&rx.recv_timeout(Duration::from_secs(30)).unwrap()).unwrap();
    assert_eq!((report.imported(), report.failed()), (1, 1), "{report:?}");
    let progress: Vec<ImportProgress> = prx.try_iter().collect();
    let last = progress.last().expect("progress events");
    assert_eq!((last.files_done, last.files_total), (2, 2), "{progress:?}");
    assert_eq!(last.bytes_done, last.bytes_total);

    // Hover and cancel events do nothing.
    assert!(handle_drag_drop(&handle, &DragDropEvent::Leave).is_none());

    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let list: Vec<ActivitySummary> =
        serde_json::from_value(invoke(&webview, "list_activities", serde_json::json!({})).unwrap())
            .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].sport, paceline_types::Sport::Ride);
}

#[test]
fn commands_answer_over_ipc_with_typed_errors() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_app(&dir.path().join("vault"));
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let info = invoke(&webview, "app_info", serde_json::json!({})).unwrap();
    assert_eq!(info["activity_count"], 0);
    assert_eq!(info["key_source"], "passphrase");

    let id = import_demo_ride(&webview, dir.path());
    let detail = invoke(&webview, "get_activity", serde_json::json!({ "id": id })).unwrap();
    assert_eq!(detail["summary"]["sport"], "ride");
    let chart = invoke(
        &webview,
        "activity_chart",
        serde_json::json!({ "req": { "id": id, "theme": "dark", "units": "metric", "width": 900, "height": 500 } }),
    )
    .unwrap();
    assert!(chart["svg"].as_str().unwrap().contains("Power (W)"));

    let err = invoke(&webview, "get_activity", serde_json::json!({ "id": 4242 })).unwrap_err();
    assert_eq!(
        err,
        serde_json::json!({ "code": "not_found", "message": "no activity with id 4242" })
    );

    invoke(
        &webview,
        "set_settings",
        serde_json::json!({ "settings": { "units": "imperial" } }),
    )
    .unwrap();
    assert_eq!(
        invoke(&webview, "get_settings", serde_json::json!({})).unwrap()["units"],
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
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let err = invoke(&webview, "list_activities", serde_json::json!({})).unwrap_err();
    assert_eq!(err["code"], "vault");
    assert!(err["message"].as_str().unwrap().contains("key is wrong"));
}

#[test]
fn watched_folders_come_from_the_settings_and_cancel_answers() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_app(&dir.path().join("vault"));
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let watched = dir.path().join("GARMIN");
    std::fs::create_dir(&watched).unwrap();
    let gone = dir.path().join("unplugged");
    let settings = serde_json::json!({ "settings": {
        "units": "metric",
        "watched_folders": [watched.display().to_string(), gone.display().to_string()],
    }});
    invoke(&webview, "set_settings", settings).unwrap();
    let folders: Vec<WatchedFolder> =
        serde_json::from_value(invoke(&webview, "watched_folders", serde_json::json!({})).unwrap())
            .unwrap();
    assert_eq!(folders.len(), 2);
    assert!(folders[0].available && !folders[1].available, "{folders:?}");
    // A new file in the watched folder is imported by the watcher the settings armed.
    let (tx, rx) = mpsc::channel::<String>();
    app.handle()
        .listen_any(event::ACTIVITIES_CHANGED, move |e| {
            let _ = tx.send(e.payload().to_string());
        });
    demo_ride(&watched);
    let report: ImportReport =
        serde_json::from_str(&rx.recv_timeout(Duration::from_secs(20)).unwrap()).unwrap();
    assert_eq!(report.imported(), 1, "{report:?}");
    assert!(invoke(&webview, "cancel_import", serde_json::json!({})).is_ok());
    let r = invoke(&webview, "reprocess", serde_json::json!({ "ids": null })).unwrap();
    assert_eq!(r["reprocessed"], 1, "{r}");
}

#[test]
fn a_threshold_is_set_then_deleted_over_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_app(&dir.path().join("vault"));
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let id = serde_json::json!({ "sport": "ride", "kind": "ftp", "from_day": 20_000 });
    let mut threshold = id.clone();
    threshold["value"] = 250.0.into();
    invoke(
        &webview,
        "set_threshold",
        serde_json::json!({ "threshold": threshold }),
    )
    .unwrap();
    let entries = |w: &tauri::WebviewWindow<MockRuntime>| {
        invoke(w, "get_thresholds", serde_json::json!({})).unwrap()["entries"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(entries(&webview), 1);
    invoke(
        &webview,
        "delete_threshold",
        serde_json::json!({ "id": id }),
    )
    .unwrap();
    assert_eq!(entries(&webview), 0);
    let err = invoke(
        &webview,
        "delete_threshold",
        serde_json::json!({ "id": id }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
}

#[test]
fn profile_and_rpe_over_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_app(&dir.path().join("vault"));
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    invoke(
        &webview,
        "set_profile",
        serde_json::json!({ "profile": { "name": "Ada", "sex": "female" } }),
    )
    .unwrap();
    let p = invoke(&webview, "get_profile", serde_json::json!({})).unwrap();
    assert_eq!(p, serde_json::json!({ "name": "Ada", "sex": "female" }));

    let id = import_demo_ride(&webview, dir.path());
    let m = invoke(
        &webview,
        "set_activity_rpe",
        serde_json::json!({ "id": id, "rpe": 6.0 }),
    )
    .unwrap();
    assert!(m["session_rpe"].as_f64().unwrap() > 0.0, "{m}");
    let err = invoke(
        &webview,
        "set_activity_rpe",
        serde_json::json!({ "id": id, "rpe": 12.0 }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input", "{err}");
}
