//! Settings › Garmin: connected as whom, the last sync, "Connect" (Garmin's own
//! sign-in page in a window of the shell, or the ticket URL pasted from a browser),
//! "Sync now" with the job's progress, the schedule, "Disconnect", start at login,
//! and the last ten syncs.

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::{
    kind, GarminStatus, GarminSyncLogEntry, GarminSyncProgress, JobEvent, JobId, JobPayload,
    JobState,
};

use crate::api;
use crate::components::backups::local_time;
use crate::garmin_text::{detail_line, last_sync_line, progress_line, status_line};

/// Rows of the sync log shown.
const LOG_ROWS: u32 = 10;
/// The status poll while a sync runs: once a second, for at most two hours.
const POLL_LIMIT: u32 = 7200;

#[component]
fn LogTable(rows: Vec<GarminSyncLogEntry>) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|r| {
            view! {
                <tr class="pl-table__row pl-table__row--static" data-testid="garmin-log-row">
                    <td class="pl-table__td pl-table__td--date">{local_time(r.started_utc)}</td>
                    <td class="pl-table__td">{r.outcome}</td>
                    <td class="pl-table__td pl-table__td--num">{r.requests}</td>
                    <td class="pl-table__td pl-table__td--num">{r.new_activities}</td>
                    <td class="pl-table__td pl-table__td--num">{r.new_days}</td>
                    <td class="pl-table__td">{r.error.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="pl-table-wrap">
            <table class="pl-table pl-table--compact" data-testid="garmin-log">
                <thead>
                    <tr>
                        <th scope="col" class="pl-table__th">"Started"</th>
                        <th scope="col" class="pl-table__th">"Outcome"</th>
                        <th scope="col" class="pl-table__th pl-table__th--num">"Requests"</th>
                        <th scope="col" class="pl-table__th pl-table__th--num">"New activities"</th>
                        <th scope="col" class="pl-table__th pl-table__th--num">"New days"</th>
                        <th scope="col" class="pl-table__th">"Error"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn GarminSection() -> impl IntoView {
    let status: RwSignal<Option<GarminStatus>> = RwSignal::new(None);
    let log: RwSignal<Vec<GarminSyncLogEntry>> = RwSignal::new(Vec::new());
    let ticket = RwSignal::new(String::new());
    let every = RwSignal::new(String::new());
    let message: RwSignal<Option<String>> = RwSignal::new(None);
    // The running sync (started here, or seen in a job event) and its latest progress.
    let running: RwSignal<Option<JobId>> = RwSignal::new(None);
    let progress: RwSignal<Option<GarminSyncProgress>> = RwSignal::new(None);
    // Start at login: `None` until known (or where the shell cannot do it).
    let autostart: RwSignal<Option<bool>> = RwSignal::new(None);
    spawn_local(async move {
        if let Ok(on) = api::autostart().await {
            autostart.set(Some(on));
        }
    });

    let reload = move || {
        spawn_local(async move {
            match api::garmin_status().await {
                Ok(s) => {
                    every.set(s.schedule.clone().unwrap_or_default());
                    status.set(Some(s));
                }
                Err(e) => message.set(Some(e.message)),
            }
            match api::garmin_log(LOG_ROWS).await {
                Ok(rows) => log.set(rows),
                Err(e) => message.set(Some(e.message)),
            }
        })
    };
    reload();

    // Progress and the end of this athlete's syncs (also scheduled ones) from `job` events.
    let on_event = move |e: JobEvent| {
        if e.job.kind != kind::GARMIN_SYNC || e.job.athlete_id != Some(api::athlete()) {
            return;
        }
        match (e.job.state, e.payload) {
            (JobState::Running, Some(JobPayload::GarminSyncProgress(p))) => {
                running.set(Some(e.job.id));
                progress.set(Some(p));
            }
            (JobState::Running, _) => running.set(Some(e.job.id)),
            (state, payload) => {
                running.set(None);
                progress.set(None);
                message.set(Some(match (state, payload, e.job.error) {
                    (JobState::Failed, _, Some(err)) => format!("Sync failed: {err}"),
                    (_, Some(JobPayload::GarminSynced { report, .. }), _) => format!(
                        "Sync {}: {} new activities, {} already here, {} new days, {} requests",
                        if report.cancelled { "stopped" } else { "done" },
                        report.new_activities,
                        report.already_present,
                        report.new_days,
                        report.requests
                    ),
                    _ => "Sync ended".into(),
                }));
                reload();
            }
        }
    };
    // The sign-in window's outcome (its ticket never reaches this page).
    let on_signed_in = move |e: paceline_types::GarminSignedIn| {
        if e.athlete_id != api::athlete() {
            return;
        }
        message.set(Some(match (&e.status, e.error) {
            (Some(s), _) => status_line(s),
            (None, Some(err)) => format!("Sign-in failed: {err}"),
            (None, None) => "Sign-in ended".into(),
        }));
        reload();
    };
    let listeners: StoredValue<Vec<api::Listener>, LocalStorage> =
        StoredValue::new_local(Vec::new());
    spawn_local(async move {
        if let Ok(l) = api::on_job(on_event).await {
            listeners.update_value(|v| v.push(l));
        }
        if let Ok(l) = api::on_garmin_signed_in(on_signed_in).await {
            listeners.update_value(|v| v.push(l));
        }
    });
    on_cleanup(move || {
        if let Some(ls) = listeners.try_update_value(std::mem::take) {
            ls.into_iter().for_each(api::Listener::unlisten);
        }
    });

    // Polls the status once a second while a sync runs: the last sync's row shows
    // `running` until the job ends, even when no event reaches this window.
    fn poll(left: u32, running: RwSignal<Option<JobId>>, status: RwSignal<Option<GarminStatus>>) {
        set_timeout(
            move || {
                if running.try_get_untracked().flatten().is_none() {
                    return;
                }
                spawn_local(async move {
                    // The card may be gone by now (another page).
                    if let Ok(s) = api::garmin_status().await {
                        if status.try_set(Some(s)).is_some() {
                            return;
                        }
                    }
                    if left > 0 {
                        poll(left - 1, running, status);
                    }
                })
            },
            std::time::Duration::from_secs(1),
        );
    }

    let signin = move |_| {
        spawn_local(async move {
            match api::garmin_signin().await {
                Ok(()) => message.set(Some(
                    "Sign in on Garmin's page in the new window; it closes by itself when done"
                        .into(),
                )),
                Err(e) => message.set(Some(e.message)),
            }
        });
    };
    let set_autostart = move |on: bool| {
        spawn_local(async move {
            match api::set_autostart(on).await {
                Ok(now) => autostart.set(Some(now)),
                Err(e) => message.set(Some(e.message)),
            }
        });
    };
    let connect = move |_| {
        let t = ticket.get_untracked();
        if t.trim().is_empty() {
            message.set(Some(
                "Paste the address Garmin's sign-in page ended on (it holds ticket=ST-…)".into(),
            ));
            return;
        }
        spawn_local(async move {
            match api::garmin_connect(t.trim().to_string()).await {
                Ok(s) => {
                    ticket.set(String::new());
                    message.set(Some(status_line(&s)));
                    status.set(Some(s));
                }
                Err(e) => message.set(Some(e.message)),
            }
        });
    };
    let sync = move |_| {
        spawn_local(async move {
            match api::garmin_sync().await {
                Ok(job) => {
                    running.set(Some(job));
                    message.set(Some("Syncing…".into()));
                    poll(POLL_LIMIT, running, status);
                }
                Err(e) => message.set(Some(e.message)),
            }
        });
    };
    let stop = move |_| {
        if let Some(job) = running.get_untracked() {
            spawn_local(async move {
                let _ = api::cancel_job(job).await;
            });
        }
    };
    let save_schedule = move |_| {
        let e = every.get_untracked();
        let e = Some(e.trim().to_string()).filter(|e| !e.is_empty());
        spawn_local(async move {
            let off = e.is_none();
            match api::garmin_schedule(e).await {
                Ok(next) => {
                    message.set(Some(match next {
                        _ if off => "Scheduled syncs are off".to_string(),
                        Some(t) => format!("Schedule saved · next sync {}", local_time(t)),
                        None => "Schedule saved".to_string(),
                    }));
                    reload();
                }
                Err(e) => message.set(Some(e.message)),
            }
        });
    };
    let disconnect = move |_| {
        spawn_local(async move {
            match api::garmin_disconnect().await {
                Ok(_) => {
                    message.set(Some(
                        "Disconnected: the sign-in is deleted, the synced data stays".into(),
                    ));
                    reload();
                }
                Err(e) => message.set(Some(e.message)),
            }
        });
    };
    let connected = move || status.with(|s| s.as_ref().is_some_and(|s| s.connected));

    view! {
        <section class="pl-card" aria-labelledby="garmin-heading" data-testid="garmin-card">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="garmin-heading">
                    "Garmin Connect"
                </h2>
                <p class="pl-card__meta" data-testid="garmin-status">
                    {move || status.with(|s| s.as_ref().map(status_line))}
                </p>
            </div>
            <p class="pl-fieldset__help" data-testid="garmin-last-sync">
                {move || status.with(|s| s.as_ref().map(|s| last_sync_line(s, &local_time)))}
            </p>
            <p class="pl-fieldset__help">
                {move || status.with(|s| s.as_ref().map(|s| detail_line(s, &local_time)))}
            </p>
            <div class="pl-watched__add">
                <button
                    class="pl-button"
                    class:pl-button--primary=move || !connected()
                    type="button"
                    data-testid="garmin-signin"
                    title="Opens Garmin's own sign-in page; your password goes to Garmin only"
                    on:click=signin
                >
                    {move || if connected() { "Reconnect" } else { "Connect" }}
                </button>
            </div>
            <p class="pl-fieldset__help">
                "Or sign in to Garmin in your browser at https://sso.garmin.com/sso/embed, copy the address "
                "the sign-in ends on (…/sso/embed?ticket=ST-…) and paste it here; a ticket works once."
            </p>
            <div class="pl-watched__add">
                <input
                    class="pl-input"
                    type="text"
                    placeholder="https://sso.garmin.com/sso/embed?ticket=ST-…"
                    aria-label="Garmin ticket URL"
                    autocomplete="off"
                    data-testid="garmin-ticket"
                    prop:value=move || ticket.get()
                    on:input=move |ev| ticket.set(event_target_value(&ev))
                />
                <button
                    class="pl-button"
                    type="button"
                    data-testid="garmin-connect"
                    on:click=connect
                >
                    "Use ticket"
                </button>
            </div>
            <div class="pl-watched__add">
                <button
                    class="pl-button pl-button--primary"
                    type="button"
                    data-testid="garmin-sync"
                    prop:disabled=move || !connected() || running.with(Option::is_some)
                    on:click=sync
                >
                    "Sync now"
                </button>
                <Show when=move || running.with(Option::is_some)>
                    <button
                        class="pl-button"
                        type="button"
                        data-testid="garmin-cancel"
                        title="Stop; the next sync resumes where this one stopped"
                        on:click=stop
                    >
                        "Stop"
                    </button>
                </Show>
                <Show when=connected>
                    <button
                        class="pl-button pl-button--ghost"
                        type="button"
                        data-testid="garmin-disconnect"
                        on:click=disconnect
                    >
                        "Disconnect"
                    </button>
                </Show>
            </div>
            {move || {
                progress
                    .get()
                    .map(|p| {
                        view! {
                            <progress
                                class="pl-toast__bar"
                                max="1"
                                value=p.fraction()
                                aria-label="Garmin sync progress"
                            ></progress>
                            <p class="pl-fieldset__help" data-testid="garmin-progress">
                                {progress_line(&p)}
                            </p>
                        }
                    })
            }}
            <div class="pl-watched__add">
                <input
                    class="pl-input"
                    type="text"
                    placeholder="every 6h"
                    aria-label="Sync schedule"
                    title="every 6h · daily 07:00 Europe/Berlin · empty = off"
                    data-testid="garmin-schedule"
                    prop:value=move || every.get()
                    on:input=move |ev| every.set(event_target_value(&ev))
                />
                <button class="pl-button" type="button" on:click=save_schedule>
                    "Save schedule"
                </button>
            </div>
            <Show when=move || autostart.get().is_some()>
                <label class="pl-check">
                    <input
                        type="checkbox"
                        data-testid="autostart"
                        prop:checked=move || autostart.get().unwrap_or(false)
                        on:change=move |ev| set_autostart(event_target_checked(&ev))
                    />
                    "Start Paceline at login (it keeps syncing from the tray)"
                </label>
            </Show>
            <p class="pl-fieldset__help" role="status" data-testid="garmin-message">
                {move || message.get()}
            </p>
            {move || {
                let rows = log.get();
                (!rows.is_empty()).then(|| view! { <LogTable rows=rows /> })
            }}
        </section>
    }
}
