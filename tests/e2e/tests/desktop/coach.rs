//! The LLM coach in the window, against a fake OpenAI-compatible server the test runs:
//! a model added in Settings › Coach (its key never shown back), one question in the
//! chat answered as a stream, this week's review written from the Reviews tab, and a
//! deep analysis started, the window's commands timed while it runs, then cancelled
//! and left resumable. Two figures are printed: question to first token on screen,
//! and command round trips during the analysis. Then a plan written by the model and a
//! suggestion approved into a new plan version.

use std::time::Duration;

use fantoccini::Client;
use paceline_llm_fake::{FakeLlm, Reply, Turn};
use serde_json::{json, Value};

use super::{click, screenshot, wait_contains, wait_contains_for, wait_for};

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

/// `weeks` of the model's answer holding `plan`'s workouts from `from` to `to` (ISO
/// dates), races left out (the app adds them), every zone's minutes one step.
fn weeks_answer(plan: &[Value], from: &str, to: &str) -> String {
    let mut weeks: Vec<(String, Vec<Value>)> = Vec::new();
    for w in plan {
        let date = w["date"].as_str().unwrap_or_default();
        if date < from || date > to || w["intensity"] == "race" {
            continue;
        }
        let steps: Vec<Value> = ["z1", "z2", "z3", "z4", "z5"]
            .iter()
            .enumerate()
            .filter_map(|(i, z)| {
                let m = w["time_in_zone_min"][z].as_f64().filter(|m| *m > 0.0)?;
                // The schema is strict: the interval fields are there, null.
                Some(
                    json!({"kind": "work", "minutes": m, "zone": i + 1, "times": null,
                    "recovery_minutes": null, "recovery_zone": null}),
                )
            })
            .collect();
        let x = json!({"date": date, "sport": w["sport"], "type": w["type"], "name": w["name"],
            "intensity": w["intensity"], "location": w["location"], "description": "",
            "steps": steps});
        let monday = monday_of(date);
        match weeks.last_mut() {
            Some((k, list)) if *k == monday => list.push(x),
            _ => weeks.push((monday, vec![x])),
        }
    }
    let weeks: Vec<Value> = weeks
        .into_iter()
        .map(|(k, list)| json!({"week_start": k, "workouts": list}))
        .collect();
    json!({ "weeks": weeks }).to_string()
}

