//! Files from the writer must decode with `fitparser` to the same values.

use fitparser::{FitDataRecord, Value};
use paceline_fit::crc::crc16;
use paceline_fit::*;

fn demo_ride() -> (Vec<u8>, Vec<RecordSample>, Summary) {
    let t0 = unix_to_fit(1_700_000_000);
    let dev = DeviceIdent {
        product: 42,
        serial: 123_456,
        time_created: t0,
        product_name: Some("Paceline demo".into()),
        ..Default::default()
    };
    let mut b = ActivityBuilder::new(&dev);
    b.timer_start(t0);
    let mut samples = Vec::new();
    for i in 0..600u32 {
        let s = RecordSample {
            timestamp: t0 + i,
            lat_deg: Some(45.5 + f64::from(i) * 1e-5),
            lon_deg: Some(-73.6 - f64::from(i) * 1e-5),
            altitude_m: Some(100.0 + (i % 50) as f32 * 0.2),
            heart_rate: (i % 7 != 0).then_some(120 + (i % 40) as u8),
            cadence: Some(85),
            distance_m: Some(f64::from(i) * 8.5),
            speed_mps: Some(8.5),
            power_w: Some(200 + (i % 100) as u16),
            temperature_c: Some(-3),
        };
        b.record(&s);
        samples.push(s);
    }
    b.timer_stop(t0 + 599);
    let sum = Summary {
        sport: Sport::CYCLING,
        sub_sport: SubSport::ROAD,
        start_time: t0,
        timestamp: t0 + 599,
        total_elapsed_time_s: 599.0,
        total_timer_time_s: 599.0,
        total_distance_m: Some(5091.5),
        total_ascent_m: Some(12),
        total_descent_m: Some(11),
        avg_heart_rate: Some(139),
        max_heart_rate: Some(159),
        avg_power_w: Some(249),
        max_power_w: Some(299),
        normalized_power_w: Some(255),
        avg_speed_mps: Some(8.5),
        max_speed_mps: Some(8.5),
        avg_cadence: Some(85),
        total_calories: Some(150),
        training_stress_score: Some(12.3),
        intensity_factor: Some(0.85),
        threshold_power_w: Some(300),
        start_lat_deg: Some(45.5),
        start_lon_deg: Some(-73.6),
        ..Default::default()
    };
    b.lap(&sum).session(&sum).activity(t0 + 599, -5 * 3600);
    (b.finish(), samples, sum)
}

fn field<'a>(r: &'a FitDataRecord, name: &str) -> Option<&'a Value> {
    r.fields()
        .iter()
        .find(|f| f.name() == name)
        .map(|f| f.value())
}

fn num(r: &FitDataRecord, name: &str) -> Option<f64> {
    field(r, name).and_then(|v| match v.clone() {
        Value::Timestamp(t) => Some(t.timestamp() as f64),
        Value::Invalid | Value::String(_) | Value::Array(_) => None,
        v => TryInto::<f64>::try_into(v).ok(),
    })
}

fn by_kind(recs: &[FitDataRecord], kind: &str) -> Vec<FitDataRecord> {
    recs.iter()
        .filter(|r| r.kind().to_string() == kind)
        .cloned()
        .collect()
}

#[test]
fn header_and_file_crc_are_valid() {
    let (bytes, _, _) = demo_ride();
    assert_eq!(bytes[0], 14);
    assert_eq!(&bytes[8..12], b".FIT");
    assert_eq!(
        crc16(&bytes[..12]),
        u16::from_le_bytes([bytes[12], bytes[13]])
    );
    let data_size = u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
    assert_eq!(bytes.len(), 14 + data_size + 2);
    assert_eq!(
        crc16(&bytes),
        0,
        "file CRC must make the whole-file CRC zero"
    );
}

