use paceline_app::{App, Config};
use paceline_store::KeyOptions;

/// A fresh passphrase-protected vault in a temporary folder.
pub fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let cfg = Config {
        data_dir: dir.path().to_path_buf(),
        keys: KeyOptions::with_passphrase("test"),
    };
    let app = App::open(&cfg).unwrap();
    (dir, app)
}
