//! Settings → Thresholds: the dated history of FTP, heart rates, paces and weight, each
//! entry deletable (after a confirmation); a form to add a value from a day on; and the
//! shell's suggestions, one click to apply. Every change goes through
//! [`crate::state::AppState::save_threshold`] or `delete_threshold`, which reload
//! thresholds, the dashboard and the load charts (the shell recomputes loads).

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::date::{format_long, format_ymd, parse_ymd};
use paceline_types::present::threshold_unit;
use paceline_types::{
    Sport, Threshold, ThresholdId, ThresholdKind, ThresholdSuggestion, Thresholds,
};

use crate::components::status::{ErrorBox, Loading};
use crate::state::use_app;
use crate::training::{
    default_sport, history, parse_threshold, threshold_value, Validity, THRESHOLD_SPORTS,
};

fn sport_name(sport: Option<Sport>) -> &'static str {
    sport.map_or("All sports", Sport::label)
}

#[component]
pub fn ThresholdsSection() -> impl IntoView {
    let app = use_app();
    app.reload_thresholds();
    let body = move || match app.thresholds.get() {
        None => view! { <Loading label="Reading thresholds…" /> }.into_any(),
        Some(Err(e)) => view! { <ErrorBox title="Could not read thresholds" error=e /> }.into_any(),
        Some(Ok(Thresholds {
            entries,
            suggestions,
            zones,
            today,
        })) => view! {
            <Suggestions suggestions=suggestions />
            <HistoryTable entries=entries today=today />
            <crate::components::zones::ZoneTables sets=zones />
        }
        .into_any(),
    };
    view! {
        <section class="pl-card pl-thresholds" id="thresholds" aria-labelledby="thresholds-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="thresholds-heading">"Thresholds"</h2>
            </div>
            <p class="pl-fieldset__help">
                "Each activity's load uses the values valid on its day. A new value applies from its date until the next one; earlier activities keep theirs."
            </p>
            {body}
            <AddThreshold />
        </section>
    }
}

