use std::time::{Duration, Instant};

use paceline_garmin::fake::Fault;
use paceline_garmin::{ClientOptions, GarminClient, GarminError};
use secrecy::ExposeSecret;

use crate::{activities, config, setup};

const LIST: &str = "/activitylist-service";

#[tokio::test]
async fn rate_limit_backs_off_with_and_without_retry_after() {
    let Some((fake, client)) = setup().await else {
        return;
    };
    fake.set_activities(activities(3));
    // without Retry-After: base 20 ms, then 40 ms (local options)
    fake.push_fault(LIST, Fault::RateLimit { retry_after: None });
    fake.push_fault(LIST, Fault::RateLimit { retry_after: None });
    let t = Instant::now();
    assert_eq!(client.activities(0, 10).await.unwrap().len(), 3);
    assert!(
        t.elapsed() >= Duration::from_millis(60),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(client.requests(), 3);
    // Retry-After: 0 is honoured as is (no base wait)
    fake.push_fault(
        LIST,
        Fault::RateLimit {
            retry_after: Some(0),
        },
    );
    let t = Instant::now();
    client.activities(0, 10).await.unwrap();
    assert!(t.elapsed() < Duration::from_millis(20), "{:?}", t.elapsed());
    // more 429s than allowed: a typed error with the server's wait
    for _ in 0..4 {
        fake.push_fault(
            LIST,
            Fault::RateLimit {
                retry_after: Some(0),
            },
        );
    }
    let e = client.activities(0, 10).await.unwrap_err();
    assert!(
        matches!(e, GarminError::RateLimited { retry_after: Some(d) } if d.is_zero()),
        "{e:?}"
    );
}

#[tokio::test]
async fn server_errors_and_timeouts_are_retried_then_reported() {
    let Some((fake, client)) = setup().await else {
        return;
    };
    fake.set_activities(activities(2));
    for c in [500, 502, 503] {
        fake.push_fault(LIST, Fault::Status(c));
    }
    assert_eq!(client.activities(0, 10).await.unwrap().len(), 2);
    assert_eq!(client.requests(), 4);
    for _ in 0..4 {
        fake.push_fault(LIST, Fault::Status(502));
    }
    let e = client.activities(0, 10).await.unwrap_err();
    assert!(
        matches!(
            e,
            GarminError::Server {
                status: 502,
                attempts: 4,
                ..
            }
        ),
        "{e:?}"
    );
    // a timeout (the local options wait 2 s): retried, then succeeds
    let mut opts = ClientOptions::local();
    opts.timeout = Some(Duration::from_millis(200));
    let c2 = GarminClient::new(config(&fake), client.tokens().await, opts).unwrap();
    fake.push_fault(LIST, Fault::Delay(Duration::from_millis(600)));
    assert_eq!(c2.activities(0, 10).await.unwrap().len(), 2);
    assert_eq!(c2.requests(), 2);
}

#[tokio::test]
async fn the_circuit_breaker_opens_after_repeated_failures() {
    let Some((fake, _)) = setup().await else {
        return;
    };
    let mut opts = ClientOptions::local();
    opts.circuit_threshold = 3;
    opts.retry_attempts = 10;
    opts.circuit_cooldown = Duration::from_secs(60);
    let client = GarminClient::new(config(&fake), fake.issue_tokens(), opts).unwrap();
    for _ in 0..10 {
        fake.push_fault(LIST, Fault::Status(503));
    }
    let e = client.activities(0, 5).await.unwrap_err();
    assert!(
        matches!(e, GarminError::CircuitOpen { failures: 3 }),
        "{e:?}"
    );
    assert_eq!(client.requests(), 3);
    // open: the next call fails without a request
    assert!(matches!(
        client.profile().await,
        Err(GarminError::CircuitOpen { .. })
    ));
    assert_eq!(client.requests(), 3);
    client.reset_circuit();
    assert!(client.profile().await.is_ok());
}

#[tokio::test]
async fn a_token_that_expires_mid_run_is_refreshed_once() {
    let Some((fake, client)) = setup().await else {
        return;
    };
    fake.set_activities(activities(2));
    client.activities(0, 5).await.unwrap();
    fake.expire_access_token();
    // 401 → refresh → retry
    assert_eq!(client.activities(0, 5).await.unwrap().len(), 2);
    assert_eq!(fake.refreshes(), 1);
    assert_eq!(client.requests(), 4);
    // a token refused again after the refresh: sign in again
    fake.expire_access_token();
    fake.push_fault("/di-oauth2-service", Fault::Status(400));
    let e = client.profile().await.unwrap_err();
    assert!(e.needs_sign_in(), "{e:?}");
}

#[tokio::test]
async fn a_token_near_expiry_is_refreshed_before_the_call() {
    let Some((fake, _)) = setup().await else {
        return;
    };
    fake.set_token_ttl(600); // inside the 900 s margin
    let client =
        GarminClient::new(config(&fake), fake.issue_tokens(), ClientOptions::local()).unwrap();
    client.profile().await.unwrap();
    assert_eq!(fake.refreshes(), 1);
    // refresh + profile, no 401 round trip
    assert_eq!(client.requests(), 2);
}

#[tokio::test]
async fn truncated_zip_and_deleted_activity_are_typed() {
    let Some((fake, client)) = setup().await else {
        return;
    };
    fake.set_activities(activities(3));
    fake.push_fault("/download-service", Fault::TruncatedZip);
    let e = client.download_original(1001).await.unwrap_err();
    assert!(matches!(e, GarminError::BadZip(_)), "{e:?}");
    fake.delete_activity(1002);
    let e = client.download_original(1002).await.unwrap_err();
    assert!(matches!(e, GarminError::NotFound { .. }), "{e:?}");
    assert!(e.to_string().contains("deleted"));
    assert!(matches!(
        client.activity(1002).await,
        Err(GarminError::NotFound { .. })
    ));
}

#[tokio::test]
async fn spacing_holds_requests_apart() {
    let Some((fake, _)) = setup().await else {
        return;
    };
    let mut opts = ClientOptions::local();
    opts.spacing = Duration::from_millis(100);
    let client = GarminClient::new(config(&fake), fake.issue_tokens(), opts).unwrap();
    let t = Instant::now();
    // two clones in parallel still go one at a time, 100 ms apart
    let (a, b, c) = tokio::join!(client.profile(), client.user_settings(), client.profile());
    a.unwrap();
    b.unwrap();
    c.unwrap();
    assert!(
        t.elapsed() >= Duration::from_millis(200),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(client.requests(), 3);
}

#[tokio::test]
async fn tokens_never_show_in_debug_display_or_errors() {
    let Some((fake, client)) = setup().await else {
        return;
    };
    let t = client.tokens().await;
    let secrets = [
        t.access_token.expose_secret().to_string(),
        t.refresh_token.expose_secret().to_string(),
    ];
    let mut texts = vec![format!("{t:?}"), format!("{client:?}")];
    fake.expire_access_token();
    fake.push_fault("/di-oauth2-service", Fault::Status(401));
    let e = client.profile().await.unwrap_err();
    texts.push(format!("{e}"));
    texts.push(format!("{e:?}"));
    let bad_json = format!(
        r#"{{"di_token": 12, "di_refresh_token": "{}"}}"#,
        secrets[1]
    );
    let e2 = paceline_garmin::TokenSet::from_python_garminconnect(&bad_json).unwrap_err();
    texts.push(format!("{e2} {e2:?}"));
    let e3 =
        paceline_garmin::TokenSet::from_json(&format!("{{\"access_token\": \"{}\"", secrets[0]))
            .unwrap_err();
    texts.push(format!("{e3} {e3:?}"));
    let ticket = paceline_garmin::ServiceTicket::parse("ST-99999-secretticket").unwrap();
    texts.push(format!("{ticket:?}"));
    for text in &texts {
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "secret leaked in {text}");
        }
        assert!(!text.contains("secretticket"), "ticket leaked in {text}");
    }
    assert!(texts[0].contains("[redacted]"));
}
