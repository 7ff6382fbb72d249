//! The weekly review (Coach › Reviews): its schedule ("sun 19:00", or off), "Write
//! this week's review" (a job: the notice and the reload come with its `job` event),
//! and the reviews written, newest first, each with who wrote it (model or rules).

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::CoachReviewView;

use crate::api;
use crate::components::backups::local_time;
use crate::review_text::{schedule_input, source_label, source_title};
use crate::state::use_app;

#[component]
pub fn WeeklyReviews() -> impl IntoView {
    let app = use_app();
    let reviews: RwSignal<Option<Vec<CoachReviewView>>> = RwSignal::new(None);
    let schedule = RwSignal::new(String::new());
    let message: RwSignal<Option<String>> = RwSignal::new(None);
    let error: RwSignal<Option<String>> = RwSignal::new(None);

    spawn_local(async move {
        match api::coach_review_schedule().await {
            Ok(s) => schedule.set(s.unwrap_or_default()),
            Err(e) => error.set(Some(e.message)),
        }
    });
    // Reloads at first and whenever a review (or a deep analysis) job ended.
    Effect::new(move |_| {
        app.coach_rev.track();
        spawn_local(async move {
            match api::coach_reviews().await {
                Ok(list) => {
                    reviews.try_set(Some(list));
                }
                Err(e) => {
                    error.try_set(Some(e.message));
                }
            }
        });
    });

    let save = move |_| {
        let s = schedule_input(&schedule.get_untracked());
        spawn_local(async move {
            let off = s.is_none();
            match api::set_coach_review_schedule(s).await {
                Ok(next) => {
                    error.set(None);
                    message.set(Some(match next {
                        _ if off => "Weekly reviews are off".to_string(),
                        Some(t) => format!("Schedule saved · next review {}", local_time(t)),
                        None => "Schedule saved".to_string(),
                    }));
                    if off {
                        schedule.set(String::new());
                    }
                }
                Err(e) => {
                    message.set(None);
                    error.set(Some(e.message));
                }
            }
        });
    };
    let run = move |_| {
        spawn_local(async move {
            match api::start_coach_review(None).await {
                // The job's own events say when it runs and ends (they may come first).
                Ok(_) => error.set(None),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let writing = move || app.review_job.get().is_some();

    view! {
        <section class="pl-card" aria-labelledby="reviews-heading" data-testid="coach-reviews">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="reviews-heading">"Weekly review"</h2>
                <p class="pl-card__meta">
                    "Planned against done, load, form and wellness of a week, in the coach's words."
                </p>
                <button type="button" class="pl-button pl-button--primary pl-card__action"
                    data-testid="review-run" disabled=writing on:click=run>
                    {move || if writing() { "Writing…" } else { "Write this week's review" }}
                </button>
            </div>
            <div class="pl-watched__add">
                <input class="pl-input" type="text" placeholder="sun 19:00"
                    aria-label="Review schedule"
                    title="sun 19:00 · sun 19:00 Europe/Paris · empty or off = no scheduled review"
                    data-testid="review-schedule"
                    prop:value=move || schedule.get()
                    on:input=move |ev| schedule.set(event_target_value(&ev)) />
                <button class="pl-button" type="button" data-testid="review-schedule-save"
                    on:click=save>"Save schedule"</button>
            </div>
            <p class="pl-fieldset__help" role="status" data-testid="review-message">
                {move || message.get()}
            </p>
            <Show when=move || error.with(Option::is_some)>
                <p class="pl-form-error" role="alert" data-testid="review-error">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
            {move || match reviews.get() {
                None => view! { <p class="pl-card__empty">"Loading…"</p> }.into_any(),
                Some(list) if list.is_empty() => view! {
                    <p class="pl-card__empty" data-testid="review-empty">
                        "No review yet: write one, or set a schedule."
                    </p>
                }
                .into_any(),
                Some(list) => view! {
                    <ul class="pl-coach__suggestions">
                        {list.into_iter().map(review_row).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </section>
    }
}

fn review_row(r: CoachReviewView) -> impl IntoView {
    let llm = r.source == "llm";
    view! {
        <li class="pl-coach__suggestion" data-testid="review-row">
            <div class="pl-coach__actions">
                <strong data-testid="review-week">{r.week}</strong>
                <span class="pl-card__meta">{format!("{} – {}", r.monday, r.sunday)}</span>
                <span class="pl-badge" class:pl-badge--ok=llm title=source_title(&r.source)
                    data-testid="review-source">{source_label(&r.source)}</span>
            </div>
            <p class="pl-coach__review" data-testid="review-text">{r.text}</p>
        </li>
    }
}
