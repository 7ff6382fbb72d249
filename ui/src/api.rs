//! Every call into the Tauri shell lives here: one typed function per command in
//! [`paceline_types::cmd`] and typed listeners for the events in
//! [`paceline_types::event`] (plus Tauri's own drag-and-drop events). Components never
//! touch `window.__TAURI__` themselves.
//!
//! Command *argument* keys are camelCase (Tauri's default); payloads are the DTOs of
//! `paceline-types`, snake_case on the wire. Errors arrive as a [`WireError`]; anything
//! else the shell (or a missing shell) throws is folded into `ErrorCode::Internal`.

use paceline_types::{
    cmd, event, ActivityDetail, ActivityId, ActivityMetrics, ActivitySummary, AppInfo,
    AthleteProfile, Chart, ChartRequest, Dashboard, ErrorCode, ImportProgress, ImportReport,
    LoadChartRequest, Settings, Threshold, ThresholdId, Thresholds, WatchedFolder, WireError,
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;

    /// Resolves to the unlisten function.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
    async fn tauri_listen(event: &str, handler: &js_sys::Function) -> Result<JsValue, JsValue>;
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
fn to_wire_error(err: JsValue) -> WireError {
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
fn shell_has(area: &str, func: &str) -> bool {
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

fn shell_missing() -> WireError {
    internal(
        "Paceline's shell is not reachable: this page must run inside the Paceline app \
         (window.__TAURI__ is missing)."
            .into(),
    )
}

async fn call<A, T>(command: &str, args: &A) -> Result<T, WireError>
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
async fn call_unit<A: Serialize + ?Sized>(command: &str, args: &A) -> Result<(), WireError> {
    if !shell_has("core", "invoke") {
        return Err(shell_missing());
    }
    let args = to_js(args)?;
    tauri_invoke(command, args)
        .await
        .map(|_| ())
        .map_err(to_wire_error)
}

#[derive(Serialize)]
struct NoArgs {}

// ------------------------------------------------------------------ commands

pub async fn app_info() -> Result<AppInfo, WireError> {
    call(cmd::APP_INFO, &NoArgs {}).await
}

pub async fn list_activities() -> Result<Vec<ActivitySummary>, WireError> {
    call(cmd::LIST_ACTIVITIES, &NoArgs {}).await
}

pub async fn get_activity(id: ActivityId) -> Result<ActivityDetail, WireError> {
    #[derive(Serialize)]
    struct Args {
        id: ActivityId,
    }
    call(cmd::GET_ACTIVITY, &Args { id }).await
}

pub async fn activity_chart(req: &ChartRequest) -> Result<Chart, WireError> {
    #[derive(Serialize)]
    struct Args<'a> {
        req: &'a ChartRequest,
    }
    call(cmd::ACTIVITY_CHART, &Args { req }).await
}

/// Imports files by path. Not used by the UI yet (drops are imported by the shell
/// natively), kept so every command has exactly one typed entry point.
#[allow(dead_code)]
pub async fn import_files(paths: &[String]) -> Result<ImportReport, WireError> {
    #[derive(Serialize)]
    struct Args<'a> {
        paths: &'a [String],
    }
    call(cmd::IMPORT_FILES, &Args { paths }).await
}

pub async fn get_settings() -> Result<Settings, WireError> {
    call(cmd::GET_SETTINGS, &NoArgs {}).await
}

pub async fn set_settings(settings: &Settings) -> Result<(), WireError> {
    #[derive(Serialize)]
    struct Args<'a> {
        settings: &'a Settings,
    }
    call_unit(cmd::SET_SETTINGS, &Args { settings }).await
}

pub async fn dashboard() -> Result<Dashboard, WireError> {
    call(cmd::DASHBOARD, &NoArgs {}).await
}

pub async fn activity_metrics(id: ActivityId) -> Result<ActivityMetrics, WireError> {
    #[derive(Serialize)]
    struct Args {
        id: ActivityId,
    }
    call(cmd::ACTIVITY_METRICS, &Args { id }).await
}

pub async fn load_chart(req: &LoadChartRequest) -> Result<Chart, WireError> {
    #[derive(Serialize)]
    struct Args<'a> {
        req: &'a LoadChartRequest,
    }
    call(cmd::LOAD_CHART, &Args { req }).await
}

pub async fn get_thresholds() -> Result<Thresholds, WireError> {
    call(cmd::GET_THRESHOLDS, &NoArgs {}).await
}

/// Adds or replaces (same sport, kind and first day) one dated threshold.
pub async fn set_threshold(threshold: &Threshold) -> Result<(), WireError> {
    #[derive(Serialize)]
    struct Args<'a> {
        threshold: &'a Threshold,
    }
    call_unit(cmd::SET_THRESHOLD, &Args { threshold }).await
}

pub async fn get_profile() -> Result<AthleteProfile, WireError> {
    call(cmd::GET_PROFILE, &NoArgs {}).await
}

