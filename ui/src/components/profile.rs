//! Settings › Athlete: the name shown across the app and the sex that weights
//! Banister's TRIMP. Saving a new sex rescores every activity.

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::{AthleteProfile, Sex};

use crate::api;
use crate::state::use_app;

#[component]
pub fn ProfileSection() -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(String::new());
    let sex = RwSignal::new(None::<Sex>);
    let busy = RwSignal::new(false);
    // (is an error, text)
    let message = RwSignal::new(None::<(bool, String)>);
    spawn_local(async move {
        match api::get_profile().await {
            Ok(p) => {
                name.set(p.name);
                sex.set(p.sex);
            }
            Err(e) => message.set(Some((true, format!("Could not read the profile: {e}")))),
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let p = AthleteProfile {
            name: name.get_untracked().trim().to_string(),
            sex: sex.get_untracked(),
        };
        if p.name.is_empty() {
            return message.set(Some((true, "Give a name.".into())));
        }
        busy.set(true);
        message.set(None);
        spawn_local(async move {
            match api::set_profile(&p).await {
                Ok(()) => {
                    message.set(Some((false, "Saved.".into())));
                    app.reload_info();
                    app.loads_changed();
                }
                Err(e) => message.set(Some((true, format!("Could not save: {e}")))),
            }
            busy.set(false);
        });
    };
    let option = move |value: Option<Sex>, label: &'static str| {
        let key = value.map_or("none", Sex::key);
        view! {
            <option value=key prop:selected=move || sex.get() == value>
                {label}
            </option>
        }
    };
    view! {
        <section class="pl-card" aria-labelledby="athlete-heading" data-testid="profile">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="athlete-heading">
                    "Athlete"
                </h2>
            </div>
            <form class="pl-profile-form" on:submit=submit novalidate>
                <div class="pl-threshold-form__fields">
                    <label class="pl-field">
                        <span class="pl-field__label">"Name"</span>
                        <input
                            class="pl-input"
                            data-testid="profile-name"
                            prop:value=move || name.get()
                            on:input=move |ev| name.set(event_target_value(&ev))
                        />
                    </label>
                    <label class="pl-field">
                        <span class="pl-field__label">"Sex"</span>
                        <select
                            class="pl-input"
                            data-testid="profile-sex"
                            on:change=move |ev| sex.set(Sex::from_key(&event_target_value(&ev)))
                        >
                            {option(None, "Not set")}
                            {option(Some(Sex::Female), "Female")}
                            {option(Some(Sex::Male), "Male")}
                        </select>
                    </label>
                    <button
                        type="submit"
                        class="pl-button pl-button--primary pl-threshold-form__submit"
                        data-testid="profile-save"
                        disabled=move || busy.get()
                    >
                        {move || if busy.get() { "Saving…" } else { "Save" }}
                    </button>
                </div>
            </form>
            <p class="pl-fieldset__help">
                "Sex weights TRIMP (Banister), which also needs your resting and max heart rate below."
            </p>
            {move || {
                message
                    .get()
                    .map(|(err, text)| {
                        let class = if err { "pl-form-error" } else { "pl-form-ok" };
                        view! { <p class=class role="status">{text}</p> }
                    })
            }}
        </section>
    }
}
