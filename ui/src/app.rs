//! The app root: state, router, layout, and app-wide keyboard shortcuts.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{path, NavigateOptions};

use paceline_types::ErrorCode;

use crate::components::drop_overlay::DropOverlay;
use crate::components::import_toast::ImportToasts;
use crate::components::sidebar::{Sidebar, NAV};
use crate::pages::activities::ActivitiesPage;
use crate::pages::activity::ActivityPage;
use crate::pages::athletes::AthletesPage;
use crate::pages::calendar::CalendarPage;
use crate::pages::coach_chat::CoachChatPage;
use crate::pages::coach_reviews::CoachReviewsPage;
use crate::pages::dashboard::DashboardPage;
use crate::pages::digest::{AthleteDigestPage, GroupDigestPage};
use crate::pages::goals::GoalsPage;
use crate::pages::groups::GroupsPage;
use crate::pages::logbook::LogbookPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::routes::RoutesPage;
use crate::pages::settings::SettingsPage;
use crate::state::{use_app, AppState};

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    state.load();
    state.subscribe();

    view! {
        <Router>
            <Shell />
        </Router>
    }
}

/// Layout inside the router: skip link, sidebar, the routed page, overlays.
#[component]
fn Shell() -> impl IntoView {
    let app = use_app();
    let main_ref = NodeRef::<html::Main>::new();
    let navigate = use_navigate();

    // Alt+1…Alt+9: jump to the N-th sidebar page. `code` is used because Alt+digit
    // types other characters on some layouts (macOS).
    let handle = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if !e.alt_key() || e.ctrl_key() || e.meta_key() || e.shift_key() {
            return;
        }
        let code = e.code();
        let Some(n) = code
            .strip_prefix("Digit")
            .or_else(|| code.strip_prefix("Numpad"))
            .and_then(|d| d.parse::<usize>().ok())
        else {
            return;
        };
        if let Some(item) = n.checked_sub(1).and_then(|i| NAV.get(i)) {
            e.prevent_default();
            navigate(item.path, NavigateOptions::default());
            focus_main(main_ref);
        }
    });
    on_cleanup(move || handle.remove());

    // New page: start at its top (the main region scrolls, not the window) and name
    // the window after it. Pages with a better title (an activity) set their own.
    let location = use_location();
    Effect::new(move |_| {
        let path = location.pathname.get();
        if let Some(main) = main_ref.get_untracked() {
            main.set_scroll_top(0);
        }
        let label = NAV
            .iter()
            .filter(|n| n.path == path || (n.path != "/" && path.starts_with(n.path)))
            .map(|n| n.label)
            .next_back()
            .or((path == "/").then_some("Dashboard"));
        set_document_title(label);
    });

    let skip = move |e: web_sys::MouseEvent| {
        e.prevent_default();
        focus_main(main_ref);
    };

    view! {
        <a class="pl-skip-link" href="#main" on:click=skip>
            "Skip to content"
        </a>
        <div class="pl-app">
            <Sidebar />
            <main class="pl-main" id="main" tabindex="-1" node_ref=main_ref>
                <Banner />
                // Pages load their athlete's data: wait until the shell said whose.
                <Show when=move || app.athlete.with(Option::is_some)>
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view=DashboardPage />
                    <Route path=path!("/activities") view=ActivitiesPage />
                    <Route path=path!("/activities/:id") view=ActivityPage />
                    <Route path=path!("/settings") view=SettingsPage />
                    <Route path=path!("/calendar") view=CalendarPage />
                    <Route path=path!("/coach") view=GoalsPage />
                    <Route path=path!("/coach/chat") view=CoachChatPage />
                    <Route path=path!("/coach/reviews") view=CoachReviewsPage />
                    <Route path=path!("/routes") view=RoutesPage />
                    <Route path=path!("/logbook") view=LogbookPage />
                    <Route path=path!("/athletes") view=AthletesPage />
                    <Route path=path!("/groups") view=GroupsPage />
                    <Route path=path!("/groups/:id/digest") view=GroupDigestPage />
                    <Route path=path!("/digest") view=AthleteDigestPage />
                </Routes>
                </Show>
            </main>
        </div>
        <DropOverlay />
        <ImportToasts />
        <Show when=move || app.info.with(|i| matches!(i, Some(Ok(_))))>
            <span class="pl-visually-hidden" data-testid="app-ready">
                "Paceline is ready"
            </span>
        </Show>
    }
}

/// Problems outside any one page: the shell unreachable, settings not saved.
#[component]
fn Banner() -> impl IntoView {
    let app = use_app();
    // A failed `app_info` says the most (nothing works); show it before anything else.
    let info_error = move || {
        app.info.with(|i| match i {
            Some(Err(e)) if e.code == ErrorCode::Vault => {
                Some(format!("Paceline could not open its vault: {}", e.message))
            }
            Some(Err(e)) => Some(format!("Paceline is not responding: {}", e.message)),
            _ => None,
        })
    };
    let message = move || info_error().or_else(|| app.banner.get());
    view! {
        <Show when=move || message().is_some()>
            <div class="pl-banner" role="alert" data-testid="error-banner">
                <p class="pl-banner__text">{move || message().unwrap_or_default()}</p>
                <button
                    type="button"
                    class="pl-button pl-button--ghost"
                    on:click=move |_| app.banner.set(None)
                    hidden=move || info_error().is_some()
                >
                    "Dismiss"
                </button>
            </div>
        </Show>
    }
}

/// Moves focus to the main region (after navigation or the skip link), so keyboard
/// and screen-reader users land on the new page, not back in the sidebar.
fn focus_main(main_ref: NodeRef<html::Main>) {
    if let Some(main) = main_ref.get_untracked() {
        let _ = main.focus();
    }
}

/// "Activities — Paceline", or just "Paceline".
pub fn set_document_title(page: Option<&str>) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        match page {
            Some(p) => doc.set_title(&format!("{p} — Paceline")),
            None => doc.set_title("Paceline"),
        }
    }
}