pub async fn set_profile(profile: &AthleteProfile) -> Result<(), WireError> {
    #[derive(Serialize)]
    struct Args<'a> {
        profile: &'a AthleteProfile,
    }
    call_unit(cmd::SET_PROFILE, &Args { profile }).await
}

/// Rates an activity (CR-10; `None` clears the rating); returns its new metrics.
pub async fn set_activity_rpe(
    id: ActivityId,
    rpe: Option<f64>,
) -> Result<ActivityMetrics, WireError> {
    #[derive(Serialize)]
    struct Args {
        id: ActivityId,
        rpe: Option<f64>,
    }
    call(cmd::SET_ACTIVITY_RPE, &Args { id, rpe }).await
}

/// Removes one dated threshold (the previous value of its kind and sport applies
/// again from that day).
pub async fn delete_threshold(id: ThresholdId) -> Result<(), WireError> {
    #[derive(Serialize)]
    struct Args {
        id: ThresholdId,
    }
    call_unit(cmd::DELETE_THRESHOLD, &Args { id }).await
}

/// Stops a running import from starting new files (what is stored stays whole).
pub async fn cancel_import() -> Result<(), WireError> {
    call_unit(cmd::CANCEL_IMPORT, &NoArgs {}).await
}

pub async fn watched_folders() -> Result<Vec<WatchedFolder>, WireError> {
    call(cmd::WATCHED_FOLDERS, &NoArgs {}).await
}

// ------------------------------------------------------------------ events

/// A live event subscription. Call [`Listener::unlisten`] to stop it; dropping it
/// without doing so keeps the listener alive for the rest of the page's life.
pub struct Listener {
    unlisten: Option<js_sys::Function>,
    // Keeps the Rust callback alive as long as the JS side may call it.
    _closure: Closure<dyn FnMut(JsValue)>,
}

impl Listener {
    pub fn unlisten(self) {
        if let Some(f) = &self.unlisten {
            let _ = f.call0(&JsValue::NULL);
        }
    }
}

#[derive(Deserialize)]
struct EventEnvelope<T> {
    payload: T,
}

/// Subscribes to a shell event whose payload deserialises to `T`. A payload that does
/// not parse is reported to the console and skipped.
pub async fn listen<T, F>(name: &str, mut handler: F) -> Result<Listener, WireError>
where
    T: DeserializeOwned + 'static,
    F: FnMut(T) + 'static,
{
    if !shell_has("event", "listen") {
        return Err(shell_missing());
    }
    let event_name = name.to_string();
    let closure =
        Closure::<dyn FnMut(JsValue)>::new(
            move |raw: JsValue| match serde_wasm_bindgen::from_value::<EventEnvelope<T>>(raw) {
                Ok(env) => handler(env.payload),
                Err(e) => web_sys::console::warn_1(
                    &format!("paceline: ignored `{event_name}` event with unexpected payload: {e}")
                        .into(),
                ),
            },
        );
    let unlisten = tauri_listen(name, closure.as_ref().unchecked_ref())
        .await
        .map_err(to_wire_error)?;
    Ok(Listener {
        unlisten: unlisten.dyn_into::<js_sys::Function>().ok(),
        _closure: closure,
    })
}

pub async fn on_activities_changed(
    handler: impl FnMut(ImportReport) + 'static,
) -> Result<Listener, WireError> {
    listen(event::ACTIVITIES_CHANGED, handler).await
}

pub async fn on_import_progress(
    handler: impl FnMut(ImportProgress) + 'static,
) -> Result<Listener, WireError> {
    listen(event::IMPORT_PROGRESS, handler).await
}

pub async fn on_import_started(handler: impl FnMut(u32) + 'static) -> Result<Listener, WireError> {
    listen(event::IMPORT_STARTED, handler).await
}

/// Tauri's native drag-and-drop events (window-level).
pub mod drag {
    pub const ENTER: &str = "tauri://drag-enter";
    pub const LEAVE: &str = "tauri://drag-leave";
    pub const DROP: &str = "tauri://drag-drop";
}

/// Payload of `tauri://drag-enter` (and `drag-drop`); `drag-leave` has none.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DragPayload {
    #[serde(default)]
    pub paths: Vec<String>,
}

/// What a drag did, folded into one callback.
#[derive(Debug, Clone)]
pub enum DragEvent {
    Enter(Vec<String>),
    Leave,
    /// The shell imports dropped files itself and announces them with `import-started`.
    Drop,
}

pub async fn on_drag(
    handler: impl Fn(DragEvent) + Clone + 'static,
) -> Result<Vec<Listener>, WireError> {
    let h = handler.clone();
    let enter = listen(drag::ENTER, move |p: Option<DragPayload>| {
        h(DragEvent::Enter(p.unwrap_or_default().paths))
    })
    .await?;
    let h = handler.clone();
    let leave = listen(drag::LEAVE, move |_: Option<serde::de::IgnoredAny>| {
        h(DragEvent::Leave)
    })
    .await?;
    let drop = listen(drag::DROP, move |_: Option<serde::de::IgnoredAny>| {
        handler(DragEvent::Drop)
    })
    .await?;
    Ok(vec![enter, leave, drop])
}