#[component]
fn HistoryTable(entries: Vec<Threshold>, today: i32) -> impl IntoView {
    let app = use_app();
    if entries.is_empty() {
        return view! {
            <p class="pl-card__empty pl-thresholds__empty" data-testid="thresholds-table">
                "No thresholds yet. Add your FTP, threshold heart rate or threshold pace below so activities get a load."
            </p>
        }
        .into_any();
    }
    // The entry waiting for "Delete" to be confirmed, one at a time.
    let confirming = RwSignal::new(None::<ThresholdId>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let delete = move |id: ThresholdId| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            if let Err(e) = app.delete_threshold(id).await {
                error.set(Some(format!("Could not delete: {e}")));
            }
            confirming.set(None);
            busy.set(false);
        });
    };
    let rows = move || {
        let units = app.units();
        let mut prev_kind = None;
        history(&entries, today)
            .into_iter()
            .map(|(t, validity)| {
                let new_kind = prev_kind.is_some_and(|k| k != t.kind);
                prev_kind = Some(t.kind);
                let status = match validity {
                    Validity::Current => {
                        view! { <span class="pl-badge pl-badge--ok">"current"</span> }.into_any()
                    }
                    Validity::Upcoming => {
                        view! { <span class="pl-badge">"upcoming"</span> }.into_any()
                    }
                    Validity::Until(d) => format!("until {}", format_long(d.into())).into_any(),
                };
                let old = matches!(validity, Validity::Until(_));
                let id = t.id();
                let what = format!(
                    "{} {} from {}",
                    t.kind.label(),
                    sport_name(t.sport).to_lowercase(),
                    format_long(t.from_day.into())
                );
                let actions = move || {
                    if confirming.get() == Some(id) {
                        view! {
                            <span class="pl-thresholds__confirm">
                                <button
                                    class="pl-button pl-button--danger"
                                    type="button"
                                    data-testid="threshold-delete-confirm"
                                    disabled=move || busy.get()
                                    on:click=move |_| delete(id)
                                >
                                    "Delete"
                                </button>
                                <button
                                    class="pl-button pl-button--ghost"
                                    type="button"
                                    on:click=move |_| confirming.set(None)
                                >
                                    "Keep"
                                </button>
                            </span>
                        }
                        .into_any()
                    } else {
                        view! {
                            <button
                                class="pl-button pl-button--ghost"
                                type="button"
                                data-testid="threshold-delete"
                                aria-label=format!("Delete {what}")
                                title="Delete this value; the one before it applies again"
                                on:click=move |_| confirming.set(Some(id))
                            >
                                "Delete"
                            </button>
                        }
                        .into_any()
                    }
                };
                view! {
                    <tr
                        class="pl-table__row pl-table__row--static"
                        class:pl-thresholds__row--old=old
                        class:pl-thresholds__row--group=new_kind
                    >
                        <td class="pl-table__td">{t.kind.label()}</td>
                        <td class="pl-table__td">{sport_name(t.sport)}</td>
                        <td class="pl-table__td pl-table__td--num">
                            {threshold_value(t.kind, t.value, units)}
                        </td>
                        <td class="pl-table__td pl-table__td--date">
                            <time datetime=format_ymd(t.from_day.into())>{format_long(t.from_day.into())}</time>
                        </td>
                        <td class="pl-table__td pl-thresholds__status">{status}</td>
                        <td class="pl-table__td pl-thresholds__actions">{actions}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="pl-table-wrap">
            <table class="pl-table pl-table--compact" data-testid="thresholds-table">
                <thead>
                    <tr>
                        <th scope="col" class="pl-table__th">"Threshold"</th>
                        <th scope="col" class="pl-table__th">"Sport"</th>
                        <th scope="col" class="pl-table__th pl-table__th--num">"Value"</th>
                        <th scope="col" class="pl-table__th">"Valid from"</th>
                        <th scope="col" class="pl-table__th">
                            <span class="pl-visually-hidden">"Status"</span>
                        </th>
                        <th scope="col" class="pl-table__th">
                            <span class="pl-visually-hidden">"Actions"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {move || {
            error
                .get()
                .map(|e| view! { <p class="pl-thresholds__error" role="alert">{e}</p> })
        }}
    }
    .into_any()
}

#[component]
fn Suggestions(suggestions: Vec<ThresholdSuggestion>) -> impl IntoView {
    if suggestions.is_empty() {
        return ().into_any();
    }
    view! {
        <div class="pl-suggestions" data-testid="threshold-suggestions">
            <h3 class="pl-suggestions__title">"Suggested from your recent activities"</h3>
            <ul class="pl-suggestions__list">
                {suggestions
                    .into_iter()
                    .map(|s| view! { <SuggestionItem suggestion=s /> })
                    .collect_view()}
            </ul>
        </div>
    }
    .into_any()
}

#[component]
fn SuggestionItem(suggestion: ThresholdSuggestion) -> impl IntoView {
    let app = use_app();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let t = suggestion.threshold.clone();
    let (kind, current, reason) = (t.kind, suggestion.current, suggestion.reason.clone());
    let from = t.from_day;
    let sport = t.sport;
    let value = t.value;
    let apply = move |_| {
        let t = t.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let r = app.save_threshold(t).await;
            // On success the list is reloaded and this item goes away.
            busy.set(false);
            if let Err(e) = r {
                error.set(Some(format!("Could not apply: {e}")));
            }
        });
    };
    let change = move || {
        let units = app.units();
        let new = threshold_value(kind, value, units);
        match current {
            Some(c) => format!("{} → {new}", threshold_value(kind, c, units)),
            None => format!("not set → {new}"),
        }
    };
    view! {
        <li class="pl-suggestions__item" data-testid="threshold-suggestion">
            <div class="pl-suggestions__text">
                <p class="pl-suggestions__what">
                    <strong>{format!("{} · {}", kind.label(), sport_name(sport))}</strong>
                    <span class="pl-suggestions__change">{change}</span>
                </p>
                <p class="pl-suggestions__reason">
                    {format!("{reason} From {}.", format_long(from.into()))}
                </p>
                <Show when=move || error.with(Option::is_some)>
                    <p class="pl-form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
                </Show>
            </div>
            <button
                type="button"
                class="pl-button pl-button--primary"
                data-testid="threshold-apply"
                disabled=move || busy.get()
                on:click=apply
            >
                {move || if busy.get() { "Applying…" } else { "Apply" }}
            </button>
        </li>
    }
    .into_any()
}

