//! The LLM coach in the window, against a fake OpenAI-compatible server the test runs:
//! a model added in Settings › Coach (its key never shown back), one question in the
//! chat answered as a stream, this week's review written from the Reviews tab, and a
//! deep analysis started, the window's commands timed while it runs, then cancelled
//! and left resumable. Two figures are printed: question to first token on screen,
//! and command round trips during the analysis.

use std::time::Duration;

use fantoccini::Client;
use paceline_llm_fake::{FakeLlm, Reply, Turn};

use super::{click, screenshot, wait_contains, wait_for};

const ANSWER: &str = "Your week was solid: keep Tuesday's intervals and sleep a little more.";
const KEY: &str = "sk-e2e-planted-key";

pub async fn chat_and_review(c: &Client, fake: &FakeLlm) {
    click(c, "[data-testid=nav-settings]").await;
    wait_for(c, "[data-testid=coach-card]", 20).await;
    for (id, value) in [
        ("coach-provider-name", "fake".to_string()),
        ("coach-provider-url", format!("{}/v1", fake.url())),
        ("coach-provider-model", "fake-model".to_string()),
        ("coach-provider-key", KEY.to_string()),
    ] {
        wait_for(c, &format!("[data-testid={id}]"), 10)
            .await
            .send_keys(&value)
            .await
            .unwrap();
    }
    click(c, "[data-testid=coach-provider-add]").await;
    wait_contains(c, "[data-testid=coach-providers]", false, "fake-model").await;
    let card = wait_for(c, "[data-testid=coach-card]", 10).await;
    let html = card.html(false).await.unwrap();
    assert!(!html.contains(KEY), "the key is never shown back");
    screenshot(c, "coach-settings.png").await;

    // One question, the answer streamed from the fake model.
    fake.push(Turn::text(ANSWER, 1200, 40));
    click(c, "[data-testid=nav-coach]").await;
    click(c, "[data-testid=coach-tab-chat]").await;
    wait_for(c, "[data-testid=coach-chat-input]", 20)
        .await
        .send_keys("How was my week?")
        .await
        .unwrap();
    // Send, and time the answer's first streamed text on screen (a model that answers at once:
    // what is left is ours — shell, HTTP, stream parsing, event, render).
    let first_token_ms = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; const t0 = performance.now();\
             const seen = () => { const a = document.querySelector('[data-testid=coach-chat-answer]');\
               return a && a.textContent.includes(arguments[0]); };\
             const obs = new MutationObserver(() => { if (seen()) { obs.disconnect();\
               done(performance.now() - t0); } });\
             obs.observe(document.body, { subtree: true, childList: true, characterData: true });\
             document.querySelector('[data-testid=coach-chat-send]').click();",
            // The first streamed piece of the answer (a placeholder before it does not count).
            vec![ANSWER[..4].into()],
        )
        .await
        .unwrap();
    eprintln!(
        "figure: question sent to first token on screen: {:.0} ms",
        first_token_ms.as_f64().unwrap_or(f64::NAN)
    );
    wait_contains(
        c,
        "[data-testid=coach-chat-log]",
        false,
        "sleep a little more",
    )
    .await;
    screenshot(c, "coach-chat.png").await;

    // This week's review, written by the model.
    fake.push(Turn::text(
        "Review: three sessions, load up 12 %. Next week: one rest day more.",
        1500,
        60,
    ));
    click(c, "[data-testid=coach-tab-reviews]").await;
    wait_for(c, "[data-testid=review-run]", 20).await;
    click(c, "[data-testid=review-run]").await;
    wait_for(c, "[data-testid=review-row]", 60).await;
    wait_contains(c, "[data-testid=review-row]", false, "-W").await;
    screenshot(c, "coach-reviews.png").await;
    let paths: Vec<String> = fake.requests().iter().map(|r| r.path.clone()).collect();
    assert!(
        paths.len() >= 2,
        "the chat and the review asked the model: {paths:?}"
    );

    // A deep analysis whose model takes 2 s a step: the window stays responsive.
    for i in 1..=3 {
        fake.push(
            Reply::from(Turn::text(format!("Step {i}: steady."), 2000, 80))
                .delayed(Duration::from_secs(2)),
        );
    }
    click(c, "[data-testid=deep-start]").await;
    wait_for(c, "[data-testid=deep-progress]", 20).await;
    let times = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; const core = window.__TAURI__.core;\
             (async () => { const a = await core.invoke('current_athlete'); const t = [];\
               for (let i = 0; i < 10; i++) { const t0 = performance.now();\
                 await core.invoke('list_activities', { athleteId: a });\
                 t.push(performance.now() - t0); }\
               done(JSON.stringify(t)); })().catch(e => done('ERR ' + JSON.stringify(e)));",
            vec![],
        )
        .await
        .unwrap();
    let mut ms: Vec<f64> = serde_json::from_str(times.as_str().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{times:?}: {e}"));
    ms.sort_by(f64::total_cmp);
    eprintln!(
        "figure: list_activities during a deep analysis: median {:.1} ms, max {:.1} ms (10 calls)",
        ms[ms.len() / 2],
        ms[ms.len() - 1]
    );
    assert!(
        ms[ms.len() - 1] < 2000.0,
        "a command waited on the analysis: {ms:?}"
    );
    screenshot(c, "coach-deep-running.png").await;
    click(c, "[data-testid=deep-cancel]").await;
    wait_for(c, "[data-testid=deep-resume]", 60).await;
    screenshot(c, "coach-deep-cancelled.png").await;
}
