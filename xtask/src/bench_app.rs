//! `cargo xtask bench app [--runs N] [--fresh]`: the desktop app as a user gets it.
//!
//! The build that ships (profile `dist`, with Tauri's `custom-protocol`, as `cargo
//! xtask bundle` makes it)
//! runs under a private Xvfb, launched by tauri-driver over WebDriver as the end-to-end
//! test does, on a vault holding the demo athlete (seeded once by `--demo`, kept in
//! `<target>/bench-app`; `--fresh` seeds it again). Three figures:
//!
//! - cold start: from asking for a new session (which starts the app) to the dashboard
//!   showing the athlete's recent activities, two animation frames later (painted);
//!   the best and the median of N launches. The page cache is warm after the first.
//! - idle memory: after 5 s idle, the PSS of the app and every process under it (the
//!   WebKit web and network processes), from `/proc/<pid>/smaps_rollup`, on every
//!   launch: the median and the range.
//! - command round trip, timed inside the page: `invoke('current_athlete')` (the IPC
//!   itself) and `invoke('dashboard')` (a real read), mean and 95th percentile.
//!
//! A WebDriver client over std's TcpStream: xtask stays dependency-free.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::sh::{self, run as sh_run, Result};

const COLD_START_TARGET_S: f64 = 1.5;
const IDLE_PSS_TARGET_MB: f64 = 250.0;
/// The dashboard with the athlete's data in it.
const PAINTED: &str = "[data-testid=recent-activity]";
const IDLE: Duration = Duration::from_secs(5);

