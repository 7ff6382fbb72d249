//! paceline-whatsapp against the fake WhatsApp Cloud API.

use std::time::{Duration, Instant};

use paceline_whatsapp::fake::{FakeWhatsApp, Fault};
use paceline_whatsapp::{
    parse_base_url, split_text, Client, Config, MediaId, Part, PartOutcome, Recipient, RetryPolicy,
    WaError, API_VERSION, MAX_TEXT_CHARS,
};
use secrecy::SecretString;

const TOKEN: &str = "EAAG-secret-token-0123456789";
const PHONE_ID: &str = "1234567890";
const TO: &str = "4917012345678";

fn png() -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend_from_slice(b"\0\0\0\rIHDR fake chart bytes");
    b
}

fn config(fake: &FakeWhatsApp, recipient: Recipient) -> Config {
    let mut c = Config::new(PHONE_ID, SecretString::from(TOKEN), recipient);
    c.base_url = fake.url();
    c.retry = RetryPolicy::fast();
    c.timeout = Duration::from_secs(5);
    c
}

fn client(fake: &FakeWhatsApp) -> Client {
    Client::new(config(fake, Recipient::Individual(TO.into()))).unwrap()
}

fn messages_path() -> String {
    format!("POST /{API_VERSION}/{PHONE_ID}/messages")
}

fn media_path() -> String {
    format!("POST /{API_VERSION}/{PHONE_ID}/media")
}

#[tokio::test]
async fn text_is_sent_once_and_recorded() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    let id = client(&fake).send_text("Week 12: 42 km").await.unwrap();
    assert_eq!(id.as_str(), "wamid.fake-1");
    let got = fake.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, TO);
    assert_eq!(got[0].recipient_type, "individual");
    assert_eq!(got[0].kind, "text");
    assert_eq!(got[0].text.as_deref(), Some("Week 12: 42 km"));
    assert_eq!(fake.hits(), vec![messages_path()]);
}

#[tokio::test]
async fn a_group_is_addressed_by_its_id() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    let r = Recipient::parse("group:Y2FwaV9ncm91cDox").unwrap();
    let c = Client::new(config(&fake, r)).unwrap();
    c.send_text("hello group").await.unwrap();
    let got = fake.messages();
    assert_eq!(got[0].recipient_type, "group");
    assert_eq!(got[0].to, "Y2FwaV9ncm91cDox");
}

#[tokio::test]
async fn image_is_uploaded_then_sent_with_its_caption() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    let c = client(&fake);
    let media = c.upload_png(png(), "week-12.png").await.unwrap();
    assert_eq!(media, MediaId("media-1".into()));
    let id = c.send_image(&media, Some("Load, week 12")).await.unwrap();
    assert_eq!(id.as_str(), "wamid.fake-1");
    let m = fake.media();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].0, media);
    assert_eq!(m[0].1, png());
    assert_eq!(m[0].2, "image/png");
    let got = fake.messages();
    assert_eq!(got[0].kind, "image");
    assert_eq!(got[0].media_id.as_ref(), Some(&media));
    assert_eq!(got[0].caption.as_deref(), Some("Load, week 12"));
    assert_eq!(fake.hits(), vec![media_path(), messages_path()]);
}

#[tokio::test]
async fn rate_limit_then_success_delivers_exactly_once() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    fake.push_fault(
        "/messages",
        Fault::RateLimit {
            retry_after: Some(1),
        },
    );
    let t = Instant::now();
    client(&fake).send_text("hi").await.unwrap();
    // fast(): the 1 s Retry-After is capped by max_delay (20 ms)
    assert!(
        t.elapsed() < Duration::from_millis(900),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(fake.messages().len(), 1);
    assert_eq!(fake.hits().len(), 2);
}

#[tokio::test]
async fn retry_after_is_honoured_up_to_max_delay() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    fake.push_fault(
        "/messages",
        Fault::RateLimit {
            retry_after: Some(1),
        },
    );
    let mut cfg = config(&fake, Recipient::Individual(TO.into()));
    cfg.retry = RetryPolicy {
        max_attempts: 2,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_secs(5),
    };
    let t = Instant::now();
    Client::new(cfg).unwrap().send_text("hi").await.unwrap();
    assert!(t.elapsed() >= Duration::from_secs(1), "{:?}", t.elapsed());
    assert_eq!(fake.messages().len(), 1);
}

