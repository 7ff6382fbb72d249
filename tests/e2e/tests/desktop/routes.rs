//! Routes, as a user meets them: import a GPX file (picked in the file input), see
//! its grade-coloured profile and its sections, estimate the time at a power.

use std::time::Duration;

use fantoccini::{Client, Locator};

use super::{click, screenshot, wait_for};

/// A 7 km route due east at 45° N: 2 km flat, 3 km climbing at 6 %, 2 km flat.
fn climb_gpx() -> String {
    let m_per_deg_lon = 111_320.0 * 45f64.to_radians().cos();
    let mut pts = String::new();
    for i in 0..=350 {
        let x = f64::from(i) * 20.0;
        let ele = 200.0 + (x - 2000.0).clamp(0.0, 3000.0) * 0.06;
        pts.push_str(&format!(
            "<trkpt lat=\"45.0\" lon=\"{:.7}\"><ele>{ele:.1}</ele></trkpt>",
            6.0 + x / m_per_deg_lon
        ));
    }
    format!(
        "<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"e2e\" \
         xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><name>Col du Test</name>\
         <trkseg>{pts}</trkseg></trk></gpx>"
    )
}

async fn text(c: &Client, css: &str) -> String {
    wait_for(c, css, 20).await.text().await.unwrap_or_default()
}

/// `h:mm:ss` or `m:ss` as seconds.
fn secs(t: &str) -> u32 {
    t.split(':')
        .fold(0, |acc, p| acc * 60 + p.trim().parse::<u32>().unwrap_or(0))
}

pub async fn import_and_estimate(c: &Client) {
    click(c, "[data-testid=nav-routes]").await;
    wait_for(c, "[data-testid=page-routes]", 20).await;
    // The file as the picker would hand it over (WebDriver cannot drive a native dialog).
    c.execute(
        "const i = document.querySelector('[data-testid=route-import-input]');\
         const dt = new DataTransfer();\
         dt.items.add(new File([arguments[0]], 'col-du-test.gpx', { type: 'application/gpx+xml' }));\
         i.files = dt.files; i.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![climb_gpx().into()],
    )
    .await
    .unwrap();
    wait_for(c, "[data-testid=route-import-result]", 20).await;
    wait_for(c, "[data-testid=route-row]", 20).await;
    // The ride saved from its activity page earlier, and this file: the list reloads
    // after the import's result shows, so its rows are counted until both are there.
    let mut rows = 0;
    for _ in 0..100 {
        rows = c
            .find_all(Locator::Css("[data-testid=route-row]"))
            .await
            .unwrap()
            .len();
        if rows >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(rows, 2, "the saved ride and the imported file");
    wait_for(c, "[data-testid=route-profile-chart] svg", 30).await;
    let sections = c
        .find_all(Locator::Css("[data-testid=route-section-row]"))
        .await
        .unwrap()
        .len();
    assert_eq!(sections, 3, "flat, climb, flat");
    let before = text(c, "[data-testid=route-total-time]").await;
    eprintln!("route estimate before: {before}");
    c.execute(
        "const m = document.querySelector('[data-testid=route-intensity-mode]');\
         m.value = 'power'; m.dispatchEvent(new Event('change', { bubbles: true }));\
         const i = document.querySelector('[data-testid=route-power-input]');\
         i.value = '300'; i.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![],
    )
    .await
    .unwrap();
    click(c, "[data-testid=route-estimate-submit]").await;
    super::wait_contains(c, ".pl-route__total", false, "at 300 W").await;
    let after = text(c, "[data-testid=route-total-time]").await;
    eprintln!("route estimate after: {after}");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let later = text(c, ".pl-route__total").await;
    assert!(
        later.contains("at 300 W"),
        "the estimate went back: {later}"
    );
    assert!(
        secs(&after) < secs(&before),
        "300 W is faster than the default: {before} → {after}"
    );
    screenshot(c, "routes.png").await;
}
