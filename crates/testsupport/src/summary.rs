//! FIT activity summary files (file_id type 20): sessions and laps, no records, as
//! older Garmin devices (the Garmin Swim, early Forerunners) write them. The corpus
//! has none, so tests build them: with our writer ([`summary_file`]), beside the same
//! workout as a full activity file ([`activity_file`]), and byte for byte by hand
//! like a Garmin Swim's ([`garmin_swim_bytes`]).

use paceline_fit::{
    unix_to_fit, ActivityBuilder, DeviceIdent, LengthSample, RecordSample, Sport, SubSport,
    Summary, SwimStroke,
};

/// `manufacturer = garmin` in the FIT profile.
pub const GARMIN: u16 = 1;
/// `garmin_product = swim` (the Garmin Swim, 2012) in the FIT profile.
pub const GARMIN_SWIM: u16 = 1499;

/// One lap: swum (timer) seconds, then rest at the wall, and its distance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpecLap {
    pub timer_s: f64,
    pub rest_s: f64,
    pub distance_m: f64,
}

/// A workout known by its totals.
#[derive(Debug, Clone, PartialEq)]
pub struct SummarySpec {
    pub start_unix: i64,
    pub sport: Sport,
    pub sub_sport: SubSport,
    pub laps: Vec<SpecLap>,
    /// Pool swims: the session's pool length.
    pub pool_length_m: Option<f64>,
    /// Write a length message per pool length (needs `pool_length_m`).
    pub lengths: bool,
    pub avg_hr: Option<u8>,
    pub calories: Option<u16>,
    pub product: u16,
}

impl SummarySpec {
    /// A 25 m pool swim of three 500 m laps (9:00, 9:20, 10:00 swum, 1 min rest
    /// after each of the first two): 1,500 m in 1,720 s of timer time.
    pub fn pool_swim(start_unix: i64) -> SummarySpec {
        SummarySpec {
            start_unix,
            sport: Sport::SWIMMING,
            sub_sport: SubSport::LAP_SWIMMING,
            laps: vec![
                SpecLap {
                    timer_s: 540.0,
                    rest_s: 60.0,
                    distance_m: 500.0,
                },
                SpecLap {
                    timer_s: 560.0,
                    rest_s: 60.0,
                    distance_m: 500.0,
                },
                SpecLap {
                    timer_s: 620.0,
                    rest_s: 0.0,
                    distance_m: 500.0,
                },
            ],
            pool_length_m: Some(25.0),
            lengths: false,
            avg_hr: None,
            calories: Some(410),
            product: GARMIN_SWIM,
        }
    }

    /// A 40-minute run of four 10-minute laps (2 km each) at an average HR of 150.
    pub fn run(start_unix: i64) -> SummarySpec {
        SummarySpec {
            start_unix,
            sport: Sport::RUNNING,
            sub_sport: SubSport::GENERIC,
            laps: vec![
                SpecLap {
                    timer_s: 600.0,
                    rest_s: 0.0,
                    distance_m: 2000.0,
                };
                4
            ],
            pool_length_m: None,
            lengths: false,
            avg_hr: Some(150),
            calories: Some(520),
            product: 1482, // fr10
        }
    }

    pub fn distance_m(&self) -> f64 {
        self.laps.iter().map(|l| l.distance_m).sum()
    }

    pub fn timer_s(&self) -> f64 {
        self.laps.iter().map(|l| l.timer_s).sum()
    }

    pub fn elapsed_s(&self) -> f64 {
        self.laps.iter().map(|l| l.timer_s + l.rest_s).sum()
    }

    fn device(&self) -> DeviceIdent {
        DeviceIdent {
            manufacturer: GARMIN,
            product: self.product,
            serial: 3_875_000_001,
            time_created: unix_to_fit(self.start_unix),
            product_name: None,
            software_version: Some(3.3),
        }
    }

    fn lap_summary(&self, start: u32, l: &SpecLap) -> Summary {
        let elapsed = l.timer_s + l.rest_s;
        Summary {
            sport: self.sport,
            sub_sport: self.sub_sport,
            start_time: start,
            timestamp: start + elapsed as u32,
            total_elapsed_time_s: elapsed,
            total_timer_time_s: l.timer_s,
            total_distance_m: Some(l.distance_m),
            avg_speed_mps: Some(l.distance_m / l.timer_s),
            avg_heart_rate: self.avg_hr,
            num_active_lengths: self
                .pool_length_m
                .map(|p| (l.distance_m / p).round() as u16),
            ..Default::default()
        }
    }

