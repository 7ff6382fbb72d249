use paceline_garmin::fake::{FakeGarmin, MFA_CODE};
use paceline_garmin::{
    ClientOptions, DiAuth, GarminClient, GarminError, LoginOutcome, ReqwestBackend, ServiceTicket,
    SsoLogin, TokenSet,
};
use secrecy::{ExposeSecret, SecretString};
use std::sync::{Arc, Mutex};

use crate::{config, corpus, setup};

fn backend() -> Arc<ReqwestBackend> {
    Arc::new(ReqwestBackend::new().unwrap())
}

#[tokio::test]
async fn a_ticket_is_exchanged_once_and_the_tokens_work() {
    let Some(root) = corpus() else { return };
    let fake = FakeGarmin::start(Some(&root)).await.unwrap();
    fake.add_ticket("ST-0123456-abcDEF-sso");
    let cfg = Arc::new(config(&fake));
    let di = DiAuth::new(cfg.clone(), backend());
    let t =
        ServiceTicket::parse("https://sso.garmin.com/sso/embed?ticket=ST-0123456-abcDEF-sso&x=1")
            .unwrap();
    assert_eq!(
        t.service_url.as_deref(),
        Some("https://sso.garmin.com/sso/embed")
    );
    let now = jiff::Timestamp::now();
    let tokens = di.exchange(&t, now).await.unwrap();
    assert_eq!(tokens.client_id, "GARMIN_CONNECT_MOBILE_ANDROID_DI_2025Q2");
    // lifetimes from the answer: expires_in 3600, refresh 30 days
    let left = tokens
        .access_expires_at
        .unwrap()
        .duration_since(now)
        .as_secs();
    assert!((3590..=3600).contains(&left), "{left}");
    let rleft = tokens
        .refresh_expires_at
        .unwrap()
        .duration_since(now)
        .as_secs();
    assert_eq!(rleft, 2_592_000);
    // single-use: the same ticket again is refused, with a message that says what to do
    let again = di.exchange(&t, now).await.unwrap_err();
    assert!(
        matches!(again, GarminError::TicketRejected { status: 400, .. }),
        "{again:?}"
    );
    assert!(again.to_string().contains("sign in again"));
    assert_eq!(fake.exchanges(), 1);
    // verified with the profile call
    let client = GarminClient::new((*cfg).clone(), tokens, ClientOptions::local()).unwrap();
    assert_eq!(
        client.profile().await.unwrap().display_name.as_deref(),
        Some("mtamizi")
    );
}

#[tokio::test]
async fn refresh_rotates_the_refresh_token_and_reports_it() {
    let Some((fake, client)) = setup().await else {
        return;
    };
    let before = client.tokens().await;
    let seen: Arc<Mutex<Vec<TokenSet>>> = Arc::default();
    let s2 = seen.clone();
    client.on_tokens_changed(Arc::new(move |t| s2.lock().unwrap().push(t.clone())));
    let after = client.refresh_tokens().await.unwrap();
    assert_ne!(
        after.refresh_token.expose_secret(),
        before.refresh_token.expose_secret()
    );
    assert_ne!(
        after.access_token.expose_secret(),
        before.access_token.expose_secret()
    );
    assert_eq!(seen.lock().unwrap().len(), 1);
    assert_eq!(fake.refreshes(), 1);
    // the old refresh token is dead: refreshing with it means signing in again
    let di = DiAuth::new(Arc::new(client.config().clone()), backend());
    let e = di
        .refresh(&before, jiff::Timestamp::now())
        .await
        .unwrap_err();
    assert!(e.needs_sign_in(), "{e:?}");
    // and a refresh with another client id is refused
    let mut other = client.tokens().await;
    other.client_id = "GARMIN_CONNECT_MOBILE_IOS_DI".into();
    assert!(di
        .refresh(&other, jiff::Timestamp::now())
        .await
        .unwrap_err()
        .needs_sign_in());
}

