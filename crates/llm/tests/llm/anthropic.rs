use paceline_llm::{complete, ChatRequest, Message, ProviderKind, StopReason, ToolCall};
use paceline_llm_fake::{FakeLlm, Turn};
use serde_json::json;

use crate::{cfg, meter, single};

#[tokio::test]
async fn streams_text_with_usage_from_message_start_and_delta() {
    let fake = FakeLlm::start().await;
    fake.push(Turn::text("Keep Sunday easy.", 321, 45));
    let p = paceline_llm::build(cfg("claude", ProviderKind::Anthropic, &fake)).unwrap();
    let resp = complete(p.as_ref(), &ChatRequest::new("rules?").with_system("coach"))
        .await
        .unwrap();
    assert_eq!(resp.text, "Keep Sunday easy.");
    assert_eq!(resp.stop, StopReason::EndTurn);
    assert_eq!(
        (resp.usage.input_tokens, resp.usage.output_tokens),
        (321, 45)
    );
    let r = &fake.requests()[0];
    assert_eq!(r.path, "/v1/messages");
    assert_eq!(r.headers["anthropic-version"], "2023-06-01");
    assert_eq!(r.headers["x-api-key"], "key-of-claude");
    assert!(!r.headers.contains_key("authorization"));
    assert_eq!(r.body["system"], json!("coach"));
    assert_eq!(r.body["messages"][0]["role"], json!("user"));
}

#[tokio::test]
async fn structured_output_is_a_forced_tool_read_back_as_the_answer() {
    let fake = FakeLlm::start().await;
    let schema = json!({"type": "object", "properties": {"rest_days": {"type": "array", "items": {"type": "string"}}},
                        "required": ["rest_days"]});
    fake.push(Turn::tool_call(
        "toolu_1",
        "rules",
        json!({"rest_days": ["tuesday"]}),
        80,
        20,
    ));
    let chain = single(cfg("claude", ProviderKind::Anthropic, &fake));
    let req = ChatRequest::new("I can't train on Tuesdays").with_schema("rules", schema.clone());
    let out = chain.complete_json(&req, &meter()).await.unwrap();
    assert_eq!(out.value, json!({"rest_days": ["tuesday"]}));
    assert!(!out.repaired);
    assert!(
        out.response.tool_calls.is_empty(),
        "the schema tool is not a tool call"
    );
    assert_eq!(out.response.stop, StopReason::EndTurn);
    let body = &fake.requests()[0].body;
    assert_eq!(
        body["tool_choice"],
        json!({"type": "tool", "name": "rules"})
    );
    assert_eq!(body["tools"][0]["input_schema"], schema);
}

#[tokio::test]
async fn tool_results_are_merged_into_one_user_turn() {
    let fake = FakeLlm::start().await;
    fake.push(Turn::text("ok", 1, 1));
    let p = paceline_llm::build(cfg("claude", ProviderKind::Anthropic, &fake)).unwrap();
    let mut req = ChatRequest::new("compare");
    req.messages.push(Message::Assistant {
        content: String::new(),
        tool_calls: vec![
            ToolCall {
                id: "a".into(),
                name: "t".into(),
                arguments: "{\"x\":1}".into(),
            },
            ToolCall {
                id: "b".into(),
                name: "t".into(),
                arguments: "{}".into(),
            },
        ],
    });
    for id in ["a", "b"] {
        req.messages.push(Message::Tool {
            call_id: id.into(),
            name: "t".into(),
            content: "1".into(),
            is_error: false,
        });
    }
    complete(p.as_ref(), &req).await.unwrap();
    let msgs = fake.requests()[0].body["messages"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(msgs.len(), 3, "{msgs:?}");
    assert_eq!(msgs[1]["content"][0]["input"], json!({"x": 1}));
    assert_eq!(msgs[2]["role"], json!("user"));
    assert_eq!(msgs[2]["content"].as_array().unwrap().len(), 2);
    assert_eq!(msgs[2]["content"][1]["tool_use_id"], json!("b"));
}
