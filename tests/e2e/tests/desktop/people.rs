//! Groups and the weekly digest, as a club's coach uses them: a group of the two
//! athletes, WhatsApp set up in Settings, the group's digest of last week generated and
//! sent to a fake WhatsApp Cloud API the test runs, the delivery log saying "sent".

use std::path::Path;
use std::time::Duration;

use fantoccini::{Client, Locator};
use paceline_whatsapp::fake::FakeWhatsApp;

use super::{click, screenshot, wait_contains, wait_for, IMPORT_SCRIPT};

pub const TOKEN: &str = "e2e-whatsapp-token";
pub const PHONE_ID: &str = "1234567";

/// Last week's training for the athlete shown (the demo's sessions of the last full
/// week), imported as a folder.
pub async fn import_last_week(c: &Client, dir: &Path) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let today = now.div_euclid(86_400);
    let this_monday = today - (today + 3).rem_euclid(7);
    let folder = dir.join("last-week");
    std::fs::create_dir_all(&folder).unwrap();
    for f in paceline_demo::generate(&paceline_demo::ALEX, this_monday * 86_400, 1, 11) {
        std::fs::write(folder.join(&f.file_name), &f.bytes).unwrap();
    }
    let reply = c
        .execute_async(
            IMPORT_SCRIPT,
            vec![serde_json::json!(folder.to_str().unwrap())],
        )
        .await
        .unwrap();
    assert!(
        reply.as_str().unwrap_or_default().parse::<u64>().is_ok(),
        "{reply:?}"
    );
    wait_for(c, "[data-testid=import-toast]", 20).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
}

pub async fn group_digest_sent_to_whatsapp(c: &Client, fake: &FakeWhatsApp) {
    // WhatsApp in Settings.
    click(c, "[data-testid=nav-settings]").await;
    wait_for(c, "[data-testid=wa-card]", 20).await;
    for (id, value) in [
        ("wa-phone", PHONE_ID),
        ("wa-recipient", "491701234567"),
        ("wa-token", TOKEN),
    ] {
        wait_for(c, &format!("[data-testid={id}]"), 10)
            .await
            .send_keys(value)
            .await
            .unwrap();
    }
    click(c, "[data-testid=wa-save]").await;
    wait_contains(c, "[data-testid=wa-status]", false, "token stored").await;

    // A group of both athletes.
    click(c, "[data-testid=nav-groups]").await;
    wait_for(c, "[data-testid=group-new-name]", 20)
        .await
        .send_keys("Club")
        .await
        .unwrap();
    c.execute(
        "{ const tz = document.querySelector('[data-testid=group-new-tz]');\
           tz.value = 'UTC'; tz.dispatchEvent(new Event('input', { bubbles: true })); }\
         document.querySelectorAll('[data-testid^=group-new-member-]').forEach(b => {\
           if (!b.checked) { b.click(); } });",
        vec![],
    )
    .await
    .unwrap();
    click(c, "[data-testid=group-create]").await;
    wait_contains(c, "[data-testid=group-list]", false, "Club").await;
    let members = c
        .find_all(Locator::Css("[data-testid^=group-row-]"))
        .await
        .unwrap()
        .len();
    assert_eq!(members, 1, "one group");
    wait_contains(c, "[data-testid=group-list]", false, "Bea").await;
    screenshot(c, "groups.png").await;

    // Its digest of last week: generated, shown, sent.
    click(c, "[data-testid^=group-open-]").await;
    wait_for(c, "[data-testid=digest-generate]", 20).await;
    click(c, "[data-testid=digest-generate]").await;
    wait_for(c, "[data-testid=digest-frame]", 30).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    screenshot(c, "digest.png").await;
    click(c, "[data-testid=digest-send]").await;
    wait_contains(c, "[data-testid=digest-log]", false, "sent").await;
    wait_contains(c, "[data-testid=digest-log-status]", false, "sent").await;
    c.execute(
        "document.querySelector('[data-testid=digest-log]').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    screenshot(c, "digest-sent.png").await;

    // The fake got the text, then the chart, once.
    let msgs = fake.messages();
    let kinds: Vec<&str> = msgs.iter().map(|m| m.kind.as_str()).collect();
    assert_eq!(kinds, ["text", "image"], "{msgs:?}");
    let text = msgs[0].text.as_deref().unwrap_or_default();
    assert!(text.contains("Club"), "{text}");
    assert_eq!(fake.media().len(), 1);
    assert!(fake.media()[0].1.starts_with(b"\x89PNG"));
}