#[test]
fn activity_round_trips_through_fitparser() {
    let (bytes, samples, sum) = demo_ride();
    let recs = fitparser::from_bytes(&bytes).expect("fitparser decodes our file");

    let file_id = &by_kind(&recs, "file_id")[0];
    assert_eq!(
        field(file_id, "type"),
        Some(&Value::String("activity".into()))
    );
    assert_eq!(num(file_id, "serial_number"), Some(123_456.0));

    let records = by_kind(&recs, "record");
    assert_eq!(records.len(), samples.len());
    for (r, s) in records.iter().zip(&samples) {
        assert_eq!(num(r, "timestamp"), Some(fit_to_unix(s.timestamp) as f64));
        assert_eq!(num(r, "heart_rate"), s.heart_rate.map(f64::from));
        assert_eq!(num(r, "power"), s.power_w.map(f64::from));
        assert_eq!(num(r, "cadence"), s.cadence.map(f64::from));
        assert_eq!(num(r, "temperature"), s.temperature_c.map(f64::from));
        let d = num(r, "distance").unwrap();
        assert!((d - s.distance_m.unwrap()).abs() < 0.006, "distance {d}");
        let v = num(r, "enhanced_speed").unwrap();
        assert!((v - f64::from(s.speed_mps.unwrap())).abs() < 0.0006);
        let a = num(r, "enhanced_altitude").unwrap();
        assert!(
            (a - f64::from(s.altitude_m.unwrap())).abs() < 0.11,
            "alt {a}"
        );
        let lat = semicircles_to_deg(num(r, "position_lat").unwrap() as i32);
        assert!((lat - s.lat_deg.unwrap()).abs() < 1e-6);
        let lon = semicircles_to_deg(num(r, "position_long").unwrap() as i32);
        assert!((lon - s.lon_deg.unwrap()).abs() < 1e-6);
    }

    let session = &by_kind(&recs, "session")[0];
    assert_eq!(
        field(session, "sport"),
        Some(&Value::String("cycling".into()))
    );
    assert_eq!(
        field(session, "sub_sport"),
        Some(&Value::String("road".into()))
    );
    assert_eq!(num(session, "total_elapsed_time"), Some(599.0));
    assert_eq!(num(session, "total_timer_time"), Some(599.0));
    assert_eq!(num(session, "total_distance"), Some(5091.5));
    assert_eq!(num(session, "avg_heart_rate"), Some(139.0));
    assert_eq!(num(session, "max_heart_rate"), Some(159.0));
    assert_eq!(num(session, "avg_power"), Some(249.0));
    assert_eq!(num(session, "max_power"), Some(299.0));
    assert_eq!(num(session, "normalized_power"), Some(255.0));
    assert_eq!(num(session, "threshold_power"), Some(300.0));
    assert_eq!(num(session, "total_ascent"), Some(12.0));
    assert_eq!(num(session, "total_calories"), Some(150.0));
    assert!((num(session, "training_stress_score").unwrap() - 12.3).abs() < 1e-9);
    assert!((num(session, "intensity_factor").unwrap() - 0.85).abs() < 1e-9);
    assert_eq!(num(session, "enhanced_avg_speed"), Some(8.5));
    assert_eq!(
        num(session, "start_time"),
        Some(fit_to_unix(sum.start_time) as f64)
    );

    let lap = &by_kind(&recs, "lap")[0];
    assert_eq!(num(lap, "total_distance"), Some(5091.5));
    assert_eq!(num(lap, "avg_power"), Some(249.0));

    let activity = &by_kind(&recs, "activity")[0];
    assert_eq!(num(activity, "num_sessions"), Some(1.0));
    assert_eq!(num(activity, "total_timer_time"), Some(599.0));
    let events = by_kind(&recs, "event");
    assert_eq!(events.len(), 2);
    assert_eq!(
        field(&events[0], "event_type"),
        Some(&Value::String("start".into()))
    );
    assert_eq!(by_kind(&recs, "device_info").len(), 1);
}

#[test]
fn pool_swim_lengths_round_trip() {
    let t0 = unix_to_fit(1_700_000_000);
    let mut b = ActivityBuilder::new(&DeviceIdent {
        time_created: t0,
        ..Default::default()
    });
    b.timer_start(t0);
    for i in 0..4u32 {
        b.length(&LengthSample {
            start_time: t0 + i * 40,
            timestamp: t0 + i * 40 + 35,
            total_elapsed_time_s: 35.0,
            total_timer_time_s: 35.0,
            total_strokes: Some(18),
            avg_speed_mps: Some(25.0 / 35.0),
            swim_stroke: Some(SwimStroke::FREESTYLE),
            avg_swimming_cadence: Some(30),
            active: i != 3,
        });
    }
    let s = Summary {
        sport: Sport::SWIMMING,
        sub_sport: SubSport::LAP_SWIMMING,
        start_time: t0,
        timestamp: t0 + 155,
        total_elapsed_time_s: 155.0,
        total_timer_time_s: 155.0,
        total_distance_m: Some(75.0),
        pool_length_m: Some(25.0),
        num_active_lengths: Some(3),
        ..Default::default()
    };
    b.lap(&s).session(&s).activity(t0 + 155, 0);
    let bytes = b.finish();
    let recs = fitparser::from_bytes(&bytes).unwrap();
    let lengths = by_kind(&recs, "length");
    assert_eq!(lengths.len(), 4);
    assert_eq!(num(&lengths[0], "total_strokes"), Some(18.0));
    assert_eq!(
        field(&lengths[3], "length_type"),
        Some(&Value::String("idle".into()))
    );
    assert_eq!(
        field(&lengths[0], "swim_stroke"),
        Some(&Value::String("freestyle".into()))
    );
    let session = &by_kind(&recs, "session")[0];
    assert_eq!(num(session, "pool_length"), Some(25.0));
    assert_eq!(num(session, "num_active_lengths"), Some(3.0));
}

#[test]
fn missing_values_are_omitted_not_garbage() {
    let mut b = ActivityBuilder::new(&DeviceIdent::default());
    b.record(&RecordSample {
        timestamp: 1000,
        heart_rate: Some(90),
        ..Default::default()
    });
    b.record(&RecordSample {
        timestamp: 1001,
        lat_deg: Some(1.0),
        ..Default::default()
    });
    let recs = fitparser::from_bytes(&b.finish()).unwrap();
    let records = by_kind(&recs, "record");
    assert_eq!(records.len(), 2);
    assert_eq!(num(&records[0], "heart_rate"), Some(90.0));
    assert_eq!(num(&records[1], "heart_rate"), None);
    assert_eq!(
        num(&records[1], "position_lat"),
        None,
        "a lone latitude is dropped"
    );
}
