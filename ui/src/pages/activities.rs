//! Activities: the full list, sortable and filterable, driven from the keyboard.
//!
//! Keys: ↑/↓ move the highlighted row (Home/End jump), Enter opens it, `/` focuses the
//! filter, Esc in the filter clears it (a second Esc leaves it).

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use paceline_types::{ActivityId, ActivitySummary};
use wasm_bindgen::JsCast;

use crate::components::activity_table::{scroll_index_into_view, sort_activities, ActivityTable};
use crate::components::status::{ErrorBox, Loading, NoActivities};
use crate::format::{display_name, sport_label};
use crate::state::use_app;

/// Whether `a` matches every word of the filter (name or sport, case-insensitive).
fn matches_filter(a: &ActivitySummary, words: &[String]) -> bool {
    if words.is_empty() {
        return true;
    }
    let hay = format!("{} {} {}", display_name(a), sport_label(a), a.sport.key()).to_lowercase();
    words.iter().all(|w| hay.contains(w.as_str()))
}

/// Is the keyboard focus in a text field other than `except`?
fn typing_in_field(target: Option<web_sys::EventTarget>) -> Option<web_sys::HtmlElement> {
    let el = target?.dyn_into::<web_sys::HtmlElement>().ok()?;
    let tag = el.tag_name();
    (tag == "INPUT" || tag == "TEXTAREA" || tag == "SELECT" || el.is_content_editable())
        .then_some(el)
}

