//! Data messages into the output model, one function per message kind.

use super::plan::{read_bytes, read_f64, read_int, read_string, read_u16_array, Kind, Plan};
use super::Sink;
use crate::model::*;
use crate::profile::{Sport, SubSport};
use crate::time::semicircles_to_deg;

#[inline]
fn u8v(v: i64) -> Option<u8> {
    u8::try_from(v).ok()
}
#[inline]
fn u16v(v: i64) -> Option<u16> {
    u16::try_from(v).ok()
}
#[inline]
fn u32v(v: i64) -> Option<u32> {
    u32::try_from(v).ok()
}
#[inline]
fn i8v(v: i64) -> Option<i8> {
    i8::try_from(v).ok()
}
#[inline]
fn sc(v: i64, scale: f64) -> Option<f64> {
    Some(v as f64 / scale)
}
#[inline]
fn deg(v: i64) -> Option<f64> {
    i32::try_from(v).ok().map(semicircles_to_deg)
}

impl Sink {
    pub(super) fn apply(&mut self, plan: &Plan, data: &[u8], hdr_ts: Option<u32>) {
        match plan.kind {
            Kind::Record => self.record(plan, data, hdr_ts),
            Kind::Session => self.session(plan, data),
            Kind::Lap => self.lap(plan, data),
            Kind::Length => self.length(plan, data),
            Kind::Event => self.event(plan, data),
            Kind::Hrv => {
                for op in plan.ops.iter().filter(|o| o.num == 0) {
                    read_u16_array(data, op, plan.big_endian, &mut self.out.hrv_rr_ms);
                }
            }
            Kind::DeviceInfo => self.device_info(plan, data),
            Kind::FileId => self.file_id(plan, data),
            Kind::Sport => self.sport(plan, data),
            Kind::Set => self.set(plan, data),
            Kind::Workout => self.workout(plan, data),
            Kind::WorkoutStep => self.workout_step(plan, data),
            Kind::DeveloperDataId => self.developer_data_id(plan, data),
            Kind::FieldDescription => self.field_description(plan, data),
            Kind::Activity | Kind::Other => {
                if let Some(ts) = hdr_ts {
                    self.last_ts = Some(ts);
                }
                for op in plan.ops.iter().filter(|o| o.num == 253) {
                    if let Some(ts) = read_int(data, op, plan.big_endian).and_then(u32v) {
                        self.last_ts = Some(ts);
                    }
                }
            }
        }
        if !plan.dev_ops.is_empty() && plan.kind != Kind::Record {
            let ts = self.last_ts.unwrap_or(0);
            for d in &plan.dev_ops {
                if let Some(v) = read_f64(data, d.offset, d.size, d.ty, plan.big_endian) {
                    let v = v / d.scale - d.value_offset;
                    self.out.developer_fields[d.stream as usize]
                        .summary_values
                        .push((plan.global, ts, v));
                }
            }
        }
    }

    /// Messages with their own timestamp field update the running timestamp.
    #[inline]
    fn stamp(&mut self, v: i64) -> Option<u32> {
        let ts = u32v(v)?;
        self.last_ts = Some(ts);
        Some(ts)
    }

