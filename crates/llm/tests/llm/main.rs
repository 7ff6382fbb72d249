//! Integration tests against the scripted fake servers of `paceline-llm-fake`.

mod anthropic;
mod budget;
mod chain;
mod ollama;
mod openai;
mod secrets;
mod settings;
mod stream;
mod structured;
mod tokens;
mod tools;

use std::time::Duration;

use paceline_llm::{
    build, FallbackChain, Meter, ProviderConfig, ProviderKind, RetryPolicy, SecretString,
};
use paceline_llm_fake::FakeLlm;

/// A config pointing at a fake server, with a short timeout.
pub fn cfg(name: &str, kind: ProviderKind, fake: &FakeLlm) -> ProviderConfig {
    let base = match kind {
        ProviderKind::Openai => format!("{}/v1", fake.url()),
        ProviderKind::Anthropic => fake.url(),
        ProviderKind::Ollama => fake.url(),
    };
    let mut c = ProviderConfig::new(name, kind, base, format!("{name}-model"))
        .with_timeout(Duration::from_secs(2))
        .with_api_key(SecretString::from(format!("key-of-{name}")));
    // The fakes run on 127.0.0.1; only Ollama plays a local model, the others cloud ones.
    c.local = kind == ProviderKind::Ollama;
    c
}

/// Retries fast enough for tests (backoff 10 ms, 20 ms).
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
        max_retry_after: Duration::from_secs(5),
    }
}

/// A chain of one provider.
pub fn single(cfg: ProviderConfig) -> FallbackChain {
    FallbackChain::new(vec![build(cfg).expect("valid config")]).with_retry(fast_retry())
}

pub fn meter() -> Meter {
    Meter::unlimited()
}