#[tokio::test]
async fn rate_limit_codes_in_a_400_are_retried() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    fake.push_fault(
        "/messages",
        Fault::ApiError {
            status: 400,
            code: 131056,
            message: "(#131056) (Business Account, Consumer Account) pair rate limit hit".into(),
        },
    );
    client(&fake).send_text("hi").await.unwrap();
    assert_eq!(fake.messages().len(), 1);
    assert_eq!(fake.hits().len(), 2);
}

#[tokio::test]
async fn server_errors_twice_then_success_delivers_once() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    fake.push_fault("/messages", Fault::Status(500));
    fake.push_fault("/messages", Fault::Status(502));
    client(&fake).send_text("hi").await.unwrap();
    assert_eq!(fake.messages().len(), 1);
    assert_eq!(fake.hits().len(), 3);
}

#[tokio::test]
async fn a_refused_recipient_is_not_retried_and_keeps_the_reason() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    fake.push_fault(
        "/messages",
        Fault::ApiError {
            status: 400,
            code: 131030,
            message: "Recipient phone number not in allowed list".into(),
        },
    );
    let e = client(&fake).send_text("hi").await.unwrap_err();
    match &e {
        WaError::Api {
            status,
            code,
            message,
            fbtrace_id,
            ..
        } => {
            assert_eq!(*status, 400);
            assert_eq!(*code, Some(131030));
            assert_eq!(message, "Recipient phone number not in allowed list");
            assert_eq!(fbtrace_id.as_deref(), Some("AFakeTraceId123"));
        }
        other => panic!("expected Api, got {other:?}"),
    }
    assert!(!e.is_retryable());
    assert_eq!(
        e.to_string(),
        "WhatsApp refused the message (code 131030): Recipient phone number not in allowed list"
    );
    assert_eq!(fake.hits().len(), 1);
    assert!(fake.messages().is_empty());
}

#[tokio::test]
async fn a_wrong_token_is_unauthorized_and_not_retried() {
    let fake = FakeWhatsApp::start("another-token", PHONE_ID).await;
    let e = client(&fake).send_text("hi").await.unwrap_err();
    assert!(matches!(e, WaError::Unauthorized(_)), "{e:?}");
    assert!(!e.is_retryable());
    assert_eq!(fake.hits().len(), 1);
}

#[tokio::test]
async fn retries_are_bounded_by_max_attempts() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    for _ in 0..10 {
        fake.push_fault("/messages", Fault::Status(503));
    }
    let e = client(&fake).send_text("hi").await.unwrap_err();
    assert!(matches!(e, WaError::Api { status: 503, .. }), "{e:?}");
    assert!(e.is_retryable());
    assert!(e.to_string().contains("HTTP 503"), "{e}");
    assert_eq!(fake.hits().len(), 4);
    assert_eq!(fake.pending_faults(), 6);
    assert!(fake.messages().is_empty());
}

#[tokio::test]
async fn persistent_rate_limit_gives_up_with_rate_limited() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    for _ in 0..10 {
        fake.push_fault("/messages", Fault::RateLimit { retry_after: None });
    }
    let mut cfg = config(&fake, Recipient::Individual(TO.into()));
    cfg.retry.max_attempts = 3;
    let e = Client::new(cfg).unwrap().send_text("hi").await.unwrap_err();
    match &e {
        WaError::RateLimited { attempts, last } => {
            assert_eq!(*attempts, 3);
            assert!(last.contains("130429"), "{last}");
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert!(e.is_retryable());
    assert_eq!(fake.hits().len(), 3);
}

#[tokio::test]
async fn retry_policy_none_tries_once() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    fake.push_fault("/messages", Fault::Status(500));
    let mut cfg = config(&fake, Recipient::Individual(TO.into()));
    cfg.retry = RetryPolicy::none();
    assert!(Client::new(cfg).unwrap().send_text("hi").await.is_err());
    assert_eq!(fake.hits().len(), 1);
}

