//! A long history in the Activities list: hundreds of rows, of which only those in
//! view (plus a margin) are in the DOM; scrolling, End and the `/` filter still reach
//! every row. Prints the rows drawn and the web process's memory.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};

use super::{activity_rows, click, screenshot, wait_contains, wait_for};

/// The window's athlete's activity count, from the shell.
async fn stored(c: &Client) -> usize {
    let n = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; const core = window.__TAURI__.core;\
             core.invoke('current_athlete').then(a => core.invoke('list_activities', { athleteId: a }))\
             .then(r => done(r.length), e => done(-1));",
            vec![],
        )
        .await
        .unwrap();
    n.as_u64().unwrap_or(0) as usize
}

/// Resident memory of the app's WebKit web processes, in MB (Linux `/proc`).
fn web_process_mb() -> Option<f64> {
    let mut kb = 0u64;
    for e in std::fs::read_dir("/proc").ok()?.flatten() {
        let comm = std::fs::read_to_string(e.path().join("comm")).unwrap_or_default();
        // `comm` is cut to 15 bytes: "WebKitWebProces".
        if !comm.trim().starts_with("WebKitWebProc") {
            continue;
        }
        let status = std::fs::read_to_string(e.path().join("status")).unwrap_or_default();
        kb += status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .unwrap_or(0);
    }
    (kb > 0).then(|| kb as f64 / 1024.0)
}

pub async fn long_history(c: &Client, dir: &Path) {
    // 40 weeks of demo training in 2015, far from the other tests' dates.
    let files = paceline_demo::generate(&paceline_demo::ALEX, 16_500 * 86_400, 40, 11);
    let dir = dir.join("history");
    std::fs::create_dir_all(&dir).unwrap();
    let paths: Vec<String> = files
        .iter()
        .map(|f| {
            let p = dir.join(&f.file_name);
            std::fs::write(&p, &f.bytes).unwrap();
            p.display().to_string()
        })
        .collect();
    let before = stored(c).await;
    let r = c
        .execute_async(
            "const [p, done] = arguments; const core = window.__TAURI__.core;\
             core.invoke('current_athlete').then(a => core.invoke('import_files', { athleteId: a, paths: p }))\
             .then(r => done(JSON.stringify(r)), e => done('ERR ' + JSON.stringify(e)));",
            vec![serde_json::to_value(&paths).unwrap()],
        )
        .await
        .unwrap();
    assert!(!r.as_str().unwrap_or("ERR").starts_with("ERR"), "{r:?}");
    let total = before + files.len();
    let t0 = Instant::now();
    while stored(c).await < total {
        assert!(
            t0.elapsed() < Duration::from_secs(180),
            "{} of {total} stored after 3 min",
            stored(c).await
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    click(c, "[data-testid=nav-activities]").await;
    wait_for(c, "[data-testid=activity-row]", 20).await;
    wait_contains(
        c,
        ".pl-page__subtitle",
        false,
        &format!("{total} activities"),
    )
    .await;
    let drawn = activity_rows(c).await;
    assert!(
        drawn > 5 && drawn < 80 && drawn < total,
        "{drawn} of {total} rows in the DOM"
    );
    eprintln!(
        "figure: Activities with {total} rows: {drawn} in the DOM; web process {} MB RSS",
        web_process_mb().map_or("?".into(), |m| format!("{m:.0}"))
    );
    screenshot(c, "activities-long.png").await;

    // Scrolled to the bottom, the oldest row is drawn and the newest is not.
    let last = format!("[aria-rowindex=\"{}\"]", total + 1);
    c.execute(
        "const p = document.getElementById('activity-scroll'); p.scrollTop = p.scrollHeight;",
        vec![],
    )
    .await
    .unwrap();
    wait_for(c, &last, 10).await;
    assert!(c.find(Locator::Css("[aria-rowindex=\"2\"]")).await.is_err());
    screenshot(c, "activities-long-bottom.png").await;

    // Home from the keyboard: the first row comes back, highlighted; End goes back down.
    c.execute(
        "document.activeElement && document.activeElement.blur();\
         window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));",
        vec![],
    )
    .await
    .unwrap();
    wait_for(c, "[aria-rowindex=\"2\"][aria-current=true]", 10).await;
    c.execute(
        "window.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));",
        vec![],
    )
    .await
    .unwrap();
    wait_for(c, &format!("{last}[aria-current=true]"), 10).await;

    // The filter sees every row, drawn or not: the swims of the whole history.
    let swims = files
        .iter()
        .filter(|f| format!("{:?}", f.kind).starts_with("Swim"))
        .count();
    assert!(swims > 0);
    wait_for(c, "[data-testid=activity-filter]", 10)
        .await
        .send_keys("swim")
        .await
        .unwrap();
    wait_contains(
        c,
        ".pl-page__subtitle",
        false,
        &format!(" of {total} activities"),
    )
    .await;
    let shown: usize = c
        .find(Locator::Css(".pl-page__subtitle"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(
        shown >= swims,
        "{shown} rows match 'swim', {swims} swims imported"
    );
}
