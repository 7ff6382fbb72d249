//! Prompt templates: one per action, compiled in from the top-level `prompts/` folder.
//!
//! Each file starts with a header comment naming the prompt, its version and the JSON
//! schema (see [`crate::schemas`]) the answer must follow (`none` for free text):
//!
//! ```text
//! {#- paceline-prompt
//! name: plan_generate
//! version: 1
//! schema: plan_weeks
//! -#}
//! ```
//!
//! A user's edited body (saved by the app as a new version in the vault) overrides the
//! built-in one; it keeps the built-in name and schema, since the code reading the
//! answer depends on them. Rendering is strict: a variable the caller did not pass is
//! an error, not an empty string.

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::CoachError;

/// Every action's prompt name, in the order the settings list them.
pub const NAMES: &[&str] = &[
    "plan_generate",
    "plan_repair",
    "rules_parse",
    "workout_analysis",
    "weekly_review",
    "deep_metrics",
    "deep_physiology",
    "deep_activity",
    "deep_synthesis",
    "deep_plan",
    "chat_system",
    "readiness_adjust",
];

const BUILTIN: &[(&str, &str)] = &[
    (
        "plan_generate",
        include_str!("../../../prompts/plan_generate.j2"),
    ),
    (
        "plan_repair",
        include_str!("../../../prompts/plan_repair.j2"),
    ),
    (
        "rules_parse",
        include_str!("../../../prompts/rules_parse.j2"),
    ),
    (
        "workout_analysis",
        include_str!("../../../prompts/workout_analysis.j2"),
    ),
    (
        "weekly_review",
        include_str!("../../../prompts/weekly_review.j2"),
    ),
    (
        "deep_metrics",
        include_str!("../../../prompts/deep_metrics.j2"),
    ),
    (
        "deep_physiology",
        include_str!("../../../prompts/deep_physiology.j2"),
    ),
    (
        "deep_activity",
        include_str!("../../../prompts/deep_activity.j2"),
    ),
    (
        "deep_synthesis",
        include_str!("../../../prompts/deep_synthesis.j2"),
    ),
    ("deep_plan", include_str!("../../../prompts/deep_plan.j2")),
    (
        "chat_system",
        include_str!("../../../prompts/chat_system.j2"),
    ),
    (
        "readiness_adjust",
        include_str!("../../../prompts/readiness_adjust.j2"),
    ),
];

/// What a template's header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub name: String,
    pub version: u32,
    /// `None` for free text.
    pub schema: Option<String>,
}

/// A prompt ready to render: the built-in one or the user's latest version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub name: String,
    /// The built-in header's version, or the vault's number of the user's version.
    pub version: u32,
    pub schema: Option<String>,
    pub body: String,
    /// True for the compiled-in template.
    pub builtin: bool,
}

fn template_error(name: &str, message: impl Into<String>) -> CoachError {
    CoachError::Template {
        name: name.to_string(),
        message: message.into(),
    }
}

/// Reads the header comment at the top of a template; `None` when there is none.
pub fn parse_header(text: &str) -> Result<Option<Header>, String> {
    let t = text.trim_start();
    let Some(rest) = t
        .strip_prefix("{#-")
        .or_else(|| t.strip_prefix("{#"))
        .map(str::trim_start)
    else {
        return Ok(None);
    };
    let Some(rest) = rest.strip_prefix("paceline-prompt") else {
        return Ok(None);
    };
    let end = rest
        .find("#}")
        .ok_or("the header comment is not closed with #}")?;
    let (mut name, mut version, mut schema) = (None, None, None);
    for line in rest[..end].trim_end_matches('-').lines() {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim();
        match k.trim() {
            "name" => name = Some(v.to_string()),
            "version" => {
                version = Some(
                    v.parse::<u32>()
                        .map_err(|_| format!("header version `{v}` is not a whole number"))?,
                )
            }
            "schema" => schema = Some(v.to_string()),
            other => return Err(format!("unknown header field `{other}`")),
        }
    }
    let name = name.ok_or("the header has no `name:`")?;
    let version = version.ok_or("the header has no `version:`")?;
    let schema = schema.ok_or("the header has no `schema:` (write `none` for free text)")?;
    Ok(Some(Header {
        name,
        version,
        schema: (schema != "none").then_some(schema),
    }))
}

/// The compiled-in template of an action.
pub fn builtin(name: &str) -> Result<Prompt, CoachError> {
    let (_, text) = BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| CoachError::UnknownPrompt(name.to_string()))?;
    let h = parse_header(text)
        .map_err(|m| template_error(name, m))?
        .ok_or_else(|| template_error(name, "the built-in template has no header"))?;
    Ok(Prompt {
        name: h.name,
        version: h.version,
        schema: h.schema,
        body: text.to_string(),
        builtin: true,
    })
}

/// A user's saved version of an action's prompt. A header in `body` is optional; when
/// present it must name the same prompt and schema as the built-in one (the code that
/// reads the answer depends on the schema). The template must compile.
pub fn user_version(name: &str, version: u32, body: &str) -> Result<Prompt, CoachError> {
    let base = builtin(name)?;
    if let Some(h) = parse_header(body).map_err(|m| template_error(name, m))? {
        if h.name != base.name {
            return Err(template_error(
                name,
                format!("the header names `{}`, not `{name}`", h.name),
            ));
        }
        if h.schema != base.schema {
            return Err(template_error(
                name,
                format!(
                    "the answer's schema must stay `{}`",
                    base.schema.as_deref().unwrap_or("none")
                ),
            ));
        }
    }
    let mut env = Environment::new();
    env.add_template("t", body)
        .map_err(|e| template_error(name, e.to_string()))?;
    Ok(Prompt {
        name: base.name,
        version,
        schema: base.schema,
        body: body.to_string(),
        builtin: false,
    })
}

impl Prompt {
    /// Renders the template with `ctx` (a serializable struct or map).
    pub fn render(&self, ctx: impl Serialize) -> Result<String, CoachError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        if let Ok(syntax) = SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
        {
            env.set_syntax(syntax);
        }
        let out = env
            .render_str(&self.body, Serde(ctx))
            .map_err(|e| template_error(&self.name, e.to_string()))?;
        Ok(out.trim().to_string())
    }

    /// The JSON schema the answer must follow, `None` for free text.
    pub fn answer_schema(&self) -> Option<serde_json::Value> {
        self.schema.as_deref().and_then(crate::schemas::schema)
    }
}