    fn record(&mut self, plan: &Plan, data: &[u8], hdr_ts: Option<u32>) {
        let big = plan.big_endian;
        let mut ts = hdr_ts;
        let (mut lat, mut lon, mut dist) = (f64::NAN, f64::NAN, f64::NAN);
        let (mut alt16, mut alt32, mut spd16, mut spd32) = (f32::NAN, f32::NAN, f32::NAN, f32::NAN);
        let (mut vo, mut stance, mut step, mut core) = (f32::NAN, f32::NAN, f32::NAN, f32::NAN);
        let (mut hr, mut cad, mut power, mut temp, mut lrb) = (None, None, None, None, None);
        for op in &plan.ops {
            if op.num == 8 {
                // compressed_speed_distance: 12-bit speed (1/100 m/s), 12-bit rolling
                // distance (1/16 m) that must be accumulated.
                if let Some(&[a, b, c, ..]) = read_bytes(data, op) {
                    if [a, b, c] != [0xFF; 3] {
                        let raw = u32::from(a) | u32::from(b) << 8 | u32::from(c) << 16;
                        spd16 = (raw & 0xFFF) as f32 / 100.0;
                        dist = self.accumulate_distance(raw >> 12);
                    }
                }
                continue;
            }
            let Some(v) = read_int(data, op, big) else {
                continue;
            };
            match op.num {
                253 => ts = u32v(v),
                0 => lat = deg(v).unwrap_or(f64::NAN),
                1 => lon = deg(v).unwrap_or(f64::NAN),
                2 => alt16 = (v as f64 / 5.0 - 500.0) as f32,
                3 => hr = u8v(v),
                4 => cad = u8v(v),
                5 => dist = v as f64 / 100.0,
                6 => spd16 = (v as f64 / 1000.0) as f32,
                7 => power = u16v(v),
                13 => temp = i8v(v),
                30 => lrb = u8v(v),
                39 => vo = v as f32 / 10.0,
                41 => stance = v as f32 / 10.0,
                73 => spd32 = (v as f64 / 1000.0) as f32,
                78 => alt32 = (v as f64 / 5.0 - 500.0) as f32,
                85 => step = v as f32 / 10.0,
                139 => core = v as f32 / 100.0,
                _ => {}
            }
        }
        let ts = match ts {
            Some(t) => {
                self.last_ts = Some(t);
                t
            }
            None => self.last_ts.unwrap_or(0),
        };
        let r = &mut self.out.records;
        r.timestamp.push(ts);
        r.lat_deg.push(if lon.is_nan() { f64::NAN } else { lat });
        r.lon_deg.push(if lat.is_nan() { f64::NAN } else { lon });
        r.altitude_m
            .push(if alt32.is_nan() { alt16 } else { alt32 });
        r.distance_m.push(dist);
        r.speed_mps.push(if spd32.is_nan() { spd16 } else { spd32 });
        r.heart_rate.push(hr);
        r.cadence.push(cad);
        r.power_w.push(power);
        r.temperature_c.push(temp);
        r.left_right_balance.push(lrb);
        r.vertical_oscillation_mm.push(vo);
        r.stance_time_ms.push(stance);
        r.step_length_mm.push(step);
        r.core_temperature_c.push(core);
        for d in &plan.dev_ops {
            if let Some(v) = read_f64(data, d.offset, d.size, d.ty, big) {
                let v = v / d.scale - d.value_offset;
                self.out.developer_fields[d.stream as usize]
                    .values
                    .push((ts, v));
            }
        }
    }

    fn accumulate_distance(&mut self, raw12: u32) -> f64 {
        let total = match self.dist_acc {
            Some((last, total)) => total + u64::from(raw12.wrapping_sub(last) & 0xFFF),
            None => u64::from(raw12),
        };
        self.dist_acc = Some((raw12, total));
        total as f64 / 16.0
    }

