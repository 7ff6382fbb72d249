//! Every chart as PNG, light and dark, in `/tmp/charts/` for eyeballing:
//! `cargo test -p paceline-charts gallery -- --ignored`.

use paceline_load::cp::cp2_from_curve;
use paceline_load::zones::{coggan_power_zones, time_in_zones};
use paceline_types::Theme;

use crate::testdata::{self, END};
use crate::*;

fn save(name: &str, svg: &str) {
    std::fs::create_dir_all("/tmp/charts").unwrap();
    std::fs::write(format!("/tmp/charts/{name}.svg"), svg).unwrap();
    let png = svg_to_png(svg, 1.0).unwrap();
    std::fs::write(format!("/tmp/charts/{name}.png"), png).unwrap();
}

#[test]
#[ignore = "writes PNGs to /tmp/charts for a person to look at"]
fn gallery() {
    let pmc = testdata::pmc_history();
    let loads = testdata::daily_loads();
    let (best, recent) = testdata::curves();
    let fit = cp2_from_curve(&recent);
    let ride = testdata::ride_power(1.0, 11);
    let zones = coggan_power_zones(fit.map_or(280.0, |f| f.cp_w)).unwrap();
    let tiz = time_in_zones(&ride, &zones);
    let wellness = testdata::wellness();
    for (theme, t) in [(Theme::Light, "light"), (Theme::Dark, "dark")] {
        for (range, r) in [
            (PmcRange::Days90, "90d"),
            (PmcRange::Year, "1y"),
            (PmcRange::All, "all"),
        ] {
            save(
                &format!("pmc-{r}-{t}"),
                &pmc_chart(&pmc, range, theme, 900, 520).unwrap(),
            );
        }
        save(
            &format!("pmc-narrow-{t}"),
            &pmc_chart(&pmc, PmcRange::Days90, theme, 420, 420).unwrap(),
        );
        save(
            &format!("weekly-{t}"),
            &weekly_load(&loads, END, 16, theme, 900, 380).unwrap(),
        );
        save(
            &format!("weekly-52-{t}"),
            &weekly_load(&loads, END, 52, theme, 900, 380).unwrap(),
        );
        let c = PowerCurves {
            best: &best,
            recent: &recent,
            recent_label: "Last 90 days",
            fit: fit.as_ref(),
        };
        save(
            &format!("power-curve-{t}"),
            &power_curve(&c, theme, 900, 480).unwrap(),
        );
        save(
            &format!("power-curve-narrow-{t}"),
            &power_curve(&c, theme, 420, 360).unwrap(),
        );
        save(
            &format!("zones-{t}"),
            &time_in_zone(&zones, &tiz, "Power zones", theme, 700, 300).unwrap(),
        );
        save(
            &format!("hrv-{t}"),
            &hrv_trend(&wellness, theme, 900, 480).unwrap(),
        );
        save(
            &format!("empty-pmc-{t}"),
            &pmc_chart(&[], PmcRange::Year, theme, 700, 320).unwrap(),
        );
    }
}
