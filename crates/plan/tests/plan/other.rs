//! Diff, compliance and the readiness adjustment.

use crate::checker::{base_brief, d, easy, good_plan, threshold};
use paceline_plan::compliance::Status;
use paceline_plan::*;

#[test]
fn diff_reports_added_removed_changed_and_weekly_load() {
    let a = good_plan();
    let mut b = a.clone();
    let removed = b.workouts.remove(1); // week 0 swim
    b.workouts[0].duration_min = 50.0; // week 0 run, changed
    b.workouts
        .push(easy(d(4), Sport::Bike, 40.0, Location::Outdoor));
    let x = diff(&a, &b);
    assert_eq!(x.removed, vec![removed.clone()]);
    assert_eq!(x.added.len(), 1);
    assert_eq!(x.added[0].date, d(4));
    assert_eq!(x.changed.len(), 1);
    assert_eq!(x.changed[0].fields, vec!["duration_min".to_string()]);
    let w0 = &x.weeks[0];
    assert_eq!(w0.iso_week, "2027-W09");
    let added_tss = x.added[0].tss;
    assert!((w0.after_tss - (w0.before_tss - removed.tss + added_tss)).abs() < 1e-3);
    assert!((w0.after_min - (w0.before_min - 40.0 + 5.0 + 40.0)).abs() < 1e-3);
    assert_eq!(x.weeks.len(), 12);
    assert!(diff(&a, &a).is_empty());
}

#[test]
fn compliance_scores_matches_and_marks_missed() {
    let plan = Plan {
        workouts: vec![
            easy(d(1), Sport::Run, 60.0, Location::Outdoor), // done as planned
            threshold(d(3), Sport::Run),                     // done half as long
            easy(d(5), Sport::Bike, 90.0, Location::Outdoor), // missed
            easy(d(8), Sport::Run, 45.0, Location::Outdoor), // upcoming
        ],
        ..Plan::default()
    };
    let z = plan.workouts[0].time_in_zone_min;
    let done = vec![
        DoneActivity {
            date: d(1),
            sport: Sport::Run,
            duration_min: 60.0,
            tss: Some(plan.workouts[0].tss),
            time_in_zone_min: Some(z),
        },
        DoneActivity {
            date: d(3),
            sport: Sport::Run,
            duration_min: 30.0,
            tss: None,
            time_in_zone_min: None,
        },
        DoneActivity {
            date: d(4),
            sport: Sport::Swim,
            duration_min: 30.0,
            tss: Some(20.0),
            time_in_zone_min: None,
        },
    ];
    let r = compliance(&plan, &done, d(7));
    let s: Vec<Status> = r.workouts.iter().map(|w| w.status).collect();
    assert_eq!(
        s,
        vec![
            Status::Done,
            Status::Partial,
            Status::Missed,
            Status::Upcoming
        ]
    );
    assert_eq!(r.workouts[0].score, Some(1.0));
    assert_eq!(r.workouts[1].duration_score, Some(0.5)); // 30 of 60 min
    assert_eq!(r.workouts[1].score, Some(0.5));
    assert_eq!(r.unplanned, vec![2]);
    // Week 1: (1 + 0.5 + 0) / 3 due = 50 %.
    assert_eq!(r.weeks[0].due, 3);
    assert_eq!(r.weeks[0].missed, 1);
    assert!((r.weeks[0].adherence_pct.unwrap() - 50.0).abs() < 1e-3);
    assert_eq!(r.weeks[1].adherence_pct, None);
    assert!((r.plan_adherence_pct.unwrap() - 50.0).abs() < 1e-3);
    assert!((r.weeks[0].done_min - 120.0).abs() < 1e-3);
}

#[test]
fn readiness_swaps_todays_hard_session_and_the_plan_still_passes() {
    let b = base_brief();
    let cfg = CheckerConfig::default();
    let plan = good_plan();
    let a = readiness_low(&b, &plan, d(3), &cfg).expect("Thursday is a threshold run");
    assert_eq!(a.swapped.len(), 1);
    let (before, after) = &a.swapped[0];
    assert_eq!(before.intensity, Intensity::Threshold);
    assert_eq!(after.intensity, Intensity::Endurance);
    assert_eq!(after.sport, Sport::Run);
    assert_eq!(after.duration_min, 45.0); // 75 % of 60 min
    assert!(after.tss < before.tss);
    assert!(
        a.reason.contains("readiness low on 2027-03-04"),
        "{}",
        a.reason
    );
    assert_eq!(a.plan.parent_version, Some(1));
    assert_eq!(a.plan.version, None);
    assert!(
        check(&b, &a.plan, &cfg).passed(),
        "{:#?}",
        check(&b, &a.plan, &cfg).violations
    );
    let x = diff(&plan, &a.plan);
    assert_eq!(x.changed.len(), 1);
    assert!(
        readiness_low(&b, &plan, d(1), &cfg).is_none(),
        "Tuesday is already easy"
    );
}
