//! The desktop itself: start at login (tauri-plugin-autostart, driven from Rust only;
//! the window has no permission to call the plugin directly). Off by default.

use paceline_types::{ErrorCode, WireError};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_autostart::AutoLaunchManager;

use super::Reply;

fn unavailable(message: String) -> WireError {
    WireError {
        code: ErrorCode::Internal,
        message,
    }
}

fn manager<R: Runtime>(handle: &AppHandle<R>) -> Reply<tauri::State<'_, AutoLaunchManager>> {
    handle
        .try_state::<AutoLaunchManager>()
        .ok_or_else(|| unavailable("starting at login is not available here".into()))
}

#[tauri::command(async)]
pub fn autostart<R: Runtime>(handle: AppHandle<R>) -> Reply<bool> {
    manager(&handle)?
        .is_enabled()
        .map_err(|e| unavailable(format!("start at login: {e}")))
}

#[tauri::command(async)]
#[tracing::instrument(skip(handle), err(Debug))]
pub fn set_autostart<R: Runtime>(handle: AppHandle<R>, enabled: bool) -> Reply<bool> {
    let m = manager(&handle)?;
    let done = if enabled { m.enable() } else { m.disable() };
    done.map_err(|e| unavailable(format!("start at login: {e}")))?;
    m.is_enabled()
        .map_err(|e| unavailable(format!("start at login: {e}")))
}
