//! Builds the Tauri context. The app's commands get per-command ACL permissions
//! (`allow-<command>`), named from the one command table in `paceline-types`, so a
//! command exists for the window only once `capabilities/default.json` grants it (a
//! test checks that file against the table and the UI's calls).

fn main() {
    let names: Vec<&'static str> = paceline_types::commands()
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    // tauri-build wants a `'static` list; the build script ends right after.
    let names: &'static [&'static str] = Box::leak(names.into_boxed_slice());
    let attrs = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        // The icons sit beside the config at the top level, not in src-tauri/.
        .windows_attributes(
            tauri_build::WindowsAttributes::new().window_icon_path("../icons/icon.ico"),
        )
        .app_manifest(tauri_build::AppManifest::new().commands(names));
    println!("cargo:rerun-if-changed=capabilities");
    tauri_build::try_build(attrs)
        .expect("tauri-build failed: is ui/dist built? run `cargo xtask ui` first");
}
