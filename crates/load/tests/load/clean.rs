use paceline_load::clean::*;

fn power() -> CleanConfig {
    CleanConfig::for_channel(Channel::Power)
}
fn hr() -> CleanConfig {
    CleanConfig::for_channel(Channel::HeartRate)
}

#[test]
fn regular_1hz_passes_through() {
    let r = resample(&[(10.0, 100.0), (11.0, 200.0), (12.0, 300.0)], &power());
    assert_eq!(r.start_s, 10.0);
    assert_eq!(r.values, vec![Some(100.0), Some(200.0), Some(300.0)]);
    assert_eq!(
        r.report,
        CleanReport {
            samples_in: 3,
            ..Default::default()
        }
    );
}

#[test]
fn duplicate_timestamp_keeps_last() {
    let r = resample(
        &[(0.0, 100.0), (1.0, 200.0), (1.0, 300.0), (2.0, 400.0)],
        &power(),
    );
    assert_eq!(r.values, vec![Some(100.0), Some(300.0), Some(400.0)]);
    assert_eq!(r.report.duplicates, 1);
}

#[test]
fn time_going_backwards_drops_the_sample() {
    let r = resample(
        &[(0.0, 100.0), (1.0, 200.0), (0.5, 999.0), (2.0, 300.0)],
        &power(),
    );
    assert_eq!(r.values, vec![Some(100.0), Some(200.0), Some(300.0)]);
    assert_eq!(r.report.out_of_order, 1);
    assert_eq!(
        r.report.rejected_high, 0,
        "a dropped sample is not validated"
    );
}

#[test]
fn power_spike_dropped_and_short_gap_zero_filled() {
    // 3000 W > 2500 W → dropped → 1 s gap ≤ 10 s → filled with 0 W.
    let r = resample(&[(0.0, 100.0), (1.0, 3000.0), (2.0, 300.0)], &power());
    assert_eq!(r.values, vec![Some(100.0), Some(0.0), Some(300.0)]);
    assert_eq!(r.report.rejected_high, 1);
    assert_eq!(r.report.filled_s, 1);
}

#[test]
fn hr_zero_and_255_are_invalid_and_held() {
    // 0 and 255 dropped; the 2 s gap is held at the last good 120 bpm.
    let r = resample(
        &[(0.0, 120.0), (1.0, 0.0), (2.0, 255.0), (3.0, 130.0)],
        &hr(),
    );
    assert_eq!(
        r.values,
        vec![Some(120.0), Some(120.0), Some(120.0), Some(130.0)]
    );
    assert_eq!(
        (
            r.report.rejected_low,
            r.report.rejected_high,
            r.report.filled_s
        ),
        (1, 1, 2)
    );
}

#[test]
fn short_power_dropout_is_zero_long_one_is_a_pause() {
    // t = 0,1 then 5: 3 missing seconds (2,3,4) ≤ 10 → 0 W.
    let r = resample(&[(0.0, 200.0), (1.0, 200.0), (5.0, 200.0)], &power());
    assert_eq!(
        r.values,
        vec![
            Some(200.0),
            Some(200.0),
            Some(0.0),
            Some(0.0),
            Some(0.0),
            Some(200.0)
        ]
    );
    // t = 0,1 then 20,21: 18 missing seconds > 10 → paused (None).
    let r = resample(
        &[(0.0, 200.0), (1.0, 200.0), (20.0, 200.0), (21.0, 200.0)],
        &power(),
    );
    assert_eq!(r.values.len(), 22);
    assert!(r.values[2..20].iter().all(Option::is_none));
    assert_eq!((r.report.paused_s, r.report.filled_s), (18, 0));
}

#[test]
fn linear_fill_option() {
    // 100 at t0, 200 at t4: 3 missing → 125, 150, 175.
    let cfg = CleanConfig {
        fill: Fill::Linear,
        ..power()
    };
    let r = resample(&[(0.0, 100.0), (4.0, 200.0)], &cfg);
    assert_eq!(
        r.values,
        vec![
            Some(100.0),
            Some(125.0),
            Some(150.0),
            Some(175.0),
            Some(200.0)
        ]
    );
}

#[test]
fn faster_than_1hz_is_averaged_per_second() {
    // Bin 0: 0.0, 0.2, 0.4 → (100+200+300)/3 = 200; bin 1: 0.8, 1.0, 1.2 → 500.
    let s = [
        (0.0, 100.0),
        (0.2, 200.0),
        (0.4, 300.0),
        (0.8, 400.0),
        (1.0, 500.0),
        (1.2, 600.0),
    ];
    let r = resample(&s, &power());
    assert_eq!(r.values, vec![Some(200.0), Some(500.0)]);
}

#[test]
fn zeros_are_data_for_power() {
    let r = resample(&[(0.0, 0.0), (1.0, 0.0)], &power());
    assert_eq!(r.values, vec![Some(0.0), Some(0.0)]);
    assert_eq!(r.report.rejected_low, 0);
}

#[test]
fn nan_and_bad_times() {
    let r = resample(
        &[
            (f64::NAN, 1.0),
            (0.0, f32::NAN),
            (1.0, 100.0),
            (2.0, -5.0),
            (3.0, 100.0),
        ],
        &power(),
    );
    assert_eq!(r.report.bad_time, 1);
    assert_eq!(r.report.rejected_low, 2); // NaN and −5 W
                                          // Bin 0 was NaN → leading invalid stays None; bin 2 filled with 0.
    assert_eq!(r.values, vec![None, Some(100.0), Some(0.0), Some(100.0)]);
}

#[test]
fn far_future_timestamp_is_capped() {
    let cfg = CleanConfig {
        max_len_s: 100,
        ..power()
    };
    let r = resample(&[(0.0, 1.0), (1.0, 2.0), (1e9, 3.0)], &cfg);
    assert_eq!(r.values, vec![Some(1.0), Some(2.0)]);
    assert_eq!(r.report.bad_time, 1);
}

#[test]
fn empty_input() {
    let r = resample(&[], &power());
    assert!(r.values.is_empty());
}

#[test]
fn clean_1hz_validates_and_fills() {
    // None + spike = 2-second gap → zero filled.
    let (v, rep) = clean_1hz(&[Some(100.0), None, Some(3000.0), Some(200.0)], &power());
    assert_eq!(v, vec![Some(100.0), Some(0.0), Some(0.0), Some(200.0)]);
    assert_eq!((rep.rejected_high, rep.filled_s), (1, 2));
    // Trailing missing data is a pause, not filled.
    let (v, rep) = clean_1hz(&[Some(100.0), None], &hr());
    assert_eq!(v, vec![Some(100.0), None]);
    assert_eq!(rep.paused_s, 1);
}
