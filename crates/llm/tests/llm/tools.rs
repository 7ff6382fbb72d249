use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use paceline_llm::{ChatRequest, LlmError, Message, ProviderKind, StreamEvent, ToolRegistry};
use paceline_llm_fake::{FakeLlm, Turn};
use serde_json::json;

use crate::{cfg, meter, single};

fn registry(counter: Arc<AtomicUsize>) -> ToolRegistry {
    let mut tools = ToolRegistry::new();
    tools.register(
        "get_activities",
        "The athlete's activities between two dates",
        json!({"type": "object", "properties": {"from": {"type": "string"}}, "required": ["from"]}),
        move |args| {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                let from = args["from"]
                    .as_str()
                    .ok_or("`from` is required")?
                    .to_string();
                Ok(json!({"from": from, "count": 3}))
            }
        },
    );
    tools
}

#[tokio::test]
async fn the_loop_runs_tools_until_the_model_answers_on_every_backend() {
    for kind in [
        ProviderKind::Openai,
        ProviderKind::Anthropic,
        ProviderKind::Ollama,
    ] {
        let fake = FakeLlm::start().await;
        fake.push(Turn::tool_call(
            "t1",
            "get_activities",
            json!({"from": "2026-11-01"}),
            10,
            5,
        ));
        fake.push(Turn::text("You did 3 rides.", 20, 6));
        let ran = Arc::new(AtomicUsize::new(0));
        let chain = single(cfg("p", kind, &fake));
        let mut streamed = String::new();
        let run = chain
            .run_tools(
                &ChatRequest::new("how many rides?"),
                &registry(ran.clone()),
                4,
                &meter(),
                |ev| {
                    if let StreamEvent::Text(t) = ev {
                        streamed.push_str(t);
                    }
                },
            )
            .await
            .unwrap();
        assert_eq!(run.response.text, "You did 3 rides.", "{kind:?}");
        assert_eq!(streamed, "You did 3 rides.");
        assert_eq!(ran.load(Ordering::SeqCst), 1);
        assert_eq!(run.messages.len(), 3, "assistant call, tool result, answer");
        let Message::Tool {
            content, is_error, ..
        } = &run.messages[1]
        else {
            panic!()
        };
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(content).unwrap(),
            json!({"from": "2026-11-01", "count": 3})
        );
        assert!(!is_error);
        // The second request carried the tool definition and the result.
        let body = &fake.requests()[1].body;
        assert!(
            body["tools"].to_string().contains("get_activities"),
            "{kind:?}"
        );
        assert!(
            body["messages"].to_string().contains("2026-11-01"),
            "{kind:?}"
        );
    }
}

#[tokio::test]
async fn bad_arguments_and_unknown_tools_go_back_to_the_model() {
    let fake = FakeLlm::start().await;
    fake.push(Turn::tool_call(
        "t1",
        "get_activities",
        json!({"to": "x"}),
        1,
        1,
    ));
    fake.push(Turn::tool_call("t2", "delete_everything", json!({}), 1, 1));
    fake.push(Turn::text("Sorry.", 1, 1));
    let chain = single(cfg("p", ProviderKind::Openai, &fake));
    let run = chain
        .run_tools(
            &ChatRequest::new("?"),
            &registry(Arc::new(AtomicUsize::new(0))),
            5,
            &meter(),
            |_| {},
        )
        .await
        .unwrap();
    let errors: Vec<_> = run
        .messages
        .iter()
        .filter_map(|m| match m {
            Message::Tool {
                content,
                is_error: true,
                ..
            } => Some(content.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(errors.len(), 2);
    assert!(errors[0].contains("`from` is required"));
    assert!(errors[1].contains("unknown tool `delete_everything`"));
}

#[tokio::test]
async fn rounds_are_bounded() {
    let fake = FakeLlm::start().await;
    for i in 0..3 {
        fake.push(Turn::tool_call(
            &format!("t{i}"),
            "get_activities",
            json!({"from": "a"}),
            1,
            1,
        ));
    }
    let chain = single(cfg("p", ProviderKind::Openai, &fake));
    let err = chain
        .run_tools(
            &ChatRequest::new("?"),
            &registry(Arc::new(AtomicUsize::new(0))),
            3,
            &meter(),
            |_| {},
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, LlmError::ToolRoundsExhausted { rounds: 3 }),
        "{err:?}"
    );
    assert_eq!(fake.requests().len(), 3);
}

#[tokio::test]
async fn anthropic_tools_and_a_schema_end_with_the_schema_tool_as_the_answer() {
    let fake = FakeLlm::start().await;
    fake.push(Turn::tool_call(
        "t1",
        "get_activities",
        json!({"from": "2026-11-01"}),
        10,
        5,
    ));
    fake.push(Turn::tool_call("t2", "verdict", json!({"rides": 3}), 20, 6));
    let chain = single(cfg("claude", ProviderKind::Anthropic, &fake));
    let schema = json!({"type": "object", "properties": {"rides": {"type": "integer"}}, "required": ["rides"]});
    let req = ChatRequest::new("count my rides").with_schema("verdict", schema.clone());
    let run = chain
        .run_tools(
            &req,
            &registry(Arc::new(AtomicUsize::new(0))),
            4,
            &meter(),
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!(run.tool_calls, 1);
    let value = paceline_llm::structured::parse_answer(&schema, &run.response.text).unwrap();
    assert_eq!(value, json!({"rides": 3}));
    let body = &fake.requests()[0].body;
    assert_eq!(body["tool_choice"], json!({"type": "any"}));
    assert_eq!(body["tools"].as_array().unwrap().len(), 2);
}

/// The app runs these inside Tauri commands and spawned tasks: they must be `Send`.
#[allow(dead_code)]
fn futures_are_send(
    chain: &paceline_llm::FallbackChain,
    p: &dyn paceline_llm::Provider,
    req: &ChatRequest,
    tools: &ToolRegistry,
) {
    fn send<T: Send>(_: T) {}
    let m = meter();
    send(chain.stream(req, &m));
    send(chain.complete(req, &m));
    send(chain.complete_json(req, &m));
    send(chain.run_tools(req, tools, 3, &m, |_| {}));
    send(paceline_llm::complete(p, req));
}
