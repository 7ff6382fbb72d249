//! The coach's suggestions after a workout (Coach › Chat): "Analyze latest workout",
//! then for each suggestion, pending first, its analysis, the change in words, a
//! preview of what it would do to the plan, and Approve (a new plan version) or Reject.

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::{CoachPreview, CoachSuggestion};

use crate::api;
use crate::coach_text::{approved_line, suggestion_status};
use crate::components::backups::local_time;

#[component]
pub fn Suggestions() -> impl IntoView {
    let list: RwSignal<Option<Vec<CoachSuggestion>>> = RwSignal::new(None);
    let previews: RwSignal<Vec<(i64, Result<CoachPreview, String>)>> = RwSignal::new(Vec::new());
    let busy = RwSignal::new(false);
    let message: RwSignal<Option<String>> = RwSignal::new(None);
    let error: RwSignal<Option<String>> = RwSignal::new(None);

    let reload = move || {
        spawn_local(async move {
            match api::coach_suggestions().await {
                Ok(s) => list.set(Some(s)),
                Err(e) => error.set(Some(e.message)),
            }
        })
    };
    reload();
    let report = move |r: Result<String, paceline_types::WireError>| {
        busy.set(false);
        match r {
            Ok(m) => {
                error.set(None);
                message.set(Some(m));
                previews.set(Vec::new());
                reload();
            }
            Err(e) => {
                message.set(None);
                error.set(Some(e.message));
            }
        }
    };
    let analyze = move |_| {
        busy.set(true);
        spawn_local(async move {
            report(api::coach_analyze(None).await.map(|s| {
                if s.change_lines.is_empty() {
                    "Analysed: nothing in the plan needs to change.".to_string()
                } else {
                    format!("Analysed: suggestion #{} proposes a change.", s.id)
                }
            }))
        });
    };
    let preview = move |id: i64| {
        spawn_local(async move {
            let p = api::coach_preview(id).await.map_err(|e| e.message);
            previews.update(|v| {
                v.retain(|(x, _)| *x != id);
                v.push((id, p));
            });
        });
    };
    let approve = move |id: i64| {
        busy.set(true);
        spawn_local(async move {
            report(
                api::coach_approve(id)
                    .await
                    .map(|version| approved_line(id, version)),
            )
        });
    };
    let reject = move |id: i64| {
        busy.set(true);
        spawn_local(async move {
            report(
                api::coach_reject(id)
                    .await
                    .map(|()| format!("Suggestion #{id} rejected; the plan stays as it is.")),
            )
        });
    };

    let row = move |s: CoachSuggestion| {
        let id = s.id;
        let pending = s.status == "pending";
        let changes = !s.change_lines.is_empty();
        let shown =
            move || previews.with(|v| v.iter().find(|(x, _)| *x == id).map(|(_, p)| p.clone()));
        view! {
            <li class="pl-coach__suggestion" class:pl-coach__suggestion--pending=pending
                data-testid="coach-suggestion-row">
                <p class="pl-card__meta" data-testid="coach-suggestion-status">
                    {format!("#{id} · {} · {}", local_time(s.created_utc), suggestion_status(&s))}
                </p>
                <p data-testid="coach-suggestion-analysis">{s.analysis.clone()}</p>
                <ul class="pl-goals-reasons">
                    {s.change_lines.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}
                </ul>
                <Show when=move || pending>
                    <div class="pl-coach__actions">
                        <Show when=move || changes>
                            <button type="button" class="pl-button" data-testid="coach-suggestion-preview"
                                on:click=move |_| preview(id)>"Preview"</button>
                            <button type="button" class="pl-button pl-button--primary"
                                data-testid="coach-suggestion-approve" disabled=move || busy.get()
                                on:click=move |_| approve(id)>"Approve"</button>
                        </Show>
                        <button type="button" class="pl-button pl-button--ghost"
                            data-testid="coach-suggestion-reject" disabled=move || busy.get()
                            on:click=move |_| reject(id)>"Reject"</button>
                    </div>
                </Show>
                {move || shown().map(|p| match p {
                    Ok(p) => preview_view(p).into_any(),
                    Err(e) => view! { <p class="pl-form-error" role="alert">{e}</p> }.into_any(),
                })}
            </li>
        }
    };

    view! {
        <section class="pl-card" aria-labelledby="suggestions-heading" data-testid="coach-suggestions">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="suggestions-heading">"Suggestions"</h2>
                <p class="pl-card__meta">
                    "After a workout the coach compares it with the plan and your form; a proposed change is saved only when you approve it."
                </p>
                <button type="button" class="pl-button pl-button--primary pl-card__action"
                    data-testid="coach-analyze" disabled=move || busy.get() on:click=analyze>
                    "Analyze latest workout"
                </button>
            </div>
            <p class="pl-fieldset__help" role="status" data-testid="coach-suggestion-message">
                {move || message.get()}
            </p>
            <Show when=move || error.with(Option::is_some)>
                <p class="pl-form-error" role="alert" data-testid="coach-suggestion-error">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
            {move || match list.get() {
                None => view! { <p class="pl-fieldset__help">"Loading suggestions…"</p> }.into_any(),
                Some(l) if l.is_empty() => view! {
                    <p class="pl-fieldset__help" data-testid="coach-suggestions-empty">"No suggestions yet."</p>
                }
                .into_any(),
                Some(l) => view! {
                    <ul class="pl-coach__suggestions">{l.into_iter().map(row).collect_view()}</ul>
                }
                .into_any(),
            }}
        </section>
    }
}

fn preview_view(p: CoachPreview) -> impl IntoView {
    let list = |label: &'static str, items: Vec<String>| {
        (!items.is_empty()).then(|| {
            view! {
                <p class="pl-card__meta">{label}</p>
                <ul class="pl-goals-reasons">{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
            }
        })
    };
    let weeks: Vec<String> = p
        .weeks
        .iter()
        .map(|w| {
            format!(
                "Week of {}: {:.0} → {:.0} TSS, {:.0} → {:.0} min",
                crate::format::day_iso(w.week_start),
                w.before_tss,
                w.after_tss,
                w.before_min,
                w.after_min
            )
        })
        .collect();
    let passes = p.violations.is_empty();
    view! {
        <div class="pl-coach__preview" data-testid="coach-suggestion-diff">
            {list("Added", p.added)}
            {list("Removed", p.removed)}
            {list("Changed", p.changed)}
            {list("Weekly load", weeks)}
            <p class="pl-card__meta" data-testid="coach-suggestion-check">
                {if passes { "The plan checker passes the changed plan." } else { "The plan checker refuses it:" }}
            </p>
            {list("", p.violations)}
        </div>
    }
}