pub fn run(args: &[String]) -> Result {
    const USAGE: &str = "usage: cargo xtask bench app [--runs N] [--fresh] [--bin PATH] [--vault DIR --passphrase P]";
    let mut runs = 5usize;
    let mut fresh = false;
    let mut given: Option<std::path::PathBuf> = None;
    let mut vault: Option<std::path::PathBuf> = None;
    let mut pass = "bench-app-passphrase".to_string();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => {
                runs = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or("--runs needs a number above 0")?
            }
            "--fresh" => fresh = true,
            "--bin" => given = Some(it.next().ok_or("--bin needs the app's path")?.into()),
            // Another vault (e.g. the dashboard bench's 3,000 activities), used as it is.
            "--vault" => vault = Some(it.next().ok_or("--vault needs a folder")?.into()),
            "--passphrase" => pass = it.next().ok_or("--passphrase needs a value")?.clone(),
            other => return Err(format!("unknown option {other:?}\n{USAGE}")),
        }
    }
    let env = crate::setup::all()?;
    let bin = match given {
        // Another build (an installed .deb's, a debug build): measured as it is.
        Some(b) => b
            .canonicalize()
            .map_err(|e| format!("{}: {e}", b.display()))?,
        None => build(&env)?,
    };
    eprintln!("measuring {}", bin.display());
    let driver_bin = sh::which("tauri-driver")
        .or_else(|| Some(env.tools_bin.join("tauri-driver")).filter(|p| p.is_file()))
        .ok_or("tauri-driver is not installed (cargo xtask setup)")?;

    let given_vault = vault.is_some();
    let data = vault.unwrap_or_else(|| sh::target_dir().join("bench-app"));
    if fresh && !given_vault {
        let _ = std::fs::remove_dir_all(&data);
    }
    let seeded = data.join("seeded");
    let xvfb = crate::run::Xvfb::start()?;
    // A fresh driver per launch: WebKitWebDriver holds one session, and one left
    // behind by a slow close must not fail the next launch.
    let driver = || Driver::start(&driver_bin, &xvfb.display, &data, &pass);

    if !seeded.exists() && !given_vault {
        eprintln!("seeding the demo athlete into {} (once)", data.display());
        let driver = driver()?;
        let s = driver.session(&bin, &["--demo"])?;
        s.wait_for(PAINTED, Duration::from_secs(120))?;
        s.wait_jobs_done(Duration::from_secs(600))?;
        s.close(&bin);
        std::fs::write(&seeded, b"").map_err(|e| e.to_string())?;
    }

    let mut cold = Vec::new();
    let mut in_page = Vec::new();
    let mut idle: Vec<Pss> = Vec::new();
    let mut listed = None;
    let mut trip = None;
    for i in 0..runs {
        let driver = driver()?;
        let t0 = Instant::now();
        let s = driver.session(&bin, &[])?;
        s.wait_for(PAINTED, Duration::from_secs(60))?;
        let page_ms = s.painted_ms()?;
        let total = t0.elapsed().as_secs_f64();
        eprintln!(
            "launch {}: painted dashboard after {total:.3} s ({page_ms:.0} ms of it in the page)",
            i + 1
        );
        cold.push(total);
        in_page.push(page_ms / 1000.0);
        // Idle memory on every launch: one launch's figure moves by a few MB.
        std::thread::sleep(IDLE);
        idle.push(pss_of_app(s.driver, &bin)?);
        if i == 0 {
            trip = Some(s.round_trips()?);
            // The Activities page over the whole history: what the web process holds
            // with the list open (it draws only the rows in view).
            s.script(
                "const done = arguments[arguments.length - 1];\
                 document.querySelector('a[href=\"/activities\"]').click(); done('ok');",
            )?;
            s.wait_for("[data-testid=activity-row]", Duration::from_secs(60))?;
            std::thread::sleep(IDLE);
            listed = Some(pss_of_app(s.driver, &bin)?);
        }
        s.close(&bin);
    }
    cold.sort_by(f64::total_cmp);
    in_page.sort_by(f64::total_cmp);
    idle.sort_by_key(|p| p.total);
    let (least, most) = (
        idle.first().map_or(0, |p| p.total),
        idle.last().map_or(0, |p| p.total),
    );
    let Pss {
        total: pss_kb,
        web: web_kb,
        procs,
    } = idle.get(idle.len() / 2).cloned().unwrap_or_default();
    let listed = listed.unwrap_or_default();
    let trip = trip.unwrap_or_default();
    let pss_mb = pss_kb as f64 / 1024.0;
    let verdict = |ok: bool| if ok { "ok" } else { "OVER" };
    println!(
        "\nbench app: {}, Xvfb, demo athlete, {runs} launches",
        bin.display()
    );
    println!(
        "{:<44} {:>12} {:>10} {:>6}",
        "measure", "value", "target", ""
    );
    println!(
        "{:<44} {:>10.3} s {:>8} s {:>6}",
        "cold start to painted dashboard (median)",
        median(&cold),
        COLD_START_TARGET_S,
        verdict(median(&cold) < COLD_START_TARGET_S)
    );
    println!("{:<44} {:>10.3} s", "cold start (best)", cold[0]);
    println!(
        "{:<44} {:>10.3} s",
        "  of which in the page (median)",
        median(&in_page)
    );
    println!(
        "{:<44} {:>9.1} MB {:>7} MB {:>6}",
        format!(
            "idle PSS after {} s, median ({procs} processes)",
            IDLE.as_secs()
        ),
        pss_mb,
        IDLE_PSS_TARGET_MB,
        verdict(pss_mb < IDLE_PSS_TARGET_MB)
    );
    println!(
        "{:<44} {:>9.1} MB – {:.1} MB",
        "  range over the launches",
        least as f64 / 1024.0,
        most as f64 / 1024.0
    );
    println!(
        "{:<44} {:>9.1} MB",
        "  of which the web process",
        web_kb as f64 / 1024.0
    );
    println!(
        "{:<44} {:>9.1} MB {:>+7.1} MB",
        "web process with the Activities list open",
        listed.web as f64 / 1024.0,
        (listed.web as f64 - web_kb as f64) / 1024.0
    );
    println!(
        "{:<44} {:>9.3} ms",
        "round trip current_athlete (mean)", trip.ping_mean
    );
    println!(
        "{:<44} {:>9.3} ms",
        "round trip current_athlete (p95)", trip.ping_p95
    );
    println!(
        "{:<44} {:>9.3} ms",
        "round trip dashboard (mean)", trip.dash_mean
    );
    println!(
        "{:<44} {:>9.3} ms",
        "round trip dashboard (p95)", trip.dash_p95
    );
    drop(xvfb);
    Ok(())
}