    fn session(&mut self, plan: &Plan, data: &[u8]) {
        let mut s = Session::default();
        let (mut avg16, mut max16, mut avg32, mut max32) = (None, None, None, None);
        for op in &plan.ops {
            let Some(v) = read_int(data, op, plan.big_endian) else {
                continue;
            };
            match op.num {
                253 => s.timestamp = self.stamp(v),
                254 => s.message_index = u16v(v),
                2 => s.start_time = u32v(v),
                3 => s.start_lat_deg = deg(v),
                4 => s.start_lon_deg = deg(v),
                5 => s.sport = u8v(v).map(Sport),
                6 => s.sub_sport = u8v(v).map(SubSport),
                7 => s.total_elapsed_time_s = sc(v, 1000.0),
                8 => s.total_timer_time_s = sc(v, 1000.0),
                9 => s.total_distance_m = sc(v, 100.0),
                11 => s.total_calories = u16v(v),
                14 => avg16 = sc(v, 1000.0),
                15 => max16 = sc(v, 1000.0),
                16 => s.avg_heart_rate = u8v(v),
                17 => s.max_heart_rate = u8v(v),
                18 => s.avg_cadence = u8v(v),
                19 => s.max_cadence = u8v(v),
                20 => s.avg_power_w = u16v(v),
                21 => s.max_power_w = u16v(v),
                22 => s.total_ascent_m = u16v(v),
                23 => s.total_descent_m = u16v(v),
                25 => s.first_lap_index = u16v(v),
                26 => s.num_laps = u16v(v),
                34 => s.normalized_power_w = u16v(v),
                35 => s.training_stress_score = sc(v, 10.0),
                36 => s.intensity_factor = sc(v, 1000.0),
                44 => s.pool_length_m = sc(v, 100.0),
                45 => s.threshold_power_w = u16v(v),
                47 => s.num_active_lengths = u16v(v),
                48 => s.total_work_j = u32v(v),
                57 => s.avg_temperature_c = i8v(v),
                193 => s.workout_rpe = u8v(v),
                37 => s.left_right_balance = u16v(v),
                124 => avg32 = sc(v, 1000.0),
                125 => max32 = sc(v, 1000.0),
                _ => {}
            }
        }
        s.avg_speed_mps = avg32.or(avg16);
        s.max_speed_mps = max32.or(max16);
        self.out.sessions.push(s);
    }

    fn lap(&mut self, plan: &Plan, data: &[u8]) {
        let mut l = Lap::default();
        let (mut avg16, mut max16, mut avg32, mut max32) = (None, None, None, None);
        for op in &plan.ops {
            let Some(v) = read_int(data, op, plan.big_endian) else {
                continue;
            };
            match op.num {
                253 => l.timestamp = self.stamp(v),
                254 => l.message_index = u16v(v),
                2 => l.start_time = u32v(v),
                3 => l.start_lat_deg = deg(v),
                4 => l.start_lon_deg = deg(v),
                7 => l.total_elapsed_time_s = sc(v, 1000.0),
                8 => l.total_timer_time_s = sc(v, 1000.0),
                9 => l.total_distance_m = sc(v, 100.0),
                11 => l.total_calories = u16v(v),
                13 => avg16 = sc(v, 1000.0),
                14 => max16 = sc(v, 1000.0),
                15 => l.avg_heart_rate = u8v(v),
                16 => l.max_heart_rate = u8v(v),
                17 => l.avg_cadence = u8v(v),
                18 => l.max_cadence = u8v(v),
                19 => l.avg_power_w = u16v(v),
                20 => l.max_power_w = u16v(v),
                21 => l.total_ascent_m = u16v(v),
                22 => l.total_descent_m = u16v(v),
                23 => l.intensity = u8v(v),
                24 => l.lap_trigger = u8v(v),
                25 => l.sport = u8v(v).map(Sport),
                32 => l.num_lengths = u16v(v),
                33 => l.normalized_power_w = u16v(v),
                35 => l.first_length_index = u16v(v),
                39 => l.sub_sport = u8v(v).map(SubSport),
                40 => l.num_active_lengths = u16v(v),
                71 => l.wkt_step_index = u16v(v),
                110 => avg32 = sc(v, 1000.0),
                111 => max32 = sc(v, 1000.0),
                _ => {}
            }
        }
        l.avg_speed_mps = avg32.or(avg16);
        l.max_speed_mps = max32.or(max16);
        self.out.laps.push(l);
    }

