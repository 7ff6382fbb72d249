//! How hard an activity felt: a CR-10 rating (Foster's session RPE). It scores
//! workouts nothing else can (strength, manual entries) and is kept beside the
//! recorded numbers for the coach.

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::ActivityId;

use crate::api;
use crate::state::use_app;

/// Borg CR-10 anchors, as Foster's session-RPE scale words them.
const SCALE: [&str; 11] = [
    "Rest",
    "Very, very easy",
    "Easy",
    "Moderate",
    "Somewhat hard",
    "Hard",
    "",
    "Very hard",
    "",
    "",
    "Maximal",
];

#[component]
pub fn RpePicker(id: ActivityId, current: Option<f64>) -> impl IntoView {
    let app = use_app();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let selected = current.map(|r| r.round() as i64);
    let change = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let rpe = v.parse::<f64>().ok();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::set_activity_rpe(id, rpe).await {
                // New load: the metrics, dashboard and charts read again.
                Ok(_) => app.loads_changed(),
                Err(e) => error.set(Some(format!("Could not save the rating: {e}"))),
            }
            busy.set(false);
        });
    };
    view! {
        <label class="pl-field pl-rpe">
            <span class="pl-field__label">
                <abbr title="Rate of perceived exertion for the whole session, 0–10 (Borg CR-10)">
                    "How hard was it? (RPE)"
                </abbr>
            </span>
            <select
                class="pl-input"
                data-testid="rpe-select"
                disabled=move || busy.get()
                on:change=change
            >
                <option value="" selected=selected.is_none()>
                    "Not rated"
                </option>
                {SCALE
                    .iter()
                    .enumerate()
                    .map(|(i, label)| {
                        let i = i as i64;
                        view! {
                            <option value=i.to_string() selected=selected == Some(i)>
                                {if label.is_empty() { i.to_string() } else { format!("{i} · {label}") }}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <Show when=move || error.with(Option::is_some)>
                <p class="pl-form-error" role="alert">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
        </label>
    }
}
