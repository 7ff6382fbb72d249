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

/// Refuses a data folder Paceline cannot write to (a read-only mount, a folder
/// without write permission) at start, with a message that says so, instead of
/// SQLite's "attempt to write a readonly database" on the first write. Other errors
/// (a full disk) are left to the store, which can still open the vault to read.
pub fn ensure_writable(dir: &std::path::Path) -> crate::Result<()> {
    use std::io::ErrorKind;
    let refuse = |e: std::io::Error| {
        crate::AppError::InvalidInput(format!(
            "{} is read-only ({e}): Paceline keeps its vault there and must be able to write \
             to it; make the folder writable or choose another (--data-dir or {DATA_DIR_ENV})",
            dir.display()
        ))
    };
    let read_only = |e: &std::io::Error| {
        matches!(
            e.kind(),
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
        )
    };
    match std::fs::create_dir_all(dir) {
        Err(e) if read_only(&e) => return Err(refuse(e)),
        _ => {}
    }
    let probe = dir.join(format!(".write-test-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) if read_only(&e) => Err(refuse(e)),
        Err(_) => Ok(()),
    }
}
