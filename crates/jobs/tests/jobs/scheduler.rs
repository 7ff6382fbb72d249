//! The scheduler: due entries fire once (also after a clock jump), and the thread driven
//! by a `ManualClock`.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use paceline_jobs::{spawn_scheduler, Clock, ManualClock, Schedule, Scheduler};

use crate::{utc, LONG};

#[test]
fn a_clock_jump_over_many_occurrences_fires_once() {
    let t0 = utc(2026, 3, 20, 12, 0);
    let mut s = Scheduler::new();
    let first = s
        .add(
            "review:1",
            Schedule::parse("daily 07:00 Europe/Berlin").unwrap(),
            t0,
        )
        .unwrap();
    // 21 March 07:00 CET = 06:00 UTC.
    assert_eq!(first, utc(2026, 3, 21, 6, 0));
    assert!(s.due(first - 1).is_empty());

    // The laptop sleeps for ten days, over the DST change; it wakes at 12:00 UTC on the 31st.
    let now = utc(2026, 3, 31, 12, 0);
    assert_eq!(s.due(now), ["review:1"]);
    assert!(s.due(now).is_empty(), "fired once, not once per missed day");
    // Re-armed at the next 07:00 Berlin after `now`: 1 April 07:00 CEST = 05:00 UTC.
    assert_eq!(
        s.next_due(),
        Some(("review:1".into(), utc(2026, 4, 1, 5, 0)))
    );
    assert_eq!(s.due(utc(2026, 4, 1, 5, 0)), ["review:1"]);
}

#[test]
fn every_keeps_its_cadence_after_a_jump() {
    let t0 = utc(2026, 6, 1, 0, 0);
    let mut s = Scheduler::new();
    assert_eq!(
        s.add("sync:1", Schedule::Every { seconds: 3600 }, t0),
        Ok(t0 + 3600)
    );
    // Checked 10 s late: fires, and the next stays on the hour (no drift by the tick).
    assert_eq!(s.due(t0 + 3610), ["sync:1"]);
    assert_eq!(s.get("sync:1").map(|(_, next)| next), Some(t0 + 7200));
    // Five hours missed: one fire, next on the cadence after now.
    assert_eq!(s.due(t0 + 5 * 3600 + 10 + 3600), ["sync:1"]);
    assert_eq!(s.get("sync:1").map(|(_, next)| next), Some(t0 + 7 * 3600));
}

#[test]
fn entries_are_due_in_time_order_and_can_be_removed() {
    let t0 = utc(2026, 6, 1, 0, 0);
    let mut s = Scheduler::new();
    s.add("b", Schedule::Every { seconds: 60 }, t0).unwrap();
    s.add("a", Schedule::Every { seconds: 120 }, t0).unwrap();
    s.add("c", Schedule::Every { seconds: 30 }, t0).unwrap();
    assert_eq!(s.len(), 3);
    assert_eq!(s.next_due(), Some(("c".into(), t0 + 30)));
    assert_eq!(s.due(t0 + 120), ["c", "b", "a"]);
    assert!(s.remove("c"));
    assert!(!s.remove("c"));
    assert_eq!(s.next_due(), Some(("b".into(), t0 + 180)));
    // Re-adding replaces the entry.
    s.add("a", Schedule::Every { seconds: 10 }, t0 + 120)
        .unwrap();
    assert_eq!(s.len(), 2);
    assert_eq!(s.next_due(), Some(("a".into(), t0 + 130)));
    assert!(s.add("x", Schedule::Every { seconds: 0 }, t0).is_err());
    assert_eq!(s.len(), 2, "an invalid schedule is not added");
    assert!(Scheduler::new().next_due().is_none());
}

fn no_call(rx: &mpsc::Receiver<String>) {
    // Long enough for several 2 ms ticks.
    assert_eq!(
        rx.recv_timeout(Duration::from_millis(60)),
        Err(RecvTimeoutError::Timeout)
    );
}

#[test]
fn spawned_scheduler_follows_the_manual_clock() {
    let t0 = utc(2026, 6, 1, 0, 0);
    let clock = Arc::new(ManualClock::new(t0));
    let sched = Arc::new(Mutex::new(Scheduler::new()));
    sched
        .lock()
        .unwrap()
        .add("sync:1", Schedule::parse("every 1h").unwrap(), t0)
        .unwrap();
    let (tx, rx) = mpsc::channel::<String>();
    let handle = spawn_scheduler(
        sched.clone(),
        clock.clone() as Arc<dyn Clock>,
        Duration::from_millis(2),
        move |name| tx.send(name.to_owned()).unwrap(),
    )
    .unwrap();

    no_call(&rx);
    clock.advance(3600);
    assert_eq!(rx.recv_timeout(LONG).unwrap(), "sync:1");
    no_call(&rx);
    // A jump of ten hours: one call.
    clock.advance(10 * 3600);
    assert_eq!(rx.recv_timeout(LONG).unwrap(), "sync:1");
    no_call(&rx);

    // Stopping joins the thread, which drops `on_due` and with it the sender.
    handle.stop();
    clock.advance(3600);
    assert_eq!(rx.recv_timeout(LONG), Err(RecvTimeoutError::Disconnected));
}

#[test]
fn on_due_may_change_the_scheduler_and_may_panic() {
    let t0 = utc(2026, 6, 1, 0, 0);
    let clock = Arc::new(ManualClock::new(t0));
    let sched = Arc::new(Mutex::new(Scheduler::new()));
    {
        let mut s = sched.lock().unwrap();
        s.add("once", Schedule::Every { seconds: 60 }, t0).unwrap();
        s.add("flaky", Schedule::Every { seconds: 60 }, t0).unwrap();
    }
    let (tx, rx) = mpsc::channel::<String>();
    let inner = sched.clone();
    let _handle = spawn_scheduler(
        sched.clone(),
        clock.clone(),
        Duration::from_millis(2),
        move |name| {
            tx.send(name.to_owned()).unwrap();
            match name {
                // Takes the scheduler's lock from inside the callback: no deadlock.
                "once" => assert!(inner.lock().unwrap().remove("once")),
                _ => panic!("flaky handler"),
            }
        },
    )
    .unwrap();
    clock.advance(60);
    let mut got = [
        rx.recv_timeout(LONG).unwrap(),
        rx.recv_timeout(LONG).unwrap(),
    ];
    got.sort();
    assert_eq!(got, ["flaky", "once"]);
    // The thread survived the panic and "once" is gone.
    clock.advance(60);
    assert_eq!(rx.recv_timeout(LONG).unwrap(), "flaky");
    no_call(&rx);
    assert!(sched.lock().unwrap().get("once").is_none());
}
