use paceline_llm::{build, ChatRequest, FallbackChain, LlmError, ProviderKind, SecretString};
use paceline_llm_fake::{FakeLlm, Reply};

use crate::{cfg, meter};

const PLANTED: &str = "sk-planted-7f3a9c2e5b1d";

#[tokio::test]
async fn a_planted_key_appears_in_no_error_or_debug_string() {
    let fake = FakeLlm::start().await;
    // Servers echo the key back; the error must not.
    let echo = format!("{{\"error\": {{\"message\": \"Incorrect API key provided: {PLANTED}\"}}}}");
    fake.push(Reply::Status {
        status: 401,
        retry_after: None,
        body: echo.clone(),
    });
    fake.push(Reply::Raw { status: 200, content_type: "text/event-stream".into(),
                           body: format!("event: error\ndata: {{\"type\":\"error\",\"error\":{{\"type\":\"api_error\",\"message\":\"bad {PLANTED}\"}}}}\n\n") });
    let mut c1 = cfg("oa", ProviderKind::Openai, &fake);
    c1.api_key = Some(SecretString::from(PLANTED));
    let mut c2 = cfg("claude", ProviderKind::Anthropic, &fake);
    c2.api_key = Some(SecretString::from(PLANTED));
    let mut c3 = cfg("dead", ProviderKind::Openai, &fake);
    c3.base_url = "http://127.0.0.1:9/v1".into();
    c3.api_key = Some(SecretString::from(PLANTED));
    assert!(!format!("{c1:?}").contains(PLANTED));
    let chain = FallbackChain::new(vec![
        build(c1).unwrap(),
        build(c2).unwrap(),
        build(c3).unwrap(),
    ])
    .with_retry(paceline_llm::RetryPolicy {
        max_retries: 0,
        ..crate::fast_retry()
    });
    assert!(!format!("{chain:?}").contains(PLANTED));
    let m = meter();
    let err = chain
        .complete(&ChatRequest::new("x"), &m)
        .await
        .unwrap_err();
    let LlmError::AllFailed(errs) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(errs.len(), 3, "{err}");
    for text in [
        err.to_string(),
        format!("{err:?}"),
        format!("{:?}", m.calls()),
        format!("{m:?}"),
    ] {
        assert!(!text.contains(PLANTED), "key leaked: {text}");
    }
    assert!(
        err.to_string()
            .contains("Incorrect API key provided: [REDACTED]"),
        "{err}"
    );
    // The key did go where it belongs.
    let r = fake.requests();
    assert_eq!(r[0].headers["authorization"], format!("Bearer {PLANTED}"));
    assert_eq!(r[1].headers["x-api-key"], PLANTED);
}

/// Collects everything logged at any level.
#[derive(Clone, Default)]
struct Buf(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_planted_key_appears_in_no_log_line() {
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let fake = FakeLlm::start().await;
    fake.push(Reply::Status {
        status: 500,
        retry_after: None,
        body: format!("{{\"error\":\"{PLANTED} broke\"}}"),
    });
    fake.push(Reply::Status {
        status: 401,
        retry_after: None,
        body: format!("{{\"error\":\"bad key {PLANTED}\"}}"),
    });
    let mut c = cfg("oa", ProviderKind::Openai, &fake);
    c.api_key = Some(SecretString::from(PLANTED));
    let chain = FallbackChain::new(vec![build(c).unwrap()]).with_retry(crate::fast_retry());
    chain
        .complete(&ChatRequest::new("x"), &meter())
        .await
        .unwrap_err();
    let log = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("retrying") && log.contains("[REDACTED] broke"),
        "the failures were logged: {log}"
    );
    assert!(!log.contains(PLANTED), "key in the log: {log}");
}
