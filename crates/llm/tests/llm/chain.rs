use std::sync::Arc;
use std::time::{Duration, Instant};

use paceline_llm::{
    build, BreakerPolicy, BreakerStatus, ChatRequest, FallbackChain, LlmError, ManualClock,
    ProviderKind, RetryPolicy,
};
use paceline_llm_fake::{FakeLlm, Reply, Turn};

use crate::{cfg, fast_retry, meter, single};

#[test]
fn backoff_doubles_caps_and_honours_retry_after() {
    let p = RetryPolicy {
        max_retries: 5,
        base_delay: Duration::from_millis(100),
        max_delay: Duration::from_millis(350),
        max_retry_after: Duration::from_secs(10),
    };
    assert_eq!(p.delay(0, None), Some(Duration::from_millis(100)));
    assert_eq!(p.delay(1, None), Some(Duration::from_millis(200)));
    assert_eq!(p.delay(2, None), Some(Duration::from_millis(350)));
    assert_eq!(
        p.delay(0, Some(Duration::from_secs(2))),
        Some(Duration::from_secs(2))
    );
    assert_eq!(
        p.delay(2, Some(Duration::from_millis(1))),
        Some(Duration::from_millis(350))
    );
    assert_eq!(p.delay(0, Some(Duration::from_secs(11))), None);
}

#[tokio::test]
async fn a_500_is_retried_on_the_same_provider() {
    let fake = FakeLlm::start().await;
    fake.push(Reply::status(500))
        .push(Reply::status(503))
        .push(Turn::text("fine", 3, 1));
    let chain = single(cfg("oa", ProviderKind::Openai, &fake));
    let m = meter();
    let resp = chain.complete(&ChatRequest::new("x"), &m).await.unwrap();
    assert_eq!(resp.text, "fine");
    let outcomes: Vec<_> = m.calls().iter().map(|c| c.outcome.label()).collect();
    assert_eq!(outcomes, ["server_error", "server_error", "ok"]);
}

#[tokio::test]
async fn retry_after_is_waited_for() {
    let fake = FakeLlm::start().await;
    fake.push(Reply::too_many("1"))
        .push(Turn::text("after the wait", 3, 3));
    let chain = single(cfg("oa", ProviderKind::Openai, &fake));
    let t = Instant::now();
    let resp = chain
        .complete(&ChatRequest::new("x"), &meter())
        .await
        .unwrap();
    assert_eq!(resp.text, "after the wait");
    assert!(
        t.elapsed() >= Duration::from_millis(990),
        "{:?}",
        t.elapsed()
    );
}

#[tokio::test]
async fn a_long_retry_after_moves_to_the_next_provider_at_once() {
    let a = FakeLlm::start().await;
    let b = FakeLlm::start().await;
    a.push(Reply::too_many("3600"));
    b.push(Turn::text("from b", 2, 2));
    let chain = FallbackChain::new(vec![
        build(cfg("a", ProviderKind::Openai, &a)).unwrap(),
        build(cfg("b", ProviderKind::Anthropic, &b)).unwrap(),
    ])
    .with_retry(fast_retry());
    let t = Instant::now();
    let resp = chain
        .complete(&ChatRequest::new("x"), &meter())
        .await
        .unwrap();
    assert_eq!(
        (resp.provider.as_str(), resp.text.as_str()),
        ("b", "from b")
    );
    assert!(t.elapsed() < Duration::from_secs(2));
    assert_eq!(a.requests().len(), 1);
}

#[tokio::test]
async fn a_timeout_falls_back_to_the_next_provider() {
    let slow = FakeLlm::start().await;
    let ok = FakeLlm::start().await;
    for _ in 0..2 {
        slow.push(Turn::text("too late", 1, 1).into_reply_delayed());
    }
    ok.push(Turn::text("from ollama", 7, 3));
    let mut c = cfg("slow", ProviderKind::Openai, &slow);
    c.timeout = Duration::from_millis(200);
    let chain = FallbackChain::new(vec![
        build(c).unwrap(),
        build(cfg("local", ProviderKind::Ollama, &ok)).unwrap(),
    ])
    .with_retry(RetryPolicy {
        max_retries: 1,
        ..fast_retry()
    });
    let m = meter();
    let resp = chain.complete(&ChatRequest::new("x"), &m).await.unwrap();
    assert_eq!(resp.provider, "local");
    let labels: Vec<_> = m
        .calls()
        .iter()
        .map(|c| (c.provider.clone(), c.outcome.label()))
        .collect();
    assert_eq!(
        labels,
        [
            ("slow".into(), "timeout"),
            ("slow".into(), "timeout"),
            ("local".to_string(), "ok")
        ]
    );
}

trait Delayed {
    fn into_reply_delayed(self) -> Reply;
}
impl Delayed for Turn {
    fn into_reply_delayed(self) -> Reply {
        Reply::from(self).delayed(Duration::from_millis(800))
    }
}

