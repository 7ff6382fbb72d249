//! Coach › Chat: ask the coach about your own training (the answer streams in as it
//! is written, the conversation is kept in the vault), and the coach's suggestions
//! after a workout. Also the Coach pages' sub-navigation and the "Generate with the
//! coach" button of Coach › Goals.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_location;
use paceline_types::{CoachChatEvent, CoachChatMessage, CoachPlanGenerated, WireError};

use crate::api;
use crate::coach_text::{llm_plan_line, reason_lines, NO_PROVIDER};
use crate::components::coach_suggestions::Suggestions;

/// Goals | Chat | Reviews, above every Coach page.
#[component]
pub fn CoachTabs() -> impl IntoView {
    let path = use_location().pathname;
    let tab = move |href: &'static str, label: &'static str, test: &'static str| {
        let current = move || path.with(|p| p == href).then_some("page");
        view! {
            <a class="pl-segmented__button" href=href data-testid=test aria-current=current>
                {label}
            </a>
        }
    };
    view! {
        <nav class="pl-segmented pl-coach__tabs" aria-label="Coach">
            {tab("/coach", "Goals", "coach-tab-goals")}
            {tab("/coach/chat", "Chat", "coach-tab-chat")}
            {tab("/coach/reviews", "Reviews", "coach-tab-reviews")}
        </nav>
    }
}

#[component]
pub fn CoachChatPage() -> impl IntoView {
    view! {
        <div class="pl-page pl-coach" data-testid="page-coach-chat">
            <header class="pl-page__header">
                <h1 class="pl-page__title">"Coach › Chat"</h1>
                <CoachTabs />
            </header>
            <Chat />
            <Suggestions />
        </div>
    }
}

fn bubble(m: CoachChatMessage) -> impl IntoView {
    let user = m.role == "user";
    view! {
        <div class="pl-coach__bubble" class:pl-coach__bubble--user=user
            data-testid=if user { "coach-chat-question" } else { "coach-chat-message" }>
            {m.content}
        </div>
    }
}

