use paceline_llm::{count_request, count_tokens, ChatRequest};

#[test]
fn counts_with_o200k() {
    assert_eq!(count_tokens(""), 0);
    // o200k_base: "hello" + " world".
    assert_eq!(count_tokens("hello world"), 2);
    let long = "The athlete rode 3 h at 180 W. ".repeat(100);
    let n = count_tokens(&long);
    assert!((900..=1300).contains(&n), "{n}");
}

#[test]
fn request_count_covers_system_messages_and_schema() {
    let plain = ChatRequest::new("plan my week");
    let with_system = plain
        .clone()
        .with_system("You are a careful endurance coach.");
    let with_schema = with_system.clone().with_schema(
        "week",
        serde_json::json!({"type": "object", "properties": {"days": {"type": "array"}}}),
    );
    let (a, b, c) = (
        count_request(&plain),
        count_request(&with_system),
        count_request(&with_schema),
    );
    assert!(a >= count_tokens("plan my week") + 4, "{a}");
    assert!(b > a && c > b, "{a} {b} {c}");
}
