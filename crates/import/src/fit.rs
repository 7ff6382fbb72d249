//! FIT files through our own streaming decoder (`paceline_fit`).
//!
//! The decoder salvages what it can and reports typed warnings; here they become
//! sentences on the activity ("truncated after 41 % — …"), so a damaged recording is
//! still imported, visibly flagged, instead of being refused.

use paceline_fit::profile::{file_type, MANUFACTURER_DEVELOPMENT};
use paceline_fit::{
    fit_to_unix, DecodeError, FitFile, Session, Sport as FitSport, SubSport, Warning,
};
use paceline_model::{Activity, Lap, Sport, Streams};

use crate::{fit_names, fit_offset, ImportError};

/// Before 2000 no FIT device existed: such a start means the file has no real date.
const PLAUSIBLE_START_UTC: i64 = 946_684_800;

pub(crate) fn decode(bytes: &[u8]) -> Result<Activity, ImportError> {
    let file = paceline_fit::decode(bytes).map_err(|e| match e {
        DecodeError::Empty => ImportError::Empty,
        DecodeError::NotFit { looks_like } => ImportError::NotFit { looks_like },
        DecodeError::HeaderOnly => {
            ImportError::Corrupt("only the file header is there, no data (truncated)".into())
        }
        DecodeError::Unreadable { at_byte, reason } => {
            ImportError::Corrupt(format!("unreadable from byte {at_byte} ({reason})"))
        }
    })?;
    let mut a = build(&file)?;
    a.utc_offset_s = fit_offset::utc_offset(bytes).unwrap_or(0);
    Ok(a)
}

fn build(f: &FitFile) -> Result<Activity, ImportError> {
    // Activity summary files (the Garmin Swim, early Forerunners) are the athlete's
    // workouts too: their sessions and laps are imported, without samples.
    let summary_only = f.file_type == Some(file_type::ACTIVITY_SUMMARY);
    if let Some(t) = f
        .file_type
        .filter(|&t| t != file_type::ACTIVITY && !summary_only)
    {
        return Err(ImportError::NoActivity(format!(
            "a FIT {} file",
            file_type_name(t)
        )));
    }
    let span = match (f.records.timestamp.first(), f.records.timestamp.last()) {
        (Some(a), Some(b)) => b.saturating_sub(*a),
        _ => 0,
    };
    // A lone sample (a device that wrote its file_id and one record) is not a recording.
    if f.sessions.is_empty() && !f.records.is_empty() && span == 0 {
        return Err(ImportError::NoActivity(
            "a single sample, no recording".into(),
        ));
    }
    if f.sessions.is_empty() && f.records.is_empty() {
        // Damage before the first sample is a failure, not a file without an activity.
        if let Some(w) = f.warnings.iter().find(|w| w.is_data_loss()) {
            return Err(ImportError::Corrupt(format!(
                "nothing readable before the damage ({w})"
            )));
        }
        return Err(ImportError::NoActivity("no session and no samples".into()));
    }
    let mut a = Activity {
        device: device_name(f),
        ..Default::default()
    };
    let kept = crate::fit_extras::kept_indices(&f.records.timestamp);
    a.streams = streams(f, &kept, &mut a.start_utc);
    a.summary_only = summary_only && a.streams.is_empty();
    a.extras = crate::fit_extras::build(f, &kept);
    apply_sessions(&mut a, &f.sessions);
    if a.sport.is_none() {
        // Unfinished recordings have no session; the laps or the sport profile say it.
        let from_lap = f
            .laps
            .iter()
            .find_map(|l| l.sport.map(|sp| (sp, l.sub_sport)));
        let from_profile = f
            .sports
            .iter()
            .find_map(|s| s.sport.map(|sp| (sp, s.sub_sport)));
        a.sport = from_lap
            .or(from_profile)
            .map(|(sp, sub)| sport(Some(sp), sub));
    }
    a.laps = f.laps.iter().map(lap).collect();
    a.warnings = warnings(f);
    if a.start_utc < PLAUSIBLE_START_UTC {
        a.warnings
            .push("the file carries no usable date; the start time is wrong".into());
    }
    Ok(a)
}

