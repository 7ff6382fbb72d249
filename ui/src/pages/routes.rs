//! Routes: the library (GPX files picked with the import button; a GPX dropped on the
//! window still goes to the activity importer), and the selected route with its
//! grade-coloured profile, outline, sections, time estimate, gears and efforts.

mod detail;

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::RouteListItem;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::api;
use crate::components::status::{ErrorBox, Loading};
use crate::state::use_app;

use detail::RouteDetail;

/// Reads each picked file's text and imports it; answers a line for the page and the
/// id of the last route imported.
async fn import_files(files: Vec<web_sys::File>) -> (String, Option<i64>) {
    let (mut ok, mut failed, mut last) = (0usize, Vec::new(), None);
    for f in files {
        let name = f.name();
        let text = match JsFuture::from(f.text()).await {
            Ok(v) => v.as_string().unwrap_or_default(),
            Err(_) => {
                failed.push(format!("{name}: the file could not be read"));
                continue;
            }
        };
        match api::import_route(name, text).await {
            Ok(id) => {
                ok += 1;
                last = Some(id);
            }
            Err(e) => failed.push(e.message),
        }
    }
    let mut line = format!("{ok} route{} imported", if ok == 1 { "" } else { "s" });
    if !failed.is_empty() {
        line.push_str(&format!(", {} failed: {}", failed.len(), failed.join("; ")));
    }
    (line, last)
}

#[component]
pub fn RoutesPage() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let routes = LocalResource::new(move || {
        reload.get();
        api::list_routes()
    });
    let selected = RwSignal::new(None::<i64>);
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let on_files = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = input.files() else {
            return;
        };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        // Picking the same file again must fire `change` again.
        input.set_value("");
        if files.is_empty() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let (line, last) = import_files(files).await;
            busy.set(false);
            message.set(Some(line));
            reload.update(|n| *n += 1);
            if last.is_some() {
                selected.set(last);
            }
        });
    };
    let on_deleted = move || {
        selected.set(None);
        reload.update(|n| *n += 1);
    };

    view! {
        <div class="pl-page pl-routes" data-testid="page-routes">
            <header class="pl-page__header pl-routes__header">
                <h1 class="pl-page__title">"Routes"</h1>
                <label class="pl-button pl-button--primary pl-routes__import">
                    {move || if busy.get() { "Importing…" } else { "Import GPX…" }}
                    <input
                        class="pl-visually-hidden"
                        type="file"
                        accept=".gpx,application/gpx+xml"
                        multiple=true
                        data-testid="route-import-input"
                        on:change=on_files
                    />
                </label>
            </header>
            <Show when=move || message.with(Option::is_some)>
                <p class="pl-routes__message" role="status" data-testid="route-import-result">
                    {move || message.get().unwrap_or_default()}
                </p>
            </Show>
            {move || match routes.get() {
                None => view! { <Loading label="Loading routes…" /> }.into_any(),
                Some(Err(e)) => {
                    view! { <ErrorBox title="Could not load the routes" error=e /> }.into_any()
                }
                Some(Ok(list)) if list.is_empty() => view! {
                    <section class="pl-card" data-testid="routes-empty">
                        <p>
                            "No routes yet. Import GPX routes or tracks with the button above \
                             (or `paceline routes import FILE…`)."
                        </p>
                    </section>
                }
                .into_any(),
                Some(Ok(list)) => view! { <RouteList list=list selected=selected /> }.into_any(),
            }}
            {move || {
                selected
                    .get()
                    .map(|id| view! { <RouteDetail id=id on_deleted=on_deleted /> })
            }}
        </div>
    }
}

#[component]
fn RouteList(list: Vec<RouteListItem>, selected: RwSignal<Option<i64>>) -> impl IntoView {
    let app = use_app();
    let rows = list
        .into_iter()
        .map(|r| {
            let id = r.id;
            let is_sel = move || selected.get() == Some(id);
            let units = move || app.units();
            let (dist, up) = (r.distance_m, r.ascent_m);
            view! {
                <tr
                    class="pl-table__row"
                    class:pl-table__row--highlighted=is_sel
                    data-testid="route-row"
                    data-id=id.to_string()
                    aria-current=move || is_sel().then_some("true")
                    on:click=move |_| selected.set(Some(id))
                >
                    <td class="pl-table__td pl-table__td--name">
                        <button
                            type="button"
                            class="pl-table__link pl-button--ghost"
                            on:click=move |e| {
                                e.stop_propagation();
                                selected.set(Some(id));
                            }
                        >
                            {r.name.clone()}
                        </button>
                    </td>
                    <td class="pl-table__td">
                        <span class=format!("pl-sport pl-sport--{}", r.sport.key())>
                            {r.sport.label()}
                        </span>
                    </td>
                    <td class="pl-table__td pl-table__td--num">{move || units().distance(dist)}</td>
                    <td class="pl-table__td pl-table__td--num">{move || units().elevation(up)}</td>
                    <td class="pl-table__td">{r.tags.join(", ")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="pl-card">
            <div class="pl-table-wrap">
                <table class="pl-table pl-table--compact" data-testid="route-table">
                    <thead>
                        <tr>
                            <th class="pl-table__th">"Name"</th>
                            <th class="pl-table__th">"Sport"</th>
                            <th class="pl-table__th pl-table__th--num">"Distance"</th>
                            <th class="pl-table__th pl-table__th--num">"Ascent"</th>
                            <th class="pl-table__th">"Tags"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
