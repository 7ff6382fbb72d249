//! Training plans through the application layer: the brief from the vault, generate
//! → check → save, moves (saved or refused with reasons), diff, undo, compliance,
//! readiness easing today, exports, and the demo athlete's race and plan.

use std::sync::Arc;

use paceline_app::plan::brief::{Availability, Priority, Race, RaceSport, Rule};
use paceline_app::plan::compliance::Status;
use paceline_app::plan::{Date, Intensity, Plan, Sport, Weekday};
use paceline_app::{App, Config, ManualClock, ReadinessAdjust, WorkoutRef};
use paceline_store::KeyOptions;

/// Monday 2027-03-01, noon UTC.
const NOW: i64 = 1_803_902_400;
const DAY: i64 = 86_400;

fn app_at(now: i64) -> (tempfile::TempDir, App, Arc<ManualClock>) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(now));
    let cfg = Config {
        data_dir: dir.path().to_path_buf(),
        keys: KeyOptions::with_passphrase("test"),
    };
    let app = App::open_with_clock(&cfg, clock.clone()).unwrap();
    (dir, app, clock)
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// A runner without history: five days a week, a 10 km A race eight weeks out.
pub fn runner(app: &paceline_app::AthleteScope) {
    app.set_plan_sports(Some(vec![Sport::Run]), vec![]).unwrap();
    app.set_availability(&Availability {
        mon: 0.0,
        tue: 1.0,
        wed: 1.0,
        thu: 1.0,
        fri: 0.0,
        sat: 1.5,
        sun: 2.0,
    })
    .unwrap();
    app.add_race(&Race {
        date: d("2027-04-25"),
        name: "Spring 10k".into(),
        sport: RaceSport::Run,
        distance_km: Some(10.0),
        priority: Priority::A,
        target_time_min: Some(50.0),
        taper_days: None,
    })
    .unwrap();
}

#[test]
fn a_brief_needs_availability_and_says_so() {
    let (_dir, vault, _) = app_at(NOW);
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let e = app.plan_brief().unwrap_err();
    assert_eq!(e.code(), paceline_types::ErrorCode::InvalidInput);
    assert!(e.to_string().contains("hours you can train"), "{e}");
    assert!(app.generate_plan().is_err());
    // A bad rule is refused, naming what is wrong; a good one is a new version.
    let e = app
        .add_plan_rule(Rule::MaxSessionsPerDay { n: 0 }, "")
        .unwrap_err();
    assert!(e.to_string().contains("at least 1"), "{e}");
    assert_eq!(
        app.add_plan_rule(Rule::RestDay { day: Weekday::Mon }, "Mondays off")
            .unwrap(),
        1
    );
    assert_eq!(
        app.add_plan_rule(Rule::MaxConsecutiveDays { sport: None, n: 4 }, "4 days max")
            .unwrap(),
        2
    );
    let r = app.plan_rules().unwrap();
    assert_eq!(r.rules.len(), 2);
    assert_eq!(r.text, "Mondays off\n4 days max");
    assert_eq!(app.remove_plan_rule(0).unwrap(), 3);
    assert_eq!(
        app.plan_rules().unwrap().rules,
        vec![Rule::MaxConsecutiveDays { sport: None, n: 4 }]
    );
    assert!(app.remove_plan_rule(5).is_err());
    assert_eq!(app.plan_rules_history().unwrap().len(), 3);
}

