//! The weekly review (by the fake model, by rule, on the athlete's schedule) and the
//! deep analysis (five steps with progress, a fault that resumes without paying
//! twice, a budget refusal, a cancel, the HTML report).

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use paceline_app::coach::{DeepProgress, DeepStepState};
use paceline_app::{App, AthleteScope};
use paceline_fit::{RecordSample, Sport as FitSport, Summary};
use paceline_jobs::JobEvent;
use paceline_llm_fake::{Reply, Turn};
use paceline_types::{FileOutcome, JobPayload, Threshold, ThresholdKind};

use super::coach::{add_provider, app_at, fake, runner};
use super::support::one_session_fit;

/// Monday 2027-03-01, noon UTC (the last full week is 2027-W08, Feb 22–28).
const NOW: i64 = 1_803_902_400;
const DAY: i64 = 86_400;

/// Imports a run of `minutes` starting at `start` (UTC).
fn run(app: &AthleteScope, dir: &std::path::Path, start: i64, minutes: u32) {
    let s = Summary {
        sport: FitSport::RUNNING,
        ..Default::default()
    };
    let record = |_| RecordSample {
        heart_rate: Some(150),
        ..Default::default()
    };
    let path = dir.join(format!("run-{start}.fit"));
    std::fs::write(&path, one_session_fit(start, minutes * 60, 1, record, s)).unwrap();
    match app.import_paths(&[path]).files.first() {
        Some(FileOutcome::Imported { .. }) => {}
        other => panic!("{other:?}"),
    }
}

/// Two runs in 2027-W08: Tuesday 40 min and Saturday 60 min, scored by heart rate.
fn week_of_two_runs(app: &AthleteScope, dir: &std::path::Path) {
    for (kind, value) in [(ThresholdKind::Lthr, 165.0), (ThresholdKind::MaxHr, 190.0)] {
        app.set_threshold(&Threshold {
            sport: None,
            kind,
            value,
            from_day: (NOW / DAY) as i32 - 60,
        })
        .unwrap();
    }
    run(app, dir, NOW - 6 * DAY - 5 * 3600, 40);
    run(app, dir, NOW - 2 * DAY - 5 * 3600, 60);
}

