//! The activity chart's panels, axes, zones and laps.

use super::*;

fn ride() -> Streams {
    let n = 3600;
    Streams {
        time_s: (0..n).map(f64::from).collect(),
        power_w: (0..n).map(|i| 200.0 + (i % 60) as f32).collect(),
        heart_rate: (0..n)
            .map(|i| if i % 500 == 0 { f32::NAN } else { 140.0 })
            .collect(),
        speed_mps: vec![10.0; n as usize],
        altitude_m: (0..n)
            .map(|i| 400.0 + (i as f32 / 100.0).sin() * 20.0)
            .collect(),
        ..Default::default()
    }
}

#[test]
fn draws_one_panel_per_stream() {
    let none = StreamOverlays::default();
    let svg = activity_streams(
        &ride(),
        Sport::Ride,
        &none,
        Theme::Light,
        Units::Metric,
        900,
        600,
    )
    .unwrap();
    assert!(svg.starts_with("<svg"));
    for title in [
        "Power (W)",
        "Heart rate (bpm)",
        "Speed (km/h)",
        "Elevation (m)",
    ] {
        assert!(svg.contains(title), "missing {title}");
    }
    assert!(!svg.contains("Cadence"));
    // 60 minutes: the time axis ends near 1:00:00 and is labelled in h:mm:ss.
    assert!(svg.contains("50:00"));
}

#[test]
fn run_speed_is_labelled_as_pace_and_theme_changes_background() {
    let mut s = ride();
    s.speed_mps = vec![1000.0 / 300.0; 3600]; // 5:00 /km
    let none = StreamOverlays::default();
    let dark =
        activity_streams(&s, Sport::Run, &none, Theme::Dark, Units::Metric, 900, 600).unwrap();
    assert!(dark.contains("Pace (/km)"));
    assert!(dark.contains("5:00"));
    assert!(
        dark.contains("#181A1F") || dark.contains("#181a1f"),
        "dark background"
    );
}

#[test]
fn distance_axis_in_km_or_miles_with_laps_where_they_started() {
    // 10 m/s for an hour: 36 km; a lap starting at 1200 s starts at 12 km.
    let mut s = ride();
    s.distance_m = (0..3600).map(|i| i as f32 * 10.0).collect();
    let ax = distance_axis(&s, Units::Metric, &[0.0, 1200.0], 8).unwrap();
    assert!((ax.max - 35.99).abs() < 1e-9, "{}", ax.max);
    assert_eq!(ax.laps, vec![0.0, 12.0]);
    assert_eq!((ax.fmt)(10.0), "10 km");
    let mi = distance_axis(&s, Units::Imperial, &[], 8).unwrap();
    assert!((mi.max - 22.36).abs() < 0.01, "{}", mi.max);
    let svg = activity_streams_by_distance(
        &s,
        Sport::Ride,
        &StreamOverlays::default(),
        Theme::Light,
        Units::Metric,
        900,
        600,
    )
    .unwrap();
    assert!(svg.contains("\n20 km\n"), "km ticks");
    // No distance stream: the time axis instead.
    let svg = activity_streams_by_distance(
        &ride(),
        Sport::Ride,
        &StreamOverlays::default(),
        Theme::Light,
        Units::Metric,
        900,
        600,
    )
    .unwrap();
    assert!(svg.contains("50:00") && !svg.contains(" km\n"));
}

#[test]
fn empty_streams_say_so() {
    let svg = activity_streams(
        &Streams::default(),
        Sport::Swim,
        &StreamOverlays::default(),
        Theme::Light,
        Units::Metric,
        600,
        300,
    )
    .unwrap();
    assert!(svg.contains("no sample streams"));
}

#[test]
fn downsample_leaves_gaps_for_missing_data() {
    let t: Vec<f64> = (0..10).map(f64::from).collect();
    let v = [1.0, 1.0, f32::NAN, f32::NAN, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0];
    let runs = downsample(&t, &v, 5, &|x| x);
    assert_eq!(runs.len(), 2, "a gap splits the line");
    assert_eq!(runs[0], vec![(1.0, 1.0)]);
}

