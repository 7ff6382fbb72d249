//! Typed FIT activity writer.

use crate::encode::{Encoder, Msg};
use crate::profile::{event, event_type, file_type, mesg, Sport, SubSport, SwimStroke};
use crate::time::deg_to_semicircles;

/// Who produced the file (file_id and the creator's device_info).
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceIdent {
    /// 255 = development, the value for unregistered producers.
    pub manufacturer: u16,
    pub product: u16,
    pub serial: u32,
    /// FIT seconds.
    pub time_created: u32,
    pub product_name: Option<String>,
    /// device_info.software_version in units of 0.01.
    pub software_version: Option<f32>,
}

impl Default for DeviceIdent {
    fn default() -> Self {
        DeviceIdent {
            manufacturer: crate::profile::MANUFACTURER_DEVELOPMENT,
            product: 0,
            serial: 1,
            time_created: 0,
            product_name: None,
            software_version: None,
        }
    }
}

/// One sensor/device entry (device_info message).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeviceInfo {
    pub timestamp: u32,
    pub device_index: u8,
    pub device_type: Option<u8>,
    pub manufacturer: Option<u16>,
    pub product: Option<u16>,
    pub serial: Option<u32>,
    pub software_version: Option<f32>,
    pub product_name: Option<String>,
}

/// One record message. Timestamps are FIT seconds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordSample {
    pub timestamp: u32,
    pub lat_deg: Option<f64>,
    pub lon_deg: Option<f64>,
    pub altitude_m: Option<f32>,
    pub heart_rate: Option<u8>,
    pub cadence: Option<u8>,
    pub distance_m: Option<f64>,
    pub speed_mps: Option<f32>,
    pub power_w: Option<u16>,
    pub temperature_c: Option<i8>,
}

/// Lap or session totals; used for both lap and session messages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub sport: Sport,
    pub sub_sport: SubSport,
    /// FIT seconds.
    pub start_time: u32,
    /// FIT seconds (end of the lap/session).
    pub timestamp: u32,
    pub total_elapsed_time_s: f64,
    pub total_timer_time_s: f64,
    pub total_distance_m: Option<f64>,
    pub total_ascent_m: Option<u16>,
    pub total_descent_m: Option<u16>,
    pub avg_heart_rate: Option<u8>,
    pub max_heart_rate: Option<u8>,
    pub avg_power_w: Option<u16>,
    pub max_power_w: Option<u16>,
    pub normalized_power_w: Option<u16>,
    pub avg_speed_mps: Option<f64>,
    pub max_speed_mps: Option<f64>,
    pub avg_cadence: Option<u8>,
    pub total_calories: Option<u16>,
    /// Session only.
    pub training_stress_score: Option<f64>,
    /// Session only.
    pub intensity_factor: Option<f64>,
    /// Session only.
    pub threshold_power_w: Option<u16>,
    /// Session only: the athlete's rating, CR-10 × 10.
    pub workout_rpe: Option<u8>,
    /// Pool swims: pool length in metres (session) and active length count.
    pub pool_length_m: Option<f64>,
    pub num_active_lengths: Option<u16>,
    pub start_lat_deg: Option<f64>,
    pub start_lon_deg: Option<f64>,
}

/// One pool length (swims).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LengthSample {
    pub start_time: u32,
    /// End of the length, FIT seconds.
    pub timestamp: u32,
    pub total_elapsed_time_s: f64,
    pub total_timer_time_s: f64,
    pub total_strokes: Option<u16>,
    pub avg_speed_mps: Option<f64>,
    pub swim_stroke: Option<SwimStroke>,
    pub avg_swimming_cadence: Option<u8>,
    /// false = idle (rest at the wall).
    pub active: bool,
}

/// Builds a FIT activity file message by message, in the order the caller
/// emits them (the FIT spec allows summaries anywhere; devices put them last).
#[derive(Debug)]
pub struct ActivityBuilder {
    enc: Encoder,
    laps: u16,
    sessions: u16,
    lengths: u16,
    session_lap_mark: u16,
    last_timestamp: u32,
    timer_time_s: f64,
}

impl ActivityBuilder {
    /// Starts the file with file_id (type activity) and the creator's device_info.
    pub fn new(dev: &DeviceIdent) -> Self {
        Self::of_type(dev, file_type::ACTIVITY)
    }

    /// Starts an activity summary file (file_id type 20): what older Garmin devices
    /// write instead of an activity file. Callers write sessions and laps (and, for
    /// pool swims, lengths) but no records.
    pub fn summary(dev: &DeviceIdent) -> Self {
        Self::of_type(dev, file_type::ACTIVITY_SUMMARY)
    }

