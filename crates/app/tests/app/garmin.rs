//! Garmin Connect sync against the fake Garmin server (recorded bodies from the corpus,
//! FIT files from our own writer so every activity is a different recording).

use std::io::Write;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use paceline_app::{App, AppError, Config, GarminSyncOptions};
use paceline_garmin::fake::{FakeActivity, FakeGarmin, Fault};
use paceline_store::KeyOptions;
use paceline_types::{ErrorCode, GarminSyncReport, GarminSyncScope, JobState};

use crate::support::one_session_fit;

/// 2026-01-01 12:00 UTC.
const T0: i64 = 1_767_268_800;

pub struct Env {
    pub fake: FakeGarmin,
    pub app: Arc<App>,
    pub athlete: i64,
    pub _dir: tempfile::TempDir,
    // last: the fake's server task runs on it
    pub _rt: tokio::runtime::Runtime,
}

/// A ride of `minutes` starting at `start`, different bytes for every start.
pub fn ride(start: i64, minutes: u32) -> Vec<u8> {
    one_session_fit(
        start,
        minutes * 60,
        1,
        |i| paceline_fit::RecordSample {
            power_w: Some(150 + (i % 50) as u16),
            heart_rate: Some(120 + (i % 30) as u8),
            ..Default::default()
        },
        paceline_fit::Summary {
            sport: paceline_fit::Sport::CYCLING,
            ..Default::default()
        },
    )
}

/// `n` Garmin activities, one a day from [`T0`], ids 1000+i.
pub fn activities(n: usize) -> Vec<FakeActivity> {
    (0..n)
        .map(|i| {
            let start = T0 + 86_400 * i as i64;
            FakeActivity {
                id: 1000 + i as i64,
                start: jiff::Timestamp::from_second(start).unwrap(),
                fit: ride(start, 2),
            }
        })
        .collect()
}

/// A vault connected (by ticket) to a fake Garmin serving `n` activities, or `None`
/// (skipped, with the message) without the corpus.
pub fn connected(n: usize) -> Option<Env> {
    let root = paceline_testsupport::corpus("garmin-api")?
        .parent()
        .unwrap()
        .to_path_buf();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let fake = rt.block_on(FakeGarmin::start(Some(&root))).unwrap();
    fake.set_activities(activities(n));
    let dir = tempfile::tempdir().unwrap();
    let app = Arc::new(
        App::open(&Config {
            data_dir: dir.path().to_path_buf(),
            keys: KeyOptions::with_passphrase("test"),
        })
        .unwrap(),
    );
    app.set_garmin_endpoint(Some(fake.url.as_str()), Some(0))
        .unwrap();
    let athlete = app.current().unwrap().id();
    fake.add_ticket("ST-1234567-fake");
    app.garmin_connect_ticket(
        athlete,
        "https://sso.garmin.com/sso/embed?ticket=ST-1234567-fake",
    )
    .unwrap();
    Some(Env {
        fake,
        app,
        athlete,
        _dir: dir,
        _rt: rt,
    })
}

impl Env {
    pub fn sync(&self, scope: GarminSyncScope) -> Result<GarminSyncReport, AppError> {
        self.sync_with(scope, None, &AtomicBool::new(false))
    }

    pub fn sync_with(
        &self,
        scope: GarminSyncScope,
        since_day: Option<i32>,
        cancel: &AtomicBool,
    ) -> Result<GarminSyncReport, AppError> {
        self.app.run_garmin_sync(
            self.athlete,
            GarminSyncOptions { scope, since_day },
            &|_| {},
            cancel,
        )
    }

    pub fn count(&self) -> u32 {
        self.app
            .athlete(self.athlete)
            .unwrap()
            .info()
            .unwrap()
            .activity_count
    }

    /// The Garmin id of every stored activity (sorted), `None` for one without.
    pub fn garmin_ids(&self) -> Vec<Option<i64>> {
        let scope = self.app.athlete(self.athlete).unwrap();
        let mut ids: Vec<Option<i64>> = scope
            .list_activities()
            .unwrap()
            .iter()
            .map(|a| self.app.garmin_activity_id(self.athlete, a.id).unwrap())
            .collect();
        ids.sort();
        ids
    }
}

fn all_once(n: usize) -> Vec<Option<i64>> {
    (0..n as i64).map(|i| Some(1000 + i)).collect()
}

