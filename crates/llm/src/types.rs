//! Provider-neutral request, event and response types.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One message of a conversation (the system prompt is separate, in [`ChatRequest`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Message {
    User {
        content: String,
    },
    Assistant {
        content: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tool_calls: Vec<ToolCall>,
    },
    /// The result of one tool call, sent back to the model.
    Tool {
        call_id: String,
        name: String,
        content: String,
        #[serde(default)]
        is_error: bool,
    },
}

impl Message {
    pub fn user(content: impl Into<String>) -> Self {
        Message::User {
            content: content.into(),
        }
    }

    pub fn assistant(content: impl Into<String>) -> Self {
        Message::Assistant {
            content: content.into(),
            tool_calls: Vec::new(),
        }
    }
}

/// A tool the model may call: its arguments are described by a JSON schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolSpec {
    pub name: String,
    pub description: String,
    /// JSON schema of the arguments object.
    pub parameters: Value,
}

/// A complete tool call made by the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolCall {
    pub id: String,
    pub name: String,
    /// The arguments as the model wrote them (JSON text, possibly invalid).
    pub arguments: String,
}

impl ToolCall {
    /// The arguments parsed; an empty string is an empty object.
    pub fn arguments_json(&self) -> Result<Value, serde_json::Error> {
        if self.arguments.trim().is_empty() {
            return Ok(Value::Object(Default::default()));
        }
        serde_json::from_str(&self.arguments)
    }
}

/// A JSON schema the answer must follow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputSchema {
    /// A short identifier (`[a-zA-Z0-9_-]`), e.g. `week_plan`; Anthropic sees it as a tool name.
    pub name: String,
    pub schema: Value,
}

/// What to ask a provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatRequest {
    pub system: Option<String>,
    pub messages: Vec<Message>,
    pub tools: Vec<ToolSpec>,
    /// Structured output: the answer must be one JSON value following this schema.
    pub schema: Option<OutputSchema>,
    pub max_tokens: u32,
    pub temperature: Option<f32>,
}

impl ChatRequest {
    /// A request with one user message and a 1,024-token answer limit.
    pub fn new(user: impl Into<String>) -> Self {
        ChatRequest {
            system: None,
            messages: vec![Message::user(user)],
            tools: Vec::new(),
            schema: None,
            max_tokens: 1024,
            temperature: None,
        }
    }

    pub fn with_system(mut self, system: impl Into<String>) -> Self {
        self.system = Some(system.into());
        self
    }

    pub fn with_schema(mut self, name: impl Into<String>, schema: Value) -> Self {
        self.schema = Some(OutputSchema {
            name: name.into(),
            schema,
        });
        self
    }

    pub fn with_max_tokens(mut self, max_tokens: u32) -> Self {
        self.max_tokens = max_tokens;
        self
    }
}

/// Why the model stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    EndTurn,
    /// Cut off at `max_tokens`: the answer is incomplete.
    MaxTokens,
    ToolUse,
    ContentFilter,
    Other(String),
}

/// Tokens as the provider reported them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// True when the provider reported no usage and these are our own counts.
    #[serde(default)]
    pub estimated: bool,
}

impl Usage {
    pub fn add(&mut self, other: Usage) {
        self.input_tokens += other.input_tokens;
        self.output_tokens += other.output_tokens;
        self.estimated |= other.estimated;
    }
}

/// One piece of a streamed answer.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamEvent {
    /// Text to append to the answer.
    Text(String),
    /// A fragment of tool call number `index`: the id and name come once, the arguments in pieces.
    ToolCallDelta {
        index: usize,
        id: Option<String>,
        name: Option<String>,
        arguments: String,
    },
    /// Usage so far (later events replace earlier ones field by field when non-zero).
    Usage(Usage),
    Stop(StopReason),
}

/// A complete answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatResponse {
    pub text: String,
    pub tool_calls: Vec<ToolCall>,
    pub usage: Usage,
    pub stop: StopReason,
    /// The provider (configured name) and model that answered.
    pub provider: String,
    pub model: String,
    pub latency: Duration,
}

/// Folds stream events into a response; used by the non-streaming calls.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    pub text: String,
    pub calls: Vec<(String, String, String)>,
    pub usage: Usage,
    pub usage_seen: bool,
    pub stop: Option<StopReason>,
}

impl Collector {
    pub fn push(&mut self, ev: &StreamEvent) {
        match ev {
            StreamEvent::Text(t) => self.text.push_str(t),
            StreamEvent::ToolCallDelta {
                index,
                id,
                name,
                arguments,
            } => {
                while self.calls.len() <= *index {
                    self.calls.push(Default::default());
                }
                let c = &mut self.calls[*index];
                if let Some(id) = id {
                    c.0.clone_from(id);
                }
                if let Some(n) = name {
                    c.1.push_str(n);
                }
                c.2.push_str(arguments);
            }
            StreamEvent::Usage(u) => {
                self.usage_seen = true;
                if u.input_tokens > 0 {
                    self.usage.input_tokens = u.input_tokens;
                }
                if u.output_tokens > 0 {
                    self.usage.output_tokens = u.output_tokens;
                }
            }
            StreamEvent::Stop(s) => self.stop = Some(s.clone()),
        }
    }

    pub fn tool_calls(&self) -> Vec<ToolCall> {
        self.calls
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.1.is_empty())
            .map(|(i, c)| ToolCall {
                id: if c.0.is_empty() {
                    format!("call_{i}")
                } else {
                    c.0.clone()
                },
                name: c.1.clone(),
                arguments: c.2.clone(),
            })
            .collect()
    }
}
