use super::close;
use paceline_load::readiness::*;

/// Days 0..60 with ln rMSSD alternating 4.0 / 4.2 and resting HR 50 / 52.
fn history() -> Vec<WellnessDay> {
    (0..60)
        .map(|d| WellnessDay {
            day: d,
            rmssd_ms: Some(if d % 2 == 0 { 4.0f32 } else { 4.2 }.exp()),
            resting_hr: Some(if d % 2 == 0 { 50.0 } else { 52.0 }),
            ..Default::default()
        })
        .collect()
}

#[test]
fn all_normal() {
    // Day 60: ln rMSSD 4.1 (7-day mean (3×4.0 + 3×4.2 + 4.1)/7 = 4.1 = baseline
    // mean → in band → 100), RHR 51 (= mean → 100), sleep 8 h (100) and score
    // 90 → 95, TSB 0 → 100. Weighted: 0.4·100 + 0.2·100 + 0.25·95 + 0.15·100 =
    // 98.75 → 99.
    let mut h = history();
    h.push(WellnessDay {
        day: 60,
        rmssd_ms: Some(4.1f32.exp()),
        resting_hr: Some(51.0),
        sleep_h: Some(8.0),
        sleep_score: Some(90.0),
    });
    let r = readiness(&h, 60, Some(0.0));
    assert_eq!(r.score, Some(99));
    assert!(r.missing.is_empty());
    assert_eq!(
        r.reasons,
        vec!["Everything measured is within your normal range".to_string()]
    );
    let hrv = r.hrv.unwrap();
    close(hrv.baseline_mean, 4.1, 1e-5);
    close(hrv.baseline_sd, 0.100_844, 1e-5); // √(60 × 0.01/59)
    assert_eq!(hrv.days_below, 0);
}

#[test]
fn hrv_low_three_days_running() {
    // Days 58, 59, 60 at ln 3.8. Baseline (days 0–59): mean 245.4/60 = 4.09,
    // sample SD 0.113047 → band low 4.09 − 0.056524 = 4.033476. 7-day mean
    // (4.0 + 4.2 + 4.0 + 4.2 + 3 × 3.8)/7 = 3.971429.
    // Score = 100 − 50 × (4.033476 − 3.971429)/0.113047 = 72.557 → 73 (HRV only).
    let mut h: Vec<WellnessDay> = history()
        .into_iter()
        .map(|w| WellnessDay {
            resting_hr: None,
            ..w
        })
        .collect();
    h[58].rmssd_ms = Some(3.8f32.exp());
    h[59].rmssd_ms = Some(3.8f32.exp());
    h.push(WellnessDay {
        day: 60,
        rmssd_ms: Some(3.8f32.exp()),
        ..Default::default()
    });
    let r = readiness(&h, 60, None);
    close(r.components[0].score, 72.557, 0.05);
    assert_eq!(r.score, Some(73));
    assert_eq!(r.reasons[0], "HRV below your normal range 3 days running");
    assert_eq!(r.reasons[1], "7-day HRV average below your normal range");
    assert!(r
        .reasons
        .iter()
        .any(|s| s == "Based on 1 of 4 inputs (no resting HR, sleep, training load (TSB))"));
    assert_eq!(r.hrv.unwrap().days_below, 3);
}

#[test]
fn tsb_and_sleep_only() {
    // TSB −25 → 100 + (−25 + 10) × 100/30 = 50.
    let r = readiness(&[], 60, Some(-25.0));
    assert_eq!(r.score, Some(50));
    assert_eq!(r.reasons[0], "Heavy recent training load (TSB -25)");
    assert_eq!(
        r.reasons[1],
        "Based on 1 of 4 inputs (no HRV, resting HR, sleep)"
    );
    // Sleep 6 h → (6 − 4)/4 × 100 = 50, score 70 → sleep = 60.
    // (0.25 × 60 + 0.15 × 50)/(0.25 + 0.15) = 22.5/0.4 = 56.25 → 56.
    let w = [WellnessDay {
        day: 60,
        sleep_h: Some(6.0),
        sleep_score: Some(70.0),
        ..Default::default()
    }];
    let r = readiness(&w, 60, Some(-25.0));
    assert_eq!(r.score, Some(56));
    let w = [WellnessDay {
        day: 60,
        sleep_h: Some(5.2),
        ..Default::default()
    }];
    assert_eq!(readiness(&w, 60, None).reasons[0], "Short sleep: 5.2 h");
}

#[test]
fn resting_hr_elevated() {
    // Baseline mean 51, sample SD √(60/59) = 1.00844; today 56 → z = 4.958 →
    // 100 − 35 × 3.958 < 0 → 0.
    let mut h: Vec<WellnessDay> = history()
        .into_iter()
        .map(|w| WellnessDay {
            rmssd_ms: None,
            ..w
        })
        .collect();
    h.push(WellnessDay {
        day: 60,
        resting_hr: Some(56.0),
        ..Default::default()
    });
    let r = readiness(&h, 60, None);
    assert_eq!(r.score, Some(0));
    assert_eq!(r.reasons[0], "Resting HR 5 bpm above your normal");
}

#[test]
fn missing_and_short_history() {
    let r = readiness(&[], 10, None);
    assert_eq!(r.score, None);
    assert_eq!(r.missing.len(), 4);
    assert_eq!(
        r.reasons,
        vec!["No readiness inputs for this day".to_string()]
    );
    // 5 HRV readings: no baseline yet, said so.
    let h: Vec<WellnessDay> = (5..10)
        .map(|d| WellnessDay {
            day: d,
            rmssd_ms: Some(60.0),
            ..Default::default()
        })
        .collect();
    let r = readiness(&h, 10, Some(0.0));
    assert_eq!(r.score, Some(100));
    assert!(r
        .reasons
        .iter()
        .any(|s| s.starts_with("Not enough HRV history for a baseline (5 of 14 days")));
    // NaN / zero readings are ignored, not fatal.
    let h = [WellnessDay {
        day: 10,
        rmssd_ms: Some(f32::NAN),
        resting_hr: Some(0.0),
        sleep_h: Some(f32::NAN),
        sleep_score: None,
    }];
    assert_eq!(readiness(&h, 10, Some(f32::NAN)).score, None);
}

#[test]
fn extreme_days_do_not_overflow() {
    let w = [WellnessDay {
        day: i32::MIN,
        sleep_h: Some(8.0),
        ..Default::default()
    }];
    assert_eq!(readiness(&w, i32::MIN, None).score, Some(100));
    assert_eq!(readiness(&[], i32::MAX, Some(0.0)).score, Some(100));
}
