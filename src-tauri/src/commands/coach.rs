//! The LLM coach (Settings › Coach, Coach › Chat, the suggestions, plans by the
//! model). The app's coach types become the wire's here. No command answers an API
//! key; chat answers at once with an id and streams its answer as `coach_chat` events
//! from a thread of its own (a model call can take a minute).

use std::sync::atomic::{AtomicU64, Ordering};

use paceline_app::coach::{ProviderInput, ProviderKind, SuggestionInfo};
use paceline_app::{App, SecretString};
use paceline_types::{
    event, AthleteId, CoachBudget, CoachChat, CoachChatEvent, CoachChatMessage, CoachPlanGenerated,
    CoachPreview, CoachPrompt, CoachPromptVersion, CoachProvider, CoachProviderInput, CoachSpend,
    CoachSpendLine, CoachSuggestion, ErrorCode, Passphrase, WeekLoadChange, WireError,
};
use tauri::{AppHandle, Emitter, Runtime, State};

use super::Reply;
use crate::Shell;

/// What the window says when chat has no model to ask.
const NO_PROVIDER: &str = "Add a model in Settings › Coach to chat with the coach.";

/// Chat ids: unique for the shell's life.
static NEXT_CHAT: AtomicU64 = AtomicU64::new(1);

fn invalid(message: impl Into<String>) -> WireError {
    WireError {
        code: ErrorCode::InvalidInput,
        message: message.into(),
    }
}

fn providers(app: &App) -> Reply<Vec<CoachProvider>> {
    Ok(app
        .coach_providers()?
        .into_iter()
        .map(|p| CoachProvider {
            name: p.name,
            kind: p.kind,
            base_url: p.base_url,
            model: p.model,
            position: p.position,
            has_key: p.has_key,
            local: p.local,
            price_in: p.price_in,
            price_out: p.price_out,
            price_source: p.price_source,
        })
        .collect())
}

fn kind(key: &str) -> Reply<ProviderKind> {
    match key.trim() {
        "openai" => Ok(ProviderKind::Openai),
        "anthropic" => Ok(ProviderKind::Anthropic),
        "ollama" => Ok(ProviderKind::Ollama),
        other => Err(invalid(format!(
            "provider kind `{other}`: choose openai (any OpenAI-compatible API) or anthropic"
        ))),
    }
}

#[tauri::command(async)]
pub fn coach_providers(shell: State<'_, Shell>) -> Reply<Vec<CoachProvider>> {
    providers(shell.app()?)
}

