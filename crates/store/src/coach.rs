//! The LLM coach's rows: providers (never their API keys: those are secrets, see
//! `secrets.rs`), budget caps, the ledger of every model call, prompt versions the
//! user edited, chat history and the coach's suggestions.
//!
//! The vault keeps its own rows: a provider's kind and a suggestion's status are plain
//! keys the app maps; a suggested change is the plan format's JSON (it is plan data,
//! not a wire DTO). The ledger outlives a deleted athlete without their id, so what
//! was spent still counts against the caps.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::athletes::exists;
use crate::plans::{insert_plan, NewPlan};
use crate::{Error, Result, Store};

/// A configured provider. The API key is not here: it is the secret
/// `llm/<name>/key`, or read from the environment variable `api_key_env`.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderRow {
    pub name: String,
    /// `openai`, `anthropic` or `ollama`.
    pub kind: String,
    pub base_url: String,
    pub model: String,
    /// 0, 1, … in the fallback order.
    pub position: u32,
    pub timeout_s: Option<u32>,
    /// USD per million tokens; `None` = not set (local: free, cloud: the conservative default).
    pub price_in_per_mtok: Option<f64>,
    pub price_out_per_mtok: Option<f64>,
    pub api_key_env: Option<String>,
    /// Overrides the local/cloud guess from the URL.
    pub local: Option<bool>,
}

/// Spending caps in USD; `None` is no cap.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BudgetRow {
    pub daily_usd: Option<f64>,
    pub weekly_usd: Option<f64>,
    pub monthly_usd: Option<f64>,
}

/// One model call.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerRow {
    pub id: i64,
    /// `None` once the athlete was deleted.
    pub athlete_id: Option<i64>,
    pub at_utc: i64,
    /// `plan_generate`, `chat`, `rules_parse`, …
    pub action: String,
    pub provider: String,
    pub model: String,
    pub prompt_name: String,
    pub prompt_version: u32,
    pub tokens_in: u64,
    pub tokens_out: u64,
    /// The provider reported no usage: these are our own counts.
    pub estimated: bool,
    pub cost_usd: f64,
    pub latency_ms: u64,
    /// `ok`, `budget_refused`, `timeout`, …
    pub outcome: String,
}

/// A prompt template the user saved (rollback saves an older body as a new version).
#[derive(Debug, Clone, PartialEq)]
pub struct PromptVersionRow {
    pub name: String,
    pub version: u32,
    pub body: String,
    pub created_utc: i64,
}

/// One chat message.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatRow {
    pub id: i64,
    pub conversation: i64,
    /// `user` or `assistant`.
    pub role: String,
    pub content: String,
    pub at_utc: i64,
}

/// A suggestion of the coach (from an analysis) awaiting the athlete's decision.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestionRow {
    pub id: i64,
    pub created_utc: i64,
    pub activity_id: Option<i64>,
    /// `rules` (rule-based) or `llm`.
    pub source: String,
    pub analysis: String,
    /// The proposed change as the coach's change JSON; `None` = nothing to change.
    pub change: Option<String>,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    /// The plan version an approval made.
    pub plan_version: Option<u32>,
    pub decided_utc: Option<i64>,
}

fn provider_row(r: &Row) -> rusqlite::Result<ProviderRow> {
    Ok(ProviderRow {
        name: r.get(0)?,
        kind: r.get(1)?,
        base_url: r.get(2)?,
        model: r.get(3)?,
        position: r.get(4)?,
        timeout_s: r.get(5)?,
        price_in_per_mtok: r.get(6)?,
        price_out_per_mtok: r.get(7)?,
        api_key_env: r.get(8)?,
        local: r.get(9)?,
    })
}

fn ledger_row(r: &Row) -> rusqlite::Result<LedgerRow> {
    Ok(LedgerRow {
        id: r.get(0)?,
        athlete_id: r.get(1)?,
        at_utc: r.get(2)?,
        action: r.get(3)?,
        provider: r.get(4)?,
        model: r.get(5)?,
        prompt_name: r.get(6)?,
        prompt_version: r.get(7)?,
        tokens_in: r.get::<_, i64>(8)?.max(0) as u64,
        tokens_out: r.get::<_, i64>(9)?.max(0) as u64,
        estimated: r.get(10)?,
        cost_usd: r.get(11)?,
        latency_ms: r.get::<_, i64>(12)?.max(0) as u64,
        outcome: r.get(13)?,
    })
}

