//! Token counting with tiktoken's `o200k_base` (embedded in the `tiktoken-rs` crate, nothing
//! is downloaded). Other providers' tokenizers differ by some percent; these counts are for
//! budgets and estimates, never for billing (billing uses the provider's `usage`).

use std::sync::OnceLock;

use tiktoken_rs::CoreBPE;

use crate::types::{ChatRequest, Message};

/// Tokens every message costs beyond its text (role markers), as in OpenAI's cookbook.
const PER_MESSAGE: usize = 4;

fn bpe() -> Option<&'static CoreBPE> {
    static BPE: OnceLock<Option<CoreBPE>> = OnceLock::new();
    BPE.get_or_init(|| tiktoken_rs::o200k_base().ok()).as_ref()
}

/// Tokens in a text (o200k_base). The first call builds the tokenizer (~0.1–0.3 s).
pub fn count_tokens(text: &str) -> usize {
    match bpe() {
        Some(b) => b.encode_with_special_tokens(text).len(),
        // Unreachable with the embedded data; a safe over-estimate of ~3 bytes per token.
        None => text.len().div_ceil(3),
    }
}

/// Tokens a request will be billed as input: system, messages, tool definitions and schema.
pub fn count_request(req: &ChatRequest) -> usize {
    let mut n = 3;
    if let Some(s) = &req.system {
        n += PER_MESSAGE + count_tokens(s);
    }
    for m in &req.messages {
        n += PER_MESSAGE
            + match m {
                Message::User { content } => count_tokens(content),
                Message::Assistant {
                    content,
                    tool_calls,
                } => {
                    count_tokens(content)
                        + tool_calls
                            .iter()
                            .map(|c| count_tokens(&c.name) + count_tokens(&c.arguments))
                            .sum::<usize>()
                }
                Message::Tool { content, .. } => count_tokens(content),
            };
    }
    for t in &req.tools {
        n += count_tokens(&t.name)
            + count_tokens(&t.description)
            + count_tokens(&t.parameters.to_string());
    }
    if let Some(s) = &req.schema {
        // Twice: it may be both a constraint and part of the prompt.
        n += 2 * count_tokens(&s.schema.to_string());
    }
    n
}