// The key is a `Passphrase` (redacted in Debug), so the arguments may be logged.
#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn coach_add_provider(
    shell: State<'_, Shell>,
    provider: CoachProviderInput,
    api_key: Passphrase,
) -> Reply<Vec<CoachProvider>> {
    let app = shell.app()?;
    let input = ProviderInput {
        name: provider.name.trim().to_string(),
        kind: kind(&provider.kind)?,
        base_url: provider.base_url,
        model: provider.model,
        api_key_env: None,
        price_in: provider.price_in,
        price_out: provider.price_out,
        timeout_s: None,
        local: None,
    };
    app.coach_add_provider(&input)?;
    let key = api_key.0.trim();
    if !key.is_empty() {
        app.coach_set_provider_key(&input.name, &SecretString::from(key.to_string()))?;
    }
    providers(app)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn coach_remove_provider(shell: State<'_, Shell>, name: String) -> Reply<Vec<CoachProvider>> {
    let app = shell.app()?;
    app.coach_remove_provider(&name)?;
    providers(app)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn coach_order_providers(
    shell: State<'_, Shell>,
    names: Vec<String>,
) -> Reply<Vec<CoachProvider>> {
    let app = shell.app()?;
    app.coach_order_providers(&names)?;
    providers(app)
}

#[tauri::command(async)]
pub fn coach_budget(shell: State<'_, Shell>) -> Reply<CoachBudget> {
    let b = shell.app()?.coach_budget()?;
    Ok(CoachBudget {
        daily_usd: b.daily_usd,
        weekly_usd: b.weekly_usd,
        monthly_usd: b.monthly_usd,
    })
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn coach_set_budget(shell: State<'_, Shell>, budget: CoachBudget) -> Reply<CoachBudget> {
    let b = shell.app()?.coach_replace_budget(
        budget.daily_usd,
        budget.weekly_usd,
        budget.monthly_usd,
    )?;
    Ok(CoachBudget {
        daily_usd: b.daily_usd,
        weekly_usd: b.weekly_usd,
        monthly_usd: b.monthly_usd,
    })
}

#[tauri::command(async)]
pub fn coach_spend(shell: State<'_, Shell>, days: u32) -> Reply<CoachSpend> {
    let app = shell.app()?;
    let since_utc = app.now() - i64::from(days.min(3660)) * 86_400;
    let s = app.coach_ledger_summary(since_utc)?;
    let lines = |v: Vec<paceline_app::coach::SpendLine>| {
        v.into_iter()
            .map(|l| CoachSpendLine {
                key: l.key,
                calls: l.calls,
                tokens_in: l.tokens_in,
                tokens_out: l.tokens_out,
                cost_usd: l.cost_usd,
            })
            .collect()
    };
    Ok(CoachSpend {
        since_utc,
        calls: s.calls,
        tokens_in: s.tokens_in,
        tokens_out: s.tokens_out,
        cost_usd: s.cost_usd,
        by_day: lines(s.by_day),
        by_model: lines(s.by_model),
        by_action: lines(s.by_action),
    })
}

#[tauri::command(async)]
pub fn coach_prompt_names(shell: State<'_, Shell>) -> Reply<Vec<String>> {
    Ok(shell
        .app()?
        .coach_prompt_names()
        .iter()
        .map(|n| n.to_string())
        .collect())
}

fn prompt(app: &App, name: &str) -> Reply<CoachPrompt> {
    let now = app.coach_prompt(name)?;
    let builtin =
        paceline_app::coach::core::prompts::builtin(name).map_err(|e| invalid(e.to_string()))?;
    let mut versions = vec![CoachPromptVersion {
        version: builtin.version,
        body: builtin.body,
        created_utc: None,
        builtin: true,
    }];
    versions.extend(
        app.coach_prompt_versions(name)?
            .into_iter()
            .map(|v| CoachPromptVersion {
                version: v.version,
                body: v.body,
                created_utc: Some(v.created_utc),
                builtin: false,
            }),
    );
    Ok(CoachPrompt {
        name: now.name,
        version: now.version,
        builtin: now.builtin,
        body: now.body,
        versions,
    })
}

#[tauri::command(async)]
pub fn coach_prompt(shell: State<'_, Shell>, name: String) -> Reply<CoachPrompt> {
    prompt(shell.app()?, &name)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell, body), err(Debug))]
pub fn coach_save_prompt(
    shell: State<'_, Shell>,
    name: String,
    body: String,
) -> Reply<CoachPrompt> {
    let app = shell.app()?;
    app.coach_save_prompt(&name, &body)?;
    prompt(app, &name)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn coach_rollback_prompt(
    shell: State<'_, Shell>,
    name: String,
    version: u32,
) -> Reply<CoachPrompt> {
    let app = shell.app()?;
    app.coach_rollback_prompt(&name, version)?;
    prompt(app, &name)
}

#[tauri::command(async)]
pub fn coach_chat(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    conversation: Option<i64>,
) -> Reply<CoachChat> {
    let app = shell.app()?;
    let (c, rows) = app.athlete(athlete_id)?.coach_chat_history(conversation)?;
    Ok(CoachChat {
        conversation: (c > 0).then_some(c),
        messages: rows
            .into_iter()
            .map(|m| CoachChatMessage {
                role: m.role,
                content: m.content,
                at_utc: m.at_utc,
            })
            .collect(),
        has_provider: !app.coach_providers()?.is_empty(),
    })
}

// The question is the athlete's words: not logged.
#[tauri::command(async)]
#[tracing::instrument(skip(handle, shell, question), err(Debug))]
pub fn coach_ask<R: Runtime>(
    handle: AppHandle<R>,
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    question: String,
    conversation: Option<i64>,
) -> Reply<u64> {
    let app = shell.app()?.clone();
    // What can be refused at once is refused here, as a typed error.
    app.athlete(athlete_id)?;
    if question.trim().is_empty() {
        return Err(invalid("Ask the coach a question."));
    }
    if app.coach_providers()?.is_empty() {
        return Err(invalid(NO_PROVIDER));
    }
    let chat_id = NEXT_CHAT.fetch_add(1, Ordering::Relaxed);
    let emit = move |delta: String, done: bool, error: Option<String>, conv: Option<i64>| {
        let e = CoachChatEvent {
            chat_id,
            delta,
            done,
            error,
            conversation: conv,
        };
        if let Err(err) = handle.emit(event::COACH_CHAT, &e) {
            tracing::warn!(error = %err, "could not send the chat to the UI");
        }
    };
    std::thread::Builder::new()
        .name("coach-chat".into())
        .spawn(move || {
            let answer = app.athlete(athlete_id).and_then(|scope| {
                scope.coach_ask(&question, conversation, &mut |t: &str| {
                    emit(t.to_string(), false, None, None)
                })
            });
            match answer {
                Ok(a) => emit(String::new(), true, None, Some(a.conversation)),
                Err(e) => {
                    let message = WireError::from(e).message;
                    emit(String::new(), true, Some(message), conversation)
                }
            }
        })
        .map_err(|e| WireError {
            code: ErrorCode::Internal,
            message: format!("cannot start the chat: {e}"),
        })?;
    Ok(chat_id)
}

fn suggestion(s: SuggestionInfo) -> CoachSuggestion {
    CoachSuggestion {
        id: s.id,
        created_utc: s.created_utc,
        activity_id: s.activity_id,
        source: s.source,
        analysis: s.analysis,
        change_lines: s.change_lines,
        status: s.status,
        plan_version: s.plan_version,
    }
}

#[tauri::command(async)]
pub fn coach_suggestions(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
) -> Reply<Vec<CoachSuggestion>> {
    let mut list: Vec<CoachSuggestion> = shell
        .app()?
        .athlete(athlete_id)?
        .coach_suggestions()?
        .into_iter()
        .map(suggestion)
        .collect();
    // Newest first already; a stable sort keeps that within pending and the rest.
    list.sort_by_key(|s| s.status != "pending");
    Ok(list)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn coach_analyze(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    activity: Option<i64>,
) -> Reply<CoachSuggestion> {
    Ok(suggestion(
        shell.app()?.athlete(athlete_id)?.coach_analyze(activity)?,
    ))
}

#[tauri::command(async)]
pub fn coach_preview(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
    id: i64,
) -> Reply<CoachPreview> {
    let p = shell.app()?.athlete(athlete_id)?.coach_preview(id)?;
    let d = p.diff;
    let text =
        |date: &dyn std::fmt::Display, sport: &str, name: &str| format!("{date} {sport} {name}");
    Ok(CoachPreview {
        added: d
            .added
            .iter()
            .map(|w| text(&w.date, w.sport.name(), &w.name))
            .collect(),
        removed: d
            .removed
            .iter()
            .map(|w| text(&w.date, w.sport.name(), &w.name))
            .collect(),
        changed: d
            .changed
            .iter()
            .map(|c| {
                let b = &c.before;
                format!(
                    "{}: {}",
                    text(&b.date, b.sport.name(), &b.name),
                    c.fields.join(", ")
                )
            })
            .collect(),
        weeks: d
            .weeks
            .iter()
            // Sums in another order differ in the last float bits: not a change.
            .filter(|w| {
                (w.before_tss - w.after_tss).abs() > 0.05
                    || (w.before_min - w.after_min).abs() > 0.05
            })
            .map(|w| WeekLoadChange {
                week_start: w.week_start.0,
                before_tss: f64::from(w.before_tss),
                after_tss: f64::from(w.after_tss),
                before_min: f64::from(w.before_min),
                after_min: f64::from(w.after_min),
            })
            .collect(),
        violations: p.report.violations.into_iter().map(|v| v.message).collect(),
        suggestion: suggestion(p.suggestion),
    })
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn coach_approve(shell: State<'_, Shell>, athlete_id: AthleteId, id: i64) -> Reply<u32> {
    Ok(shell.app()?.athlete(athlete_id)?.coach_approve(id)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn coach_reject(shell: State<'_, Shell>, athlete_id: AthleteId, id: i64) -> Reply<()> {
    Ok(shell.app()?.athlete(athlete_id)?.coach_reject(id)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(shell), err(Debug))]
pub fn generate_plan_llm(
    shell: State<'_, Shell>,
    athlete_id: AthleteId,
) -> Reply<CoachPlanGenerated> {
    let app = shell.app()?;
    let scope = app.athlete(athlete_id)?;
    if app.coach_providers()?.is_empty() {
        return Err(invalid(
            "Add a model in Settings › Coach to plan with the coach (the built-in planner needs none).",
        ));
    }
    let p = scope.generate_plan_llm()?;
    Ok(CoachPlanGenerated {
        version: p.version,
        workouts: p.plan.workouts.len() as u32,
        repaired: p.repaired,
        calls: p.calls,
        cost_usd: p.cost_usd,
    })
}
