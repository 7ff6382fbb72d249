use paceline_llm::{complete, ChatRequest, ProviderKind, StopReason};
use paceline_llm_fake::{FakeLlm, Turn};
use serde_json::json;

use crate::{cfg, meter, single};

#[tokio::test]
async fn native_api_sends_num_ctx_and_schema_in_format_and_prompt() {
    let fake = FakeLlm::start().await;
    fake.push(Turn::text("{\"sessions\": 5}", 900, 12));
    let schema = json!({"type": "object", "properties": {"sessions": {"type": "integer"}}, "required": ["sessions"]});
    let chain = single(cfg("local", ProviderKind::Ollama, &fake));
    let m = meter();
    let out = chain
        .complete_json(
            &ChatRequest::new("how many?")
                .with_schema("count", schema.clone())
                .with_max_tokens(300),
            &m,
        )
        .await
        .unwrap();
    assert_eq!(out.value, json!({"sessions": 5}));
    let r = &fake.requests()[0];
    assert_eq!(r.path, "/api/chat");
    assert_eq!(r.body["format"], schema);
    assert_eq!(r.body["options"]["num_ctx"], json!(16384));
    assert_eq!(r.body["options"]["num_predict"], json!(300));
    assert!(r.body["messages"][0]["content"]
        .as_str()
        .unwrap()
        .contains("\"sessions\""));
    let calls = m.calls();
    assert_eq!(
        (calls[0].usage.input_tokens, calls[0].usage.output_tokens),
        (900, 12)
    );
    assert_eq!(
        calls[0].cost_usd, 0.0,
        "local model without a price row is free"
    );
}

#[tokio::test]
async fn ndjson_stream_with_tool_call_and_length_stop() {
    let fake = FakeLlm::start().await;
    fake.push(Turn::tool_call(
        "",
        "get_wellness",
        json!({"days": 7}),
        10,
        3,
    ));
    fake.push(Turn::text("cut off mid", 10, 3).truncated());
    let p = paceline_llm::build(cfg("local", ProviderKind::Ollama, &fake)).unwrap();
    let r1 = complete(p.as_ref(), &ChatRequest::new("a")).await.unwrap();
    assert_eq!(r1.stop, StopReason::ToolUse);
    assert_eq!(r1.tool_calls[0].name, "get_wellness");
    assert_eq!(
        r1.tool_calls[0].arguments_json().unwrap(),
        json!({"days": 7})
    );
    let r2 = complete(p.as_ref(), &ChatRequest::new("b")).await.unwrap();
    assert_eq!(r2.text, "cut off mid");
    assert_eq!(r2.stop, StopReason::MaxTokens);
}

#[tokio::test]
async fn a_last_line_without_newline_and_an_error_line_are_read() {
    let fake = FakeLlm::start().await;
    fake.push(paceline_llm_fake::Reply::Raw {
        status: 200,
        content_type: "application/x-ndjson".into(),
        body: "{\"message\":{\"content\":\"hi\"},\"done\":false}\n{\"message\":{\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":4,\"eval_count\":1}".into(),
    });
    fake.push(paceline_llm_fake::Reply::Raw {
        status: 200,
        content_type: "application/x-ndjson".into(),
        body: "{\"error\":\"model 'llama9' not found, try pulling it first\"}\n".into(),
    });
    let p = paceline_llm::build(cfg("local", ProviderKind::Ollama, &fake)).unwrap();
    let r = complete(p.as_ref(), &ChatRequest::new("a")).await.unwrap();
    assert_eq!(
        (r.text.as_str(), r.usage.input_tokens, r.usage.output_tokens),
        ("hi", 4, 1)
    );
    let err = complete(p.as_ref(), &ChatRequest::new("b"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("try pulling it first"), "{err}");
}
