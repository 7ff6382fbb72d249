//! Slots, cancel, panics, async jobs, waiting and shutdown.

use std::sync::mpsc;
use std::time::Duration;

use paceline_jobs::{JobError, JobState, Outcome};

use crate::{jobs, LONG};

#[test]
fn one_job_per_kind_and_athlete() {
    let (jobs, _) = jobs();
    let (release, gate) = mpsc::channel::<()>();
    let first = jobs
        .start("import", Some(1), move |_| {
            gate.recv_timeout(LONG).map_err(|e| e.to_string())?;
            Ok(1)
        })
        .unwrap();

    let second = jobs.start("import", Some(1), |_| Ok(2));
    assert_eq!(
        second,
        Err(JobError::AlreadyRunning {
            kind: "import".into(),
            athlete: Some(1),
            existing: first,
        })
    );
    let msg = second.unwrap_err().to_string();
    assert!(
        msg.contains("already running for athlete 1 (job 1)"),
        "{msg}"
    );
    // The foreground path obeys the same rule.
    assert!(matches!(
        jobs.run_foreground("import", Some(1), |_| Ok(3)),
        Err(JobError::AlreadyRunning { existing, .. }) if existing == first
    ));
    // Another kind for the same athlete is fine.
    assert_eq!(jobs.running("import", Some(1)), Some(first));
    assert_eq!(jobs.running("import", Some(2)), None);
    let reprocess = jobs.start("reprocess", Some(1), |_| Ok(4)).unwrap();
    assert_eq!(jobs.wait(reprocess, LONG), Some(Outcome::Done(4)));

    release.send(()).unwrap();
    assert_eq!(jobs.wait(first, LONG), Some(Outcome::Done(1)));
    assert_eq!(jobs.running("import", Some(1)), None);
    let third = jobs.start("import", Some(1), |_| Ok(5)).unwrap();
    assert_ne!(third, first);
    assert_eq!(jobs.wait(third, LONG), Some(Outcome::Done(5)));
}

#[test]
fn same_kind_for_two_athletes_runs_at_once() {
    let (jobs, _) = jobs();
    let (started, running) = mpsc::channel::<i64>();
    let mut gates = Vec::new();
    let mut ids = Vec::new();
    for athlete in [1, 2] {
        let (release, gate) = mpsc::channel::<()>();
        gates.push(release);
        let started = started.clone();
        ids.push(
            jobs.start("import", Some(athlete), move |ctx| {
                started.send(ctx.athlete().unwrap()).unwrap();
                gate.recv_timeout(LONG).map_err(|e| e.to_string())?;
                Ok(0)
            })
            .unwrap(),
        );
    }
    // Both report in before either is released: they run at the same time.
    let mut seen = [
        running.recv_timeout(LONG).unwrap(),
        running.recv_timeout(LONG).unwrap(),
    ];
    seen.sort();
    assert_eq!(seen, [1, 2]);
    let listed = jobs.list();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|i| i.state == JobState::Running));
    assert_eq!(listed[0].id, ids[0], "running jobs are listed oldest first");

    for g in gates {
        g.send(()).unwrap();
    }
    for id in ids {
        assert_eq!(jobs.wait(id, LONG), Some(Outcome::Done(0)));
    }
}

#[test]
fn cancel_mid_way_reports_cancelled_with_the_partial_result() {
    let (jobs, _) = jobs();
    let events = jobs.subscribe();
    let id = jobs
        .start("reprocess", Some(7), |ctx| {
            let mut done = 0;
            while !ctx.is_cancelled() {
                done += 1;
                ctx.progress(done);
                std::thread::sleep(Duration::from_millis(2));
            }
            Ok(done)
        })
        .unwrap();
    // Cancel once the job has made progress.
    loop {
        if let paceline_jobs::JobEvent::Progress { .. } = events.recv_timeout(LONG).unwrap() {
            break;
        }
    }
    assert!(jobs.cancel(id));
    let outcome = jobs.wait(id, LONG).unwrap();
    let Outcome::Cancelled(Some(done)) = outcome else {
        panic!("expected Cancelled(Some(_)), got {outcome:?}");
    };
    assert!(done >= 1);
    assert_eq!(jobs.info(id).unwrap().state, JobState::Cancelled);
    assert!(!jobs.cancel(id), "a finished job cannot be cancelled");
}

