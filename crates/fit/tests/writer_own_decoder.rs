//! Writer output decoded by our own decoder: same values, no warnings.

use paceline_fit::*;
use proptest::prelude::*;

fn sample() -> impl Strategy<Value = RecordSample> {
    (
        (
            0u32..3600,
            proptest::option::of(-89.9f64..89.9),
            proptest::option::of(-179.9f64..179.9),
        ),
        (
            proptest::option::of(-400f32..8000.0),
            proptest::option::of(30u8..250),
            proptest::option::of(0u8..250),
        ),
        (
            proptest::option::of(0f64..400_000.0),
            proptest::option::of(0f32..40.0),
            proptest::option::of(0u16..2500),
        ),
        proptest::option::of(-40i8..60),
    )
        .prop_map(
            |((t, lat, lon), (alt, hr, cad), (dist, spd, pw), temp)| RecordSample {
                timestamp: 1_000_000_000 + t,
                lat_deg: lat,
                lon_deg: lon,
                altitude_m: alt,
                heart_rate: hr,
                cadence: cad,
                distance_m: dist,
                speed_mps: spd,
                power_w: pw,
                temperature_c: temp,
            },
        )
}

fn close(a: f64, b: Option<f64>, tol: f64) -> bool {
    match b {
        None => a.is_nan(),
        Some(b) => (a - b).abs() <= tol,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn records_round_trip(samples in proptest::collection::vec(sample(), 0..200)) {
        let mut b = ActivityBuilder::new(&DeviceIdent { time_created: 1_000_000_000, ..Default::default() });
        for s in &samples {
            b.record(s);
        }
        let f = decode(&b.finish()).unwrap();
        prop_assert!(f.warnings.is_empty(), "{:?}", f.warnings);
        prop_assert_eq!(f.file_type, Some(4));
        let r = &f.records;
        prop_assert_eq!(r.len(), samples.len());
        for (i, s) in samples.iter().enumerate() {
            prop_assert_eq!(r.timestamp[i], s.timestamp);
            prop_assert_eq!(r.heart_rate[i], s.heart_rate);
            prop_assert_eq!(r.cadence[i], s.cadence);
            prop_assert_eq!(r.power_w[i], s.power_w);
            prop_assert_eq!(r.temperature_c[i], s.temperature_c);
            let pos = s.lat_deg.zip(s.lon_deg);
            prop_assert!(close(r.lat_deg[i], pos.map(|p| p.0), 1e-6));
            prop_assert!(close(r.lon_deg[i], pos.map(|p| p.1), 1e-6));
            prop_assert!(close(f64::from(r.altitude_m[i]), s.altitude_m.map(f64::from), 0.11));
            prop_assert!(close(r.distance_m[i], s.distance_m, 0.006));
            prop_assert!(close(f64::from(r.speed_mps[i]), s.speed_mps.map(f64::from), 0.001));
        }
    }
}

#[test]
fn multisport_summaries_round_trip() {
    let t0 = unix_to_fit(1_720_000_000);
    let dev = DeviceIdent {
        time_created: t0,
        product: 7,
        serial: 99,
        ..Default::default()
    };
    let mut b = ActivityBuilder::new(&dev);
    b.timer_start(t0);
    let legs = [
        (Sport::SWIMMING, SubSport::OPEN_WATER, 1800.0),
        (Sport::CYCLING, SubSport::ROAD, 40_000.0),
    ];
    let mut start = t0;
    for (sport, sub, dist) in legs {
        let s = Summary {
            sport,
            sub_sport: sub,
            start_time: start,
            timestamp: start + 1000,
            total_elapsed_time_s: 1000.0,
            total_timer_time_s: 990.5,
            total_distance_m: Some(dist),
            avg_heart_rate: Some(150),
            avg_power_w: (sport == Sport::CYCLING).then_some(230),
            training_stress_score: Some(45.6),
            intensity_factor: Some(0.812),
            ..Default::default()
        };
        b.lap(&s).lap(&s).session(&s);
        start += 1000;
    }
    b.timer_stop(start).activity(start, 7200);
    let f = decode(&b.finish()).unwrap();
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    assert_eq!(
        (f.manufacturer, f.product, f.serial),
        (Some(255), Some(7), Some(99))
    );
    assert_eq!(f.sessions.len(), 2);
    assert_eq!(f.laps.len(), 4);
    let bike = &f.sessions[1];
    assert_eq!(bike.sport, Some(Sport::CYCLING));
    assert_eq!(bike.sub_sport, Some(SubSport::ROAD));
    assert_eq!(bike.total_timer_time_s, Some(990.5));
    assert_eq!(bike.total_distance_m, Some(40_000.0));
    assert_eq!(bike.avg_power_w, Some(230));
    assert_eq!(bike.first_lap_index, Some(2));
    assert_eq!(bike.num_laps, Some(2));
    assert_eq!(bike.training_stress_score, Some(45.6));
    assert_eq!(bike.intensity_factor, Some(0.812));
    assert_eq!(f.sessions[0].avg_power_w, None);
    assert_eq!(f.events.len(), 2);
    assert_eq!(f.device_infos.len(), 1);
}
