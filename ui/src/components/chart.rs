//! Charts drawn by the shell: an SVG rendered for the container's width and the OS
//! colour scheme (and the unit system, for activity charts). Re-requested when any of
//! those change, when the chart asked for changes (e.g. a range toggle), and, for load
//! charts, when loads change ([`crate::state::AppState::data_rev`]).

use std::cell::Cell;
use std::rc::Rc;

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::{
    ActivityId, ChartRequest, LoadChartKind, LoadChartRequest, RouteChartKind, Theme,
};
use wasm_bindgen::prelude::*;

use crate::api;
use crate::state::use_app;

/// Waits this long after the last resize before asking for a new chart.
const DEBOUNCE_MS: u64 = 150;

/// The resize observer and the callback it calls (kept alive while observing).
type Observer = (web_sys::ResizeObserver, Closure<dyn Fn()>);

/// Which chart to ask the shell for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartSource {
    /// `activity_chart`: the streams of one activity, against distance when `true`.
    Activity(ActivityId, bool),
    /// `load_chart`: PMC, weekly load, power curve, or an activity's time in zone.
    Load(LoadChartKind, Option<ActivityId>),
    /// `route_chart`: a route's profile or outline; the `u32` changes when its
    /// sections do (an edit redraws it).
    Route(i64, RouteChartKind, u32),
}

/// The activity page's stream chart; `by_distance` picks the x axis.
#[component]
pub fn ActivityChart(id: ActivityId, #[prop(into)] by_distance: Signal<bool>) -> impl IntoView {
    let source = Signal::derive(move || ChartSource::Activity(id, by_distance.get()));
    let label = Signal::derive(move || {
        format!(
            "Activity streams against {}",
            if by_distance.get() {
                "distance"
            } else {
                "time"
            }
        )
    });
    view! { <ShellChart source=source height=340 testid="activity-chart" label=label /> }
}

/// Any chart the shell draws. `testid` goes on the element that holds the `<svg>`.
#[component]
pub fn ShellChart(
    #[prop(into)] source: Signal<ChartSource>,
    height: u32,
    testid: &'static str,
    /// What the chart shows, for screen readers.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
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

    // Request a chart for the current (source, width, theme, …); newest request wins.
    // Only a width change is debounced (a resize sends many); the rest draw at once.
    let generation = Rc::new(Cell::new(0u64));
    Effect::new(move |prev_width: Option<u32>| {
        let w = width.get();
        if w == 0 {
            return w;
        }
        let theme = if app.prefers_dark.get() {
            Theme::Dark
        } else {
            Theme::Light
        };
        let request = match source.get() {
            ChartSource::Activity(id, by_distance) => Request::Activity(ChartRequest {
                id,
                theme,
                units: app.units(),
                width: w,
                height,
                zones: true,
                laps: true,
                by_distance,
            }),
            ChartSource::Route(id, kind, _) => Request::Route {
                id,
                kind,
                theme,
                width: w,
                height,
            },
            ChartSource::Load(kind, activity_id) => {
                app.data_rev.track();
                Request::Load(LoadChartRequest {
                    kind,
                    activity_id,
                    theme,
                    width: w,
                    height,
                })
            }
        };
        let gen = generation.get() + 1;
        generation.set(gen);
        let generation = generation.clone();
        let debounce = svg.with_untracked(Option::is_some) && prev_width.is_some_and(|p| p != w);
        loading.set(true);
        spawn_local(async move {
            if debounce {
                sleep_ms(DEBOUNCE_MS).await;
                if generation.get() != gen {
                    return;
                }
            }
            let result = match &request {
                Request::Activity(r) => api::activity_chart(r).await,
                Request::Load(r) => api::load_chart(r).await,
                Request::Route {
                    id,
                    kind,
                    theme,
                    width,
                    height,
                } => api::route_chart(*id, *kind, *theme, *width, *height).await,
            };
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
        w
    });

    view! {
        <figure class="pl-chart" aria-busy=move || loading.get().to_string()>
            <div
                class="pl-chart__canvas"
                node_ref=container
                data-testid=testid
                role="img"
                aria-label=move || label.get()
                style=format!("min-height: {height}px")
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

enum Request {
    Activity(ChartRequest),
    Load(LoadChartRequest),
    Route {
        id: i64,
        kind: RouteChartKind,
        theme: Theme,
        width: u32,
        height: u32,
    },
}

/// Resolves after `ms` milliseconds.
async fn sleep_ms(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
