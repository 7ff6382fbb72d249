//! "Save as route" on an activity page: its GPS line becomes a route of the library
//! (the app says so plainly when the activity has none).

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::ActivityId;

use crate::api;

#[component]
pub fn SaveAsRoute(id: ActivityId) -> impl IntoView {
    let result = RwSignal::new(None::<Result<i64, String>>);
    let busy = RwSignal::new(false);
    let save = move |_| {
        busy.set(true);
        spawn_local(async move {
            let r = api::save_activity_as_route(id).await;
            result.set(Some(r.map_err(|e| e.message)));
            busy.set(false);
        });
    };
    view! {
        <div class="pl-activity__actions">
            <button type="button" class="pl-button" data-testid="save-as-route"
                disabled=move || busy.get() on:click=save>
                "Save as route"
            </button>
            {move || result.get().map(|r| match r {
                Ok(_) => view! {
                    <span class="pl-card__meta" data-testid="save-as-route-result">
                        "Saved to your routes. " <a class="pl-link" href="/routes">"Open Routes"</a>
                    </span>
                }
                .into_any(),
                Err(m) => view! {
                    <span class="pl-form-error" role="alert" data-testid="save-as-route-result">{m}</span>
                }
                .into_any(),
            })}
        </div>
    }
}
