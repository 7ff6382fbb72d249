//! Settings › Backups: the last backup's time and size, "Back up now" into a folder
//! with a passphrase, and the schedule. Restoring is `paceline restore` (it replaces
//! the vault this window has open).

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::{BackupOverview, BackupStatus};

use crate::api;
use crate::format::size;

/// The local time of `utc` as this computer shows it.
pub(crate) fn local_time(utc: i64) -> String {
    let offset_min = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(utc as f64 * 1000.0))
        .get_timezone_offset();
    paceline_types::date::format_date_time(utc, -(offset_min as i32) * 60)
}

fn last_line(last: &Option<BackupStatus>) -> String {
    match last {
        Some(b) => format!(
            "{} · {} · {} activities",
            local_time(b.created_utc),
            size(b.bytes),
            b.activities
        ),
        None => "No backup yet".into(),
    }
}

#[component]
pub fn BackupsSection() -> impl IntoView {
    let overview: RwSignal<Option<BackupOverview>> = RwSignal::new(None);
    let folder = RwSignal::new(String::new());
    let pass = RwSignal::new(String::new());
    let every = RwSignal::new("every 24h".to_string());
    let keep = RwSignal::new(7u32);
    let message: RwSignal<Option<String>> = RwSignal::new(None);
    let reload = move || {
        spawn_local(async move {
            match api::backup_status().await {
                Ok(o) => {
                    if let Some(s) = &o.schedule {
                        if folder.get_untracked().is_empty() {
                            folder.set(s.folder.clone());
                        }
                        every.set(s.schedule.clone());
                        keep.set(s.keep);
                    }
                    overview.set(Some(o));
                }
                Err(e) => message.set(Some(e.message)),
            }
        })
    };
    reload();
    // Follows a started backup until it shows as the last one (or a minute passes).
    let follow = move |before: Option<i64>| {
        fn poll(before: Option<i64>, left: u32, overview: RwSignal<Option<BackupOverview>>) {
            set_timeout(
                move || {
                    spawn_local(async move {
                        if let Ok(o) = api::backup_status().await {
                            let now = o.last.as_ref().map(|b| b.created_utc);
                            let done = now != before;
                            overview.set(Some(o));
                            if !done && left > 0 {
                                poll(before, left - 1, overview);
                            }
                        }
                    })
                },
                std::time::Duration::from_secs(1),
            );
        }
        poll(before, 60, overview);
    };
    let back_up = move |_| {
        let (f, p) = (folder.get_untracked(), pass.get_untracked());
        let before = overview.with_untracked(|o| {
            o.as_ref()
                .and_then(|o| o.last.as_ref().map(|b| b.created_utc))
        });
        spawn_local(async move {
            match api::backup_now(f.trim(), p).await {
                Ok(_) => {
                    message.set(Some("Backing up…".into()));
                    follow(before);
                }
                Err(e) => message.set(Some(e.message)),
            }
        });
    };
    let save_schedule = move |_| {
        let (f, p, e, k) = (
            folder.get_untracked(),
            pass.get_untracked(),
            every.get_untracked(),
            keep.get_untracked(),
        );
        spawn_local(async move {
            match api::set_backup_schedule(f.trim(), e.trim(), k, p).await {
                Ok(_) => {
                    message.set(Some("Schedule saved".into()));
                    reload();
                }
                Err(e) => message.set(Some(e.message)),
            }
        });
    };
    let stop = move |_| {
        spawn_local(async move {
            match api::stop_backup_schedule().await {
                Ok(()) => {
                    message.set(Some("Scheduled backups are off".into()));
                    reload();
                }
                Err(e) => message.set(Some(e.message)),
            }
        });
    };
    view! {
        <section class="pl-card" aria-labelledby="backups-heading" data-testid="backups">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="backups-heading">
                    "Backups"
                </h2>
                <p class="pl-card__meta" data-testid="last-backup">
                    {move || overview.with(|o| o.as_ref().map(|o| last_line(&o.last)))}
                </p>
            </div>
            <p class="pl-fieldset__help">
                "One encrypted file with everything, sealed with a passphrase you choose. "
                "On a new computer: install Paceline, then `paceline restore FILE` with that passphrase."
            </p>
            <div class="pl-watched__add">
                <input
                    class="pl-input"
                    type="text"
                    placeholder="/home/you/Backups"
                    aria-label="Backup folder"
                    data-testid="backup-folder"
                    prop:value=move || folder.get()
                    on:input=move |ev| folder.set(event_target_value(&ev))
                />
                <input
                    class="pl-input"
                    type="password"
                    placeholder="Backup passphrase (8+ characters)"
                    aria-label="Backup passphrase"
                    data-testid="backup-passphrase"
                    prop:value=move || pass.get()
                    on:input=move |ev| pass.set(event_target_value(&ev))
                />
                <button class="pl-button pl-button--primary" type="button" on:click=back_up>
                    "Back up now"
                </button>
            </div>
            <div class="pl-watched__add">
                <input
                    class="pl-input"
                    type="text"
                    aria-label="When"
                    title="every 24h · daily 03:00 Europe/Berlin"
                    prop:value=move || every.get()
                    on:input=move |ev| every.set(event_target_value(&ev))
                />
                <input
                    class="pl-input"
                    type="number"
                    min="1"
                    aria-label="Backups kept"
                    prop:value=move || keep.get().to_string()
                    on:input=move |ev| keep.set(event_target_value(&ev).parse().unwrap_or(1))
                />
                <button class="pl-button" type="button" on:click=save_schedule>
                    "Schedule"
                </button>
                <Show when=move || overview.with(|o| o.as_ref().is_some_and(|o| o.schedule.is_some()))>
                    <button class="pl-button pl-button--ghost" type="button" on:click=stop>
                        "Stop"
                    </button>
                </Show>
            </div>
            <p class="pl-fieldset__help" data-testid="backup-message">
                {move || message.get()}
            </p>
        </section>
    }
}