/// The UI, then the app in the profile that ships.
fn build(env: &crate::setup::Env) -> Result<std::path::PathBuf> {
    // The UI as the bundle ships it.
    crate::bundle::release_ui(env, true)?;
    let profile = crate::bundle::PROFILE;
    sh_run(sh::cargo().args([
        "build",
        "--profile",
        profile,
        "-p",
        "paceline-desktop",
        "--features",
        "tauri/custom-protocol",
    ]))?;
    sh::target_dir()
        .join(profile)
        .join("paceline-desktop")
        .canonicalize()
        .map_err(|e| format!("the {profile} build: {e}"))
}

fn median(sorted: &[f64]) -> f64 {
    sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN)
}

#[derive(Default)]
struct Trips {
    ping_mean: f64,
    ping_p95: f64,
    dash_mean: f64,
    dash_p95: f64,
}

/// tauri-driver (and the WebKitWebDriver it starts), stopped on drop.
struct Driver {
    port: u16,
    child: Child,
}

impl Driver {
    fn start(bin: &Path, display: &str, data: &Path, passphrase: &str) -> Result<Driver> {
        let (port, native) = (free_port()?, free_port()?);
        let child = Command::new(bin)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("DISPLAY", display)
            .env("PACELINE_DATA_DIR", data)
            // No keyring daemon here: a passphrase vault (never plaintext).
            .env("PACELINE_PASSPHRASE", passphrase)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start tauri-driver: {e}"))?;
        let t0 = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if t0.elapsed() > Duration::from_secs(10) {
                return Err("tauri-driver did not listen within 10 s".into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(Driver { port, child })
    }

    /// A new session: starts the app with `args`.
    fn session(&self, app: &Path, args: &[&str]) -> Result<Session> {
        let args: Vec<String> = args.iter().map(|a| json_string(a)).collect();
        let body = format!(
            r#"{{"capabilities":{{"alwaysMatch":{{"browserName":"wry","tauri:options":{{"application":{},"args":[{}]}}}}}}}}"#,
            json_string(&app.to_string_lossy()),
            args.join(",")
        );
        // WebKitWebDriver comes up after tauri-driver listens: retry for a while.
        let t0 = Instant::now();
        let id = loop {
            let reply = http(self.port, "POST", "/session", &body);
            match reply {
                Ok((200, r)) if json_str(&r, "sessionId").is_some() => {
                    break json_str(&r, "sessionId").unwrap_or_default();
                }
                other if t0.elapsed() > Duration::from_secs(30) => {
                    return Err(format!("no WebDriver session: {other:?}"));
                }
                _ => std::thread::sleep(Duration::from_millis(100)),
            }
        };
        let s = Session {
            port: self.port,
            id,
            driver: self.child.id(),
        };
        s.post("timeouts", r#"{"script":600000}"#)?;
        Ok(s)
    }
}

impl Drop for Driver {
    /// tauri-driver does not stop its WebKitWebDriver when killed: stop that by pid too.
    fn drop(&mut self) {
        let native: Vec<u32> = parents()
            .into_iter()
            .filter(|&(_, pp)| pp == self.child.id())
            .map(|(pid, _)| pid)
            .collect();
        let _ = self.child.kill();
        let _ = self.child.wait();
        for pid in native {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
    }
}

struct Session {
    port: u16,
    id: String,
    /// tauri-driver's pid: the app we measure is the one under it, not another
    /// instance of the same binary (a test running beside us).
    driver: u32,
}

impl Session {
    fn post(&self, what: &str, body: &str) -> Result<(u16, String)> {
        http(
            self.port,
            "POST",
            &format!("/session/{}/{what}", self.id),
            body,
        )
    }

    /// Polls (every 10 ms) until `css` matches an element.
    fn wait_for(&self, css: &str, limit: Duration) -> Result {
        let body = format!(r#"{{"using":"css selector","value":{}}}"#, json_string(css));
        let t0 = Instant::now();
        loop {
            let (status, _) = self.post("element", &body)?;
            if status == 200 {
                return Ok(());
            }
            if t0.elapsed() > limit {
                return Err(format!("{css} did not appear within {} s", limit.as_secs()));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Runs an async script (its last argument is the callback); its string answer.
    fn script(&self, js: &str) -> Result<String> {
        let body = format!(r#"{{"script":{},"args":[]}}"#, json_string(js));
        let (status, reply) = self.post("execute/async", &body)?;
        let value = json_str(&reply, "value").unwrap_or_default();
        if status != 200 || value.starts_with("ERR") {
            return Err(format!("script failed ({status}): {reply}"));
        }
        Ok(value)
    }

    /// Milliseconds since the page started, two frames after the dashboard's data
    /// appeared (so it has been painted).
    fn painted_ms(&self) -> Result<f64> {
        let v = self.script(
            "const done = arguments[arguments.length - 1];\
             requestAnimationFrame(() => requestAnimationFrame(() => done(String(performance.now()))));",
        )?;
        v.parse().map_err(|_| format!("not a time: {v}"))
    }

    /// Waits until no job (the demo's import) is running.
    fn wait_jobs_done(&self, limit: Duration) -> Result {
        // The window may not list jobs (its ACL grants only what the UI calls): the
        // demo is in when the athlete's activity count is non-zero and stays put.
        let t0 = Instant::now();
        let (mut last, mut steady) = (String::new(), 0);
        loop {
            let count = self.script(
                "const done = arguments[arguments.length - 1]; const core = window.__TAURI__.core;\
                 core.invoke('current_athlete').then(a => core.invoke('list_activities', { athleteId: a }))\
                 .then(l => done(String(l.length)), e => done('ERR ' + JSON.stringify(e)));",
            )?;
            if count.starts_with("ERR") {
                return Err(format!("listing activities: {count}"));
            }
            steady = if count == last && count != "0" {
                steady + 1
            } else {
                0
            };
            if steady >= 3 {
                return Ok(());
            }
            last = count;
            if t0.elapsed() > limit {
                return Err(format!(
                    "the demo was still importing after {} s",
                    limit.as_secs()
                ));
            }
            std::thread::sleep(Duration::from_secs(1));
        }
    }

    /// IPC round trips timed in the page: the mean of the whole loop (performance.now()
    /// is coarse in WebKit, a loop of many is not) and the 95th percentile of the calls.
    fn round_trips(&self) -> Result<Trips> {
        let v = self.script(
            "const done = arguments[arguments.length - 1]; const core = window.__TAURI__.core;\
             const time = async (f, n) => { const t = []; const s0 = performance.now();\
               for (let i = 0; i < n; i++) { const s = performance.now(); await f(); t.push(performance.now() - s); }\
               const mean = (performance.now() - s0) / n; t.sort((a, b) => a - b);\
               return mean + ' ' + t[Math.floor(n * 0.95)]; };\
             (async () => { const a = await core.invoke('current_athlete');\
               const ping = await time(() => core.invoke('current_athlete'), 500);\
               const dash = await time(() => core.invoke('dashboard', { athleteId: a }), 40);\
               done(ping + ' ' + dash); })().catch(e => done('ERR ' + JSON.stringify(e)));",
        )?;
        let n: Vec<f64> = v
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        match n[..] {
            [ping_mean, ping_p95, dash_mean, dash_p95] => Ok(Trips {
                ping_mean,
                ping_p95,
                dash_mean,
                dash_p95,
            }),
            _ => Err(format!("round trips: unexpected answer {v:?}")),
        }
    }

    /// Ends the session (WebKitWebDriver closes the app) and waits for the app to go.
    fn close(self, app: &Path) {
        let _ = http(self.port, "DELETE", &format!("/session/{}", self.id), "");
        let t0 = Instant::now();
        while !app_pids(self.driver, app).is_empty() && t0.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(50));
        }
        // Still there: stop it by pid, so the next launch starts cold on a free vault.
        for pid in app_pids(self.driver, app) {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
    }
}

fn free_port() -> Result<u16> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// One HTTP/1.1 request; a dropped connection (tauri-driver's proxy sometimes closes
/// one without a reply) is retried a few times. Every request here may run twice.
fn http(port: u16, method: &str, path: &str, body: &str) -> Result<(u16, String)> {
    let mut last = String::new();
    for _ in 0..5 {
        match http_once(port, method, path, body) {
            Ok(r) => return Ok(r),
            Err(e) => last = e,
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(last)
}

/// One HTTP/1.1 request on its own connection; the status and the body.
fn http_once(port: u16, method: &str, path: &str, body: &str) -> Result<(u16, String)> {
    let err = |e: std::io::Error| format!("WebDriver {method} {path}: {e}");
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(err)?;
    s.set_read_timeout(Some(Duration::from_secs(900)))
        .map_err(err)?;
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(err)?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(err)?;
    let raw = String::from_utf8_lossy(&raw);
    let (head, rest) = raw
        .split_once("\r\n\r\n")
        .ok_or_else(|| format!("WebDriver {method} {path}: no HTTP reply"))?;
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("WebDriver {method} {path}: bad status line"))?;
    let chunked = head.lines().any(|l| {
        l.to_ascii_lowercase()
            .starts_with("transfer-encoding: chunked")
    });
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_string()
    };
    Ok((status, body))
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// `s` as a JSON string literal.
fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The first string value of `"key"` in a JSON text (enough for WebDriver's replies).
fn json_str(json: &str, key: &str) -> Option<String> {
    let at = json.find(&format!("\"{key}\""))? + key.len() + 2;
    let rest = json[at..].trim_start().strip_prefix(':')?.trim_start();
    let mut chars = rest.strip_prefix('"')?.chars();
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?).unwrap_or('?'));
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// Parent of every process, from /proc.
fn parents() -> HashMap<u32, u32> {
    let mut map = HashMap::new();
    let Ok(rd) = std::fs::read_dir("/proc") else {
        return map;
    };
    for e in rd.filter_map(|e| e.ok()) {
        let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        // `pid (comm) state ppid …`; comm may hold spaces, so read after the last ')'.
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        if let Some(ppid) = stat
            .rsplit_once(')')
            .and_then(|(_, r)| r.split_whitespace().nth(1))
            .and_then(|p| p.parse().ok())
        {
            map.insert(pid, ppid);
        }
    }
    map
}

/// `root` and every process under it.
fn descendants(root: u32) -> Vec<u32> {
    let parents = parents();
    let mut all = vec![root];
    let mut i = 0;
    while i < all.len() {
        let p = all[i];
        all.extend(parents.iter().filter(|(_, &pp)| pp == p).map(|(&c, _)| c));
        i += 1;
    }
    all
}

/// Processes under `driver` running the app's binary.
fn app_pids(driver: u32, app: &Path) -> Vec<u32> {
    descendants(driver)
        .into_iter()
        .filter(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|p| p == app))
        .collect()
}

/// PSS (kB) of the app's processes.
#[derive(Default, Clone)]
struct Pss {
    /// The app and all its descendants (the WebKit processes).
    total: u64,
    /// The WebKit web process (the page, its JavaScript and the UI's wasm).
    web: u64,
    procs: usize,
}

/// PSS (kB) summed over the app under `driver` and all its descendants.
fn pss_of_app(driver: u32, app: &Path) -> Result<Pss> {
    let roots = app_pids(driver, app);
    if roots.is_empty() {
        return Err("the app is not running".into());
    }
    let all: Vec<u32> = roots.iter().flat_map(|&r| descendants(r)).collect();
    let (mut total, mut web) = (0, 0);
    for pid in &all {
        let rollup =
            std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        let field = |name: &str| {
            rollup
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                .unwrap_or(0)
        };
        let pss = field("Pss:");
        total += pss;
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        if comm.starts_with("WebKitWebProc") {
            web += pss;
        }
        // Where the memory is, process by process (anonymous: heaps, JS, caches).
        eprintln!(
            "  pid {pid:<7} {:<16} PSS {:>6.1} MB (anonymous {:>6.1} MB)",
            comm.trim(),
            pss as f64 / 1024.0,
            field("Pss_Anon:") as f64 / 1024.0
        );
    }
    Ok(Pss {
        total,
        web,
        procs: all.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip() {
        let s = "a \"b\"\\ c\n";
        let j = format!("{{\"value\": {}, \"x\": 1}}", json_string(s));
        assert_eq!(json_str(&j, "value").as_deref(), Some(s));
        assert_eq!(
            json_str(r#"{"sessionId":"ab-1"}"#, "sessionId").as_deref(),
            Some("ab-1")
        );
        assert_eq!(json_str(r#"{"value":null}"#, "value"), None);
        assert_eq!(
            json_str(r#"{"value":"\u00e9"}"#, "value").as_deref(),
            Some("é")
        );
    }

    #[test]
    fn dechunks() {
        assert_eq!(
            dechunk("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"),
            "hello world"
        );
    }
}