    fn session_summary(&self) -> Summary {
        let start = unix_to_fit(self.start_unix);
        Summary {
            sport: self.sport,
            sub_sport: self.sub_sport,
            start_time: start,
            timestamp: start + self.elapsed_s() as u32,
            total_elapsed_time_s: self.elapsed_s(),
            total_timer_time_s: self.timer_s(),
            total_distance_m: Some(self.distance_m()),
            avg_speed_mps: Some(self.distance_m() / self.timer_s()),
            avg_heart_rate: self.avg_hr,
            max_heart_rate: self.avg_hr.map(|h| h.saturating_add(12)),
            total_calories: self.calories,
            pool_length_m: self.pool_length_m,
            num_active_lengths: self
                .pool_length_m
                .map(|p| (self.distance_m() / p).round() as u16),
            ..Default::default()
        }
    }

    /// Laps (with their lengths when asked), the session and the activity message.
    fn write_summaries(&self, b: &mut ActivityBuilder) {
        let mut t = unix_to_fit(self.start_unix);
        for l in &self.laps {
            if let (true, Some(pool)) = (self.lengths, self.pool_length_m) {
                let n = (l.distance_m / pool).round() as u32;
                let each = l.timer_s / f64::from(n);
                for i in 0..n {
                    let s = t + (each * f64::from(i)) as u32;
                    b.length(&LengthSample {
                        start_time: s,
                        timestamp: s + each as u32,
                        total_elapsed_time_s: each,
                        total_timer_time_s: each,
                        total_strokes: Some(16),
                        avg_speed_mps: Some(pool / each),
                        swim_stroke: Some(SwimStroke::FREESTYLE),
                        avg_swimming_cadence: Some(28),
                        active: true,
                    });
                }
                if l.rest_s > 0.0 {
                    let s = t + l.timer_s as u32;
                    b.length(&LengthSample {
                        start_time: s,
                        timestamp: s + l.rest_s as u32,
                        total_elapsed_time_s: l.rest_s,
                        total_timer_time_s: l.rest_s,
                        active: false,
                        ..Default::default()
                    });
                }
            }
            b.lap(&self.lap_summary(t, l));
            t += (l.timer_s + l.rest_s) as u32;
        }
        b.session(&self.session_summary());
        b.activity(t, 0);
    }
}

/// The workout as an activity summary file (file_id type 20) from our writer.
pub fn summary_file(s: &SummarySpec) -> Vec<u8> {
    let mut b = ActivityBuilder::summary(&s.device());
    s.write_summaries(&mut b);
    b.finish()
}

/// The same workout as a full activity file: the same laps and session, plus a
/// record every second with distance, speed and (when the spec has one) HR.
pub fn activity_file(s: &SummarySpec) -> Vec<u8> {
    let mut b = ActivityBuilder::new(&s.device());
    let t0 = unix_to_fit(s.start_unix);
    b.timer_start(t0);
    let (mut t, mut dist) = (t0, 0.0);
    for l in &s.laps {
        let v = l.distance_m / l.timer_s;
        for i in 0..(l.timer_s + l.rest_s) as u32 {
            let moving = f64::from(i) < l.timer_s;
            if moving {
                dist += v;
            }
            b.record(&RecordSample {
                timestamp: t + i,
                distance_m: Some(dist),
                speed_mps: Some(if moving { v as f32 } else { 0.0 }),
                heart_rate: s.avg_hr,
                ..Default::default()
            });
        }
        t += (l.timer_s + l.rest_s) as u32;
    }
    b.timer_stop(t);
    s.write_summaries(&mut b);
    b.finish()
}

