//! One instance per vault (tauri-plugin-single-instance): a second launch hands its
//! file arguments to the running window, which comes to the front and imports them
//! like a drop, then the second process exits. The instance is keyed on the data
//! folder, so two vaults (a test's, a second profile's) may run side by side.

use std::path::{Path, PathBuf};

use paceline_types::{JobId, WireError};
use tauri::{AppHandle, Manager, Runtime};

use crate::args::Args;
use crate::Shell;

/// The plugin, with the running instance's answer to a second launch.
pub fn plugin<R: Runtime>(identifier: &str, data_dir: &Path) -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(instance_id(identifier, data_dir))
        .callback(|app, argv, cwd| second_launch(app, &argv, Path::new(&cwd)))
        .build()
}

/// `app.paceline.desktop.v<hash of the data folder>`: a valid D-Bus name (its last
/// element starts with a letter).
pub fn instance_id(identifier: &str, data_dir: &Path) -> String {
    let dir = data_dir
        .canonicalize()
        .unwrap_or_else(|_| data_dir.to_path_buf());
    // FNV-1a: stable across builds, unlike std's hasher
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in dir.to_string_lossy().bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{identifier}.v{h:016x}")
}

fn second_launch<R: Runtime>(app: &AppHandle<R>, argv: &[String], cwd: &Path) {
    crate::tray::show_main(app);
    let files = match Args::parse(argv.iter().skip(1).cloned()) {
        Ok(a) => absolute(a.files, cwd),
        Err(e) => {
            tracing::warn!(error = %e, "second launch: arguments ignored");
            return;
        }
    };
    tracing::info!(files = files.len(), "second launch");
    if let Some(Err(e)) = import_files(app, files) {
        tracing::error!(error = %e.message, "second launch: import not started");
    }
}

/// Relative paths of a second launch are relative to its own working directory.
pub fn absolute(files: Vec<PathBuf>, cwd: &Path) -> Vec<PathBuf> {
    files
        .into_iter()
        .map(|f| if f.is_absolute() { f } else { cwd.join(f) })
        .collect()
}

/// Imports files for the athlete shown, as a drop does; `None` when there are none.
pub fn import_files<R: Runtime>(
    app: &AppHandle<R>,
    files: Vec<PathBuf>,
) -> Option<Result<JobId, WireError>> {
    if files.is_empty() {
        return None;
    }
    let shell = app.state::<Shell>();
    Some(shell.app().and_then(|core| {
        let athlete = core.current_athlete()?;
        Ok(core.start_import(athlete, files)?)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_instance_is_the_vaults() {
        let a = instance_id("app.paceline.desktop", Path::new("/nonexistent/a"));
        let b = instance_id("app.paceline.desktop", Path::new("/nonexistent/b"));
        assert_ne!(a, b);
        assert_eq!(
            a,
            instance_id("app.paceline.desktop", Path::new("/nonexistent/a"))
        );
        assert!(a.starts_with("app.paceline.desktop.v"));
        assert_eq!(a.len(), "app.paceline.desktop.v".len() + 16);
    }

    #[test]
    fn relative_files_follow_the_second_launchs_folder() {
        let got = absolute(
            vec!["ride.fit".into(), "/abs/run.fit".into()],
            Path::new("/home/x"),
        );
        assert_eq!(
            got,
            vec![
                PathBuf::from("/home/x/ride.fit"),
                PathBuf::from("/abs/run.fit")
            ]
        );
    }
}
