//! Rules from words, the rule-based analysis → suggestion → preview → approve → undo,
//! and chat with tool calls, streamed and stored.

use paceline_app::plan::brief::Rule;
use paceline_app::plan::{Date, Weekday};
use paceline_fit::{RecordSample, Sport as FitSport, Summary};
use paceline_llm_fake::{FakeToolCall, Turn};
use paceline_types::FileOutcome;
use serde_json::json;

use super::coach::{add_provider, app_at, fake, runner};
use super::support::one_session_fit;

/// Monday 2027-03-01, noon UTC.
const NOW: i64 = 1_803_902_400;
const DAY: i64 = 86_400;

#[test]
fn words_become_rules_and_an_injury_saved_together_after_confirmation() {
    let (_dir, vault, _) = app_at(NOW);
    let (_rt, fake) = fake();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    // No provider: said, with the way without one.
    let e = app.coach_parse_rules("no runs on tuesdays").unwrap_err();
    assert!(e.to_string().contains("plan rule add"), "{e}");
    add_provider(&vault, &fake, None, (0.0, 0.0));
    let answer = json!({
        "rules": [{"type": "no_sport_on_day", "sport": "run", "day": "tue"},
                  {"type": "rest_day", "day": "sun"}],
        "injuries": [{"description": "knee hurts on descents", "sport": "run",
                      "from": "2027-03-01", "until": null, "forbidden_intensities": ["vo2"],
                      "max_session_minutes": null, "forbid_sport": null}],
        "unparsed": ""});
    fake.push(Turn::text(answer.to_string(), 300, 120));
    let words = "I can't run on Tuesdays, Sundays off, my knee hurts on descents";
    let p = app.coach_parse_rules(words).unwrap();
    assert_eq!(
        p.lines(),
        [
            "rule: no run on tue",
            "rule: rest day on sun",
            "injury: knee hurts on descents (run, from 2027-03-01 until further notice): no vo2"
        ]
    );
    // Nothing saved before confirmation.
    assert_eq!(app.plan_rules().unwrap().version, 0);
    assert!(app.injuries().unwrap().is_empty());
    assert!(fake.requests()[0].body.to_string().contains("Tuesdays"));
    assert_eq!(app.coach_save_rules(&p).unwrap(), 1);
    let r = app.plan_rules().unwrap();
    assert_eq!(r.rules[1], Rule::RestDay { day: Weekday::Sun });
    assert_eq!(r.rules.len(), 2);
    assert_eq!(r.text, words);
    assert_eq!(app.injuries().unwrap().len(), 1);
    // A stale proposal is refused.
    assert!(app
        .coach_save_rules(&p)
        .unwrap_err()
        .to_string()
        .contains("changed"));
    let row = &vault.coach_ledger(0).unwrap()[0];
    assert_eq!(
        (row.action.as_str(), row.tokens_in, row.tokens_out),
        ("rules_parse", 300, 120)
    );
}

fn run_file(start_unix: i64, minutes: u32) -> Vec<u8> {
    let s = Summary {
        sport: FitSport::RUNNING,
        ..Default::default()
    };
    let record = |_| RecordSample {
        heart_rate: Some(150),
        ..Default::default()
    };
    one_session_fit(start_unix, minutes * 60, 1, record, s)
}

