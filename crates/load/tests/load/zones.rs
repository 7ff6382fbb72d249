use paceline_load::zones::*;

#[test]
fn coggan_zones_ftp_200() {
    // Upper bounds 0.55/0.75/0.90/1.05/1.20/1.50 × 200 = 110/150/180/210/240/300.
    let z = coggan_power_zones(200.0).unwrap();
    assert_eq!(z.upper, vec![110.0, 150.0, 180.0, 210.0, 240.0, 300.0]);
    assert_eq!(z.names.len(), 7);
    let s = [
        Some(110.0),
        Some(111.0),
        Some(200.0),
        Some(301.0),
        None,
        Some(0.0),
    ];
    // 110 (≤ 55 %) and 0 → Z1; 111 → Z2; 200 → Z4; 301 → Z7; None not counted.
    assert_eq!(time_in_zones(&s, &z), vec![2, 1, 0, 1, 0, 0, 1]);
    assert!(coggan_power_zones(0.0).is_none());
}

#[test]
fn friel_hr_zones_lthr_160() {
    // Bike lower bounds × 160: 129.6, 144, 150.4, 160, 164.8, 171.2.
    let z = friel_hr_zones7(160.0, FrielSport::Bike).unwrap();
    let s = [Some(129.0), Some(130.0), Some(160.0), Some(172.0)];
    // 129 < 129.6 → Z1; 130 → Z2; 160 = LTHR → Z5a; 172 → Z5c.
    assert_eq!(time_in_zones(&s, &z), vec![1, 1, 0, 0, 1, 0, 1]);
    // 5-zone model merges 5a–5c.
    let z5 = friel_hr_zones5(160.0, FrielSport::Bike).unwrap();
    assert_eq!(time_in_zones(&s, &z5), vec![1, 1, 0, 0, 2]);
    // Run: Z2 starts at 85 % = 136 → 130 is still Z1.
    let zr = friel_hr_zones7(160.0, FrielSport::Run).unwrap();
    assert_eq!(zr.zone_of(130.0), 0);
    assert_eq!(zr.zone_of(136.0), 1);
}

#[test]
fn friel_pace_zones_from_threshold_pace_4_00_per_km() {
    // Threshold 4:00 /km = 240 s/km = 1000/240 = 4.1667 m/s. The Z1/Z2 boundary is
    // 129 % of 240 s = 309.6 s/km = 1000/309.6 = 3.2300 m/s; Z5b/Z5c at 90 % =
    // 216 s/km = 4.6296 m/s.
    let z = friel_pace_zones(1000.0 / 240.0).unwrap();
    assert_eq!(z.names.len(), 7);
    assert!((z.upper[0] - 3.2300).abs() < 1e-3, "{:?}", z.upper);
    assert!((z.upper[5] - 4.6296).abs() < 1e-3, "{:?}", z.upper);
    // 5:30 /km (330 s, 137 %) is Z1; 4:20 (260 s, 108 %) Z3; 4:00 (100 %) Z5a;
    // 3:30 (210 s, 87.5 %) Z5c.
    let at = |pace_s: f32| z.zone_of(1000.0 / pace_s);
    assert_eq!([at(330.0), at(260.0), at(240.0), at(210.0)], [0, 2, 4, 6]);
    assert!(
        z.upper.windows(2).all(|w| w[0] < w[1]),
        "faster zones, higher speeds"
    );
    assert!(friel_pace_zones(0.0).is_none());
}