#[test]
fn a_cancelled_job_that_errors_is_cancelled_not_failed() {
    let (jobs, _) = jobs();
    let id = jobs
        .start("import", None, |ctx| {
            while !ctx
                .cancel_token()
                .as_flag()
                .load(std::sync::atomic::Ordering::SeqCst)
            {
                std::thread::sleep(Duration::from_millis(1));
            }
            Err("import cancelled".into())
        })
        .unwrap();
    assert!(jobs.cancel(id));
    assert_eq!(jobs.wait(id, LONG), Some(Outcome::Cancelled(None)));
}

#[test]
fn an_error_is_failed() {
    let (jobs, _) = jobs();
    let id = jobs
        .start("sync", Some(1), |_| Err("Garmin said 401".into()))
        .unwrap();
    assert_eq!(
        jobs.wait(id, LONG),
        Some(Outcome::Failed("Garmin said 401".into()))
    );
    assert_eq!(
        jobs.info(id).unwrap().state,
        JobState::Failed("Garmin said 401".into())
    );
}

#[test]
fn a_panic_is_caught_and_frees_the_slot() {
    let (jobs, _) = jobs();
    let id = jobs
        .start("import", Some(1), |_| -> Result<u32, String> {
            panic!("boom at record 42")
        })
        .unwrap();
    let Some(Outcome::Failed(msg)) = jobs.wait(id, LONG) else {
        panic!("a panicking job must be reported Failed");
    };
    assert!(
        msg.contains("`import` job panicked: boom at record 42"),
        "{msg}"
    );

    // The slot is free, and the runtime (threads and async) still works.
    let again = jobs.start("import", Some(1), |_| Ok(1)).unwrap();
    assert_eq!(jobs.wait(again, LONG), Some(Outcome::Done(1)));
    let asynced = jobs
        .start_async("sync", Some(1), |_| async { panic!("async boom") })
        .unwrap();
    let Some(Outcome::Failed(msg)) = jobs.wait(asynced, LONG) else {
        panic!("a panicking async job must be reported Failed");
    };
    assert!(msg.contains("async boom"), "{msg}");
    let fine = jobs
        .start_async("sync", Some(1), |_| async { Ok(9) })
        .unwrap();
    assert_eq!(jobs.wait(fine, LONG), Some(Outcome::Done(9)));
}