#[tokio::test]
async fn a_message_timeout_is_not_resent_but_an_upload_is() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    let mut cfg = config(&fake, Recipient::Individual(TO.into()));
    cfg.timeout = Duration::from_millis(150);
    let c = Client::new(cfg).unwrap();
    fake.push_fault("/messages", Fault::Delay(Duration::from_millis(600)));
    let e = c.send_text("hi").await.unwrap_err();
    assert!(matches!(e, WaError::Timeout), "{e:?}");
    assert_eq!(
        fake.hits().len(),
        1,
        "a message that may have arrived is not resent"
    );

    fake.push_fault("/media", Fault::Delay(Duration::from_millis(600)));
    c.upload_png(png(), "c.png").await.unwrap();
    assert_eq!(
        fake.hits().len(),
        3,
        "the upload went again after its timeout"
    );
}

#[tokio::test]
async fn an_unreachable_server_is_a_network_error_after_retries() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut cfg = Config::new(
        PHONE_ID,
        SecretString::from(TOKEN),
        Recipient::Individual(TO.into()),
    );
    cfg.base_url = parse_base_url(&format!("http://127.0.0.1:{port}")).unwrap();
    cfg.retry = RetryPolicy::fast();
    let e = Client::new(cfg).unwrap().send_text("hi").await.unwrap_err();
    assert!(matches!(e, WaError::Network(_)), "{e:?}");
    assert!(e.is_retryable());
    assert!(!format!("{e} {e:?}").contains(TOKEN));
}

#[tokio::test]
async fn a_long_text_goes_in_several_messages_in_order() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    // 90 lines of 100 chars (+ breaks) = 9089 chars: three messages of at most 4096
    let text: String = (0..90)
        .map(|i| format!("{i:03}{}", "x".repeat(97)))
        .collect::<Vec<_>>()
        .join("\n");
    let expected = split_text(&text, MAX_TEXT_CHARS);
    assert_eq!(expected.len(), 3);
    let mut events = Vec::new();
    let sent = client(&fake)
        .send_digest(&text, None, &mut |p, o| events.push((p, o)))
        .await
        .unwrap();
    assert_eq!(sent.len(), 3);
    let bodies: Vec<String> = fake.messages().into_iter().filter_map(|m| m.text).collect();
    assert_eq!(bodies, expected);
    assert!(bodies.iter().all(|b| b.chars().count() <= MAX_TEXT_CHARS));
    assert!(bodies[0].starts_with("000"));
    assert!(bodies[2].ends_with(&format!("089{}", "x".repeat(97))));
    assert_eq!(bodies.join("\n"), text);
    assert_eq!(
        events.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
        vec![
            Part::Text { index: 0, of: 3 },
            Part::Text { index: 1, of: 3 },
            Part::Text { index: 2, of: 3 }
        ]
    );
}

#[tokio::test]
async fn a_digest_sends_text_then_the_chart() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    let mut events = Vec::new();
    let sent = client(&fake)
        .send_digest(
            "Week 12\nLoad up 8%",
            Some((png(), "week-12.png".into())),
            &mut |p, o| events.push((p, o)),
        )
        .await
        .unwrap();
    let got = fake.messages();
    assert_eq!(
        got.iter().map(|m| m.kind.as_str()).collect::<Vec<_>>(),
        vec!["text", "image"]
    );
    assert_eq!(got[0].text.as_deref(), Some("Week 12\nLoad up 8%"));
    assert_eq!(got[1].media_id, Some(MediaId("media-1".into())));
    assert_eq!(fake.media()[0].1, png());
    assert_eq!(sent.len(), 2);
    assert_eq!(
        events,
        vec![
            (
                Part::Text { index: 0, of: 1 },
                PartOutcome::Sent(got[0].id.clone())
            ),
            (Part::Image, PartOutcome::Sent(got[1].id.clone())),
        ]
    );
}