#[component]
fn AddThreshold() -> impl IntoView {
    let app = use_app();
    let kind = RwSignal::new(ThresholdKind::Ftp);
    let sport = RwSignal::new(default_sport(ThresholdKind::Ftp));
    let value = RwSignal::new(String::new());
    // The athlete's today once the shell has said it; the athlete may change it.
    let day = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(today) = app.today() {
            if day.get_untracked().is_empty() {
                day.set(format_ymd(today.into()));
            }
        }
    });
    let busy = RwSignal::new(false);
    // (is an error, text)
    let message = RwSignal::new(None::<(bool, String)>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let k = kind.get_untracked();
        let parsed = parse_threshold(k, &value.get_untracked(), app.units());
        let from_day = parse_ymd(&day.get_untracked()).and_then(|d| i32::try_from(d).ok());
        let t = match (parsed, from_day) {
            (Err(e), _) => return message.set(Some((true, e))),
            (_, None) => return message.set(Some((true, "Pick the day it applies from.".into()))),
            (Ok(v), Some(d)) => Threshold {
                sport: sport.get_untracked(),
                kind: k,
                value: v,
                from_day: d,
            },
        };
        busy.set(true);
        message.set(None);
        spawn_local(async move {
            let units = app.units();
            let what = format!(
                "{} {} for {} from {}",
                t.kind.label(),
                threshold_value(t.kind, t.value, units),
                sport_name(t.sport).to_lowercase(),
                format_long(t.from_day.into())
            );
            match app.save_threshold(t).await {
                Ok(()) => {
                    value.set(String::new());
                    message.set(Some((
                        false,
                        format!("Saved {what}. Loads are recomputed."),
                    )));
                }
                Err(e) => message.set(Some((true, format!("Could not save: {e}")))),
            }
            busy.set(false);
        });
    };

    let placeholder = move || match kind.get() {
        ThresholdKind::ThresholdSpeed => "4:15",
        ThresholdKind::Css => "1:45",
        ThresholdKind::Ftp => "250",
        ThresholdKind::Lthr => "168",
        ThresholdKind::MaxHr => "188",
        ThresholdKind::RestingHr => "48",
        ThresholdKind::Weight => "68.5",
    };

    view! {
        <form class="pl-threshold-form" data-testid="threshold-add" on:submit=submit novalidate>
            <h3 class="pl-threshold-form__title">"Add a value"</h3>
            <div class="pl-threshold-form__fields">
                <label class="pl-field">
                    <span class="pl-field__label">"Threshold"</span>
                    <select
                        class="pl-input"
                        data-testid="threshold-kind"
                        on:change=move |ev| {
                            if let Some(k) = ThresholdKind::from_key(&event_target_value(&ev)) {
                                kind.set(k);
                                sport.set(default_sport(k));
                                message.set(None);
                            }
                        }
                    >
                        {ThresholdKind::ALL
                            .iter()
                            .map(|&k| {
                                view! {
                                    <option value=k.key() prop:selected=move || kind.get() == k>
                                        {k.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="pl-field">
                    <span class="pl-field__label">"Sport"</span>
                    <select
                        class="pl-input"
                        data-testid="threshold-sport"
                        on:change=move |ev| sport.set(Sport::from_key(&event_target_value(&ev)))
                    >
                        <option value="" prop:selected=move || sport.get().is_none()>
                            "All sports"
                        </option>
                        {THRESHOLD_SPORTS
                            .iter()
                            .map(|&s| {
                                view! {
                                    <option value=s.key() prop:selected=move || sport.get() == Some(s)>
                                        {s.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="pl-field">
                    <span class="pl-field__label">
                        "Value " <span class="pl-field__unit">{move || format!("({})", threshold_unit(kind.get(), app.units()))}</span>
                    </span>
                    <input
                        class="pl-input pl-input--value"
                        type="text"
                        inputmode="decimal"
                        autocomplete="off"
                        data-testid="threshold-value"
                        placeholder=placeholder
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))
                    />
                </label>
                <label class="pl-field">
                    <span class="pl-field__label">"Valid from"</span>
                    <input
                        class="pl-input"
                        type="date"
                        data-testid="threshold-day"
                        prop:value=move || day.get()
                        on:input=move |ev| day.set(event_target_value(&ev))
                    />
                </label>
                <button
                    type="submit"
                    class="pl-button pl-button--primary pl-threshold-form__submit"
                    disabled=move || busy.get()
                >
                    {move || if busy.get() { "Saving…" } else { "Add" }}
                </button>
            </div>
            <Show when=move || kind.get() == ThresholdKind::Css>
                <crate::components::css_test::CssFromTest value=value />
            </Show>
            {move || {
                message
                    .get()
                    .map(|(is_error, text)| {
                        if is_error {
                            view! { <p class="pl-form-error" role="alert">{text}</p> }.into_any()
                        } else {
                            view! { <p class="pl-form-ok" role="status">{text}</p> }.into_any()
                        }
                    })
            }}
        </form>
    }
}
