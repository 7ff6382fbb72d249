//! The deep analysis (Coach › Reviews): "Start deep analysis", its live progress
//! (from the `job` events the app state keeps), Cancel, the runs (a stopped one
//! resumes), and a finished run's report, shown in a sandboxed frame or saved to a file.

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::DeepRunView;

use crate::api;
use crate::components::backups::local_time;
use crate::review_text::{progress_fraction, progress_line, resumable, run_status_line};
use crate::state::{use_app, DeepLive};

#[component]
pub fn DeepAnalysis() -> impl IntoView {
    let app = use_app();
    let runs: RwSignal<Option<Vec<DeepRunView>>> = RwSignal::new(None);
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    // The run whose report is open, and its HTML.
    let report: RwSignal<Option<(i64, String)>> = RwSignal::new(None);
    let starting = RwSignal::new(false);

    Effect::new(move |_| {
        app.coach_rev.track();
        spawn_local(async move {
            match api::deep_runs().await {
                Ok(list) => {
                    runs.try_set(Some(list));
                }
                Err(e) => {
                    error.try_set(Some(e.message));
                }
            }
        });
    });

    // The job's own events fill in the progress (they may arrive before the reply).
    let start = move |resume: Option<i64>| {
        starting.set(true);
        spawn_local(async move {
            match api::start_deep_analysis(resume).await {
                Ok(_) => error.set(None),
                Err(e) => error.set(Some(e.message)),
            }
            starting.set(false);
        });
    };
    let cancel = move |_| {
        if let Some(job) = app.deep.with_untracked(|d| d.as_ref().map(|l| l.job)) {
            spawn_local(async move {
                if let Err(e) = api::cancel_job(job).await {
                    error.set(Some(e.message));
                }
            });
        }
    };
    let open = move |id: i64| {
        spawn_local(async move {
            match api::deep_report(id).await {
                Ok(html) => {
                    error.set(None);
                    report.set(Some((id, html)));
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let running = move || app.deep.with(Option::is_some);
    let busy = move || running() || starting.get();

    view! {
        <section class="pl-card" aria-labelledby="deep-heading" data-testid="coach-deep">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="deep-heading">"Deep analysis"</h2>
                <p class="pl-card__meta">
                    "A step-by-step look at your season, ending in a proposed plan change and a report."
                </p>
                <button type="button" class="pl-button pl-button--primary pl-card__action"
                    data-testid="deep-start" disabled=busy on:click=move |_| start(None)>
                    "Start deep analysis"
                </button>
            </div>
            {move || app.deep.get().map(|live| view! { <Progress live=live on_cancel=cancel /> })}
            <Show when=move || error.with(Option::is_some)>
                <p class="pl-form-error" role="alert" data-testid="deep-error">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
            {move || match runs.get() {
                None => view! { <p class="pl-card__empty">"Loading…"</p> }.into_any(),
                Some(list) if list.is_empty() => view! {
                    <p class="pl-card__empty" data-testid="deep-empty">"No deep analysis yet."</p>
                }
                .into_any(),
                Some(list) => view! {
                    <ul class="pl-coach__suggestions">
                        {list
                            .into_iter()
                            .map(|r| run_row(r, busy, start, open))
                            .collect_view()}
                    </ul>
                }
                .into_any(),
            }}
            {move || report.get().map(|(id, html)| view! { <Report id=id html=html on_close=move || report.set(None) /> })}
        </section>
    }
}

#[component]
fn Progress(live: DeepLive, on_cancel: impl Fn(leptos::ev::MouseEvent) + 'static) -> impl IntoView {
    let title = live
        .titles
        .iter()
        .find(|(s, _)| *s == live.step)
        .map(|(_, t)| t.clone())
        .unwrap_or_default();
    let step = live.step;
    view! {
        <div class="pl-coach__preview" role="status" data-testid="deep-progress">
            <div class="pl-coach__actions">
                <span class="pl-toast__spinner" aria-hidden="true"></span>
                <span data-testid="deep-progress-line">{progress_line(live.step, live.of, &title)}</span>
                <button type="button" class="pl-button" data-testid="deep-cancel"
                    title="Stop after the step in flight; the finished steps are kept for a resume"
                    on:click=on_cancel>"Cancel"</button>
            </div>
            <progress class="pl-toast__bar" max="1" value=progress_fraction(live.step, live.of)
                aria-label="Deep analysis progress"></progress>
            <ol class="pl-coach__steps">
                {live
                    .titles
                    .into_iter()
                    .map(|(s, t)| view! {
                        <li class:pl-coach__step--done=s < step
                            class:pl-coach__step--current=s == step
                            data-testid="deep-progress-step">
                            {format!("{s}. {t}{}", if s < step { " ✓" } else { "" })}
                        </li>
                    })
                    .collect_view()}
            </ol>
        </div>
    }
}

fn run_row(
    r: DeepRunView,
    busy: impl Fn() -> bool + Send + Sync + Copy + 'static,
    start: impl Fn(Option<i64>) + Copy + 'static,
    open: impl Fn(i64) + Copy + 'static,
) -> impl IntoView {
    let id = r.id;
    let done = r.steps.iter().filter(|s| s.text.is_some()).count();
    let status = run_status_line(&r.status, done, r.steps.len());
    let can_resume = resumable(&r.status);
    let finished = r.status == "done";
    view! {
        <li class="pl-coach__suggestion" data-testid="deep-run-row">
            <div class="pl-coach__actions">
                <strong>{format!("#{id}")}</strong>
                <span class="pl-card__meta">{local_time(r.created_utc)}</span>
                <span class="pl-badge" class:pl-badge--ok=finished data-testid="deep-run-status">
                    {status}
                </span>
                {can_resume.then(|| view! {
                    <button type="button" class="pl-button" data-testid="deep-resume"
                        disabled=busy on:click=move |_| start(Some(id))>"Resume"</button>
                })}
                {finished.then(|| view! {
                    <button type="button" class="pl-button" data-testid="deep-open"
                        on:click=move |_| open(id)>"Open report"</button>
                })}
            </div>
            {r.error.map(|e| view! { <p class="pl-fieldset__help">{e}</p> })}
            {r.suggestion_id.map(|s| view! {
                <p class="pl-fieldset__help">
                    {format!("Proposed plan change: suggestion #{s} ")}
                    <a class="pl-link" href="/coach/chat">"Review it"</a>
                </p>
            })}
        </li>
    }
}

/// The report in a frame that runs nothing (an empty `sandbox`: no scripts, no
/// navigation), and "Save report…" to a file.
#[component]
fn Report(id: i64, html: String, on_close: impl Fn() + 'static) -> impl IntoView {
    let path = RwSignal::new(String::new());
    let message: RwSignal<Option<Result<String, String>>> = RwSignal::new(None);
    let save = move |_| {
        let p = path.get_untracked().trim().to_string();
        if p.is_empty() {
            message.set(Some(Err(
                "Give the full path of the file, e.g. /home/me/deep-analysis.html".into(),
            )));
            return;
        }
        spawn_local(async move {
            message.set(Some(
                api::save_deep_report(id, p)
                    .await
                    .map(|written| format!("Saved to {written}"))
                    .map_err(|e| e.message),
            ));
        });
    };
    view! {
        <div class="pl-coach__preview" data-testid="deep-report">
            <div class="pl-coach__actions">
                <strong>{format!("Report of deep analysis #{id}")}</strong>
                <button type="button" class="pl-button pl-button--ghost" data-testid="deep-report-close"
                    on:click=move |_| on_close()>"Close"</button>
            </div>
            <iframe class="pl-coach__report" sandbox="" srcdoc=html
                title="Deep analysis report" data-testid="deep-report-frame"></iframe>
            <div class="pl-watched__add">
                <input class="pl-input" type="text" placeholder="/home/me/deep-analysis.html"
                    aria-label="Save the report to" data-testid="deep-save-path"
                    prop:value=move || path.get()
                    on:input=move |ev| path.set(event_target_value(&ev)) />
                <button class="pl-button" type="button" data-testid="deep-save" on:click=save>
                    "Save report…"
                </button>
            </div>
            {move || message.get().map(|m| match m {
                Ok(line) => view! {
                    <p class="pl-fieldset__help" role="status" data-testid="deep-save-message">{line}</p>
                }
                .into_any(),
                Err(e) => view! {
                    <p class="pl-form-error" role="alert" data-testid="deep-save-message">{e}</p>
                }
                .into_any(),
            })}
        </div>
    }
}
