//! Totals computed from streams, for files whose summary is missing or partial.
//! The device's own summary always wins where it exists.

use paceline_model::{finite_max, finite_mean, Activity};

/// Below this speed a sample counts as standing still (m/s, ~1.8 km/h).
const MOVING_SPEED_MPS: f32 = 0.5;
/// A gap longer than this between samples is a pause, not movement.
const PAUSE_GAP_S: f64 = 10.0;
/// Altitude changes smaller than this are noise, not climbing (m).
const ASCENT_HYSTERESIS_M: f32 = 2.0;
/// Longer than any single recording (ultra races included): a clock jump.
const MAX_PLAUSIBLE_ELAPSED_S: f64 = 72.0 * 3600.0;

pub fn fill_from_streams(a: &mut Activity) {
    let s = &a.streams;
    if s.is_empty() {
        return;
    }
    if a.elapsed_s <= 0.0 {
        a.elapsed_s = s.time_s.last().copied().unwrap_or(0.0) - s.time_s[0];
    }
    if a.moving_s <= 0.0 {
        a.moving_s = moving_time_by_distance(&s.time_s, &s.distance_m)
            .unwrap_or_else(|| moving_time(&s.time_s, &s.speed_mps));
    }
    if a.distance_m.is_none() {
        a.distance_m = s
            .distance_m
            .iter()
            .rev()
            .find(|d| d.is_finite())
            .map(|&d| f64::from(d));
    }
    if a.ascent_m.is_none() && !s.altitude_m.is_empty() {
        let (up, down) = climb(&s.altitude_m);
        a.ascent_m = Some(up);
        a.descent_m.get_or_insert(down);
    }
    a.avg_hr = a.avg_hr.or_else(|| finite_mean(&s.heart_rate));
    a.max_hr = a.max_hr.or_else(|| finite_max(&s.heart_rate));
    a.avg_power = a.avg_power.or_else(|| finite_mean(&s.power_w));
    a.max_power = a.max_power.or_else(|| finite_max(&s.power_w));
    a.avg_cadence = a.avg_cadence.or_else(|| finite_mean(&s.cadence));
    if a.avg_speed_mps.is_none() && a.moving_s > 0.0 {
        a.avg_speed_mps = a.distance_m.map(|d| d / a.moving_s);
    }
}

/// Moving time can never exceed elapsed time. Devices round the two differently (a
/// second either way is silently capped); a real excess (a timer that kept running
/// after the clock, seen on Zwift, Bryton, Nielsen-Kellerman) is capped and flagged.
pub fn check_moving(a: &mut Activity) {
    if a.elapsed_s > MAX_PLAUSIBLE_ELAPSED_S {
        a.warnings.push(format!(
            "the recording spans {:.0} hours; the device clock probably jumped, so elapsed time is wrong",
            a.elapsed_s / 3600.0
        ));
    }
    if a.elapsed_s <= 0.0 || a.moving_s <= a.elapsed_s {
        return;
    }
    let excess = a.moving_s - a.elapsed_s;
    if excess > 5.0 && excess > a.elapsed_s * 0.01 {
        a.warnings.push(format!(
            "the device's moving time ({:.0} s) is longer than its elapsed time ({:.0} s); moving time was capped",
            a.moving_s, a.elapsed_s
        ));
    }
    a.moving_s = a.elapsed_s;
}

/// Time spent moving: intervals between consecutive samples that are short (not a
/// pause) and, where speed is known, above walking-still speed.
pub fn moving_time(time_s: &[f64], speed: &[f32]) -> f64 {
    let mut total = 0.0;
    for i in 1..time_s.len() {
        let dt = time_s[i] - time_s[i - 1];
        if !(dt > 0.0 && dt <= PAUSE_GAP_S) {
            continue;
        }
        let moving = speed
            .get(i)
            .is_none_or(|v| !v.is_finite() || *v >= MOVING_SPEED_MPS);
        if moving {
            total += dt;
        }
    }
    total
}

/// Moving time from the distance stream: an interval counts when the athlete covered
/// ground at walking pace or more over it, however long it is (GPX apps often sample
/// every 30–60 s, which a fixed pause gap would count as standing still).
/// `None` without a usable distance stream.
pub fn moving_time_by_distance(time_s: &[f64], dist: &[f32]) -> Option<f64> {
    if dist.len() != time_s.len() || !dist.iter().any(|d| d.is_finite() && *d > 0.0) {
        return None;
    }
    let mut total = 0.0;
    let mut prev: Option<(f64, f32)> = None;
    for (&t, &d) in time_s.iter().zip(dist) {
        if !d.is_finite() {
            continue;
        }
        if let Some((pt, pd)) = prev {
            let dt = t - pt;
            if dt > 0.0 && f64::from(d - pd) / dt >= f64::from(MOVING_SPEED_MPS) {
                total += dt;
            }
        }
        prev = Some((t, d));
    }
    Some(total)
}

/// Ascent and descent with a hysteresis so barometer noise does not add up.
pub fn climb(alt: &[f32]) -> (f64, f64) {
    let mut it = alt.iter().copied().filter(|x| x.is_finite());
    let Some(mut anchor) = it.next() else {
        return (0.0, 0.0);
    };
    let (mut up, mut down) = (0.0f64, 0.0f64);
    for x in it {
        let d = x - anchor;
        if d >= ASCENT_HYSTERESIS_M {
            up += f64::from(d);
            anchor = x;
        } else if d <= -ASCENT_HYSTERESIS_M {
            down += f64::from(-d);
            anchor = x;
        }
    }
    (up, down)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_time_skips_pauses_and_standing() {
        // 0→1→2 moving (2 s), 2→60 a pause, 60→61 standing (speed 0).
        let t = [0.0, 1.0, 2.0, 60.0, 61.0];
        let v = [3.0, 3.0, 3.0, 3.0, 0.0];
        assert_eq!(moving_time(&t, &v), 2.0);
        // Without a speed stream every short interval counts: 1 + 1 + 1.
        assert_eq!(moving_time(&t, &[]), 3.0);
    }

    #[test]
    fn moving_time_by_distance_counts_sparse_samples() {
        // 60 s gaps at 3 m/s count; a 60 s gap with 5 m covered does not.
        let t = [0.0, 60.0, 120.0, 180.0];
        let d = [0.0, 180.0, 360.0, 365.0];
        assert_eq!(moving_time_by_distance(&t, &d), Some(120.0));
        assert_eq!(moving_time_by_distance(&t, &[]), None);
    }

    #[test]
    fn climb_ignores_noise() {
        // +1 -1 +1 noise, then 100→110 (+10), then 110→104 (-6).
        let alt = [100.0, 101.0, 100.0, 101.0, 110.0, 104.0];
        assert_eq!(climb(&alt), (10.0, 6.0));
    }
}