#[tokio::test]
async fn a_bad_request_stops_the_chain() {
    let a = FakeLlm::start().await;
    let b = FakeLlm::start().await;
    a.push(Reply::status(400));
    b.push(Turn::text("never", 1, 1));
    let chain = FallbackChain::new(vec![
        build(cfg("a", ProviderKind::Openai, &a)).unwrap(),
        build(cfg("b", ProviderKind::Openai, &b)).unwrap(),
    ]);
    let err = chain
        .complete(&ChatRequest::new("x"), &meter())
        .await
        .unwrap_err();
    assert!(matches!(err, LlmError::Http { status: 400, .. }), "{err:?}");
    assert!(b.requests().is_empty());
}

#[tokio::test]
async fn all_failing_lists_every_provider() {
    let a = FakeLlm::start().await;
    let b = FakeLlm::start().await;
    a.push(Reply::status(401));
    for _ in 0..3 {
        b.push(Reply::status(502));
    }
    let chain = FallbackChain::new(vec![
        build(cfg("a", ProviderKind::Openai, &a)).unwrap(),
        build(cfg("b", ProviderKind::Anthropic, &b)).unwrap(),
    ])
    .with_retry(fast_retry());
    let err = chain
        .complete(&ChatRequest::new("x"), &meter())
        .await
        .unwrap_err();
    let LlmError::AllFailed(errs) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(errs.len(), 2);
    let text = err.to_string();
    assert!(
        text.contains("a: HTTP 401") && text.contains("b: HTTP 502"),
        "{text}"
    );
    assert_eq!(a.requests().len(), 1, "401 is not retried");
    assert_eq!(b.requests().len(), 3, "502 is retried twice");
}

#[tokio::test]
async fn the_circuit_breaker_skips_a_failing_provider_for_the_cooldown() {
    let a = FakeLlm::start().await;
    let b = FakeLlm::start().await;
    let clock = Arc::new(ManualClock::default());
    let chain = FallbackChain::new(vec![
        build(cfg("a", ProviderKind::Openai, &a)).unwrap(),
        build(cfg("b", ProviderKind::Openai, &b)).unwrap(),
    ])
    .with_retry(RetryPolicy {
        max_retries: 0,
        ..fast_retry()
    })
    .with_breaker(BreakerPolicy {
        failure_threshold: 2,
        cooldown: Duration::from_secs(60),
    })
    .with_clock(clock.clone());
    let req = ChatRequest::new("x");
    let m = meter();
    for i in 0..2 {
        a.push(Reply::status(500));
        b.push(Turn::text("b", 1, 1));
        assert_eq!(chain.complete(&req, &m).await.unwrap().provider, "b");
        assert_eq!(a.requests().len(), i + 1);
    }
    assert_eq!(
        chain.breaker_status("a"),
        Some(BreakerStatus::Open {
            remaining: Duration::from_secs(60)
        })
    );
    // Open: a is not even asked.
    b.push(Turn::text("b", 1, 1));
    chain.complete(&req, &m).await.unwrap();
    assert_eq!(a.requests().len(), 2);
    clock.advance(Duration::from_secs(59));
    b.push(Turn::text("b", 1, 1));
    chain.complete(&req, &m).await.unwrap();
    assert_eq!(a.requests().len(), 2);
    // After the cooldown one trial goes through; a success closes the breaker.
    clock.advance(Duration::from_secs(1));
    a.push(Turn::text("a is back", 1, 1));
    assert_eq!(chain.complete(&req, &m).await.unwrap().provider, "a");
    assert_eq!(
        chain.breaker_status("a"),
        Some(BreakerStatus::Closed {
            consecutive_failures: 0
        })
    );
}

#[tokio::test]
async fn a_failed_trial_reopens_the_breaker_and_open_only_is_reported() {
    let a = FakeLlm::start().await;
    let clock = Arc::new(ManualClock::default());
    let chain = single(cfg("a", ProviderKind::Openai, &a))
        .with_retry(RetryPolicy {
            max_retries: 0,
            ..fast_retry()
        })
        .with_breaker(BreakerPolicy {
            failure_threshold: 1,
            cooldown: Duration::from_secs(30),
        })
        .with_clock(clock.clone());
    a.push(Reply::status(503));
    chain
        .complete(&ChatRequest::new("x"), &meter())
        .await
        .unwrap_err();
    let err = chain
        .complete(&ChatRequest::new("x"), &meter())
        .await
        .unwrap_err();
    assert!(matches!(err, LlmError::CircuitOpen { .. }), "{err:?}");
    assert!(err.to_string().contains("skipped for 30 s"), "{err}");
    clock.advance(Duration::from_secs(30));
    a.push(Reply::status(503));
    chain
        .complete(&ChatRequest::new("x"), &meter())
        .await
        .unwrap_err();
    assert_eq!(a.requests().len(), 2);
    assert!(matches!(
        chain.breaker_status("a"),
        Some(BreakerStatus::Open { .. })
    ));
}

#[tokio::test]
async fn an_empty_chain_says_what_to_do() {
    let err = FallbackChain::new(vec![])
        .complete(&ChatRequest::new("x"), &meter())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("Settings › Coach"));
}