#[tokio::test]
async fn a_failed_digest_reports_the_part_and_resumes_without_repeats() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    fake.push_fault(
        "/media",
        Fault::ApiError {
            status: 400,
            code: 131053,
            message: "Media upload error".into(),
        },
    );
    let c = client(&fake);
    let mut events = Vec::new();
    let e = c
        .send_digest("Week 12", Some((png(), "c.png".into())), &mut |p, o| {
            events.push((p, o))
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(131053));
    assert_eq!(events.len(), 2);
    assert!(matches!(
        events[0],
        (Part::Text { index: 0, of: 1 }, PartOutcome::Sent(_))
    ));
    match &events[1] {
        (Part::Image, PartOutcome::Failed(why)) => {
            assert!(
                why.contains("131053") && why.contains("Media upload error"),
                "{why}"
            )
        }
        other => panic!("expected the image to fail, got {other:?}"),
    }
    assert_eq!(fake.messages().len(), 1);

    // the app retries later, skipping what went out
    let done = [Part::Text { index: 0, of: 1 }];
    let sent = c
        .send_digest_resume(
            "Week 12",
            Some((png(), "c.png".into())),
            Some("Club · 2026-W12"),
            &done,
            &mut |_, _| {},
        )
        .await
        .unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, Part::Image);
    let kinds: Vec<String> = fake.messages().into_iter().map(|m| m.kind).collect();
    assert_eq!(kinds, vec!["text", "image"]);
}

#[tokio::test]
async fn the_fake_checks_media_ids_and_the_phone_number_id() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    let e = client(&fake)
        .send_image(&MediaId("never-uploaded".into()), None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(131053));
    assert_eq!(fake.hits().len(), 1);

    let mut cfg = config(&fake, Recipient::Individual(TO.into()));
    cfg.phone_number_id = "999".into();
    let e = Client::new(cfg).unwrap().send_text("hi").await.unwrap_err();
    assert_eq!(e.code(), Some(100));
    assert!(fake.messages().is_empty());
}

#[tokio::test]
async fn bad_input_is_refused_before_any_request() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    let c = client(&fake);
    assert!(matches!(c.send_text("  ").await, Err(WaError::Config(_))));
    let long = "x".repeat(MAX_TEXT_CHARS + 1);
    assert!(matches!(c.send_text(&long).await, Err(WaError::Config(_))));
    assert!(matches!(
        c.upload_png(b"GIF89a".to_vec(), "c.gif").await,
        Err(WaError::Config(_))
    ));
    let mut events = 0;
    assert!(matches!(
        c.send_digest(" \n ", None, &mut |_, _| events += 1).await,
        Err(WaError::Config(_))
    ));
    assert_eq!(events, 0);
    assert!(fake.hits().is_empty());

    let mut cfg = config(&fake, Recipient::Individual(TO.into()));
    cfg.token = SecretString::from("");
    assert!(matches!(Client::new(cfg), Err(WaError::Config(_))));
    let mut cfg = config(&fake, Recipient::Individual(TO.into()));
    cfg.phone_number_id = "12/../34".into();
    assert!(matches!(Client::new(cfg), Err(WaError::Config(_))));
}

#[tokio::test]
async fn the_token_never_shows() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    let cfg = config(&fake, Recipient::Individual(TO.into()));
    let c = Client::new(cfg.clone()).unwrap();
    let mut shown = vec![format!("{cfg:?}"), format!("{c:?}")];
    // a server that echoes the token back in its error
    fake.push_fault(
        "/messages",
        Fault::ApiError {
            status: 400,
            code: 100,
            message: format!("Invalid parameter near {TOKEN}"),
        },
    );
    let e = c.send_text("hi").await.unwrap_err();
    assert!(e.to_string().contains("[REDACTED]"), "{e}");
    shown.push(format!("{e} {e:?}"));
    fake.set_token("rotated");
    let e = c.send_text("hi").await.unwrap_err();
    assert!(matches!(e, WaError::Unauthorized(_)));
    shown.push(format!("{e} {e:?}"));
    for _ in 0..4 {
        fake.push_fault("/messages", Fault::RateLimit { retry_after: None });
    }
    let e = c.send_text("hi").await.unwrap_err();
    shown.push(format!("{e} {e:?}"));
    for s in &shown {
        assert!(!s.contains(TOKEN), "token leaked in {s}");
    }
    assert!(shown[0].contains("REDACTED"), "{}", shown[0]);
}

#[test]
fn base_url_parsing() {
    let u = parse_base_url("http://127.0.0.1:8080").unwrap();
    assert_eq!(u.as_str(), "http://127.0.0.1:8080/");
    let u = parse_base_url(" https://proxy.example/graph/ ").unwrap();
    assert_eq!(u.as_str(), "https://proxy.example/graph");
    for bad in [
        "graph.facebook.com",
        "ftp://example.com",
        "http://",
        "https://x.example/?a=1",
        "not a url",
    ] {
        let e = parse_base_url(bad).unwrap_err();
        assert!(matches!(e, WaError::Config(_)), "{bad}");
        assert!(e.to_string().contains("PACELINE_WHATSAPP_URL"), "{e}");
    }
    let e = parse_base_url("https://user:hunter2@example.com").unwrap_err();
    assert!(!e.to_string().contains("hunter2"), "{e}");
}

