//! Plans, as a user makes one: hours, an A race, an injury and a rule on Coach › Goals;
//! generate; the calendar of today's month; move a workout (select it, click a day)
//! and see the new version; export the FIT workouts and read them back.

use std::path::Path;
use std::time::Duration;

use fantoccini::Client;

use super::{click, screenshot, wait_contains, wait_for};

/// Sets an input's value as typing would (Leptos listens to `input`/`change`).
fn fill(test_id: &str, value: &str, event: &str) -> String {
    format!(
        "{{ const i = document.querySelector('[data-testid={test_id}]');\
         i.value = {value}; i.dispatchEvent(new Event('{event}', {{ bubbles: true }})); }}"
    )
}

pub async fn goals_calendar_and_export(c: &Client, exports: &Path) {
    click(c, "[data-testid=nav-coach]").await;
    wait_for(c, "[data-testid=hours-mon]", 20).await;
    let hours = "for (const [k, v] of [['mon',0],['tue',1],['wed',1],['thu',1],['fri',0],['sat',2],['sun',1.5]]) {\
           const i = document.querySelector(`[data-testid=hours-${k}]`);\
           i.value = String(v); i.dispatchEvent(new Event('change', { bubbles: true })); }\
         document.querySelector('[data-testid=hours-save]').click();";
    c.execute(hours, vec![]).await.unwrap();
    // Saving reloads the goals (and their forms): let it land before filling the race.
    wait_contains(c, "[data-testid=page-coach]", false, "6.5 h a week").await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let race = [
        fill(
            "race-date",
            "new Date(Date.now() + 70 * 86400000).toISOString().slice(0, 10)",
            "input",
        ),
        fill("race-name", "'Spring Half'", "input"),
        fill("race-distance", "'21.1'", "input"),
    ]
    .concat();
    c.execute(&race, vec![]).await.unwrap();
    click(c, "[data-testid=race-add]").await;
    wait_contains(c, "[data-testid=race-list]", false, "Spring Half").await;
    tokio::time::sleep(Duration::from_secs(1)).await;

    // An injury that forbids VO2 running for two weeks, and a rule in words.
    let injury = [
        fill("injury-what", "'Sore calf'", "input"),
        fill("injury-sport", "'run'", "change"),
        fill(
            "injury-from",
            "new Date().toISOString().slice(0, 10)",
            "input",
        ),
        fill(
            "injury-until",
            "new Date(Date.now() + 14 * 86400000).toISOString().slice(0, 10)",
            "input",
        ),
        "document.querySelector('[data-testid=injury-no-vo2]').click();".to_string(),
    ]
    .concat();
    c.execute(&injury, vec![]).await.unwrap();
    click(c, "[data-testid=injury-add]").await;
    wait_contains(c, "[data-testid=injury-list]", false, "Sore calf").await;
    wait_contains(c, "[data-testid=injury-list]", false, "no vo2").await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rule = [
        fill("rule-type", "'rest_day'", "change"),
        fill("rule-day", "'fri'", "change"),
        fill("rule-words", "'Fridays are for family'", "input"),
    ]
    .concat();
    c.execute(&rule, vec![]).await.unwrap();
    click(c, "[data-testid=rule-add]").await;
    wait_contains(c, "[data-testid=rule-list]", false, "Rest on Fridays").await;
    // A bad rule is refused with a message that says why, and nothing is added.
    tokio::time::sleep(Duration::from_secs(1)).await;
    c.execute(
        &fill("rule-type", "'max_hard_days_per_week'", "change"),
        vec![],
    )
    .await
    .unwrap();
    click(c, "[data-testid=rule-add]").await;
    wait_contains(c, "[data-testid=goals-error]", false, "number").await;

    click(c, "[data-testid=plan-generate]").await;
    wait_contains(c, "[data-testid=plan-result]", false, "Saved as version 1").await;
    screenshot(c, "coach.png").await;

    click(c, "[data-testid=nav-calendar]").await;
    wait_for(c, "[data-testid=cal-workout-0]", 30).await;
    // The grid is the month of the athlete's today, with planned workouts in its cells.
    let stale = c
        .execute(
            "return document.querySelectorAll('[data-testid^=cal-day-1970]').length \
             + ':' + document.querySelectorAll('.pl-cal__day [data-testid^=cal-workout-]').length;",
            vec![],
        )
        .await
        .unwrap();
    let (old_days, in_cells) = stale.as_str().unwrap_or("?:0").split_once(':').unwrap();
    assert_eq!(old_days, "0", "a calendar of 1970 is shown");
    assert!(
        in_cells.parse::<u32>().unwrap_or(0) > 0,
        "no workout in the grid"
    );
    screenshot(c, "calendar.png").await;

    move_a_workout(c).await;
    screenshot(c, "calendar-moved.png").await;

    // Export the FIT workouts: files a watch loads, read back with our decoder.
    click(c, "[data-testid=plan-export-fit]").await;
    wait_contains(c, "[data-testid=plan-export-result]", false, "saved in").await;
    let fits: Vec<_> = std::fs::read_dir(exports)
        .expect("the export folder exists")
        .flatten()
        .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten().flatten())
        .map(|f| f.path())
        .filter(|p| p.extension().is_some_and(|e| e == "fit"))
        .collect();
    assert!(fits.len() > 10, "only {} FIT workouts exported", fits.len());
    for f in &fits {
        let file = paceline_fit::decode(&std::fs::read(f).unwrap()).unwrap();
        let w =
            paceline_fit::read_workout(&file).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        assert!(!w.steps.is_empty(), "{} has no steps", f.display());
    }
    screenshot(c, "calendar-export.png").await;
}

/// Moves an easy workout to a training day nearby, free or with one session (select,
/// then click the day), trying candidates until the checker accepts one (it refuses
/// days over their hours, with the reason shown), and sees version 2 listed.
async fn move_a_workout(c: &Client) {
    let candidates = c
        .execute(
            "const out = [];\
             const days = [...document.querySelectorAll('.pl-cal__day:not(.pl-cal__day--past)')];\
             const load = d => d.querySelectorAll('.pl-cal__workout').length;\
             days.forEach((d, i) => {\
               for (const w of d.querySelectorAll('.pl-cal__workout--endurance, .pl-cal__workout--recovery')) {\
                 for (const k of [1, -1, 2, -2, 3, -3]) {\
                   const t = days[i + k];\
                   const dow = t ? new Date(t.dataset.testid.slice(8)).getUTCDay() : -1;\
                   if (t && load(t) <= 1 && dow !== 1 && dow !== 5) out.push([load(t), w.dataset.testid, t.dataset.testid]);\
                 }\
               }\
             });\
             out.sort((a, b) => a[0] - b[0]);\
             return out.slice(0, 10).map(x => [x[1], x[2]]);",
            vec![],
        )
        .await
        .unwrap();
    let pairs: Vec<(String, String)> = serde_json::from_value(candidates).unwrap();
    assert!(
        !pairs.is_empty(),
        "no easy workout with a free day beside it"
    );
    for (chip, day) in &pairs {
        click(c, &format!("[data-testid={chip}]")).await;
        // On the day's date, not its centre, which may be another workout.
        click(c, &format!("[data-testid={day}] .pl-cal__date")).await;
        let msg = wait_for(c, "[data-testid=cal-message]", 20).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let text = msg.text().await.unwrap_or_default();
        if text.contains("saved as version 2") {
            wait_contains(c, "[data-testid=plan-versions]", false, "v2 (from v1)").await;
            return;
        }
        eprintln!("move {chip} → {day} refused: {text}");
    }
    panic!("the checker refused every move tried: {pairs:?}");
}
