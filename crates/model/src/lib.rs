//! The normalized activity: what every importer produces, the store persists and the
//! load engine and charts read. Format-specific quirks never leak past the importer.

mod extras;

pub use extras::{ExtraStream, Extras, Leg, StrengthSet, SwimLength};
pub use paceline_types::Sport;

/// The file format an activity came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceFormat {
    Fit,
    Gpx,
    Tcx,
}

impl SourceFormat {
    pub fn key(self) -> &'static str {
        match self {
            SourceFormat::Fit => "fit",
            SourceFormat::Gpx => "gpx",
            SourceFormat::Tcx => "tcx",
        }
    }
}

/// One activity, normalized. Totals are the device's own where the file carries them
/// (session message), otherwise computed from the streams.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Activity {
    pub name: String,
    pub sport: Option<Sport>,
    pub sub_sport: Option<String>,
    /// UTC unix seconds of the first sample (or the session start).
    pub start_utc: i64,
    /// Local time minus UTC at the start, when the file says so.
    pub utc_offset_s: i32,
    pub elapsed_s: f64,
    pub moving_s: f64,
    pub distance_m: Option<f64>,
    pub ascent_m: Option<f64>,
    pub descent_m: Option<f64>,
    pub avg_hr: Option<f64>,
    pub max_hr: Option<f64>,
    pub avg_power: Option<f64>,
    pub max_power: Option<f64>,
    pub avg_speed_mps: Option<f64>,
    pub avg_cadence: Option<f64>,
    pub calories: Option<f64>,
    pub device: Option<String>,
    /// Perceived exertion, CR-10 (0–10), as rated on the device.
    pub rpe: Option<f64>,
    /// Pool swims: the pool length the device was set to, metres.
    pub pool_length_m: Option<f64>,
    /// The file is an activity summary (sessions and laps, no samples), as older
    /// Garmin devices write: of two files of one recording it is the poorer.
    pub summary_only: bool,
    pub laps: Vec<Lap>,
    pub streams: Streams,
    /// Legs, running dynamics, developer fields, HRV, lengths, sets.
    pub extras: Extras,
    /// Things a person should know about this import (e.g. "CRC mismatch, data kept").
    pub warnings: Vec<String>,
}

impl Activity {
    pub fn sport_or_other(&self) -> Sport {
        self.sport.unwrap_or(Sport::Other)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lap {
    pub start_utc: i64,
    pub elapsed_s: f64,
    pub distance_m: Option<f64>,
    pub avg_hr: Option<f64>,
    pub avg_power: Option<f64>,
    pub avg_speed_mps: Option<f64>,
}

/// Sample streams, columnar. `time_s` is seconds since `Activity::start_utc`; every
/// other stream is either empty (absent) or exactly as long as `time_s`, with NaN
/// where a sample is missing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Streams {
    pub time_s: Vec<f64>,
    pub lat_deg: Vec<f64>,
    pub lon_deg: Vec<f64>,
    pub altitude_m: Vec<f32>,
    pub distance_m: Vec<f32>,
    pub speed_mps: Vec<f32>,
    pub heart_rate: Vec<f32>,
    pub cadence: Vec<f32>,
    pub power_w: Vec<f32>,
    pub temperature_c: Vec<f32>,
}

/// Stable names of the streams, used as keys in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StreamId {
    Time,
    Lat,
    Lon,
    Altitude,
    Distance,
    Speed,
    HeartRate,
    Cadence,
    Power,
    Temperature,
}

impl StreamId {
    pub const ALL: [StreamId; 10] = [
        StreamId::Time,
        StreamId::Lat,
        StreamId::Lon,
        StreamId::Altitude,
        StreamId::Distance,
        StreamId::Speed,
        StreamId::HeartRate,
        StreamId::Cadence,
        StreamId::Power,
        StreamId::Temperature,
    ];

    pub fn key(self) -> &'static str {
        match self {
            StreamId::Time => "time",
            StreamId::Lat => "lat",
            StreamId::Lon => "lon",
            StreamId::Altitude => "altitude",
            StreamId::Distance => "distance",
            StreamId::Speed => "speed",
            StreamId::HeartRate => "heart_rate",
            StreamId::Cadence => "cadence",
            StreamId::Power => "power",
            StreamId::Temperature => "temperature",
        }
    }

    pub fn from_key(k: &str) -> Option<StreamId> {
        StreamId::ALL.into_iter().find(|s| s.key() == k)
    }
}

