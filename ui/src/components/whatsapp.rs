//! Settings › WhatsApp: where the weekly digests go (the WhatsApp Cloud API's
//! phone-number id, the default recipient, the access token), "Save" and "Turn off".
//! The token is write-only: the card only learns whether one is stored.

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::WhatsAppSettings;

use crate::api;
use crate::digest_text::whatsapp_status;

#[component]
pub fn WhatsAppSection() -> impl IntoView {
    let settings: RwSignal<Option<WhatsAppSettings>> = RwSignal::new(None);
    let phone = RwSignal::new(String::new());
    let recipient = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let message: RwSignal<Option<String>> = RwSignal::new(None);
    let error: RwSignal<Option<String>> = RwSignal::new(None);

    // Fills the inputs from what the vault holds (never the token).
    let show = move |s: WhatsAppSettings| {
        phone.set(s.phone_number_id.clone().unwrap_or_default());
        recipient.set(s.recipient.clone().unwrap_or_default());
        settings.set(Some(s));
    };
    let reload = move || {
        spawn_local(async move {
            match api::whatsapp_settings().await {
                Ok(s) => show(s),
                Err(e) => error.set(Some(e.message)),
            }
        })
    };
    reload();

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (p, r, t) = (
            phone.get_untracked().trim().to_string(),
            recipient.get_untracked().trim().to_string(),
            token.get_untracked().trim().to_string(),
        );
        spawn_local(async move {
            match api::set_whatsapp(p, r, t).await {
                Ok(s) => {
                    token.set(String::new());
                    error.set(None);
                    message.set(Some("WhatsApp settings saved".into()));
                    show(s);
                }
                Err(e) => {
                    message.set(None);
                    error.set(Some(e.message));
                }
            }
        });
    };
    let clear = move |_| {
        spawn_local(async move {
            match api::clear_whatsapp().await {
                Ok(()) => {
                    error.set(None);
                    message.set(Some(
                        "WhatsApp delivery is off; the token is deleted".into(),
                    ));
                    reload();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let token_set = move || settings.with(|s| s.as_ref().is_some_and(|s| s.token_set));

    view! {
        <section class="pl-card" aria-labelledby="whatsapp-heading" data-testid="wa-card">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="whatsapp-heading">
                    "WhatsApp"
                </h2>
                <p class="pl-card__meta" data-testid="wa-status">
                    {move || settings.with(|s| s.as_ref().map(whatsapp_status))}
                </p>
            </div>
            <p class="pl-fieldset__help">
                "Weekly group digests can be sent through the WhatsApp Cloud API: give the sender's "
                "phone-number id, the default recipient (a phone number or a group id; a group can "
                "name its own) and an access token, which stays in the encrypted vault."
            </p>
            <form class="pl-profile-form" on:submit=save novalidate>
                <div class="pl-threshold-form__fields">
                    <label class="pl-field">
                        <span class="pl-field__label">"Phone-number id"</span>
                        <input
                            class="pl-input"
                            type="text"
                            autocomplete="off"
                            data-testid="wa-phone"
                            prop:value=move || phone.get()
                            on:input=move |ev| phone.set(event_target_value(&ev))
                        />
                    </label>
                    <label class="pl-field">
                        <span class="pl-field__label">"Default recipient"</span>
                        <input
                            class="pl-input"
                            type="text"
                            autocomplete="off"
                            placeholder="+4915112345678"
                            data-testid="wa-recipient"
                            prop:value=move || recipient.get()
                            on:input=move |ev| recipient.set(event_target_value(&ev))
                        />
                    </label>
                    <label class="pl-field">
                        <span class="pl-field__label">"Access token"</span>
                        <input
                            class="pl-input"
                            type="password"
                            autocomplete="off"
                            placeholder=move || {
                                if token_set() { "token stored · empty keeps it" } else { "" }
                            }
                            data-testid="wa-token"
                            prop:value=move || token.get()
                            on:input=move |ev| token.set(event_target_value(&ev))
                        />
                    </label>
                    <button
                        type="submit"
                        class="pl-button pl-button--primary pl-threshold-form__submit"
                        data-testid="wa-save"
                    >
                        "Save"
                    </button>
                    <button
                        type="button"
                        class="pl-button pl-button--ghost pl-threshold-form__submit"
                        data-testid="wa-clear"
                        on:click=clear
                    >
                        "Turn off"
                    </button>
                </div>
            </form>
            <p class="pl-fieldset__help" role="status" data-testid="wa-message">
                {move || message.get()}
            </p>
            <Show when=move || error.with(Option::is_some)>
                <p class="pl-form-error" role="alert" data-testid="wa-error">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
            <p class="pl-deflist__help" data-testid="wa-base-url">
                {move || settings.with(|s| s.as_ref().map(|s| format!("API: {}", s.base_url)))}
            </p>
        </section>
    }
}
