//! Garmin JSON → plain structs. Lenient: a missing or mistyped field is `None`, never a
//! panic; every struct keeps the raw JSON it came from for fields we may want later.

mod activity;
mod profile;
mod wellness;

pub use activity::*;
pub use profile::*;
pub use wellness::*;

use jiff::civil::{Date, DateTime};
use jiff::Timestamp;
use serde_json::Value;

/// The value at a `/`-separated path (`"a/b/0"`), if any.
pub(crate) fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('/')
        .try_fold(v, |v, k| match k.parse::<usize>() {
            Ok(i) if v.is_array() => v.get(i),
            _ => v.get(k),
        })
}

pub(crate) fn f64_at(v: &Value, path: &str) -> Option<f64> {
    at(v, path)
        .and_then(Value::as_f64)
        .filter(|x| x.is_finite())
}

pub(crate) fn i64_at(v: &Value, path: &str) -> Option<i64> {
    let x = at(v, path)?;
    x.as_i64()
        .or_else(|| {
            x.as_f64()
                .filter(|f| f.is_finite() && f.fract() == 0.0)
                .map(|f| f as i64)
        })
        .or_else(|| x.as_str().and_then(|s| s.parse().ok()))
}

pub(crate) fn u32_at(v: &Value, path: &str) -> Option<u32> {
    i64_at(v, path).and_then(|x| u32::try_from(x).ok())
}

pub(crate) fn str_at(v: &Value, path: &str) -> Option<String> {
    at(v, path)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

pub(crate) fn date_at(v: &Value, path: &str) -> Option<Date> {
    let s = at(v, path)?.as_str()?;
    s.get(..10)?.parse().ok()
}

/// A Garmin GMT time: epoch milliseconds, or `YYYY-MM-DD HH:MM:SS[.f]` / `…T…` read as
/// UTC. Garmin's placeholder epoch (1970-01-01) counts as absent.
pub(crate) fn gmt_at(v: &Value, path: &str) -> Option<Timestamp> {
    let x = at(v, path)?;
    let ts = if let Some(ms) = x.as_i64() {
        Timestamp::from_millisecond(ms).ok()?
    } else {
        local_at(v, path)?
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()?
            .timestamp()
    };
    (ts.as_second() > 0).then_some(ts)
}

/// A Garmin local (wall-clock) time string.
pub(crate) fn local_at(v: &Value, path: &str) -> Option<DateTime> {
    let s = at(v, path)?.as_str()?.trim().replace(' ', "T");
    s.parse().ok()
}

/// The JSON as a list (a bare array, or the array under `key`); anything else is empty.
pub(crate) fn list<'a>(v: &'a Value, key: Option<&str>) -> &'a [Value] {
    let v = match key {
        Some(k) => at(v, k),
        None => Some(v),
    };
    v.and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}
