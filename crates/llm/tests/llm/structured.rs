use paceline_llm::structured::{extract_json, is_strict_compatible, parse_answer, validate};
use paceline_llm::{ChatRequest, LlmError, ProviderKind};
use paceline_llm_fake::{FakeLlm, Turn};
use serde_json::json;

use crate::{cfg, meter, single};

fn week_schema() -> serde_json::Value {
    json!({"type": "object",
           "properties": {"tss": {"type": "number", "minimum": 0},
                          "days": {"type": "array", "items": {"type": "string"}}},
           "required": ["tss", "days"], "additionalProperties": false})
}

#[test]
fn extraction_handles_fences_prose_and_trailing_commas() {
    assert_eq!(extract_json(" {\"a\": 1} "), Some(json!({"a": 1})));
    assert_eq!(
        extract_json("Here it is:\n```json\n{\"a\": [1, 2]}\n```\nEnjoy."),
        Some(json!({"a": [1, 2]}))
    );
    assert_eq!(
        extract_json(
            "Sure! The plan is {\"note\": \"use {braces} and \\\"quotes\\\"\", \"n\": 2} as asked."
        ),
        Some(json!({"note": "use {braces} and \"quotes\"", "n": 2}))
    );
    assert_eq!(
        extract_json("{\"days\": [\"mon\", \"tue\",], }"),
        Some(json!({"days": ["mon", "tue"]}))
    );
    assert_eq!(extract_json("[1, 2, 3]"), Some(json!([1, 2, 3])));
    assert_eq!(extract_json("no json at all"), None);
    assert_eq!(extract_json("{\"a\": 1"), None, "unbalanced");
}

#[test]
fn validation_names_the_place() {
    assert!(validate(&week_schema(), &json!({"tss": 400, "days": ["mon"]})).is_ok());
    let errs = validate(&week_schema(), &json!({"tss": -5, "days": [3]})).unwrap_err();
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs.iter().any(|e| e.starts_with("/tss")), "{errs:?}");
    assert!(errs.iter().any(|e| e.starts_with("/days/0")), "{errs:?}");
    let errs = parse_answer(&week_schema(), "I think 400 TSS").unwrap_err();
    assert!(errs[0].contains("no JSON"));
    let errs = validate(&json!({"type": 12}), &json!(1)).unwrap_err();
    assert!(errs[0].contains("schema itself is invalid"), "{errs:?}");
}

#[test]
fn strict_compatibility() {
    assert!(is_strict_compatible(&week_schema()));
    let nested_open = json!({"type": "object", "properties": {"w": {"type": "object", "properties": {"x": {}}}},
                             "required": ["w"], "additionalProperties": false});
    assert!(!is_strict_compatible(&nested_open));
    let optional = json!({"type": "object", "properties": {"a": {}, "b": {}}, "required": ["a"], "additionalProperties": false});
    assert!(!is_strict_compatible(&optional));
}

#[tokio::test]
async fn json_wrapped_in_prose_needs_no_repair() {
    let fake = FakeLlm::start().await;
    fake.push(Turn::text(
        "Here is your week:\n```json\n{\"tss\": 420, \"days\": [\"mon\"]}\n```",
        10,
        10,
    ));
    let chain = single(cfg("oa", ProviderKind::Openai, &fake));
    let out = chain
        .complete_json(
            &ChatRequest::new("w").with_schema("week", week_schema()),
            &meter(),
        )
        .await
        .unwrap();
    assert_eq!(out.value, json!({"tss": 420, "days": ["mon"]}));
    assert!(!out.repaired);
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn malformed_json_gets_one_repair_round_with_the_errors() {
    let fake = FakeLlm::start().await;
    fake.push(Turn::text("{\"tss\": \"lots\", \"days\": []}", 10, 10));
    fake.push(Turn::text("{\"tss\": 380, \"days\": []}", 30, 8));
    let chain = single(cfg("oa", ProviderKind::Openai, &fake));
    let m = meter();
    let out = chain
        .complete_json(
            &ChatRequest::new("w").with_schema("week", week_schema()),
            &m,
        )
        .await
        .unwrap();
    assert_eq!(out.value, json!({"tss": 380, "days": []}));
    assert!(out.repaired);
    let second = &fake.requests()[1].body["messages"];
    let msgs = second.as_array().unwrap();
    assert_eq!(msgs[msgs.len() - 2]["role"], json!("assistant"));
    let repair = msgs[msgs.len() - 1]["content"].as_str().unwrap();
    assert!(repair.contains("/tss"), "{repair}");
    assert_eq!(m.usage().input_tokens, 40);
    assert_eq!(m.usage().output_tokens, 18);
}

#[tokio::test]
async fn still_invalid_after_repair_is_a_typed_error() {
    let fake = FakeLlm::start().await;
    fake.push(Turn::text("{oops", 10, 10));
    fake.push(Turn::text("still {not json", 10, 10));
    let chain = single(cfg("oa", ProviderKind::Openai, &fake));
    let err = chain
        .complete_json(
            &ChatRequest::new("w").with_schema("week", week_schema()),
            &meter(),
        )
        .await
        .unwrap_err();
    match &err {
        LlmError::InvalidStructuredOutput { schema, errors, .. } => {
            assert_eq!(schema, "week");
            assert!(!errors.is_empty());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.requests().len(), 2, "exactly one repair round");
}

#[tokio::test]
async fn truncated_output_is_a_typed_error_without_repair() {
    let fake = FakeLlm::start().await;
    fake.push(Turn::text("{\"tss\": 380, \"days\": [\"mo", 10, 64).truncated());
    let chain = single(cfg("claude", ProviderKind::Anthropic, &fake));
    let req = ChatRequest::new("w")
        .with_schema("week", week_schema())
        .with_max_tokens(64);
    let err = chain.complete_json(&req, &meter()).await.unwrap_err();
    assert!(
        matches!(err, LlmError::Truncated { max_tokens: 64, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("raise max tokens"));
    assert_eq!(fake.requests().len(), 1);
}