#[test]
fn a_harder_workout_suggests_easing_the_next_hard_day_approved_as_a_version_and_undone() {
    let (dir, vault, clock) = app_at(NOW);
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    runner(&app);
    app.generate_plan().unwrap();
    let plan = app.plan(None).unwrap();
    let cfg = app.checker_config().unwrap();
    // A planned session (from tomorrow on) with a hard one within the two days after.
    let is_hard = |w: &paceline_app::plan::Workout| {
        !w.is_race() && cfg.hard_intensities.contains(&w.intensity)
    };
    let (before, hard) = plan
        .workouts
        .iter()
        .filter(|x| !x.is_race() && x.date.0 as i64 * DAY > NOW)
        .find_map(|x| {
            let next = plan
                .workouts
                .iter()
                .find(|w| w.date > x.date && w.date <= x.date.plus(2) && is_hard(w))?;
            Some((x.clone(), next.clone()))
        })
        .expect("a training day before a hard one");
    clock.set(before.date.0 as i64 * DAY + 20 * 3600);
    // Three times as long as planned, rated 9.
    let path = dir.path().join("long.fit");
    let minutes = (before.duration_min * 3.0) as u32;
    std::fs::write(
        &path,
        run_file(before.date.0 as i64 * DAY + 7 * 3600, minutes),
    )
    .unwrap();
    let id = match app.import_paths(&[path]).files.first() {
        Some(FileOutcome::Imported { id, .. }) => *id,
        other => panic!("{other:?}"),
    };
    app.set_activity_rpe(id, Some(9.0)).unwrap();
    let s = app.coach_analyze(Some(id)).unwrap();
    assert_eq!(s.source, "rules");
    assert!(s.analysis.contains("harder than planned"), "{}", s.analysis);
    assert_eq!(s.changes.len(), 1);
    assert_eq!(s.changes[0].date, hard.date);
    assert_eq!(s.status, "pending");
    let p = app.coach_preview(s.id).unwrap();
    assert!(p.report.passed(), "{:?}", p.report);
    assert_eq!(p.diff.changed.len(), 1);
    assert_eq!(p.diff.changed[0].before.date, hard.date);
    let v = app.coach_approve(s.id).unwrap();
    assert_eq!(v, 2);
    let versions = app.plan_versions().unwrap();
    assert_eq!(versions[1].parent, Some(1));
    assert!(versions[1]
        .reason
        .starts_with(&format!("coach suggestion #{}", s.id)));
    let eased = app.plan(Some(2)).unwrap();
    let w = eased.workouts.iter().find(|w| w.date == hard.date).unwrap();
    assert!(!cfg.hard_intensities.contains(&w.intensity), "{w:?}");
    let listed = app.coach_suggestions().unwrap();
    assert_eq!(
        (listed[0].status.as_str(), listed[0].plan_version),
        ("approved", Some(2))
    );
    assert!(app.coach_approve(s.id).is_err());
    assert!(app.coach_reject(s.id).is_err());
    // One click back: version 3 has version 1's workouts.
    assert_eq!(app.undo_plan_change().unwrap(), 3);
    assert_eq!(app.plan(Some(3)).unwrap().workouts, plan.workouts);
    // A second analysis can be rejected; the plan stays.
    let s2 = app.coach_analyze(Some(id)).unwrap();
    app.coach_reject(s2.id).unwrap();
    assert_eq!(app.plan_versions().unwrap().len(), 3);
    let _ = Date(0);
}

#[test]
fn chat_answers_through_tools_streams_and_keeps_the_conversation() {
    let (_dir, vault, _) = app_at(NOW);
    let (_rt, fake) = fake();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    runner(&app);
    app.generate_plan().unwrap();
    add_provider(&vault, &fake, None, (1.0, 1.0));
    let mut call = Turn::tool_call(
        "c1",
        "plan",
        json!({"from": "2027-03-02", "to": "2027-03-04"}),
        500,
        20,
    );
    call.tool_calls.push(FakeToolCall {
        id: "c2".into(),
        name: "pmc".into(),
        arguments: json!({}),
    });
    fake.push(call);
    fake.push(Turn::text(
        "Tuesday is an easy run; form is fresh.",
        800,
        12,
    ));
    let mut streamed = Vec::new();
    let a = app
        .coach_ask("What's on this week?", None, &mut |t| {
            streamed.push(t.to_string())
        })
        .unwrap();
    assert_eq!(a.text, "Tuesday is an easy run; form is fresh.");
    assert!(streamed.len() > 1, "streamed in pieces: {streamed:?}");
    assert_eq!(streamed.concat(), a.text);
    assert_eq!(a.tool_calls, 2);
    assert_eq!(a.conversation, 1);
    // The tool results went back to the model: the plan's Tuesday is in the second request.
    let second = fake.requests()[1].body.to_string();
    assert!(second.contains("2027-03-02"), "{second}");
    assert!(fake.requests()[0]
        .body
        .to_string()
        .contains("What's on this week?"));
    // Costs: (500 + 800) in, (20 + 12) out at $1 per million each.
    assert!((a.cost_usd - 1332.0 / 1e6).abs() < 1e-12);
    let rows = vault.coach_ledger(0).unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .all(|r| r.action == "chat" && r.prompt_name == "chat_system"));
    // The next question continues the conversation with its history.
    fake.push(Turn::text("Yes.", 900, 2));
    let b = app
        .coach_ask("Really?", Some(a.conversation), &mut |_| {})
        .unwrap();
    assert_eq!(b.conversation, 1);
    let third = fake.requests()[2].body.to_string();
    assert!(third.contains("Tuesday is an easy run"), "{third}");
}