#[test]
fn a_ticket_is_exchanged_once_verified_and_signed_out() {
    let Some(env) = connected(0) else { return };
    let s = env.app.garmin_status(env.athlete).unwrap();
    assert!(s.connected);
    assert_eq!(s.display_name.as_deref(), Some("mtamizi"));
    assert!(s.refresh_expires_utc.is_some());
    assert_eq!(env.fake.exchanges(), 1);
    // a ticket works once
    let again = env
        .app
        .garmin_connect_ticket(env.athlete, "ST-1234567-fake")
        .unwrap_err();
    assert_eq!(again.code(), ErrorCode::InvalidInput);
    assert!(again.to_string().contains("tickets work once"), "{again}");
    // the tokens are one secret of the athlete, named as the secrets module wants
    let names = env
        .app
        .athlete(env.athlete)
        .unwrap()
        .secret_names()
        .unwrap();
    assert_eq!(names, vec![format!("garmin/{}/tokens", env.athlete)]);
    assert!(env.app.garmin_logout(env.athlete).unwrap());
    assert!(!env.app.garmin_status(env.athlete).unwrap().connected);
    let e = env.sync(GarminSyncScope::All).unwrap_err();
    assert!(e.to_string().contains("paceline garmin login"), "{e}");
}

#[test]
fn an_incremental_sync_of_one_new_activity_makes_at_most_5_requests() {
    let Some(env) = connected(5) else { return };
    let first = env.sync(GarminSyncScope::ActivitiesOnly).unwrap();
    assert_eq!((first.new_activities, env.count()), (5, 5));
    env.fake.set_activities(activities(6));
    let hits = env.fake.hits().len();
    let r = env.sync(GarminSyncScope::ActivitiesOnly).unwrap();
    let sent = env.fake.hits()[hits..].to_vec();
    assert_eq!(r.new_activities, 1);
    assert!(r.requests <= 5, "{} requests: {sent:?}", r.requests);
    // the client's counter and the server agree: the list page and the download
    assert_eq!(r.requests, sent.len() as u64);
    assert_eq!(
        sent,
        vec![
            "GET /activitylist-service/activities/search/activities".to_string(),
            "GET /download-service/files/activity/1005".to_string()
        ]
    );
    // a third sync finds nothing and downloads nothing
    let r = env.sync(GarminSyncScope::ActivitiesOnly).unwrap();
    assert_eq!((r.new_activities, r.requests), (0, 1));
    assert_eq!(env.garmin_ids(), all_once(6));
    let log = env.app.garmin_log(env.athlete, 10).unwrap();
    assert_eq!(log.len(), 3);
    assert_eq!(
        (
            log[1].outcome.as_str(),
            log[1].new_activities,
            log[1].requests
        ),
        ("done", 1, 2)
    );
}

#[test]
fn a_file_dropped_first_is_recognised_and_gets_its_garmin_id() {
    let Some(env) = connected(3) else { return };
    // activity 1001 was dropped as a file before the first sync
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ride.fit");
    std::fs::File::create(&p)
        .unwrap()
        .write_all(&ride(T0 + 86_400, 2))
        .unwrap();
    let rep = env.app.athlete(env.athlete).unwrap().import_paths(&[p]);
    let dropped = rep.files[0].clone();
    let paceline_types::FileOutcome::Imported { id: dropped_id, .. } = dropped else {
        panic!("{dropped:?}")
    };
    let r = env.sync(GarminSyncScope::ActivitiesOnly).unwrap();
    assert_eq!((r.new_activities, r.already_present), (2, 1));
    assert_eq!(env.count(), 3);
    assert_eq!(
        env.app.garmin_activity_id(env.athlete, dropped_id).unwrap(),
        Some(1001)
    );
    assert_eq!(env.garmin_ids(), all_once(3));
}

#[test]
fn faults_mid_run_leave_nothing_partial_and_the_next_sync_completes() {
    let Some(env) = connected(6) else { return };
    // a cut ZIP is fetched again; a deleted activity is skipped
    env.fake
        .push_fault("/download-service/files/activity/1001", Fault::TruncatedZip);
    env.fake.delete_activity(1002);
    // 1003's download fails on every retry: the run stops there
    for _ in 0..4 {
        env.fake
            .push_fault("/download-service/files/activity/1003", Fault::Status(503));
    }
    let e = env.sync(GarminSyncScope::ActivitiesOnly).unwrap_err();
    assert!(e.to_string().contains("HTTP 503"), "{e}");
    // 1000 and 1001 stored whole, 1002 skipped, nothing of 1003
    assert_eq!(env.garmin_ids(), vec![Some(1000), Some(1001)]);
    let log = env.app.garmin_log(env.athlete, 1).unwrap();
    assert_eq!(
        (log[0].outcome.as_str(), log[0].new_activities),
        ("failed", 2)
    );
    assert!(log[0].error.as_deref().unwrap().contains("503"));
    let r = env.sync(GarminSyncScope::ActivitiesOnly).unwrap();
    assert_eq!(r.new_activities, 3);
    let mut want = all_once(6);
    want.remove(2);
    assert_eq!(env.garmin_ids(), want);
    // the whole recording is there: a full activity, not a header
    let scope = env.app.athlete(env.athlete).unwrap();
    for a in scope.list_activities().unwrap() {
        assert!((a.elapsed_s - 119.0).abs() < 1.5, "{a:?}");
    }
}