    fn length(&mut self, plan: &Plan, data: &[u8]) {
        let mut l = Length::default();
        for op in &plan.ops {
            let Some(v) = read_int(data, op, plan.big_endian) else {
                continue;
            };
            match op.num {
                253 => l.timestamp = self.stamp(v),
                254 => l.message_index = u16v(v),
                2 => l.start_time = u32v(v),
                3 => l.total_elapsed_time_s = sc(v, 1000.0),
                4 => l.total_timer_time_s = sc(v, 1000.0),
                5 => l.total_strokes = u16v(v),
                6 => l.avg_speed_mps = sc(v, 1000.0),
                7 => l.swim_stroke = u8v(v),
                9 => l.avg_swimming_cadence = u8v(v),
                12 => l.length_type = u8v(v),
                _ => {}
            }
        }
        self.out.lengths.push(l);
    }

    fn event(&mut self, plan: &Plan, data: &[u8]) {
        let mut e = Event::default();
        for op in &plan.ops {
            let Some(v) = read_int(data, op, plan.big_endian) else {
                continue;
            };
            match op.num {
                253 => e.timestamp = self.stamp(v),
                0 => e.event = u8v(v),
                1 => e.event_type = u8v(v),
                // data16 only when the 32-bit data field is absent.
                2 => e.data = e.data.or(u32v(v)),
                3 => e.data = u32v(v),
                4 => e.event_group = u8v(v),
                _ => {}
            }
        }
        self.out.events.push(e);
    }

    fn device_info(&mut self, plan: &Plan, data: &[u8]) {
        let mut d = DeviceInfoMsg::default();
        for op in &plan.ops {
            if op.num == 27 {
                d.product_name = read_string(data, op);
                continue;
            }
            let Some(v) = read_int(data, op, plan.big_endian) else {
                continue;
            };
            match op.num {
                253 => d.timestamp = self.stamp(v),
                0 => d.device_index = u8v(v),
                1 => d.device_type = u8v(v),
                2 => d.manufacturer = u16v(v),
                3 => d.serial = u32v(v),
                4 => d.product = u16v(v),
                5 => d.software_version = Some(v as f32 / 100.0),
                11 => d.battery_status = u8v(v),
                25 => d.source_type = u8v(v),
                _ => {}
            }
        }
        self.out.device_infos.push(d);
    }

    fn file_id(&mut self, plan: &Plan, data: &[u8]) {
        // Chained files repeat file_id; the first one describes the recording.
        let first = !self.seen_file_id;
        self.seen_file_id = true;
        if !first {
            return;
        }
        let o = &mut self.out;
        for op in &plan.ops {
            if op.num == 8 {
                o.product_name = read_string(data, op);
                continue;
            }
            let Some(v) = read_int(data, op, plan.big_endian) else {
                continue;
            };
            match op.num {
                0 => o.file_type = u8v(v),
                1 => o.manufacturer = u16v(v),
                2 => o.product = u16v(v),
                3 => o.serial = u32v(v),
                4 => o.time_created = u32v(v),
                _ => {}
            }
        }
    }

    fn sport(&mut self, plan: &Plan, data: &[u8]) {
        let mut s = SportMsg::default();
        for op in &plan.ops {
            if op.num == 3 {
                s.name = read_string(data, op);
                continue;
            }
            let Some(v) = read_int(data, op, plan.big_endian) else {
                continue;
            };
            match op.num {
                0 => s.sport = u8v(v).map(Sport),
                1 => s.sub_sport = u8v(v).map(SubSport),
                _ => {}
            }
        }
        self.out.sports.push(s);
    }

    fn set(&mut self, plan: &Plan, data: &[u8]) {
        let mut s = StrengthSet::default();
        for op in &plan.ops {
            let Some(v) = read_int(data, op, plan.big_endian) else {
                continue;
            };
            match op.num {
                // set uses 254 for its timestamp (profile quirk).
                254 => s.timestamp = self.stamp(v),
                253 => {
                    self.stamp(v);
                }
                0 => s.duration_s = sc(v, 1000.0),
                3 => s.repetitions = u16v(v),
                4 => s.weight_kg = sc(v, 16.0),
                5 => s.set_type = u8v(v),
                6 => s.start_time = u32v(v),
                7 => s.category = u16v(v),
                8 => s.category_subtype = u16v(v),
                10 => s.message_index = u16v(v),
                11 => s.wkt_step_index = u16v(v),
                _ => {}
            }
        }
        self.out.sets.push(s);
    }

