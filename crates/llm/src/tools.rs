//! Tools the model may call, and the loop that runs them until the model answers.

use std::future::Future;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use serde_json::Value;

use crate::chain::FallbackChain;
use crate::cost::Meter;
use crate::types::{
    ChatRequest, ChatResponse, Message, StopReason, StreamEvent, ToolCall, ToolSpec,
};
use crate::LlmError;

type Handler = Arc<dyn Fn(Value) -> BoxFuture<'static, Result<Value, String>> + Send + Sync>;

/// Named tools with their schemas and the caller's callbacks.
#[derive(Clone, Default)]
pub struct ToolRegistry {
    tools: Vec<(ToolSpec, Handler)>,
}

impl std::fmt::Debug for ToolRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.tools.iter().map(|(s, _)| &s.name))
            .finish()
    }
}

impl ToolRegistry {
    pub fn new() -> Self {
        ToolRegistry::default()
    }

    /// Adds (or replaces) a tool. The callback gets the parsed arguments and returns a JSON
    /// result, or an error text that is shown to the model (which may then try again).
    pub fn register<F, Fut>(
        &mut self,
        name: impl Into<String>,
        description: impl Into<String>,
        parameters: Value,
        f: F,
    ) -> &mut Self
    where
        F: Fn(Value) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Value, String>> + Send + 'static,
    {
        let spec = ToolSpec {
            name: name.into(),
            description: description.into(),
            parameters,
        };
        self.tools.retain(|(s, _)| s.name != spec.name);
        let handler: Handler = Arc::new(move |args| Box::pin(f(args)));
        self.tools.push((spec, handler));
        self
    }

    pub fn specs(&self) -> Vec<ToolSpec> {
        self.tools.iter().map(|(s, _)| s.clone()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.tools.is_empty()
    }

    /// Runs one call and wraps the result as the tool message for the model. Bad arguments,
    /// unknown tools and callback errors become error results the model can react to.
    pub async fn call(&self, call: &ToolCall) -> Message {
        let (content, is_error) = match self.tools.iter().find(|(s, _)| s.name == call.name) {
            None => (
                format!(
                    "unknown tool `{}`; available: {}",
                    call.name,
                    self.tools
                        .iter()
                        .map(|(s, _)| s.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                true,
            ),
            Some((_, h)) => match call.arguments_json() {
                Err(e) => (format!("the arguments are not valid JSON: {e}"), true),
                Ok(args) => match h(args).await {
                    Ok(v) => (v.to_string(), false),
                    Err(msg) => (msg, true),
                },
            },
        };
        Message::Tool {
            call_id: call.id.clone(),
            name: call.name.clone(),
            content,
            is_error,
        }
    }
}

/// The end of a tool loop.
#[derive(Debug, Clone)]
pub struct ToolRun {
    /// The model's final answer.
    pub response: ChatResponse,
    /// The messages the loop added after the request's own (assistant tool calls, tool
    /// results, the final answer): append them to the stored conversation.
    pub messages: Vec<Message>,
    /// Tool calls executed.
    pub tool_calls: usize,
}

impl FallbackChain {
    /// Lets the model call `tools` until it answers, at most `max_rounds` model calls.
    /// `on_event` sees every streamed event of every round (text to show as it arrives).
    pub async fn run_tools(
        &self,
        req: &ChatRequest,
        tools: &ToolRegistry,
        max_rounds: usize,
        meter: &Meter,
        mut on_event: impl FnMut(&StreamEvent) + Send,
    ) -> Result<ToolRun, LlmError> {
        let mut req = req.clone();
        let base = req.messages.len();
        for spec in tools.specs() {
            if !req.tools.iter().any(|t| t.name == spec.name) {
                req.tools.push(spec);
            }
        }
        let mut executed = 0;
        for _ in 0..max_rounds {
            let resp = self
                .stream(&req, meter)
                .await?
                .collect_with(&mut on_event)
                .await?;
            req.messages.push(Message::Assistant {
                content: resp.text.clone(),
                tool_calls: resp.tool_calls.clone(),
            });
            if resp.tool_calls.is_empty() || resp.stop == StopReason::MaxTokens {
                return Ok(ToolRun {
                    response: resp,
                    messages: req.messages.split_off(base),
                    tool_calls: executed,
                });
            }
            for call in &resp.tool_calls {
                req.messages.push(tools.call(call).await);
                executed += 1;
            }
        }
        Err(LlmError::ToolRoundsExhausted { rounds: max_rounds })
    }
}