#[test]
fn async_job_runs_on_the_runtime_and_can_be_cancelled() {
    let (jobs, _) = jobs();
    let id = jobs
        .start_async("sync", Some(3), |ctx| async move {
            tokio::time::sleep(Duration::from_millis(5)).await;
            ctx.progress(1);
            // Runs on the runtime's named workers.
            let name = std::thread::current().name().map(str::to_owned);
            assert_eq!(name.as_deref(), Some("paceline-jobs-async"));
            Ok(2)
        })
        .unwrap();
    assert_eq!(jobs.wait(id, LONG), Some(Outcome::Done(2)));

    let slow = jobs
        .start_async("sync", Some(3), |ctx| async move {
            let mut polls = 0;
            while !ctx.is_cancelled() {
                polls += 1;
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            Ok(polls)
        })
        .unwrap();
    assert!(jobs.cancel(slow));
    assert!(matches!(
        jobs.wait(slow, LONG),
        Some(Outcome::Cancelled(Some(_)))
    ));

    // The runtime handle is usable directly, for the app's own async calls.
    assert_eq!(jobs.runtime().block_on(async { 40 + 2 }), 42);
}

#[test]
fn wait_times_out_and_unknown_ids_are_none() {
    let (jobs, _) = jobs();
    let (release, gate) = mpsc::channel::<()>();
    let id = jobs
        .start("import", None, move |_| {
            gate.recv_timeout(LONG).map_err(|e| e.to_string())?;
            Ok(0)
        })
        .unwrap();
    assert_eq!(jobs.wait(id, Duration::from_millis(20)), None);
    assert_eq!(jobs.wait(paceline_jobs::JobId(999), LONG), None);
    release.send(()).unwrap();
    assert_eq!(jobs.wait(id, LONG), Some(Outcome::Done(0)));
}

#[test]
fn list_shows_running_first_then_finished_newest_first_with_clock_times() {
    let (jobs, clock) = jobs();
    let t0 = crate::utc(2026, 6, 1, 12, 0);
    let a = jobs.start("a", None, |_| Ok(0)).unwrap();
    jobs.wait(a, LONG).unwrap();
    clock.advance(60);
    let b = jobs.start("b", None, |_| Ok(0)).unwrap();
    jobs.wait(b, LONG).unwrap();
    let (release, gate) = mpsc::channel::<()>();
    let c = jobs
        .start("c", Some(1), move |_| {
            gate.recv_timeout(LONG).map_err(|e| e.to_string())?;
            Ok(0)
        })
        .unwrap();
    let ids: Vec<_> = jobs.list().iter().map(|i| i.id).collect();
    assert_eq!(ids, [c, b, a]);
    let list = jobs.list();
    assert_eq!((list[2].started_utc, list[2].finished_utc), (t0, Some(t0)));
    assert_eq!(list[1].started_utc, t0 + 60);
    assert_eq!(list[0].finished_utc, None);
    release.send(()).unwrap();
    jobs.wait(c, LONG).unwrap();
}

#[test]
fn shutdown_cancels_everything_and_refuses_new_jobs() {
    let (jobs, _) = jobs();
    let looping = |ctx: &paceline_jobs::JobCtx<u32>| {
        while !ctx.is_cancelled() {
            std::thread::sleep(Duration::from_millis(1));
        }
        Ok(0)
    };
    let a = jobs.start("import", Some(1), looping).unwrap();
    let b = jobs.start("import", Some(2), looping).unwrap();
    let c = jobs
        .start_async("sync", None, |ctx| async move {
            while !ctx.is_cancelled() {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            Ok(0)
        })
        .unwrap();
    assert!(jobs.shutdown(LONG));
    for id in [a, b, c] {
        assert_eq!(jobs.wait(id, LONG), Some(Outcome::Cancelled(Some(0))));
    }
    assert_eq!(
        jobs.start("import", Some(1), |_| Ok(0)),
        Err(JobError::ShuttingDown {
            kind: "import".into()
        })
    );
}

#[test]
fn shutdown_reports_a_job_that_ignores_cancel() {
    let (jobs, _) = jobs();
    let (release, gate) = mpsc::channel::<()>();
    let id = jobs
        .start("stubborn", None, move |_| {
            gate.recv_timeout(LONG).map_err(|e| e.to_string())?;
            Ok(0)
        })
        .unwrap();
    assert!(!jobs.shutdown(Duration::from_millis(20)));
    release.send(()).unwrap();
    assert_eq!(jobs.wait(id, LONG), Some(Outcome::Cancelled(Some(0))));
}

#[test]
fn dropping_the_last_handle_stops_async_jobs_and_reports_them() {
    let (jobs, _) = jobs();
    let events = jobs.subscribe();
    let id = jobs
        .start_async("sync", Some(1), |_| async {
            // Never finishes by itself: only the runtime's shutdown ends it.
            std::future::pending::<()>().await;
            Ok(0)
        })
        .unwrap();
    drop(jobs);
    let finished = loop {
        match events.recv_timeout(LONG).unwrap() {
            paceline_jobs::JobEvent::Finished { info, outcome } => break (info, outcome),
            _ => continue,
        }
    };
    assert_eq!(finished.0.id, id);
    // The drop cancelled the job before shutting the runtime down.
    assert_eq!(finished.1, Outcome::Cancelled(None));
}

#[test]
fn the_last_handle_may_be_dropped_inside_an_async_job() {
    let (jobs, _) = jobs();
    let events = jobs.subscribe();
    let last = jobs.clone();
    let id = jobs
        .start_async("digest", None, move |_| async move {
            tokio::time::sleep(Duration::from_millis(5)).await;
            // The runtime's owner goes away on one of its own workers: no blocking shutdown
            // (which would panic here), and the job still reports.
            drop(last);
            Ok(1)
        })
        .unwrap();
    drop(jobs);
    let outcome = loop {
        if let paceline_jobs::JobEvent::Finished { info, outcome } =
            events.recv_timeout(LONG).unwrap()
        {
            assert_eq!(info.id, id);
            break outcome;
        }
    };
    // Dropping the last handle cancels what still runs, this job included.
    assert_eq!(outcome, Outcome::Cancelled(Some(1)));
}

#[test]
fn any_kind_text_is_a_valid_job() {
    let (jobs, _) = jobs();
    // A NUL or a slash in the kind must not break the thread's name.
    let id = jobs
        .start("odd\0kind/ü", None, |ctx| Ok(ctx.kind().len() as u32))
        .unwrap();
    assert_eq!(
        jobs.wait(id, LONG),
        Some(Outcome::Done("odd\0kind/ü".len() as u32))
    );
}