fn suggestion_row(r: &Row) -> rusqlite::Result<SuggestionRow> {
    Ok(SuggestionRow {
        id: r.get(0)?,
        created_utc: r.get(1)?,
        activity_id: r.get(2)?,
        source: r.get(3)?,
        analysis: r.get(4)?,
        change: r.get(5)?,
        status: r.get(6)?,
        plan_version: r.get(7)?,
        decided_utc: r.get(8)?,
    })
}

const PROVIDER_COLS: &str = "name, kind, base_url, model, position, timeout_s, \
    price_in_per_mtok, price_out_per_mtok, api_key_env, local";
const LEDGER_COLS: &str = "id, athlete_id, at_utc, action, provider, model, prompt_name, \
    prompt_version, tokens_in, tokens_out, estimated, cost_usd, latency_ms, outcome";
const SUGGESTION_COLS: &str =
    "id, created_utc, activity_id, source, analysis, change, status, plan_version, decided_utc";

fn suggestion_in(c: &Connection, athlete_id: i64, id: i64) -> Result<SuggestionRow> {
    c.query_row(
        &format!(
            "SELECT {SUGGESTION_COLS} FROM coach_suggestion WHERE athlete_id = ?1 AND id = ?2"
        ),
        (athlete_id, id),
        suggestion_row,
    )
    .optional()?
    .ok_or(Error::Missing {
        what: "suggestion",
        id,
    })
}

