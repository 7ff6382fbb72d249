//! Settings › Import: folders Paceline watches for new activity files (a mounted
//! watch's GARMIN/Activity, a sync folder), each shown as present or unplugged.

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::{Settings, WatchedFolder};

use crate::api;
use crate::state::use_app;

#[component]
pub fn WatchedFolders() -> impl IntoView {
    let app = use_app();
    let folders: RwSignal<Vec<WatchedFolder>> = RwSignal::new(Vec::new());
    let draft = RwSignal::new(String::new());
    let reload = move || {
        spawn_local(async move {
            if let Ok(f) = api::watched_folders().await {
                folders.set(f);
            }
        })
    };
    reload();
    let save = move |list: Vec<String>| {
        let new = Settings {
            watched_folders: list,
            ..app.settings.get_untracked()
        };
        app.save_settings(new);
        // The shell re-arms the watcher when the settings land; ask again after that.
        set_timeout(reload, std::time::Duration::from_millis(400));
    };
    let add = move || {
        let path = draft.get_untracked().trim().to_string();
        if path.is_empty() {
            return;
        }
        let mut list = app.settings.get_untracked().watched_folders;
        if !list.contains(&path) {
            list.push(path);
            save(list);
        }
        draft.set(String::new());
    };
    view! {
        <section class="pl-card" aria-labelledby="watch-heading" data-testid="watched-folders">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="watch-heading">
                    "Watched folders"
                </h2>
                <p class="pl-card__meta">"New activity files are imported as they appear"</p>
            </div>
            <p class="pl-fieldset__help">
                "Add a mounted watch's GARMIN/Activity folder or any folder your devices sync to. "
                "Files already there are imported once; a desktop notification says when new ones arrive."
            </p>
            <ul class="pl-watched">
                <For
                    each=move || folders.get()
                    key=|f| (f.path.clone(), f.available)
                    children=move |f: WatchedFolder| {
                        let path = f.path.clone();
                        let remove = move |_| {
                            let list = app
                                .settings
                                .get_untracked()
                                .watched_folders
                                .into_iter()
                                .filter(|p| *p != path)
                                .collect();
                            save(list);
                        };
                        view! {
                            <li class="pl-watched__row">
                                <code class="pl-path">{f.path.clone()}</code>
                                <span
                                    class="pl-watched__state"
                                    class:pl-watched__state--off=!f.available
                                >
                                    {if f.available { "watching" } else { "not connected" }}
                                </span>
                                <button class="pl-button pl-button--ghost" type="button" on:click=remove>
                                    "Remove"
                                </button>
                            </li>
                        }
                    }
                />
            </ul>
            <form
                class="pl-watched__add"
                on:submit=move |ev| {
                    ev.prevent_default();
                    add();
                }
            >
                <input
                    class="pl-input"
                    type="text"
                    placeholder="/media/you/GARMIN/GARMIN/Activity"
                    aria-label="Folder to watch"
                    data-testid="watch-path"
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                />
                <button class="pl-button pl-button--primary" type="submit">
                    "Watch"
                </button>
            </form>
        </section>
    }
}