#[test]
fn a_cancelled_backfill_resumes_from_its_cursor_and_stores_each_activity_once() {
    let Some(env) = connected(30) else { return };
    // cancel from the progress callback after the 10th activity
    let cancel = AtomicBool::new(false);
    let r = env
        .app
        .run_garmin_sync(
            env.athlete,
            GarminSyncOptions {
                scope: GarminSyncScope::ActivitiesOnly,
                since_day: Some((T0 / 86_400) as i32 + 5),
            },
            &|p| {
                if p.done >= 10 && p.phase == paceline_types::GarminSyncPhase::Activities {
                    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            },
            &cancel,
        )
        .unwrap();
    assert!(r.cancelled);
    assert_eq!(r.new_activities, 10);
    let s = env.app.garmin_status(env.athlete).unwrap();
    assert!(!s.backfill_done);
    assert_eq!(s.backfill_since.as_deref(), Some("2026-01-06"));
    // resumed (without --since: the saved window holds), the rest exactly once
    let r = env.sync(GarminSyncScope::ActivitiesOnly).unwrap();
    assert_eq!(r.new_activities, 15);
    let want: Vec<Option<i64>> = (1005..1030).map(Some).collect();
    assert_eq!(env.garmin_ids(), want);
    assert!(env.app.garmin_status(env.athlete).unwrap().backfill_done);
    // a fault in a second backfill's middle, then a re-run: the same holds
    let Some(env) = connected(12) else { return };
    env.fake
        .push_fault("/download-service/files/activity/1006", Fault::Status(404));
    env.fake.push_fault("/activity/1007", Fault::Status(500));
    for _ in 0..3 {
        env.fake.push_fault("/activity/1007", Fault::Status(500));
    }
    assert!(env.sync(GarminSyncScope::ActivitiesOnly).is_err());
    env.sync(GarminSyncScope::ActivitiesOnly).unwrap();
    let mut want = all_once(12);
    want.remove(6);
    assert_eq!(env.garmin_ids(), want);
}

#[test]
fn the_background_job_syncs_and_reports_through_job_events() {
    let Some(env) = connected(3) else { return };
    let events = env.app.job_events();
    let job = env
        .app
        .start_garmin_sync(
            env.athlete,
            GarminSyncOptions {
                scope: GarminSyncScope::All,
                since_day: None,
            },
        )
        .unwrap();
    assert_eq!(
        env.app.wait_job(job, Duration::from_secs(60)),
        Some(JobState::Done)
    );
    let mut last = None;
    while let Ok(e) = events.try_recv() {
        last = Some(paceline_app::jobs::wire_event(&e));
    }
    let Some(paceline_types::JobPayload::GarminSynced { report, .. }) =
        last.and_then(|e| e.payload)
    else {
        panic!("no report")
    };
    assert_eq!(report.new_activities, 3);
    assert!(report.new_days > 0);
}

#[test]
fn wellness_days_hold_every_series_under_garmins_dates() {
    let Some(env) = connected(0) else { return };
    let r = env.sync(GarminSyncScope::WellnessOnly).unwrap();
    assert!(r.new_days >= 7, "{r:?}");
    let day = |s: &str| paceline_types::date::parse_ymd(s).unwrap() as i32;
    let rows = env
        .app
        .wellness_days(env.athlete, day("2023-01-01"), day("2026-12-31"))
        .unwrap();
    let on = |d: &str| {
        rows.iter()
            .find(|r| r.date == d)
            .unwrap_or_else(|| panic!("{d}"))
    };
    // recorded values, read in the corpus files
    let d = on("2023-07-01");
    assert_eq!(d.source.as_deref(), Some("garmin"));
    assert_eq!(d.steps, Some(12413));
    assert_eq!(d.sleep_score, Some(60.0));
    assert_eq!(d.spo2_avg, Some(95.0));
    // waking average (the night's is null that day)
    assert_eq!(d.respiration_avg, Some(13.0));
    // the recorded body battery has no levels, only charged/drained (kept raw)
    assert_eq!(d.body_battery_high, None);
    // the morning snapshot (AFTER_WAKEUP_RESET), not the latest of the day
    let r = on("2025-07-07");
    assert_eq!(
        (r.readiness_score, r.readiness_level.as_deref()),
        (Some(80.0), Some("HIGH"))
    );
    let n = on("2025-07-06");
    assert_eq!(
        (n.sleep_s, n.sleep_deep_s, n.sleep_score),
        (Some(24208.0), Some(5340.0), Some(83.0))
    );
    assert!(rows.iter().any(|r| r.weight_kg.is_some()));
    assert!(rows
        .iter()
        .any(|r| r.hrv_rmssd_ms.is_some() && r.hrv_status.is_some()));
    // a second sync adds no new days (the recordings are the same)
    assert_eq!(env.sync(GarminSyncScope::WellnessOnly).unwrap().new_days, 0);
}

/// Everything logged by every test of this binary, at TRACE.
fn captured() -> &'static Arc<Mutex<Vec<u8>>> {
    static BUF: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    BUF.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let w = buf.clone();
        let sub = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || Sink(w.clone()))
            .finish();
        tracing::subscriber::set_global_default(sub).expect("no other global subscriber");
        buf
    })
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn tokens_appear_in_no_log_line_and_no_error() {
    let buf = captured().clone();
    let Some(env) = connected(2) else { return };
    // a token refresh mid-sync (rotation saved), then a sign-in that fails
    env.fake.expire_access_token();
    env.sync(GarminSyncScope::All).unwrap();
    assert!(env.fake.refreshes() >= 1);
    let tokens = env.app.garmin_status(env.athlete).unwrap();
    assert!(tokens.connected);
    // the planted marker: a python token file carrying it
    const MARKER: &str = "PLANTEDTOKENMARKER93f1";
    let json = format!(
        r#"{{"di_token": "{MARKER}", "di_refresh_token": "{MARKER}-r", "di_client_id": "GARMIN_CONNECT_MOBILE_ANDROID_DI_2025Q2"}}"#
    );
    let e = env
        .app
        .garmin_import_tokens(env.athlete, &json)
        .unwrap_err();
    assert!(!e.to_string().contains(MARKER), "{e}");
    let e = env
        .app
        .garmin_connect_ticket(env.athlete, &format!("ST-{MARKER}"))
        .unwrap_err();
    assert!(!e.to_string().contains(MARKER), "{e}");
    let err = env
        .app
        .garmin_import_tokens(env.athlete, &format!("{{\"di_token\": \"{MARKER}\""))
        .unwrap_err();
    assert!(!err.to_string().contains(MARKER), "{err}");
    // what the vault's tokens are now: in no log line either
    let log = String::from_utf8(buf.lock().unwrap().clone()).unwrap();
    assert!(log.contains("garmin sync finished"), "capture works");
    assert!(!log.contains(MARKER));
    assert!(!log.contains("fake-refresh-"), "a refresh token was logged");
    assert!(!log.contains("eyJ"), "a JWT was logged");
    for l in env.app.garmin_log(env.athlete, 10).unwrap() {
        assert!(!format!("{l:?}").contains(MARKER));
    }
}

#[test]
fn a_planned_workout_is_created_and_scheduled_on_its_day() {
    let Some(env) = connected(0) else { return };
    let scope = env.app.athlete(env.athlete).unwrap();
    crate::plans::runner(&scope);
    scope.generate_plan().unwrap();
    let plan = scope.plan(None).unwrap();
    let i = plan
        .workouts
        .iter()
        .position(|w| !w.is_race() && !w.steps.is_empty())
        .expect("a structured workout");
    let pushed = env
        .app
        .garmin_push_workout(env.athlete, paceline_app::WorkoutRef::Index(i), None)
        .unwrap();
    assert_eq!(pushed.date, plan.workouts[i].date.to_string());
    assert_eq!(pushed.workout_id, 900_000_001);
    let hits = env.fake.hits();
    assert!(hits.contains(&"POST /workout-service/workout".to_string()));
    assert!(hits.contains(&"POST /workout-service/schedule/900000001".to_string()));
    // the race itself is refused
    let race = plan.workouts.iter().position(|w| w.is_race()).unwrap();
    let e = env
        .app
        .garmin_push_workout(env.athlete, paceline_app::WorkoutRef::Index(race), None)
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
}
