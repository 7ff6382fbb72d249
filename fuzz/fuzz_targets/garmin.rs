//! Garmin Connect JSON through every mapper: whatever the server (or a proxy) answers,
//! the mappers give `None`/empty, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paceline_garmin::mappers as m;

fuzz_target!(|data: &[u8]| {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let _ = m::map_activity_summary(&v);
    let _ = m::map_activity_list(&v);
    let _ = m::map_activity_detail(&v);
    let _ = m::map_profile(&v);
    let _ = m::map_user_settings(&v);
    let _ = m::map_sleep_day(&v);
    let _ = m::map_sleep_scores(&v);
    let _ = m::map_hrv_day(&v);
    let _ = m::map_hrv_range(&v);
    let _ = m::map_resting_hr(&v);
    let _ = m::map_steps_range(&v);
    let _ = m::map_stress_range(&v);
    let _ = m::map_stress_day(&v);
    let _ = m::map_daily_summary(&v);
    let _ = m::map_body_battery(&v);
    let _ = m::map_respiration(&v);
    let _ = m::map_spo2(&v);
    let _ = m::map_weight_range(&v);
    let snaps = m::map_training_readiness(&v);
    let _ = m::morning_readiness(&snaps);
});