/// A stream's samples in either precision; time and positions need f64.
#[derive(Debug, Clone, PartialEq)]
pub enum Column<'a> {
    F64(&'a [f64]),
    F32(&'a [f32]),
}

impl Streams {
    pub fn len(&self) -> usize {
        self.time_s.len()
    }

    pub fn is_empty(&self) -> bool {
        self.time_s.is_empty()
    }

    pub fn column(&self, id: StreamId) -> Column<'_> {
        match id {
            StreamId::Time => Column::F64(&self.time_s),
            StreamId::Lat => Column::F64(&self.lat_deg),
            StreamId::Lon => Column::F64(&self.lon_deg),
            StreamId::Altitude => Column::F32(&self.altitude_m),
            StreamId::Distance => Column::F32(&self.distance_m),
            StreamId::Speed => Column::F32(&self.speed_mps),
            StreamId::HeartRate => Column::F32(&self.heart_rate),
            StreamId::Cadence => Column::F32(&self.cadence),
            StreamId::Power => Column::F32(&self.power_w),
            StreamId::Temperature => Column::F32(&self.temperature_c),
        }
    }

    pub fn set_f64(&mut self, id: StreamId, v: Vec<f64>) {
        match id {
            StreamId::Time => self.time_s = v,
            StreamId::Lat => self.lat_deg = v,
            StreamId::Lon => self.lon_deg = v,
            other => self.set_f32(other, v.into_iter().map(|x| x as f32).collect()),
        }
    }

    pub fn set_f32(&mut self, id: StreamId, v: Vec<f32>) {
        match id {
            StreamId::Altitude => self.altitude_m = v,
            StreamId::Distance => self.distance_m = v,
            StreamId::Speed => self.speed_mps = v,
            StreamId::HeartRate => self.heart_rate = v,
            StreamId::Cadence => self.cadence = v,
            StreamId::Power => self.power_w = v,
            StreamId::Temperature => self.temperature_c = v,
            other => self.set_f64(other, v.into_iter().map(f64::from).collect()),
        }
    }

    /// Streams that carry at least one real sample.
    pub fn present(&self) -> Vec<StreamId> {
        StreamId::ALL
            .into_iter()
            .filter(|&id| match self.column(id) {
                Column::F64(v) => v.iter().any(|x| x.is_finite()),
                Column::F32(v) => v.iter().any(|x| x.is_finite()),
            })
            .collect()
    }

    /// Drops streams that hold no real sample so "absent" is always "empty".
    pub fn prune_empty(&mut self) {
        let present = self.present();
        for id in StreamId::ALL {
            if id != StreamId::Time && !present.contains(&id) {
                match self.column(id) {
                    Column::F64(_) => self.set_f64(id, Vec::new()),
                    Column::F32(_) => self.set_f32(id, Vec::new()),
                }
            }
        }
    }
}

/// Mean of the finite values, if any.
pub fn finite_mean(v: &[f32]) -> Option<f64> {
    let (sum, n) = v
        .iter()
        .filter(|x| x.is_finite())
        .fold((0.0f64, 0usize), |(s, n), &x| (s + f64::from(x), n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Largest finite value, if any.
pub fn finite_max(v: &[f32]) -> Option<f64> {
    v.iter()
        .filter(|x| x.is_finite())
        .map(|&x| f64::from(x))
        .reduce(f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prune_keeps_only_real_streams() {
        let mut s = Streams {
            time_s: vec![0.0, 1.0],
            heart_rate: vec![f32::NAN, f32::NAN],
            power_w: vec![100.0, f32::NAN],
            ..Default::default()
        };
        s.prune_empty();
        assert!(s.heart_rate.is_empty());
        assert_eq!(s.present(), vec![StreamId::Time, StreamId::Power]);
    }

    #[test]
    fn means_skip_missing() {
        assert_eq!(finite_mean(&[1.0, f32::NAN, 3.0]), Some(2.0));
        assert_eq!(finite_mean(&[f32::NAN]), None);
        assert_eq!(finite_max(&[1.0, 7.0, f32::NAN]), Some(7.0));
    }

    #[test]
    fn stream_keys_round_trip() {
        for id in StreamId::ALL {
            assert_eq!(StreamId::from_key(id.key()), Some(id));
        }
    }
}
