use super::{c, cat, close};
use paceline_load::power::*;

#[test]
fn constant_60s_200w() {
    // Every 30 s rolling mean is 200 → NP = 200. IF at FTP 250 = 200/250 = 0.8.
    // TSS = 60 × 200 × 0.8 / (250 × 3600) × 100 = 9600/900000 × 100 = 1.0667
    // (cross-check: hours × IF² × 100 = 1/60 × 0.64 × 100 = 1.0667; the
    // issue's "1.333…" is an arithmetic slip).
    let p = c(200.0, 60);
    close(normalized_power(&p).unwrap(), 200.0, 1e-4);
    let s = power_summary(&p, Some(250.0)).unwrap();
    close(s.intensity_factor.unwrap(), 0.8, 1e-6);
    close(s.tss.unwrap(), 1.066_667, 1e-4);
    close(s.work_kj, 12.0, 1e-4); // 60 × 200 J = 12 kJ
    close(s.variability_index.unwrap(), 1.0, 1e-6);
    assert_eq!((s.recorded_s, s.avg_w, s.max_w), (60, 200.0, 200.0));
}

#[test]
fn one_hour_at_ftp_is_100_tss() {
    // 3600 × 250 × 1.0 / (250 × 3600) × 100 = 100.
    close(tss(3600.0, 250.0, 250.0).unwrap(), 100.0, 1e-4);
    let s = power_summary(&c(250.0, 3600), Some(250.0)).unwrap();
    close(s.tss.unwrap(), 100.0, 1e-3);
    close(s.work_kj, 900.0, 1e-3); // 3600 × 250 J
}

#[test]
fn np_two_windows() {
    // 30 × 100 W then 1 × 400 W: windows = [100×30] → 100 and
    // [100×29, 400] → (2900 + 400)/30 = 110.
    // NP = ((100⁴ + 110⁴)/2)^¼ = (1.23205e8)^¼ = 105.3555.
    let p = cat(&[c(100.0, 30), c(400.0, 1)]);
    close(normalized_power(&p).unwrap(), 105.3555, 1e-3);
    close(rolling_mean_power(&p).unwrap(), 105.0, 1e-4); // (100 + 110)/2
}

#[test]
fn np_edge_effect_vs_average() {
    // 30 × 0 W then 300 W: windows 0 and 300/30 = 10 → NP = (10⁴/2)^¼ = 8.409,
    // while the plain average is 300/31 = 9.677: NP is only guaranteed ≥ the
    // mean of the same rolling windows, (0 + 10)/2 = 5.
    let p = cat(&[c(0.0, 30), c(300.0, 1)]);
    close(normalized_power(&p).unwrap(), 8.4090, 1e-3);
    close(average_power(&p).unwrap(), 9.6774, 1e-3);
    close(rolling_mean_power(&p).unwrap(), 5.0, 1e-5);
}

#[test]
fn short_ride_and_pauses() {
    // < 30 s: NP = average.
    close(normalized_power(&c(150.0, 10)).unwrap(), 150.0, 1e-4);
    // Pause of 100 s is removed: 60 recorded seconds at 200 W.
    let p = cat(&[c(200.0, 30), vec![None; 100], c(200.0, 30)]);
    let s = power_summary(&p, Some(200.0)).unwrap();
    assert_eq!(s.recorded_s, 60);
    close(s.np_w, 200.0, 1e-4);
    // TSS = 60 × 200 × 1 / (200 × 3600) × 100 = 1.6667.
    close(s.tss.unwrap(), 1.666_667, 1e-4);
}

#[test]
fn vi_ef_and_degenerate() {
    close(variability_index(210.0, 200.0).unwrap(), 1.05, 1e-6);
    assert_eq!(variability_index(0.0, 0.0), None);
    // EF = 200 W / 140 bpm = 1.428571.
    close(
        efficiency_factor(&c(200.0, 60), &c(140.0, 60)).unwrap(),
        1.428_571,
        1e-5,
    );
    assert_eq!(normalized_power(&[]), None);
    assert_eq!(normalized_power(&[None, Some(f32::NAN)]), None);
    assert_eq!(tss(60.0, 200.0, 0.0), None);
    assert_eq!(intensity_factor(200.0, f32::NAN), None);
    assert_eq!(work_kj(&[]), 0.0);
    assert!(power_summary(&[], Some(250.0)).is_none());
    // Negative watts count as 0.
    close(work_kj(&[Some(-100.0), Some(100.0)]), 0.1, 1e-6);
    // No FTP: summary without IF/TSS.
    let s = power_summary(&c(100.0, 10), None).unwrap();
    assert_eq!((s.intensity_factor, s.tss), (None, None));
}

#[test]
fn left_right_balance_power_weighted() {
    // (50 × 100 + 60 × 300)/(100 + 300) = 23000/400 = 57.5 % left; the
    // 0 W sample and the invalid 150 % reading are ignored.
    let l = [Some(50.0), Some(60.0), Some(90.0), Some(150.0)];
    let p = [Some(100.0), Some(300.0), Some(0.0), Some(200.0)];
    let b = lr_balance(&l, &p).unwrap();
    close(b.left_pct, 57.5, 1e-4);
    close(b.right_pct, 42.5, 1e-4);
    assert_eq!(b.seconds, 2);
    // Without power: plain mean of valid readings (50 + 60 + 90)/3 = 66.667.
    close(lr_balance(&l, &[]).unwrap().left_pct, 66.6667, 1e-3);
    assert_eq!(lr_balance(&[], &[]), None);
}
