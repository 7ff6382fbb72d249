//! The page for an address the app does not have.

use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <div class="pl-page">
            <header class="pl-page__header">
                <h1 class="pl-page__title">"Page not found"</h1>
            </header>
            <p class="pl-page__note">
                "Nothing lives at this address. " <a class="pl-link" href="/">
                    "Go to the dashboard"
                </a>
            </p>
        </div>
    }
}
