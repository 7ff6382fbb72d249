//! The desktop shell: the only crate that knows Tauri.
//!
//! It owns the window, the tray, the drag-and-drop handler and the command table;
//! every command is a line or two over `paceline-app`. `builder` is generic over the
//! runtime so the tests can drive the very same table on Tauri's mock runtime.

pub mod args;
mod commands;
pub mod drop;
mod tray;
pub mod watch;

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use paceline_app::App;
use paceline_types::WireError;
use tauri::{Manager, Runtime};

/// Managed state: the opened vault, or why it could not be opened (the UI shows
/// the reason instead of a window that silently fails).
pub struct Shell {
    core: Result<Arc<App>, WireError>,
    /// Set by `cancel_import`; every running import checks it between files.
    cancel: Arc<AtomicBool>,
    /// The folder watcher for the folders in the settings, when there are any.
    watcher: Mutex<Option<paceline_app::watch::FolderWatch>>,
}

impl Shell {
    pub fn new(core: Result<App, WireError>) -> Self {
        Shell {
            core: core.map(Arc::new),
            cancel: Arc::new(AtomicBool::new(false)),
            watcher: Mutex::new(None),
        }
    }

    pub fn app(&self) -> Result<&Arc<App>, WireError> {
        self.core.as_ref().map_err(Clone::clone)
    }
}

/// The builder with state, commands and window events wired; `run` adds the rest.
pub fn builder<R: Runtime>(shell: Shell) -> tauri::Builder<R> {
    tauri::Builder::<R>::new()
        .manage(shell)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::list_activities,
            commands::get_activity,
            commands::activity_chart,
            commands::import_files,
            commands::get_settings,
            commands::set_settings,
            commands::dashboard,
            commands::activity_metrics,
            commands::load_chart,
            commands::get_thresholds,
            commands::set_threshold,
            commands::delete_threshold,
            commands::cancel_import,
            commands::reprocess,
            commands::watched_folders,
            commands::get_profile,
            commands::set_profile,
            commands::set_activity_rpe,
        ])
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(e) = event {
                drop::handle_drag_drop(window.app_handle(), e);
            }
        })
}

/// Starts the desktop app. Returns when the last window closes.
pub fn run(args: args::Args) {
    let cfg = paceline_app::Config::from_env(args.data_dir.clone());
    let _log = paceline_app::logging::init(&cfg.data_dir, args.verbose);
    let core = App::open(&cfg).map_err(|e| {
        tracing::error!(error = %e, "vault could not be opened");
        WireError::from(e)
    });
    let demo = args.demo;
    builder::<tauri::Wry>(Shell::new(core))
        .plugin(tauri_plugin_notification::init())
        .setup(move |app| {
            tray::install(app.handle());
            watch::restart(app.handle());
            if demo {
                drop::seed_demo_in_background(app.handle().clone());
            }
            Ok(())
        })
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("the desktop shell failed to start");
}
