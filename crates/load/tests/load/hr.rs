use super::{c, cat, close};
use paceline_load::hr::*;

#[test]
fn hr_tss_one_hour_at_lthr() {
    // IF = 160/160 = 1 → 1 h × 1² × 100 = 100.
    let h = hr_tss(&c(160.0, 3600), 160.0, None).unwrap();
    close(h.tss, 100.0, 1e-3);
    close(h.intensity_factor, 1.0, 1e-6);
    assert_eq!(h.seconds, 3600);
}

#[test]
fn hr_tss_mixed_and_reserve() {
    // 30 min at 160 (IF 1) + 30 min at 120 (IF 0.75, IF² 0.5625):
    // Σ IF² = 1800 + 1012.5 = 2812.5 → 2812.5/3600 × 100 = 78.125;
    // IF = √(2812.5/3600) = 0.883883.
    let h = hr_tss(&cat(&[c(160.0, 1800), c(120.0, 1800)]), 160.0, None).unwrap();
    close(h.tss, 78.125, 1e-3);
    close(h.intensity_factor, 0.883_883, 1e-5);
    // HR-reserve form, rest 60: IF = (110 − 60)/(160 − 60) = 0.5 → 1 h × 0.25 × 100 = 25.
    let h = hr_tss(&c(110.0, 3600), 160.0, Some(60.0)).unwrap();
    close(h.tss, 25.0, 1e-3);
    // Below rest clamps to 0.
    close(
        hr_tss(&c(50.0, 60), 160.0, Some(60.0)).unwrap().tss,
        0.0,
        1e-9,
    );
    assert!(hr_tss(&[], 160.0, None).is_none());
    assert!(hr_tss(&c(150.0, 10), 0.0, None).is_none());
}

#[test]
fn banister_trimp() {
    // Rest 50, max 190, HR 120 → x = 70/140 = 0.5 for 60 min.
    // Men:   60 × 0.5 × 0.64·e^(1.92×0.5) = 30 × 0.64 × 2.611696 = 50.1446.
    // Women: 60 × 0.5 × 0.86·e^(1.67×0.5) = 30 × 0.86 × 2.304814 = 59.4642.
    let h = c(120.0, 3600);
    close(trimp(&h, 50.0, 190.0, Sex::Male).unwrap(), 50.1446, 1e-2);
    close(trimp(&h, 50.0, 190.0, Sex::Female).unwrap(), 59.4642, 1e-2);
    assert!(trimp(&h, 190.0, 190.0, Sex::Male).is_none());
    assert!(trimp(&[], 50.0, 190.0, Sex::Male).is_none());
}

#[test]
fn decoupling() {
    // 200 W throughout; HR 140 then 147: EF₁ = 200/140, EF₂ = 200/147,
    // (EF₁ − EF₂)/EF₁ = 1 − 140/147 = 7/147 = 4.7619 %.
    let p = c(200.0, 3600);
    let h = cat(&[c(140.0, 1800), c(147.0, 1800)]);
    close(aerobic_decoupling(&p, &h).unwrap(), 4.761_905, 1e-4);
    // Only paired seconds count: HR missing in the middle is skipped.
    let mut h2 = h.clone();
    h2[10] = None;
    assert!(aerobic_decoupling(&p, &h2).is_some());
    assert!(aerobic_decoupling(&p, &[]).is_none());
    close(average_hr(&h).unwrap(), 143.5, 1e-4);
}

#[test]
fn hr_tss_from_an_average_matches_a_steady_stream() {
    let avg = hr_tss_from_average(150.0, 3600.0, 160.0, Some(50.0)).unwrap();
    let stream = hr_tss(&c(150.0, 3600), 160.0, Some(50.0)).unwrap();
    close(avg.tss, f64::from(stream.tss), 1e-3);
    // (100/110)² × 100 = 82.645.
    close(avg.tss, 82.645, 1e-2);
    assert_eq!(avg.seconds, 3600);
    assert!(hr_tss_from_average(150.0, 0.0, 160.0, None).is_none());
    assert!(hr_tss_from_average(f32::NAN, 600.0, 160.0, None).is_none());
    // Below the resting HR is no load, not a negative one.
    assert_eq!(
        hr_tss_from_average(40.0, 600.0, 160.0, Some(50.0))
            .unwrap()
            .tss,
        0.0
    );
}