impl Store {
    /// The providers in fallback order.
    pub fn coach_providers(&self) -> Result<Vec<ProviderRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {PROVIDER_COLS} FROM coach_provider ORDER BY position, name"
            ))?;
            let rows = st.query_map([], provider_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Adds a provider at the end of the order, or replaces one of the same name in
    /// its place (`p.position` is ignored).
    pub fn put_coach_provider(&self, p: &ProviderRow) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            let position: u32 = match tx
                .query_row(
                    "SELECT position FROM coach_provider WHERE name = ?1",
                    [&p.name],
                    |r| r.get(0),
                )
                .optional()?
            {
                Some(pos) => pos,
                None => tx.query_row(
                    "SELECT coalesce(max(position) + 1, 0) FROM coach_provider",
                    [],
                    |r| r.get(0),
                )?,
            };
            tx.execute(
                &format!("INSERT OR REPLACE INTO coach_provider({PROVIDER_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
                params![
                    p.name,
                    p.kind,
                    p.base_url,
                    p.model,
                    position,
                    p.timeout_s,
                    p.price_in_per_mtok,
                    p.price_out_per_mtok,
                    p.api_key_env,
                    p.local
                ],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Removes a provider; false when there was none of that name.
    pub fn remove_coach_provider(&self, name: &str) -> Result<bool> {
        self.write(|c| Ok(c.execute("DELETE FROM coach_provider WHERE name = ?1", [name])? > 0))
    }

    /// Puts the named providers first, in the given order; the others follow in their
    /// old order. An unknown name changes nothing and is `Missing`.
    pub fn order_coach_providers(&self, names: &[String]) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            let mut all: Vec<String> = tx
                .prepare("SELECT name FROM coach_provider ORDER BY position, name")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for (i, n) in names.iter().enumerate() {
                if !all.contains(n) {
                    return Err(Error::Missing {
                        what: "provider (by position in the list)",
                        id: i as i64 + 1,
                    });
                }
            }
            all.retain(|n| !names.contains(n));
            for (pos, n) in names.iter().chain(all.iter()).enumerate() {
                tx.execute(
                    "UPDATE coach_provider SET position = ?2 WHERE name = ?1",
                    params![n, pos as u32],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
    }

    pub fn coach_budget(&self) -> Result<BudgetRow> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT daily_usd, weekly_usd, monthly_usd FROM coach_budget WHERE id = 1",
                [],
                |r| {
                    Ok(BudgetRow {
                        daily_usd: r.get(0)?,
                        weekly_usd: r.get(1)?,
                        monthly_usd: r.get(2)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default())
        })
    }

    pub fn set_coach_budget(&self, b: &BudgetRow) -> Result<()> {
        self.write(|c| {
            c.execute(
                "INSERT OR REPLACE INTO coach_budget VALUES (1, ?1, ?2, ?3)",
                params![b.daily_usd, b.weekly_usd, b.monthly_usd],
            )?;
            Ok(())
        })
    }

    /// Appends a ledger row (`row.id` is ignored); returns its id.
    pub fn add_ledger(&self, row: &LedgerRow) -> Result<i64> {
        self.write(|c| {
            c.execute(
                "INSERT INTO coach_ledger(athlete_id, at_utc, action, provider, model,
                    prompt_name, prompt_version, tokens_in, tokens_out, estimated, cost_usd,
                    latency_ms, outcome)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    row.athlete_id,
                    row.at_utc,
                    row.action,
                    row.provider,
                    row.model,
                    row.prompt_name,
                    row.prompt_version,
                    row.tokens_in as i64,
                    row.tokens_out as i64,
                    row.estimated,
                    row.cost_usd,
                    row.latency_ms as i64,
                    row.outcome
                ],
            )?;
            Ok(c.last_insert_rowid())
        })
    }

    /// Ledger rows at or after `since_utc`, oldest first (every athlete's and the
    /// deleted ones': the budget is the vault's).
    pub fn ledger(&self, since_utc: i64) -> Result<Vec<LedgerRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {LEDGER_COLS} FROM coach_ledger WHERE at_utc >= ?1 ORDER BY at_utc, id"
            ))?;
            let rows = st.query_map([since_utc], ledger_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// USD spent at or after `since_utc`.
    pub fn ledger_spent_since(&self, since_utc: i64) -> Result<f64> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT coalesce(sum(cost_usd), 0) FROM coach_ledger WHERE at_utc >= ?1",
                [since_utc],
                |r| r.get(0),
            )?)
        })
    }

    /// Every saved version of a prompt, oldest first.
    pub fn prompt_versions(&self, name: &str) -> Result<Vec<PromptVersionRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT name, version, body, created_utc FROM coach_prompt WHERE name = ?1
                 ORDER BY version",
            )?;
            let rows = st.query_map([name], |r| {
                Ok(PromptVersionRow {
                    name: r.get(0)?,
                    version: r.get(1)?,
                    body: r.get(2)?,
                    created_utc: r.get(3)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Saves a body as the prompt's next version, numbered after `min_version` at
    /// least (the built-in template's own version); returns it.
    pub fn add_prompt_version(
        &self,
        name: &str,
        body: &str,
        min_version: u32,
        created_utc: i64,
    ) -> Result<u32> {
        self.write(|c| {
            let tx = c.transaction()?;
            let last: u32 = tx.query_row(
                "SELECT coalesce(max(version), 0) FROM coach_prompt WHERE name = ?1",
                [name],
                |r| r.get(0),
            )?;
            let v = last.max(min_version) + 1;
            tx.execute(
                "INSERT INTO coach_prompt VALUES (?1, ?2, ?3, ?4)",
                params![name, v, body, created_utc],
            )?;
            tx.commit()?;
            Ok(v)
        })
    }

    /// Appends a chat message to one of the athlete's conversations.
    pub fn add_chat_message(
        &self,
        athlete_id: i64,
        conversation: i64,
        role: &str,
        content: &str,
        at_utc: i64,
    ) -> Result<i64> {
        self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, athlete_id)?;
            tx.execute(
                "INSERT INTO coach_chat(athlete_id, conversation, role, content, at_utc)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![athlete_id, conversation, role, content, at_utc],
            )?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            Ok(id)
        })
    }

    /// A conversation's messages in order.
    pub fn chat_messages(&self, athlete_id: i64, conversation: i64) -> Result<Vec<ChatRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, conversation, role, content, at_utc FROM coach_chat
                 WHERE athlete_id = ?1 AND conversation = ?2 ORDER BY id",
            )?;
            let rows = st.query_map((athlete_id, conversation), |r| {
                Ok(ChatRow {
                    id: r.get(0)?,
                    conversation: r.get(1)?,
                    role: r.get(2)?,
                    content: r.get(3)?,
                    at_utc: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The athlete's latest conversation number (0 when none).
    pub fn last_conversation(&self, athlete_id: i64) -> Result<i64> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT coalesce(max(conversation), 0) FROM coach_chat WHERE athlete_id = ?1",
                [athlete_id],
                |r| r.get(0),
            )?)
        })
    }

    /// Stores a pending suggestion; returns its id.
    pub fn add_suggestion(
        &self,
        athlete_id: i64,
        activity_id: Option<i64>,
        source: &str,
        analysis: &str,
        change: Option<&str>,
        created_utc: i64,
    ) -> Result<i64> {
        self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, athlete_id)?;
            if let Some(a) = activity_id {
                crate::owned(&tx, athlete_id, a)?;
            }
            tx.execute(
                "INSERT INTO coach_suggestion(athlete_id, created_utc, activity_id, source,
                    analysis, change, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending')",
                params![
                    athlete_id,
                    created_utc,
                    activity_id,
                    source,
                    analysis,
                    change
                ],
            )?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            Ok(id)
        })
    }

    /// The athlete's suggestions, newest first.
    pub fn suggestions(&self, athlete_id: i64) -> Result<Vec<SuggestionRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {SUGGESTION_COLS} FROM coach_suggestion WHERE athlete_id = ?1
                 ORDER BY id DESC"
            ))?;
            let rows = st.query_map([athlete_id], suggestion_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn suggestion(&self, athlete_id: i64, id: i64) -> Result<SuggestionRow> {
        self.read(|c| suggestion_in(c, athlete_id, id))
    }

    /// Rejects a pending suggestion.
    pub fn reject_suggestion(&self, athlete_id: i64, id: i64, at_utc: i64) -> Result<()> {
        self.decide(athlete_id, id, at_utc, None)
    }

    /// Approves a pending suggestion and stores the plan version it makes, in one
    /// transaction (both or neither); returns the version.
    pub fn approve_suggestion(
        &self,
        athlete_id: i64,
        id: i64,
        at_utc: i64,
        plan: NewPlan,
    ) -> Result<u32> {
        self.decide(athlete_id, id, at_utc, Some(plan))
            .and_then(|_| self.suggestion(athlete_id, id))
            .map(|s| s.plan_version.unwrap_or_default())
    }

    fn decide(&self, athlete_id: i64, id: i64, at: i64, plan: Option<NewPlan>) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            let s = suggestion_in(&tx, athlete_id, id)?;
            if s.status != "pending" {
                return Err(Error::Missing {
                    what: "pending suggestion",
                    id,
                });
            }
            let (status, version) = match plan {
                Some(p) => ("approved", Some(insert_plan(&tx, athlete_id, &p)?)),
                None => ("rejected", None),
            };
            tx.execute(
                "UPDATE coach_suggestion SET status = ?3, plan_version = ?4, decided_utc = ?5
                 WHERE athlete_id = ?1 AND id = ?2",
                params![athlete_id, id, status, version, at],
            )?;
            tx.commit()?;
            Ok(())
        })
    }
}

