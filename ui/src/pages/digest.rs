//! A weekly digest: a group's (stored: generate, save, send, the delivery log) at
//! `/groups/:id/digest`, or the shown athlete's own (not stored) at `/digest`. The
//! page itself is the shell's self-contained HTML in a sandboxed frame.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_params_map, use_query_map};
use paceline_types::{DeliveryInfo, DigestView, SavedDigest};
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::backups::local_time;
use crate::components::status::Loading;
use crate::digest_text::{
    already_sent, delivery_cells, saved_paths, send_line, week_label, window_wording, Week,
};

/// Whose digest the page shows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Source {
    Group(i64),
    Athlete,
}

/// Today on this computer (days since 1970-01-01), for the default week when nothing
/// is stored yet.
fn today() -> i64 {
    let now = js_sys::Date::new_0();
    let local_ms = now.get_time() - now.get_timezone_offset() * 60_000.0;
    (local_ms / 86_400_000.0).floor() as i64
}

#[component]
pub fn GroupDigestPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())));
    // A notice's link to another week of the digest shown opens that week.
    let week = Memo::new(move |_| query.with(|q| q.get("week")));
    move || match id.get() {
        Some(id) => view! { <DigestPanel source=Source::Group(id) asked=week.get() /> }.into_any(),
        None => view! {
            <div class="pl-page">
                <p class="pl-form-error" role="alert">"That is not a group's address."</p>
                <a class="pl-link" href="/groups">"← Groups"</a>
            </div>
        }
        .into_any(),
    }
}

#[component]
pub fn AthleteDigestPage() -> impl IntoView {
    let query = use_query_map();
    let week = Memo::new(move |_| query.with(|q| q.get("week")));
    move || view! { <DigestPanel source=Source::Athlete asked=week.get() /> }
}

/// Copies `text`: the Clipboard API where the webview offers it, else a selected
/// hidden textarea and the `copy` command.
async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let navigator = window.navigator();
    let has_api = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if has_api {
        let promise = navigator.clipboard().write_text(text);
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            return Ok(());
        }
    }
    let doc = window
        .document()
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .ok_or("no document")?;
    let body = doc.body().ok_or("no body")?;
    let area = doc
        .create_element("textarea")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .ok_or("no textarea")?;
    area.set_value(text);
    let _ = area.set_attribute("style", "position:fixed;opacity:0");
    let _ = body.append_child(&area);
    area.select();
    let copied = doc.exec_command("copy").unwrap_or(false);
    area.remove();
    if copied {
        Ok(())
    } else {
        Err("the clipboard is not available".into())
    }
}

