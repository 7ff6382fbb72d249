//! Labelled form fields bound to a string signal, as the Goals forms use them.

use leptos::prelude::*;

/// An `<input>` with its label; `kind` is the input type (`text`, `date`, `number`).
pub fn text_field(
    label: &'static str,
    sig: RwSignal<String>,
    kind: &'static str,
    test: &'static str,
) -> impl IntoView {
    hinted_field(label, sig, kind, test, None)
}

/// [`text_field`] with a placeholder showing what to write (`mon 07:00`).
pub fn hinted_field(
    label: &'static str,
    sig: RwSignal<String>,
    kind: &'static str,
    test: &'static str,
    placeholder: Option<&'static str>,
) -> impl IntoView {
    view! {
        <label class="pl-field">
            <span class="pl-field__label">{label}</span>
            <input
                class="pl-input"
                type=kind
                data-testid=test
                placeholder=placeholder
                prop:value=move || sig.get()
                on:input=move |ev| sig.set(event_target_value(&ev))
            />
        </label>
    }
}

/// A `<select>` of `options` (value, label) with its label.
pub fn select_field(
    label: &'static str,
    sig: RwSignal<String>,
    options: &'static [(&'static str, &'static str)],
    test: &'static str,
) -> impl IntoView {
    view! {
        <label class="pl-field">
            <span class="pl-field__label">{label}</span>
            <select class="pl-input" data-testid=test on:change=move |ev| sig.set(event_target_value(&ev))>
                {options
                    .iter()
                    .map(|(v, l)| view! { <option value=*v selected=move || sig.get() == *v>{*l}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}