#[tokio::test]
async fn tokens_round_trip_through_keyring_json_and_import_from_python() {
    let Some((fake, client)) = setup().await else {
        return;
    };
    let t = client.tokens().await;
    let back = TokenSet::from_json(t.to_json().expose_secret()).unwrap();
    assert_eq!(
        back.access_token.expose_secret(),
        t.access_token.expose_secret()
    );
    assert_eq!(back.refresh_expires_at, t.refresh_expires_at);
    let py = serde_json::json!({"di_token": t.access_token.expose_secret(),
        "di_refresh_token": t.refresh_token.expose_secret(), "di_client_id": t.client_id})
    .to_string();
    let imported = TokenSet::from_python_garminconnect(&py).unwrap();
    // the JWT's exp gives the expiry
    assert!(imported.access_expires_at.is_some());
    let c2 = GarminClient::new(
        config(&fake),
        imported,
        paceline_garmin::ClientOptions::local(),
    )
    .unwrap();
    assert!(c2.profile().await.is_ok());
    let e = TokenSet::from_python_garminconnect(r#"{"di_token": "x"}"#).unwrap_err();
    assert!(e.to_string().contains("di_refresh_token"), "{e}");
}

#[tokio::test]
async fn sso_login_mobile_mfa_and_the_cooldown_after_429() {
    let Some(root) = corpus() else { return };
    let fake = FakeGarmin::start(Some(&root)).await.unwrap();
    let cfg = Arc::new(config(&fake));
    let sso = SsoLogin::new(cfg.clone(), backend(), backend()).without_delays();
    let pw = SecretString::from("hunter2-secret".to_string());
    let now = jiff::Timestamp::now();
    match sso.login("ok@example.com", &pw, now).await.unwrap() {
        LoginOutcome::Tokens(t) => {
            assert_eq!(t.client_id, "GARMIN_CONNECT_MOBILE_ANDROID_DI_2025Q2")
        }
        o => panic!("{o:?}"),
    }
    assert!(matches!(
        sso.login("bad@example.com", &pw, now).await,
        Err(GarminError::BadCredentials)
    ));
    let LoginOutcome::NeedsMfa(p) = sso.login("mfa@example.com", &pw, now).await.unwrap() else {
        panic!("expected MFA")
    };
    assert_eq!(p.method, "email");
    // a wrong code keeps the pending sign-in usable
    assert!(matches!(
        sso.resume_mfa(&p, "000000", now).await,
        Err(GarminError::BadMfaCode)
    ));
    assert!(sso.resume_mfa(&p, MFA_CODE, now).await.is_ok());
    // every strategy 429: no retry, an error with the time to try again
    let hits = fake.hits().len();
    let e = sso
        .login("limited@example.com", &pw, now)
        .await
        .unwrap_err();
    let GarminError::LoginRateLimited { until, cooldown } = e else {
        panic!("{e:?}")
    };
    assert_eq!(cooldown.as_secs(), 2 * 3600);
    assert_eq!(until.duration_since(now).as_secs(), 7200);
    // each strategy tried once: mobile POST; widget embed, sign-in page, POST; portal page, POST
    assert_eq!(fake.hits().len() - hits, 6, "{:?}", &fake.hits()[hits..]);
    assert_eq!(
        paceline_garmin::login_cooldown(Some(cooldown)).as_secs(),
        4 * 3600
    );
    assert_eq!(
        paceline_garmin::login_cooldown(Some(std::time::Duration::from_secs(20 * 3600))).as_secs(),
        24 * 3600
    );
}

#[tokio::test]
async fn widget_strategy_when_mobile_is_skipped() {
    let Some(root) = corpus() else { return };
    let fake = FakeGarmin::start(Some(&root)).await.unwrap();
    let mut cfg = config(&fake);
    cfg.sso.strategies = vec!["widget".into()];
    let sso = SsoLogin::new(Arc::new(cfg), backend(), backend()).without_delays();
    let pw = SecretString::from("pw".to_string());
    let out = sso
        .login("ok@example.com", &pw, jiff::Timestamp::now())
        .await
        .unwrap();
    assert!(matches!(out, LoginOutcome::Tokens(_)));
    let h = fake.hits();
    assert!(h.iter().any(|x| x == "POST /sso/signin"), "{h:?}");
}
