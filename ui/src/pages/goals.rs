//! Coach › Goals: the races a plan is built toward, the hours per weekday, the
//! equipment, injuries and rules (`limits.rs`), and the buttons that plan (the built-in
//! planner, or the coach's model: checked before it is saved).

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::{EquipmentSet, PlanGenerated, PlanGoals, RaceEntry, WeekHours, WireError};

use super::limits::{Injuries, Rules};
use crate::api;
use crate::components::fields::{select_field, text_field};
use crate::components::status::{ErrorBox, Loading};
use crate::format::{day_long, parse_iso_day};

const RACE_SPORTS: &[(&str, &str)] = &[
    ("run", "run"),
    ("bike", "bike"),
    ("swim", "swim"),
    ("triathlon", "triathlon"),
    ("other", "other"),
];

const DAYS: [(&str, &str); 7] = [
    ("mon", "Mon"),
    ("tue", "Tue"),
    ("wed", "Wed"),
    ("thu", "Thu"),
    ("fri", "Fri"),
    ("sat", "Sat"),
    ("sun", "Sun"),
];

fn get_hours(h: &WeekHours, i: usize) -> f64 {
    [h.mon, h.tue, h.wed, h.thu, h.fri, h.sat, h.sun][i]
}

fn set_hours(h: &mut WeekHours, i: usize, v: f64) {
    let slot = match i {
        0 => &mut h.mon,
        1 => &mut h.tue,
        2 => &mut h.wed,
        3 => &mut h.thu,
        4 => &mut h.fri,
        5 => &mut h.sat,
        _ => &mut h.sun,
    };
    *slot = v;
}

#[component]
pub fn GoalsPage() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let goals = LocalResource::new(move || {
        reload.get();
        api::plan_goals()
    });
    let error = RwSignal::new(None::<String>);
    let done = move |r: Result<(), WireError>| match r {
        Ok(()) => {
            error.set(None);
            reload.update(|n| *n += 1);
        }
        Err(e) => error.set(Some(e.message)),
    };
    view! {
        <div class="pl-page pl-goals" data-testid="page-coach">
            <header class="pl-page__header">
                <h1 class="pl-page__title">"Coach › Goals"</h1>
                <super::coach_chat::CoachTabs />
            </header>
            <Show when=move || error.with(Option::is_some)>
                <p class="pl-form-error" role="alert" data-testid="goals-error">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
            {move || match goals.get() {
                None => view! { <Loading label="Loading goals…" /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox title="Could not load the goals" error=e /> }.into_any(),
                Some(Ok(g)) => view! {
                    <Races goals=g.clone() done=done />
                    <Hours goals=g.clone() done=done />
                    <Gear goals=g.clone() done=done />
                    <Injuries goals=g.clone() done=done />
                    <Rules goals=g done=done />
                    <Generate />
                }
                .into_any(),
            }}
        </div>
    }
}

#[component]
fn Races(goals: PlanGoals, done: impl Fn(Result<(), WireError>) + Copy + 'static) -> impl IntoView {
    let date = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let sport = RwSignal::new("run".to_string());
    let priority = RwSignal::new("A".to_string());
    let distance = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(day) = parse_iso_day(&date.get_untracked()) else {
            done(Err(WireError {
                code: paceline_types::ErrorCode::InvalidInput,
                message: "Give the race a date.".into(),
            }));
            return;
        };
        let num = |s: RwSignal<String>| s.get_untracked().trim().parse::<f64>().ok();
        let race = RaceEntry {
            id: None,
            day,
            name: name.get_untracked(),
            sport: sport.get_untracked(),
            distance_km: num(distance),
            priority: priority.get_untracked(),
            target_time_min: num(target),
            taper_days: None,
        };
        spawn_local(async move { done(api::add_race(&race).await.map(|_| ())) });
    };
    let rows = goals
        .races
        .into_iter()
        .map(|r| {
            let id = r.id.unwrap_or_default();
            let remove = move |_| spawn_local(async move { done(api::remove_race(id).await) });
            view! {
                <li class="pl-race" data-testid=format!("race-{id}")>
                    <span class=format!("pl-race__priority pl-race__priority--{}", r.priority.to_lowercase())>
                        {r.priority.clone()}
                    </span>
                    <span class="pl-race__name">{r.name.clone()}</span>
                    <span class="pl-race__meta">
                        {format!(
                            "{} · {}{}{}",
                            day_long(r.day),
                            r.sport,
                            r.distance_km.map(|d| format!(" · {d:.1} km")).unwrap_or_default(),
                            r.target_time_min.map(|t| format!(" · target {t} min")).unwrap_or_default(),
                        )}
                    </span>
                    <button type="button" class="pl-button" on:click=remove>"Remove"</button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="pl-card" aria-labelledby="races-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="races-heading">"Races"</h2>
                <p class="pl-card__meta">"A: the goal (full taper) · B: training race (mini-taper) · C: folded into training"</p>
            </div>
            <ul class="pl-race-list" data-testid="race-list">{rows}</ul>
            <form class="pl-goals-form" on:submit=add novalidate>
                {text_field("Date", date, "date", "race-date")}
                {text_field("Name", name, "text", "race-name")}
                {select_field("Sport", sport, RACE_SPORTS, "race-sport")}
                {select_field("Priority", priority, &[("A", "A"), ("B", "B"), ("C", "C")], "race-priority")}
                {text_field("Distance (km)", distance, "number", "race-distance")}
                {text_field("Target (min)", target, "number", "race-target")}
                <button type="submit" class="pl-button pl-button--primary" data-testid="race-add">
                    "Add race"
                </button>
            </form>
        </section>
    }
}

#[component]
fn Hours(goals: PlanGoals, done: impl Fn(Result<(), WireError>) + Copy + 'static) -> impl IntoView {
    let hours = RwSignal::new(goals.availability.unwrap_or_default());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let h = hours.get_untracked();
        spawn_local(async move { done(api::set_availability(h).await) });
    };
    let total = move || (0..7).map(|i| get_hours(&hours.get(), i)).sum::<f64>();
    view! {
        <section class="pl-card" aria-labelledby="hours-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="hours-heading">"Hours per weekday"</h2>
                <p class="pl-card__meta">{move || format!("{:.1} h a week; 0 = a rest day", total())}</p>
            </div>
            <form class="pl-goals-form" on:submit=save novalidate>
                {DAYS
                    .iter()
                    .enumerate()
                    .map(|(i, (key, label))| {
                        view! {
                            <label class="pl-field pl-field--narrow">
                                <span class="pl-field__label">{*label}</span>
                                <input
                                    class="pl-input"
                                    type="number"
                                    min="0"
                                    max="24"
                                    step="0.25"
                                    data-testid=format!("hours-{key}")
                                    prop:value=move || get_hours(&hours.get(), i).to_string()
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev).parse().unwrap_or(0.0);
                                        hours.update(|h| set_hours(h, i, v));
                                    }
                                />
                            </label>
                        }
                    })
                    .collect_view()}
                <button type="submit" class="pl-button pl-button--primary" data-testid="hours-save">
                    "Save hours"
                </button>
            </form>
        </section>
    }
}