#[test]
fn zone_bands_are_clipped_to_the_visible_range() {
    use paceline_load::zones::{coggan_power_zones, friel_hr_zones5, FrielSport};
    // FTP 200: Coggan upper bounds 110, 150, 180, 210, 240, 300 W.
    let z = coggan_power_zones(200.0).unwrap();
    assert_eq!(zone_band(&z, 0, 0.0, 400.0), Some((0.0, 110.0)));
    assert_eq!(zone_band(&z, 3, 0.0, 400.0), Some((180.0, 210.0)));
    assert_eq!(zone_band(&z, 6, 0.0, 400.0), Some((300.0, 400.0)));
    assert_eq!(zone_band(&z, 3, 195.0, 205.0), Some((195.0, 205.0)));
    assert_eq!(zone_band(&z, 6, 0.0, 250.0), None, "Z7 starts above 250 W");
    assert_eq!(zone_band(&z, 7, 0.0, 400.0), None, "only 7 zones");
    // LTHR 170, bike: Z2 starts at 81 % = 137.7 bpm, Z5 at 170.
    let hr = friel_hr_zones5(170.0, FrielSport::Bike).unwrap();
    let (a, b) = zone_band(&hr, 1, 100.0, 190.0).unwrap();
    assert!(
        (a - 137.7).abs() < 1e-3 && (b - 153.0).abs() < 1e-3,
        "{a} {b}"
    );
    assert_eq!(zone_band(&hr, 4, 100.0, 190.0), Some((170.0, 190.0)));
    assert_eq!(zone_short("Z5a Super-threshold"), "Z5a");
}

#[test]
fn zones_are_shaded_and_labelled_where_visible() {
    use paceline_load::zones::{coggan_power_zones, friel_hr_zones5, FrielSport};
    // Power 200–259 W with FTP 250 (bounds 137.5, 187.5, 225, 262.5, 300,
    // 375 W); HR 140 with LTHR 160 sits in Z2 (129.6–144 bpm), its flat
    // line drawn over 140 ± 10 % (Z1 to Z4: 129.6, 144, 150.4, 160 bpm).
    let power = coggan_power_zones(250.0).unwrap();
    let hr = friel_hr_zones5(160.0, FrielSport::Bike).unwrap();
    let ov = StreamOverlays {
        power_zones: Some(&power),
        hr_zones: Some(&hr),
        lap_starts_s: &[],
    };
    let svg = activity_streams(
        &ride(),
        Sport::Ride,
        &ov,
        Theme::Light,
        Units::Metric,
        900,
        600,
    )
    .unwrap();
    let pal = Palette::for_theme(Theme::Light);
    let hex = |c: RGBColor| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
    // Z4's colour fills a band; Z7's never appears.
    assert!(svg.contains(&hex(pal.zones[3])), "Z4 shaded");
    assert!(!svg.contains(&hex(pal.zones[6])), "Z7 not visible");
    let labels = |z: &str| svg.matches(&format!("\n{z}\n</text>")).count();
    // Power's y range is about 195–264 W: Z3 and Z4 are labelled (Z5 is a
    // 2 W sliver, too thin for a label); HR 124–156 bpm shows Z1 to Z4.
    assert_eq!(
        ["Z1", "Z2", "Z3", "Z4", "Z5", "Z7"].map(labels),
        [1, 1, 2, 2, 0, 0]
    );
    let plain = activity_streams(
        &ride(),
        Sport::Ride,
        &StreamOverlays::default(),
        Theme::Light,
        Units::Metric,
        900,
        600,
    )
    .unwrap();
    assert_eq!(plain.matches("\nZ2\n</text>").count(), 0);
}

#[test]
fn laps_are_one_line_per_panel_inside_the_activity() {
    let count = |laps: &[f64]| {
        let ov = StreamOverlays {
            lap_starts_s: laps,
            ..Default::default()
        };
        activity_streams(
            &ride(),
            Sport::Ride,
            &ov,
            Theme::Dark,
            Units::Metric,
            900,
            600,
        )
        .unwrap()
        .matches("<polyline")
        .count()
    };
    let base = count(&[]);
    // Four panels; the laps at 0 s and past the end (4000 s) are not drawn.
    assert_eq!(count(&[0.0, 1200.0, 2400.0, 4000.0]), base + 2 * 4);
    assert_eq!(count(&[0.0]), base);
}