#[component]
fn Chat() -> impl IntoView {
    let messages: RwSignal<Vec<CoachChatMessage>> = RwSignal::new(Vec::new());
    let conversation: RwSignal<Option<i64>> = RwSignal::new(None);
    let has_provider: RwSignal<Option<bool>> = RwSignal::new(None);
    let input = RwSignal::new(String::new());
    // The answer being (or last) streamed; it joins `messages` when the next is asked.
    let answer: RwSignal<Option<String>> = RwSignal::new(None);
    let pending = RwSignal::new(false);
    // The chat being answered; events may arrive before `coach_ask` answers its id.
    let chat_id: RwSignal<Option<u64>> = RwSignal::new(None);
    let error: RwSignal<Option<String>> = RwSignal::new(None);

    spawn_local(async move {
        match api::coach_chat(None).await {
            Ok(c) => {
                conversation.set(c.conversation);
                messages.set(c.messages);
                has_provider.set(Some(c.has_provider));
            }
            Err(e) => error.set(Some(e.message)),
        }
    });

    let on_event = move |e: CoachChatEvent| {
        if !pending.get_untracked() || chat_id.get_untracked().is_some_and(|id| id != e.chat_id) {
            return;
        }
        chat_id.set(Some(e.chat_id));
        if !e.delta.is_empty() {
            answer.update(|a| a.get_or_insert_with(String::new).push_str(&e.delta));
        }
        if e.done {
            pending.set(false);
            chat_id.set(None);
            match e.error {
                None => conversation.set(e.conversation.or(conversation.get_untracked())),
                Some(err) => {
                    // Nothing was stored: the question goes back into the box.
                    answer.set(None);
                    if let Some(q) = messages.try_update(|m| m.pop()).flatten() {
                        input.set(q.content);
                    }
                    error.set(Some(err));
                }
            }
        }
    };
    let listener: StoredValue<Option<api::Listener>, LocalStorage> = StoredValue::new_local(None);
    spawn_local(async move {
        match api::on_coach_chat(on_event).await {
            Ok(l) => {
                // The page may have closed while the listener was being set up.
                if let Some(Some(l)) = listener.try_set_value(Some(l)) {
                    l.unlisten();
                }
            }
            Err(e) => error.set(Some(e.message)),
        }
    });
    on_cleanup(move || {
        if let Some(Some(l)) = listener.try_update_value(Option::take) {
            l.unlisten();
        }
    });

    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = input.get_untracked().trim().to_string();
        if q.is_empty() || pending.get_untracked() {
            return;
        }
        messages.update(|m| {
            if let Some(a) = answer.get_untracked() {
                m.push(CoachChatMessage {
                    role: "assistant".into(),
                    content: a,
                    at_utc: 0,
                });
            }
            m.push(CoachChatMessage {
                role: "user".into(),
                content: q.clone(),
                at_utc: 0,
            });
        });
        answer.set(Some(String::new()));
        input.set(String::new());
        error.set(None);
        chat_id.set(None);
        pending.set(true);
        let conv = conversation.get_untracked();
        spawn_local(async move {
            match api::coach_ask(q.clone(), conv).await {
                Ok(id) => {
                    if pending.get_untracked() && chat_id.get_untracked().is_none() {
                        chat_id.set(Some(id));
                    }
                }
                Err(e) => {
                    pending.set(false);
                    answer.set(None);
                    messages.update(|m| {
                        m.pop();
                    });
                    input.set(q);
                    error.set(Some(e.message));
                }
            }
        });
    };
    let new_conversation = move |_| {
        conversation.set(None);
        messages.set(Vec::new());
        answer.set(None);
        error.set(None);
    };
    let blocked = move || pending.get() || has_provider.get() != Some(true);

    view! {
        <section class="pl-card" aria-labelledby="chat-heading" data-testid="coach-chat">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="chat-heading">"Ask the coach"</h2>
                <p class="pl-card__meta">
                    "Answers from your own activities, form, wellness and plan."
                </p>
                <button type="button" class="pl-button pl-button--ghost pl-card__action"
                    data-testid="coach-chat-new" disabled=move || pending.get()
                    on:click=new_conversation>"New conversation"</button>
            </div>
            <Show when=move || has_provider.get() == Some(false)>
                <p class="pl-coach__notice" role="status" data-testid="coach-chat-no-provider">
                    {NO_PROVIDER} " " <a class="pl-link" href="/settings">"Open Settings"</a>
                </p>
            </Show>
            <div class="pl-coach__log" aria-live="polite" data-testid="coach-chat-log">
                {move || messages.get().into_iter().map(bubble).collect_view()}
                {move || answer.get().map(|a| view! {
                    <div class="pl-coach__bubble" data-testid="coach-chat-answer"
                        aria-busy=move || pending.get().to_string()>
                        {if a.is_empty() { "…".to_string() } else { a }}
                    </div>
                })}
            </div>
            <Show when=move || error.with(Option::is_some)>
                <p class="pl-form-error" role="alert" data-testid="coach-chat-error">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
            <form class="pl-coach__ask" on:submit=send novalidate>
                <input class="pl-input" type="text" autocomplete="off" data-testid="coach-chat-input"
                    aria-label="Your question" placeholder="How did last week go?"
                    disabled=move || has_provider.get() != Some(true)
                    prop:value=move || input.get()
                    on:input=move |ev| input.set(event_target_value(&ev)) />
                <button type="submit" class="pl-button pl-button--primary" data-testid="coach-chat-send"
                    disabled=blocked>{move || if pending.get() { "Answering…" } else { "Send" }}</button>
            </form>
        </section>
    }
}

/// "Generate with the coach": the configured models write the plan, which is checked
/// like the built-in planner's before it is saved.
#[component]
pub fn GenerateWithCoach() -> impl IntoView {
    let result = RwSignal::new(None::<Result<CoachPlanGenerated, WireError>>);
    let busy = RwSignal::new(false);
    let run = move |_| {
        busy.set(true);
        result.set(None);
        spawn_local(async move {
            result.set(Some(api::generate_plan_llm().await));
            busy.set(false);
        });
    };
    view! {
        <button type="button" class="pl-button" data-testid="coach-generate-llm"
            disabled=move || busy.get() on:click=run>
            {move || if busy.get() { "The coach is writing…" } else { "Generate with the coach" }}
        </button>
        <div class="pl-coach__result" data-testid="coach-generate-llm-result" aria-live="polite">
            {move || result.get().map(|r| match r {
                Ok(g) => view! {
                    <p class="pl-goals-result">
                        {llm_plan_line(g.version, g.workouts, g.repaired, g.cost_usd)} " "
                        <a class="pl-link" href="/calendar">"Open the calendar"</a>
                    </p>
                }
                .into_any(),
                Err(e) => {
                    let (head, reasons) = reason_lines(&e.message);
                    view! {
                        <p class="pl-form-error" role="alert">{head}</p>
                        <ul class="pl-goals-reasons" data-testid="coach-generate-llm-reasons">
                            {reasons.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            })}
        </div>
    }
}