fn file_type_name(t: u8) -> String {
    match t {
        1 => "device".into(),
        2 => "settings".into(),
        3 => "sport settings".into(),
        5 => "workout".into(),
        6 => "course".into(),
        7 => "schedules".into(),
        9 => "weight".into(),
        10 => "totals".into(),
        11 => "goals".into(),
        14 => "blood pressure".into(),
        15 | 32 => "monitoring".into(),
        28 => "daily monitoring".into(),
        34 | 35 => "segment".into(),
        other => format!("type {other}"),
    }
}

/// "Garmin Edge 530", "Wahoo Fitness 28", or a development device's own product name.
fn device_name(f: &FitFile) -> Option<String> {
    let named = f
        .product_name
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(p) = named {
        return Some(p.to_string());
    }
    let maker = f.manufacturer?;
    if maker == MANUFACTURER_DEVELOPMENT {
        return None; // "development" says nothing about the device
    }
    let maker_name = fit_names::manufacturer(maker)
        .map(fit_names::pretty)
        .unwrap_or_else(|| format!("Manufacturer {maker}"));
    // Garmin and its Dynastream/ANT arm number products in one list.
    let garmin_family = matches!(maker, 1 | 2 | 13 | 15);
    let product = f.product.filter(|&p| p != 0 && p != u16::MAX).map(|p| {
        garmin_family
            .then(|| fit_names::garmin_product(p).map(fit_names::pretty))
            .flatten()
            .unwrap_or_else(|| p.to_string())
    });
    Some(match product {
        Some(p) => format!("{maker_name} {p}"),
        None => maker_name,
    })
}

/// Records as model streams; sets `start` to the first sample (UTC). Samples that
/// step back in time are a device glitch and are dropped.
fn streams(f: &FitFile, kept: &[usize], start: &mut i64) -> Streams {
    let r = &f.records;
    let mut s = Streams::default();
    let Some(&t0) = r.timestamp.first() else {
        return s;
    };
    *start = fit_to_unix(t0);
    let opt = |v: Option<f32>| v.unwrap_or(f32::NAN);
    for &i in kept {
        s.time_s.push(f64::from(r.timestamp[i]) - f64::from(t0));
        s.lat_deg.push(r.lat_deg[i]);
        s.lon_deg.push(r.lon_deg[i]);
        s.altitude_m.push(r.altitude_m[i]);
        s.distance_m.push(r.distance_m[i] as f32);
        s.speed_mps.push(r.speed_mps[i]);
        let hr = r.heart_rate[i].filter(|&h| h > 0).map(f32::from);
        s.heart_rate.push(opt(hr));
        s.cadence.push(opt(r.cadence[i].map(f32::from)));
        s.power_w.push(opt(r.power_w[i].map(f32::from)));
        s.temperature_c.push(opt(r.temperature_c[i].map(f32::from)));
    }
    s.prune_empty();
    s
}

pub(crate) fn sport(sp: Option<FitSport>, sub: Option<SubSport>) -> Sport {
    match (sp.unwrap_or_default(), sub.unwrap_or_default()) {
        (FitSport::RUNNING, _) => Sport::Run,
        (FitSport::CYCLING | FitSport::E_BIKING, _) => Sport::Ride,
        (FitSport::SWIMMING, _) => Sport::Swim,
        (FitSport::WALKING, _) => Sport::Walk,
        (FitSport::HIKING, _) => Sport::Hike,
        (FitSport::ROWING, _) | (_, SubSport::INDOOR_ROWING) => Sport::Row,
        (FitSport::TRAINING, SubSport::STRENGTH_TRAINING) => Sport::Strength,
        (FitSport::TRANSITION, _) => Sport::Transition,
        (FitSport::MULTISPORT, _) => Sport::Multisport,
        _ => Sport::Other,
    }
}

