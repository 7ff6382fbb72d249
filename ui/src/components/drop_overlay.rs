//! Full-window hint shown while files are dragged over the window. The shell does the
//! actual import when they are dropped and reports through `activities-changed`.

use leptos::prelude::*;

use crate::components::icons::Icon;
use crate::state::use_app;

#[component]
pub fn DropOverlay() -> impl IntoView {
    let app = use_app();
    let count = move || app.dragging.get();
    view! {
        <Show when=move || count().is_some()>
            <div class="pl-drop" data-testid="drop-overlay" role="presentation">
                <div class="pl-drop__panel">
                    <Icon name="upload" />
                    <p class="pl-drop__title">"Drop FIT files to import"</p>
                    <p class="pl-drop__hint">
                        {move || match count().unwrap_or(0) {
                            0 => "FIT, GPX and TCX files are read locally; nothing leaves this computer."
                                .to_string(),
                            1 => "1 file · read locally, nothing leaves this computer.".to_string(),
                            n => format!("{n} files · read locally, nothing leaves this computer."),
                        }}
                    </p>
                </div>
            </div>
        </Show>
    }
}
