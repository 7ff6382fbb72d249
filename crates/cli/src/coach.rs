//! `paceline coach …`: providers, budget and ledger (the vault's), and the coach's
//! actions for the athlete — ask (streamed), rules from words, workout analysis and
//! suggestions, weekly reviews and the deep analysis — plus `paceline plan generate
//! --planner llm`.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use paceline_app::coach::{ProviderInput, ProviderKind, SuggestionInfo};
use paceline_app::AthleteScope;

use crate::print;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// OpenAI-compatible chat completions (OpenAI, OpenRouter, LM Studio, vLLM, …).
    Openai,
    /// Anthropic Messages.
    Anthropic,
    /// Ollama's native API.
    Ollama,
}

#[derive(Subcommand)]
pub enum ProviderCmd {
    /// Add a provider at the end of the fallback order (or replace one of that name).
    Add {
        name: String,
        #[arg(long, value_enum)]
        kind: Kind,
        #[arg(long)]
        base_url: String,
        #[arg(long)]
        model: String,
        /// Read the API key from this environment variable (kept as a secret, never printed).
        #[arg(long)]
        api_key_env: Option<String>,
        /// USD per million input tokens.
        #[arg(long)]
        price_in: Option<f64>,
        /// USD per million output tokens.
        #[arg(long)]
        price_out: Option<f64>,
        /// Seconds to wait for an answer to start.
        #[arg(long)]
        timeout: Option<u32>,
    },
    /// The providers in fallback order.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Put these providers first, in this order.
    Order {
        #[arg(required = true)]
        names: Vec<String>,
    },
    /// Remove a provider and its key.
    Remove { name: String },
}

#[derive(Subcommand)]
pub enum CoachCmd {
    /// The LLM providers: add, list, order, remove.
    Providers {
        #[command(subcommand)]
        cmd: ProviderCmd,
    },
    /// Spending caps in USD (0 refuses every paid call); prints them without options.
    Budget {
        #[arg(long)]
        daily: Option<f64>,
        #[arg(long)]
        weekly: Option<f64>,
        #[arg(long)]
        monthly: Option<f64>,
    },
    /// Every model call with its tokens and cost, and the totals by model and action.
    Ledger {
        #[arg(long)]
        json: bool,
    },
    /// Ask the coach; the answer streams to stdout.
    Ask {
        question: String,
        /// Continue this conversation (default: a new one).
        #[arg(long)]
        conversation: Option<i64>,
    },
    /// Turn words into rules and injuries; saved with --yes (or after confirming).
    Rules {
        text: String,
        #[arg(long)]
        yes: bool,
    },
    /// Analyse an activity (default: the latest) against the plan; stores a suggestion.
    Analyze { activity: Option<i64> },
    /// The coach's suggestions, newest first.
    Suggestions {
        #[arg(long)]
        json: bool,
    },
    /// Show the change as a diff, then save it as a new plan version.
    Approve { id: i64 },
    /// Reject a suggestion; the plan stays.
    Reject { id: i64 },
    /// Write the weekly review now (default: the week ending today if it is Sunday,
    /// else the last full week), or set when it is written by itself.
    Review {
        /// ISO week, e.g. 2026-W48.
        #[arg(long, conflicts_with = "schedule")]
        week: Option<String>,
        /// Write it on this schedule from now on: `sun 19:00` (in the athlete's zone),
        /// `sun 19:00 Europe/Paris`, or `off`. The desktop app runs the schedule.
        #[arg(long)]
        schedule: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The weekly reviews written so far, newest first.
    Reviews {
        #[arg(long)]
        json: bool,
    },
    /// A deep analysis in five steps (metrics, physiology, activities, synthesis, plan
    /// proposal); Ctrl-C stops it between steps, `--resume` continues it.
    Deep {
        /// Continue this run from its first unfinished step.
        #[arg(long)]
        resume: Option<i64>,
        /// Write the report (one self-contained HTML file) here.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
}

fn usd(x: f64) -> String {
    format!("${x:.4}")
}

fn stamp(unix: i64) -> String {
    let s = unix.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02}",
        paceline_types::date::format_ymd(unix.div_euclid(86_400)),
        s / 3600,
        s / 60 % 60
    )
}

