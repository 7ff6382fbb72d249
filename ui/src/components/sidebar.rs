//! The navigation rail: one link per page, Alt+1…Alt+9 shortcuts, athlete and version.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::icons::Icon;
use crate::state::use_app;

/// A sidebar page: test-id key, label, path.
pub struct NavItem {
    pub key: &'static str,
    pub label: &'static str,
    pub path: &'static str,
}

/// In sidebar order; Alt+N jumps to the N-th entry.
pub const NAV: [NavItem; 9] = [
    NavItem {
        key: "dashboard",
        label: "Dashboard",
        path: "/",
    },
    NavItem {
        key: "calendar",
        label: "Calendar",
        path: "/calendar",
    },
    NavItem {
        key: "activities",
        label: "Activities",
        path: "/activities",
    },
    NavItem {
        key: "coach",
        label: "Coach",
        path: "/coach",
    },
    NavItem {
        key: "routes",
        label: "Routes",
        path: "/routes",
    },
    NavItem {
        key: "logbook",
        label: "Logbook",
        path: "/logbook",
    },
    NavItem {
        key: "athletes",
        label: "Athletes",
        path: "/athletes",
    },
    NavItem {
        key: "groups",
        label: "Groups",
        path: "/groups",
    },
    NavItem {
        key: "settings",
        label: "Settings",
        path: "/settings",
    },
];

fn is_current(path: &str, current: &str) -> bool {
    if path == "/" {
        current == "/" || current.is_empty()
    } else {
        current == path || current.starts_with(&format!("{path}/"))
    }
}

#[component]
pub fn Sidebar() -> impl IntoView {
    let app = use_app();
    let location = use_location();
    let pathname = location.pathname;

    let items = NAV
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let path = item.path;
            let current = move || pathname.with(|p| is_current(path, p)).then_some("page");
            let shortcut = format!("Alt+{}", i + 1);
            view! {
                <li class="pl-sidebar__entry">
                    <a
                        class="pl-sidebar__item"
                        href=path
                        data-testid=format!("nav-{}", item.key)
                        aria-current=current
                        aria-keyshortcuts=shortcut.clone()
                        title=format!("{} ({shortcut})", item.label)
                    >
                        <Icon name=item.key />
                        <span class="pl-sidebar__label">{item.label}</span>
                        <kbd class="pl-sidebar__kbd" aria-hidden="true">{i + 1}</kbd>
                    </a>
                </li>
            }
        })
        .collect_view();

    let athlete = move || app.athlete_name();
    let version = move || {
        app.info.with(|i| match i {
            Some(Ok(info)) => format!("v{}", info.version),
            _ => String::new(),
        })
    };

    view! {
        <nav class="pl-sidebar" aria-label="Main">
            <div class="pl-sidebar__brand">
                <span class="pl-sidebar__logo" aria-hidden="true">
                    <svg viewBox="0 0 32 32" width="28" height="28">
                        <rect width="32" height="32" rx="8" fill="var(--pl-accent)"></rect>
                        <path
                            d="M6 20h5l3-9 4 12 3-7h5"
                            fill="none"
                            stroke="var(--pl-on-accent)"
                            stroke-width="2.4"
                            stroke-linecap="round"
                            stroke-linejoin="round"
                        ></path>
                    </svg>
                </span>
                <span class="pl-sidebar__name">"Paceline"</span>
            </div>
            <ul class="pl-sidebar__list">{items}</ul>
            <div class="pl-sidebar__footer">
                <AthleteSwitcher />
                <Show when=move || athlete().is_some() && app.athletes.with(|a| a.len() < 2)>
                    <div class="pl-sidebar__athlete" title="Athlete">
                        {athlete}
                    </div>
                </Show>
                <div class="pl-sidebar__version">{version}</div>
            </div>
        </nav>
    }
}

/// One click to another athlete: the page reloads for them. Shown once the vault has
/// more than one active athlete.
#[component]
fn AthleteSwitcher() -> impl IntoView {
    let app = use_app();
    let active = move || {
        app.athletes.with(|a| {
            a.iter()
                .filter(|x| !x.archived)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || { active().len() > 1 }>
            <label class="pl-sidebar__switch">
                <span class="pl-visually-hidden">"Athlete"</span>
                <select
                    class="pl-input pl-sidebar__select"
                    data-testid="athlete-switcher"
                    title="Switch athlete"
                    on:change=move |e| {
                        if let Ok(id) = event_target_value(&e).parse() {
                            if Some(id) != app.athlete.get_untracked() {
                                app.switch_athlete(id);
                            }
                        }
                    }
                >
                    {move || {
                        let current = app.athlete.get();
                        active()
                            .into_iter()
                            .map(|a| {
                                view! {
                                    <option value=a.id.to_string() selected=Some(a.id) == current>
                                        {a.name}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
        </Show>
    }
}
