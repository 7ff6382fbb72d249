//! Settings › Thresholds, when adding a CSS: work it out from a 400 m and a 200 m
//! time trial (the 400/200 test) instead of knowing it.

use leptos::prelude::*;
use paceline_types::present::{threshold_number, threshold_unit};
use paceline_types::ThresholdKind;

use crate::state::use_app;
use crate::training::parse_mm_ss;

/// Fills `value` (the form's CSS field, in the athlete's units) from two times.
#[component]
pub fn CssFromTest(value: RwSignal<String>) -> impl IntoView {
    let app = use_app();
    let (t400, t200) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    let compute = move |_| {
        let times = parse_mm_ss(&t400.get_untracked()).zip(parse_mm_ss(&t200.get_untracked()));
        let css = times.and_then(|(a, b)| paceline_load::swim::css_from_test(a as f32, b as f32));
        match css {
            Some(css) => {
                error.set(None);
                value.set(
                    threshold_number(ThresholdKind::Css, f64::from(css), app.units())
                        .unwrap_or_default(),
                );
            }
            None => error.set(Some(
                "Give both times as m:ss, the 400 m one longer than the 200 m one.".into(),
            )),
        }
    };
    let time_input = move |label: &'static str, sig: RwSignal<String>, id: &'static str| {
        view! {
            <label class="pl-field">
                <span class="pl-field__label">{label}</span>
                <input
                    class="pl-input pl-input--value"
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    placeholder="m:ss"
                    data-testid=id
                    prop:value=move || sig.get()
                    on:input=move |ev| sig.set(event_target_value(&ev))
                />
            </label>
        }
    };
    view! {
        <div class="pl-threshold-form__fields pl-css-test" data-testid="css-test">
            <span class="pl-css-test__lead">"Or from a test: swim 400 m, then 200 m, all out"</span>
            {time_input("400 m time", t400, "css-400")}
            {time_input("200 m time", t200, "css-200")}
            <button type="button" class="pl-button pl-threshold-form__submit" on:click=compute>
                {move || format!("Work out CSS ({})", threshold_unit(ThresholdKind::Css, app.units()))}
            </button>
        </div>
        <Show when=move || error.with(Option::is_some)>
            <p class="pl-form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
        </Show>
    }
}
