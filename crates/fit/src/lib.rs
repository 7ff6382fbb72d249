//! FIT protocol for Paceline: a typed writer for activity and workout files and
//! a fast streaming decoder into columnar streams.
//!
//! All APIs are pure: `&[u8]` in, `Vec<u8>` or plain structs out.

pub mod activity;
pub mod crc;
pub mod encode;
pub mod profile;
pub mod time;
pub mod workout;

pub use activity::{ActivityBuilder, DeviceIdent, DeviceInfo, LengthSample, RecordSample, Summary};
pub use profile::{Intensity, Sport, SubSport, SwimStroke};
pub use time::{deg_to_semicircles, fit_to_unix, semicircles_to_deg, unix_to_fit, FIT_EPOCH_UNIX};
pub use workout::{write_workout, StepDuration, StepTarget, Workout, WorkoutStep};

pub mod decode;
pub mod error;
pub mod model;

pub use decode::{decode, decode_with, DecodeOptions};
pub use error::{DecodeError, Warning};
pub use model::*;
