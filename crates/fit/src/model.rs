//! Decoded output: plain structs, columnar record streams, no per-field allocation.
//!
//! Conventions: timestamps are FIT seconds (see [`crate::fit_to_unix`]); physical
//! values are already scaled to SI-ish units named in the field; missing values are
//! `None`, or `NaN` in float columns.

use crate::error::Warning;
use crate::profile::{Sport, SubSport};

/// Everything Paceline reads from one FIT file (chained files are merged).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FitFile {
    /// file_id.type of the first file_id (4 = activity, 5 = workout, 2 = settings).
    pub file_type: Option<u8>,
    pub manufacturer: Option<u16>,
    pub product: Option<u16>,
    pub serial: Option<u32>,
    pub time_created: Option<u32>,
    pub product_name: Option<String>,
    /// Number of FIT files found in the byte stream (> 1 for chained files).
    pub chained_files: u32,
    pub sessions: Vec<Session>,
    pub laps: Vec<Lap>,
    pub records: Records,
    pub lengths: Vec<Length>,
    /// Beat-to-beat (RR) intervals in milliseconds, in file order.
    pub hrv_rr_ms: Vec<u16>,
    pub events: Vec<Event>,
    pub device_infos: Vec<DeviceInfoMsg>,
    pub sets: Vec<StrengthSet>,
    pub sports: Vec<SportMsg>,
    /// The `workout` message of a workout file (type 5).
    pub workout: Option<WorkoutMsg>,
    /// Its `workout_step` messages, in file order.
    pub workout_steps: Vec<WorkoutStepMsg>,
    pub developer_apps: Vec<DeveloperApp>,
    pub developer_fields: Vec<DevFieldStream>,
    pub warnings: Vec<Warning>,
}

/// Record messages as columns; every column has `len()` entries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    /// FIT seconds. A record without a timestamp inherits the last one seen.
    pub timestamp: Vec<u32>,
    /// Degrees, NaN when absent.
    pub lat_deg: Vec<f64>,
    /// Degrees, NaN when absent.
    pub lon_deg: Vec<f64>,
    /// Metres (enhanced_altitude preferred over altitude), NaN when absent.
    pub altitude_m: Vec<f32>,
    /// Metres, NaN when absent (compressed_speed_distance is accumulated).
    pub distance_m: Vec<f64>,
    /// m/s (enhanced_speed preferred over speed), NaN when absent.
    pub speed_mps: Vec<f32>,
    pub heart_rate: Vec<Option<u8>>,
    /// rpm (or strides/min for running, as the device wrote it).
    pub cadence: Vec<Option<u8>>,
    pub power_w: Vec<Option<u16>>,
    pub temperature_c: Vec<Option<i8>>,
    /// Raw left_right_balance byte: bit 7 set = value is the right leg, low 7 bits = %.
    pub left_right_balance: Vec<Option<u8>>,
    /// Millimetres, NaN when absent.
    pub vertical_oscillation_mm: Vec<f32>,
    /// Milliseconds, NaN when absent.
    pub stance_time_ms: Vec<f32>,
    /// Millimetres, NaN when absent.
    pub step_length_mm: Vec<f32>,
    /// °C from a core body temperature sensor, NaN when absent.
    pub core_temperature_c: Vec<f32>,
}

impl Records {
    pub fn len(&self) -> usize {
        self.timestamp.len()
    }

    pub fn is_empty(&self) -> bool {
        self.timestamp.is_empty()
    }

    pub(crate) fn reserve(&mut self, n: usize) {
        self.timestamp.reserve(n);
        self.lat_deg.reserve(n);
        self.lon_deg.reserve(n);
        self.altitude_m.reserve(n);
        self.distance_m.reserve(n);
        self.speed_mps.reserve(n);
        self.heart_rate.reserve(n);
        self.cadence.reserve(n);
        self.power_w.reserve(n);
        self.temperature_c.reserve(n);
        self.left_right_balance.reserve(n);
        self.vertical_oscillation_mm.reserve(n);
        self.stance_time_ms.reserve(n);
        self.step_length_mm.reserve(n);
        self.core_temperature_c.reserve(n);
    }
}

/// A session message (one per sport in multisport files).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Session {
    pub message_index: Option<u16>,
    pub timestamp: Option<u32>,
    pub start_time: Option<u32>,
    pub sport: Option<Sport>,
    pub sub_sport: Option<SubSport>,
    pub total_elapsed_time_s: Option<f64>,
    pub total_timer_time_s: Option<f64>,
    pub total_distance_m: Option<f64>,
    pub total_ascent_m: Option<u16>,
    pub total_descent_m: Option<u16>,
    pub total_calories: Option<u16>,
    pub avg_heart_rate: Option<u8>,
    pub max_heart_rate: Option<u8>,
    pub avg_power_w: Option<u16>,
    pub max_power_w: Option<u16>,
    pub normalized_power_w: Option<u16>,
    /// enhanced_avg_speed preferred over avg_speed.
    pub avg_speed_mps: Option<f64>,
    pub max_speed_mps: Option<f64>,
    pub avg_cadence: Option<u8>,
    pub max_cadence: Option<u8>,
    pub training_stress_score: Option<f64>,
    pub intensity_factor: Option<f64>,
    pub threshold_power_w: Option<u16>,
    pub total_work_j: Option<u32>,
    /// The athlete's rating after the workout, CR-10 × 10 (Garmin asks on save).
    pub workout_rpe: Option<u8>,
    /// `left_right_balance_100`: bits 0–13 a share in 0.01 %, bit 15 set when it
    /// is the right leg's.
    pub left_right_balance: Option<u16>,
    pub pool_length_m: Option<f64>,
    pub num_active_lengths: Option<u16>,
    pub num_laps: Option<u16>,
    pub first_lap_index: Option<u16>,
    pub start_lat_deg: Option<f64>,
    pub start_lon_deg: Option<f64>,
    pub avg_temperature_c: Option<i8>,
}