fn suggestion(s: &SuggestionInfo) {
    let plan = s
        .plan_version
        .map_or(String::new(), |v| format!(" → plan version {v}"));
    println!("#{} [{}] ({}){plan}", s.id, s.status, s.source);
    println!("  {}", s.analysis);
    for c in &s.change_lines {
        println!("  change: {c}");
    }
}

pub fn run(app: &AthleteScope, cmd: CoachCmd) -> paceline_app::Result<ExitCode> {
    let vault = app.app();
    match cmd {
        CoachCmd::Providers { cmd } => providers(vault, cmd)?,
        CoachCmd::Budget {
            daily,
            weekly,
            monthly,
        } => {
            let b = if daily.is_some() || weekly.is_some() || monthly.is_some() {
                vault.coach_set_budget(daily, weekly, monthly)?
            } else {
                vault.coach_budget()?
            };
            let cap = |c: Option<f64>| c.map_or("no cap".to_string(), |x| format!("${x:.2}"));
            println!("daily:   {}", cap(b.daily_usd));
            println!("weekly:  {}", cap(b.weekly_usd));
            println!("monthly: {}", cap(b.monthly_usd));
        }
        CoachCmd::Ledger { json } => {
            let rows = vault.coach_ledger(0)?;
            let sum = vault.coach_ledger_summary(0)?;
            if json {
                let rows: Vec<serde_json::Value> = rows
                    .iter()
                    .map(|r| {
                        serde_json::json!({
                            "at_utc": r.at_utc, "athlete_id": r.athlete_id, "action": r.action,
                            "provider": r.provider, "model": r.model,
                            "prompt": r.prompt_name, "prompt_version": r.prompt_version,
                            "tokens_in": r.tokens_in, "tokens_out": r.tokens_out,
                            "estimated": r.estimated, "cost_usd": r.cost_usd,
                            "latency_ms": r.latency_ms, "outcome": r.outcome,
                        })
                    })
                    .collect();
                print::json(&serde_json::json!({"calls": rows, "summary": sum}));
            } else {
                for r in &rows {
                    println!(
                        "{}  {:<16} {}/{}  {}@v{}  {} in / {} out{}  {}  {} ms  {}",
                        stamp(r.at_utc),
                        r.action,
                        r.provider,
                        r.model,
                        r.prompt_name,
                        r.prompt_version,
                        r.tokens_in,
                        r.tokens_out,
                        if r.estimated { " (est.)" } else { "" },
                        usd(r.cost_usd),
                        r.latency_ms,
                        r.outcome
                    );
                }
                println!(
                    "total: {} calls, {} in / {} out tokens, {}",
                    sum.calls,
                    sum.tokens_in,
                    sum.tokens_out,
                    usd(sum.cost_usd)
                );
                for l in &sum.by_model {
                    println!("  model {}: {} calls, {}", l.key, l.calls, usd(l.cost_usd));
                }
                for l in &sum.by_action {
                    println!("  action {}: {} calls, {}", l.key, l.calls, usd(l.cost_usd));
                }
            }
        }
        CoachCmd::Ask {
            question,
            conversation,
        } => {
            let mut out = std::io::stdout();
            let a = app.coach_ask(&question, conversation, &mut |t| {
                let _ = out.write_all(t.as_bytes());
                let _ = out.flush();
            })?;
            println!();
            eprintln!(
                "(conversation {}, {} tool calls, {})",
                a.conversation,
                a.tool_calls,
                usd(a.cost_usd)
            );
        }
        CoachCmd::Rules { text, yes } => {
            let p = app.coach_parse_rules(&text)?;
            for l in p.lines() {
                println!("{l}");
            }
            let confirmed = yes || (std::io::stdin().is_terminal() && ask("Save these rules?"));
            if !confirmed {
                println!("nothing saved; run again with --yes to save");
                return Ok(ExitCode::SUCCESS);
            }
            let v = app.coach_save_rules(&p)?;
            println!("saved as rules version {v}");
        }
        CoachCmd::Analyze { activity } => suggestion(&app.coach_analyze(activity)?),
        CoachCmd::Suggestions { json } => {
            let list = app.coach_suggestions()?;
            if json {
                print::json(&list);
            } else if list.is_empty() {
                println!("no suggestions yet (`paceline coach analyze` after a workout)");
            }
            if !json {
                list.iter().for_each(suggestion);
            }
        }
        CoachCmd::Approve { id } => {
            let p = app.coach_preview(id)?;
            for c in &p.diff.changed {
                println!(
                    "{} {}: {} ({:.0} min, TSS {:.0}) → {} ({:.0} min, TSS {:.0})",
                    c.before.date,
                    c.before.sport.name(),
                    c.before.name,
                    c.before.duration_min,
                    c.before.tss,
                    c.after.name,
                    c.after.duration_min,
                    c.after.tss
                );
            }
            for w in &p.diff.removed {
                println!("{} {}: {} removed", w.date, w.sport.name(), w.name);
            }
            for w in &p.diff.added {
                println!("{} {}: {} added", w.date, w.sport.name(), w.name);
            }
            let v = app.coach_approve(id)?;
            println!("saved as plan version {v} (`paceline plan undo` goes back)");
        }
        CoachCmd::Reject { id } => {
            app.coach_reject(id)?;
            println!("suggestion {id} rejected; the plan stays as it is");
        }
        CoachCmd::Review {
            week,
            schedule,
            json,
        } => return review(app, week, schedule, json),
        CoachCmd::Reviews { json } => {
            let list = app.coach_reviews()?;
            if json {
                print::json(&list);
            } else if list.is_empty() {
                println!("no reviews yet (`paceline coach review`)");
            }
            if !json {
                for r in &list {
                    println!(
                        "#{} {} ({} to {}, {}, written {})",
                        r.id,
                        r.week,
                        r.monday,
                        r.sunday,
                        r.source,
                        stamp(r.created_utc)
                    );
                }
            }
        }
        CoachCmd::Deep { resume, out } => return deep(app, resume, out),
    }
    Ok(ExitCode::SUCCESS)
}

