//! Settings › Coach: the LLM providers in fallback order (add with the API key,
//! remove, move up or down), the budget caps, what the last 30 days of model calls
//! cost by day, model and action, and the prompts (`coach_prompts.rs`). The key is
//! write-only: the card only learns whether one is stored.

use leptos::prelude::*;
use leptos::task::spawn_local;
use paceline_types::{CoachBudget, CoachProvider, CoachProviderInput, CoachSpend, CoachSpendLine};

use crate::api;
use crate::coach_text::{
    cap_input, default_base_url, moved, parse_cap, parse_price, price_line, tokens, usd, SPEND_DAYS,
};
use crate::components::coach_prompts::CoachPrompts;
use crate::components::fields::{select_field, text_field};

const KINDS: &[(&str, &str)] = &[("openai", "OpenAI-compatible"), ("anthropic", "Anthropic")];

/// Where a card's actions report: a message, or an error.
#[derive(Clone, Copy)]
struct Notice {
    message: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
}

impl Notice {
    fn ok(&self, m: impl Into<String>) {
        self.error.set(None);
        self.message.set(Some(m.into()));
    }

    fn fail(&self, e: impl Into<String>) {
        self.message.set(None);
        self.error.set(Some(e.into()));
    }
}

#[component]
pub fn CoachSection() -> impl IntoView {
    let providers: RwSignal<Vec<CoachProvider>> = RwSignal::new(Vec::new());
    let notice = Notice {
        message: RwSignal::new(None),
        error: RwSignal::new(None),
    };
    spawn_local(async move {
        match api::coach_providers().await {
            Ok(p) => providers.set(p),
            Err(e) => notice.fail(e.message),
        }
    });
    view! {
        <section class="pl-card" aria-labelledby="coach-heading" data-testid="coach-card">
            <div class="pl-card__head">
                <h2 class="pl-card__title" id="coach-heading">"Coach"</h2>
                <p class="pl-card__meta" data-testid="coach-status">
                    {move || match providers.with(Vec::len) {
                        0 => "No model: plans by the built-in planner, analysis by rule".to_string(),
                        1 => "1 model".to_string(),
                        n => format!("{n} models, tried in this order"),
                    }}
                </p>
            </div>
            <p class="pl-fieldset__help">
                "The coach can use a language model: any OpenAI-compatible API (OpenAI, OpenRouter, "
                "a model on this computer) or Anthropic. When one fails the next is tried. Keys stay "
                "in the encrypted vault or the OS keyring."
            </p>
            <Providers providers=providers notice=notice />
            <AddProvider providers=providers notice=notice />
            <p class="pl-fieldset__help" role="status" data-testid="coach-message">
                {move || notice.message.get()}
            </p>
            <Show when=move || notice.error.with(Option::is_some)>
                <p class="pl-form-error" role="alert" data-testid="coach-error">
                    {move || notice.error.get().unwrap_or_default()}
                </p>
            </Show>
            <Budget notice=notice />
            <Spend />
            <CoachPrompts />
        </section>
    }
}