#[test]
fn a_review_without_a_provider_is_rule_based_with_the_weeks_numbers() {
    let (dir, vault, _) = app_at(NOW);
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    week_of_two_runs(&app, dir.path());
    let r = vault.run_coach_review(app.id(), None).unwrap();
    assert_eq!(
        (r.week.as_str(), r.monday.as_str(), r.sunday.as_str()),
        ("2027-W08", "2027-02-22", "2027-02-28")
    );
    assert_eq!(r.source, "rules");
    // 40 + 60 min = 1.7 h in 2 sessions; no plan; the form moved.
    assert!(r.text.contains("2 sessions, 1.7 h"), "{}", r.text);
    assert!(r.text.contains("no plan covered this week"), "{}", r.text);
    assert!(r.text.contains("CTL"), "{}", r.text);
    assert!(r.text.lines().any(|l| l.starts_with("- ")), "{}", r.text);
    let facts: serde_json::Value = serde_json::from_str(&r.facts_json).unwrap();
    assert_eq!(facts["sessions"], 2);
    assert!((facts["minutes"].as_f64().unwrap() - 100.0).abs() < 0.5);
    // The week's load is the two sessions' loads, and the text says it.
    let load = facts["load"].as_f64().unwrap();
    let keys: f64 = facts["key_sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["load"].as_f64().unwrap())
        .sum();
    assert!(
        load > 20.0 && (load - keys).abs() < 0.01,
        "{load} vs {keys}"
    );
    assert!(r.text.contains(&format!("load {load:.0}.")), "{}", r.text);
    // Fitness rose over the week: CTL before < after.
    let f = &facts["form"];
    assert!(f["ctl_after"].as_f64().unwrap() > f["ctl_before"].as_f64().unwrap());
    assert_eq!(app.coach_reviews().unwrap(), vec![r.clone()]);
    assert_eq!(app.coach_review(r.id).unwrap(), r);
    // An earlier week has nothing in it; a later one has not started.
    let empty = vault.run_coach_review(app.id(), Some("2027-W07")).unwrap();
    assert!(empty.text.contains("0 sessions"), "{}", empty.text);
    assert!(vault.run_coach_review(app.id(), Some("2027-W10")).is_err());
    assert!(vault.run_coach_review(app.id(), Some("2027-X1")).is_err());
}

#[test]
fn a_review_by_the_fake_model_is_stored_with_its_source_and_ledger_rows() {
    let (dir, vault, _) = app_at(NOW);
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    week_of_two_runs(&app, dir.path());
    let (_rt, fake) = fake();
    add_provider(&vault, &fake, None, (1.0, 2.0));
    fake.push(Turn::text("Two steady runs. Keep going.", 500, 60));
    let r = vault.run_coach_review(app.id(), None).unwrap();
    assert_eq!(
        (r.source.as_str(), r.text.as_str()),
        ("llm", "Two steady runs. Keep going.")
    );
    let body = fake.requests()[0].body.to_string();
    assert!(body.contains("2027-02-22") && body.contains("2027-02-28"));
    assert!(
        body.contains("2 sessions, 1.7 h"),
        "the facts reach the model"
    );
    let rows = vault.coach_ledger(0).unwrap();
    assert_eq!(rows.len(), 1);
    let l = &rows[0];
    assert_eq!(
        (
            l.action.as_str(),
            l.prompt_name.as_str(),
            l.tokens_in,
            l.tokens_out
        ),
        ("weekly_review", "weekly_review", 500, 60)
    );
    assert_eq!(l.athlete_id, Some(app.id()));
    // $1/M in, $2/M out: 500 × 1e-6 + 60 × 2e-6.
    assert!((l.cost_usd - 0.00062).abs() < 1e-9, "{}", l.cost_usd);
    // A budget of 0 refuses the call: the review is still written, by rule, and says why.
    vault.coach_set_budget(Some(0.0), None, None).unwrap();
    let r2 = vault.run_coach_review(app.id(), None).unwrap();
    assert_eq!(r2.source, "rules");
    assert!(r2.text.contains("was not used") && r2.text.contains("budget"));
    assert_eq!(fake.requests().len(), 1, "no call past the budget");
    assert_eq!(app.coach_reviews().unwrap().len(), 2);
}

#[test]
fn the_review_schedule_fires_at_the_athletes_local_time() {
    let (dir, vault, clock) = app_at(NOW);
    let vault = Arc::new(vault);
    let a = vault.current_athlete().unwrap();
    week_of_two_runs(&vault.athlete(a).unwrap(), dir.path());
    vault.set_athlete_tz(a, Some("Europe/Berlin")).unwrap();
    assert!(vault.set_athlete_tz(a, Some("Mars/Olympus")).is_err());
    // Sunday 2027-03-07 19:00 in Berlin (CET, UTC+1) is 18:00 UTC.
    let due = NOW + 6 * DAY + 6 * 3600;
    assert_eq!(
        vault.set_review_schedule(a, Some("sun 19:00")).unwrap(),
        Some(due)
    );
    assert_eq!(
        vault.review_schedule(a).unwrap().as_deref(),
        Some("sun 19:00")
    );
    assert!(vault.set_review_schedule(a, Some("someday")).is_err());
    assert_eq!(vault.restore_review_schedules().unwrap(), 1);
    let events = vault.job_events();
    vault.start_scheduler(Duration::from_millis(20)).unwrap();
    std::thread::sleep(Duration::from_millis(150));
    assert!(vault
        .athlete(a)
        .unwrap()
        .coach_reviews()
        .unwrap()
        .is_empty());
    clock.set(due + 1);
    let payload = loop {
        match events
            .recv_timeout(Duration::from_secs(20))
            .expect("a review job")
        {
            JobEvent::Finished { outcome, .. } => break format!("{outcome:?}"),
            _ => continue,
        }
    };
    assert!(payload.contains("CoachReview"), "{payload}");
    let reviews = vault.athlete(a).unwrap().coach_reviews().unwrap();
    assert_eq!(reviews.len(), 1);
    // On Sunday evening the review is of the week ending that day.
    assert_eq!(reviews[0].week, "2027-W09");
    assert_eq!(reviews[0].source, "rules");
    assert_eq!(vault.set_review_schedule(a, Some("off")).unwrap(), None);
    assert_eq!(vault.review_schedule(a).unwrap(), None);
    assert!(vault
        .schedules()
        .iter()
        .all(|(n, _, _)| !n.starts_with("coach-review")));
}

type Events = RefCell<Vec<(u32, DeepStepState)>>;

fn deep(
    vault: &App,
    a: i64,
    resume: Option<i64>,
    events: &Events,
) -> paceline_app::Result<paceline_types::DeepRunView> {
    let cancel = AtomicBool::new(false);
    vault.run_deep_analysis(
        a,
        resume,
        &|p: &DeepProgress| {
            assert_eq!(p.of, 5);
            events.borrow_mut().push((p.step, p.state));
        },
        &cancel,
    )
}

#[test]
fn a_deep_analysis_stopped_at_step_three_resumes_without_calling_steps_one_and_two_again() {
    use DeepStepState::{Done, Kept, Started};
    let (dir, vault, _) = app_at(NOW);
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    runner(&app);
    app.generate_plan().unwrap();
    week_of_two_runs(&app, dir.path());
    let (_rt, fake) = fake();
    add_provider(&vault, &fake, None, (1.0, 1.0));
    fake.push(Turn::text("Metrics: CTL is low.", 400, 40));
    fake.push(Turn::text("Physiology: no wellness data.", 400, 40));
    for _ in 0..3 {
        fake.push(Reply::status(500));
    }
    let events = Events::default();
    let e = deep(&vault, app.id(), None, &events).unwrap_err();
    assert!(e.to_string().contains("stopped at step 3 of 5"), "{e}");
    assert_eq!(
        *events.borrow(),
        vec![
            (1, Started),
            (1, Done),
            (2, Started),
            (2, Done),
            (3, Started)
        ]
    );
    assert_eq!(
        fake.requests().len(),
        5,
        "2 answers, then 3 tries of step 3"
    );
    let run = app.deep_runs().unwrap().remove(0);
    assert_eq!(run.status, "failed");
    let done: Vec<bool> = run.steps.iter().map(|s| s.text.is_some()).collect();
    assert_eq!(done, [true, true, false, false, false]);
    assert_eq!(run.steps[0].text.as_deref(), Some("Metrics: CTL is low."));
    assert_eq!(run.steps[0].source.as_deref(), Some("llm"));
    // A budget of 0 refuses step 3 before any call: still resumable, nothing paid.
    vault.coach_set_budget(Some(0.0), None, None).unwrap();
    let e = deep(&vault, app.id(), Some(run.id), &Events::default()).unwrap_err();
    assert!(e.to_string().contains("budget"), "{e}");
    assert_eq!(fake.requests().len(), 5);
    assert_eq!(app.deep_run(run.id).unwrap().status, "failed");
    vault.coach_set_budget(Some(100.0), None, None).unwrap();
    // The resume runs steps 3–5 only.
    fake.push(Turn::text(
        "Activity: the long run <script>alert(1)</script> went well.",
        400,
        40,
    ));
    fake.push(Turn::text("Synthesis: build gently.", 600, 80));
    fake.push(Turn::text(
        r#"{"analysis": "The plan fits.", "changes": []}"#,
        500,
        30,
    ));
    let events = Events::default();
    let v = deep(&vault, app.id(), Some(run.id), &events).unwrap();
    assert_eq!(v.id, run.id);
    assert_eq!(v.status, "done");
    assert_eq!(
        *events.borrow(),
        vec![
            (1, Kept),
            (2, Kept),
            (3, Started),
            (3, Done),
            (4, Started),
            (4, Done),
            (5, Started),
            (5, Done)
        ]
    );
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 8, "steps 1 and 2 were not asked again");
    // The synthesis is written from the three views.
    let synthesis = reqs[6].body.to_string();
    assert!(synthesis.contains("Metrics: CTL is low.") && synthesis.contains("went well"));
    assert_eq!(v.steps[4].text.as_deref(), Some("The plan fits."));
    assert_eq!(v.suggestion_id, None);
    // Every call is in the ledger under its step's prompt (the refused one too).
    let actions: Vec<String> = vault
        .coach_ledger(0)
        .unwrap()
        .iter()
        .map(|r| r.action.clone())
        .collect();
    for step in [
        "deep_metrics",
        "deep_physiology",
        "deep_activity",
        "deep_synthesis",
        "deep_plan",
    ] {
        assert!(actions.iter().any(|a| a == step), "{step}: {actions:?}");
    }
    assert!(vault
        .coach_ledger(0)
        .unwrap()
        .iter()
        .any(|r| r.outcome == "budget_refused"));
    // A done run cannot be resumed.
    assert!(deep(&vault, app.id(), Some(run.id), &Events::default()).is_err());
    // The report: every title, charts inline, the model's text escaped.
    let html = app.deep_report_html(run.id).unwrap();
    for t in [
        "Metrics view",
        "Physiology view",
        "Activity view",
        "Synthesis",
        "Plan proposal",
    ] {
        assert!(html.contains(t), "{t}");
    }
    assert!(html.contains("<svg"), "charts inline");
    assert!(!html.contains("<script"), "no script in the report");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        !html.contains("<link") && !html.contains("src=\"http"),
        "self-contained"
    );
}

