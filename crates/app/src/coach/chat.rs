//! Chat grounded in the athlete's own data: the model answers through tools that
//! query activities, an activity's metrics, the PMC, wellness and the plan; the answer
//! streams as it arrives; the conversation is stored; every call is in the ledger.
//!
//! The tools read a snapshot taken when the question is asked (the tool loop runs on
//! the coach's runtime, away from the vault's connections), which is what the athlete
//! had at that moment anyway.

use std::collections::BTreeMap;
use std::sync::Arc;

use paceline_llm::{ChatRequest, Message, StreamEvent, ToolRegistry};
use paceline_plan::{Date, Workout};
use serde::Serialize;
use serde_json::{json, Value};

use super::{block_on, llm_error};
use crate::{AppError, AthleteScope, Result};

/// Most model rounds (tool calls then the answer) per question.
const MAX_ROUNDS: usize = 6;
/// Days of activities whose metrics the `activity_metrics` tool can show.
const METRICS_DAYS: i32 = 42;
/// Longest span one tool call returns.
const MAX_SPAN_DAYS: i32 = 366;

/// The answer to one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatAnswer {
    pub conversation: i64,
    pub text: String,
    pub tool_calls: usize,
    pub cost_usd: f64,
}

struct Snapshot {
    today: i32,
    activities: Vec<(i32, Value)>,
    metrics: BTreeMap<i64, Value>,
    pmc: Vec<(i32, Value)>,
    wellness: Vec<(i32, Value)>,
    plan: Vec<Workout>,
}

fn span(args: &Value, today: i32, default_days: i32) -> Result<(i32, i32), String> {
    let day = |k: &str| -> Result<Option<i32>, String> {
        match args.get(k).and_then(Value::as_str) {
            None => Ok(None),
            Some(s) => Date::parse(s)
                .map(|d| Some(d.0))
                .ok_or_else(|| format!("`{k}` must be a date YYYY-MM-DD, not {s:?}")),
        }
    };
    let to = day("to")?.unwrap_or(today);
    let from = day("from")?.unwrap_or(to - default_days + 1);
    if from > to {
        return Err("`from` is after `to`".into());
    }
    Ok((from.max(to - MAX_SPAN_DAYS), to))
}

fn within(rows: &[(i32, Value)], from: i32, to: i32) -> Value {
    Value::Array(
        rows.iter()
            .filter(|(d, _)| *d >= from && *d <= to)
            .map(|(_, v)| v.clone())
            .collect(),
    )
}

fn range_params() -> Value {
    json!({"type": "object", "properties": {
        "from": {"type": "string", "description": "first day, YYYY-MM-DD"},
        "to": {"type": "string", "description": "last day, YYYY-MM-DD (default today)"}}})
}