    fn of_type(dev: &DeviceIdent, file_type: u8) -> Self {
        let mut enc = Encoder::new();
        let mut m = Msg::new(mesg::FILE_ID);
        m.enum_(0, Some(file_type))
            .u16(1, Some(dev.manufacturer))
            .u16(2, Some(dev.product))
            .u32z(3, Some(dev.serial))
            .u32(4, Some(dev.time_created))
            .string(8, dev.product_name.as_deref());
        enc.write(&m);
        let mut b = ActivityBuilder {
            enc,
            laps: 0,
            sessions: 0,
            lengths: 0,
            session_lap_mark: 0,
            last_timestamp: dev.time_created,
            timer_time_s: 0.0,
        };
        b.device_info(&DeviceInfo {
            timestamp: dev.time_created,
            device_index: 0, // creator
            device_type: None,
            manufacturer: Some(dev.manufacturer),
            product: Some(dev.product),
            serial: Some(dev.serial),
            software_version: dev.software_version,
            product_name: dev.product_name.clone(),
        });
        b
    }

    pub fn device_info(&mut self, d: &DeviceInfo) -> &mut Self {
        let mut m = Msg::new(mesg::DEVICE_INFO);
        m.u32(253, Some(d.timestamp))
            .u8(0, Some(d.device_index))
            .u8(1, d.device_type)
            .u16(2, d.manufacturer)
            .u32z(3, d.serial)
            .u16(4, d.product)
            .u16_scaled(5, d.software_version.map(f64::from), 100.0, 0.0)
            .string(27, d.product_name.as_deref());
        self.enc.write(&m);
        self
    }

    /// Raw event message (event/event_type enums from [`crate::profile`]).
    pub fn event(&mut self, timestamp: u32, event: u8, event_type: u8) -> &mut Self {
        let mut m = Msg::new(mesg::EVENT);
        m.u32(253, Some(timestamp))
            .enum_(0, Some(event))
            .enum_(1, Some(event_type))
            .u8(4, Some(0)); // event_group
        self.enc.write(&m);
        self.touch(timestamp);
        self
    }

    pub fn timer_start(&mut self, timestamp: u32) -> &mut Self {
        self.event(timestamp, event::TIMER, event_type::START)
    }

    pub fn timer_stop(&mut self, timestamp: u32) -> &mut Self {
        self.event(timestamp, event::TIMER, event_type::STOP_ALL)
    }

    pub fn record(&mut self, r: &RecordSample) -> &mut Self {
        let mut m = Msg::new(mesg::RECORD);
        m.u32(253, Some(r.timestamp));
        // A position needs both halves; a lone lat or lon is dropped.
        if let (Some(lat), Some(lon)) = (r.lat_deg, r.lon_deg) {
            if lat.is_finite() && lon.is_finite() {
                m.i32(0, Some(deg_to_semicircles(lat)))
                    .i32(1, Some(deg_to_semicircles(lon)));
            }
        }
        m.u8(3, r.heart_rate)
            .u8(4, r.cadence)
            .u32_scaled(5, r.distance_m, 100.0, 0.0)
            .u16(7, r.power_w)
            .i8(13, r.temperature_c)
            .u32_scaled(73, r.speed_mps.map(f64::from), 1000.0, 0.0)
            .u32_scaled(78, r.altitude_m.map(f64::from), 5.0, 500.0);
        self.enc.write(&m);
        self.touch(r.timestamp);
        self
    }

    pub fn length(&mut self, l: &LengthSample) -> &mut Self {
        let mut m = Msg::new(mesg::LENGTH);
        m.u32(253, Some(l.timestamp))
            .u16(254, Some(self.lengths))
            .enum_(0, Some(event::LENGTH))
            .enum_(1, Some(event_type::STOP))
            .u32(2, Some(l.start_time))
            .u32_scaled(3, Some(l.total_elapsed_time_s), 1000.0, 0.0)
            .u32_scaled(4, Some(l.total_timer_time_s), 1000.0, 0.0)
            .u16(5, l.total_strokes)
            .u16_scaled(6, l.avg_speed_mps, 1000.0, 0.0)
            .enum_(7, l.swim_stroke.map(|s| s.0))
            .u8(9, l.avg_swimming_cadence)
            .enum_(12, Some(u8::from(l.active)));
        self.enc.write(&m);
        self.lengths += 1;
        self.touch(l.timestamp);
        self
    }