/// The Monday of an ISO date's week, as an ISO date (proleptic Gregorian).
fn monday_of(date: &str) -> String {
    let n = |r: std::ops::Range<usize>| date.get(r).and_then(|s| s.parse::<i64>().ok());
    let (Some(y), Some(m), Some(d)) = (n(0..4), n(5..7), n(8..10)) else {
        return date.to_string();
    };
    // Days from 1970-01-01 (Howard Hinnant's algorithm), back to the Monday, and out.
    let (y2, m2) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * m2 + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    let monday = days - (days + 3).rem_euclid(7);
    let z = monday + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The block a plan request asks for: "writing weeks FROM to TO".
fn asked_block(body: &Value) -> Option<(String, String)> {
    let text = body["messages"]
        .as_array()?
        .iter()
        .filter_map(|m| m["content"].as_str())
        .find(|t| t.contains("writing weeks"))?;
    let rest = &text[text.find("writing weeks ")? + "writing weeks ".len()..];
    Some((rest.get(0..10)?.to_string(), rest.get(14..24)?.to_string()))
}

/// A plan written by the model (the fake echoes the built-in planner's safe plan, block
/// by block, as the app asks for it), checked and saved as a new version; then the
/// model's analysis of the latest workout proposes shortening a coming workout, the
/// diff is previewed and the approval makes the next version.
pub async fn plan_by_model_and_approved_suggestion(c: &Client, fake: &FakeLlm) {
    click(c, "[data-testid=nav-coach]").await;
    click(c, "[data-testid=plan-generate]").await;
    wait_contains(c, "[data-testid=plan-result]", false, "Saved as version").await;
    let exported = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; const core = window.__TAURI__.core;\
             core.invoke('current_athlete').then(a => core.invoke('export_plan', { athleteId: a, format: 'json' }))\
             .then(r => done(JSON.stringify(r)), e => done('ERR ' + JSON.stringify(e)));",
            vec![],
        )
        .await
        .unwrap();
    let exported: Value = serde_json::from_str(exported.as_str().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{exported:?}: {e}"));
    let built_in = exported["version"].as_u64().expect("a version");
    let file = std::path::Path::new(exported["dir"].as_str().unwrap_or_default())
        .join(exported["files"][0].as_str().unwrap_or_default());
    let plan: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let workouts = plan["workouts"].as_array().cloned().expect("workouts");
    assert!(workouts.len() > 10, "{} workouts", workouts.len());
    // The analysis will shorten the first workout at least three days out.
    let soon = c
        .execute(
            "return new Date(Date.now() + 3 * 86400e3).toISOString().slice(0, 10);",
            vec![],
        )
        .await
        .unwrap();
    let soon = soon.as_str().unwrap_or_default().to_string();
    let target = workouts
        .iter()
        .find(|w| {
            w["date"].as_str().is_some_and(|d| d >= soon.as_str()) && w["intensity"] != "race"
        })
        .expect("a workout three days out or later");
    let change = json!({"analysis": "Heavier than planned: shorten the next long session.",
        "changes": [{"op": "shorten", "date": target["date"], "sport": target["sport"], "factor": 0.8, "to": null}]})
    .to_string();
    // The model answers by what it is asked (background work such as the weekly review
    // may ask too, so a fixed queue would be consumed out of order): a plan block
    // echoes the built-in plan's weeks, an analysis proposes the change.
    let echo = workouts.clone();
    fake.clear();
    fake.set_responder(Some(std::sync::Arc::new(move |body: &Value| {
        let text = body.to_string();
        let answer = if let Some((from, to)) = asked_block(body) {
            weeks_answer(&echo, &from, &to)
        } else if text.contains("Compare the session") {
            change.clone()
        } else {
            "Steady week; nothing to change.".to_string()
        };
        Reply::from(Turn::text(answer, 2000, 900))
    })));
    let before = fake.requests().len();
    click(c, "[data-testid=coach-generate-llm]").await;
    let by_model = built_in + 1;
    // One model call per four weeks, each checked: give a loaded machine time.
    wait_contains_for(
        c,
        "[data-testid=coach-generate-llm-result]",
        false,
        &format!("saved as version {by_model}"),
        120,
    )
    .await;
    let asked = fake.requests().len() - before;
    assert!(asked >= 1, "the model wrote the plan");
    c.execute(
        "document.querySelector('[data-testid=coach-generate-llm-result]').scrollIntoView({ block: 'center' });",
        vec![],
    )
    .await
    .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    screenshot(c, "coach-plan-by-model.png").await;

    click(c, "[data-testid=coach-tab-chat]").await;
    click(c, "[data-testid=coach-analyze]").await;
    wait_contains(
        c,
        "[data-testid=coach-suggestion-message]",
        false,
        "proposes a change",
    )
    .await;
    wait_contains(
        c,
        "[data-testid=coach-suggestion-row]",
        false,
        "Heavier than planned",
    )
    .await;
    click(c, "[data-testid=coach-suggestion-preview]").await;
    wait_for(c, "[data-testid=coach-suggestion-diff]", 20).await;
    screenshot(c, "coach-suggestion-preview.png").await;
    click(c, "[data-testid=coach-suggestion-approve]").await;
    wait_contains(
        c,
        "[data-testid=coach-suggestion-message]",
        false,
        &format!("the plan is now version {}", by_model + 1),
    )
    .await;
    screenshot(c, "coach-suggestion-approved.png").await;
    fake.set_responder(None);
}
