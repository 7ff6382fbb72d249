//! Settings: the unit system (saved in the vault), the athlete, training thresholds
//! with their history, the connected services, the coach's models, and where the vault lives.

use leptos::prelude::*;
use paceline_types::{AppInfo, KeySource, Settings, Units};

use crate::components::status::{ErrorBox, Loading};
use crate::components::thresholds::ThresholdsSection;
use crate::state::use_app;

#[component]
fn UnitsChoice() -> impl IntoView {
    let app = use_app();
    let option = move |units: Units, label: &'static str, example: &'static str| {
        let checked = move || app.units() == units;
        view! {
            <label class="pl-choice" class:pl-choice--checked=checked>
                <input
                    class="pl-choice__input"
                    type="radio"
                    name="units"
                    value=format!("{units:?}").to_lowercase()
                    data-testid=format!("units-{}", format!("{units:?}").to_lowercase())
                    prop:checked=checked
                    on:change=move |_| app.save_settings(Settings { units, ..app.settings.get_untracked() })
                />
                <span class="pl-choice__text">
                    <span class="pl-choice__label">{label}</span>
                    <span class="pl-choice__example">{example}</span>
                </span>
            </label>
        }
    };
    view! {
        <fieldset class="pl-fieldset">
            <legend class="pl-fieldset__legend">"Units"</legend>
            <p class="pl-fieldset__help">"Used for distances, speeds, paces, elevation and charts on every page."</p>
            <div class="pl-choice-group">
                {option(Units::Metric, "Metric", "km · km/h · min/km · m")}
                {option(Units::Imperial, "Imperial", "mi · mph · min/mi · ft")}
            </div>
        </fieldset>
    }
}

#[component]
fn VaultInfo(info: AppInfo) -> impl IntoView {
    let (key_label, key_help) = match info.key_source {
        KeySource::Keyring => (
            "OS keyring",
            "A random 256-bit key kept in your system's keyring unlocks the vault.",
        ),
        KeySource::Passphrase => (
            "Passphrase",
            "The key is derived (Argon2id) from the PACELINE_PASSPHRASE environment variable.",
        ),
    };
    view! {
        <dl class="pl-deflist" data-testid="vault-info">
            <div class="pl-deflist__row">
                <dt>"Vault"</dt>
                <dd>
                    <code class="pl-path">{info.vault_path}</code>
                </dd>
            </div>
            <div class="pl-deflist__row">
                <dt>"Data folder"</dt>
                <dd>
                    <code class="pl-path">{info.data_dir}</code>
                </dd>
            </div>
            <div class="pl-deflist__row">
                <dt>"Key"</dt>
                <dd>
                    <span data-testid="key-source">{key_label}</span>
                    <span class="pl-deflist__help">{key_help}</span>
                </dd>
            </div>
            <div class="pl-deflist__row">
                <dt>"Activities"</dt>
                <dd>{info.activity_count}</dd>
            </div>
            <div class="pl-deflist__row">
                <dt>"Version"</dt>
                <dd>{format!("Paceline {}", info.version)}</dd>
            </div>
        </dl>
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let app = use_app();
    // "/settings#thresholds" (from the dashboard's notice) lands on the thresholds once
    // they are shown (the page is too short to scroll there before), after the shell's
    // scroll-to-top for the new page.
    let hash = leptos_router::hooks::use_location().hash.get_untracked();
    let want_scroll = StoredValue::new(hash.trim_start_matches('#') == "thresholds");
    Effect::new(move |_| {
        if app.thresholds.with(Option::is_some) && want_scroll.get_value() {
            want_scroll.set_value(false);
            set_timeout(
                || {
                    if let Some(el) = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.get_element_by_id("thresholds"))
                    {
                        el.scroll_into_view();
                    }
                },
                std::time::Duration::from_millis(30),
            );
        }
    });
    view! {
        <div class="pl-page pl-settings">
            <header class="pl-page__header">
                <h1 class="pl-page__title">"Settings"</h1>
            </header>
            <section class="pl-card" aria-labelledby="display-heading">
                <div class="pl-card__head">
                    <h2 class="pl-card__title" id="display-heading">
                        "Display"
                    </h2>
                </div>
                <UnitsChoice />
                <p class="pl-fieldset__help">
                    "Light and dark themes follow your operating system's appearance setting."
                </p>
            </section>
            <crate::components::profile::ProfileSection />
            <ThresholdsSection />
            <crate::components::watched::WatchedFolders />
            <crate::components::backups::BackupsSection />
            <crate::components::garmin::GarminSection />
            <crate::components::whatsapp::WhatsAppSection />
            <crate::components::coach_settings::CoachSection />
            <section class="pl-card" aria-labelledby="vault-heading">
                <div class="pl-card__head">
                    <h2 class="pl-card__title" id="vault-heading">
                        "Vault"
                    </h2>
                    <p class="pl-card__meta">"Encrypted, on this computer only"</p>
                </div>
                {move || match app.info.get() {
                    None => view! { <Loading label="Reading vault information…" /> }.into_any(),
                    Some(Err(e)) => {
                        view! { <ErrorBox title="Could not read vault information" error=e /> }
                            .into_any()
                    }
                    Some(Ok(info)) => view! { <VaultInfo info=info /> }.into_any(),
                }}
            </section>
        </div>
    }
}