    pub fn lap(&mut self, s: &Summary) -> &mut Self {
        let mut m = Msg::new(mesg::LAP);
        m.u32(253, Some(s.timestamp))
            .u16(254, Some(self.laps))
            .enum_(0, Some(event::LAP))
            .enum_(1, Some(event_type::STOP))
            .u32(2, Some(s.start_time));
        start_pos(&mut m, s, 3, 4);
        m.u32_scaled(7, Some(s.total_elapsed_time_s), 1000.0, 0.0)
            .u32_scaled(8, Some(s.total_timer_time_s), 1000.0, 0.0)
            .u32_scaled(9, s.total_distance_m, 100.0, 0.0)
            .u16(11, s.total_calories)
            .u16_scaled(13, s.avg_speed_mps, 1000.0, 0.0)
            .u16_scaled(14, s.max_speed_mps, 1000.0, 0.0)
            .u8(15, s.avg_heart_rate)
            .u8(16, s.max_heart_rate)
            .u8(17, s.avg_cadence)
            .u16(19, s.avg_power_w)
            .u16(20, s.max_power_w)
            .u16(21, s.total_ascent_m)
            .u16(22, s.total_descent_m)
            .enum_(25, Some(s.sport.0))
            .u16(33, s.normalized_power_w)
            .enum_(39, Some(s.sub_sport.0))
            .u16(40, s.num_active_lengths)
            .u32_scaled(110, s.avg_speed_mps, 1000.0, 0.0)
            .u32_scaled(111, s.max_speed_mps, 1000.0, 0.0);
        self.enc.write(&m);
        self.laps += 1;
        self.touch(s.timestamp);
        self
    }

    /// Writes a session covering the laps written since the previous session.
    pub fn session(&mut self, s: &Summary) -> &mut Self {
        let first_lap = self.first_lap_of_next_session();
        let mut m = Msg::new(mesg::SESSION);
        m.u32(253, Some(s.timestamp))
            .u16(254, Some(self.sessions))
            .enum_(0, Some(event::SESSION))
            .enum_(1, Some(event_type::STOP))
            .u32(2, Some(s.start_time));
        start_pos(&mut m, s, 3, 4);
        m.enum_(5, Some(s.sport.0))
            .enum_(6, Some(s.sub_sport.0))
            .u32_scaled(7, Some(s.total_elapsed_time_s), 1000.0, 0.0)
            .u32_scaled(8, Some(s.total_timer_time_s), 1000.0, 0.0)
            .u32_scaled(9, s.total_distance_m, 100.0, 0.0)
            .u16(11, s.total_calories)
            .u16_scaled(14, s.avg_speed_mps, 1000.0, 0.0)
            .u16_scaled(15, s.max_speed_mps, 1000.0, 0.0)
            .u8(16, s.avg_heart_rate)
            .u8(17, s.max_heart_rate)
            .u8(18, s.avg_cadence)
            .u16(20, s.avg_power_w)
            .u16(21, s.max_power_w)
            .u16(22, s.total_ascent_m)
            .u16(23, s.total_descent_m)
            .u16(25, Some(first_lap))
            .u16(26, Some(self.laps - first_lap))
            .u16(34, s.normalized_power_w)
            .u16_scaled(35, s.training_stress_score, 10.0, 0.0)
            .u16_scaled(36, s.intensity_factor, 1000.0, 0.0)
            .u16_scaled(44, s.pool_length_m, 100.0, 0.0)
            .u16(45, s.threshold_power_w)
            .u16(47, s.num_active_lengths)
            .u8(193, s.workout_rpe)
            .u32_scaled(124, s.avg_speed_mps, 1000.0, 0.0)
            .u32_scaled(125, s.max_speed_mps, 1000.0, 0.0);
        if s.pool_length_m.is_some() {
            m.enum_(46, Some(0)); // pool_length_unit = metric
        }
        self.enc.write(&m);
        self.sessions += 1;
        self.session_lap_mark = self.laps;
        self.timer_time_s += s.total_timer_time_s;
        self.touch(s.timestamp);
        self
    }

    fn first_lap_of_next_session(&self) -> u16 {
        self.session_lap_mark
    }

    /// Writes the activity message. `local_offset_s` is the athlete's UTC offset
    /// in seconds (local_timestamp = timestamp + offset).
    pub fn activity(&mut self, timestamp: u32, local_offset_s: i32) -> &mut Self {
        let local = i64::from(timestamp) + i64::from(local_offset_s);
        let mut m = Msg::new(mesg::ACTIVITY);
        m.u32(253, Some(timestamp))
            .u32_scaled(0, Some(self.timer_time_s), 1000.0, 0.0)
            .u16(1, Some(self.sessions.max(1)))
            .enum_(2, Some(0)) // type = manual
            .enum_(3, Some(event::ACTIVITY))
            .enum_(4, Some(event_type::STOP))
            .u32(5, u32::try_from(local).ok());
        self.enc.write(&m);
        self.touch(timestamp);
        self
    }

    /// Latest timestamp written so far (handy for the closing messages).
    pub fn last_timestamp(&self) -> u32 {
        self.last_timestamp
    }

    pub fn finish(self) -> Vec<u8> {
        self.enc.finish()
    }

    fn touch(&mut self, ts: u32) {
        self.last_timestamp = self.last_timestamp.max(ts);
    }
}

fn start_pos(m: &mut Msg, s: &Summary, lat_num: u8, lon_num: u8) {
    if let (Some(lat), Some(lon)) = (s.start_lat_deg, s.start_lon_deg) {
        m.i32(lat_num, Some(deg_to_semicircles(lat)))
            .i32(lon_num, Some(deg_to_semicircles(lon)));
    }
}