#[component]
fn Gear(goals: PlanGoals, done: impl Fn(Result<(), WireError>) + Copy + 'static) -> impl IntoView {
    let eq = RwSignal::new(goals.equipment);
    type Field = fn(&mut EquipmentSet) -> &mut bool;
    let items: [(&str, &str, Field); 7] = [
        ("indoor_trainer", "Indoor trainer", |e| {
            &mut e.indoor_trainer
        }),
        ("power_meter", "Power meter", |e| &mut e.power_meter),
        ("treadmill", "Treadmill", |e| &mut e.treadmill),
        ("pool_access", "Pool", |e| &mut e.pool_access),
        ("open_water", "Open water", |e| &mut e.open_water),
        ("gym_access", "Gym", |e| &mut e.gym_access),
        ("indoor_only", "Indoor only", |e| &mut e.indoor_only),
    ];
    let save = move |_| {
        let e = eq.get_untracked();
        spawn_local(async move { done(api::set_equipment(&e).await) });
    };
    view! {
        <section class="pl-card" aria-labelledby="gear-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="gear-heading">"Equipment"</h2>
                <p class="pl-card__meta">"No workout is planned that needs what you lack."</p>
            </div>
            <div class="pl-goals-checks">
                {items
                    .into_iter()
                    .map(|(key, label, field)| {
                        view! {
                            <label class="pl-check">
                                <input
                                    type="checkbox"
                                    data-testid=format!("gear-{key}")
                                    prop:checked=move || eq.with(|e| *field(&mut e.clone()))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        eq.update(|e| *field(e) = on);
                                    }
                                />
                                {label}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <button type="button" class="pl-button pl-button--primary" data-testid="gear-save" on:click=save>
                "Save equipment"
            </button>
        </section>
    }
}

#[component]
fn Generate() -> impl IntoView {
    let result = RwSignal::new(None::<Result<PlanGenerated, WireError>>);
    let busy = RwSignal::new(false);
    let run = move |_| {
        busy.set(true);
        spawn_local(async move {
            result.set(Some(api::generate_plan().await));
            busy.set(false);
        });
    };
    view! {
        <section class="pl-card" aria-labelledby="plan-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="plan-heading">"Plan"</h2>
                <p class="pl-card__meta">
                    "Periodized to your last A race; checked (hours, ramp, taper form, rules, injuries, equipment) before it is saved."
                </p>
            </div>
            <div class="pl-coach__actions">
                <button
                    type="button"
                    class="pl-button pl-button--primary"
                    data-testid="plan-generate"
                    disabled=move || busy.get()
                    on:click=run
                >
                    "Generate plan"
                </button>
                <super::coach_chat::GenerateWithCoach />
            </div>
            <div data-testid="plan-result" aria-live="polite">
                {move || result.get().map(|r| match r {
                    Ok(g) => view! {
                        <p class="pl-goals-result">
                            {match g.version {
                                Some(v) => format!("Saved as version {v}: {} workouts. ", g.workouts),
                                None => "The checker refused the plan; nothing was saved.".to_string(),
                            }}
                            <a class="pl-link" href="/calendar">"Open the calendar"</a>
                        </p>
                        <ul class="pl-goals-reasons">
                            {g.infeasible.into_iter().chain(g.violations).map(|m| view! { <li>{m}</li> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(e) => view! { <p class="pl-form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </div>
        </section>
    }
}
