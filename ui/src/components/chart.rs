//! The activity chart: an SVG rendered by the shell for the container's width, the
//! OS colour scheme and the unit system. Re-requested when any of those change.

use std::cell::Cell;
use std::rc::Rc;

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::{ActivityId, ChartRequest, Theme};
use wasm_bindgen::prelude::*;

use crate::api;
use crate::state::use_app;

const HEIGHT: u32 = 340;
/// Waits this long after the last resize before asking for a new chart.
const DEBOUNCE_MS: u64 = 150;

/// The resize observer and the callback it calls (kept alive while observing).
type Observer = (web_sys::ResizeObserver, Closure<dyn Fn()>);

#[component]
pub fn ActivityChart(id: ActivityId) -> impl IntoView {
    let app = use_app();
    let container = NodeRef::<html::Div>::new();
    let width = RwSignal::new(0u32);
    let svg = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);

    // Follow the container's width.
    let observer: StoredValue<Option<Observer>, LocalStorage> = StoredValue::new_local(None);
    container.on_load(move |el| {
        let el2 = el.clone();
        let measure = move || {
            let w = el2.client_width().max(0) as u32;
            if w > 0 && w != width.get_untracked() {
                width.set(w);
            }
        };
        measure();
        let cb = Closure::<dyn Fn()>::new(measure);
        if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
            ro.observe(&el);
            observer.set_value(Some((ro, cb)));
        }
    });
    on_cleanup(move || {
        if let Some(Some((ro, _cb))) = observer.try_update_value(Option::take) {
            ro.disconnect();
        }
    });

    // Request a chart for the current (width, theme, units); newest request wins.
    let generation = Rc::new(Cell::new(0u64));
    Effect::new(move |_| {
        let w = width.get();
        if w == 0 {
            return;
        }
        let req = ChartRequest {
            id,
            theme: if app.prefers_dark.get() {
                Theme::Dark
            } else {
                Theme::Light
            },
            units: app.units(),
            width: w,
            height: HEIGHT,
        };
        let gen = generation.get() + 1;
        generation.set(gen);
        let generation = generation.clone();
        let first = svg.with_untracked(Option::is_none);
        loading.set(true);
        spawn_local(async move {
            // Debounce resizes, but draw the first chart at once.
            if !first {
                gloo_sleep(DEBOUNCE_MS).await;
                if generation.get() != gen {
                    return;
                }
            }
            let result = api::activity_chart(&req).await;
            if generation.get() != gen {
                return;
            }
            loading.set(false);
            match result {
                Ok(chart) => {
                    error.set(None);
                    svg.set(Some(chart.svg));
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    });

    view! {
        <figure class="pl-chart" aria-busy=move || loading.get().to_string()>
            <div
                class="pl-chart__canvas"
                node_ref=container
                data-testid="activity-chart"
                role="img"
                aria-label="Activity chart"
                style=format!("min-height: {HEIGHT}px")
                inner_html=move || svg.get().unwrap_or_default()
            ></div>
            <Show when=move || svg.with(Option::is_none) && error.with(Option::is_none)>
                <div class="pl-chart__placeholder" role="status">
                    <span class="pl-status__spinner" aria-hidden="true"></span>
                    "Drawing chart…"
                </div>
            </Show>
            <Show when=move || error.with(Option::is_some)>
                <p class="pl-chart__error" role="alert">
                    "The chart could not be drawn: "
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
        </figure>
    }
}

/// Resolves after `ms` milliseconds.
async fn gloo_sleep(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