/// Scrolls the list to the row of `id`, if it is listed.
fn scroll_row_into_view(rows: &[ActivitySummary], id: ActivityId) {
    if let Some(idx) = rows.iter().position(|a| a.id == id) {
        scroll_index_into_view(idx);
    }
}

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let app = use_app();
    let lv = app.list;
    let filter_ref = NodeRef::<html::Input>::new();
    let navigate = use_navigate();

    let rows = Memo::new(move |_| {
        let words: Vec<String> = lv
            .filter
            .get()
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let mut list: Vec<ActivitySummary> = app.activities.with(|l| {
            l.iter()
                .flatten()
                .filter(|a| matches_filter(a, &words))
                .cloned()
                .collect()
        });
        sort_activities(&mut list, lv.sort.get(), lv.descending.get());
        list
    });

    // Keep the highlight on a visible row: the first one when it fell out of the list.
    Effect::new(move |_| {
        let ids: Vec<ActivityId> = rows.with(|r| r.iter().map(|a| a.id).collect());
        let hl = lv.highlighted.get_untracked();
        if hl.is_none_or(|h| !ids.contains(&h)) {
            lv.highlighted.set(ids.first().copied());
        }
    });

    let move_highlight = move |delta: isize, to_end: Option<bool>| {
        let ids: Vec<ActivityId> = rows.with_untracked(|r| r.iter().map(|a| a.id).collect());
        if ids.is_empty() {
            return;
        }
        let cur = lv
            .highlighted
            .get_untracked()
            .and_then(|h| ids.iter().position(|i| *i == h));
        let next = match (to_end, cur) {
            (Some(true), _) => ids.len() - 1,
            (Some(false), _) => 0,
            (None, None) => 0,
            (None, Some(c)) => (c as isize + delta).clamp(0, ids.len() as isize - 1) as usize,
        };
        lv.highlighted.set(Some(ids[next]));
        scroll_index_into_view(next);
    };

    let handle = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.default_prevented() || e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let field = typing_in_field(e.target());
        let in_filter = field
            .as_ref()
            .zip(filter_ref.get_untracked())
            .is_some_and(|(f, input)| {
                let input: &web_sys::HtmlElement = &input;
                f == input
            });
        let in_other_field = field.is_some() && !in_filter;
        let key = e.key();
        match key.as_str() {
            "/" if field.is_none() => {
                e.prevent_default();
                if let Some(input) = filter_ref.get_untracked() {
                    let _ = input.focus();
                    input.select();
                }
            }
            "ArrowDown" | "ArrowUp" if !in_other_field => {
                e.prevent_default();
                move_highlight(if key == "ArrowDown" { 1 } else { -1 }, None);
            }
            "Home" | "End" if field.is_none() => {
                e.prevent_default();
                move_highlight(0, Some(key == "End"));
            }
            "Enter" if !in_other_field => {
                // On a link or button Enter does its own thing.
                let on_control = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| matches!(el.tag_name().as_str(), "A" | "BUTTON"));
                if on_control {
                    return;
                }
                if let Some(id) = lv.highlighted.get_untracked() {
                    e.prevent_default();
                    navigate(&format!("/activities/{id}"), NavigateOptions::default());
                }
            }
            "Escape" if in_filter => {
                e.prevent_default();
                if lv.filter.get_untracked().is_empty() {
                    if let Some(input) = filter_ref.get_untracked() {
                        let _ = input.blur();
                    }
                } else {
                    lv.filter.set(String::new());
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());

    // Coming back from an activity: show the row we left from.
    request_animation_frame(move || {
        if let Some(id) = lv.highlighted.get_untracked() {
            rows.with_untracked(|r| scroll_row_into_view(r, id));
        }
    });

    let total = move || app.activities.with(|l| l.as_ref().map_or(0, Vec::len));
    let shown = move || rows.with(Vec::len);

    let body = move || {
        if let Some(e) = app.activities_error.get() {
            if app.activities.with(Option::is_none) {
                return view! { <ErrorBox title="Could not load activities" error=e /> }.into_any();
            }
        }
        match app.activities.with(|l| l.as_ref().map(Vec::len)) {
            None => view! { <Loading label="Loading activities…" /> }.into_any(),
            Some(0) => view! { <NoActivities /> }.into_any(),
            Some(_) => view! {
                <Show
                    when=move || { shown() > 0 }
                    fallback=move || {
                        view! {
                            <p class="pl-page__note" role="status">
                                "No activity matches “"
                                {move || lv.filter.get()}
                                "”. Press Esc to clear the filter."
                            </p>
                        }
                    }
                >
                    <ActivityTable rows=rows />
                </Show>
            }
            .into_any(),
        }
    };

    view! {
        <div class="pl-page pl-activities">
            <header class="pl-page__header">
                <h1 class="pl-page__title">"Activities"</h1>
                <p class="pl-page__subtitle" aria-live="polite">
                    {move || {
                        let (t, s) = (total(), shown());
                        if t == 0 {
                            String::new()
                        } else if s == t {
                            format!("{t} activities")
                        } else {
                            format!("{s} of {t} activities")
                        }
                    }}
                </p>
                <div class="pl-page__tools">
                    <ImportButton />
                    <label class="pl-filter">
                        <span class="pl-visually-hidden">"Filter by name or sport"</span>
                        <input
                            node_ref=filter_ref
                            class="pl-filter__input"
                            type="search"
                            placeholder="Filter by name or sport"
                            autocomplete="off"
                            spellcheck="false"
                            data-testid="activity-filter"
                            aria-keyshortcuts="/"
                            prop:value=move || lv.filter.get()
                            on:input=move |e| lv.filter.set(event_target_value(&e))
                        />
                        <kbd class="pl-filter__kbd" aria-hidden="true">"/"</kbd>
                    </label>
                </div>
            </header>
            <p class="pl-page__hint">
                <kbd>"↑"</kbd>
                <kbd>"↓"</kbd>
                " select · "
                <kbd>"Enter"</kbd>
                " open · "
                <kbd>"/"</kbd>
                " filter"
            </p>
            {body}
        </div>
    }
}

/// Import beside drag-and-drop: the shell opens the native file picker (FIT, GPX,
/// TCX, ZIP, GZ) and imports as a drop does; the import notice follows its job.
#[component]
fn ImportButton() -> impl IntoView {
    let app = use_app();
    let busy = RwSignal::new(false);
    let pick = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            if let Err(e) = crate::api::pick_and_import().await {
                app.banner.set(Some(format!("Could not import: {e}")));
            }
            busy.set(false);
        });
    };
    view! {
        <button
            type="button"
            class="pl-button pl-button--primary"
            data-testid="import-pick"
            title="Pick FIT, GPX or TCX files (also zipped or gzipped), or drop them on the window"
            prop:disabled=move || busy.get()
            on:click=pick
        >
            "Import…"
        </button>
    }
}
