use super::{c, cat, close};
use paceline_load::{rpe::*, run::*, swim::*};

#[test]
fn minetti_cost_and_gap() {
    // Cr(0) = 3.6 J/kg/m.
    close(minetti_cost(0.0), 3.6, 1e-6);
    // Cr(0.1) = 155.4e-5 − 30.4e-4 − 43.3e-3 + 46.3e-2 + 1.95 + 3.6 = 5.968214.
    close(minetti_cost(0.1), 5.968_214, 1e-5);
    // Cr(−0.2) = 1.800032 (near the minimum: gentle downhill is cheapest).
    close(minetti_cost(-0.2), 1.800_032, 1e-5);
    // Clamped at ±45 %.
    assert_eq!(minetti_cost(0.9), minetti_cost(0.45));
    assert_eq!(minetti_cost(-3.0), minetti_cost(-0.45));
    assert_eq!(minetti_cost(f32::NAN), 3.6);
    // 3 m/s at +10 %: 3 × 5.968214/3.6 = 4.97351 m/s flat-equivalent.
    close(grade_adjusted_speed(3.0, 0.1), 4.973_512, 1e-4);
}

#[test]
fn rtss_hand_values() {
    // 1 h at threshold speed 4 m/s on the flat → IF 1 → 100.
    let r = rtss(&c(4.0, 3600), &[], 4.0).unwrap();
    close(r.tss, 100.0, 1e-3);
    close(r.ngs_ms, 4.0, 1e-5);
    // 30 min at 3 m/s vs 4 m/s: IF = 0.75 → 0.5 h × 0.5625 × 100 = 28.125.
    close(rtss(&c(3.0, 1800), &[], 4.0).unwrap().tss, 28.125, 1e-3);
    // Uphill at +10 %: NGP = 4.97351 m/s.
    let g = vec![Some(0.1); 600];
    close(
        normalized_graded_speed(&c(3.0, 600), &g).unwrap(),
        4.973_512,
        1e-3,
    );
    assert!(rtss(&c(3.0, 10), &[], 0.0).is_none());
    assert!(rtss(&[], &[], 4.0).is_none());
    // Pause: not counted.
    let r = rtss(
        &cat(&[c(4.0, 1800), vec![None; 600], c(4.0, 1800)]),
        &[],
        4.0,
    )
    .unwrap();
    assert_eq!(r.seconds, 3600);
}

#[test]
fn grade_from_distance_and_altitude() {
    // 3 m/s, climbing 0.3 m/s → 10 % everywhere with a ±5 s window.
    let d: Vec<Option<f32>> = (0..60).map(|i| Some(3.0 * i as f32)).collect();
    let a: Vec<Option<f32>> = (0..60).map(|i| Some(100.0 + 0.3 * i as f32)).collect();
    let g = grade_from_profile(&d, &a, 5);
    assert_eq!(g.len(), 60);
    close(g[30].unwrap(), 0.1, 1e-5);
    // Standing still → None.
    let still = vec![Some(5.0); 20];
    assert!(grade_from_profile(&still, &still, 5)
        .iter()
        .all(Option::is_none));
}

#[test]
fn pace_conversions() {
    close(pace_s_per_km(4.0).unwrap(), 250.0, 1e-4);
    close(speed_from_pace_s_per_km(250.0).unwrap(), 4.0, 1e-6);
    assert!(pace_s_per_km(0.0).is_none());
    close(pace_s_per_100m(1.0).unwrap(), 100.0, 1e-6);
    close(speed_from_pace_s_per_100m(95.0).unwrap(), 1.052_632, 1e-5);
}

#[test]
fn css_and_swim_tss() {
    // 400 in 6:00, 200 in 2:50: CSS = 200/(360 − 170) = 1.052632 m/s (1:35/100 m).
    close(css_from_test(360.0, 170.0).unwrap(), 1.052_632, 1e-5);
    assert!(css_from_test(170.0, 360.0).is_none());
    assert!(css_from_test(0.0, 0.0).is_none());
    // 2000 m in 2000 s at CSS 1.0 m/s → IF 1 → 0.5556 h × 100 = 55.556.
    close(swim_tss(2000.0, 2000.0, 1.0).unwrap().tss, 55.5556, 1e-3);
    // CSS 1.25 → IF 0.8 → 0.512 × 55.5556 = 28.444.
    let s = swim_tss(2000.0, 2000.0, 1.25).unwrap();
    close(s.intensity_factor, 0.8, 1e-6);
    close(s.tss, 28.4444, 1e-3);
    assert!(swim_tss(0.0, 100.0, 1.0).is_none());
}

#[test]
fn session_rpe_and_tss_equivalent() {
    // Foster: 7 × 60 min = 420 AU.
    close(session_rpe(7.0, 60.0).unwrap(), 420.0, 1e-6);
    close(session_rpe(12.0, 10.0).unwrap(), 100.0, 1e-6); // clamped to 10
    assert!(session_rpe(f32::NAN, 10.0).is_none());
    // RPE 8 ↔ IF 1.0: 60 min → 100.
    close(rpe_tss(8.0, 60.0).unwrap(), 100.0, 1e-4);
    // RPE 3 ↔ IF 0.70: 90 min → 1.5 × 0.49 × 100 = 73.5.
    close(rpe_tss(3.0, 90.0).unwrap(), 73.5, 1e-3);
    // RPE 4.5 ↔ IF (0.78 + 0.85)/2 = 0.815.
    close(rpe_intensity_factor(4.5).unwrap(), 0.815, 1e-6);
    close(rpe_intensity_factor(10.0).unwrap(), 1.10, 1e-6);
    assert!(rpe_tss(5.0, 0.0).is_none());
}
