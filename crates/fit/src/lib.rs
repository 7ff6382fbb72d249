//! FIT protocol for Paceline: a typed writer for activity and workout files and
//! a fast streaming decoder into columnar streams.
//!
//! All APIs are pure: `&[u8]` in, `Vec<u8>` or plain structs out.
//!
//! ```
//! use paceline_fit::*;
//!
//! let t0 = unix_to_fit(1_700_000_000);
//! let mut b = ActivityBuilder::new(&DeviceIdent { time_created: t0, ..Default::default() });
//! b.timer_start(t0);
//! b.record(&RecordSample { timestamp: t0, heart_rate: Some(120), power_w: Some(210), ..Default::default() });
//! let summary = Summary { sport: Sport::CYCLING, start_time: t0, timestamp: t0, ..Default::default() };
//! b.timer_stop(t0).lap(&summary).session(&summary).activity(t0, 3600);
//! let bytes = b.finish();
//!
//! let file = decode(&bytes).unwrap();
//! assert_eq!(file.records.power_w, vec![Some(210)]);
//! assert_eq!(file.sessions[0].sport, Some(Sport::CYCLING));
//! assert!(file.warnings.is_empty());
//! ```

pub mod activity;
pub mod crc;
pub mod decode;
pub mod encode;
pub mod error;
pub mod model;
pub mod profile;
pub mod retime;
pub mod time;
pub mod workout;

pub use activity::{ActivityBuilder, DeviceIdent, DeviceInfo, LengthSample, RecordSample, Summary};
pub use decode::{decode, decode_with, DecodeOptions};
pub use error::{DecodeError, Warning};
pub use model::*;
pub use profile::{Intensity, Sport, SubSport, SwimStroke};
pub use retime::retime;
pub use time::{deg_to_semicircles, fit_to_unix, semicircles_to_deg, unix_to_fit, FIT_EPOCH_UNIX};
pub use workout::{
    read_workout, write_workout, StepDuration, StepTarget, Workout, WorkoutReadError, WorkoutStep,
};
