//! The logbook, as a lifter uses it: log a back-squat session set by set, see it
//! listed, its estimated 1RM charted and the record kept.

use std::time::Duration;

use fantoccini::{Client, Locator};

use super::{click, screenshot, wait_contains, wait_for};

pub async fn strength_session_and_progress(c: &Client) {
    click(c, "[data-testid=nav-logbook]").await;
    wait_for(c, "[data-testid=page-logbook]", 20).await;
    wait_for(c, "[data-testid=lb-exercise]", 20).await;
    for (reps, kg) in [("5", "100"), ("5", "100"), ("3", "110")] {
        c.execute(
            "const set = (t, v, e) => { const i = document.querySelector(`[data-testid=${t}]`);\
               i.value = v; i.dispatchEvent(new Event(e, { bubbles: true })); };\
             set('lb-exercise', 'back_squat', 'change');\
             set('lb-reps', arguments[0], 'input');\
             set('lb-weight', arguments[1], 'input');",
            vec![reps.into(), kg.into()],
        )
        .await
        .unwrap();
        click(c, "[data-testid=lb-add-set]").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let drafts = c
        .find_all(Locator::Css("[data-testid=lb-draft-set]"))
        .await
        .unwrap()
        .len();
    assert_eq!(drafts, 3, "three sets drafted");
    click(c, "[data-testid=lb-save-session]").await;
    // The session is listed; a refusal would say why in the form's error line.
    let t0 = std::time::Instant::now();
    while c
        .find(Locator::Css("[data-testid=lb-session-row]"))
        .await
        .is_err()
    {
        if t0.elapsed() > Duration::from_secs(20) {
            screenshot(c, "logbook-failed.png").await;
            let why = match c.find(Locator::Css("[data-testid=lb-error]")).await {
                Ok(e) => e.text().await.unwrap_or_default(),
                Err(_) => "no error shown".into(),
            };
            panic!("the strength session was not listed: {why}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // 3 × 110 kg: Epley 110 × (1 + 3/30) = 121 kg, the best estimate of the session.
    wait_contains(c, "[data-testid=lb-chart-e1rm]", true, "Back squat").await;
    wait_for(c, "[data-testid=lb-pr-row]", 20).await;
    wait_contains(c, "[data-testid=lb-pr-list]", false, "121").await;
    screenshot(c, "logbook.png").await;
}
