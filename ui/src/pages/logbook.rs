//! The Logbook: strength sessions (and watch sessions to review), manual workouts,
//! the journal and body metrics, the recent entries, and progress (e1RM of an
//! exercise, weekly volume per muscle group, records, body weight).

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::{
    ExerciseInfo, Logbook, LogbookChartKind, LogbookProgress, SessionSource, Theme, WireError,
};

use crate::api;
use crate::components::status::{ErrorBox, Loading};
use crate::format::day_long;
use crate::pages::logbook_forms::{BodyForm, Done, Draft, JournalForm, ManualForm, StrengthForm};
use crate::state::use_app;

#[component]
pub fn LogbookPage() -> impl IntoView {
    let app = use_app();
    let reload = RwSignal::new(0u32);
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    let done: Done = Callback::new(move |r: Result<String, WireError>| match r {
        Ok(msg) => {
            error.set(None);
            status.set(Some(msg));
            reload.update(|n| *n += 1);
            // A manual workout moves the PMC: the dashboard and load charts reread.
            app.loads_changed();
        }
        Err(e) => {
            status.set(None);
            error.set(Some(e.message));
        }
    });
    let setup = LocalResource::new(move || {
        reload.get();
        async {
            Ok::<_, WireError>((
                api::logbook::exercises().await?,
                api::logbook::templates().await?,
            ))
        }
    });
    let book = LocalResource::new(move || {
        reload.get();
        api::logbook::logbook()
    });
    // "Today" comes from the shell once the dashboard or thresholds have loaded, maybe
    // after this page: the session's date is filled in when it is known (a date the
    // user already chose stays).
    let known = untrack(|| app.today());
    if known.is_none() {
        // Nothing has asked the shell yet (the dashboard not visited since a switch).
        app.reload_thresholds();
    }
    let draft = Draft::new(known);
    Effect::new(move |_| {
        if let Some(t) = app.today() {
            if draft.date.with_untracked(String::is_empty) {
                draft.date.set(crate::format::day_iso(t));
            }
        }
    });
    view! {
        <div class="pl-page pl-goals pl-logbook" data-testid="page-logbook">
            <header class="pl-page__header">
                <h1 class="pl-page__title">"Logbook"</h1>
            </header>
            <Show when=move || error.with(Option::is_some)>
                <p class="pl-form-error" role="alert" data-testid="lb-error">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
            <Show when=move || status.with(Option::is_some)>
                <p class="pl-card__meta" role="status" data-testid="lb-status">
                    {move || status.get().unwrap_or_default()}
                </p>
            </Show>
            {move || match setup.get() {
                None => view! { <Loading label="Loading the exercise library…" /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox title="Could not load the logbook" error=e /> }.into_any(),
                Some(Ok((exercises, templates))) => {
                    let today = app.today();
                    view! {
                    <StrengthForm exercises=exercises.clone() templates=templates draft=draft done=done />
                    <ManualForm today=today done=done />
                    <JournalForm today=today done=done />
                    <BodyForm today=today done=done />
                    <Progress exercises=exercises reload=reload />
                    }
                    .into_any()
                }
            }}
            {move || match book.get() {
                None => view! { <Loading label="Loading entries…" /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox title="Could not load the entries" error=e /> }.into_any(),
                Some(Ok(b)) => view! { <Entries book=b draft=draft done=done /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Entries(book: Logbook, draft: Draft, done: Done) -> impl IntoView {
    let sessions = book
        .sessions
        .into_iter()
        .take(30)
        .map(|s| {
            let input = s.input.clone();
            let review = move |_| draft.load(&input);
            let id = s.id;
            let to_template = move |_| {
                if let Some(id) = id {
                    spawn_local(async move {
                        done.run(
                            api::logbook::save_template(id, String::new())
                                .await
                                .map(|t| format!("Template {t} saved.")),
                        );
                    });
                }
            };
            let delete = move |_| {
                if let Some(id) = id {
                    spawn_local(async move {
                        done.run(api::logbook::delete_session(id).await.map(|()| "Session deleted.".into()));
                    });
                }
            };
            let tag = match s.source {
                SessionSource::Logged => "",
                SessionSource::Fit => " · from your watch, to review",
                SessionSource::Reviewed => " · reviewed watch session",
            };
            view! {
                <li class="pl-race" data-testid="lb-session-row" data-source=format!("{:?}", s.source).to_lowercase()>
                    <span class="pl-race__name">{s.input.name.clone()}</span>
                    <span class="pl-race__meta">
                        {format!(
                            "{} · {} sets · {:.0} kg{tag}",
                            day_long(s.input.day),
                            s.input.sets.len(),
                            s.volume_kg
                        )}
                    </span>
                    {match s.source {
                        SessionSource::Fit => view! {
                            <button type="button" class="pl-button" data-testid="lb-review" on:click=review>"Review"</button>
                        }
                        .into_any(),
                        _ => view! {
                            <button type="button" class="pl-button" data-testid="lb-save-template" on:click=to_template>
                                "Save as template"
                            </button>
                            <button type="button" class="pl-button" data-testid="lb-session-delete" on:click=delete>
                                "Delete"
                            </button>
                        }
                        .into_any(),
                    }}
                </li>
            }
        })
        .collect_view();
    let manual = book
        .manual
        .into_iter()
        .take(30)
        .map(|w| {
            let id = w.id;
            let delete = move |_| {
                spawn_local(async move {
                    done.run(
                        api::logbook::delete_manual(id)
                            .await
                            .map(|()| "Workout deleted.".into()),
                    );
                });
            };
            view! {
                <li class="pl-race" data-testid="lb-manual-row">
                    <span class="pl-race__name">{w.input.name.clone()}</span>
                    <span class="pl-race__meta">
                        {format!(
                            "{} · {:.0} min · RPE {} · load {:.1}",
                            day_long(w.input.day),
                            w.input.duration_s / 60.0,
                            w.input.rpe,
                            w.load.unwrap_or(0.0)
                        )}
                    </span>
                    <button type="button" class="pl-button" on:click=delete>"Delete"</button>
                </li>
            }
        })
        .collect_view();
    let f = |v: Option<u8>| v.map_or("–".to_string(), |v| v.to_string());
    let journal = book
        .journal
        .into_iter()
        .take(14)
        .map(|j| {
            view! {
                <li class="pl-race" data-testid="lb-journal-row">
                    <span class="pl-race__name">{day_long(j.day)}</span>
                    <span class="pl-race__meta">
                        {format!(
                            "sleep {} · soreness {} · mood {} · stress {} · motivation {}{}{}",
                            f(j.sleep_quality),
                            f(j.soreness),
                            f(j.mood),
                            f(j.stress),
                            f(j.motivation),
                            j.weight_kg.map(|w| format!(" · {w} kg")).unwrap_or_default(),
                            if j.notes.is_empty() { String::new() } else { format!(" · {}", j.notes) },
                        )}
                    </span>
                </li>
            }
        })
        .collect_view();
    let body = book
        .body
        .into_iter()
        .take(14)
        .map(|b| {
            let o = |v: Option<f64>, u: &str| v.map(|v| format!("{v}{u}"));
            let parts: Vec<String> = [
                o(b.weight_kg, " kg"),
                o(b.body_fat_pct, " % fat"),
                o(b.resting_hr, " bpm"),
                o(b.waist_cm, " cm waist"),
            ]
            .into_iter()
            .flatten()
            .collect();
            view! {
                <li class="pl-race" data-testid="lb-body-row">
                    <span class="pl-race__name">{day_long(b.day)}</span>
                    <span class="pl-race__meta">{parts.join(" · ")}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="pl-card" aria-labelledby="lb-recent-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="lb-recent-heading">"Recent entries"</h2>
            </div>
            <h3 class="pl-field__label">"Strength"</h3>
            <ul class="pl-race-list" data-testid="lb-sessions">{sessions}</ul>
            <h3 class="pl-field__label">"Manual workouts"</h3>
            <ul class="pl-race-list" data-testid="lb-manual">{manual}</ul>
            <h3 class="pl-field__label">"Journal"</h3>
            <ul class="pl-race-list" data-testid="lb-journal">{journal}</ul>
            <h3 class="pl-field__label">"Body"</h3>
            <ul class="pl-race-list" data-testid="lb-body">{body}</ul>
        </section>
    }
}

#[component]
fn Progress(exercises: Vec<ExerciseInfo>, reload: RwSignal<u32>) -> impl IntoView {
    let progress = LocalResource::new(move || {
        reload.get();
        api::logbook::progress()
    });
    // The picker starts on the first exercise trained, else the first of the library.
    let chosen = RwSignal::new(None::<String>);
    let fallback = exercises.first().map(|e| e.id.clone()).unwrap_or_default();
    let exercise = Signal::derive(move || {
        chosen.get().unwrap_or_else(|| {
            progress
                .get()
                .and_then(|p| p.ok())
                .and_then(|p| p.records.first().map(|r| r.exercise.id.clone()))
                .unwrap_or_else(|| fallback.clone())
        })
    });
    view! {
        <section class="pl-card" aria-labelledby="lb-progress-heading">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="lb-progress-heading">"Progress"</h2>
                <p class="pl-card__meta">"e1RM: Epley w × (1 + r/30), Brzycki w × 36 / (37 − r), sets of 1–15 reps. Volume: sets × reps × weight."</p>
            </div>
            <label class="pl-field">
                <span class="pl-field__label">"Exercise"</span>
                <select
                    class="pl-input"
                    data-testid="lb-progress-exercise"
                    on:change=move |ev| chosen.set(Some(event_target_value(&ev)))
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
            {move || {
                let kind = LogbookChartKind::E1rm { exercise: exercise.get() };
                view! { <LogbookChart kind=kind reload=reload testid="lb-chart-e1rm" /> }
            }}
            <LogbookChart kind=LogbookChartKind::WeeklyVolume reload=reload testid="lb-chart-volume" />
            {move || match progress.get() {
                None => view! { <Loading label="Loading records…" /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox title="Could not load progress" error=e /> }.into_any(),
                Some(Ok(p)) => view! { <Records progress=p /> }.into_any(),
            }}
            <LogbookChart kind=LogbookChartKind::BodyWeight reload=reload testid="lb-chart-weight" />
        </section>
    }
}

#[component]
fn Records(progress: LogbookProgress) -> impl IntoView {
    let rows = progress
        .records
        .into_iter()
        .map(|r| {
            let pr = |label: &str, p: Option<paceline_types::PrEntry>| {
                p.map(|p| format!("{label} {:.1} kg ({})", p.value, day_long(p.day)))
            };
            let parts: Vec<String> = [
                pr("heaviest", r.heaviest),
                pr("best e1RM", r.best_e1rm),
                pr("best day", r.best_day_volume),
            ]
            .into_iter()
            .flatten()
            .collect();
            view! {
                <li class="pl-race" data-testid="lb-pr-row">
                    <span class="pl-race__name">{r.exercise.name.clone()}</span>
                    <span class="pl-race__meta">{parts.join(" · ")}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <h3 class="pl-field__label">"Personal records"</h3>
        <ul class="pl-race-list" data-testid="lb-pr-list">{rows}</ul>
    }
}

/// A logbook chart drawn by the shell at a fixed size, scaled to the card's width.
#[component]
fn LogbookChart(
    kind: LogbookChartKind,
    reload: RwSignal<u32>,
    testid: &'static str,
) -> impl IntoView {
    let app = use_app();
    let kind = StoredValue::new(kind);
    let chart = LocalResource::new(move || {
        reload.get();
        let theme = if app.prefers_dark.get() {
            Theme::Dark
        } else {
            Theme::Light
        };
        api::logbook::chart(kind.get_value(), theme)
    });
    view! {
        <figure class="pl-chart">
            {move || match chart.get() {
                None => view! {
                    <div class="pl-chart__placeholder" role="status">"Drawing chart…"</div>
                }
                .into_any(),
                Some(Err(e)) => view! {
                    <p class="pl-chart__error" role="alert">"The chart could not be drawn: " {e.message}</p>
                }
                .into_any(),
                Some(Ok(c)) => view! {
                    <div class="pl-chart__canvas pl-logbook__chart" data-testid=testid role="img" inner_html=c.svg></div>
                }
                .into_any(),
            }}
        </figure>
    }
}