#[test]
fn generate_move_diff_undo() {
    let (_dir, vault, _) = app_at(NOW);
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    runner(&app);
    let brief = app.plan_brief().unwrap();
    assert_eq!(brief.start_date, d("2027-03-01"));
    assert_eq!(brief.sports, vec![Sport::Run]);
    assert_eq!((brief.fitness.ctl, brief.fitness.atl), (0.0, 0.0));

    let g = app.generate_plan().unwrap();
    assert!(g.report.passed(), "{:?}", g.report.violations);
    assert_eq!(g.version, Some(1));
    let v1 = app.plan(None).unwrap();
    assert_eq!(v1.version, Some(1));
    assert_eq!(v1.workouts, g.plan.workouts);
    assert!(v1
        .workouts
        .iter()
        .any(|w| w.is_race() && w.date == d("2027-04-25")));
    assert!(app.check_plan_version(None).unwrap().passed());

    // Onto a Monday (no hours): refused with the reason, nothing saved.
    let i = v1
        .workouts
        .iter()
        .position(|w| !w.is_race() && w.date > d("2027-03-08"))
        .unwrap();
    let monday = v1.workouts[i].date.week_start().plus(7);
    let e = app.move_workout(WorkoutRef::Index(i), monday).unwrap_err();
    assert!(e.to_string().contains("refuses"), "{e}");
    assert!(e.to_string().contains(&monday.to_string()), "{e}");
    assert_eq!(app.plan_versions().unwrap().len(), 1);
    // A race is fixed; a day in the past is refused.
    let race = v1.workouts.iter().position(|w| w.is_race()).unwrap();
    assert!(app
        .move_workout(WorkoutRef::Index(race), d("2027-04-24"))
        .is_err());
    assert!(app
        .move_workout(WorkoutRef::Index(i), d("2027-02-27"))
        .is_err());

    // An easy session to a free day of its week with the hours: saved as version 2.
    let free = |date: Date| {
        !v1.workouts.iter().any(|w| w.date == date)
            && brief.availability_hours.hours(date.weekday()) > 0.0
    };
    let mut moved = None;
    'found: for (i, w) in v1.workouts.iter().enumerate() {
        if w.intensity != Intensity::Endurance || w.date < d("2027-03-08") {
            continue;
        }
        for k in 0..7 {
            let to = w.date.week_start().plus(k);
            if to != w.date
                && free(to)
                && w.duration_min / 60.0 <= brief.availability_hours.hours(to.weekday())
            {
                if let Ok(v) = app.move_workout(WorkoutRef::Index(i), to) {
                    moved = Some((v, w.clone(), to));
                    break 'found;
                }
            }
        }
    }
    let (v, w, to) = moved.expect("some easy session can move within its week");
    assert_eq!(v, 2);
    let versions = app.plan_versions().unwrap();
    assert_eq!(
        (versions[1].parent, versions[1].source.as_str()),
        (Some(1), "manual")
    );
    assert!(versions[1].reason.contains(&format!("to {to}")));
    let diff = app.plan_diff(1, 2).unwrap();
    assert_eq!((diff.removed.len(), diff.added.len()), (1, 1));
    assert_eq!(diff.removed[0], w);
    assert_eq!(diff.added[0].date, to);
    let before: f32 = diff.weeks.iter().map(|x| x.before_tss).sum();
    let after: f32 = diff.weeks.iter().map(|x| x.after_tss).sum();
    assert!((before - after).abs() < 0.01);
    // Moving by date works the same way when the day holds one workout.
    assert!(app
        .move_workout(WorkoutRef::Date(d("2027-01-01")), to)
        .is_err());

    // Undo: version 3, parent 2, with version 1's workouts.
    assert_eq!(app.undo_plan_change().unwrap(), 3);
    let v3 = app.plan(None).unwrap();
    assert_eq!((v3.version, v3.parent_version), (Some(3), Some(2)));
    assert_eq!(v3.workouts, v1.workouts);
    assert!(app.plan_diff(1, 3).unwrap().is_empty());
    let view = app.plan_diff_view(1, 2).unwrap();
    assert_eq!(view.removed, vec![format!("{} run {}", w.date, w.name)]);
    assert_eq!(view.added, vec![format!("{to} run {}", w.name)]);
    // Within one week the week's load is unchanged; across weeks two weeks differ.
    let same_week = w.date.week_start() == to.week_start();
    assert_eq!(view.weeks.len(), if same_week { 0 } else { 2 });
    assert!(app.plan(Some(9)).is_err());
}

