//! Garmin Connect on the desktop, against the fake Garmin server: Settings › Garmin ›
//! Connect opens Garmin's sign-in page in a second window (the fake's page signs in by
//! itself and goes to `/sso/embed?ticket=ST-…`, which the shell cancels and exchanges
//! once), the card shows the connection, Sync now brings the activities into the list,
//! and the window stays responsive while the sync runs (command latency printed).
//! Then start at login, and a second launch handing its file to the first.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use paceline_garmin::fake::{FakeActivity, FakeGarmin};

use super::{
    activity_rows, click, free_port, prerequisites, screenshot, session, start_xvfb, wait_contains,
    wait_for, Killed,
};

/// Demo activities (our own FIT writer) served by the fake, ids 5000+i.
fn garmin_activities(n: usize) -> Vec<FakeActivity> {
    paceline_demo::generate(&paceline_demo::ALEX, 20_420 * 86_400, 12, 11)
        .into_iter()
        .take(n)
        .enumerate()
        .map(|(i, f)| FakeActivity {
            id: 5000 + i as i64,
            start: jiff::Timestamp::from_second(f.start_utc).unwrap(),
            fit: f.bytes,
        })
        .collect()
}

/// Times `list_activities` (a cheap command) over and over from the page, starting
/// the sync with the card's "Sync now" button, until its job ends: the latencies (ms)
/// seen while it ran.
const LATENCY_SCRIPT: &str = "const done = arguments[arguments.length - 1];\
  const core = window.__TAURI__.core; const ev = window.__TAURI__.event;\
  (async () => {\
    const a = await core.invoke('current_athlete');\
    let job = null, ended = null; const t0 = performance.now();\
    const un = await ev.listen('job', e => { const j = e.payload.job;\
      if (j.kind !== 'garmin_sync') return; job = j.id;\
      if (j.state !== 'running') ended = j.state; });\
    document.querySelector('[data-testid=garmin-sync]').click();\
    const times = [];\
    while (ended === null && performance.now() - t0 < 120000) {\
      const t = performance.now();\
      await core.invoke('list_activities', { athleteId: a });\
      if (job !== null && ended === null) times.push(performance.now() - t);\
    }\
    un(); done(JSON.stringify({ job, ended, times, total: performance.now() - t0 }));\
  })().catch(e => done('ERR ' + JSON.stringify(e)));";

fn median_max(v: &mut [f64]) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[v.len() - 1])
}

