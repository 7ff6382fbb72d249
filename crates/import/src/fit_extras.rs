//! The parts of a FIT file beyond the core streams: multisport legs, running
//! dynamics and L/R balance, developer fields, HRV, pool lengths, strength sets.

use paceline_fit::{fit_to_unix, FitFile, SubSport};
use paceline_model::{ExtraStream, Extras, Leg, StrengthSet, SwimLength};

use crate::fit::sport;

/// Record indices kept in the streams: a sample whose time goes backwards is dropped
/// (the streams must be time-ordered); the extras follow the same rule so they stay
/// aligned with `Streams::time_s`.
pub(crate) fn kept_indices(ts: &[u32]) -> Vec<usize> {
    let mut out = Vec::with_capacity(ts.len());
    let mut last: Option<u32> = None;
    for (i, &t) in ts.iter().enumerate() {
        if last.is_some_and(|l| t < l) {
            continue;
        }
        last = Some(t);
        out.push(i);
    }
    out
}

pub(crate) fn build(f: &FitFile, kept: &[usize]) -> Extras {
    Extras {
        legs: legs(f),
        streams: streams(f, kept),
        rr_ms: f.hrv_rr_ms.clone(),
        lengths: lengths(f),
        sets: sets(f),
    }
}

/// A multisport file's sessions become legs; a single session is the activity itself.
fn legs(f: &FitFile) -> Vec<Leg> {
    if f.sessions.len() < 2 {
        return Vec::new();
    }
    f.sessions
        .iter()
        .map(|s| Leg {
            sport: Some(sport(s.sport, s.sub_sport)),
            sub_sport: s
                .sub_sport
                .filter(|x| *x != SubSport::GENERIC && *x != SubSport::INVALID)
                .and_then(|x| x.name().map(str::to_string)),
            start_utc: s.start_time.or(s.timestamp).map(fit_to_unix).unwrap_or(0),
            elapsed_s: s.total_elapsed_time_s.unwrap_or_default(),
            moving_s: s
                .total_timer_time_s
                .or(s.total_elapsed_time_s)
                .unwrap_or_default(),
            distance_m: s.total_distance_m,
            avg_hr: s.avg_heart_rate.filter(|&v| v > 0).map(f64::from),
            avg_power: s.avg_power_w.filter(|&v| v > 0).map(f64::from),
            calories: s.total_calories.map(f64::from),
        })
        .collect()
}

fn column(key: &str, name: &str, units: &str, values: Vec<f32>) -> Option<ExtraStream> {
    values.iter().any(|v| v.is_finite()).then(|| ExtraStream {
        key: key.into(),
        name: name.into(),
        units: units.into(),
        values,
    })
}

fn streams(f: &FitFile, kept: &[usize]) -> Vec<ExtraStream> {
    let r = &f.records;
    let pick = |v: &[f32]| -> Vec<f32> { kept.iter().map(|&i| v[i]).collect() };
    // Bit 7 says the percentage is the right leg's; store the right leg's share.
    let balance: Vec<f32> = kept
        .iter()
        .map(|&i| match r.left_right_balance[i] {
            Some(b) if b != 0xFF && b & 0x7F <= 100 => {
                let pct = f32::from(b & 0x7F);
                if b & 0x80 != 0 {
                    pct
                } else {
                    100.0 - pct
                }
            }
            _ => f32::NAN,
        })
        .collect();
    let mut out: Vec<ExtraStream> = [
        column("lr_balance", "Right leg share", "%", balance),
        column(
            "vertical_oscillation",
            "Vertical oscillation",
            "mm",
            pick(&r.vertical_oscillation_mm),
        ),
        column(
            "stance_time",
            "Ground contact time",
            "ms",
            pick(&r.stance_time_ms),
        ),
        column("step_length", "Step length", "mm", pick(&r.step_length_mm)),
        column(
            "core_temperature",
            "Core temperature",
            "°C",
            pick(&r.core_temperature_c),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    let times: Vec<u32> = kept.iter().map(|&i| r.timestamp[i]).collect();
    for d in &f.developer_fields {
        let mut values = vec![f32::NAN; times.len()];
        for &(t, v) in &d.values {
            // First kept sample at that second not yet filled (duplicated seconds).
            let mut i = times.partition_point(|&x| x < t);
            while i < times.len() && times[i] == t && values[i].is_finite() {
                i += 1;
            }
            if i < times.len() && times[i] == t && v.is_finite() {
                values[i] = v as f32;
            }
        }
        let name = if d.name.trim().is_empty() {
            format!("field {}", d.field_number)
        } else {
            d.name.trim().to_string()
        };
        let mut key = format!("dev:{name}");
        if out.iter().any(|s| s.key == key) {
            key = format!("dev:{name}#{}.{}", d.developer_data_index, d.field_number);
        }
        out.extend(column(&key, &name, d.units.trim(), values));
    }
    out
}

fn stroke_name(s: u8) -> Option<String> {
    Some(
        match s {
            0 => "freestyle",
            1 => "backstroke",
            2 => "breaststroke",
            3 => "butterfly",
            4 => "drill",
            5 => "mixed",
            6 => "im",
            _ => return None,
        }
        .into(),
    )
}

fn lengths(f: &FitFile) -> Vec<SwimLength> {
    f.lengths
        .iter()
        .map(|l| SwimLength {
            start_utc: l.start_time.or(l.timestamp).map(fit_to_unix).unwrap_or(0),
            elapsed_s: l
                .total_elapsed_time_s
                .or(l.total_timer_time_s)
                .unwrap_or_default(),
            strokes: l.total_strokes.filter(|&s| s != u16::MAX),
            stroke: l.swim_stroke.and_then(stroke_name),
            active: l.length_type != Some(0),
        })
        .collect()
}

fn sets(f: &FitFile) -> Vec<StrengthSet> {
    f.sets
        .iter()
        .map(|s| StrengthSet {
            start_utc: s.start_time.or(s.timestamp).map(fit_to_unix).unwrap_or(0),
            duration_s: s.duration_s,
            reps: s.repetitions.filter(|&r| r != u16::MAX),
            weight_kg: s.weight_kg.filter(|w| w.is_finite()),
            category: s.category.filter(|&c| c != u16::MAX),
            active: s.set_type != Some(0),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backwards_samples_are_dropped_like_the_streams() {
        assert_eq!(kept_indices(&[10, 11, 9, 11, 12]), vec![0, 1, 3, 4]);
        assert!(kept_indices(&[]).is_empty());
    }
}