#[test]
fn compliance_readiness_and_exports() {
    let (dir, vault, clock) = app_at(NOW);
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    runner(&app);
    assert_eq!(app.readiness_adjust().unwrap(), ReadinessAdjust::NoPlan);
    app.generate_plan().unwrap();
    let plan = app.plan(None).unwrap();

    // Ten days on with nothing done: every workout before today is missed.
    clock.set(NOW + 10 * DAY);
    let (_, done, c) = app.plan_compliance(None).unwrap();
    assert!(done.is_empty());
    let due = plan
        .workouts
        .iter()
        .filter(|w| w.date < d("2027-03-11"))
        .count();
    assert!(due > 0);
    let missed = c
        .workouts
        .iter()
        .filter(|w| w.status == Status::Missed)
        .count();
    assert_eq!(missed, due);
    assert_eq!(c.plan_adherence_pct, Some(0.0));

    // No wellness: readiness unknown, nothing changes.
    assert_eq!(
        app.readiness_adjust().unwrap(),
        ReadinessAdjust::ReadinessUnknown
    );
    // On a day with a hard session, easing it is a new version; undo restores it.
    let hard = plan
        .workouts
        .iter()
        .find(|w| {
            w.date > d("2027-03-11")
                && !w.is_race()
                && matches!(
                    w.intensity,
                    Intensity::Threshold | Intensity::Vo2 | Intensity::Tempo
                )
        })
        .expect("a hard session")
        .clone();
    clock.set(NOW + i64::from(hard.date.0 - d("2027-03-01").0) * DAY);
    let (v, reason) = app.ease_today("readiness 30/100").unwrap().unwrap();
    assert_eq!(v, 2);
    assert!(
        reason.starts_with("readiness 30/100; readiness low on"),
        "{reason}"
    );
    let eased = app.plan(None).unwrap();
    assert!(eased
        .workouts
        .iter()
        .filter(|w| w.date == hard.date)
        .all(|w| matches!(w.intensity, Intensity::Endurance | Intensity::Recovery)));
    assert_eq!(app.undo_plan_change().unwrap(), 3);
    assert_eq!(app.plan(None).unwrap().workouts, plan.workouts);

    // Exports: JSON round-trips, one FIT file per structured workout, one event each.
    let json = app.export_plan_json(Some(1)).unwrap();
    let back: Plan = serde_json::from_str(&json).unwrap();
    assert_eq!(back.workouts, plan.workouts);
    assert_eq!(back.version, Some(1));
    let files = app.export_plan_fit(&dir.path().join("fit"), None).unwrap();
    let structured = plan
        .workouts
        .iter()
        .filter(|w| !w.is_race() && !w.steps.is_empty())
        .count();
    assert_eq!(files.len(), structured);
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        assert_eq!(&bytes[8..12], b".FIT", "{}", f.display());
    }
    let ics = app.export_plan_ics(None).unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), plan.workouts.len());
    let (y, m, dd) = hard.date.ymd();
    assert!(
        ics.contains(&format!("DTSTAMP:{y:04}{m:02}{dd:02}T120000Z")),
        "stamped with the app's clock"
    );
}

#[test]
fn an_unreachable_goal_is_declared_and_the_safest_plan_kept() {
    let (_dir, vault, _) = app_at(NOW);
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    runner(&app);
    app.set_plan_goal(Some(120.0)).unwrap();
    assert!(app.set_plan_goal(Some(900.0)).is_err());
    let g = app.generate_plan().unwrap();
    assert!(
        g.infeasible
            .iter()
            .any(|i| i.constraint == "goal.ctl_on_race_morning" && i.by_how_much > 10.0),
        "{:?}",
        g.infeasible
    );
    assert!(g.report.passed(), "{:?}", g.report.violations);
    assert_eq!(g.version, Some(1));
    assert!(app.plan_versions().unwrap()[0]
        .reason
        .contains("safest plan"));
}

#[test]
fn the_demo_athlete_has_a_race_ten_weeks_out_and_a_checked_plan() {
    let (_dir, vault, clock) = app_at(NOW);
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    app.seed_demo(8).unwrap();
    let today = app.plan_today().unwrap();
    let races = app.races().unwrap();
    assert_eq!(races.len(), 1);
    assert_eq!(races[0].race.priority, Priority::A);
    let weeks = (races[0].race.date.0 - today.0) as f32 / 7.0;
    assert!((9.0..=11.0).contains(&weeks), "{weeks}");

    let brief = app.plan_brief().unwrap();
    for s in [Sport::Bike, Sport::Run, Sport::Swim] {
        assert!(brief.sports.contains(&s), "{:?}", brief.sports);
    }
    assert_eq!(brief.thresholds.ftp_w, Some(250.0));
    assert!((brief.thresholds.threshold_pace_s_per_km.unwrap() - 255.0).abs() < 0.01);
    assert!((brief.thresholds.css_s_per_100m.unwrap() - 105.0).abs() < 0.01);
    assert_eq!(brief.fitness.history_daily_tss.len(), 42);
    assert!(brief.fitness.ctl > 10.0, "{:?}", brief.fitness);

    let versions = app.plan_versions().unwrap();
    assert_eq!(versions.len(), 1, "the demo gets a plan");
    assert_eq!(versions[0].source, "builtin");
    let plan = app.plan(None).unwrap();
    assert!(plan
        .workouts
        .iter()
        .any(|w| w.is_race() && w.date == races[0].race.date));
    assert!(app.check_plan_version(None).unwrap().passed());

    // Whatever weekday the demo starts on, its brief gives a plan the checker passes.
    for k in 1..7 {
        clock.set(NOW + k * DAY);
        let g = app.generate_plan().unwrap();
        assert!(g.report.passed(), "day +{k}: {:?}", g.report.violations);
        assert_eq!(g.version, Some(1 + k as u32));
    }
}