/// A Garmin Swim's activity summary file, written byte for byte as the device lays
/// it out (not through our writer): a 12-byte header (protocol 1.0), file_id
/// (type 20 = activity_summary, manufacturer garmin, product 1499 = swim),
/// file_creator, three lap messages, the session (25 m pool, 60 active lengths)
/// and the activity message, then the file CRC. No records, no lengths.
///
/// The swim: started 2013-06-04 06:40:00 UTC (unix 1,370,328,000); laps of 500 m
/// swum in 540, 560 and 620 s, 60 s rest after the first two; 1,500 m, 1,720 s timer
/// time, 1,840 s elapsed, 410 kcal.
pub fn garmin_swim_bytes() -> Vec<u8> {
    const START_UNIX: i64 = 1_370_328_000;
    let t0 = unix_to_fit(START_UNIX);
    let mut body: Vec<u8> = Vec::new();
    // Definition: header 0x40 | local, reserved, little-endian, global, fields.
    let def = |body: &mut Vec<u8>, local: u8, global: u16, fields: &[(u8, u8, u8)]| {
        body.push(0x40 | local);
        body.extend([0, 0]);
        body.extend(global.to_le_bytes());
        body.push(fields.len() as u8);
        for &(num, size, base) in fields {
            body.extend([num, size, base]);
        }
    };
    const ENUM: u8 = 0x00;
    const U16: u8 = 0x84;
    const U32: u8 = 0x86;
    const U32Z: u8 = 0x8C;

    // file_id: type, manufacturer, product, serial_number, time_created.
    def(
        &mut body,
        0,
        0,
        &[
            (0, 1, ENUM),
            (1, 2, U16),
            (2, 2, U16),
            (3, 4, U32Z),
            (4, 4, U32),
        ],
    );
    body.push(0);
    body.push(20);
    body.extend(GARMIN.to_le_bytes());
    body.extend(GARMIN_SWIM.to_le_bytes());
    body.extend(3_862_417_052u32.to_le_bytes());
    body.extend(t0.to_le_bytes());

    // file_creator (49): software_version 3.30.
    def(&mut body, 1, 49, &[(0, 2, U16)]);
    body.push(1);
    body.extend(330u16.to_le_bytes());

    // lap (19): message_index, timestamp, start_time, total_elapsed_time (ms),
    // total_timer_time (ms), total_distance (cm), total_calories, avg_speed (mm/s),
    // num_lengths, num_active_lengths, event, event_type, sport, sub_sport, swim_stroke.
    def(
        &mut body,
        2,
        19,
        &[
            (254, 2, U16),
            (253, 4, U32),
            (2, 4, U32),
            (7, 4, U32),
            (8, 4, U32),
            (9, 4, U32),
            (11, 2, U16),
            (13, 2, U16),
            (32, 2, U16),
            (40, 2, U16),
            (0, 1, ENUM),
            (1, 1, ENUM),
            (25, 1, ENUM),
            (39, 1, ENUM),
            (38, 1, ENUM),
        ],
    );
    let laps: [(u32, u32, u16); 3] = [(540, 60, 130), (560, 60, 135), (620, 0, 145)];
    let mut t = t0;
    for (i, &(timer, rest, kcal)) in laps.iter().enumerate() {
        let elapsed = timer + rest;
        body.push(2);
        body.extend((i as u16).to_le_bytes());
        body.extend((t + elapsed).to_le_bytes());
        body.extend(t.to_le_bytes());
        body.extend((elapsed * 1000).to_le_bytes());
        body.extend((timer * 1000).to_le_bytes());
        body.extend(50_000u32.to_le_bytes());
        body.extend(kcal.to_le_bytes());
        body.extend(((500_000 / timer) as u16).to_le_bytes());
        body.extend((20 + u16::from(rest > 0)).to_le_bytes());
        body.extend(20u16.to_le_bytes());
        body.extend([9, 1, 5, 17, 0]); // lap, stop, swimming, lap_swimming, freestyle
        t += elapsed;
    }

    // session (18): message_index, timestamp, start_time, total_elapsed_time,
    // total_timer_time, total_distance, total_calories, avg_speed, first_lap_index,
    // num_laps, pool_length (cm), num_active_lengths, event, event_type, sport,
    // sub_sport, pool_length_unit.
    def(
        &mut body,
        3,
        18,
        &[
            (254, 2, U16),
            (253, 4, U32),
            (2, 4, U32),
            (7, 4, U32),
            (8, 4, U32),
            (9, 4, U32),
            (11, 2, U16),
            (14, 2, U16),
            (25, 2, U16),
            (26, 2, U16),
            (44, 2, U16),
            (47, 2, U16),
            (0, 1, ENUM),
            (1, 1, ENUM),
            (5, 1, ENUM),
            (6, 1, ENUM),
            (46, 1, ENUM),
        ],
    );
    body.push(3);
    body.extend(0u16.to_le_bytes());
    body.extend(t.to_le_bytes());
    body.extend(t0.to_le_bytes());
    body.extend(1_840_000u32.to_le_bytes());
    body.extend(1_720_000u32.to_le_bytes());
    body.extend(150_000u32.to_le_bytes());
    body.extend(410u16.to_le_bytes());
    body.extend(872u16.to_le_bytes()); // 1500 m / 1720 s = 0.872 m/s
    body.extend(0u16.to_le_bytes());
    body.extend(3u16.to_le_bytes());
    body.extend(2500u16.to_le_bytes());
    body.extend(60u16.to_le_bytes());
    body.extend([8, 1, 5, 17, 0]); // session, stop, swimming, lap_swimming, metric

    // activity (34): timestamp, total_timer_time, num_sessions, type, event,
    // event_type, local_timestamp (UTC+2).
    def(
        &mut body,
        0,
        34,
        &[
            (253, 4, U32),
            (0, 4, U32),
            (1, 2, U16),
            (2, 1, ENUM),
            (3, 1, ENUM),
            (4, 1, ENUM),
            (5, 4, U32),
        ],
    );
    body.push(0);
    body.extend(t.to_le_bytes());
    body.extend(1_720_000u32.to_le_bytes());
    body.extend(1u16.to_le_bytes());
    body.extend([0, 26, 1]);
    body.extend((t + 7200).to_le_bytes());

    let mut out = vec![12, 0x10];
    out.extend(108u16.to_le_bytes()); // profile 1.08
    out.extend((body.len() as u32).to_le_bytes());
    out.extend(b".FIT");
    out.extend(body);
    let crc = paceline_fit::crc::crc16(&out);
    out.extend(crc.to_le_bytes());
    out
}
