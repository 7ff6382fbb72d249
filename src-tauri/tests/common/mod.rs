//! What the shell's integration tests share: a mock app over a fresh vault, its job
//! events, and invoking a command as the window does.

#![allow(dead_code)] // each test binary uses its own part

use std::sync::mpsc;

use paceline_app::{App, Config};
use paceline_desktop::{builder, Shell};
use paceline_types::{event, JobEvent};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_context, noop_assets, MockRuntime};
use tauri::webview::InvokeRequest;
use tauri::{Listener, Manager};

/// The first athlete of a fresh vault.
pub const ATHLETE: i64 = 1;

pub fn shell(dir: &std::path::Path) -> Shell {
    let cfg = Config {
        data_dir: dir.to_path_buf(),
        keys: paceline_app::KeyOptions::with_passphrase("shell-test"),
    };
    Shell::new(App::open(&cfg).map_err(Into::into))
}

pub fn mock_app(dir: &std::path::Path) -> tauri::App<MockRuntime> {
    let app = builder::<MockRuntime>(shell(dir))
        .build(mock_context(noop_assets()))
        .expect("mock app builds");
    paceline_desktop::events::forward(app.handle(), &core(&app));
    app
}

/// A window of the mock app labelled `label` (`main` is the app's own window).
pub fn window(app: &tauri::App<MockRuntime>, label: &str) -> tauri::WebviewWindow<MockRuntime> {
    tauri::WebviewWindowBuilder::new(app, label, Default::default())
        .build()
        .unwrap()
}

pub fn core(app: &tauri::App<MockRuntime>) -> std::sync::Arc<App> {
    app.state::<Shell>().app().expect("vault open").clone()
}

/// Every `job` event the shell emits, parsed.
pub fn job_events(app: &tauri::App<MockRuntime>) -> mpsc::Receiver<JobEvent> {
    let (tx, rx) = mpsc::channel();
    app.handle().listen_any(event::JOB, move |e| {
        let _ = tx.send(serde_json::from_str(e.payload()).unwrap());
    });
    rx
}

pub fn invoke(
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