#[test]
fn goals_and_calendar_for_the_window() {
    let (_dir, vault, _) = app_at(NOW);
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    app.seed_demo(4).unwrap();
    let g = app.plan_goals().unwrap();
    assert_eq!(g.races.len(), 1);
    assert_eq!(
        (g.races[0].sport.as_str(), g.races[0].priority.as_str()),
        ("triathlon", "A")
    );
    assert_eq!(g.availability.unwrap().sat, 3.0);
    assert!(g.equipment.pool_access && g.equipment.power_meter);
    assert_eq!(g.rules_version, 1);

    let mut bad = g.races[0].clone();
    bad.sport = "sailing".into();
    let e = app.add_race_entry(&bad).unwrap_err();
    assert_eq!(e.code(), paceline_types::ErrorCode::InvalidInput);
    bad.sport = "run".into();
    bad.priority = "b".into();
    assert!(app.add_race_entry(&bad).is_ok());

    let today = app.today().unwrap();
    let monday = Date(today).week_start().0;
    let cal = app.plan_calendar(monday - 7, monday + 13).unwrap();
    assert_eq!(cal.version, Some(1));
    assert_eq!(cal.versions.len(), 1);
    assert_eq!(cal.weeks.len(), 3);
    // Last week: done activities, nothing planned; this week and next: planned.
    assert!(cal.weeks[0].done_min > 60.0 && cal.weeks[0].done_km > 10.0);
    assert_eq!(cal.weeks[0].planned_min, 0.0);
    assert!(cal.weeks[2].planned_min > 60.0);
    assert!(cal.weeks[2].projected_tsb.is_some());
    let sum: f64 = cal
        .planned
        .iter()
        .filter(|p| p.day >= monday + 7)
        .map(|p| p.tss)
        .sum();
    assert!((sum - cal.weeks[2].planned_tss).abs() < 1e-6);
    assert!(cal
        .planned
        .iter()
        .all(|p| p.status == "upcoming" && !p.steps.is_empty()));
    assert!(app.plan_calendar(monday, monday - 1).is_err());

    // A move onto Monday (a rest day) is refused with the reason.
    let w = cal.planned.iter().find(|p| p.day > today + 1).unwrap();
    let e = app
        .move_workout_to(w.index, Date(w.day).week_start().plus(7).0)
        .unwrap_err();
    assert_eq!(e.code(), paceline_types::ErrorCode::InvalidInput);
    assert!(e.to_string().contains("rest day"), "{e}");
}

#[test]
fn a_done_run_is_scored_on_its_zones_too() {
    let (dir, vault, clock) = app_at(NOW);
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    runner(&app);
    app.set_threshold(&paceline_types::Threshold {
        sport: Some(paceline_types::Sport::Run),
        kind: paceline_types::ThresholdKind::Lthr,
        value: 165.0,
        from_day: d("2027-01-01").0,
    })
    .unwrap();
    app.generate_plan().unwrap();
    let plan = app.plan(None).unwrap();
    let w = plan
        .workouts
        .iter()
        .find(|w| w.sport == Sport::Run && !w.is_race())
        .unwrap()
        .clone();
    // 45 min at HR 150 on the planned day, at noon.
    let start = NOW + i64::from(w.date.0 - d("2027-03-01").0) * DAY;
    let fit = crate::activity_load::with_power(paceline_fit::Sport::RUNNING, start, &[(2700, 200)]);
    let path = dir.path().join("run.fit");
    std::fs::write(&path, fit).unwrap();
    let r = app.import_paths(&[path]);
    assert_eq!(r.imported(), 1, "{r:?}");
    clock.set(start + DAY);
    let (_, done, c) = app.plan_compliance(None).unwrap();
    assert_eq!(done.len(), 1);
    let z = done[0].time_in_zone_min.expect("the run's time in zones");
    let total = z.z1 + z.z2 + z.z3 + z.z4 + z.z5;
    assert!((total - 45.0).abs() < 1.0, "{z:?}");
    let wc = c.workouts.iter().find(|x| x.date == w.date).unwrap();
    assert_eq!(wc.activity, Some(0));
    let s = wc.intensity_score.expect("intensity scored");
    assert!((0.0..=1.0).contains(&s), "{s}");
}
