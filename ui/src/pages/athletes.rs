//! Athletes: everyone in this vault. Add, rename, archive (hidden from the switcher,
//! data kept) and delete completely, with a confirmation naming what goes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::AthleteInfo;

use crate::api;
use crate::state::use_app;

#[component]
pub fn AthletesPage() -> impl IntoView {
    let app = use_app();
    app.reload_athletes();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked();
        spawn_local(async move {
            match api::add_athlete(&n).await {
                Ok(_) => {
                    name.set(String::new());
                    error.set(None);
                    app.reload_athletes();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <div class="pl-page pl-athletes">
            <header class="pl-page__header">
                <h1 class="pl-page__title">"Athletes"</h1>
            </header>
            <section class="pl-card" aria-labelledby="athletes-heading">
                <div class="pl-card__head">
                    <h2 class="pl-card__title" id="athletes-heading">"In this vault"</h2>
                    <p class="pl-card__meta">"Each athlete's history is kept apart; switch in the sidebar."</p>
                </div>
                <ul class="pl-athlete-list" data-testid="athlete-list">
                    <For
                        each=move || app.athletes.get()
                        key=|a| (a.id, a.name.clone(), a.archived, a.activity_count)
                        children=move |a: AthleteInfo| view! { <AthleteRow athlete=a error=error /> }
                    />
                </ul>
                <form class="pl-profile-form" on:submit=add novalidate>
                    <div class="pl-threshold-form__fields">
                        <label class="pl-field">
                            <span class="pl-field__label">"New athlete"</span>
                            <input
                                class="pl-input"
                                data-testid="athlete-new-name"
                                placeholder="Name"
                                prop:value=move || name.get()
                                on:input=move |ev| name.set(event_target_value(&ev))
                            />
                        </label>
                        <button
                            type="submit"
                            class="pl-button pl-button--primary pl-threshold-form__submit"
                            data-testid="athlete-add"
                        >
                            "Add"
                        </button>
                    </div>
                </form>
                <Show when=move || error.with(Option::is_some)>
                    <p class="pl-form-error" role="alert" data-testid="athlete-error">
                        {move || error.get().unwrap_or_default()}
                    </p>
                </Show>
            </section>
        </div>
    }
}

#[component]
fn AthleteRow(athlete: AthleteInfo, error: RwSignal<Option<String>>) -> impl IntoView {
    let app = use_app();
    let id = athlete.id;
    let current = move || app.athlete.get() == Some(id);
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let name = RwSignal::new(athlete.name.clone());
    let done = move |r: Result<(), paceline_types::WireError>| match r {
        Ok(()) => {
            error.set(None);
            app.reload_athletes();
            if current() {
                app.reload_info();
            }
        }
        Err(e) => error.set(Some(e.message)),
    };
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked();
        editing.set(false);
        spawn_local(async move { done(api::rename_athlete(id, &n).await) });
    };
    let archived = athlete.archived;
    let archive =
        move |_| spawn_local(async move { done(api::archive_athlete(id, !archived).await) });
    let delete = move |_| {
        confirming.set(false);
        spawn_local(async move { done(api::delete_athlete(id).await.map(|_| ())) });
    };
    let label = athlete.name.clone();
    let count = athlete.activity_count;
    view! {
        <li class="pl-athlete-row" data-testid=format!("athlete-{id}")>
            <Show
                when=move || editing.get()
                fallback=move || {
                    view! {
                        <span class="pl-athlete-row__name">{name.get_untracked()}</span>
                        <span class="pl-athlete-row__meta">
                            {format!("{count} activities")}
                            {archived.then_some(" · archived")}
                            {move || current().then_some(" · shown now")}
                        </span>
                    }
                }
            >
                <form class="pl-athlete-row__rename" on:submit=rename>
                    <input
                        class="pl-input"
                        data-testid=format!("athlete-rename-input-{id}")
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    <button type="submit" class="pl-button pl-button--primary">"Save"</button>
                </form>
            </Show>
            <span class="pl-athlete-row__actions">
                <Show when=move || !current() && !archived>
                    <button
                        type="button"
                        class="pl-button"
                        data-testid=format!("athlete-switch-{id}")
                        on:click=move |_| app.switch_athlete(id)
                    >
                        "Switch to"
                    </button>
                </Show>
                <button
                    type="button"
                    class="pl-button"
                    data-testid=format!("athlete-rename-{id}")
                    on:click=move |_| editing.update(|e| *e = !*e)
                >
                    "Rename"
                </button>
                <button type="button" class="pl-button" data-testid=format!("athlete-archive-{id}") on:click=archive>
                    {if archived { "Restore" } else { "Archive" }}
                </button>
                <Show
                    when=move || confirming.get()
                    fallback=move || {
                        view! {
                            <button
                                type="button"
                                class="pl-button"
                                data-testid=format!("athlete-delete-{id}")
                                on:click=move |_| confirming.set(true)
                            >
                                "Delete…"
                            </button>
                        }
                    }
                >
                    <span class="pl-athlete-row__confirm" role="alert">
                        {format!("Delete {label} and all {count} activities, for good?")}
                    </span>
                    <button
                        type="button"
                        class="pl-button pl-button--danger"
                        data-testid=format!("athlete-delete-confirm-{id}")
                        on:click=delete
                    >
                        "Delete"
                    </button>
                    <button type="button" class="pl-button" on:click=move |_| confirming.set(false)>
                        "Keep"
                    </button>
                </Show>
            </span>
        </li>
    }
}
