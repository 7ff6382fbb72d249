//! The watched folders of the settings: their imports refresh the UI and raise a
//! desktop notification ("2 new activities from GARMIN/Activity").

use paceline_types::{event, ImportReport};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::Shell;

/// (Re)starts the watcher on the folders in the settings; none: no watcher.
pub fn restart<R: Runtime>(handle: &AppHandle<R>) {
    let shell = handle.state::<Shell>();
    let mut slot = shell.watcher.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(old) = slot.take() {
        old.stop();
    }
    let Ok(app) = shell.app() else { return };
    let folders: Vec<std::path::PathBuf> = match app.settings() {
        Ok(s) => s.watched_folders.iter().map(Into::into).collect(),
        Err(e) => {
            tracing::warn!(error = %e, "settings unreadable; no folder watched");
            return;
        }
    };
    if folders.is_empty() {
        return;
    }
    let h = handle.clone();
    match paceline_app::watch::watch(app.clone(), folders, true, move |r| announce(&h, &r)) {
        Ok(w) => *slot = Some(w),
        Err(e) => tracing::warn!(error = %e, "folder watcher not started"),
    }
}

fn announce<R: Runtime>(handle: &AppHandle<R>, r: &ImportReport) {
    let _ = handle.emit(event::ACTIVITIES_CHANGED, r);
    if let Some(n) = handle.try_state::<tauri_plugin_notification::Notification<R>>() {
        let title = match r.imported() {
            0 => "Paceline: an import failed".to_string(),
            1 => "Paceline: 1 new activity".to_string(),
            k => format!("Paceline: {k} new activities"),
        };
        if let Err(e) = n.builder().title(title).body(r.headline()).show() {
            tracing::warn!(error = %e, "desktop notification failed");
        }
    }
}
