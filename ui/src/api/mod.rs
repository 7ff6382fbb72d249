//! Every call into the Tauri shell lives here: one typed function per command in
//! [`paceline_types::cmd`] and typed listeners for the events in
//! [`paceline_types::event`] (plus Tauri's own drag-and-drop events). Components never
//! touch `window.__TAURI__` themselves.
//!
//! Command *argument* keys are camelCase (Tauri's default); payloads are the DTOs of
//! `paceline-types`, snake_case on the wire. Errors arrive as a [`WireError`]; anything
//! else the shell (or a missing shell) throws is folded into `ErrorCode::Internal`.

mod activities;
mod athletes;
mod backup;
mod coach;
mod coach_jobs;
mod events;
mod garmin;
/// The logbook, called as `api::logbook::…` (its names are short).
pub mod logbook;
mod people;
mod plans;
mod routes;
mod training;

pub use activities::*;
pub use athletes::*;
pub use backup::*;
pub use coach::*;
pub use coach_jobs::*;
pub use events::*;
pub use garmin::*;
pub use people::*;
pub use plans::*;
pub use routes::*;
pub use training::*;

use std::cell::Cell;

use paceline_types::{AthleteId, ErrorCode, WireError};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::prelude::*;

thread_local! {
    /// The athlete this window shows; every athlete-scoped call names it. Set once at
    /// start (switching athletes reloads the page).
    static ATHLETE: Cell<AthleteId> = const { Cell::new(0) };
}

/// Sets the athlete the window shows.
pub fn set_athlete(id: AthleteId) {
    ATHLETE.with(|a| a.set(id));
}

/// The athlete the window shows.
pub fn athlete() -> AthleteId {
    ATHLETE.with(Cell::get)
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;

    /// Resolves to the unlisten function.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
    pub(crate) async fn tauri_listen(
        event: &str,
        handler: &js_sys::Function,
    ) -> Result<JsValue, JsValue>;
}

// ------------------------------------------------------------------ plumbing

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, WireError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| internal(format!("could not encode the request: {e}")))
}

fn internal(message: String) -> WireError {
    WireError {
        code: ErrorCode::Internal,
        message,
    }
}

/// Turns whatever a rejected promise carried into a [`WireError`].
pub(crate) fn to_wire_error(err: JsValue) -> WireError {
    if let Ok(e) = serde_wasm_bindgen::from_value::<WireError>(err.clone()) {
        return e;
    }
    if let Some(s) = err.as_string() {
        return internal(s);
    }
    if let Some(e) = err.dyn_ref::<js_sys::Error>() {
        return internal(String::from(e.message()));
    }
    let text = js_sys::JSON::stringify(&err)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "unknown error".into());
    internal(text)
}

/// Whether `window.__TAURI__.<area>.<func>` exists. Calling a missing binding would
/// not reject but trap the whole wasm module, so every call checks first.
pub(crate) fn shell_has(area: &str, func: &str) -> bool {
    let get = |obj: &JsValue, key: &str| {
        js_sys::Reflect::get(obj, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    };
    let global: JsValue = js_sys::global().into();
    get(&global, "__TAURI__")
        .and_then(|t| get(&t, area))
        .and_then(|a| get(&a, func))
        .is_some_and(|f| f.is_function())
}

pub(crate) fn shell_missing() -> WireError {
    internal(
        "Paceline's shell is not reachable: this page must run inside the Paceline app \
         (window.__TAURI__ is missing)."
            .into(),
    )
}

pub(crate) async fn call<A, T>(command: &str, args: &A) -> Result<T, WireError>
where
    A: Serialize + ?Sized,
    T: DeserializeOwned,
{
    if !shell_has("core", "invoke") {
        return Err(shell_missing());
    }
    let args = to_js(args)?;
    let value = tauri_invoke(command, args).await.map_err(to_wire_error)?;
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| internal(format!("unexpected reply to `{command}`: {e}")))
}

/// For commands that answer `()`: the reply (`null`) is not decoded.
pub(crate) async fn call_unit<A: Serialize + ?Sized>(
    command: &str,
    args: &A,
) -> Result<(), WireError> {
    if !shell_has("core", "invoke") {
        return Err(shell_missing());
    }
    let args = to_js(args)?;
    tauri_invoke(command, args)
        .await
        .map(|_| ())
        .map_err(to_wire_error)
}
