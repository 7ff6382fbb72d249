//! Shell events: job events and Tauri's own drag-and-drop events.

use paceline_types::{event, JobEvent, WireError};
use serde::{de::DeserializeOwned, Deserialize};
use wasm_bindgen::prelude::*;

use super::{shell_has, shell_missing, tauri_listen, to_wire_error};

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

/// Every job event: starts, progress, ends (imports, the watcher, the demo…).
pub async fn on_job(handler: impl FnMut(JobEvent) + 'static) -> Result<Listener, WireError> {
    listen(event::JOB, handler).await
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
    /// The shell imports dropped files itself as a job and reports it with `job` events.
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
