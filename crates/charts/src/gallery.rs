//! Every chart as PNG, light and dark, in `/tmp/charts/` for eyeballing:
//! `cargo test -p paceline-charts gallery -- --ignored`.

use paceline_load::cp::cp2_from_curve;
use paceline_load::zones::FrielSport;
use paceline_load::zones::{coggan_power_zones, time_in_zones};
use paceline_model::Sport;
use paceline_types::{Theme, Units};

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
            &hrv_trend(&wellness, None, theme, 900, 480).unwrap(),
        );
        save(
            &format!("hrv-90d-{t}"),
            &hrv_trend(&wellness, Some(END - 89), theme, 900, 420).unwrap(),
        );
        let hr_zones = paceline_load::zones::friel_hr_zones5(165.0, FrielSport::Bike).unwrap();
        let ov = StreamOverlays {
            power_zones: Some(&zones),
            hr_zones: Some(&hr_zones),
            lap_starts_s: &[0.0, 900.0, 1210.0, 2110.0, 3000.0],
        };
        let streams = testdata::ride_streams();
        for (w, h, size) in [(900, 560, "wide"), (420, 480, "narrow")] {
            save(
                &format!("activity-{size}-{t}"),
                &activity_streams(&streams, Sport::Ride, &ov, theme, Units::Metric, w, h).unwrap(),
            );
            save(
                &format!("activity-distance-{size}-{t}"),
                &activity_streams_by_distance(
                    &streams,
                    Sport::Ride,
                    &ov,
                    theme,
                    Units::Metric,
                    w,
                    h,
                )
                .unwrap(),
            );
        }
        let run = testdata::run_streams();
        save(
            &format!("activity-run-miles-{t}"),
            &activity_streams_by_distance(
                &run,
                Sport::Run,
                &StreamOverlays {
                    lap_starts_s: &[0.0, 600.0, 1200.0],
                    ..Default::default()
                },
                theme,
                Units::Imperial,
                900,
                440,
            )
            .unwrap(),
        );
        save(
            &format!("empty-pmc-{t}"),
            &pmc_chart(&testdata::combined(&[]), PmcRange::Year, theme, 700, 320).unwrap(),
        );
        let (p, s) = crate::route::tests::loop_route();
        save(
            &format!("route-profile-{t}"),
            &route_profile(&p, &s, "Loop", Units::Metric, theme, 900, 360).unwrap(),
        );
        save(
            &format!("route-outline-{t}"),
            &route_outline(&p, &s, "Loop", Units::Metric, theme, 600, 500).unwrap(),
        );
    }
}

#[test]
fn odd_inputs_draw_without_panicking() {
    use paceline_load::curve::{MeanMaxCurve, MeanMaxPoint};
    use paceline_load::pmc::{DailyLoad, PmcDay};
    use paceline_load::readiness::WellnessDay;
    use paceline_load::Sport;
    let nan = f32::NAN;
    let pmc = [
        PmcDay {
            day: i32::MIN,
            load: nan,
            ctl: 1.0,
            atl: 1.0,
            tsb: 0.0,
            ramp: 0.0,
        },
        PmcDay {
            day: 0,
            load: -5.0,
            ctl: nan,
            atl: 2.0,
            tsb: 1.0,
            ramp: 0.0,
        },
    ];
    for r in [PmcRange::Days90, PmcRange::Year, PmcRange::All] {
        pmc_chart(&testdata::combined(&pmc), r, Theme::Light, 1, 1).unwrap();
    }
    let loads = [DailyLoad {
        day: i32::MAX,
        sport: Sport::Other,
        load: f32::INFINITY,
    }];
    weekly_load(&loads, i32::MAX, u32::MAX, Theme::Dark, 5000, 5000).unwrap();
    weekly_load(&loads, i32::MIN, 0, Theme::Dark, 0, 0).unwrap();
    let odd = MeanMaxCurve {
        points: vec![
            MeanMaxPoint {
                secs: 0,
                value: 500.0,
                start: 0,
            },
            MeanMaxPoint {
                secs: 100_000,
                value: nan,
                start: 0,
            },
            MeanMaxPoint {
                secs: 30,
                value: 400.0,
                start: 0,
            },
        ],
    };
    let c = PowerCurves {
        best: &odd,
        recent: &MeanMaxCurve::default(),
        recent_label: "",
        fit: None,
    };
    power_curve(&c, Theme::Light, 320, 200).unwrap();
    let w = [
        WellnessDay {
            day: i32::MIN,
            rmssd_ms: Some(nan),
            resting_hr: Some(-1.0),
            ..Default::default()
        },
        WellnessDay {
            day: i32::MAX,
            rmssd_ms: Some(50.0),
            ..Default::default()
        },
    ];
    hrv_trend(&w, None, Theme::Dark, 320, 200).unwrap();
    hrv_trend(&w, Some(i32::MAX), Theme::Dark, 320, 200).unwrap();
    hrv_trend(&w, Some(i32::MIN), Theme::Dark, 320, 200).unwrap();
}
