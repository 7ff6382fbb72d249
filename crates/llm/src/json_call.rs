//! Structured calls through the chain: ask, extract, validate, one repair round.

use serde_json::Value;

use crate::chain::FallbackChain;
use crate::cost::Meter;
use crate::structured::{parse_answer, repair_message};
use crate::types::{ChatRequest, ChatResponse, Message, StopReason};
use crate::LlmError;

/// A validated structured answer.
#[derive(Debug, Clone)]
pub struct JsonResponse {
    /// The answer, valid against the request's schema.
    pub value: Value,
    /// The last model response (text, usage, provider, model).
    pub response: ChatResponse,
    /// True when the first answer failed and the repair round fixed it.
    pub repaired: bool,
}

impl FallbackChain {
    /// Asks for JSON following `req.schema` (required). The provider enforces the schema where
    /// it can; the answer is always extracted (code fences, surrounding prose, trailing
    /// commas) and validated here. An invalid answer gets one repair round with the errors;
    /// a second failure is [`LlmError::InvalidStructuredOutput`]. An answer cut off at
    /// max tokens is [`LlmError::Truncated`] (not repaired: the same limit would cut it again).
    pub async fn complete_json(
        &self,
        req: &ChatRequest,
        meter: &Meter,
    ) -> Result<JsonResponse, LlmError> {
        let Some(schema) = req.schema.clone() else {
            return Err(LlmError::Config(
                "complete_json needs a request with a schema".into(),
            ));
        };
        let first = self.complete(req, meter).await?;
        truncated(&first, req)?;
        let errors = match parse_answer(&schema.schema, &first.text) {
            Ok(value) => {
                return Ok(JsonResponse {
                    value,
                    response: first,
                    repaired: false,
                })
            }
            Err(errors) => errors,
        };
        tracing::info!(provider = %first.provider, ?errors, "structured answer invalid; repairing");
        let mut again = req.clone();
        again.messages.push(Message::assistant(first.text.clone()));
        again.messages.push(Message::user(repair_message(&errors)));
        let second = self.complete(&again, meter).await?;
        truncated(&second, req)?;
        match parse_answer(&schema.schema, &second.text) {
            Ok(value) => Ok(JsonResponse {
                value,
                response: second,
                repaired: true,
            }),
            Err(errors) => Err(LlmError::InvalidStructuredOutput {
                provider: second.provider,
                schema: schema.name,
                errors,
            }),
        }
    }
}

fn truncated(resp: &ChatResponse, req: &ChatRequest) -> Result<(), LlmError> {
    if resp.stop == StopReason::MaxTokens {
        return Err(LlmError::Truncated {
            provider: resp.provider.clone(),
            max_tokens: req.max_tokens,
        });
    }
    Ok(())
}
