//! Where Paceline keeps its data.

use std::path::PathBuf;

pub const DATA_DIR_ENV: &str = "PACELINE_DATA_DIR";

/// `explicit` (a `--data-dir` flag) wins, then `PACELINE_DATA_DIR`, then the OS's
/// app-data folder (e.g. `~/.local/share/paceline` on Linux).
pub fn data_dir(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| {
            std::env::var_os(DATA_DIR_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .or_else(|| {
            directories::ProjectDirs::from("app", "Paceline", "Paceline")
                .map(|d| d.data_dir().to_path_buf())
        })
        .unwrap_or_else(|| PathBuf::from(".paceline"))
}