fn review(
    app: &AthleteScope,
    week: Option<String>,
    schedule: Option<String>,
    json: bool,
) -> paceline_app::Result<ExitCode> {
    let vault = app.app();
    let athlete = app.id();
    if let Some(s) = schedule {
        let off = s.trim().eq_ignore_ascii_case("off");
        match vault.set_review_schedule(athlete, (!off).then_some(s.as_str()))? {
            Some(due) => println!(
                "the weekly review is written on “{}”; next on {} UTC (while the desktop app runs)",
                s.trim(),
                stamp(due)
            ),
            None => println!("the weekly review is no longer written by itself"),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let r = vault.run_coach_review(athlete, week.as_deref())?;
    if json {
        print::json(&r);
    } else {
        println!(
            "Review of {} ({} to {}) — {}",
            r.week, r.monday, r.sunday, r.source
        );
        println!("{}", r.text);
    }
    Ok(ExitCode::SUCCESS)
}

fn deep(
    app: &AthleteScope,
    resume: Option<i64>,
    out: Option<std::path::PathBuf>,
) -> paceline_app::Result<ExitCode> {
    use paceline_app::coach::{DeepProgress, DeepStepState};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    // Installing the handler fails only if another one exists; then Ctrl-C just quits.
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("\ncancelling after the step in flight (Ctrl-C again to quit now)");
    });
    let progress = |p: &DeepProgress| {
        let what = match p.state {
            DeepStepState::Started => "…",
            DeepStepState::Done => " done",
            DeepStepState::Kept => " kept from the earlier attempt",
        };
        eprintln!("[{}/{}] {}{what}", p.step, p.of, p.title);
    };
    let run = app
        .app()
        .run_deep_analysis(app.id(), resume, &progress, &cancel)?;
    if run.status != "done" {
        eprintln!(
            "deep analysis {} stopped ({}): `paceline coach deep --resume {}` continues it",
            run.id, run.status, run.id
        );
    }
    match out {
        Some(path) => {
            let html = app.deep_report_html(run.id)?;
            std::fs::write(&path, html).map_err(|e| {
                paceline_app::AppError::InvalidInput(format!(
                    "cannot write {}: {e}",
                    path.display()
                ))
            })?;
            println!(
                "report of deep analysis {} written to {}",
                run.id,
                path.display()
            );
        }
        None => {
            for s in &run.steps {
                if let Some(t) = &s.text {
                    println!("## {}. {}\n{t}\n", s.step, s.title);
                }
            }
        }
    }
    Ok(if run.status == "done" {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(130)
    })
}

