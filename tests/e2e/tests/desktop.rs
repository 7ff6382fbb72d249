//! The real desktop app, driven like a user would: fresh vault, import a FIT file
//! through the drop's code path, see it listed, open it, see the chart.
//!
//! Needs Xvfb, tauri-driver and WebKitWebDriver (`cargo xtask setup` installs them)
//! and the built app (`PACELINE_DESKTOP_BIN`, set by `cargo xtask test`). Without
//! them the test skips with a message, unless `PACELINE_E2E_REQUIRED=1`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

#[path = "desktop/activities.rs"]
mod activities;
#[path = "desktop/coach.rs"]
mod coach;
#[path = "desktop/garmin.rs"]
mod garmin;
#[path = "desktop/logbook.rs"]
mod logbook;
#[path = "desktop/people.rs"]
mod people;
#[path = "desktop/plans.rs"]
mod plans;
#[path = "desktop/routes.rs"]
mod routes;
#[path = "desktop/shot.rs"]
mod shot;

struct Killed(Child);
impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn which(p: &str) -> Option<PathBuf> {
    let home_bin = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin").join(p));
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|d| d.join(p))
        .chain(home_bin)
        .find(|c| c.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// What the test needs, or why it cannot run here.
/// The package folder at run time: a target dir shared between checkouts can hold a
/// test binary built in another one, with another path compiled in.
fn package_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

fn prerequisites() -> Result<(PathBuf, PathBuf), String> {
    if std::env::var("PACELINE_E2E").as_deref() == Ok("skip") {
        return Err("PACELINE_E2E=skip".into());
    }
    let app = std::env::var_os("PACELINE_DESKTOP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| package_dir().join("../../target/debug/paceline-desktop"));
    if !app.is_file() {
        return Err(format!(
            "no desktop build at {} (cargo xtask test builds it)",
            app.display()
        ));
    }
    for tool in ["Xvfb", "WebKitWebDriver"] {
        which(tool).ok_or(format!("{tool} is not installed (cargo xtask setup)"))?;
    }
    let driver =
        which("tauri-driver").ok_or("tauri-driver is not installed (cargo xtask setup)")?;
    Ok((app, driver))
}

fn start_xvfb() -> (Killed, String) {
    let n = (120..250)
        .find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists())
        .expect("a free display");
    let display = format!(":{n}");
    let child = Command::new("Xvfb")
        .args([
            display.as_str(),
            "-screen",
            "0",
            "1280x860x24",
            "-nolisten",
            "tcp",
        ])
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb starts");
    let t0 = Instant::now();
    while !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "Xvfb did not come up"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (Killed(child), display)
}

/// Imports a file for the athlete the window shows, through the command a drop uses;
/// answers the import job's id (or `ERR …`).
const IMPORT_SCRIPT: &str = "const [p, done] = arguments; const core = window.__TAURI__.core;\
    core.invoke('current_athlete').then(a => core.invoke('import_files', { athleteId: a, paths: [p] }))\
    .then(r => done(JSON.stringify(r)), e => done('ERR ' + JSON.stringify(e)));";

/// A WebDriver session on `app` through the tauri-driver listening on `port`
/// (retried while the driver starts).
/// A WebDriver session with the app on `display`.
async fn session(app: &Path, port: u16, display: &str) -> Client {
    let caps = serde_json::json!({
        "browserName": "wry",
        "tauri:options": { "application": app.canonicalize().unwrap() }
    });
    let caps = caps.as_object().unwrap().clone();
    let url = format!("http://127.0.0.1:{port}");
    let t0 = Instant::now();
    loop {
        match ClientBuilder::native()
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => {
                let id = c.session_id().await.unwrap().unwrap_or_default();
                shot::register(&id, display);
                return c;
            }
            Err(_) if t0.elapsed() < Duration::from_secs(30) => {
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(e) => panic!("no WebDriver session: {e}"),
        }
    }
}

async fn activity_rows(c: &Client) -> usize {
    c.find_all(Locator::Css("[data-testid=activity-row]"))
        .await
        .map_or(0, |v| v.len())
}

async fn wait_for(c: &Client, css: &str, secs: u64) -> fantoccini::elements::Element {
    match c
        .wait()
        .at_most(Duration::from_secs(secs))
        .for_element(Locator::Css(css))
        .await
    {
        Ok(el) => el,
        Err(e) => {
            // Say where the window was instead: its route and the start of its text.
            let shot = screenshot(c, "wait-failed.png").await;
            let seen = c
                .execute(
                    "return location.pathname + ' | ' + document.body.innerText.slice(0, 600);",
                    vec![],
                )
                .await
                .map(|v| v.as_str().unwrap_or_default().replace('\n', " / "))
                .unwrap_or_default();
            panic!(
                "{css} did not appear within {secs} s: {e}; the window shows {seen} (screenshot {})",
                shot.display()
            )
        }
    }
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Waits up to 20 s for the element's text (or, with `html`, its markup) to
/// contain `needle`.
async fn wait_contains(c: &Client, css: &str, html: bool, needle: &str) {
    wait_contains_for(c, css, html, needle, 20).await;
}

/// [`wait_contains`] with a limit of `secs`; on failure it says what was shown instead.
async fn wait_contains_for(c: &Client, css: &str, html: bool, needle: &str, secs: u64) {
    let t0 = Instant::now();
    loop {
        let el = wait_for(c, css, secs).await;
        let got = if html {
            el.html(true).await
        } else {
            el.text().await
        };
        if got.as_ref().is_ok_and(|g| g.contains(needle)) {
            return;
        }
        if t0.elapsed() >= Duration::from_secs(secs) {
            let shot = screenshot(c, "wait-failed.png").await;
            panic!(
                "{css} never showed {needle:?} within {secs} s; it shows {got:?} (screenshot {})",
                shot.display()
            );
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

async fn screenshot(c: &Client, name: &str) -> PathBuf {
    let dir = package_dir().join("../../target/e2e");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let id = c.session_id().await.unwrap().unwrap_or_default();
    let display = shot::display_of(&id).expect("the session's display");
    shot::capture(&display, &path).unwrap_or_else(|e| panic!("screenshot {name}: {e}"));
    path
}

/// Its own app on its own vault and display, pointed at the fake Garmin server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garmin_sign_in_sync_and_latency() {
    garmin::sign_in_sync_and_stay_responsive().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_a_fit_file_and_see_its_chart() {
    let (app, driver) = match prerequisites() {
        Ok(p) => p,
        Err(why) if std::env::var("PACELINE_E2E_REQUIRED").as_deref() != Ok("1") => {
            eprintln!("SKIP end-to-end: {why}");
            return;
        }
        Err(why) => panic!("end-to-end test required but cannot run: {why}"),
    };
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("vault");
    let exports = work.path().join("exports");
    // A ride written by our own FIT writer: no third-party data needed.
    let ride = paceline_demo::generate(&paceline_demo::ALEX, 20_400 * 86_400, 1, 5)
        .into_iter()
        .find(|f| f.kind == paceline_demo::Kind::RideIntervals)
        .expect("an interval ride");
    let fit = work.path().join(&ride.file_name);
    std::fs::write(&fit, &ride.bytes).unwrap();

    // A fake WhatsApp Cloud API for the group digest's delivery.
    let whatsapp =
        paceline_whatsapp::fake::FakeWhatsApp::start_blocking(people::TOKEN, people::PHONE_ID);
    let (_x, display) = start_xvfb();
    let (port, native) = (free_port(), free_port());
    let _driver = Killed(
        Command::new(driver)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("DISPLAY", &display)
            .env("PACELINE_DATA_DIR", &data)
            .env("PACELINE_PASSPHRASE", "e2e-passphrase")
            .env("PACELINE_EXPORT_DIR", &exports)
            .env("PACELINE_WHATSAPP_URL", whatsapp.url().as_str())
            .env("PACELINE_WHATSAPP_BACKOFF_MS", "10")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver starts"),
    );
    let c = session(&app, port, &display).await;
    let started = Instant::now();

    // A fresh vault: the app is ready and has nothing yet.
    wait_for(&c, "[data-testid=app-ready]", 60).await;
    eprintln!(
        "first paint (app-ready) {:.2} s after the session opened",
        started.elapsed().as_secs_f64()
    );
    wait_for(&c, "[data-testid=empty-state]", 20).await;

    // Import through the command the drop handler uses (same function, same event).
    let script = IMPORT_SCRIPT;
    let reply = c
        .execute_async(script, vec![serde_json::json!(fit.to_str().unwrap())])
        .await
        .unwrap();
    let reply = reply.as_str().unwrap_or_default().to_string();
    // The reply is the import job's id; its events bring the toast.
    assert!(reply.parse::<u64>().is_ok(), "import reply: {reply}");
    wait_for(&c, "[data-testid=import-toast]", 20).await;

    // The list shows it; open it.
    click(&c, "[data-testid=nav-activities]").await;
    let row = wait_for(&c, "[data-testid=activity-row]", 20).await;
    let rows = c
        .find_all(Locator::Css("[data-testid=activity-row]"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1, "exactly the one imported activity");
    screenshot(&c, "activities.png").await;
    // WebKitWebDriver refuses to click a bare <tr> ("not interactable"); click its
    // first cell, as a user clicks the text, and fall back to a DOM click.
    let cell = row.find(Locator::Css("td")).await.unwrap();
    if cell.click().await.is_err() {
        c.execute(
            "document.querySelector('[data-testid=activity-row]').click()",
            vec![],
        )
        .await
        .unwrap();
    }
    let title = wait_for(&c, "[data-testid=activity-title]", 20)
        .await
        .text()
        .await
        .unwrap();
    assert!(!title.trim().is_empty());
    let totals = wait_for(&c, "[data-testid=activity-totals]", 20)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        totals.contains("km") || totals.contains("mi"),
        "totals: {totals}"
    );
    wait_for(&c, "[data-testid=activity-chart] svg", 30).await;
    let chart = c
        .find(Locator::Css("[data-testid=activity-chart]"))
        .await
        .unwrap()
        .html(true)
        .await
        .unwrap();
    assert!(
        chart.contains("Power (W)") && chart.contains("Heart rate"),
        "chart lacks its panels"
    );
    let shot = screenshot(&c, "activity.png").await;
    eprintln!("screenshot: {}", shot.display());
    // Its GPS line becomes a route of the library.
    click(&c, "[data-testid=save-as-route]").await;
    wait_contains(
        &c,
        "[data-testid=save-as-route-result]",
        false,
        "Saved to your routes",
    )
    .await;

    // The chart against distance: its x ticks become kilometres.
    click(&c, "[data-testid=chart-x-distance]").await;
    wait_contains(&c, "[data-testid=activity-chart]", true, "0 km").await;
    // Rate the session: the metrics card gains its session RPE.
    c.execute(
        "const s = document.querySelector('[data-testid=rpe-select]');\
         s.value = '6'; s.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![],
    )
    .await
    .unwrap();
    wait_contains(&c, "[data-testid=activity-metrics]", false, "Session RPE").await;
    screenshot(&c, "activity-rated.png").await;

    // A broken file: a clear message, nothing stored.
    let bad = work.path().join("broken.fit");
    std::fs::write(&bad, b"<?xml version=\"1.0\"?><gpx></gpx>").unwrap();
    let reply = c
        .execute_async(script, vec![serde_json::json!(bad.to_str().unwrap())])
        .await
        .unwrap();
    assert!(
        reply.as_str().unwrap_or_default().parse::<u64>().is_ok(),
        "{reply:?}"
    );
    wait_contains(
        &c,
        "[data-testid=import-failure]",
        false,
        "not a FIT file: looks like GPX",
    )
    .await;
    click(&c, "[data-testid=nav-activities]").await;
    wait_for(&c, "[data-testid=activity-row]", 20).await;
    assert_eq!(
        c.find_all(Locator::Css("[data-testid=activity-row]"))
            .await
            .unwrap()
            .len(),
        1
    );

    // Settings: watch a folder; the watcher imports a file dropped into it.
    click(&c, "[data-testid=nav-settings]").await;
    let input = wait_for(&c, "[data-testid=watch-path]", 20).await;
    let watched = work.path().join("GARMIN/Activity");
    std::fs::create_dir_all(&watched).unwrap();
    input
        .send_keys(&format!(
            "{}{}",
            watched.display(),
            char::from(fantoccini::key::Key::Enter)
        ))
        .await
        .unwrap();
    let state = wait_for(&c, ".pl-watched__state", 20).await;
    assert_eq!(state.text().await.unwrap(), "watching");
    let second = paceline_demo::generate(&paceline_demo::ALEX, 20_500 * 86_400, 1, 3)
        .into_iter()
        .find(|f| f.kind == paceline_demo::Kind::RunLong)
        .expect("a long run");
    // The watcher's import and a drop at the same time: two jobs, two notices.
    let toasts = |c: Client| async move {
        c.find_all(Locator::Css(
            "[data-testid=import-toast], [data-testid=import-progress]",
        ))
        .await
        .map_or(0, |v| v.len())
    };
    let before = toasts(c.clone()).await;
    let third = paceline_demo::generate(&paceline_demo::ALEX, 20_510 * 86_400, 1, 4)
        .into_iter()
        .find(|f| f.kind == paceline_demo::Kind::RideLong)
        .expect("a long ride");
    let third_path = work.path().join(&third.file_name);
    std::fs::write(&third_path, &third.bytes).unwrap();
    std::fs::write(watched.join(&second.file_name), &second.bytes).unwrap();
    let reply = c
        .execute_async(
            IMPORT_SCRIPT,
            vec![serde_json::json!(third_path.to_str().unwrap())],
        )
        .await
        .unwrap();
    assert!(
        reply.as_str().unwrap_or_default().parse::<u64>().is_ok(),
        "{reply:?}"
    );
    let t0 = Instant::now();
    while toasts(c.clone()).await < before + 2 {
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "the drop and the watcher did not each get a notice"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    screenshot(&c, "two-imports.png").await;
    click(&c, "[data-testid=nav-activities]").await;
    let t0 = Instant::now();
    while c
        .find_all(Locator::Css("[data-testid=activity-row]"))
        .await
        .unwrap()
        .len()
        < 3
    {
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "the watched folder's file never showed up"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    click(&c, "[data-testid=nav-settings]").await;
    wait_for(&c, "[data-testid=watched-folders] code", 20).await;
    // The profile form shows the vault's athlete.
    let name = wait_for(&c, "[data-testid=profile-name]", 20).await;
    let t0 = Instant::now();
    while name
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
        .is_empty()
    {
        assert!(t0.elapsed() < Duration::from_secs(20), "no athlete name");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    screenshot(&c, "settings.png").await;

    // Thresholds give zones: set FTP and LTHR through the command the form uses,
    // then come back to Settings (it reads the thresholds when shown).
    let set = "const [t, done] = arguments; const core = window.__TAURI__.core;\
               core.invoke('current_athlete')\
               .then(a => core.invoke('set_threshold', { athleteId: a, threshold: t }))\
               .then(() => done('ok'), e => done('ERR ' + JSON.stringify(e)));";
    for t in [
        serde_json::json!({ "sport": "ride", "kind": "ftp", "value": 250.0, "from_day": 20_000 }),
        serde_json::json!({ "sport": null, "kind": "lthr", "value": 168.0, "from_day": 20_000 }),
    ] {
        let r = c.execute_async(set, vec![t]).await.unwrap();
        assert_eq!(r.as_str(), Some("ok"), "{r}");
    }
    click(&c, "[data-testid=nav-dashboard]").await;
    click(&c, "[data-testid=nav-settings]").await;
    let power = wait_for(&c, "[data-testid=zones-ftp-ride]", 20).await;
    let text = power.text().await.unwrap();
    // Coggan Z2 is 56–75 % of 250 W: above 137.5 up to 187.5 W.
    assert!(
        text.contains("Z2 Endurance") && text.contains("138–188 W"),
        "{text}"
    );
    wait_for(&c, "[data-testid=zones-lthr-run]", 20).await;
    // Past the page's own scroll-to-top, and without the import reports over it.
    tokio::time::sleep(Duration::from_millis(500)).await;
    c.execute(
        "document.querySelectorAll('.pl-toast__close').forEach(b => b.click());\
         document.querySelector('[data-testid=zones-ftp-ride]').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    screenshot(&c, "zones.png").await;

    // CSS from a 400/200 test: 6:00 and 2:50 give 200 m / 190 s, 1:35 per 100 m.
    c.execute(
        "const s = document.querySelector('[data-testid=threshold-kind]');\
         s.value = 'css'; s.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![],
    )
    .await
    .unwrap();
    wait_for(&c, "[data-testid=css-400]", 20)
        .await
        .send_keys("6:00")
        .await
        .unwrap();
    wait_for(&c, "[data-testid=css-200]", 20)
        .await
        .send_keys("2:50")
        .await
        .unwrap();
    click(&c, "[data-testid=css-test] button").await;
    let value = wait_for(&c, "[data-testid=threshold-value]", 20)
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(value.as_deref(), Some("1:35"));

    // Athletes: add a second one, switch to them, import a file for them; the first
    // athlete's list is unchanged when we switch back.
    click(&c, "[data-testid=nav-activities]").await;
    wait_for(&c, "[data-testid=activity-row]", 20).await;
    let first_rows = activity_rows(&c).await;
    click(&c, "[data-testid=nav-athletes]").await;
    wait_for(&c, "[data-testid=athlete-new-name]", 20)
        .await
        .send_keys("Bea")
        .await
        .unwrap();
    click(&c, "[data-testid=athlete-add]").await;
    wait_contains(&c, "[data-testid=athlete-list]", false, "Bea").await;
    screenshot(&c, "athletes.png").await;
    let switch = "const s = document.querySelector('[data-testid=athlete-switcher]');\
        s.value = [...s.options].find(o => o.text === 'Bea').value;\
        s.dispatchEvent(new Event('change'));";
    c.execute(switch, vec![]).await.unwrap();
    // The page reloads for Bea: her list is empty until her import lands.
    tokio::time::sleep(Duration::from_secs(2)).await;
    wait_for(&c, "[data-testid=app-ready]", 30).await;
    click(&c, "[data-testid=nav-dashboard]").await;
    wait_for(&c, "[data-testid=empty-state]", 20).await;
    let reply = c
        .execute_async(
            IMPORT_SCRIPT,
            vec![serde_json::json!(fit.to_str().unwrap())],
        )
        .await
        .unwrap();
    assert!(
        reply.as_str().unwrap_or_default().parse::<u64>().is_ok(),
        "{reply:?}"
    );
    wait_for(&c, "[data-testid=import-toast]", 20).await;
    click(&c, "[data-testid=nav-activities]").await;
    wait_for(&c, "[data-testid=activity-row]", 30).await;
    assert_eq!(activity_rows(&c).await, 1);
    screenshot(&c, "second-athlete.png").await;
    let back = "const s = document.querySelector('[data-testid=athlete-switcher]');\
        s.value = s.options[0].value; s.dispatchEvent(new Event('change'));";
    c.execute(back, vec![]).await.unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    wait_for(&c, "[data-testid=app-ready]", 30).await;
    click(&c, "[data-testid=nav-activities]").await;
    wait_for(&c, "[data-testid=activity-row]", 20).await;
    assert_eq!(activity_rows(&c).await, first_rows);

    plans::goals_calendar_and_export(&c, &exports).await;
    routes::import_and_estimate(&c).await;
    logbook::strength_session_and_progress(&c).await;
    people::import_last_week(&c, work.path()).await;
    people::group_digest_sent_to_whatsapp(&c, &whatsapp).await;
    let llm = paceline_llm_fake::FakeLlm::start().await;
    coach::chat_and_review(&c, &llm).await;
    coach::plan_by_model_and_approved_suggestion(&c, &llm).await;
    activities::long_history(&c, work.path()).await;
    c.close().await.unwrap();
}
