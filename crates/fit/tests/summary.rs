//! Activity summary files (file_id type 20): sessions and laps, no records. The
//! corpus has none; a Garmin Swim's layout is built byte for byte by hand, and
//! fitparser (an independent decoder) checks those bytes are what we think.

use fitparser::{profile::MesgNum, Value};
use paceline_fit::profile::file_type;
use paceline_fit::*;
use paceline_testsupport::summary::{
    garmin_swim_bytes, summary_file, SummarySpec, GARMIN, GARMIN_SWIM,
};

#[test]
fn a_garmin_swim_summary_decodes_with_its_session_and_laps() {
    let bytes = garmin_swim_bytes();
    let f = decode(&bytes).unwrap();
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    assert_eq!(f.file_type, Some(file_type::ACTIVITY_SUMMARY));
    assert_eq!(f.manufacturer, Some(GARMIN));
    assert_eq!(f.product, Some(GARMIN_SWIM));
    assert!(f.records.is_empty());
    assert!(f.lengths.is_empty());

    assert_eq!(f.sessions.len(), 1);
    let s = &f.sessions[0];
    assert_eq!(s.sport, Some(Sport::SWIMMING));
    assert_eq!(s.sub_sport, Some(SubSport::LAP_SWIMMING));
    assert_eq!(s.start_time.map(fit_to_unix), Some(1_370_328_000));
    assert_eq!(s.total_elapsed_time_s, Some(1840.0));
    assert_eq!(s.total_timer_time_s, Some(1720.0));
    assert_eq!(s.total_distance_m, Some(1500.0));
    assert_eq!(s.total_calories, Some(410));
    assert_eq!(s.avg_speed_mps, Some(0.872));
    assert_eq!(s.pool_length_m, Some(25.0));
    assert_eq!(s.num_active_lengths, Some(60));
    assert_eq!(s.num_laps, Some(3));

    let timers: Vec<Option<f64>> = f.laps.iter().map(|l| l.total_timer_time_s).collect();
    assert_eq!(timers, [Some(540.0), Some(560.0), Some(620.0)]);
    let elapsed: Vec<Option<f64>> = f.laps.iter().map(|l| l.total_elapsed_time_s).collect();
    assert_eq!(elapsed, [Some(600.0), Some(620.0), Some(620.0)]);
    assert!(f.laps.iter().all(|l| l.total_distance_m == Some(500.0)
        && l.sport == Some(Sport::SWIMMING)
        && l.num_active_lengths == Some(20)));
    // Each lap starts where the previous one ended.
    let starts: Vec<u32> = f.laps.iter().filter_map(|l| l.start_time).collect();
    assert_eq!(starts[1] - starts[0], 600);
    assert_eq!(starts[2] - starts[1], 620);
}

#[test]
fn the_hand_built_bytes_are_valid_fit_to_another_decoder() {
    let bytes = garmin_swim_bytes();
    let recs = fitparser::from_bytes(&bytes).expect("fitparser reads it (CRC included)");
    let file_id = recs.iter().find(|r| r.kind() == MesgNum::FileId).unwrap();
    let get = |name: &str| {
        file_id
            .fields()
            .iter()
            .find(|f| f.name() == name)
            .map(|f| f.value().clone())
    };
    assert_eq!(get("type"), Some(Value::String("activity_summary".into())));
    assert_eq!(get("manufacturer"), Some(Value::String("garmin".into())));
    // fitparser names the product through the manufacturer's list: "swim".
    assert_eq!(get("garmin_product"), Some(Value::String("swim".into())));
    let count = |k: MesgNum| recs.iter().filter(|r| r.kind() == k).count();
    assert_eq!(count(MesgNum::Lap), 3);
    assert_eq!(count(MesgNum::Session), 1);
    assert_eq!(count(MesgNum::Record), 0);
}

#[test]
fn the_writer_makes_summary_files_with_and_without_lengths() {
    let spec = SummarySpec::pool_swim(1_700_000_000);
    let f = decode(&summary_file(&spec)).unwrap();
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    assert_eq!(f.file_type, Some(file_type::ACTIVITY_SUMMARY));
    assert!(f.records.is_empty() && f.lengths.is_empty());
    assert_eq!(f.laps.len(), 3);
    assert_eq!(f.sessions[0].pool_length_m, Some(25.0));
    assert_eq!(f.sessions[0].total_timer_time_s, Some(1720.0));

    let with = SummarySpec {
        lengths: true,
        ..spec
    };
    let f = decode(&summary_file(&with)).unwrap();
    assert!(f.records.is_empty());
    // 60 swum lengths and two rests at the wall.
    assert_eq!(f.lengths.len(), 62);
    assert_eq!(
        f.lengths
            .iter()
            .filter(|l| l.length_type == Some(1))
            .count(),
        60
    );
}