/// A lap message.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lap {
    pub message_index: Option<u16>,
    pub timestamp: Option<u32>,
    pub start_time: Option<u32>,
    pub sport: Option<Sport>,
    pub sub_sport: Option<SubSport>,
    pub total_elapsed_time_s: Option<f64>,
    pub total_timer_time_s: Option<f64>,
    pub total_distance_m: Option<f64>,
    pub total_ascent_m: Option<u16>,
    pub total_descent_m: Option<u16>,
    pub total_calories: Option<u16>,
    pub avg_heart_rate: Option<u8>,
    pub max_heart_rate: Option<u8>,
    pub avg_power_w: Option<u16>,
    pub max_power_w: Option<u16>,
    pub normalized_power_w: Option<u16>,
    pub avg_speed_mps: Option<f64>,
    pub max_speed_mps: Option<f64>,
    pub avg_cadence: Option<u8>,
    pub max_cadence: Option<u8>,
    /// profile `intensity` (0 active, 1 rest, 2 warmup, 3 cooldown, ...).
    pub intensity: Option<u8>,
    pub lap_trigger: Option<u8>,
    pub num_lengths: Option<u16>,
    pub first_length_index: Option<u16>,
    pub num_active_lengths: Option<u16>,
    pub wkt_step_index: Option<u16>,
    pub start_lat_deg: Option<f64>,
    pub start_lon_deg: Option<f64>,
}

/// One pool length.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Length {
    pub message_index: Option<u16>,
    pub timestamp: Option<u32>,
    pub start_time: Option<u32>,
    pub total_elapsed_time_s: Option<f64>,
    pub total_timer_time_s: Option<f64>,
    pub total_strokes: Option<u16>,
    pub avg_speed_mps: Option<f64>,
    pub swim_stroke: Option<u8>,
    pub avg_swimming_cadence: Option<u8>,
    /// 0 = idle (rest), 1 = active.
    pub length_type: Option<u8>,
}

/// An event message (timer start/stop, laps, gear changes, ...).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Event {
    pub timestamp: Option<u32>,
    pub event: Option<u8>,
    pub event_type: Option<u8>,
    pub data: Option<u32>,
    pub event_group: Option<u8>,
}

/// A device_info message (creator device and sensors).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeviceInfoMsg {
    pub timestamp: Option<u32>,
    pub device_index: Option<u8>,
    pub device_type: Option<u8>,
    pub manufacturer: Option<u16>,
    pub product: Option<u16>,
    pub serial: Option<u32>,
    pub software_version: Option<f32>,
    pub battery_status: Option<u8>,
    pub source_type: Option<u8>,
    pub product_name: Option<String>,
}

/// A strength-training `set` message.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StrengthSet {
    pub message_index: Option<u16>,
    pub timestamp: Option<u32>,
    pub start_time: Option<u32>,
    pub duration_s: Option<f64>,
    pub repetitions: Option<u16>,
    pub weight_kg: Option<f64>,
    /// 0 = rest, 1 = active.
    pub set_type: Option<u8>,
    /// First entry of the `category` array (exercise_category).
    pub category: Option<u16>,
    pub category_subtype: Option<u16>,
    pub wkt_step_index: Option<u16>,
}

/// A `sport` message (the sport profile the device used).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SportMsg {
    pub sport: Option<Sport>,
    pub sub_sport: Option<SubSport>,
    pub name: Option<String>,
}

/// A `workout` message, raw (see `workout::read_workout` for the typed form).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkoutMsg {
    pub sport: Option<Sport>,
    pub sub_sport: Option<SubSport>,
    pub num_valid_steps: Option<u16>,
    pub name: Option<String>,
}

/// A `workout_step` message with its profile fields as stored (durations in ms or cm,
/// custom targets with the profile's +100 bpm / +1000 W offsets).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkoutStepMsg {
    pub message_index: Option<u16>,
    pub name: Option<String>,
    pub duration_type: Option<u8>,
    pub duration_value: Option<u32>,
    pub target_type: Option<u8>,
    pub target_value: Option<u32>,
    pub custom_target_low: Option<u32>,
    pub custom_target_high: Option<u32>,
    pub intensity: Option<u8>,
    pub notes: Option<String>,
}

/// A developer_data_id message: which app defined a developer data index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeveloperApp {
    pub developer_data_index: Option<u8>,
    pub application_id: Option<[u8; 16]>,
    pub manufacturer_id: Option<u16>,
    pub application_version: Option<u32>,
}

/// Values of one developer field (e.g. Stryd "Power", CORE "core_temperature").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DevFieldStream {
    pub developer_data_index: u8,
    pub field_number: u8,
    pub name: String,
    pub units: String,
    /// Base type byte from the field_description.
    pub base_type: u8,
    /// Profile message/field this developer field mirrors, if declared.
    pub native_mesg_num: Option<u16>,
    pub native_field_num: Option<u8>,
    /// (record timestamp, scaled value) from record messages.
    pub values: Vec<(u32, f64)>,
    /// (global message number, message timestamp or 0, scaled value) from
    /// non-record messages such as session and lap summaries.
    pub summary_values: Vec<(u16, u32, f64)>,
}
