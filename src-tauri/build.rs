fn main() {
    // The one config lives at the repository's top level (the product layout).
    tauri_build::try_build(tauri_build::Attributes::new().config_path("../tauri.conf.json"))
        .expect("tauri-build failed: is ui/dist built? run `cargo xtask ui` first");
}