    fn workout(&mut self, plan: &Plan, data: &[u8]) {
        let mut w = WorkoutMsg::default();
        for op in &plan.ops {
            if op.num == 8 {
                w.name = read_string(data, op);
                continue;
            }
            let Some(v) = read_int(data, op, plan.big_endian) else {
                continue;
            };
            match op.num {
                4 => w.sport = u8v(v).map(Sport),
                6 => w.num_valid_steps = u16v(v),
                11 => w.sub_sport = u8v(v).map(SubSport),
                _ => {}
            }
        }
        self.out.workout = Some(w);
    }

    fn workout_step(&mut self, plan: &Plan, data: &[u8]) {
        let mut s = WorkoutStepMsg::default();
        for op in &plan.ops {
            match op.num {
                0 => s.name = read_string(data, op),
                8 => s.notes = read_string(data, op),
                num => {
                    let Some(v) = read_int(data, op, plan.big_endian) else {
                        continue;
                    };
                    match num {
                        254 => s.message_index = u16v(v),
                        1 => s.duration_type = u8v(v),
                        2 => s.duration_value = u32v(v),
                        3 => s.target_type = u8v(v),
                        4 => s.target_value = u32v(v),
                        5 => s.custom_target_low = u32v(v),
                        6 => s.custom_target_high = u32v(v),
                        7 => s.intensity = u8v(v),
                        _ => {}
                    }
                }
            }
        }
        self.out.workout_steps.push(s);
    }

    fn developer_data_id(&mut self, plan: &Plan, data: &[u8]) {
        let mut a = DeveloperApp::default();
        for op in &plan.ops {
            if op.num == 1 {
                a.application_id = read_bytes(data, op)
                    .and_then(|b| b.get(..16))
                    .and_then(|b| <[u8; 16]>::try_from(b).ok());
                continue;
            }
            let Some(v) = read_int(data, op, plan.big_endian) else {
                continue;
            };
            match op.num {
                2 => a.manufacturer_id = u16v(v),
                3 => a.developer_data_index = u8v(v),
                4 => a.application_version = u32v(v),
                _ => {}
            }
        }
        self.out.developer_apps.push(a);
    }

    fn field_description(&mut self, plan: &Plan, data: &[u8]) {
        let (mut idx, mut num, mut ty) = (None, None, None);
        let (mut scale, mut offset) = (None, None);
        let (mut name, mut units) = (None, None);
        let (mut nmesg, mut nfield) = (None, None);
        for op in &plan.ops {
            match op.num {
                3 => name = read_string(data, op),
                8 => units = read_string(data, op),
                _ => {
                    let Some(v) = read_int(data, op, plan.big_endian) else {
                        continue;
                    };
                    match op.num {
                        0 => idx = u8v(v),
                        1 => num = u8v(v),
                        2 => ty = u8v(v),
                        6 => scale = u8v(v),
                        7 => offset = i8v(v),
                        14 => nmesg = u16v(v),
                        15 => nfield = u8v(v),
                        _ => {}
                    }
                }
            }
        }
        let (Some(idx), Some(num)) = (idx, num) else {
            return;
        };
        let stream = DevFieldStream {
            developer_data_index: idx,
            field_number: num,
            name: name.unwrap_or_else(|| format!("dev_{idx}_{num}")),
            units: units.unwrap_or_default(),
            base_type: ty.unwrap_or(0x0D),
            native_mesg_num: nmesg,
            native_field_num: nfield,
            values: Vec::new(),
            summary_values: Vec::new(),
        };
        self.describe_dev_field(stream, scale, offset);
    }
}
