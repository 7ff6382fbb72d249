//! `paceline garmin …` and `paceline wellness` against the fake Garmin server.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use paceline_app::ExposeSecret;
use paceline_garmin::fake::{FakeActivity, FakeGarmin, Fault};

use crate::stdout;

struct Fake {
    fake: FakeGarmin,
    _rt: tokio::runtime::Runtime,
}

/// The fake with `n` activities (demo FIT files, one a day), or `None` without the corpus.
fn fake(n: usize) -> Option<Fake> {
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
    let files = paceline_demo::generate(&paceline_demo::ALEX, 20_400 * 86_400, 1 + n as u32 / 4, 9);
    assert!(files.len() >= n, "the demo has {} files", files.len());
    let t0: i64 = 1_767_268_800;
    fake.set_activities(FakeActivity::daily(
        2000,
        t0,
        files.into_iter().take(n).map(|f| f.bytes),
    ));
    Some(Fake { fake, _rt: rt })
}

fn garmin(data: &Path, f: &Fake, args: &[&str], stdin: &str) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_paceline"))
        .args(args)
        .env("PACELINE_DATA_DIR", data)
        .env("PACELINE_PASSPHRASE", "cli-test")
        .env("PACELINE_GARMIN_URL", f.fake.url.as_str())
        .env("PACELINE_GARMIN_PACE_MS", "0")
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    c.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    c.wait_with_output().unwrap()
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "{}\n{}",
        stdout(o),
        String::from_utf8_lossy(&o.stderr)
    );
    stdout(o)
}

#[test]
fn ticket_login_sync_log_wellness_logout() {
    let Some(f) = fake(3) else { return };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    f.fake.add_ticket("ST-555-fake");
    let url = "https://sso.garmin.com/sso/embed?ticket=ST-555-fake";
    let out = ok(&garmin(data, &f, &["garmin", "login", "--ticket", url], ""));
    assert!(
        out.contains("Connected to Garmin Connect as mtamizi"),
        "{out}"
    );

    let r: paceline_types::GarminSyncReport =
        serde_json::from_str(&ok(&garmin(data, &f, &["garmin", "sync", "--json"], ""))).unwrap();
    assert_eq!(r.new_activities, 3);
    assert!(r.new_days > 0);
    let again = ok(&garmin(
        data,
        &f,
        &["garmin", "sync", "--activities-only"],
        "",
    ));
    assert!(
        again.starts_with(
            "0 new activities, 0 already present, 0 skipped, 0 new wellness days · 1 requests"
        ),
        "{again}"
    );
    let list: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&garmin(data, &f, &["activities", "--json"], ""))).unwrap();
    assert_eq!(list.len(), 3);

    let log: Vec<paceline_types::GarminSyncLogEntry> =
        serde_json::from_str(&ok(&garmin(data, &f, &["garmin", "log", "--json"], ""))).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!((log[0].outcome.as_str(), log[0].requests), ("done", 1));
    let text = ok(&garmin(data, &f, &["garmin", "log"], ""));
    assert!(
        text.contains("done") && text.contains("3 activities"),
        "{text}"
    );

    let days: Vec<paceline_types::WellnessDayView> = serde_json::from_str(&ok(&garmin(
        data,
        &f,
        &[
            "wellness",
            "--from",
            "2023-07-01",
            "--to",
            "2023-07-01",
            "--json",
        ],
        "",
    )))
    .unwrap();
    assert_eq!(days.len(), 1);
    assert_eq!(days[0].steps, Some(12413));
    let table = ok(&garmin(
        data,
        &f,
        &["wellness", "--from", "2023-07-01", "--to", "2023-07-01"],
        "",
    ));
    assert!(
        table.contains("2023-07-01") && table.contains("12413"),
        "{table}"
    );

    let st = ok(&garmin(data, &f, &["garmin", "status"], ""));
    assert!(
        st.contains("3 activities synced") && st.contains("history backfilled"),
        "{st}"
    );
    ok(&garmin(data, &f, &["garmin", "logout"], ""));
    let st: paceline_types::GarminStatus =
        serde_json::from_str(&ok(&garmin(data, &f, &["garmin", "status", "--json"], ""))).unwrap();
    assert!(!st.connected);
    let out = garmin(data, &f, &["garmin", "sync"], "");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("paceline garmin login"));
}