fn tools(s: Arc<Snapshot>) -> ToolRegistry {
    let mut t = ToolRegistry::new();
    let snap = s.clone();
    t.register(
        "activities",
        "The athlete's activities between two days (default: the last 28): date, sport, name, minutes, km, load, HR, power, RPE, id.",
        range_params(),
        move |args| {
            let s = snap.clone();
            async move {
                let (from, to) = span(&args, s.today, 28)?;
                Ok(within(&s.activities, from, to))
            }
        },
    );
    let snap = s.clone();
    t.register(
        "activity_metrics",
        "Training metrics of one recent activity by id: load and its source, NP, IF, zones, decoupling.",
        json!({"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}),
        move |args| {
            let s = snap.clone();
            async move {
                let id = args
                    .get("id")
                    .and_then(Value::as_i64)
                    .ok_or("give the activity's `id` (from the activities tool)")?;
                s.metrics.get(&id).cloned().ok_or_else(|| {
                    format!("no metrics for activity {id} in the last {METRICS_DAYS} days")
                })
            }
        },
    );
    let snap = s.clone();
    t.register(
        "pmc",
        "Fitness (CTL), fatigue (ATL), form (TSB) and load per day between two days (default: the last 42).",
        range_params(),
        move |args| {
            let s = snap.clone();
            async move {
                let (from, to) = span(&args, s.today, 42)?;
                Ok(within(&s.pmc, from, to))
            }
        },
    );
    let snap = s.clone();
    t.register(
        "wellness",
        "Morning HRV (rMSSD), resting HR and sleep per day between two days (default: the last 28).",
        range_params(),
        move |args| {
            let s = snap.clone();
            async move {
                let (from, to) = span(&args, s.today, 28)?;
                Ok(within(&s.wellness, from, to))
            }
        },
    );
    t.register(
        "plan",
        "The current training plan's workouts between two days (default: the next 14).",
        range_params(),
        move |args| {
            let s = s.clone();
            async move {
                let from_default = json!({"from": Date(s.today).to_string(),
                    "to": Date(s.today + 13).to_string()});
                let args = if args.get("from").is_none() && args.get("to").is_none() {
                    from_default
                } else {
                    args
                };
                let (from, to) = span(&args, s.today, 14)?;
                let w: Vec<&Workout> = s
                    .plan
                    .iter()
                    .filter(|w| w.date.0 >= from && w.date.0 <= to)
                    .collect();
                serde_json::to_value(w).map_err(|e| e.to_string())
            }
        },
    );
    t
}

impl AthleteScope<'_> {
    fn snapshot(&self, today: i32) -> Result<Snapshot> {
        let acts = self.activities_in(i32::MIN / 2, today)?;
        let mut metrics = BTreeMap::new();
        let mut activities = Vec::new();
        for (a, day, load) in &acts {
            if *day > today - METRICS_DAYS && metrics.len() < 60 {
                if let Some(m) = self.store.metrics(self.athlete_id, a.id)? {
                    metrics.insert(a.id, serde_json::to_value(m).unwrap_or(Value::Null));
                }
            }
            activities.push((
                *day,
                json!({"id": a.id, "date": Date(*day).to_string(), "sport": a.sport.key(),
                       "name": a.name, "minutes": (a.active_s() / 60.0).round(),
                       "km": a.distance_m.map(|m| (m / 100.0).round() / 10.0),
                       "load": load.map(f64::round), "avg_hr": a.avg_hr.map(f64::round),
                       "avg_power": a.avg_power.map(f64::round), "rpe": a.rpe}),
            ));
        }
        activities.sort_by_key(|(d, _)| *d);
        let r1 = |x: f32| (x * 10.0).round() / 10.0;
        let pmc = self
            .pmc(None, Some(today))?
            .into_iter()
            .map(|p| {
                (
                    p.day,
                    json!({"date": Date(p.day).to_string(), "ctl": r1(p.ctl), "atl": r1(p.atl),
                           "tsb": r1(p.tsb), "load": r1(p.load)}),
                )
            })
            .collect();
        let wellness = self
            .wellness_days()?
            .into_iter()
            .map(|w| {
                (
                    w.day,
                    json!({"date": Date(w.day).to_string(), "hrv_ms": w.rmssd_ms,
                           "resting_hr": w.resting_hr, "sleep_h": w.sleep_h}),
                )
            })
            .collect();
        let plan = self
            .stored(None)
            .map(|(_, p)| p.workouts)
            .unwrap_or_default();
        Ok(Snapshot {
            today,
            activities,
            metrics,
            pmc,
            wellness,
            plan,
        })
    }

    /// A stored conversation (the latest for `None`; number 0 and no messages when
    /// there is none yet), for the window to show when it opens.
    pub fn coach_chat_history(
        &self,
        conversation: Option<i64>,
    ) -> Result<(i64, Vec<paceline_store::ChatRow>)> {
        let c = match conversation {
            Some(c) => c,
            None => self.store.last_conversation(self.athlete_id)?,
        };
        Ok((c, self.store.chat_messages(self.athlete_id, c)?))
    }

    /// Asks the coach a question in a conversation (a new one for `None`); `on_text`
    /// sees the answer as it streams. The question and the answer are stored.
    pub fn coach_ask(
        &self,
        question: &str,
        conversation: Option<i64>,
        on_text: &mut (dyn FnMut(&str) + Send),
    ) -> Result<ChatAnswer> {
        let question = question.trim();
        if question.is_empty() {
            return Err(AppError::InvalidInput("ask a question".into()));
        }
        let chain = self.app.coach_chain()?.ok_or_else(|| {
            AppError::InvalidInput(
                "chat needs an LLM provider: add one (`paceline coach providers add …`)".into(),
            )
        })?;
        let today = self.today()?;
        let conversation = match conversation {
            Some(c) => c,
            None => self.store.last_conversation(self.athlete_id)? + 1,
        };
        let prompt = self.app.coach_prompt("chat_system")?;
        let system = prompt
            .render(json!({"today": Date(today).to_string(),
                           "brief": self.coach_context()?.render()}))
            .map_err(|e| AppError::InvalidInput(e.to_string()))?;
        let mut req = ChatRequest::new(question)
            .with_system(system)
            .with_max_tokens(1_500);
        let history: Vec<Message> = self
            .store
            .chat_messages(self.athlete_id, conversation)?
            .into_iter()
            .map(|m| match m.role.as_str() {
                "assistant" => Message::assistant(m.content),
                _ => Message::user(m.content),
            })
            .collect();
        req.messages.splice(0..0, history);
        let registry = tools(Arc::new(self.snapshot(today)?));
        let meter = self.coach_meter()?;
        let run = block_on(chain.run_tools(&req, &registry, MAX_ROUNDS, &meter, |ev| {
            if let StreamEvent::Text(t) = ev {
                on_text(t);
            }
        }))?;
        self.record_calls("chat", &prompt, &meter)?;
        let run = run.map_err(llm_error)?;
        let now = self.app.now();
        self.store
            .add_chat_message(self.athlete_id, conversation, "user", question, now)?;
        self.store.add_chat_message(
            self.athlete_id,
            conversation,
            "assistant",
            &run.response.text,
            now,
        )?;
        Ok(ChatAnswer {
            conversation,
            text: run.response.text,
            tool_calls: run.tool_calls,
            cost_usd: meter.cost_usd(),
        })
    }
}
