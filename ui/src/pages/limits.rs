//! Coach › Goals, what a plan must work around: injuries (a sport, dates, forbidden
//! intensities, a session cap) and the structured rules (each change a new version).
//! The app validates both; its messages show above the cards.

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::{ErrorCode, InjuryEntry, PlanGoals, WireError};

use crate::api;
use crate::components::fields::{select_field, text_field};
use crate::format::{day_long, parse_iso_day};

const SPORTS: &[(&str, &str)] = &[
    ("run", "run"),
    ("bike", "bike"),
    ("swim", "swim"),
    ("strength", "strength"),
    ("other", "other"),
];

const WEEKDAYS: &[(&str, &str)] = &[
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
];

/// Intensities an injury can forbid.
const HARD: [(&str, &str); 5] = [
    ("tempo", "Tempo"),
    ("threshold", "Threshold"),
    ("vo2", "VO2"),
    ("anaerobic", "Anaerobic"),
    ("race", "Race"),
];

/// Rule types, as the brief names them, with labels.
const RULE_KINDS: &[(&str, &str)] = &[
    ("rest_day", "Rest day"),
    ("no_sport_on_day", "No sport on a day"),
    ("long_session_day", "Long session day"),
    ("sport_only_on_days", "Sport only on days"),
    ("max_session_minutes", "Max session minutes"),
    ("min_sessions_per_week", "Min sessions a week"),
    ("max_hard_days_per_week", "Max hard days a week"),
    ("no_back_to_back_hard_days", "No hard days back to back"),
    ("max_sessions_per_day", "Max sessions a day"),
    ("min_rest_days_per_week", "Min rest days a week"),
    ("max_consecutive_days", "Max days in a row"),
];

/// The parameters a rule type takes.
fn rule_params(kind: &str) -> &'static [&'static str] {
    match kind {
        "rest_day" => &["day"],
        "no_sport_on_day" | "long_session_day" => &["sport", "day"],
        "sport_only_on_days" => &["sport", "days"],
        "max_session_minutes" => &["sport", "minutes"],
        "min_sessions_per_week" => &["sport", "n"],
        "no_back_to_back_hard_days" => &[],
        _ => &["n"],
    }
}

fn invalid(message: &str) -> WireError {
    WireError {
        code: ErrorCode::InvalidInput,
        message: message.into(),
    }
}

#[component]
pub fn Injuries(
    goals: PlanGoals,
    done: impl Fn(Result<(), WireError>) + Copy + 'static,
) -> impl IntoView {
    let what = RwSignal::new(String::new());
    let sport = RwSignal::new("run".to_string());
    let from = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let cap = RwSignal::new(String::new());
    let forbidden = RwSignal::new(Vec::<&'static str>::new());
    let forbid_sport = RwSignal::new(false);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(from_day) = parse_iso_day(&from.get_untracked()) else {
            return done(Err(invalid("Give the injury's first day.")));
        };
        let until_text = until.get_untracked();
        let until_day = parse_iso_day(&until_text);
        if !until_text.trim().is_empty() && until_day.is_none() {
            return done(Err(invalid("The last day is not a date.")));
        }
        let injury = InjuryEntry {
            id: None,
            description: what.get_untracked(),
            sport: Some(sport.get_untracked()),
            from: from_day,
            until: until_day,
            forbidden_intensities: forbidden
                .get_untracked()
                .iter()
                .map(|s| s.to_string())
                .collect(),
            max_session_minutes: cap.get_untracked().trim().parse::<f64>().ok(),
            forbid_sport: forbid_sport.get_untracked(),
        };
        spawn_local(async move { done(api::add_injury(&injury).await.map(|_| ())) });
    };
    let rows = goals
        .injuries
        .into_iter()
        .map(|i| {
            let id = i.id.unwrap_or_default();
            let remove = move |_| spawn_local(async move { done(api::remove_injury(id).await) });
            let span = match i.until {
                Some(u) => format!("{} – {}", day_long(i.from), day_long(u)),
                None => format!("from {}", day_long(i.from)),
            };
            let limits = if i.forbid_sport {
                "no training in this sport".to_string()
            } else {
                let mut l = Vec::new();
                if !i.forbidden_intensities.is_empty() {
                    l.push(format!("no {}", i.forbidden_intensities.join(", ")));
                }
                if let Some(m) = i.max_session_minutes {
                    l.push(format!("sessions ≤ {m:.0} min"));
                }
                l.join(" · ")
            };
            view! {
                <li class="pl-race" data-testid=format!("injury-{id}")>
                    <span class="pl-race__name">{i.description.clone()}</span>
                    <span class="pl-race__meta">
                        {format!("{} · {span} · {limits}", i.sport.unwrap_or_else(|| "every sport".into()))}
                    </span>
                    <button type="button" class="pl-button" on:click=remove>"Remove"</button>
                </li>
            }
        })
        .collect_view();
    let checks = HARD
        .into_iter()
        .map(|(key, label)| {
            view! {
                <label class="pl-check">
                    <input
                        type="checkbox"
                        data-testid=format!("injury-no-{key}")
                        prop:checked=move || forbidden.with(|f| f.contains(&key))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            forbidden.update(|f| {
                                f.retain(|x| *x != key);
                                if on {
                                    f.push(key);
                                }
                            });
                        }
                    />
                    {label}
                </label>
            }
        })
        .collect_view();
    view! {
        <section class="pl-card" aria-labelledby="injuries-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="injuries-heading">"Injuries"</h2>
                <p class="pl-card__meta">"While one lasts, nothing it forbids is planned."</p>
            </div>
            <ul class="pl-race-list" data-testid="injury-list">{rows}</ul>
            <form class="pl-goals-form" on:submit=add novalidate>
                {text_field("What", what, "text", "injury-what")}
                {select_field("Sport", sport, SPORTS, "injury-sport")}
                {text_field("From", from, "date", "injury-from")}
                {text_field("Until (optional)", until, "date", "injury-until")}
                {text_field("Max session (min)", cap, "number", "injury-cap")}
                <div class="pl-goals-checks">
                    {checks}
                    <label class="pl-check">
                        <input
                            type="checkbox"
                            data-testid="injury-forbid-sport"
                            prop:checked=move || forbid_sport.get()
                            on:change=move |ev| forbid_sport.set(event_target_checked(&ev))
                        />
                        "No training in this sport"
                    </label>
                </div>
                <button type="submit" class="pl-button pl-button--primary" data-testid="injury-add">
                    "Add injury"
                </button>
            </form>
        </section>
    }
}