fn ask(q: &str) -> bool {
    print!("{q} [y/N] ");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).is_ok() && line.trim().eq_ignore_ascii_case("y")
}

fn providers(vault: &paceline_app::App, cmd: ProviderCmd) -> paceline_app::Result<()> {
    match cmd {
        ProviderCmd::Add {
            name,
            kind,
            base_url,
            model,
            api_key_env,
            price_in,
            price_out,
            timeout,
        } => {
            vault.coach_add_provider(&ProviderInput {
                name: name.clone(),
                kind: match kind {
                    Kind::Openai => ProviderKind::Openai,
                    Kind::Anthropic => ProviderKind::Anthropic,
                    Kind::Ollama => ProviderKind::Ollama,
                },
                base_url,
                model,
                api_key_env,
                price_in,
                price_out,
                timeout_s: timeout,
                local: None,
            })?;
            println!("provider {name} saved");
        }
        ProviderCmd::List { json } => {
            let list = vault.coach_providers()?;
            if json {
                print::json(&list);
            } else if list.is_empty() {
                println!("no provider: the built-in planner and rule-based analysis are used");
            }
            if !json {
                for p in &list {
                    println!(
                        "{}. {} ({}) {} {}  key: {}  ${:.2}/${:.2} per M tokens ({}){}",
                        p.position + 1,
                        p.name,
                        p.kind,
                        p.base_url,
                        p.model,
                        if p.has_key { "set" } else { "none" },
                        p.price_in,
                        p.price_out,
                        p.price_source,
                        if p.local { ", local" } else { "" }
                    );
                }
            }
        }
        ProviderCmd::Order { names } => {
            vault.coach_order_providers(&names)?;
            println!("order: {}", names.join(" → "));
        }
        ProviderCmd::Remove { name } => {
            vault.coach_remove_provider(&name)?;
            println!("provider {name} removed");
        }
    }
    Ok(())
}

/// `paceline plan generate --planner llm`.
pub fn generate(app: &AthleteScope, json: bool) -> paceline_app::Result<ExitCode> {
    let out = app.generate_plan_llm()?;
    if json {
        println!("{}", paceline_app::plan::export::to_json(&out.plan));
    } else {
        crate::plan::show_workouts(&out.plan);
    }
    let msg = format!(
        "saved as plan version {}{} ({} model calls, {})",
        out.version,
        if out.repaired {
            " after one repair round"
        } else {
            ""
        },
        out.calls,
        usd(out.cost_usd)
    );
    if json {
        eprintln!("{msg}");
    } else {
        println!("{msg}");
    }
    Ok(ExitCode::SUCCESS)
}
