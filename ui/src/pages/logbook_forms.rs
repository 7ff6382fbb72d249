//! The Logbook page's forms: a strength session (sets from the exercise library,
//! templates, a watch session under review), a manual workout, today's journal and
//! body metrics. Each calls `done` with the shell's answer so the page reloads.

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::{
    BodyEntry, ExerciseInfo, JournalEntry, ManualInput, SessionInput, SetEntry, Sport,
    TemplateInfo, WireError,
};

use crate::api;
use crate::format::{day_iso, parse_iso_day};

pub type Done = Callback<Result<String, WireError>>;

fn invalid(msg: &str) -> WireError {
    WireError {
        code: paceline_types::ErrorCode::InvalidInput,
        message: msg.into(),
    }
}

fn num(s: RwSignal<String>) -> Option<f64> {
    s.get_untracked()
        .trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
}

fn field(
    label: &'static str,
    sig: RwSignal<String>,
    kind: &'static str,
    test: &'static str,
) -> impl IntoView {
    view! {
        <label class="pl-field">
            <span class="pl-field__label">{label}</span>
            <input
                class="pl-input"
                type=kind
                step="any"
                data-testid=test
                prop:value=move || sig.get()
                on:input=move |ev| sig.set(event_target_value(&ev))
            />
        </label>
    }
}

fn narrow(label: &'static str, sig: RwSignal<String>, test: &'static str) -> impl IntoView {
    view! {
        <label class="pl-field pl-field--narrow">
            <span class="pl-field__label">{label}</span>
            <input
                class="pl-input"
                type="number"
                step="any"
                data-testid=test
                prop:value=move || sig.get()
                on:input=move |ev| sig.set(event_target_value(&ev))
            />
        </label>
    }
}

/// The session being edited: shared with the list so "Review" can load a watch session.
#[derive(Clone, Copy)]
pub struct Draft {
    pub sets: RwSignal<Vec<SetEntry>>,
    pub activity_id: RwSignal<Option<i64>>,
    pub name: RwSignal<String>,
    pub date: RwSignal<String>,
}

impl Draft {
    pub fn new(today: Option<i32>) -> Draft {
        Draft {
            sets: RwSignal::new(Vec::new()),
            activity_id: RwSignal::new(None),
            name: RwSignal::new("Strength".into()),
            date: RwSignal::new(today.map(day_iso).unwrap_or_default()),
        }
    }

    pub fn load(&self, s: &SessionInput) {
        self.sets.set(s.sets.clone());
        self.activity_id.set(s.activity_id);
        self.name.set(s.name.clone());
        self.date.set(day_iso(s.day));
    }
}

