//! Paceline's desktop UI: Leptos (client-side rendered) in the Tauri webview.

mod api;
mod app;
mod components;
mod format;
mod pages;
mod state;
mod training;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
