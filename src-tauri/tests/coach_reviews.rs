//! Coach › Reviews over IPC on Tauri's mock runtime: the review schedule, a review
//! and a deep analysis written by rule (no model configured) as jobs, and the deep
//! analysis' report shown and saved.

use std::sync::mpsc;
use std::time::Duration;

use paceline_types::{JobEvent, JobPayload, JobState};

mod common;
use common::*;

/// The end event of job `id`.
fn job_end(rx: &mpsc::Receiver<JobEvent>, id: u64) -> JobEvent {
    loop {
        let e = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("job events");
        if e.job.id == id && e.job.state != JobState::Running {
            return e;
        }
    }
}

#[test]
fn reviews_and_deep_analyses_run_as_jobs_and_the_report_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_app(&dir.path().join("vault"));
    let webview = window(&app, "main");
    let call = |cmd: &str, body: serde_json::Value| invoke(&webview, cmd, body);
    let athlete = serde_json::json!({ "athleteId": ATHLETE });
    let rx = job_events(&app);

    // The schedule: off, then Sundays at 19:00 (due within a week), then off again.
    assert_eq!(
        call("coach_review_schedule", athlete.clone()),
        Ok(serde_json::Value::Null)
    );
    let set = |s: serde_json::Value| {
        call(
            "set_coach_review_schedule",
            serde_json::json!({ "athleteId": ATHLETE, "schedule": s }),
        )
    };
    let next = set("sun 19:00".into()).unwrap().as_i64().expect("next due");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(
        next > now && next <= now + 7 * 86_400 + 3600,
        "{next} vs {now}"
    );
    assert_eq!(
        call("coach_review_schedule", athlete.clone()).unwrap(),
        "sun 19:00"
    );
    assert_eq!(set("off".into()), Ok(serde_json::Value::Null));
    assert_eq!(
        call("coach_review_schedule", athlete.clone()),
        Ok(serde_json::Value::Null)
    );
    let e = set("someday".into()).unwrap_err();
    assert_eq!(e["code"], "invalid_input");

    // A review by rule: its job says which week, the list has it.
    let start = serde_json::json!({ "athleteId": ATHLETE, "week": null });
    let job = call("start_coach_review", start).unwrap().as_u64().unwrap();
    let end = job_end(&rx, job);
    let Some(JobPayload::CoachReview { week, source, .. }) = end.payload else {
        panic!("no review: {end:?}");
    };
    assert_eq!(source, "rules");
    let reviews = call("coach_reviews", athlete.clone()).unwrap();
    assert_eq!(reviews.as_array().unwrap().len(), 1);
    assert_eq!(reviews[0]["week"], week.as_str());
    assert!(!reviews[0]["text"].as_str().unwrap().is_empty());

    // A deep analysis by rule: progress step by step, then done, then its report.
    let start = serde_json::json!({ "athleteId": ATHLETE, "resume": null });
    let job = call("start_deep_analysis", start)
        .unwrap()
        .as_u64()
        .unwrap();
    let mut steps = Vec::new();
    let end = loop {
        let e = rx.recv_timeout(Duration::from_secs(60)).expect("events");
        if e.job.id != job {
            continue;
        }
        match e.payload {
            Some(JobPayload::DeepProgress { step, of, .. }) if e.job.state == JobState::Running => {
                steps.push((step, of))
            }
            _ if e.job.state != JobState::Running => break e,
            _ => {}
        }
    };
    let Some(JobPayload::DeepDone { run_id, .. }) = end.payload else {
        panic!("not done: {end:?}");
    };
    assert!(!steps.is_empty());
    assert_eq!(steps[0].0, 1, "steps count from 1: {steps:?}");
    assert!(steps.windows(2).all(|w| w[1].0 == w[0].0 + 1));
    let runs = call("deep_runs", athlete).unwrap();
    assert_eq!(runs[0]["id"], run_id);
    assert_eq!(runs[0]["status"], "done");
    assert_eq!(runs[0]["steps"].as_array().unwrap().len(), steps.len());

    let report = serde_json::json!({ "athleteId": ATHLETE, "runId": run_id });
    let html = call("deep_report", report).unwrap();
    let html = html.as_str().unwrap();
    assert!(html.contains("<svg"), "charts inline");

    let save = |path: String| {
        call(
            "save_deep_report",
            serde_json::json!({ "athleteId": ATHLETE, "runId": run_id, "path": path }),
        )
    };
    let target = dir.path().join("report.html");
    let written = save(target.display().to_string()).unwrap();
    assert_eq!(written, target.display().to_string().as_str());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), html);
    for bad in [
        "report.html".to_string(),
        dir.path().join("missing/report.html").display().to_string(),
    ] {
        let e = save(bad.clone()).unwrap_err();
        assert_eq!(e["code"], "invalid_input", "{bad}: {e}");
    }
}