/// A weekly review the coach wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRow {
    pub id: i64,
    pub athlete_id: i64,
    /// ISO week, `2026-W48`.
    pub week: String,
    pub created_utc: i64,
    /// `llm` or `rules`.
    pub source: String,
    pub text: String,
    /// The week's facts as JSON.
    pub facts: String,
}

/// A deep analysis run.
#[derive(Debug, Clone, PartialEq)]
pub struct DeepRunRow {
    pub id: i64,
    pub athlete_id: i64,
    pub created_utc: i64,
    pub updated_utc: i64,
    /// `running`, `cancelled`, `failed` or `done`.
    pub status: String,
    pub error: Option<String>,
    pub suggestion_id: Option<i64>,
}

/// A finished step of a deep analysis run.
#[derive(Debug, Clone, PartialEq)]
pub struct DeepStepRow {
    pub step: u32,
    pub title: String,
    pub source: String,
    pub text: String,
    pub finished_utc: i64,
}

const REVIEW_COLS: &str = "id, athlete_id, week, created_utc, source, text, facts";
const RUN_COLS: &str = "id, athlete_id, created_utc, updated_utc, status, error, suggestion_id";

fn review_row(r: &Row) -> rusqlite::Result<ReviewRow> {
    Ok(ReviewRow {
        id: r.get(0)?,
        athlete_id: r.get(1)?,
        week: r.get(2)?,
        created_utc: r.get(3)?,
        source: r.get(4)?,
        text: r.get(5)?,
        facts: r.get(6)?,
    })
}

fn run_row(r: &Row) -> rusqlite::Result<DeepRunRow> {
    Ok(DeepRunRow {
        id: r.get(0)?,
        athlete_id: r.get(1)?,
        created_utc: r.get(2)?,
        updated_utc: r.get(3)?,
        status: r.get(4)?,
        error: r.get(5)?,
        suggestion_id: r.get(6)?,
    })
}

