//! The tray icon: Sync now, the last sync (a disabled line, refreshed when a sync
//! ends), Open Paceline, Pause/Resume the scheduled syncs, Quit. With the tray
//! installed, closing the window only hides it (Quit exits); without one, closing
//! the window quits as before.

use paceline_app::App;
use paceline_types::date::format_date_time;
use paceline_types::GarminSyncLogEntry;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime};

use crate::Shell;

const TRAY_ICON: &[u8] = include_bytes!("../../icons/tray.png");

/// Managed once the tray is up: its two changing lines.
pub struct Tray<R: Runtime> {
    last: MenuItem<R>,
    pause: MenuItem<R>,
}

/// Whether the tray is installed (then closing the window hides it).
pub fn installed<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.try_state::<Tray<R>>().is_some()
}

/// Installs the tray icon. A desktop without a tray (or a headless session) only
/// loses the icon: the failure is logged, the app runs on.
pub fn install<R: Runtime>(app: &AppHandle<R>) {
    match try_install(app) {
        Ok(tray) => {
            app.manage(tray);
            refresh(app);
        }
        Err(e) => tracing::warn!(error = %e, "no tray icon"),
    }
}

fn try_install<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Tray<R>> {
    let sync = MenuItem::with_id(app, "sync", "Sync now", true, None::<&str>)?;
    let last = MenuItem::with_id(app, "last", "No sync yet", false, None::<&str>)?;
    let open = MenuItem::with_id(app, "open", "Open Paceline", true, None::<&str>)?;
    let pause = MenuItem::with_id(app, "pause", "Pause sync", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
    let sep = PredefinedMenuItem::separator(app)?;
    let sep2 = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(app, &[&sync, &last, &sep, &open, &pause, &sep2, &quit])?;
    TrayIconBuilder::with_id("main")
        .icon(tauri::image::Image::from_bytes(TRAY_ICON)?)
        .tooltip("Paceline")
        .menu(&menu)
        .on_menu_event(|app, e| match e.id().as_ref() {
            "sync" => sync_all(app),
            "open" => show_main(app),
            "pause" => toggle_pause(app),
            "quit" => app.exit(0),
            _ => {}
        })
        .build(app)?;
    Ok(Tray { last, pause })
}

/// Shows, unminimizes and focuses the main window.
pub fn show_main<R: Runtime>(app: &AppHandle<R>) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.show();
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
}

fn core<R: Runtime>(app: &AppHandle<R>) -> Option<std::sync::Arc<App>> {
    app.try_state::<Shell>()?.app().ok().cloned()
}

/// Starts a sync for every connected athlete (each its own job; one already running
/// is left alone).
fn sync_all<R: Runtime>(app: &AppHandle<R>) {
    let Some(core) = core(app) else { return };
    // off the menu's (main) thread: the vault is read for the athletes
    std::thread::spawn(move || {
        let athletes = core.garmin_connected_athletes().unwrap_or_default();
        if athletes.is_empty() {
            tracing::info!("tray sync: no athlete is connected to Garmin");
        }
        for a in athletes {
            let opts = paceline_app::GarminSyncOptions::default();
            if let Err(e) = core.start_garmin_sync(a, opts) {
                tracing::info!(athlete = a, error = %e, "tray sync not started");
            }
        }
    });
}

fn toggle_pause<R: Runtime>(app: &AppHandle<R>) {
    let Some(core) = core(app) else { return };
    let handle = app.clone();
    std::thread::spawn(move || {
        let paused = core.garmin_paused().unwrap_or(false);
        if let Err(e) = core.set_garmin_paused(!paused) {
            tracing::warn!(error = %e, "Garmin sync pause not changed");
        }
        refresh(&handle);
    });
}

/// Rewrites the tray's last-sync line and its pause item from the vault.
pub fn refresh<R: Runtime>(app: &AppHandle<R>) {
    let (Some(tray), Some(core)) = (app.try_state::<Tray<R>>(), core(app)) else {
        return;
    };
    let line = match core.garmin_last_sync_any() {
        Ok(Some((athlete, e))) => {
            let offset = core.athlete_utc_offset(athlete, e.started_utc).unwrap_or(0);
            last_sync_text(&e, &format_date_time(e.started_utc, offset))
        }
        Ok(None) => "No sync yet".to_string(),
        Err(e) => {
            tracing::warn!(error = %e, "last Garmin sync unreadable");
            return;
        }
    };
    let paused = core.garmin_paused().unwrap_or(false);
    let _ = tray.last.set_text(line);
    let _ = tray
        .pause
        .set_text(if paused { "Resume sync" } else { "Pause sync" });
}

/// The tray's line for a sync: `Last sync 2026-12-05 14:05 · 3 new activities`.
pub fn last_sync_text(e: &GarminSyncLogEntry, when: &str) -> String {
    let what = match e.outcome.as_str() {
        "failed" => format!(
            "failed: {}",
            short(e.error.as_deref().unwrap_or("unknown error"))
        ),
        "running" => "running".to_string(),
        "cancelled" => "stopped".to_string(),
        _ => match e.new_activities {
            0 => "nothing new".to_string(),
            1 => "1 new activity".to_string(),
            n => format!("{n} new activities"),
        },
    };
    format!("Last sync {when} · {what}")
}

/// A menu line stays short: the first 60 characters.
fn short(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(outcome: &str, new: u32, error: Option<&str>) -> GarminSyncLogEntry {
        GarminSyncLogEntry {
            started_utc: 0,
            finished_utc: Some(1),
            requests: 4,
            new_activities: new,
            new_days: 0,
            outcome: outcome.into(),
            error: error.map(str::to_string),
        }
    }

    #[test]
    fn the_last_sync_line_says_what_happened() {
        let w = "2026-12-05 14:05";
        assert_eq!(
            last_sync_text(&entry("done", 3, None), w),
            "Last sync 2026-12-05 14:05 · 3 new activities"
        );
        assert!(last_sync_text(&entry("done", 1, None), w).ends_with("1 new activity"));
        assert!(last_sync_text(&entry("done", 0, None), w).ends_with("nothing new"));
        let long = "x".repeat(100);
        let failed = last_sync_text(&entry("failed", 0, Some(&long)), w);
        assert!(failed.contains("failed: xxx"));
        assert!(failed.ends_with('…'));
        assert_eq!(failed.chars().filter(|c| *c == 'x').count(), 60);
        assert!(last_sync_text(&entry("cancelled", 0, None), w).ends_with("stopped"));
    }
}