pub async fn sign_in_sync_and_stay_responsive() {
    let (app, driver) = match prerequisites() {
        Ok(p) => p,
        Err(why) if std::env::var("PACELINE_E2E_REQUIRED").as_deref() != Ok("1") => {
            eprintln!("SKIP Garmin end-to-end: {why}");
            return;
        }
        Err(why) => panic!("end-to-end test required but cannot run: {why}"),
    };
    let Some(api) = paceline_testsupport::corpus("garmin-api") else {
        eprintln!("SKIP Garmin end-to-end: no corpus (the fake serves its recorded bodies)");
        return;
    };
    let fake = FakeGarmin::start(api.parent()).await.unwrap();
    let acts = garmin_activities(40);
    let n = acts.len();
    fake.set_activities(acts);

    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("vault");
    let home = work.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let (_x, display) = start_xvfb();
    let (port, native) = (free_port(), free_port());
    let env = [
        ("DISPLAY", display.clone()),
        ("PACELINE_DATA_DIR", data.display().to_string()),
        ("PACELINE_PASSPHRASE", "e2e-passphrase".into()),
        ("PACELINE_GARMIN_URL", fake.url.to_string()),
        ("PACELINE_GARMIN_PACE_MS", "0".into()),
        // start at login writes ~/.config/autostart: keep it in the test's folder
        ("HOME", home.display().to_string()),
    ];
    let mut cmd = Command::new(driver);
    cmd.args([
        "--port",
        &port.to_string(),
        "--native-port",
        &native.to_string(),
    ])
    .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    let _driver = Killed(cmd.spawn().expect("tauri-driver starts"));
    let c = session(&app, port, &display).await;
    wait_for(&c, "[data-testid=app-ready]", 60).await;

    // Settings › Garmin › Connect: Garmin's page in a second window; the ticket it
    // ends on is caught, exchanged once and the window closes by itself.
    click(&c, "[data-testid=nav-settings]").await;
    wait_for(&c, "[data-testid=garmin-card]", 20).await;
    wait_contains(&c, "[data-testid=garmin-status]", false, "Not connected").await;
    click(&c, "[data-testid=garmin-signin]").await;
    let t0 = Instant::now();
    let mut windows_seen = 1;
    loop {
        windows_seen = windows_seen.max(c.windows().await.map_or(1, |w| w.len()));
        let status = c
            .find(Locator::Css("[data-testid=garmin-status]"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap_or_default();
        if status.starts_with("Connected") {
            break;
        }
        if t0.elapsed() > Duration::from_secs(30) {
            screenshot(&c, "garmin-signin-failed.png").await;
            let msg = c
                .find(Locator::Css("[data-testid=garmin-message]"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap_or_default();
            panic!("not connected after the sign-in window: {status:?} / {msg:?}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    eprintln!("Garmin sign-in window: {windows_seen} WebDriver window(s) seen");
    assert_eq!(fake.exchanges(), 1, "the ticket was exchanged exactly once");
    let hits = fake.hits();
    assert!(
        !hits.iter().any(|h| h.starts_with("GET /sso/embed")),
        "the webview loaded the ticket page (consuming it): {hits:?}"
    );
    assert!(hits.iter().any(|h| h == "POST /sso/signin"), "{hits:?}");
    let t0 = Instant::now();
    while c.windows().await.map_or(0, |w| w.len()) > 1 {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "the sign-in window stayed open"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    screenshot(&c, "garmin-connected.png").await;

    // Sync now, timing a cheap command while it runs (one script for the whole sync).
    let mut timeouts = c.get_timeouts().await.unwrap();
    timeouts.set_script(Some(Duration::from_secs(150)));
    c.update_timeouts(timeouts).await.unwrap();
    let reply = c.execute_async(LATENCY_SCRIPT, vec![]).await.unwrap();
    let reply = reply.as_str().unwrap_or_default().to_string();
    let v: serde_json::Value =
        serde_json::from_str(&reply).unwrap_or_else(|_| panic!("latency script: {reply}"));
    assert_eq!(v["ended"], "done", "{reply}");
    let mut times: Vec<f64> = v["times"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(serde_json::Value::as_f64)
        .collect();
    assert!(!times.is_empty(), "no command ran during the sync: {reply}");
    let (median, max) = median_max(&mut times);
    println!(
        "list_activities during a {n}-activity Garmin sync ({:.1} s): {} calls, median {median:.1} ms, max {max:.1} ms",
        v["total"].as_f64().unwrap_or(0.0) / 1000.0,
        times.len()
    );
    assert!(
        median < 500.0,
        "the window stalls during a sync: median {median} ms"
    );
    wait_contains(&c, "[data-testid=garmin-message]", false, "new activities").await;
    wait_contains(&c, "[data-testid=garmin-last-sync]", false, "done").await;
    screenshot(&c, "garmin-synced.png").await;

    click(&c, "[data-testid=nav-activities]").await;
    wait_for(&c, "[data-testid=activity-row]", 30).await;
    // Every Garmin activity is listed (the table draws only the rows in view).
    wait_contains(&c, ".pl-page__subtitle", false, &format!("{n} activities")).await;
    assert!(activity_rows(&c).await > 0);
    screenshot(&c, "garmin-activities.png").await;

    // Start at login: off by default; the checkbox writes and removes the entry.
    click(&c, "[data-testid=nav-settings]").await;
    let autostart_dir = home.join(".config/autostart");
    let entries = |d: &Path| std::fs::read_dir(d).map_or(0, |r| r.count());
    let checkbox = wait_for(&c, "[data-testid=autostart]", 20).await;
    assert!(
        !checkbox.is_selected().await.unwrap(),
        "start at login is off by default"
    );
    checkbox.click().await.unwrap();
    wait_until(
        || entries(&autostart_dir) == 1,
        "the autostart entry was not written",
    )
    .await;
    wait_for(&c, "[data-testid=autostart]", 20)
        .await
        .click()
        .await
        .unwrap();
    wait_until(
        || entries(&autostart_dir) == 0,
        "the autostart entry stayed",
    )
    .await;

    second_launch_hands_over_its_file(&c, &app, &env, work.path(), n).await;
    c.close().await.unwrap();
}

async fn wait_until(mut f: impl FnMut() -> bool, what: &str) {
    let t0 = Instant::now();
    while !f() {
        assert!(t0.elapsed() < Duration::from_secs(20), "{what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A second launch on the same vault with a file: it exits at once, and the first
/// window imports the file. Needs a D-Bus session (where the instance is found).
async fn second_launch_hands_over_its_file(
    c: &Client,
    app: &Path,
    env: &[(&str, String)],
    dir: &Path,
    before: usize,
) {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        eprintln!("SKIP second launch: no D-Bus session (run under dbus-run-session)");
        return;
    }
    let ride = paceline_demo::generate(&paceline_demo::ALEX, 20_600 * 86_400, 1, 5)
        .into_iter()
        .next()
        .expect("a demo file");
    let file = dir.join(&ride.file_name);
    std::fs::write(&file, &ride.bytes).unwrap();
    let mut second = Command::new(app)
        .arg(&file)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    let status = loop {
        if let Some(s) = second.try_wait().unwrap() {
            break s;
        }
        if t0.elapsed() > Duration::from_secs(30) {
            let _ = second.kill();
            panic!("the second launch did not hand over and exit");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.success(), "second launch: {status}");
    click(c, "[data-testid=nav-dashboard]").await;
    click(c, "[data-testid=nav-activities]").await;
    // Counted from the list's header: the table draws only the rows in view.
    wait_contains(
        c,
        ".pl-page__subtitle",
        false,
        &format!("{} activities", before + 1),
    )
    .await;
    screenshot(c, "garmin-second-launch.png").await;
}
