//! Events: the job id on each, their order, several subscribers, the foreground run.

use std::collections::HashMap;
use std::sync::mpsc::Receiver;

use paceline_jobs::{JobEvent, JobId, JobState, Outcome};

use crate::{jobs, LONG};

/// Every event of the jobs `ids`, per job, until each one's `Finished`, as
/// (event name, payload or result). Checks each event's state against its kind.
fn collect(
    rx: &Receiver<JobEvent<u32>>,
    ids: &[JobId],
) -> HashMap<JobId, Vec<(String, Option<u32>)>> {
    let mut out: HashMap<JobId, Vec<(String, Option<u32>)>> = HashMap::new();
    let mut open = ids.len();
    while open > 0 {
        let ev = rx.recv_timeout(LONG).expect("the jobs' events arrive");
        let id = ev.info().id;
        if !ids.contains(&id) {
            continue;
        }
        let entry = match ev {
            JobEvent::Started(info) => {
                assert_eq!(info.state, JobState::Running);
                ("started".into(), None)
            }
            JobEvent::Progress { info, payload } => {
                assert_eq!(info.state, JobState::Running);
                ("progress".into(), Some(payload))
            }
            JobEvent::Finished { info, outcome } => {
                assert_eq!(info.state, outcome.state());
                open -= 1;
                let v = match outcome {
                    Outcome::Done(v) => Some(v),
                    _ => None,
                };
                ("finished".into(), v)
            }
        };
        out.entry(id).or_default().push(entry);
    }
    out
}

fn expected() -> Vec<(String, Option<u32>)> {
    let mut e = vec![("started".to_string(), None)];
    e.extend((1..=5).map(|i| ("progress".to_string(), Some(i))));
    e.push(("finished".into(), Some(5)));
    e
}

#[test]
fn progress_reaches_two_subscribers_in_order_with_the_job_id() {
    let (jobs, _) = jobs();
    let one = jobs.subscribe();
    let two = jobs.subscribe();
    // A subscriber that went away must not stop the others.
    drop(jobs.subscribe());
    let other = jobs.start("demo", Some(2), |_| Ok(100)).unwrap();
    let id = jobs
        .start("import", Some(1), |ctx| {
            for i in 1..=5 {
                ctx.progress(i);
            }
            Ok(5)
        })
        .unwrap();
    assert_ne!(id, other);
    for rx in [&one, &two] {
        let mut by_job = collect(rx, &[id, other]);
        assert_eq!(by_job.remove(&id).unwrap(), expected());
        // The other job's events are told apart by their id.
        assert_eq!(
            by_job.remove(&other).unwrap(),
            [
                ("started".to_string(), None),
                ("finished".to_string(), Some(100))
            ]
        );
    }
}

#[test]
fn foreground_run_emits_the_same_events_on_the_calling_thread() {
    let (jobs, _) = jobs();
    let rx = jobs.subscribe();
    let caller = std::thread::current().id();
    let outcome = jobs
        .run_foreground("import", Some(1), |ctx| {
            assert_eq!(std::thread::current().id(), caller);
            assert_eq!((ctx.kind(), ctx.athlete()), ("import", Some(1)));
            for i in 1..=5 {
                ctx.progress(i);
            }
            Ok(5)
        })
        .unwrap();
    assert_eq!(outcome, Outcome::Done(5));
    let id = jobs.list()[0].id;
    assert_eq!(collect(&rx, &[id]).remove(&id).unwrap(), expected());
    assert_eq!(jobs.info(id).unwrap().state, JobState::Done);
}

#[test]
fn foreground_panic_is_caught() {
    let (jobs, _) = jobs();
    let outcome = jobs
        .run_foreground("import", None, |_| -> Result<u32, String> {
            panic!("bad file")
        })
        .unwrap();
    assert!(
        matches!(&outcome, Outcome::Failed(m) if m.contains("panicked: bad file")),
        "{outcome:?}"
    );
    assert_eq!(
        jobs.run_foreground("import", None, |_| Ok(1)).unwrap(),
        Outcome::Done(1)
    );
}

#[test]
fn progress_after_finished_is_not_sent() {
    let (jobs, _) = jobs();
    let rx = jobs.subscribe();
    let (keep, kept) = std::sync::mpsc::channel();
    let id = jobs
        .start("import", Some(1), move |ctx| {
            ctx.progress(1);
            keep.send(ctx.clone()).unwrap();
            Ok(2)
        })
        .unwrap();
    assert_eq!(jobs.wait(id, LONG), Some(Outcome::Done(2)));
    let stale = kept.recv_timeout(LONG).unwrap();
    stale.progress(3);
    let events: Vec<_> = rx.try_iter().map(|e| e.info().id).collect();
    assert_eq!(
        events,
        [id, id, id],
        "started, progress 1, finished; nothing after"
    );
}