#[component]
fn Providers(providers: RwSignal<Vec<CoachProvider>>, notice: Notice) -> impl IntoView {
    let names = move || providers.with(|p| p.iter().map(|x| x.name.clone()).collect::<Vec<_>>());
    let reorder = move |i: usize, up: bool| {
        let Some(order) = moved(&names(), i, up) else {
            return;
        };
        spawn_local(async move {
            match api::coach_order_providers(order).await {
                Ok(p) => providers.set(p),
                Err(e) => notice.fail(e.message),
            }
        });
    };
    let remove = move |name: String| {
        spawn_local(async move {
            match api::coach_remove_provider(name.clone()).await {
                Ok(p) => {
                    providers.set(p);
                    notice.ok(format!("{name} removed, with its key"));
                }
                Err(e) => notice.fail(e.message),
            }
        });
    };
    let rows = move || {
        let list = providers.get();
        let last = list.len().saturating_sub(1);
        list.into_iter()
            .enumerate()
            .map(|(i, p)| {
                let name = p.name.clone();
                view! {
                    <tr class="pl-table__row pl-table__row--static" data-testid="coach-provider-row">
                        <td class="pl-table__td pl-table__td--num">{i + 1}</td>
                        <td class="pl-table__td" data-testid="coach-provider-row-name">{p.name.clone()}</td>
                        <td class="pl-table__td">{p.kind.clone()}</td>
                        <td class="pl-table__td">{p.model.clone()}</td>
                        <td class="pl-table__td"><code class="pl-path">{p.base_url.clone()}</code></td>
                        <td class="pl-table__td" data-testid="coach-provider-row-key">
                            {if p.has_key { "stored" } else { "none" }}
                        </td>
                        <td class="pl-table__td">{price_line(&p)}</td>
                        <td class="pl-table__td pl-coach__actions">
                            <button type="button" class="pl-button pl-button--ghost"
                                data-testid="coach-provider-up" title="Try earlier"
                                disabled=i == 0 on:click=move |_| reorder(i, true)>"↑"</button>
                            <button type="button" class="pl-button pl-button--ghost"
                                data-testid="coach-provider-down" title="Try later"
                                disabled=i == last on:click=move |_| reorder(i, false)>"↓"</button>
                            <button type="button" class="pl-button pl-button--ghost"
                                data-testid="coach-provider-remove"
                                on:click=move |_| remove(name.clone())>"Remove"</button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || providers.with(|p| !p.is_empty())>
            <div class="pl-table-wrap">
                <table class="pl-table pl-table--compact" data-testid="coach-providers">
                    <thead>
                        <tr>
                            <th scope="col" class="pl-table__th pl-table__th--num">"#"</th>
                            <th scope="col" class="pl-table__th">"Name"</th>
                            <th scope="col" class="pl-table__th">"Kind"</th>
                            <th scope="col" class="pl-table__th">"Model"</th>
                            <th scope="col" class="pl-table__th">"URL"</th>
                            <th scope="col" class="pl-table__th">"Key"</th>
                            <th scope="col" class="pl-table__th">"Price"</th>
                            <th scope="col" class="pl-table__th"><span class="pl-visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </Show>
    }
}

#[component]
fn AddProvider(providers: RwSignal<Vec<CoachProvider>>, notice: Notice) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new("openai".to_string());
    let url = RwSignal::new(String::new());
    let model = RwSignal::new(String::new());
    let key = RwSignal::new(String::new());
    let price_in = RwSignal::new(String::new());
    let price_out = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let prices = parse_price("input", &price_in.get_untracked())
            .and_then(|i| parse_price("output", &price_out.get_untracked()).map(|o| (i, o)));
        let (pin, pout) = match prices {
            Ok(p) => p,
            Err(e) => return notice.fail(e),
        };
        let k = kind.get_untracked();
        let base_url = match url.get_untracked().trim() {
            "" => default_base_url(&k).to_string(),
            u => u.to_string(),
        };
        let input = CoachProviderInput {
            name: name.get_untracked().trim().to_string(),
            kind: k,
            base_url,
            model: model.get_untracked().trim().to_string(),
            price_in: pin,
            price_out: pout,
        };
        let api_key = key.get_untracked();
        spawn_local(async move {
            let added = input.name.clone();
            match api::coach_add_provider(input, api_key).await {
                Ok(p) => {
                    providers.set(p);
                    key.set(String::new());
                    name.set(String::new());
                    model.set(String::new());
                    url.set(String::new());
                    notice.ok(format!("{added} saved"));
                }
                Err(e) => notice.fail(e.message),
            }
        });
    };
    view! {
        <form class="pl-profile-form" on:submit=add novalidate data-testid="coach-provider-form">
            <div class="pl-threshold-form__fields">
                {text_field("Name", name, "text", "coach-provider-name")}
                {select_field("Kind", kind, KINDS, "coach-provider-kind")}
                <label class="pl-field">
                    <span class="pl-field__label">"Base URL"</span>
                    <input class="pl-input" type="url" data-testid="coach-provider-url"
                        placeholder=move || default_base_url(&kind.get())
                        prop:value=move || url.get()
                        on:input=move |ev| url.set(event_target_value(&ev)) />
                </label>
                {text_field("Model", model, "text", "coach-provider-model")}
                <label class="pl-field">
                    <span class="pl-field__label">"API key"</span>
                    <input class="pl-input" type="password" autocomplete="off"
                        placeholder="empty keeps a stored key" data-testid="coach-provider-key"
                        prop:value=move || key.get()
                        on:input=move |ev| key.set(event_target_value(&ev)) />
                </label>
                {text_field("USD / Mtok in", price_in, "text", "coach-provider-price-in")}
                {text_field("USD / Mtok out", price_out, "text", "coach-provider-price-out")}
                <button type="submit" class="pl-button pl-button--primary pl-threshold-form__submit"
                    data-testid="coach-provider-add">"Add model"</button>
            </div>
        </form>
    }
}

#[component]
fn Budget(notice: Notice) -> impl IntoView {
    let daily = RwSignal::new(String::new());
    let weekly = RwSignal::new(String::new());
    let monthly = RwSignal::new(String::new());
    let show = move |b: CoachBudget| {
        daily.set(cap_input(b.daily_usd));
        weekly.set(cap_input(b.weekly_usd));
        monthly.set(cap_input(b.monthly_usd));
    };
    spawn_local(async move {
        match api::coach_budget().await {
            Ok(b) => show(b),
            Err(e) => notice.fail(e.message),
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let caps = (|| {
            Ok::<_, String>(CoachBudget {
                daily_usd: parse_cap("daily", &daily.get_untracked())?,
                weekly_usd: parse_cap("weekly", &weekly.get_untracked())?,
                monthly_usd: parse_cap("monthly", &monthly.get_untracked())?,
            })
        })();
        let budget = match caps {
            Ok(b) => b,
            Err(e) => return notice.fail(e),
        };
        spawn_local(async move {
            match api::coach_set_budget(budget).await {
                Ok(b) => {
                    show(b);
                    notice.ok("Budget saved");
                }
                Err(e) => notice.fail(e.message),
            }
        });
    };
    view! {
        <form class="pl-profile-form" on:submit=save novalidate data-testid="coach-budget">
            <fieldset class="pl-fieldset">
                <legend class="pl-fieldset__legend">"Budget"</legend>
                <p class="pl-fieldset__help">
                    "Caps in USD per day, week and month (UTC). Empty: no cap; 0 refuses every call that costs money."
                </p>
                <div class="pl-threshold-form__fields">
                    {text_field("Daily", daily, "text", "coach-budget-daily")}
                    {text_field("Weekly", weekly, "text", "coach-budget-weekly")}
                    {text_field("Monthly", monthly, "text", "coach-budget-monthly")}
                    <button type="submit" class="pl-button pl-button--primary pl-threshold-form__submit"
                        data-testid="coach-budget-save">"Save budget"</button>
                </div>
            </fieldset>
        </form>
    }
}

fn spend_table(
    title: &'static str,
    test: &'static str,
    lines: Vec<CoachSpendLine>,
) -> impl IntoView {
    let rows = lines
        .into_iter()
        .map(|l| {
            view! {
                <tr class="pl-table__row pl-table__row--static">
                    <td class="pl-table__td">{l.key}</td>
                    <td class="pl-table__td pl-table__td--num">{l.calls}</td>
                    <td class="pl-table__td pl-table__td--num">{tokens(l.tokens_in)}</td>
                    <td class="pl-table__td pl-table__td--num">{tokens(l.tokens_out)}</td>
                    <td class="pl-table__td pl-table__td--num">{usd(l.cost_usd)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="pl-table-wrap">
            <table class="pl-table pl-table--compact" data-testid=test>
                <thead>
                    <tr>
                        <th scope="col" class="pl-table__th">{title}</th>
                        <th scope="col" class="pl-table__th pl-table__th--num">"Calls"</th>
                        <th scope="col" class="pl-table__th pl-table__th--num">"Tokens in"</th>
                        <th scope="col" class="pl-table__th pl-table__th--num">"Tokens out"</th>
                        <th scope="col" class="pl-table__th pl-table__th--num">"Cost"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn Spend() -> impl IntoView {
    let spend: RwSignal<Option<Result<CoachSpend, String>>> = RwSignal::new(None);
    let load = move || {
        spawn_local(async move {
            spend.set(Some(
                api::coach_spend(SPEND_DAYS).await.map_err(|e| e.message),
            ));
        })
    };
    load();
    view! {
        <fieldset class="pl-fieldset" data-testid="coach-spend">
            <legend class="pl-fieldset__legend">{format!("Spend, last {SPEND_DAYS} days")}</legend>
            <button type="button" class="pl-button pl-button--ghost" data-testid="coach-spend-refresh"
                on:click=move |_| load()>"Refresh"</button>
            {move || match spend.get() {
                None => view! { <p class="pl-fieldset__help">"Reading the ledger…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="pl-form-error" role="alert">{e}</p> }.into_any(),
                Some(Ok(s)) if s.calls == 0 => view! {
                    <p class="pl-fieldset__help" data-testid="coach-spend-total">"No model calls yet."</p>
                }
                .into_any(),
                Some(Ok(s)) => view! {
                    <p class="pl-fieldset__help" data-testid="coach-spend-total">
                        {format!("{} calls · {} tokens in · {} out · {}", s.calls,
                            tokens(s.tokens_in), tokens(s.tokens_out), usd(s.cost_usd))}
                    </p>
                    <div class="pl-coach__spend">
                        {spend_table("Day", "coach-spend-day", s.by_day)}
                        {spend_table("Model", "coach-spend-model", s.by_model)}
                        {spend_table("Action", "coach-spend-action", s.by_action)}
                    </div>
                }
                .into_any(),
            }}
        </fieldset>
    }
}
