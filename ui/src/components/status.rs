//! Loading, error and empty states shared by the pages.

use leptos::prelude::*;
use paceline_types::WireError;

use crate::components::icons::Icon;

#[component]
pub fn Loading(#[prop(into)] label: String) -> impl IntoView {
    view! {
        <div class="pl-status pl-status--loading" role="status" aria-live="polite">
            <span class="pl-status__spinner" aria-hidden="true"></span>
            <span>{label}</span>
        </div>
    }
}

#[component]
pub fn ErrorBox(#[prop(into)] title: String, error: WireError) -> impl IntoView {
    view! {
        <div class="pl-status pl-status--error" role="alert">
            <Icon name="alert" />
            <div>
                <p class="pl-status__title">{title}</p>
                <p class="pl-status__message">{error.message}</p>
            </div>
        </div>
    }
}

/// What to do when the vault has no activities yet.
#[component]
pub fn NoActivities() -> impl IntoView {
    view! {
        <div class="pl-empty" data-testid="empty-state">
            <div class="pl-empty__icon">
                <Icon name="upload" />
            </div>
            <h2 class="pl-empty__title">"No activities yet"</h2>
            <p class="pl-empty__text">
                "Drop FIT files (or GPX/TCX) from your watch or bike computer onto this window, pick them with Import…, or run "
                <code>"paceline import <folder>"</code> " in a terminal."
            </p>
            <p class="pl-empty__text pl-empty__text--muted">
                "Everything is read and stored locally, in your encrypted vault."
            </p>
        </div>
    }
}
