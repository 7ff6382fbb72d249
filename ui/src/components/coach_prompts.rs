//! Settings › Coach › Prompts: pick an action's prompt, see and edit its text, save it
//! as a new version, compare any version with the current text (a line diff) and roll
//! back to it (as a new version; the ledger records which version produced what).

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::CoachPrompt;

use crate::api;
use crate::coach_text::{diff_summary, line_diff, DiffLine};
use crate::components::backups::local_time;

#[component]
pub fn CoachPrompts() -> impl IntoView {
    let names: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    let selected = RwSignal::new(String::new());
    let prompt: RwSignal<Option<CoachPrompt>> = RwSignal::new(None);
    let text = RwSignal::new(String::new());
    // The version compared with the current text.
    let compare: RwSignal<Option<u32>> = RwSignal::new(None);
    let message: RwSignal<Option<String>> = RwSignal::new(None);
    let error: RwSignal<Option<String>> = RwSignal::new(None);

    let show = move |p: CoachPrompt| {
        text.set(p.body.clone());
        compare.set(None);
        prompt.set(Some(p));
    };
    let load = move |name: String| {
        selected.set(name.clone());
        spawn_local(async move {
            match api::coach_prompt(name).await {
                Ok(p) => {
                    error.set(None);
                    show(p);
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    spawn_local(async move {
        match api::coach_prompt_names().await {
            Ok(n) => {
                if let Some(first) = n.first() {
                    load(first.clone());
                }
                names.set(n);
            }
            Err(e) => error.set(Some(e.message)),
        }
    });
    let done = move |r: Result<CoachPrompt, paceline_types::WireError>, what: &'static str| match r
    {
        Ok(p) => {
            error.set(None);
            message.set(Some(format!(
                "{what}: {} is now version {}",
                p.name, p.version
            )));
            show(p);
        }
        Err(e) => {
            message.set(None);
            error.set(Some(e.message));
        }
    };
    let save = move |_| {
        let (name, body) = (selected.get_untracked(), text.get_untracked());
        spawn_local(async move { done(api::coach_save_prompt(name, body).await, "Saved") });
    };
    let rollback = move |_| {
        let Some(v) = compare.get_untracked() else {
            return;
        };
        let name = selected.get_untracked();
        spawn_local(async move { done(api::coach_rollback_prompt(name, v).await, "Rolled back") });
    };
    let current_line = move || {
        prompt.with(|p| {
            p.as_ref().map(|p| {
                let origin = if p.builtin { "built-in" } else { "yours" };
                format!("Version {} ({origin})", p.version)
            })
        })
    };
    let old_body = move || {
        let v = compare.get()?;
        prompt.with(|p| {
            p.as_ref()?
                .versions
                .iter()
                .find(|x| x.version == v)
                .map(|x| x.body.clone())
        })
    };
    let versions = move || {
        prompt.with(|p| {
            p.as_ref()
                .map(|p| {
                    p.versions
                        .iter()
                        .rev()
                        .map(|v| {
                            let when = match v.created_utc {
                                Some(t) => local_time(t),
                                None => "built-in".into(),
                            };
                            let current = v.version == p.version;
                            let n = v.version;
                            view! {
                                <option value=n.to_string() data-testid="coach-prompt-version-row"
                                    selected=move || compare.get() == Some(n)>
                                    {format!("v{n} · {when}{}", if current { " · current" } else { "" })}
                                </option>
                            }
                        })
                        .collect_view()
                })
        })
    };
    view! {
        <fieldset class="pl-fieldset" data-testid="coach-prompts">
            <legend class="pl-fieldset__legend">"Prompts"</legend>
            <p class="pl-fieldset__help">
                "What the coach asks the model for each action. Saving makes a new version; any version can be compared and made current again."
            </p>
            <div class="pl-threshold-form__fields">
                <label class="pl-field">
                    <span class="pl-field__label">"Prompt"</span>
                    <select class="pl-input" data-testid="coach-prompt-select"
                        on:change=move |ev| load(event_target_value(&ev))>
                        {move || names.get().into_iter().map(|n| {
                            let value = n.clone();
                            view! { <option value=value selected=move || selected.get() == n>{n.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <span class="pl-coach__version" data-testid="coach-prompt-version">{current_line}</span>
            </div>
            <textarea class="pl-input pl-coach__prompt" rows="14" spellcheck="false"
                data-testid="coach-prompt-text" aria-label="Prompt text"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <div class="pl-threshold-form__fields">
                <button type="button" class="pl-button pl-button--primary" data-testid="coach-prompt-save"
                    on:click=save>"Save as new version"</button>
                <label class="pl-field">
                    <span class="pl-field__label">"Compare with"</span>
                    <select class="pl-input" data-testid="coach-prompt-versions"
                        on:change=move |ev| compare.set(event_target_value(&ev).parse().ok())>
                        <option value="" selected=move || compare.get().is_none()>"—"</option>
                        {versions}
                    </select>
                </label>
                <button type="button" class="pl-button" data-testid="coach-prompt-rollback"
                    disabled=move || compare.get().is_none() on:click=rollback>"Make this version current"</button>
            </div>
            <p class="pl-fieldset__help" role="status" data-testid="coach-prompt-message">{move || message.get()}</p>
            <Show when=move || error.with(Option::is_some)>
                <p class="pl-form-error" role="alert" data-testid="coach-prompt-error">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
            {move || old_body().map(|old| {
                let d = line_diff(&old, &text.get());
                let summary = format!("From v{} to the text above: {}", compare.get().unwrap_or_default(), diff_summary(&d));
                view! {
                    <p class="pl-fieldset__help" data-testid="coach-prompt-diff-summary">{summary}</p>
                    <pre class="pl-coach__diff" data-testid="coach-prompt-diff">
                        {d.into_iter().map(|l| match l {
                            DiffLine::Same(t) => view! { <span class="pl-coach__diff-same">{format!("  {t}\n")}</span> }.into_any(),
                            DiffLine::Removed(t) => view! { <del class="pl-coach__diff-removed">{format!("- {t}\n")}</del> }.into_any(),
                            DiffLine::Added(t) => view! { <ins class="pl-coach__diff-added">{format!("+ {t}\n")}</ins> }.into_any(),
                        }).collect_view()}
                    </pre>
                }
            })}
        </fieldset>
    }
}
