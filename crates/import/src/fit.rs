//! FIT files through the `fitparser` crate.
//!
//! fitparser decodes at ~6 MB/s because it boxes every field; that is fine for one
//! dropped file. The import issue replaces it with a streaming decoder and keeps
//! fitparser as the reference in the oracle test.

use std::collections::HashSet;

use fitparser::de::{from_bytes_with_options, DecodeOption};
use fitparser::profile::MesgNum;
use fitparser::{FitDataRecord, Value};
use paceline_model::{Activity, Lap, Sport, Streams};

use crate::ImportError;

const SEMICIRCLE_TO_DEG: f64 = 180.0 / 2_147_483_648.0;

pub(crate) fn decode(bytes: &[u8]) -> Result<Activity, ImportError> {
    if bytes.len() < 12 || &bytes[8..12] != b".FIT" {
        return Err(ImportError::NotFit {
            looks_like: crate::sniff(bytes),
        });
    }
    let mut warnings = Vec::new();
    let records = match parse(bytes, false) {
        Ok(r) => r,
        // A bad checksum over otherwise readable data: keep the data, say so.
        Err(Fail::Crc) => {
            let r = parse(bytes, true).map_err(Fail::into_import)?;
            warnings.push("file checksum (CRC) does not match; the data was kept".to_string());
            r
        }
        Err(e) => return Err(e.into_import()),
    };
    let mut a = build(&records)?;
    a.warnings.extend(warnings);
    Ok(a)
}

enum Fail {
    Crc,
    Other(String),
}

impl Fail {
    fn into_import(self) -> ImportError {
        ImportError::Corrupt(match self {
            Fail::Crc => "CRC mismatch".into(),
            Fail::Other(m) => m,
        })
    }
}

fn parse(bytes: &[u8], skip_crc: bool) -> Result<Vec<FitDataRecord>, Fail> {
    let mut opts: HashSet<DecodeOption> = HashSet::new();
    if skip_crc {
        opts.insert(DecodeOption::SkipDataCrcValidation);
        opts.insert(DecodeOption::SkipHeaderCrcValidation);
    }
    // fitparser can panic on some malformed inputs; a panic must not take the app down.
    let result = std::panic::catch_unwind(|| from_bytes_with_options(bytes, &opts))
        .map_err(|_| Fail::Other("the decoder could not make sense of the data".into()))?;
    result.map_err(|e| match *e {
        fitparser::ErrorKind::InvalidCrc(..) => Fail::Crc,
        fitparser::ErrorKind::UnexpectedEof(_) => {
            Fail::Other("the file ends in the middle of a record (truncated)".into())
        }
        other => Fail::Other(other.to_string()),
    })
}

fn num(v: &Value) -> Option<f64> {
    Some(match v {
        Value::Byte(x) | Value::UInt8(x) | Value::UInt8z(x) | Value::Enum(x) => f64::from(*x),
        Value::SInt8(x) => f64::from(*x),
        Value::SInt16(x) => f64::from(*x),
        Value::UInt16(x) | Value::UInt16z(x) => f64::from(*x),
        Value::SInt32(x) => f64::from(*x),
        Value::UInt32(x) | Value::UInt32z(x) => f64::from(*x),
        Value::SInt64(x) => *x as f64,
        Value::UInt64(x) | Value::UInt64z(x) => *x as f64,
        Value::Float32(x) => f64::from(*x),
        Value::Float64(x) => *x,
        Value::Timestamp(t) => t.timestamp() as f64,
        _ => return None,
    })
    .filter(|x| x.is_finite())
}

/// Field lookup by name on one message.
struct Msg<'a>(&'a FitDataRecord);

impl Msg<'_> {
    fn value(&self, name: &str) -> Option<&Value> {
        self.0
            .fields()
            .iter()
            .find(|f| f.name() == name)
            .map(|f| f.value())
    }
    fn f(&self, name: &str) -> Option<f64> {
        self.value(name).and_then(num)
    }
    /// First present of several names (e.g. enhanced_speed, then speed).
    fn any(&self, names: &[&str]) -> Option<f64> {
        names.iter().find_map(|n| self.f(n))
    }
    fn text(&self, name: &str) -> Option<String> {
        match self.value(name)? {
            Value::String(s) => Some(s.clone()),
            v => num(v).map(|x| format!("{x}")),
        }
    }
    fn time(&self, name: &str) -> Option<i64> {
        match self.value(name)? {
            Value::Timestamp(t) => Some(t.timestamp()),
            _ => None,
        }
    }
    fn degrees(&self, name: &str) -> Option<f64> {
        let field = self.0.fields().iter().find(|f| f.name() == name)?;
        let raw = num(field.value())?;
        Some(if field.units() == "semicircles" {
            raw * SEMICIRCLE_TO_DEG
        } else {
            raw
        })
    }
}

fn sport(name: &str, sub: Option<&str>) -> Sport {
    match (name, sub) {
        ("running", _) => Sport::Run,
        ("cycling" | "e_biking", _) => Sport::Ride,
        ("swimming", _) => Sport::Swim,
        ("walking", _) => Sport::Walk,
        ("hiking", _) => Sport::Hike,
        ("rowing", _) | (_, Some("indoor_rowing")) => Sport::Row,
        ("training", Some("strength_training")) => Sport::Strength,
        ("transition", _) => Sport::Transition,
        ("multisport", _) => Sport::Multisport,
        _ => Sport::Other,
    }
}

