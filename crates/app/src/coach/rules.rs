//! Rules from words: the athlete's sentence → structured rules and injuries, shown
//! for confirmation, then saved as a new rules version (with the injuries, in one
//! transaction).

use paceline_coach::rules::{describe_injury, describe_rule, parse, ParsedRules};
use paceline_llm::ChatRequest;
use paceline_plan::Date;
use serde::Serialize;
use serde_json::json;

use crate::{AppError, AthleteScope, Result};

/// What the words became, awaiting confirmation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RulesProposal {
    /// The athlete's words.
    pub text: String,
    /// The full rule set the model proposes (it keeps the rules in force unless the
    /// words change them) and the new injuries.
    pub parsed: ParsedRules,
    /// The rules version it replaces (0: none yet).
    pub replaces_version: u32,
}

impl RulesProposal {
    /// One line per rule and injury, for the confirmation.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .parsed
            .rules
            .iter()
            .map(|r| format!("rule: {}", describe_rule(r)))
            .collect();
        out.extend(
            self.parsed
                .injuries
                .iter()
                .map(|i| format!("injury: {}", describe_injury(i))),
        );
        if !self.parsed.unparsed.trim().is_empty() {
            out.push(format!("not understood: {}", self.parsed.unparsed.trim()));
        }
        out
    }
}

impl AthleteScope<'_> {
    /// Asks the model to read the words into rules and injuries; nothing is saved.
    pub fn coach_parse_rules(&self, text: &str) -> Result<RulesProposal> {
        let text = text.trim();
        if text.is_empty() {
            return Err(AppError::InvalidInput(
                "say what the rules are, e.g. \"no runs on Tuesdays, keep Sundays easy\"".into(),
            ));
        }
        let chain = self.app.coach_chain()?.ok_or_else(|| {
            AppError::InvalidInput(
                "reading rules from words needs an LLM provider (`paceline coach providers add …`); \
                 without one add rules one by one (`paceline plan rule add …`)"
                    .into(),
            )
        })?;
        let today = Date(self.today()?);
        let current = self.plan_rules()?;
        let prompt = self.app.coach_prompt("rules_parse")?;
        let schema = prompt
            .answer_schema()
            .ok_or_else(|| AppError::Internal("rules_parse names no schema".into()))?;
        let user = prompt
            .render(json!({
                "today": today.to_string(),
                "weekday": today.weekday().name(),
                "current_rules": if current.rules.is_empty() {
                    String::new()
                } else {
                    serde_json::to_string(&current.rules).unwrap_or_default()
                },
                "text": text,
            }))
            .map_err(|e| AppError::InvalidInput(e.to_string()))?;
        let req = ChatRequest::new(user)
            .with_schema("rules", schema)
            .with_max_tokens(2_000);
        let answer = self.coach_json(&chain, "rules_parse", &prompt, &req)?;
        let parsed =
            parse(&answer.value, today).map_err(|e| AppError::InvalidInput(e.to_string()))?;
        Ok(RulesProposal {
            text: text.to_string(),
            parsed,
            replaces_version: current.version,
        })
    }

    /// Saves a confirmed proposal: the rules as a new version (the words appended to
    /// the old ones) and the injuries, together. Refused when the rules changed since
    /// the proposal was made.
    pub fn coach_save_rules(&self, p: &RulesProposal) -> Result<u32> {
        let current = self.plan_rules()?;
        if current.version != p.replaces_version {
            return Err(AppError::InvalidInput(format!(
                "the rules changed since this proposal (now version {}); read the words again",
                current.version
            )));
        }
        let probe = paceline_coach::rules::parse(
            &serde_json::to_value(&p.parsed).unwrap_or_default(),
            Date(self.today()?),
        )
        .map_err(|e| AppError::InvalidInput(e.to_string()))?;
        let words = match current.text.trim() {
            "" => p.text.clone(),
            old => format!("{old}\n{}", p.text),
        };
        Ok(self.store.set_rules_with_injuries(
            self.athlete_id,
            &probe.rules,
            &words,
            &probe.injuries,
            self.app.now(),
        )?)
    }
}