#[component]
pub fn StrengthForm(
    exercises: Vec<ExerciseInfo>,
    templates: Vec<TemplateInfo>,
    draft: Draft,
    done: Done,
) -> impl IntoView {
    let first = exercises.first().map(|e| e.id.clone()).unwrap_or_default();
    let exercise = RwSignal::new(first);
    let reps = RwSignal::new(String::new());
    let weight = RwSignal::new(String::new());
    let rpe = RwSignal::new(String::new());
    let template = RwSignal::new(templates.first().map(|t| t.id));
    let names = StoredValue::new(exercises.clone());
    let name_of = move |id: &str| {
        names.with_value(|l| {
            l.iter()
                .find(|e| e.id == id)
                .map_or_else(|| format!("{id} (pick an exercise)"), |e| e.name.clone())
        })
    };
    let add_set = move |_| {
        let Some(r) = reps.get_untracked().trim().parse::<u32>().ok() else {
            done.run(Err(invalid("Give the set its reps.")));
            return;
        };
        let set = SetEntry {
            exercise: exercise.get_untracked(),
            reps: r,
            weight_kg: num(weight).unwrap_or(0.0),
            rpe: num(rpe),
            ..Default::default()
        };
        draft.sets.update(|s| s.push(set));
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(day) = parse_iso_day(&draft.date.get_untracked()) else {
            done.run(Err(invalid("Give the session a date.")));
            return;
        };
        let session = SessionInput {
            day,
            name: draft.name.get_untracked(),
            activity_id: draft.activity_id.get_untracked(),
            sets: draft.sets.get_untracked(),
            ..Default::default()
        };
        spawn_local(async move {
            let r = api::logbook::save_session(None, &session).await;
            if r.is_ok() {
                draft.sets.set(Vec::new());
                draft.activity_id.set(None);
            }
            done.run(r.map(|id| format!("Session {id} saved.")));
        });
    };
    let use_template = move |_| {
        let (Some(id), Some(day)) = (
            template.get_untracked(),
            parse_iso_day(&draft.date.get_untracked()),
        ) else {
            return;
        };
        spawn_local(async move {
            match api::logbook::start_from_template(id, day).await {
                Ok(s) => draft.load(&s),
                Err(e) => done.run(Err(e)),
            }
        });
    };
    let has_templates = !templates.is_empty();
    view! {
        <section class="pl-card" aria-labelledby="lb-strength-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="lb-strength-heading">"Strength session"</h2>
                <p class="pl-card__meta">
                    {move || match draft.activity_id.get() {
                        Some(a) => format!("Reviewing the sets of watch activity {a}: the file's own stay as they are."),
                        None => "Sets with reps, weight (kg) and RPE 1–10.".to_string(),
                    }}
                </p>
            </div>
            <form class="pl-goals-form" on:submit=save novalidate>
                {field("Date", draft.date, "date", "lb-session-date")}
                {field("Name", draft.name, "text", "lb-session-name")}
                <Show when=move || has_templates>
                    <label class="pl-field">
                        <span class="pl-field__label">"Template"</span>
                        <select
                            class="pl-input"
                            data-testid="lb-template"
                            on:change=move |ev| template.set(event_target_value(&ev).parse().ok())
                        >
                            {templates
                                .iter()
                                .map(|t| view! { <option value=t.id.to_string()>{t.name.clone()}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <button type="button" class="pl-button" data-testid="lb-use-template" on:click=use_template>
                        "Start from template"
                    </button>
                </Show>
            </form>
            <ol class="pl-race-list" data-testid="lb-draft-sets">
                {move || {
                    draft
                        .sets
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, s)| {
                            let remove = move |_| draft.sets.update(|v| {
                                if i < v.len() {
                                    v.remove(i);
                                }
                            });
                            view! {
                                <li class="pl-race" data-testid="lb-draft-set">
                                    <span class="pl-race__name">{name_of(&s.exercise)}</span>
                                    <span class="pl-race__meta">
                                        {format!(
                                            "{} × {} kg{}",
                                            s.reps,
                                            s.weight_kg,
                                            s.rpe.map(|r| format!(" @ RPE {r}")).unwrap_or_default(),
                                        )}
                                    </span>
                                    <button type="button" class="pl-button" on:click=remove>"Remove"</button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
            <form class="pl-goals-form" on:submit=save novalidate>
                <label class="pl-field">
                    <span class="pl-field__label">"Exercise"</span>
                    <select
                        class="pl-input"
                        data-testid="lb-exercise"
                        on:change=move |ev| exercise.set(event_target_value(&ev))
                    >
                        {exercises
                            .iter()
                            .map(|e| {
                                let id = e.id.clone();
                                view! {
                                    <option value=e.id.clone() selected=move || exercise.get() == id>
                                        {e.name.clone()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                {narrow("Reps", reps, "lb-reps")}
                {narrow("Weight (kg)", weight, "lb-weight")}
                {narrow("RPE", rpe, "lb-rpe")}
                <button type="button" class="pl-button" data-testid="lb-add-set" on:click=add_set>
                    "Add set"
                </button>
                <button type="submit" class="pl-button pl-button--primary" data-testid="lb-save-session">
                    "Save session"
                </button>
            </form>
        </section>
    }
}

#[component]
pub fn ManualForm(today: Option<i32>, done: Done) -> impl IntoView {
    let date = RwSignal::new(today.map(day_iso).unwrap_or_default());
    let sport = RwSignal::new("run".to_string());
    let minutes = RwSignal::new(String::new());
    let km = RwSignal::new(String::new());
    let rpe = RwSignal::new(String::new());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(day) = parse_iso_day(&date.get_untracked()) else {
            done.run(Err(invalid("Give the workout a date.")));
            return;
        };
        let (Some(min), Some(rpe)) = (num(minutes), num(rpe)) else {
            done.run(Err(invalid(
                "Give the duration in minutes and the RPE (1–10).",
            )));
            return;
        };
        let w = ManualInput {
            day,
            start_min: None,
            sport: Sport::from_key(&sport.get_untracked()).unwrap_or(Sport::Other),
            duration_s: min * 60.0,
            distance_m: num(km).map(|k| k * 1000.0),
            rpe,
            name: String::new(),
            notes: String::new(),
        };
        spawn_local(async move {
            let r = api::logbook::save_manual(&w).await;
            done.run(r.map(|w| {
                format!(
                    "{} saved: session RPE {:.0}, load {:.1}.",
                    w.input.name,
                    w.session_rpe,
                    w.load.unwrap_or(0.0)
                )
            }));
        });
    };
    let sports = [
        "run", "ride", "swim", "walk", "hike", "row", "ski", "strength", "yoga", "other",
    ];
    view! {
        <section class="pl-card" aria-labelledby="lb-manual-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="lb-manual-heading">"Manual workout"</h2>
                <p class="pl-card__meta">"No file: scored by its session RPE and counted in your fitness (PMC)."</p>
            </div>
            <form class="pl-goals-form" on:submit=save novalidate>
                {field("Date", date, "date", "lb-manual-date")}
                <label class="pl-field">
                    <span class="pl-field__label">"Sport"</span>
                    <select class="pl-input" data-testid="lb-manual-sport" on:change=move |ev| sport.set(event_target_value(&ev))>
                        {sports.iter().map(|s| view! { <option value=*s>{*s}</option> }).collect_view()}
                    </select>
                </label>
                {narrow("Minutes", minutes, "lb-manual-duration")}
                {narrow("Distance (km)", km, "lb-manual-distance")}
                {narrow("RPE 1–10", rpe, "lb-manual-rpe")}
                <button type="submit" class="pl-button pl-button--primary" data-testid="lb-manual-save">
                    "Save workout"
                </button>
            </form>
        </section>
    }
}

fn scale(label: &'static str, sig: RwSignal<String>, test: &'static str) -> impl IntoView {
    view! {
        <label class="pl-field pl-field--narrow">
            <span class="pl-field__label">{label}</span>
            <select class="pl-input" data-testid=test on:change=move |ev| sig.set(event_target_value(&ev))>
                <option value="">"–"</option>
                {(1..=5).map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
            </select>
        </label>
    }
}

#[component]
pub fn JournalForm(today: Option<i32>, done: Done) -> impl IntoView {
    let date = RwSignal::new(today.map(day_iso).unwrap_or_default());
    let s = || RwSignal::new(String::new());
    let (sleep, soreness, mood, stress, motivation, weight, notes) =
        (s(), s(), s(), s(), s(), s(), s());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(day) = parse_iso_day(&date.get_untracked()) else {
            done.run(Err(invalid("Give the entry a date.")));
            return;
        };
        let n = |s: RwSignal<String>| s.get_untracked().parse::<u8>().ok();
        let e = JournalEntry {
            day,
            sleep_quality: n(sleep),
            soreness: n(soreness),
            mood: n(mood),
            stress: n(stress),
            motivation: n(motivation),
            weight_kg: num(weight),
            notes: notes.get_untracked(),
        };
        spawn_local(async move {
            done.run(
                api::logbook::save_journal(&e)
                    .await
                    .map(|()| "Journal saved.".into()),
            );
        });
    };
    view! {
        <section class="pl-card" aria-labelledby="lb-journal-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="lb-journal-heading">"Journal"</h2>
                <p class="pl-card__meta">
                    "1–5: sleep 1 very poor … 5 excellent · soreness 1 none … 5 very sore · mood 1 very low … 5 very good · stress 1 very relaxed … 5 very stressed · motivation 1 none … 5 very eager. Sleep counts in readiness."
                </p>
            </div>
            <form class="pl-goals-form" on:submit=save novalidate>
                {field("Date", date, "date", "lb-journal-date")}
                {scale("Sleep", sleep, "lb-journal-sleep")}
                {scale("Soreness", soreness, "lb-journal-soreness")}
                {scale("Mood", mood, "lb-journal-mood")}
                {scale("Stress", stress, "lb-journal-stress")}
                {scale("Motivation", motivation, "lb-journal-motivation")}
                {narrow("Weight (kg)", weight, "lb-journal-weight")}
                {field("Notes", notes, "text", "lb-journal-notes")}
                <button type="submit" class="pl-button pl-button--primary" data-testid="lb-journal-save">
                    "Save journal"
                </button>
            </form>
        </section>
    }
}

#[component]
pub fn BodyForm(today: Option<i32>, done: Done) -> impl IntoView {
    let date = RwSignal::new(today.map(day_iso).unwrap_or_default());
    let s = || RwSignal::new(String::new());
    let (weight, fat, rhr, waist) = (s(), s(), s(), s());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(day) = parse_iso_day(&date.get_untracked()) else {
            done.run(Err(invalid("Give the entry a date.")));
            return;
        };
        let e = BodyEntry {
            day,
            weight_kg: num(weight),
            body_fat_pct: num(fat),
            resting_hr: num(rhr),
            waist_cm: num(waist),
            ..Default::default()
        };
        spawn_local(async move {
            done.run(
                api::logbook::save_body(&e)
                    .await
                    .map(|()| "Body metrics saved.".into()),
            );
        });
    };
    view! {
        <section class="pl-card" aria-labelledby="lb-body-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="lb-body-heading">"Body metrics"</h2>
            </div>
            <form class="pl-goals-form" on:submit=save novalidate>
                {field("Date", date, "date", "lb-body-date")}
                {narrow("Weight (kg)", weight, "lb-body-weight")}
                {narrow("Body fat %", fat, "lb-body-fat")}
                {narrow("Resting HR", rhr, "lb-body-rhr")}
                {narrow("Waist (cm)", waist, "lb-body-waist")}
                <button type="submit" class="pl-button pl-button--primary" data-testid="lb-body-save">
                    "Save"
                </button>
            </form>
        </section>
    }
}