fn build(records: &[FitDataRecord]) -> Result<Activity, ImportError> {
    let mut a = Activity::default();
    let mut sessions = Vec::new();
    let mut file_type = None;
    let mut s = Streams::default();
    let mut t0: Option<i64> = None;
    for r in records {
        let m = Msg(r);
        match r.kind() {
            MesgNum::FileId if file_type.is_none() => {
                file_type = m.text("type");
                let maker = m.text("manufacturer");
                let product = m.text("garmin_product").or_else(|| m.text("product"));
                a.device = match (maker, product) {
                    (Some(mk), Some(p)) => Some(format!("{mk} {p}")),
                    (mk, p) => mk.or(p),
                };
            }
            MesgNum::Session => sessions.push(r),
            MesgNum::Lap => a.laps.push(Lap {
                start_utc: m.time("start_time").unwrap_or_default(),
                elapsed_s: m.f("total_elapsed_time").unwrap_or_default(),
                distance_m: m.f("total_distance"),
                avg_hr: m.f("avg_heart_rate"),
                avg_power: m.f("avg_power"),
                avg_speed_mps: m.any(&["enhanced_avg_speed", "avg_speed"]),
            }),
            MesgNum::Activity => {
                // local_timestamp may arrive decoded as a timestamp or as raw FIT seconds.
                let local = match m.value("local_timestamp") {
                    Some(Value::Timestamp(t)) => Some(t.timestamp()),
                    Some(v) => num(v).map(|x| x as i64 + 631_065_600),
                    None => None,
                };
                if let (Some(ts), Some(local)) = (m.time("timestamp"), local) {
                    let offset = local - ts;
                    if offset.abs() <= 14 * 3600 {
                        a.utc_offset_s = offset as i32;
                    }
                }
            }
            MesgNum::Record => {
                let Some(ts) = m.time("timestamp") else {
                    continue;
                };
                let start = *t0.get_or_insert(ts);
                // Samples must move forward in time; a step back is a device glitch.
                let t = (ts - start) as f64;
                if s.time_s.last().is_some_and(|&last| t < last) {
                    continue;
                }
                s.time_s.push(t);
                let nan = |x: Option<f64>| x.map_or(f32::NAN, |v| v as f32);
                s.lat_deg
                    .push(m.degrees("position_lat").unwrap_or(f64::NAN));
                s.lon_deg
                    .push(m.degrees("position_long").unwrap_or(f64::NAN));
                s.altitude_m
                    .push(nan(m.any(&["enhanced_altitude", "altitude"])));
                s.distance_m.push(nan(m.f("distance")));
                s.speed_mps.push(nan(m.any(&["enhanced_speed", "speed"])));
                s.heart_rate
                    .push(nan(m.f("heart_rate").filter(|&h| h > 0.0 && h < 255.0)));
                s.cadence.push(nan(m.f("cadence")));
                s.power_w.push(nan(m.f("power").filter(|&p| p < 65_535.0)));
                s.temperature_c.push(nan(m.f("temperature")));
            }
            _ => {}
        }
    }
    if let Some(t) = file_type.as_deref().filter(|t| *t != "activity") {
        return Err(ImportError::NoActivity(format!("a FIT \"{t}\" file")));
    }
    if sessions.is_empty() && s.is_empty() {
        return Err(ImportError::NoActivity("no session and no samples".into()));
    }
    s.prune_empty();
    a.start_utc = t0.unwrap_or_default();
    apply_sessions(&mut a, &sessions);
    a.streams = s;
    Ok(a)
}

/// Totals from the session messages: one session is the activity; several (a
/// triathlon) are summed into a multisport parent.
fn apply_sessions(a: &mut Activity, sessions: &[&FitDataRecord]) {
    let Some(first) = sessions.first().map(|r| Msg(r)) else {
        return;
    };
    let sum = |name: &str| -> Option<f64> {
        let vals: Vec<f64> = sessions.iter().filter_map(|r| Msg(r).f(name)).collect();
        (!vals.is_empty()).then(|| vals.iter().sum())
    };
    let max = |name: &str| {
        sessions
            .iter()
            .filter_map(|r| Msg(r).f(name))
            .reduce(f64::max)
    };
    let sports: HashSet<Sport> = sessions
        .iter()
        .map(|r| {
            let m = Msg(r);
            sport(
                &m.text("sport").unwrap_or_default(),
                m.text("sub_sport").as_deref(),
            )
        })
        .filter(|s| *s != Sport::Transition)
        .collect();
    if sports.len() > 1 {
        a.sport = Some(Sport::Multisport);
    } else {
        let name = first.text("sport").unwrap_or_default();
        let sub = first.text("sub_sport").filter(|s| s != "generic");
        a.sport = Some(sport(&name, sub.as_deref()));
        a.sub_sport = sub;
    }
    if let Some(start) = sessions
        .iter()
        .filter_map(|r| Msg(r).time("start_time"))
        .min()
    {
        if a.start_utc == 0 {
            a.start_utc = start;
        }
    }
    a.elapsed_s = sum("total_elapsed_time").unwrap_or_default();
    a.moving_s = sum("total_timer_time").unwrap_or_default();
    a.distance_m = sum("total_distance");
    a.ascent_m = sum("total_ascent");
    a.descent_m = sum("total_descent");
    a.calories = sum("total_calories");
    a.max_hr = max("max_heart_rate");
    a.max_power = max("max_power");
    if sessions.len() == 1 {
        a.avg_hr = first.f("avg_heart_rate");
        a.avg_power = first.f("avg_power");
        a.avg_cadence = first.f("avg_cadence");
        a.avg_speed_mps = first.any(&["enhanced_avg_speed", "avg_speed"]);
    }
}