#[component]
fn LogTable(rows: Vec<DeliveryInfo>) -> impl IntoView {
    let empty = rows.is_empty();
    let rows = rows
        .iter()
        .map(|d| {
            let [when, channel, target, status, attempts, parts, error] =
                delivery_cells(d, &local_time);
            view! {
                <tr class="pl-table__row pl-table__row--static" data-testid="digest-log-row">
                    <td class="pl-table__td pl-table__td--date">{when}</td>
                    <td class="pl-table__td">{channel}</td>
                    <td class="pl-table__td">{target}</td>
                    <td class="pl-table__td" data-testid="digest-log-status">{status}</td>
                    <td class="pl-table__td pl-table__td--num">{attempts}</td>
                    <td class="pl-table__td pl-table__td--num">{parts}</td>
                    <td class="pl-table__td">{error}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="pl-table-wrap">
            <table class="pl-table pl-table--compact" data-testid="digest-log">
                <caption class="pl-visually-hidden">"Deliveries of this digest"</caption>
                <thead>
                    <tr>
                        <th scope="col" class="pl-table__th">"When"</th>
                        <th scope="col" class="pl-table__th">"Channel"</th>
                        <th scope="col" class="pl-table__th">"Target"</th>
                        <th scope="col" class="pl-table__th">"Status"</th>
                        <th scope="col" class="pl-table__th pl-table__th--num">"Attempts"</th>
                        <th scope="col" class="pl-table__th pl-table__th--num">"Messages"</th>
                        <th scope="col" class="pl-table__th">"Error"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            {empty.then(|| view! { <p class="pl-fieldset__help">"Not delivered yet."</p> })}
        </div>
    }
}

#[component]
fn DigestPanel(source: Source, asked: Option<String>) -> impl IntoView {
    let asked = asked.filter(|w| Week::parse(w).is_some());

    // The week shown (`2026-W48`) and its digest, when there is one.
    let week: RwSignal<Option<String>> = RwSignal::new(None);
    let digest: RwSignal<Option<DigestView>> = RwSignal::new(None);
    let loading = RwSignal::new(true);
    let busy = RwSignal::new(false);
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let message: RwSignal<Option<String>> = RwSignal::new(None);
    let offer_again = RwSignal::new(false);
    let copied: RwSignal<Option<&'static str>> = RwSignal::new(None);
    let folder = RwSignal::new(String::new());
    let saved: RwSignal<Option<SavedDigest>> = RwSignal::new(None);
    let group_name: RwSignal<Option<String>> = RwSignal::new(None);
    // Only the newest request's answer is shown (the week can change quickly).
    let seq = StoredValue::new(0u32);

    if let Source::Group(id) = source {
        spawn_local(async move {
            if let Ok(groups) = api::groups().await {
                let name = groups.into_iter().find(|g| g.id == id).map(|g| g.name);
                group_name.try_set(name);
            }
        });
    }

    let load = move |req: Option<String>| {
        let n = seq.get_value().wrapping_add(1);
        seq.set_value(n);
        loading.set(true);
        spawn_local(async move {
            let r = match source {
                Source::Group(id) => api::group_digest(id, req.clone()).await,
                Source::Athlete => api::athlete_digest(req.clone()).await.map(Some),
            };
            // Stale, or the page is gone.
            if seq.try_get_value() != Some(n) {
                return;
            }
            loading.set(false);
            match r {
                Ok(Some(d)) => {
                    error.set(None);
                    week.set(Some(d.week.clone()));
                    digest.set(Some(d));
                }
                Ok(None) => {
                    error.set(None);
                    digest.set(None);
                    week.set(Some(
                        req.unwrap_or_else(|| Week::last_full(today()).to_string()),
                    ));
                }
                Err(e) => {
                    digest.set(None);
                    error.set(Some(e.message));
                    if req.is_some() {
                        week.set(req);
                    }
                }
            }
        });
    };
    load(asked);

    let go = move |n: i64| {
        let next = week
            .get_untracked()
            .and_then(|w| Week::parse(&w))
            .map(|w| w.shift(n).to_string());
        if let Some(w) = next {
            message.set(None);
            error.set(None);
            offer_again.set(false);
            saved.set(None);
            week.set(Some(w.clone()));
            load(Some(w));
        }
    };
    let at_last = move || {
        week.with(|w| {
            w.as_deref()
                .and_then(Week::parse)
                .is_some_and(|w| w >= Week::last_full(today()))
        })
    };

    let generate = move |_| {
        let w = week.get_untracked();
        busy.set(true);
        spawn_local(async move {
            let r = match source {
                Source::Group(id) => api::generate_digest(id, w).await,
                Source::Athlete => api::athlete_digest(w).await,
            };
            // The page may be gone by now.
            if busy.try_set(false).is_some() {
                return;
            }
            match r {
                Ok(d) => {
                    seq.update_value(|n| *n = n.wrapping_add(1));
                    loading.set(false);
                    error.set(None);
                    message.set(Some(format!("Generated the digest of {}", d.week)));
                    week.set(Some(d.week.clone()));
                    digest.set(Some(d));
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let digest_id =
        move || digest.with_untracked(|d| d.as_ref().map(|d| d.id).filter(|id| *id > 0));
    let refresh = move || load(week.get_untracked());

    let copy = move |what: &'static str| {
        let text = digest.with_untracked(|d| {
            d.as_ref().map(|d| {
                if what == "md" {
                    d.markdown.clone()
                } else {
                    d.whatsapp.clone()
                }
            })
        });
        let Some(text) = text else { return };
        spawn_local(async move {
            match copy_text(&text).await {
                Ok(()) => {
                    copied.try_set(Some(what));
                    set_timeout(
                        move || {
                            copied.try_update(|c| {
                                if *c == Some(what) {
                                    *c = None;
                                }
                            });
                        },
                        std::time::Duration::from_secs(2),
                    );
                }
                Err(e) => {
                    error.try_set(Some(format!("Could not copy: {e}")));
                }
            }
        });
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = digest_id() else { return };
        let f = folder.get_untracked().trim().to_string();
        spawn_local(async move {
            match api::save_digest(id, f).await {
                Ok(s) => {
                    error.set(None);
                    message.set(Some("Saved".into()));
                    saved.set(Some(s));
                    refresh();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let send = move |again: bool| {
        let Some(id) = digest_id() else { return };
        busy.set(true);
        spawn_local(async move {
            let r = api::send_digest(id, again).await;
            if busy.try_set(false).is_some() {
                return;
            }
            match r {
                Ok(d) => {
                    offer_again.set(false);
                    if d.status == "failed" {
                        message.set(None);
                        error.set(Some(send_line(&d)));
                    } else {
                        error.set(None);
                        message.set(Some(send_line(&d)));
                    }
                    refresh();
                }
                Err(e) => {
                    message.set(None);
                    offer_again.set(already_sent(&e.message));
                    error.set(Some(window_wording(&e.message)));
                }
            }
        });
    };

    let stored = move || digest.with(|d| d.as_ref().is_some_and(|d| d.id > 0));
    let has_digest = move || digest.with(Option::is_some);
    let html = Memo::new(move |_| digest.with(|d| d.as_ref().map(|d| d.html.clone())));
    let title = move || match source {
        Source::Athlete => "Your weekly digest".to_string(),
        Source::Group(_) => match group_name.get() {
            Some(n) => format!("Digest · {n}"),
            None => "Group digest".to_string(),
        },
    };
    let copy_label = move |what: &'static str, label: &'static str| {
        move || {
            if copied.get() == Some(what) {
                "Copied"
            } else {
                label
            }
        }
    };

    view! {
        <div class="pl-page pl-digest" data-testid="page-digest">
            <nav class="pl-activity__back" aria-label="Breadcrumb">
                <a class="pl-link" href="/groups">"← Groups"</a>
            </nav>
            <header class="pl-page__header pl-calendar__header">
                <h1 class="pl-page__title">{title}</h1>
                <div class="pl-calendar__nav">
                    <button
                        type="button"
                        class="pl-button"
                        aria-label="Previous week"
                        data-testid="digest-prev"
                        prop:disabled=move || week.with(Option::is_none)
                        on:click=move |_| go(-1)
                    >
                        "◀"
                    </button>
                    <span class="pl-calendar__title" data-testid="digest-week">
                        {move || week.get().map(|w| week_label(&w))}
                    </span>
                    <button
                        type="button"
                        class="pl-button"
                        aria-label="Next week"
                        data-testid="digest-next"
                        prop:disabled=move || week.with(Option::is_none) || at_last()
                        on:click=move |_| go(1)
                    >
                        "▶"
                    </button>
                    <button
                        type="button"
                        class="pl-button pl-button--primary"
                        data-testid="digest-generate"
                        prop:disabled=move || busy.get()
                        on:click=generate
                    >
                        "Generate"
                    </button>
                </div>
            </header>
            <p class="pl-fieldset__help" role="status" data-testid="digest-message">
                {move || message.get()}
            </p>
            <Show when=move || error.with(Option::is_some)>
                <p class="pl-form-error" role="alert" data-testid="digest-error">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
            <Show when=move || offer_again.get()>
                <button
                    type="button"
                    class="pl-button"
                    data-testid="digest-send-again"
                    prop:disabled=move || busy.get()
                    on:click=move |_| send(true)
                >
                    "Send again"
                </button>
            </Show>
            <Show when=move || loading.get() && !has_digest()>
                <Loading label="Loading the digest…" />
            </Show>
            <Show when=move || !loading.get() && !has_digest() && error.with(Option::is_none)>
                <p class="pl-fieldset__help" data-testid="digest-empty">
                    "No digest of this week yet: Generate makes one."
                </p>
            </Show>
            <Show when=has_digest>
                <div class="pl-digest__actions">
                    <button
                        type="button"
                        class="pl-button"
                        data-testid="digest-copy-md"
                        on:click=move |_| copy("md")
                    >
                        {copy_label("md", "Copy Markdown")}
                    </button>
                    <button
                        type="button"
                        class="pl-button"
                        data-testid="digest-copy-wa"
                        on:click=move |_| copy("wa")
                    >
                        {copy_label("wa", "Copy WhatsApp text")}
                    </button>
                    <Show when=stored>
                        <button
                            type="button"
                            class="pl-button"
                            data-testid="digest-send"
                            prop:disabled=move || busy.get()
                            on:click=move |_| send(false)
                        >
                            "Send to WhatsApp"
                        </button>
                    </Show>
                </div>
                <Show when=stored>
                    <form class="pl-watched__add pl-digest__save" on:submit=save novalidate>
                        <input
                            class="pl-input"
                            type="text"
                            placeholder="/home/me/Digests"
                            aria-label="Folder to save the digest in"
                            data-testid="digest-save-folder"
                            prop:value=move || folder.get()
                            on:input=move |ev| folder.set(event_target_value(&ev))
                        />
                        <button type="submit" class="pl-button" data-testid="digest-save">
                            "Save…"
                        </button>
                    </form>
                </Show>
                {move || {
                    saved
                        .get()
                        .map(|s| {
                            view! {
                                <ul class="pl-watched" data-testid="digest-saved">
                                    {saved_paths(&s)
                                        .into_iter()
                                        .map(|p| {
                                            view! {
                                                <li class="pl-watched__row">
                                                    <code class="pl-path" data-testid="digest-saved-path">
                                                        {p}
                                                    </code>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                        })
                }}
            </Show>
            {move || {
                html.get()
                    .map(|h| {
                        view! {
                            <iframe
                                class="pl-digest__frame"
                                sandbox="allow-same-origin"
                                title="Digest"
                                data-testid="digest-frame"
                                srcdoc=h
                            ></iframe>
                        }
                    })
            }}
            {move || {
                digest
                    .with(|d| d.as_ref().filter(|d| d.id > 0).map(|d| d.deliveries.clone()))
                    .map(|rows| {
                        view! {
                            <section class="pl-card" aria-labelledby="digest-log-heading">
                                <div class="pl-card__head">
                                    <h2 class="pl-card__title" id="digest-log-heading">
                                        "Deliveries"
                                    </h2>
                                </div>
                                <LogTable rows=rows />
                            </section>
                        }
                    })
            }}
        </div>
    }
}