#[component]
pub fn Rules(
    goals: PlanGoals,
    done: impl Fn(Result<(), WireError>) + Copy + 'static,
) -> impl IntoView {
    let kind = RwSignal::new(RULE_KINDS[0].0.to_string());
    let sport = RwSignal::new("run".to_string());
    let day = RwSignal::new("mon".to_string());
    let n = RwSignal::new(String::new());
    let minutes = RwSignal::new(String::new());
    let days = RwSignal::new(String::new());
    let words = RwSignal::new(String::new());
    let params = move || rule_params(&kind.get());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let needs = rule_params(&kind.get_untracked());
        let mut fields = Vec::new();
        for p in needs {
            let v = match *p {
                "sport" => sport.get_untracked(),
                "day" => day.get_untracked(),
                "n" => n.get_untracked(),
                "minutes" => minutes.get_untracked(),
                _ => days.get_untracked(),
            };
            if v.trim().is_empty() {
                let what = match *p {
                    "n" => "number",
                    "days" => "days",
                    other => other,
                };
                return done(Err(invalid(&format!("Give the rule its {what}."))));
            }
            fields.push(format!("{p}={}", v.trim()));
        }
        let (rule, text) = (kind.get_untracked(), words.get_untracked());
        spawn_local(async move { done(api::add_rule(rule, fields, text).await.map(|_| ())) });
    };
    let rows = goals
        .rules
        .into_iter()
        .map(|r| {
            let index = r.index;
            let remove = move |_| {
                spawn_local(async move { done(api::remove_rule(index).await.map(|_| ())) })
            };
            view! {
                <li class="pl-race" data-testid=format!("rule-{index}")>
                    <span class="pl-race__name">{r.words}</span>
                    <button type="button" class="pl-button" on:click=remove>"Remove"</button>
                </li>
            }
        })
        .collect_view();
    let shows = move |p: &'static str| move || params().contains(&p);
    view! {
        <section class="pl-card" aria-labelledby="rules-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="rules-heading">"Rules"</h2>
                <p class="pl-card__meta">
                    {format!("Every plan keeps them. Version {}{}", goals.rules_version,
                        if goals.rules_text.is_empty() { String::new() } else { format!(" — “{}”", goals.rules_text) })}
                </p>
            </div>
            <ul class="pl-race-list" data-testid="rule-list">{rows}</ul>
            <form class="pl-goals-form" on:submit=add novalidate>
                {select_field("Rule", kind, RULE_KINDS, "rule-type")}
                <Show when=shows("sport")>{select_field("Sport", sport, SPORTS, "rule-sport")}</Show>
                <Show when=shows("day")>{select_field("Day", day, WEEKDAYS, "rule-day")}</Show>
                <Show when=shows("n")>{text_field("Number", n, "number", "rule-n")}</Show>
                <Show when=shows("minutes")>{text_field("Minutes", minutes, "number", "rule-minutes")}</Show>
                <Show when=shows("days")>{text_field("Days (mon,wed,…)", days, "text", "rule-days")}</Show>
                {text_field("In your words", words, "text", "rule-words")}
                <button type="submit" class="pl-button pl-button--primary" data-testid="rule-add">
                    "Add rule"
                </button>
            </form>
        </section>
    }
}
