//! Groups: athletes of this vault gathered for a weekly digest. The list (members,
//! zone, schedule, newest digest), a "New group" form, and per group its members,
//! schedule, WhatsApp recipient, name and zone, and deleting it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::{AthleteId, GroupInfo, WireError};

use crate::api;
use crate::components::backups::local_time;
use crate::components::fields::hinted_field;
use crate::digest_text::{last_digest_line, members_line, optional, schedule_arg, schedule_line};
use crate::state::use_app;

/// The computer's IANA time zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`),
/// else UTC.
fn browser_zone() -> String {
    let options = js_sys::Intl::DateTimeFormat::default().resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()
        .and_then(|z| z.as_string())
        .filter(|z| !z.is_empty())
        .unwrap_or_else(|| "UTC".into())
}

/// What every action of the page reports into: the list, an error, a success line.
#[derive(Clone, Copy)]
struct Feedback {
    groups: RwSignal<Vec<GroupInfo>>,
    error: RwSignal<Option<String>>,
    message: RwSignal<Option<String>>,
}

impl Feedback {
    fn reload(self) {
        spawn_local(async move {
            match api::groups().await {
                Ok(g) => {
                    self.groups.set(g);
                }
                Err(e) => self.error.set(Some(e.message)),
            }
        });
    }

    /// Shows an action's outcome and reloads the list after a success.
    fn done<T>(self, r: Result<T, WireError>, ok: impl Into<String>) -> bool {
        match r {
            Ok(_) => {
                self.error.set(None);
                self.message.set(Some(ok.into()));
                self.reload();
                true
            }
            Err(e) => {
                self.message.set(None);
                self.error.set(Some(e.message));
                false
            }
        }
    }
}

