use std::time::Duration;

use paceline_llm::{JsonMode, ProviderConfig, ProviderKind, ProviderSettings, SecretString};

#[test]
fn local_is_guessed_from_the_url() {
    let c = |kind, url| ProviderConfig::new("p", kind, url, "m").local;
    assert!(
        c(ProviderKind::Openai, "http://localhost:1234/v1"),
        "LM Studio"
    );
    assert!(c(ProviderKind::Openai, "http://127.0.0.1:8000/v1"), "vLLM");
    assert!(c(ProviderKind::Openai, "http://[::1]:8080/v1"));
    assert!(
        c(ProviderKind::Ollama, "http://gpu-box.lan:11434"),
        "Ollama on the LAN"
    );
    assert!(
        !c(ProviderKind::Ollama, "https://ollama.com"),
        "Ollama's hosted API costs"
    );
    assert!(!c(ProviderKind::Openai, "https://openrouter.ai/api/v1"));
    assert!(!c(ProviderKind::Anthropic, "https://api.anthropic.com"));
}

#[test]
fn settings_round_trip_and_become_a_config() {
    let text = r#"{"name": "router", "kind": "openai", "base_url": "https://openrouter.ai/api/v1",
                   "model": "anthropic/claude-sonnet-4.5", "api_key_env": "OPENROUTER_KEY",
                   "timeout_secs": 90, "json_mode": "object"}"#;
    let s: ProviderSettings = serde_json::from_str(text).unwrap();
    assert_eq!(s.kind, ProviderKind::Openai);
    let back: ProviderSettings = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(back, s);
    let c = s.to_config(Some(SecretString::from("sk-x")));
    assert_eq!(c.timeout, Duration::from_secs(90));
    assert_eq!(c.json_mode, JsonMode::Object);
    assert!(!c.local);
    assert_eq!(c.num_ctx, None);
    let o: ProviderSettings = serde_json::from_str(
        r#"{"name": "local", "kind": "ollama", "base_url": "http://localhost:11434", "model": "qwen3:8b", "num_ctx": 32768}"#,
    )
    .unwrap();
    let c = o.to_config(None);
    assert!(c.local);
    assert_eq!(c.num_ctx, Some(32768));
    assert!(serde_json::from_str::<ProviderSettings>(
        r#"{"name":"x","kind":"gemini","base_url":"u","model":"m"}"#
    )
    .is_err());
}