#[test]
fn email_password_mfa_and_a_login_429_cooldown() {
    let Some(f) = fake(0) else { return };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let out = garmin(
        data,
        &f,
        &["garmin", "login", "--email", "mfa@example.com"],
        "secret-password\n000000\n123456\n",
    );
    let text = ok(&out);
    assert!(text.contains("Connected"), "{text}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("MFA code was not accepted"), "{err}");
    assert!(!err.contains("secret-password"));

    // Garmin's login 429: a cooldown is saved, the next try does not reach Garmin
    let out = garmin(data, &f, &["garmin", "login"], "limited@example.com\npw\n");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(err.contains("try again after"), "{err}");
    let st: paceline_types::GarminStatus =
        serde_json::from_str(&ok(&garmin(data, &f, &["garmin", "status", "--json"], ""))).unwrap();
    assert!(st.login_cooldown_until_utc.is_some());
    let hits = f.fake.hits().len();
    let out = garmin(data, &f, &["garmin", "login"], "someone@example.com\npw\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("try again after"));
    assert_eq!(
        f.fake.hits().len(),
        hits,
        "a login during the cooldown reached Garmin"
    );
}

#[test]
fn a_python_garminconnect_token_file_is_imported() {
    let Some(f) = fake(1) else { return };
    let dir = tempfile::tempdir().unwrap();
    let t = f.fake.issue_tokens();
    let file = dir.path().join("garmin_tokens.json");
    std::fs::write(
        &file,
        serde_json::json!({
            "di_token": t.access_token.expose_secret(),
            "di_refresh_token": t.refresh_token.expose_secret(),
            "di_client_id": t.client_id,
        })
        .to_string(),
    )
    .unwrap();
    let data = dir.path().join("data");
    let out = ok(&garmin(
        &data,
        &f,
        &["garmin", "login", "--import-tokens", file.to_str().unwrap()],
        "",
    ));
    assert!(out.contains("Connected"), "{out}");
    let out = ok(&garmin(
        &data,
        &f,
        &["garmin", "sync", "--activities-only"],
        "",
    ));
    assert!(out.starts_with("1 new activities"), "{out}");
    // nothing the CLI wrote (stdout, the log files) holds the token
    let logs = std::fs::read_dir(data.join("logs")).unwrap();
    for l in logs.flatten() {
        let text = std::fs::read_to_string(l.path()).unwrap();
        assert!(!text.contains(t.refresh_token.expose_secret()));
        assert!(!text.contains(t.access_token.expose_secret()));
    }
}

#[test]
fn kill_9_in_the_middle_of_a_backfill_then_the_next_sync_stores_each_activity_once() {
    const N: usize = 30;
    let Some(f) = fake(N) else { return };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    f.fake.add_ticket("ST-556-fake");
    ok(&garmin(
        data,
        &f,
        &["garmin", "login", "--ticket", "ST-556-fake"],
        "",
    ));
    // every download takes 100 ms: the backfill takes about 3 s
    for _ in 0..N {
        f.fake.push_fault(
            "/download-service/",
            Fault::Delay(std::time::Duration::from_millis(100)),
        );
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_paceline"))
        .args(["garmin", "sync", "--activities-only", "--quiet"])
        .env("PACELINE_DATA_DIR", data)
        .env("PACELINE_PASSPHRASE", "cli-test")
        .env("PACELINE_GARMIN_URL", f.fake.url.as_str())
        .env("PACELINE_GARMIN_PACE_MS", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let t = std::time::Instant::now();
    while f
        .fake
        .hits()
        .iter()
        .filter(|h| h.contains("/download-service/"))
        .count()
        < 8
    {
        assert!(t.elapsed().as_secs() < 60, "the sync never got going");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let out = ok(&garmin(data, &f, &["check"], ""));
    assert!(out.contains("ok"), "{out}");
    let list: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&garmin(data, &f, &["activities", "--json"], ""))).unwrap();
    assert!(
        !list.is_empty() && list.len() < N,
        "killed after {} activities",
        list.len()
    );
    let st: paceline_types::GarminStatus =
        serde_json::from_str(&ok(&garmin(data, &f, &["garmin", "status", "--json"], ""))).unwrap();
    assert!(!st.backfill_done);
    // the next sync resumes: every activity exactly once
    ok(&garmin(
        data,
        &f,
        &["garmin", "sync", "--activities-only"],
        "",
    ));
    let list: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&garmin(data, &f, &["activities", "--json"], ""))).unwrap();
    assert_eq!(list.len(), N);
    let st: paceline_types::GarminStatus =
        serde_json::from_str(&ok(&garmin(data, &f, &["garmin", "status", "--json"], ""))).unwrap();
    assert_eq!((st.synced_activities, st.backfill_done), (N as u32, true));
    // the killed run's log row stays `running` (it never ended), the next says done
    let log: Vec<paceline_types::GarminSyncLogEntry> =
        serde_json::from_str(&ok(&garmin(data, &f, &["garmin", "log", "--json"], ""))).unwrap();
    assert_eq!(log[0].outcome, "done");
}
