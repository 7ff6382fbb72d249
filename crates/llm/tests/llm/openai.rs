use futures_util::StreamExt;
use paceline_llm::{complete, ChatRequest, JsonMode, ProviderKind, StopReason, StreamEvent};
use paceline_llm_fake::{FakeLlm, Reply, Turn};
use serde_json::json;

use crate::{cfg, meter, single};

#[tokio::test]
async fn streams_text_and_reports_provider_usage() {
    let fake = FakeLlm::start().await;
    fake.push(Turn::text(
        "Easy spin today, 60 minutes in zone 2.",
        123,
        17,
    ));
    let chain = single(cfg("oa", ProviderKind::Openai, &fake));
    let m = meter();
    let mut s = chain
        .stream(&ChatRequest::new("what today?"), &m)
        .await
        .unwrap();
    assert_eq!(s.provider(), "oa");
    let mut texts = Vec::new();
    let mut stop = None;
    while let Some(ev) = s.next().await {
        match ev.unwrap() {
            StreamEvent::Text(t) => texts.push(t),
            StreamEvent::Stop(r) => stop = Some(r),
            _ => {}
        }
    }
    assert!(texts.len() > 3, "streamed in pieces: {texts:?}");
    assert_eq!(texts.concat(), "Easy spin today, 60 minutes in zone 2.");
    assert_eq!(stop, Some(StopReason::EndTurn));
    assert!(s.time_to_first_token().is_some());
    drop(s);
    let calls = m.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(
        (calls[0].usage.input_tokens, calls[0].usage.output_tokens),
        (123, 17)
    );
    assert!(!calls[0].usage.estimated);
    assert_eq!(calls[0].outcome.label(), "ok");

    let req = &fake.requests()[0];
    assert_eq!(req.path, "/v1/chat/completions");
    assert_eq!(req.headers["authorization"], "Bearer key-of-oa");
    assert_eq!(req.body["stream"], json!(true));
    assert_eq!(req.body["stream_options"]["include_usage"], json!(true));
    assert_eq!(req.body["model"], json!("oa-model"));
}

#[tokio::test]
async fn streamed_tool_call_fragments_assemble() {
    let fake = FakeLlm::start().await;
    fake.push(Turn::tool_call(
        "call_1",
        "get_pmc",
        json!({"from": "2026-11-01", "days": 28}),
        50,
        9,
    ));
    let p = paceline_llm::build(cfg("oa", ProviderKind::Openai, &fake)).unwrap();
    let resp = complete(p.as_ref(), &ChatRequest::new("how is my form?"))
        .await
        .unwrap();
    assert_eq!(resp.stop, StopReason::ToolUse);
    assert_eq!(resp.tool_calls.len(), 1);
    assert_eq!(resp.tool_calls[0].id, "call_1");
    assert_eq!(resp.tool_calls[0].name, "get_pmc");
    assert_eq!(
        resp.tool_calls[0].arguments_json().unwrap(),
        json!({"from": "2026-11-01", "days": 28})
    );
}

#[tokio::test]
async fn a_server_ignoring_stream_true_is_read_as_json() {
    let fake = FakeLlm::start().await;
    // No usage, finish_reason "length", content as a plain message: an almost-compatible server.
    fake.push(Reply::Raw {
        status: 200,
        content_type: "application/json".into(),
        body: json!({"choices": [{"message": {"content": "Rest."}, "finish_reason": "stop"}],
                     "usage": {"prompt_tokens": 11, "completion_tokens": 2}})
        .to_string(),
    });
    let p = paceline_llm::build(cfg("lm", ProviderKind::Openai, &fake)).unwrap();
    let resp = complete(p.as_ref(), &ChatRequest::new("today?"))
        .await
        .unwrap();
    assert_eq!(resp.text, "Rest.");
    assert_eq!((resp.usage.input_tokens, resp.usage.output_tokens), (11, 2));
}

#[tokio::test]
async fn missing_usage_is_estimated_by_our_count() {
    let fake = FakeLlm::start().await;
    fake.push(Turn::text("hello world", 999, 999).without_usage());
    let p = paceline_llm::build(cfg("lm", ProviderKind::Openai, &fake)).unwrap();
    let resp = complete(p.as_ref(), &ChatRequest::new("hi")).await.unwrap();
    assert!(resp.usage.estimated);
    assert_eq!(resp.usage.output_tokens, 2);
    assert!(resp.usage.input_tokens > 0);
}

#[tokio::test]
async fn json_modes_shape_the_request() {
    let strict = json!({"type": "object", "properties": {"a": {"type": "integer"}},
                        "required": ["a"], "additionalProperties": false});
    let open = json!({"type": "object", "properties": {"a": {"type": "integer"}}});
    let fake = FakeLlm::start().await;
    for _ in 0..4 {
        fake.push(Turn::text("{\"a\": 1}", 5, 5));
    }
    let mut c = cfg("oa", ProviderKind::Openai, &fake);
    let p = paceline_llm::build(c.clone()).unwrap();
    complete(
        p.as_ref(),
        &ChatRequest::new("x").with_schema("s", strict.clone()),
    )
    .await
    .unwrap();
    complete(
        p.as_ref(),
        &ChatRequest::new("x").with_schema("s", open.clone()),
    )
    .await
    .unwrap();
    c.json_mode = JsonMode::Object;
    let p = paceline_llm::build(c.clone()).unwrap();
    complete(
        p.as_ref(),
        &ChatRequest::new("x").with_schema("s", open.clone()),
    )
    .await
    .unwrap();
    c.json_mode = JsonMode::Prompt;
    let p = paceline_llm::build(c).unwrap();
    complete(p.as_ref(), &ChatRequest::new("x").with_schema("s", open))
        .await
        .unwrap();

    let r = fake.requests();
    let rf = |i: usize| r[i].body["response_format"].clone();
    assert_eq!(rf(0)["type"], json!("json_schema"));
    assert_eq!(rf(0)["json_schema"]["strict"], json!(true));
    assert_eq!(rf(0)["json_schema"]["schema"], strict);
    assert_eq!(rf(1)["json_schema"]["strict"], json!(false));
    assert_eq!(rf(2), json!({"type": "json_object"}));
    assert!(r[2].body["messages"][0]["content"]
        .as_str()
        .unwrap()
        .contains("JSON schema"));
    assert!(r[3].body.get("response_format").is_none());
    assert!(r[3].body["messages"][0]["content"]
        .as_str()
        .unwrap()
        .contains("\"integer\""));
}

#[tokio::test]
async fn a_truncated_plain_answer_is_returned_and_recorded_as_truncated() {
    let fake = FakeLlm::start().await;
    fake.push(Turn::text("The week starts with", 30, 5).truncated());
    let chain = single(cfg("oa", ProviderKind::Openai, &fake));
    let m = meter();
    let resp = chain
        .complete(&ChatRequest::new("x").with_max_tokens(5), &m)
        .await
        .unwrap();
    assert_eq!(resp.stop, StopReason::MaxTokens);
    assert_eq!(m.calls()[0].outcome.label(), "truncated");
    // No price row for this cloud model: the conservative default ($15/$75 per M).
    assert!((m.cost_usd() - (30.0 * 15.0 + 5.0 * 75.0) / 1e6).abs() < 1e-12);
}