#[test]
fn base_url_from_the_environment() {
    // the only test that touches the variable
    std::env::set_var("PACELINE_WHATSAPP_URL", "http://127.0.0.1:9/wa");
    assert_eq!(
        paceline_whatsapp::base_url_from_env().unwrap().as_str(),
        "http://127.0.0.1:9/wa"
    );
    std::env::set_var("PACELINE_WHATSAPP_URL", "nope");
    let e = paceline_whatsapp::base_url_from_env().unwrap_err();
    assert!(e.to_string().contains("PACELINE_WHATSAPP_URL"), "{e}");
    std::env::remove_var("PACELINE_WHATSAPP_URL");
    assert_eq!(
        paceline_whatsapp::base_url_from_env().unwrap().as_str(),
        "https://graph.facebook.com/"
    );
}

#[tokio::test]
async fn a_path_prefix_is_kept() {
    let fake = FakeWhatsApp::start(TOKEN, PHONE_ID).await;
    let mut cfg = config(&fake, Recipient::Individual(TO.into()));
    cfg.base_url = parse_base_url(&format!("{}proxy/graph", fake.url())).unwrap();
    // the fake serves no prefix: it answers 400, which shows the path it got
    let _ = Client::new(cfg).unwrap().send_text("hi").await;
    assert_eq!(
        fake.hits(),
        vec![format!(
            "POST /proxy/graph/{API_VERSION}/{PHONE_ID}/messages"
        )]
    );
}

#[test]
fn recipients_parse() {
    let p = |s: &str| Recipient::parse(s).unwrap();
    assert_eq!(
        p("+49 170 123-4567"),
        Recipient::Individual("491701234567".into())
    );
    assert_eq!(
        p("4917012345678"),
        Recipient::Individual("4917012345678".into())
    );
    assert_eq!(
        p("group:120363025246125486"),
        Recipient::Group("120363025246125486".into())
    );
    assert_eq!(
        p("Y2FwaV9ncm91cDox"),
        Recipient::Group("Y2FwaV9ncm91cDox".into())
    );
    assert_eq!(p("Y2FwaV9ncm91cDox").kind(), "group");
    assert_eq!(p("+491701234567").to_string(), "+491701234567");
    assert_eq!(p(&p("group:abc").to_string()), p("group:abc"));
    for bad in ["", "   ", "group:", "+49 12", "1234567890123456"] {
        assert!(
            matches!(Recipient::parse(bad), Err(WaError::Config(_))),
            "{bad:?}"
        );
    }
}

#[test]
fn the_blocking_fake_serves_synchronous_callers() {
    let fake = FakeWhatsApp::start_blocking(TOKEN, PHONE_ID);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let id = rt
        .block_on(client(&fake).send_text("from a sync test"))
        .unwrap();
    assert_eq!(id.as_str(), "wamid.fake-1");
    assert_eq!(fake.messages()[0].text.as_deref(), Some("from a sync test"));
    drop(fake); // stops its thread: must not hang
}

#[test]
fn retry_policy_defaults() {
    let d = RetryPolicy::default();
    assert_eq!(d.max_attempts, 4);
    assert_eq!(d.base_delay, Duration::from_secs(1));
    assert_eq!(d.max_delay, Duration::from_secs(30));
    assert_eq!(RetryPolicy::none().max_attempts, 1);
    assert!(RetryPolicy::fast().max_delay <= Duration::from_millis(50));
}

#[test]
fn the_digest_future_is_send() {
    // the app runs it through a `block_on` that requires `Send`
    fn assert_send<T: Send>(_: &T) {}
    let cfg = Config::new(
        PHONE_ID,
        SecretString::from(TOKEN),
        Recipient::Individual(TO.into()),
    );
    let c = Client::new(cfg).unwrap();
    let mut progress = |_: Part, _: PartOutcome| {};
    let fut = c.send_digest("x", None, &mut progress);
    assert_send(&fut);
}
