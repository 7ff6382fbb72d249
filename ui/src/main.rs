//! Paceline's desktop UI: Leptos (client-side rendered) in the Tauri webview.
//!
//! The views and the shell gateway build for wasm32 only; the pure modules
//! (`format`, `training`, `routes_form`, `garmin_text`, `digest_text`, `coach_text`,
//! `review_text`, `virtual_list`) also build on the host, so `cargo xtask test` runs
//! their unit tests there without a browser and without compiling Leptos twice.

#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod app;
mod coach_text;
#[cfg(target_arch = "wasm32")]
mod components;
mod digest_text;
mod format;
mod garmin_text;
#[cfg(target_arch = "wasm32")]
mod pages;
mod review_text;
mod routes_form;
#[cfg(target_arch = "wasm32")]
mod state;
mod training;
mod virtual_list;

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}

/// On the host the crate exists for its unit tests; the UI itself runs in the
/// desktop app's webview.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("paceline-ui runs in the desktop app's webview: build it with `cargo xtask ui`");
    std::process::exit(2);
}