/// A summary with no elapsed time is a placeholder some devices write (Edge 830 with
/// Stages): its zeros must not beat the streams.
fn usable(s: &Session) -> bool {
    s.total_elapsed_time_s.is_some_and(|t| t > 0.0) || s.total_timer_time_s.is_some_and(|t| t > 0.0)
}

/// Totals from the session messages: one session is the activity; several (a
/// triathlon) are a multisport parent with summed totals.
fn apply_sessions(a: &mut Activity, sessions: &[Session]) {
    let Some(first) = sessions.first() else {
        return;
    };
    let sports: Vec<Sport> = sessions
        .iter()
        .map(|s| sport(s.sport, s.sub_sport))
        .collect();
    let mut distinct: Vec<Sport> = sports
        .iter()
        .copied()
        .filter(|s| *s != Sport::Transition)
        .collect();
    distinct.dedup();
    if sessions.len() > 1 && distinct.len() > 1 {
        a.sport = Some(Sport::Multisport);
    } else {
        a.sport = Some(distinct.first().copied().unwrap_or(sports[0]));
        a.sub_sport = first
            .sub_sport
            .filter(|s| *s != SubSport::GENERIC && *s != SubSport::INVALID)
            .map(|s| s.name().map_or_else(|| format!("{}", s.0), str::to_string));
    }
    if a.start_utc == 0 {
        if let Some(t) = sessions.iter().filter_map(|s| s.start_time).min() {
            a.start_utc = fit_to_unix(t);
        }
    }
    let used: Vec<&Session> = sessions.iter().filter(|s| usable(s)).collect();
    if used.is_empty() {
        return;
    }
    let sum = |g: &dyn Fn(&Session) -> Option<f64>| -> Option<f64> {
        let v: Vec<f64> = used.iter().filter_map(|s| g(s)).collect();
        (!v.is_empty()).then(|| v.iter().sum())
    };
    let max =
        |g: &dyn Fn(&Session) -> Option<f64>| used.iter().filter_map(|s| g(s)).reduce(f64::max);
    // Averages over several sessions, weighted by each session's timer time.
    let weighted = |g: &dyn Fn(&Session) -> Option<f64>| -> Option<f64> {
        let (mut num, mut den) = (0.0, 0.0);
        for s in &used {
            if let (Some(v), Some(t)) = (g(s), s.total_timer_time_s.or(s.total_elapsed_time_s)) {
                num += v * t;
                den += t;
            }
        }
        (den > 0.0).then(|| num / den)
    };
    a.elapsed_s = sum(&|s| s.total_elapsed_time_s).unwrap_or_default();
    a.moving_s = sum(&|s| s.total_timer_time_s).unwrap_or_default();
    a.distance_m = sum(&|s| s.total_distance_m);
    a.ascent_m = sum(&|s| s.total_ascent_m.map(f64::from));
    a.descent_m = sum(&|s| s.total_descent_m.map(f64::from));
    a.calories = sum(&|s| s.total_calories.map(f64::from));
    a.max_hr = max(&|s| s.max_heart_rate.filter(|&v| v > 0).map(f64::from));
    a.max_power = max(&|s| s.max_power_w.filter(|&v| v > 0).map(f64::from));
    // A zero average is what devices write without the sensor: absent, not zero.
    a.avg_hr = weighted(&|s| s.avg_heart_rate.filter(|&v| v > 0).map(f64::from));
    a.avg_power = weighted(&|s| s.avg_power_w.filter(|&v| v > 0).map(f64::from));
    // The rating is of the whole workout; a multisport file asks once.
    a.pool_length_m = used
        .iter()
        .find_map(|s| s.pool_length_m.filter(|&p| p > 0.0));
    a.rpe = used
        .iter()
        .find_map(|s| s.workout_rpe.filter(|&r| (1..=100).contains(&r)))
        .map(|r| f64::from(r) / 10.0);
    if used.len() == 1 {
        a.avg_cadence = used[0].avg_cadence.map(f64::from);
        a.avg_speed_mps = used[0].avg_speed_mps;
    }
}

