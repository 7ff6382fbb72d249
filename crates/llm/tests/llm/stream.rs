use std::time::Duration;

use futures_util::StreamExt;
use paceline_llm::{ChatRequest, LlmError, ProviderKind, StreamEvent};
use paceline_llm_fake::{FakeLlm, Reply, Turn};

use crate::{cfg, meter, single};

#[tokio::test]
async fn a_stall_mid_stream_is_a_timeout_after_the_text_so_far() {
    for kind in [
        ProviderKind::Openai,
        ProviderKind::Anthropic,
        ProviderKind::Ollama,
    ] {
        let fake = FakeLlm::start().await;
        fake.push(
            Turn::text("a long answer that stalls halfway through", 9, 9)
                .stalling(Duration::from_secs(3)),
        );
        let mut c = cfg("p", kind, &fake);
        c.timeout = Duration::from_millis(300);
        let chain = single(c);
        let m = meter();
        let mut s = chain.stream(&ChatRequest::new("x"), &m).await.unwrap();
        let mut text = String::new();
        let mut err = None;
        while let Some(ev) = s.next().await {
            match ev {
                Ok(StreamEvent::Text(t)) => text.push_str(&t),
                Ok(_) => {}
                Err(e) => err = Some(e),
            }
        }
        assert!(
            !text.is_empty(),
            "{kind:?}: text before the stall was delivered"
        );
        assert!(
            matches!(err, Some(LlmError::Timeout { .. })),
            "{kind:?}: {err:?}"
        );
        assert_eq!(m.calls().len(), 1);
        assert_eq!(m.calls()[0].outcome.label(), "timeout");
        assert_eq!(
            fake.requests().len(),
            1,
            "no retry once the answer has started"
        );
    }
}

#[tokio::test]
async fn dropping_a_stream_records_a_cancelled_call() {
    let fake = FakeLlm::start().await;
    fake.push(Turn::text("one two three four five six seven", 40, 12));
    let chain = single(cfg("claude", ProviderKind::Anthropic, &fake));
    let m = meter();
    let mut s = chain.stream(&ChatRequest::new("x"), &m).await.unwrap();
    let first = s.next().await.unwrap().unwrap();
    assert!(
        matches!(first, StreamEvent::Usage(_) | StreamEvent::Text(_)),
        "{first:?}"
    );
    drop(s);
    let calls = m.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].outcome.label(), "cancelled");
    // message_start already reported the 40 input tokens.
    assert_eq!(calls[0].usage.input_tokens, 40);
}

#[tokio::test]
async fn a_malformed_body_is_a_decode_error() {
    let fake = FakeLlm::start().await;
    fake.push(Reply::Raw {
        status: 200,
        content_type: "application/json".into(),
        body: "{\"choices\": [".into(),
    });
    fake.push(Reply::Raw {
        status: 200,
        content_type: "text/event-stream".into(),
        body: "data: {not json}\n\n".into(),
    });
    let chain = single(cfg("oa", ProviderKind::Openai, &fake));
    let m = meter();
    for _ in 0..2 {
        let err = chain
            .complete(&ChatRequest::new("x"), &m)
            .await
            .unwrap_err();
        assert!(matches!(err, LlmError::Decode { .. }), "{err:?}");
    }
    assert_eq!(fake.requests().len(), 2, "decode errors are not retried");
}

#[tokio::test]
async fn a_stream_that_ends_without_a_stop_is_incomplete() {
    let fake = FakeLlm::start().await;
    fake.push(Reply::Raw {
        status: 200,
        content_type: "text/event-stream".into(),
        body: "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"half\"}}]}\n\n".into(),
    });
    let chain = single(cfg("oa", ProviderKind::Openai, &fake));
    let err = chain
        .complete(&ChatRequest::new("x"), &meter())
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("ended before the answer was complete"),
        "{err}"
    );
}