#[test]
fn without_a_provider_every_step_is_rule_based_cancel_keeps_it_resumable_and_the_job_reports() {
    let (dir, vault, _) = app_at(NOW);
    let vault = Arc::new(vault);
    let a = vault.current_athlete().unwrap();
    let app = vault.athlete(a).unwrap();
    week_of_two_runs(&app, dir.path());
    // Cancel while step 2 runs: it finishes and is kept, step 3 does not start.
    let cancel = AtomicBool::new(false);
    let seen = Events::default();
    let v = vault
        .run_deep_analysis(
            a,
            None,
            &|p: &DeepProgress| {
                seen.borrow_mut().push((p.step, p.state));
                if p.step == 2 && p.state == DeepStepState::Started {
                    cancel.store(true, Ordering::SeqCst);
                }
            },
            &cancel,
        )
        .unwrap();
    assert_eq!(v.status, "cancelled");
    assert_eq!(seen.borrow().len(), 4);
    let done: Vec<bool> = v.steps.iter().map(|s| s.text.is_some()).collect();
    assert_eq!(done, [true, true, false, false, false]);
    // The metrics view by rule names the numbers: 2 sessions, 1.7 h in 4 weeks.
    let activity_and_metrics = v.steps[0].text.clone().unwrap();
    assert!(
        activity_and_metrics.contains("CTL"),
        "{activity_and_metrics}"
    );
    let v = deep(&vault, a, Some(v.id), &Events::default()).unwrap();
    assert_eq!(v.status, "done");
    assert!(v.steps.iter().all(|s| s.source.as_deref() == Some("rules")));
    let activity = v.steps[2].text.clone().unwrap();
    assert!(activity.contains("2 sessions, 1.7 h"), "{activity}");
    assert!(v.steps[4].text.as_deref().unwrap().contains("no plan"));
    assert!(app.deep_report_html(v.id).unwrap().contains("rule-based"));
    // The same as a job: progress for each step, then done.
    let events = vault.job_events();
    let job = vault.start_deep_analysis(a, None).unwrap();
    assert_eq!(
        vault.wait_job(job, Duration::from_secs(60)),
        Some(paceline_types::JobState::Done)
    );
    let mut steps = Vec::new();
    let mut finished = None;
    while let Ok(e) = events.recv_timeout(Duration::from_secs(5)) {
        match e {
            JobEvent::Progress {
                payload: JobPayload::DeepProgress { step, of, .. },
                ..
            } => steps.push((step, of)),
            JobEvent::Finished { outcome, .. } => {
                finished = Some(format!("{outcome:?}"));
                break;
            }
            _ => {}
        }
    }
    assert_eq!(steps, (1..=5).map(|s| (s, 5)).collect::<Vec<_>>());
    assert!(finished.unwrap().contains("DeepDone"));
    assert_eq!(app.deep_runs().unwrap().len(), 2);
}
