//! The tray icon: open the window, quit. (Background sync hangs off it later.)

use tauri::menu::{Menu, MenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime};

const TRAY_ICON: &[u8] = include_bytes!("../../icons/tray.png");

/// Installs the tray icon. A desktop without a tray (or a headless session) only
/// loses the icon: the failure is logged, the app runs on.
pub fn install<R: Runtime>(app: &AppHandle<R>) {
    if let Err(e) = try_install(app) {
        tracing::warn!(error = %e, "no tray icon");
    }
}

fn try_install<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, "open", "Open Paceline", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &quit])?;
    TrayIconBuilder::with_id("main")
        .icon(tauri::image::Image::from_bytes(TRAY_ICON)?)
        .tooltip("Paceline")
        .menu(&menu)
        .on_menu_event(|app, e| match e.id().as_ref() {
            "open" => {
                if let Some(w) = app.get_webview_window("main") {
                    let _ = w.show();
                    let _ = w.set_focus();
                }
            }
            "quit" => app.exit(0),
            _ => {}
        })
        .build(app)?;
    Ok(())
}