#[test]
fn zone_labels_never_overlap() {
    // (zone, top, bottom) px: Z1 and Z2 are tall enough but their middles
    // are 11 px apart, so only the taller Z2 keeps its label; Z3 is a
    // sliver; Z4 is far enough from Z2.
    let bands = [(0, 100, 111), (1, 88, 100), (2, 80, 88), (3, 40, 80)];
    assert_eq!(zone_label_rows(&bands), vec![(1, 94), (3, 60)]);
    // Whatever the height, labels in the right margin stay ≥ 13 px apart.
    use paceline_load::zones::{coggan_power_zones, friel_hr_zones5, FrielSport};
    let power = coggan_power_zones(190.0).unwrap();
    let hr = friel_hr_zones5(150.0, FrielSport::Bike).unwrap();
    let ov = StreamOverlays {
        power_zones: Some(&power),
        hr_zones: Some(&hr),
        lap_starts_s: &[],
    };
    let mut s = ride();
    s.heart_rate = (0..3600).map(|i| 110.0 + (i % 90) as f32).collect();
    for height in (200..900).step_by(23) {
        let svg = activity_streams(
            &s,
            Sport::Ride,
            &ov,
            Theme::Light,
            Units::Metric,
            600,
            height,
        )
        .unwrap();
        let mut ys: Vec<f64> = crate::testdata::texts(&svg)
            .into_iter()
            .filter(|t| t.2.starts_with('Z') && t.2.len() <= 3)
            .map(|t| t.1)
            .collect();
        assert!(!ys.is_empty());
        ys.sort_by(f64::total_cmp);
        for w in ys.windows(2) {
            assert!(w[1] - w[0] >= 13.0, "{height}: {ys:?}");
        }
    }
}

#[test]
fn laps_are_numbered_when_there_is_room() {
    let chart = |laps: &[f64], width| {
        let ov = StreamOverlays {
            lap_starts_s: laps,
            ..Default::default()
        };
        activity_streams(
            &ride(),
            Sport::Ride,
            &ov,
            Theme::Light,
            Units::Metric,
            width,
            600,
        )
        .unwrap()
    };
    let lap = |svg: &str, n: usize| svg.contains(&format!(">\nL{n}\n</text>"));
    let svg = chart(&[0.0, 1200.0, 2400.0], 900);
    assert!(lap(&svg, 2) && lap(&svg, 3), "laps 2 and 3 numbered");
    assert!(!lap(&svg, 1) && !lap(&svg, 4), "lap 1 starts the chart");
    // Numbers sit above the first plot, right of their lines, and in order.
    let texts = crate::testdata::texts(&svg);
    let (l2, l3) = (
        texts.iter().find(|t| t.2 == "L2").unwrap(),
        texts.iter().find(|t| t.2 == "L3").unwrap(),
    );
    assert!(l2.1 < 22.0 && l2.1 == l3.1 && l2.0 < l3.0, "{l2:?} {l3:?}");
    // A lap every 30 s is ~7 px apart at 900 px: lines only, no numbers.
    let dense: Vec<f64> = (0..120).map(|i| f64::from(i) * 30.0).collect();
    let svg = chart(&dense, 900);
    assert!(!(2..=120).any(|n| lap(&svg, n)));
    let lines = |svg: &str| svg.matches("<polyline").count();
    assert_eq!(lines(&svg) - lines(&chart(&[], 900)), 119 * 4);
    // Two laps 10 s apart: the second number would touch the first.
    let svg = chart(&[0.0, 1200.0, 1210.0, 2400.0], 900);
    assert!(lap(&svg, 2) && !lap(&svg, 3) && lap(&svg, 4));
}

#[test]
fn a_flat_stream_gets_a_sensible_range() {
    let flat = vec![vec![(0.0, 88.0), (1.0, 88.0), (2.0, 88.0)]];
    let (lo, hi) = y_range(&flat, false, LEVEL_SPAN);
    assert!(lo <= 88.0 * 0.9 && hi >= 88.0 * 1.1, "{lo}–{hi}");
    assert!(lo > 70.0 && hi < 105.0, "{lo}–{hi}");
    // Varying streams keep their own range.
    let varying = vec![(0..100)
        .map(|i| (f64::from(i), f64::from(i) * 3.0))
        .collect()];
    let (lo, hi) = y_range(&varying, false, LEVEL_SPAN);
    assert!(lo > -30.0 && hi < 330.0, "{lo}–{hi}");
    // Elevation: a flat 400 m course spans 20 m and a little padding.
    let (lo, hi) = y_range(&[vec![(0.0, 400.0)]], true, (0.0, 20.0));
    assert!(hi - lo < 25.0 && lo < 390.0, "{lo}–{hi}");
    // A cadence held at exactly 88 rpm: ticks well away from 87 and 89.
    let mut s = ride();
    s.cadence = vec![88.0; 3600];
    let none = StreamOverlays::default();
    let svg = activity_streams(
        &s,
        Sport::Ride,
        &none,
        Theme::Light,
        Units::Metric,
        900,
        600,
    )
    .unwrap();
    assert!(svg.contains(">\n80\n</text>") && svg.contains(">\n95\n</text>"));
    assert!(!svg.contains(">\n87\n</text>") && !svg.contains(">\n89\n</text>"));
}