impl Store {
    /// Stores a weekly review; returns its id.
    pub fn add_review(
        &self,
        athlete_id: i64,
        week: &str,
        created_utc: i64,
        source: &str,
        text: &str,
        facts: &str,
    ) -> Result<i64> {
        self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, athlete_id)?;
            tx.execute(
                "INSERT INTO coach_review(athlete_id, week, created_utc, source, text, facts)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![athlete_id, week, created_utc, source, text, facts],
            )?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            Ok(id)
        })
    }

    /// The athlete's reviews, newest first.
    pub fn reviews(&self, athlete_id: i64) -> Result<Vec<ReviewRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {REVIEW_COLS} FROM coach_review WHERE athlete_id = ?1 ORDER BY id DESC"
            ))?;
            let rows = st.query_map([athlete_id], review_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn review(&self, athlete_id: i64, id: i64) -> Result<ReviewRow> {
        self.read(|c| {
            c.query_row(
                &format!(
                    "SELECT {REVIEW_COLS} FROM coach_review WHERE athlete_id = ?1 AND id = ?2"
                ),
                (athlete_id, id),
                review_row,
            )
            .optional()?
            .ok_or(Error::Missing { what: "review", id })
        })
    }

    /// Starts a deep analysis run (status `running`); returns its id.
    pub fn add_deep_run(&self, athlete_id: i64, created_utc: i64) -> Result<i64> {
        self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, athlete_id)?;
            tx.execute(
                "INSERT INTO coach_deep_run(athlete_id, created_utc, updated_utc, status)
                 VALUES (?1, ?2, ?2, 'running')",
                params![athlete_id, created_utc],
            )?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            Ok(id)
        })
    }

    pub fn deep_run(&self, athlete_id: i64, id: i64) -> Result<DeepRunRow> {
        self.read(|c| {
            c.query_row(
                &format!("SELECT {RUN_COLS} FROM coach_deep_run WHERE athlete_id = ?1 AND id = ?2"),
                (athlete_id, id),
                run_row,
            )
            .optional()?
            .ok_or(Error::Missing {
                what: "deep analysis run",
                id,
            })
        })
    }

    /// The athlete's deep analysis runs, newest first.
    pub fn deep_runs(&self, athlete_id: i64) -> Result<Vec<DeepRunRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {RUN_COLS} FROM coach_deep_run WHERE athlete_id = ?1 ORDER BY id DESC"
            ))?;
            let rows = st.query_map([athlete_id], run_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Sets a run's status (and why it stopped; `None` clears it).
    pub fn set_deep_run_status(
        &self,
        athlete_id: i64,
        id: i64,
        status: &str,
        error: Option<&str>,
        at_utc: i64,
    ) -> Result<()> {
        self.write(|c| {
            let n = c.execute(
                "UPDATE coach_deep_run SET status = ?3, error = ?4, updated_utc = ?5
                 WHERE athlete_id = ?1 AND id = ?2",
                params![athlete_id, id, status, error, at_utc],
            )?;
            if n == 0 {
                return Err(Error::Missing {
                    what: "deep analysis run",
                    id,
                });
            }
            Ok(())
        })
    }

    /// Stores a finished step (replacing an earlier result of that step).
    pub fn put_deep_step(&self, athlete_id: i64, run_id: i64, s: &DeepStepRow) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            let n: i64 = tx.query_row(
                "SELECT count(*) FROM coach_deep_run WHERE athlete_id = ?1 AND id = ?2",
                (athlete_id, run_id),
                |r| r.get(0),
            )?;
            if n == 0 {
                return Err(Error::Missing {
                    what: "deep analysis run",
                    id: run_id,
                });
            }
            tx.execute(
                "INSERT OR REPLACE INTO coach_deep_step(run_id, athlete_id, step, title, source,
                    text, finished_utc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    run_id,
                    athlete_id,
                    s.step,
                    s.title,
                    s.source,
                    s.text,
                    s.finished_utc
                ],
            )?;
            tx.execute(
                "UPDATE coach_deep_run SET updated_utc = ?2 WHERE id = ?1",
                params![run_id, s.finished_utc],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// A run's finished steps, in order.
    pub fn deep_steps(&self, athlete_id: i64, run_id: i64) -> Result<Vec<DeepStepRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT step, title, source, text, finished_utc FROM coach_deep_step
                 WHERE athlete_id = ?1 AND run_id = ?2 ORDER BY step",
            )?;
            let rows = st.query_map((athlete_id, run_id), |r| {
                Ok(DeepStepRow {
                    step: r.get(0)?,
                    title: r.get(1)?,
                    source: r.get(2)?,
                    text: r.get(3)?,
                    finished_utc: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Links the suggestion a run's plan proposal made.
    pub fn set_deep_run_suggestion(
        &self,
        athlete_id: i64,
        id: i64,
        suggestion_id: Option<i64>,
    ) -> Result<()> {
        self.write(|c| {
            c.execute(
                "UPDATE coach_deep_run SET suggestion_id = ?3 WHERE athlete_id = ?1 AND id = ?2",
                params![athlete_id, id, suggestion_id],
            )?;
            Ok(())
        })
    }
}