/// One checkbox per athlete of the vault, bound to `selected`; archived athletes only
/// when already chosen.
#[component]
fn MemberChecks(selected: RwSignal<Vec<AthleteId>>, test_prefix: String) -> impl IntoView {
    let app = use_app();
    let test_prefix = StoredValue::new(test_prefix);
    view! {
        <div class="pl-goals-checks">
            {move || {
                app.athletes
                    .get()
                    .into_iter()
                    .filter(|a| !a.archived || selected.with_untracked(|s| s.contains(&a.id)))
                    .map(|a| {
                        let id = a.id;
                        view! {
                            <label class="pl-check">
                                <input
                                    type="checkbox"
                                    data-testid=format!("{}{id}", test_prefix.get_value())
                                    prop:checked=move || selected.with(|s| s.contains(&id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        selected
                                            .update(|s| {
                                                s.retain(|x| *x != id);
                                                if on {
                                                    s.push(id);
                                                }
                                            });
                                    }
                                />
                                {a.name}
                            </label>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

#[component]
pub fn GroupsPage() -> impl IntoView {
    let app = use_app();
    app.reload_athletes();
    let fb = Feedback {
        groups: RwSignal::new(Vec::new()),
        error: RwSignal::new(None),
        message: RwSignal::new(None),
    };
    fb.reload();

    let name = RwSignal::new(String::new());
    let tz = RwSignal::new(browser_zone());
    let members: RwSignal<Vec<AthleteId>> = RwSignal::new(Vec::new());
    let schedule = RwSignal::new(String::new());
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (n, z) = (
            name.get_untracked().trim().to_string(),
            tz.get_untracked().trim().to_string(),
        );
        let (m, s) = (members.get_untracked(), optional(&schedule.get_untracked()));
        spawn_local(async move {
            let label = format!("Group “{n}” added");
            if fb.done(api::add_group(n, z, m, s).await, label) {
                name.set(String::new());
                members.set(Vec::new());
                schedule.set(String::new());
            }
        });
    };

    view! {
        <div class="pl-page pl-groups">
            <header class="pl-page__header">
                <h1 class="pl-page__title">"Groups"</h1>
            </header>
            <section class="pl-card" aria-labelledby="groups-heading">
                <div class="pl-card__head">
                    <h2 class="pl-card__title" id="groups-heading">"Groups"</h2>
                    <p class="pl-card__meta">
                        "A weekly digest per group: totals by sport, the week against the four before, "
                        "a leaderboard and highlights. "
                        <a href="/digest" data-testid="groups-my-digest">"Your own weekly digest"</a>
                    </p>
                </div>
                <Show when=move || fb.groups.with(Vec::is_empty)>
                    <p class="pl-fieldset__help" data-testid="group-empty">"No groups yet."</p>
                </Show>
                <ul class="pl-athlete-list" data-testid="group-list">
                    <For
                        each=move || fb.groups.get()
                        key=|g| g.id
                        children=move |g: GroupInfo| view! { <GroupRow id=g.id fb=fb /> }
                    />
                </ul>
                <p class="pl-fieldset__help" role="status" data-testid="group-message">
                    {move || fb.message.get()}
                </p>
                <Show when=move || fb.error.with(Option::is_some)>
                    <p class="pl-form-error" role="alert" data-testid="group-error">
                        {move || fb.error.get().unwrap_or_default()}
                    </p>
                </Show>
            </section>
            <section class="pl-card" aria-labelledby="group-new-heading">
                <div class="pl-card__head">
                    <h2 class="pl-card__title" id="group-new-heading">"New group"</h2>
                </div>
                <form class="pl-profile-form" on:submit=create novalidate>
                    <div class="pl-threshold-form__fields">
                        {hinted_field("Name", name, "text", "group-new-name", Some("Tuesday club"))}
                        {hinted_field("Time zone", tz, "text", "group-new-tz", Some("Europe/Berlin"))}
                        {hinted_field(
                            "Schedule (empty: on demand)",
                            schedule,
                            "text",
                            "group-new-schedule",
                            Some("mon 07:00"),
                        )}
                    </div>
                    <p class="pl-field__label">"Members"</p>
                    <MemberChecks selected=members test_prefix="group-new-member-".to_string() />
                    <button type="submit" class="pl-button pl-button--primary" data-testid="group-create">
                        "Create group"
                    </button>
                </form>
            </section>
        </div>
    }
}

/// One group: its facts, and (behind "Edit") its settings. Keyed by id and reading
/// the group from the list, so an open editor stays open across reloads.
#[component]
fn GroupRow(id: i64, fb: Feedback) -> impl IntoView {
    let group = Memo::new(move |_| fb.groups.with(|v| v.iter().find(|g| g.id == id).cloned()));
    let initial = group.get_untracked();
    let field = |f: fn(&GroupInfo) -> String| initial.as_ref().map(f).unwrap_or_default();
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let name = RwSignal::new(field(|g| g.name.clone()));
    let tz = RwSignal::new(field(|g| g.tz.clone()));
    let schedule = RwSignal::new(field(|g| g.schedule.clone().unwrap_or_default()));
    let recipient = RwSignal::new(field(|g| g.whatsapp_recipient.clone().unwrap_or_default()));
    let members: RwSignal<Vec<AthleteId>> = RwSignal::new(
        initial
            .as_ref()
            .map(|g| g.members.iter().map(|m| m.id).collect())
            .unwrap_or_default(),
    );
    let text = move |f: fn(&GroupInfo) -> String| move || group.with(|g| g.as_ref().map(f));

    let rename = move |_| {
        let (n, z) = (
            name.get_untracked().trim().to_string(),
            tz.get_untracked().trim().to_string(),
        );
        spawn_local(async move {
            fb.done(api::update_group(id, n, z).await, "Group saved");
        });
    };
    let save_members = move |_| {
        let m = members.get_untracked();
        spawn_local(async move {
            fb.done(api::set_group_members(id, m).await, "Members saved");
        });
    };
    let save_schedule = move |_| {
        let s = schedule_arg(&schedule.get_untracked());
        let off = s == "off";
        spawn_local(async move {
            let ok = if off {
                "Scheduled digests are off"
            } else {
                "Schedule saved"
            };
            if fb.done(api::set_group_schedule(id, s).await, ok) && off {
                schedule.set(String::new());
            }
        });
    };
    let save_recipient = move |_| {
        let r = optional(&recipient.get_untracked());
        spawn_local(async move {
            let ok = if r.is_some() {
                "WhatsApp recipient saved"
            } else {
                "Sends to the default recipient"
            };
            fb.done(api::set_group_whatsapp(id, r).await, ok);
        });
    };
    let delete = move |_| {
        confirming.set(false);
        spawn_local(async move {
            fb.done(api::delete_group(id).await, "Group deleted");
        });
    };

    view! {
        <li class="pl-athlete-row pl-group-row" data-testid=format!("group-row-{id}")>
            <span class="pl-athlete-row__name" data-testid=format!("group-name-{id}")>
                {text(|g| g.name.clone())}
            </span>
            <span class="pl-athlete-row__meta pl-group-row__facts">
                <span data-testid=format!("group-members-{id}")>{text(members_line)}</span>
                <span data-testid=format!("group-zone-{id}")>{text(|g| g.tz.clone())}</span>
                <span data-testid=format!("group-schedule-line-{id}")>
                    {text(|g| schedule_line(g, &local_time))}
                </span>
                <span data-testid=format!("group-last-{id}")>{text(last_digest_line)}</span>
            </span>
            <span class="pl-athlete-row__actions">
                <a
                    class="pl-button pl-button--primary"
                    href=format!("/groups/{id}/digest")
                    data-testid=format!("group-open-{id}")
                >
                    "Digest"
                </a>
                <button
                    type="button"
                    class="pl-button"
                    aria-expanded=move || editing.get().to_string()
                    data-testid=format!("group-edit-{id}")
                    on:click=move |_| editing.update(|e| *e = !*e)
                >
                    "Edit"
                </button>
                <Show
                    when=move || confirming.get()
                    fallback=move || {
                        view! {
                            <button
                                type="button"
                                class="pl-button"
                                data-testid=format!("group-delete-{id}")
                                on:click=move |_| confirming.set(true)
                            >
                                "Delete…"
                            </button>
                        }
                    }
                >
                    <span class="pl-athlete-row__confirm" role="alert">
                        {move || {
                            format!(
                                "Delete the group {} and its digests? The athletes stay.",
                                group.with(|g| g.as_ref().map(|g| g.name.clone()).unwrap_or_default()),
                            )
                        }}
                    </span>
                    <button
                        type="button"
                        class="pl-button pl-button--danger"
                        data-testid=format!("group-delete-confirm-{id}")
                        on:click=delete
                    >
                        "Delete"
                    </button>
                    <button type="button" class="pl-button" on:click=move |_| confirming.set(false)>
                        "Keep"
                    </button>
                </Show>
            </span>
            <Show when=move || editing.get()>
                <div class="pl-group-edit" data-testid=format!("group-editor-{id}")>
                    <div class="pl-watched__add">
                        <input
                            class="pl-input"
                            aria-label="Group name"
                            data-testid=format!("group-rename-{id}")
                            prop:value=move || name.get()
                            on:input=move |ev| name.set(event_target_value(&ev))
                        />
                        <input
                            class="pl-input"
                            aria-label="Time zone"
                            data-testid=format!("group-tz-{id}")
                            prop:value=move || tz.get()
                            on:input=move |ev| tz.set(event_target_value(&ev))
                        />
                        <button
                            type="button"
                            class="pl-button"
                            data-testid=format!("group-rename-save-{id}")
                            on:click=rename
                        >
                            "Save name and zone"
                        </button>
                    </div>
                    <MemberChecks selected=members test_prefix=format!("group-member-{id}-") />
                    <div class="pl-watched__add">
                        <button
                            type="button"
                            class="pl-button"
                            data-testid=format!("group-members-save-{id}")
                            on:click=save_members
                        >
                            "Save members"
                        </button>
                    </div>
                    <div class="pl-watched__add">
                        <input
                            class="pl-input"
                            aria-label="Schedule"
                            placeholder="mon 07:00"
                            title="mon 07:00 · a full schedule · empty or off = on demand"
                            data-testid=format!("group-schedule-{id}")
                            prop:value=move || schedule.get()
                            on:input=move |ev| schedule.set(event_target_value(&ev))
                        />
                        <button
                            type="button"
                            class="pl-button"
                            data-testid=format!("group-schedule-save-{id}")
                            on:click=save_schedule
                        >
                            "Save schedule"
                        </button>
                    </div>
                    <div class="pl-watched__add">
                        <input
                            class="pl-input"
                            aria-label="WhatsApp recipient"
                            placeholder="Default recipient (Settings › WhatsApp)"
                            data-testid=format!("group-whatsapp-{id}")
                            prop:value=move || recipient.get()
                            on:input=move |ev| recipient.set(event_target_value(&ev))
                        />
                        <button
                            type="button"
                            class="pl-button"
                            data-testid=format!("group-whatsapp-save-{id}")
                            on:click=save_recipient
                        >
                            "Save recipient"
                        </button>
                    </div>
                </div>
            </Show>
        </li>
    }
}