fn lap(l: &paceline_fit::Lap) -> Lap {
    Lap {
        start_utc: l
            .start_time
            .or(l.timestamp)
            .map(fit_to_unix)
            .unwrap_or_default(),
        elapsed_s: l.total_elapsed_time_s.unwrap_or_default(),
        distance_m: l.total_distance_m,
        avg_hr: l.avg_heart_rate.map(f64::from),
        avg_power: l.avg_power_w.map(f64::from),
        avg_speed_mps: l.avg_speed_mps,
    }
}

/// The decoder's warnings as sentences a person can act on; one per kind.
fn warnings(f: &FitFile) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    for w in &f.warnings {
        match *w {
            Warning::Truncated {
                at_byte,
                of_bytes,
                records_salvaged,
            } => push(truncated(at_byte, of_bytes, records_salvaged)),
            Warning::SkippedCorruptBytes { from_byte, to_byte } => push(format!(
                "{} damaged bytes were skipped; some samples may be missing",
                group(to_byte.saturating_sub(from_byte))
            )),
            Warning::UndefinedLocalMessage { .. } | Warning::BadDefinition { .. } => push(
                "the file is damaged part-way through; the data before the damage was kept"
                    .into(),
            ),
            Warning::CrcMismatch { .. } | Warning::HeaderCrcMismatch { .. } => {
                push("file checksum (CRC) does not match; the data was kept".into())
            }
            Warning::MissingCrc { .. } => push(
                "the file has no checksum (the recording was not finished properly); the data was kept"
                    .into(),
            ),
            // Harmless: padding, odd field sizes, undescribed developer fields, and
            // a header size the decoder already worked around.
            Warning::DataSizeMismatch { .. }
            | Warning::OddFieldSize { .. }
            | Warning::UnknownDeveloperField { .. }
            | Warning::TrailingBytes { .. } => {}
        }
    }
    out
}

/// "truncated after 41 % — 2,914 of about 7,103 records salvaged". The total is an
/// estimate from the bytes the header declared.
fn truncated(at: usize, of: usize, salvaged: usize) -> String {
    let pct = if of == 0 {
        0
    } else {
        (at as u128 * 100 / of as u128) as usize
    };
    if at > 0 && of > at && salvaged > 0 {
        let est = (salvaged as f64 * of as f64 / at as f64).round() as usize;
        format!(
            "truncated after {pct} % — {} of about {} records salvaged",
            group(salvaged),
            group(est)
        )
    } else {
        format!(
            "truncated after {pct} % — {} records salvaged",
            group(salvaged)
        )
    }
}

/// 7103 → "7,103".
fn group(n: usize) -> String {
    let digits: Vec<char> = n.to_string().chars().collect();
    let groups: Vec<String> = digits
        .rchunks(3)
        .rev()
        .map(|c| c.iter().collect())
        .collect();
    groups.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_reads_like_a_sentence() {
        assert_eq!(group(7103), "7,103");
        assert_eq!(group(12), "12");
        assert_eq!(group(1_234_567), "1,234,567");
        assert_eq!(
            truncated(41, 100, 2914),
            "truncated after 41 % — 2,914 of about 7,107 records salvaged"
        );
    }

    #[test]
    fn device_names() {
        let f = FitFile {
            manufacturer: Some(1),
            product: Some(3121),
            ..Default::default()
        };
        let name = device_name(&f).unwrap();
        assert!(name.starts_with("Garmin "), "{name}");
        let dev = FitFile {
            manufacturer: Some(MANUFACTURER_DEVELOPMENT),
            product_name: Some("Bingi".into()),
            ..Default::default()
        };
        assert_eq!(device_name(&dev).as_deref(), Some("Bingi"));
        let wahoo = FitFile {
            manufacturer: Some(32),
            product: Some(28),
            ..Default::default()
        };
        assert_eq!(device_name(&wahoo).as_deref(), Some("Wahoo Fitness 28"));
    }
}
