//! Moving a recorded FIT file in time: the same bytes with every absolute timestamp
//! shifted, so one real activity can stand in for many (benchmarks, stress tests).
//!
//! Only timestamps change; the file keeps its length, layout, developer data and
//! (for chained files) its chain. Each file's CRC is recomputed; headers hold no
//! time, so their CRCs (including the "not computed" zero) stay valid as they are.

use crate::crc::crc16;
use crate::error::{sniff, DecodeError};

/// `date_time` / `local_date_time` fields other than field 253 (the
/// timestamp of nearly every message), as `(global message, field)` from the FIT profile.
const DATE_TIME_FIELDS: &[(u16, u8)] = &[
    (0, 4),     // file_id.time_created
    (2, 39),    // device_settings.clock_time
    (15, 2),    // goal.start_date
    (15, 3),    // goal.end_date
    (18, 2),    // session.start_time
    (19, 2),    // lap.start_time
    (21, 15),   // event.start_timestamp
    (28, 3),    // schedule.time_created
    (32, 1),    // course_point.timestamp
    (28, 6),    // schedule.scheduled_time (local)
    (34, 5),    // activity.local_timestamp (local)
    (55, 11),   // monitoring.local_timestamp (local)
    (72, 4),    // training_file.time_created
    (101, 2),   // length.start_time
    (103, 0),   // monitoring_info.local_timestamp (local)
    (128, 9),   // weather_conditions.observed_at_time
    (129, 1),   // weather_alert.issue_time
    (129, 2),   // weather_alert.expire_time
    (142, 2),   // segment_lap.start_time
    (160, 6),   // gps_metadata.utc_timestamp
    (162, 1),   // timestamp_correlation.system_timestamp
    (162, 3),   // timestamp_correlation.local_timestamp (local)
    (174, 6),   // obdii_data.start_timestamp
    (187, 1),   // video_clip.start_timestamp
    (187, 3),   // video_clip.end_timestamp
    (225, 6),   // set.start_time
    (225, 254), // set.timestamp (254 here, a profile quirk)
    (227, 1),   // stress_level.stress_level_time
    (229, 0),   // max_met_data.update_time
    (312, 9),   // split.start_time
    (312, 27),  // split.end_time
    (398, 0),   // skin_temp_overnight.local_timestamp (local)
    (412, 0),   // nap_event.start_time
    (412, 2),   // nap_event.end_time
    (412, 7),   // nap_event.update_timestamp
];

/// monitoring.timestamp_16: the low 16 bits of the time, relative to the last timestamp.
const TIMESTAMP_16: (u16, u8) = (55, 26);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shift {
    /// 4-byte date_time elements; `z`: the base type is uint32z (0 is invalid).
    DateTime { z: bool },
    /// A 16-bit time that wraps (timestamp_16).
    Low16 { z: bool },
}

#[derive(Debug, Clone, Copy)]
struct TimeField {
    offset: usize,
    size: usize,
    shift: Shift,
}

/// A definition message reduced to what retiming needs.
#[derive(Debug, Clone, Default)]
struct Layout {
    size: usize,
    big_endian: bool,
    fields: Vec<TimeField>,
}

fn shift_of(global: u16, num: u8, base: u8, size: u8) -> Option<Shift> {
    let ty = base & 0x1F;
    let date_time = num == 253 || DATE_TIME_FIELDS.contains(&(global, num));
    if date_time && matches!(ty, 0x05 | 0x06 | 0x0C) && size >= 4 && size & 3 == 0 {
        Some(Shift::DateTime { z: ty == 0x0C })
    } else if (global, num) == TIMESTAMP_16 && matches!(ty, 0x04 | 0x0B) && size == 2 {
        Some(Shift::Low16 { z: ty == 0x0B })
    } else {
        None
    }
}

fn unreadable(at_byte: usize, reason: &'static str) -> DecodeError {
    DecodeError::Unreadable { at_byte, reason }
}

/// Returns `bytes` with every absolute timestamp moved by `delta_s` seconds:
/// field 253 of every message, the profile's other date_time fields (file_id
/// time_created, session/lap/length start_time, activity local_timestamp, ...),
/// and the 5-bit offsets of compressed-timestamp headers (they are relative to the
/// last full timestamp, but their low bits are the time's low bits). Chained files
/// are each retimed with their own CRC; bytes after the last file are kept.
///
/// Errors when the input is not FIT or is structurally damaged (a retimed copy of
/// a damaged file would not be the same file). A time that cannot move without
/// leaving the FIT range (junk, such as a zero timestamp moved back) is kept.
pub fn retime(bytes: &[u8], delta_s: i64) -> Result<Vec<u8>, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let mut out = bytes.to_vec();
    let mut pos = 0usize;
    let mut files = 0u32;
    while pos < out.len() {
        let b = &out[pos..];
        let header_size = usize::from(b[0]);
        if header_size < 12 || b.get(8..12) != Some(&b".FIT"[..]) {
            if files == 0 {
                return Err(DecodeError::NotFit {
                    looks_like: sniff(bytes),
                });
            }
            break; // padding or other trailing bytes: kept as they are
        }
        let data_size = u32::from_le_bytes([b[4], b[5], b[6], b[7]]) as usize;
        let start = pos + header_size;
        let end = start + data_size;
        if data_size == 0 || end + 2 > out.len() {
            return Err(if files == 0 && start >= out.len() {
                DecodeError::HeaderOnly
            } else {
                unreadable(pos, "the header's data size does not match the file")
            });
        }
        retime_messages(&mut out, start, end, delta_s)?;
        let crc = crc16(&out[pos..end]);
        out[end..end + 2].copy_from_slice(&crc.to_le_bytes());
        files += 1;
        pos = end + 2;
    }
    Ok(out)
}

/// Walks the messages of one file's data section and shifts their times in place.
fn retime_messages(
    out: &mut [u8],
    start: usize,
    end: usize,
    delta: i64,
) -> Result<(), DecodeError> {
    let mut slots: [Option<Layout>; 16] = Default::default();
    // Compressed headers carry the time's low 5 bits; they move with the time.
    let delta5 = delta.rem_euclid(32) as u8;
    let mut pos = start;
    while pos < end {
        let h = out[pos];
        if h & 0x40 != 0 && h & 0x80 == 0 {
            let (layout, next) = define(out, pos, end)?;
            slots[usize::from(h & 0x0F)] = Some(layout);
            pos = next;
            continue;
        }
        let local = if h & 0x80 != 0 {
            out[pos] = (h & 0xE0) | ((h & 0x1F) + delta5) & 0x1F;
            (h >> 5) & 0x03
        } else {
            h & 0x0F
        };
        let layout = slots[usize::from(local)]
            .as_ref()
            .ok_or_else(|| unreadable(pos, "data message of an undefined local type"))?;
        let data = pos + 1;
        let next = data + layout.size;
        if next > end {
            return Err(unreadable(pos, "a message runs past the end of the data"));
        }
        for f in &layout.fields {
            let at = data + f.offset;
            shift_field(&mut out[at..at + f.size], f.shift, layout.big_endian, delta);
        }
        pos = next;
    }
    Ok(())
}

/// Parses a definition message at `pos`; returns its layout and the next position.
fn define(out: &[u8], pos: usize, end: usize) -> Result<(Layout, usize), DecodeError> {
    let truncated = || unreadable(pos, "a definition runs past the end of the data");
    let fixed = out
        .get(pos + 1..pos + 6)
        .filter(|_| pos + 6 <= end)
        .ok_or_else(truncated)?;
    let big_endian = match fixed[1] {
        0 => false,
        1 => true,
        _ => return Err(unreadable(pos, "a definition has an unknown byte order")),
    };
    let global = if big_endian {
        u16::from_be_bytes([fixed[2], fixed[3]])
    } else {
        u16::from_le_bytes([fixed[2], fixed[3]])
    };
    let fields_end = pos + 6 + 3 * usize::from(fixed[4]);
    if fields_end > end {
        return Err(truncated());
    }
    let mut layout = Layout {
        big_endian,
        ..Layout::default()
    };
    for f in out[pos + 6..fields_end].chunks_exact(3) {
        let (num, size, base) = (f[0], f[1], f[2]);
        if let Some(shift) = shift_of(global, num, base, size) {
            layout.fields.push(TimeField {
                offset: layout.size,
                size: usize::from(size),
                shift,
            });
        }
        layout.size += usize::from(size);
    }
    let mut next = fields_end;
    if out[pos] & 0x20 != 0 {
        // Developer fields only add to the size: their times are not ours to know.
        let n = usize::from(*out.get(next).filter(|_| next < end).ok_or_else(truncated)?);
        let dev_end = next + 1 + 3 * n;
        if dev_end > end {
            return Err(truncated());
        }
        layout.size += out[next + 1..dev_end]
            .chunks_exact(3)
            .map(|f| usize::from(f[1]))
            .sum::<usize>();
        next = dev_end;
    }
    Ok((layout, next))
}

/// Shifts one field in place. Invalid values stay invalid, and a time that cannot
/// move (junk such as a zero local_timestamp moved before 1989) stays as it is.
fn shift_field(field: &mut [u8], shift: Shift, big: bool, delta: i64) {
    match shift {
        Shift::DateTime { z } => {
            let invalid = if z { 0 } else { u32::MAX };
            for el in field.chunks_exact_mut(4) {
                let raw = [el[0], el[1], el[2], el[3]];
                let v = if big {
                    u32::from_be_bytes(raw)
                } else {
                    u32::from_le_bytes(raw)
                };
                // Times below 0x10000000 are seconds since power-on (FIT spec); they
                // move too, so every time keeps its distance to the others (and to the
                // compressed headers, which always move).
                let moved = u32::try_from(i64::from(v) + delta)
                    .ok()
                    .filter(|&m| v != invalid && m != invalid && m != u32::MAX);
                if let Some(m) = moved {
                    el.copy_from_slice(&if big {
                        m.to_be_bytes()
                    } else {
                        m.to_le_bytes()
                    });
                }
            }
        }
        Shift::Low16 { z } => {
            let raw = [field[0], field[1]];
            let v = if big {
                u16::from_be_bytes(raw)
            } else {
                u16::from_le_bytes(raw)
            };
            if v != if z { 0 } else { u16::MAX } {
                let m = (i64::from(v) + delta).rem_euclid(1 << 16) as u16;
                field.copy_from_slice(&if big {
                    m.to_be_bytes()
                } else {
                    m.to_le_bytes()
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::{ActivityBuilder, DeviceIdent, LengthSample, RecordSample, Summary};
    use crate::model::FitFile;
    use crate::profile::{Sport, SubSport};
    use crate::{decode, Warning};

    /// A year and a bit, not a multiple of 32 (so compressed headers must change).
    const DELTA: i64 = 366 * 86_400 + 1_234_567 + 7;

    fn sample_file(t0: u32, records: u32) -> Vec<u8> {
        let mut b = ActivityBuilder::new(&DeviceIdent {
            time_created: t0,
            product_name: Some("retime test".into()),
            ..Default::default()
        });
        b.timer_start(t0);
        for i in 0..records {
            b.record(&RecordSample {
                timestamp: t0 + i,
                lat_deg: Some(47.0 + f64::from(i) * 1e-5),
                lon_deg: Some(8.0),
                heart_rate: Some(120 + (i % 40) as u8),
                power_w: Some(200 + (i % 90) as u16),
                distance_m: Some(f64::from(i) * 8.0),
                ..Default::default()
            });
        }
        let end = t0 + records;
        b.length(&LengthSample {
            start_time: t0,
            timestamp: t0 + 30,
            total_elapsed_time_s: 30.0,
            total_timer_time_s: 30.0,
            active: true,
            ..Default::default()
        });
        let s = Summary {
            sport: Sport::CYCLING,
            sub_sport: SubSport::ROAD,
            start_time: t0,
            timestamp: end,
            total_elapsed_time_s: f64::from(records),
            total_timer_time_s: f64::from(records),
            total_distance_m: Some(f64::from(records) * 8.0),
            avg_power_w: Some(240),
            ..Default::default()
        };
        b.timer_stop(end).lap(&s).session(&s).activity(end, 3600);
        b.finish()
    }

    /// What decoding `f`'s file retimed by `d` must give: every time moved, nothing else.
    fn shifted(f: &FitFile, d: i64) -> FitFile {
        let s = |t: u32| {
            if t != u32::MAX {
                (i64::from(t) + d) as u32
            } else {
                t
            }
        };
        let o = |t: &mut Option<u32>| *t = t.map(s);
        let mut f = f.clone();
        o(&mut f.time_created);
        for x in &mut f.sessions {
            o(&mut x.timestamp);
            o(&mut x.start_time);
        }
        for x in &mut f.laps {
            o(&mut x.timestamp);
            o(&mut x.start_time);
        }
        for x in &mut f.lengths {
            o(&mut x.timestamp);
            o(&mut x.start_time);
        }
        for x in &mut f.sets {
            o(&mut x.timestamp);
            o(&mut x.start_time);
        }
        f.events.iter_mut().for_each(|x| o(&mut x.timestamp));
        f.device_infos.iter_mut().for_each(|x| o(&mut x.timestamp));
        f.records.timestamp.iter_mut().for_each(|t| *t = s(*t));
        for dev in &mut f.developer_fields {
            dev.values.iter_mut().for_each(|v| v.0 = s(v.0));
            dev.summary_values.iter_mut().for_each(|v| v.1 = s(v.1));
        }
        // The retimed copy has a correct CRC even where the original did not.
        f.warnings
            .retain(|w| !matches!(w, Warning::CrcMismatch { .. }));
        f
    }

    /// Decoded equality (Debug, so NaN equals NaN in the float columns).
    fn assert_retimed(original: &[u8], retimed: &[u8], d: i64) {
        assert_eq!(original.len(), retimed.len());
        let a = decode(original).unwrap();
        let b = decode(retimed).unwrap();
        assert!(
            !b.warnings
                .iter()
                .any(|w| matches!(w, Warning::CrcMismatch { .. })),
            "{:?}",
            b.warnings
        );
        assert_eq!(format!("{:?}", shifted(&a, d)), format!("{:?}", b));
    }

    #[test]
    fn every_time_moves_and_nothing_else() {
        let t0 = crate::unix_to_fit(1_600_000_000);
        let original = sample_file(t0, 600);
        let retimed = retime(&original, DELTA).unwrap();
        assert_retimed(&original, &retimed, DELTA);
        let f = decode(&retimed).unwrap();
        assert!(f.warnings.is_empty(), "{:?}", f.warnings);
        assert_eq!(f.records.timestamp[0], (i64::from(t0) + DELTA) as u32);
        // Back again gives the original bytes.
        assert_eq!(retime(&retimed, -DELTA).unwrap(), original);
    }

    /// Every date_time field fitparser knows (local_timestamp, time_created, ...)
    /// moved by delta; every other field unchanged.
    #[test]
    fn fitparser_sees_every_time_field_moved() {
        let original = sample_file(crate::unix_to_fit(1_500_000_000), 120);
        let retimed = retime(&original, -DELTA).unwrap();
        let a = fitparser::from_bytes(&original).unwrap();
        let b = fitparser::from_bytes(&retimed).unwrap();
        assert_eq!(a.len(), b.len());
        let mut times = 0;
        for (ra, rb) in a.iter().zip(&b) {
            assert_eq!(ra.kind(), rb.kind());
            assert_eq!(ra.fields().len(), rb.fields().len());
            for (fa, fb) in ra.fields().iter().zip(rb.fields()) {
                assert_eq!(fa.name(), fb.name());
                match (fa.value(), fb.value()) {
                    (fitparser::Value::Timestamp(x), fitparser::Value::Timestamp(y)) => {
                        assert_eq!(y.timestamp() - x.timestamp(), -DELTA, "{}", fa.name());
                        times += 1;
                    }
                    (x, y) => assert_eq!(x, y, "{:?}.{}", ra.kind(), fa.name()),
                }
            }
        }
        // 120 records, file_id, device_info, 2 events, length (2), lap (2),
        // session (2), activity (timestamp and local_timestamp).
        assert!(times >= 120 + 10, "{times}");
    }

    /// Chained files keep their chain, each with a valid CRC; 12-byte headers and
    /// a header CRC of zero survive.
    #[test]
    fn chained_short_header_and_zero_header_crc() {
        let first = sample_file(crate::unix_to_fit(1_600_000_000), 50);
        let mut second = sample_file(crate::unix_to_fit(1_600_003_600), 70);
        second[12..14].copy_from_slice(&[0, 0]); // header CRC "not computed"
        let m = second.len();
        let crc = crc16(&second[..m - 2]);
        second[m - 2..].copy_from_slice(&crc.to_le_bytes());
        let mut third = sample_file(crate::unix_to_fit(1_600_007_200), 30);
        third.drain(12..14); // 12-byte header: no CRC field
        third[0] = 12;
        let n = third.len();
        let crc = crc16(&third[..n - 2]);
        third[n - 2..].copy_from_slice(&crc.to_le_bytes());
        let (a, b) = (first.len(), first.len() + second.len());
        let chain = [first, second, third].concat();
        let before = decode(&chain).unwrap();
        assert_eq!(before.chained_files, 3);
        assert!(before.warnings.is_empty(), "{:?}", before.warnings);

        let retimed = retime(&chain, DELTA).unwrap();
        assert_retimed(&chain, &retimed, DELTA);
        assert!(decode(&retimed).unwrap().warnings.is_empty());
        // Headers hold no time: byte for byte the same, the zero CRC still zero.
        assert_eq!(retimed[..14], chain[..14]);
        assert_eq!(retimed[a..a + 14], chain[a..a + 14]);
        assert_eq!(retimed[a + 12..a + 14], [0, 0]);
        assert_eq!(retimed[b..b + 12], chain[b..b + 12]);
    }

    /// A hand-made file with compressed-timestamp headers: their 5-bit offsets
    /// carry the time's low bits, so they must move with it.
    #[test]
    fn compressed_timestamp_headers_move() {
        let t0 = crate::unix_to_fit(1_600_000_000) & !0x1F;
        let mut data = Vec::new();
        // local 0: record { timestamp u32, heart_rate u8 }; local 1: record { heart_rate u8 }.
        data.extend([0x40, 0, 0, 20, 0, 2, 253, 4, 0x86, 3, 1, 0x02]);
        data.extend([0x41, 0, 0, 20, 0, 1, 3, 1, 0x02]);
        data.push(0x00);
        data.extend(t0.to_le_bytes());
        data.push(100);
        let mut want = vec![t0];
        for i in 1..80u32 {
            let t = t0 + i * 3;
            data.push(0x80 | (1 << 5) | (t & 0x1F) as u8);
            data.push(100 + i as u8);
            want.push(t);
        }
        let mut file = vec![14, 0x20, 0x54, 0x08];
        file.extend((data.len() as u32).to_le_bytes());
        file.extend(b".FIT");
        let hcrc = crc16(&file);
        file.extend(hcrc.to_le_bytes());
        file.extend(&data);
        let crc = crc16(&file);
        file.extend(crc.to_le_bytes());
        assert_eq!(decode(&file).unwrap().records.timestamp, want);

        for d in [DELTA, -DELTA, 1, -1, 31, 32, 33] {
            let retimed = retime(&file, d).unwrap();
            let f = decode(&retimed).unwrap();
            assert!(f.warnings.is_empty(), "{:?}", f.warnings);
            let moved: Vec<u32> = want.iter().map(|&t| (i64::from(t) + d) as u32).collect();
            assert_eq!(f.records.timestamp, moved, "delta {d}");
            assert_eq!(
                f.records.heart_rate,
                decode(&file).unwrap().records.heart_rate
            );
        }
    }

    #[test]
    fn unusable_input_is_a_typed_error() {
        assert_eq!(retime(&[], 1), Err(DecodeError::Empty));
        assert!(matches!(
            retime(b"<?xml version=\"1.0\"?><gpx>", 1),
            Err(DecodeError::NotFit {
                looks_like: Some("GPX")
            })
        ));
        let file = sample_file(crate::unix_to_fit(1_600_000_000), 50);
        assert!(matches!(
            retime(&file[..file.len() / 2], 1),
            Err(DecodeError::Unreadable { .. })
        ));
        // Times that cannot move stay: moving everything before 1989 changes nothing
        // but the compressed headers (none here).
        assert_eq!(retime(&file, -i64::from(u32::MAX)).unwrap(), file);
        // Zero padding after the file is kept.
        let mut padded = file.clone();
        padded.extend([0; 7]);
        let retimed = retime(&padded, 60).unwrap();
        assert_eq!(retimed[file.len()..], [0; 7]);
    }

    /// Every corpus FIT file: same records and totals, start moved, bytes changed.
    #[test]
    fn corpus_files_retime() {
        let Some(files) = paceline_testsupport::corpus_files("fit", &[".fit"]) else {
            return;
        };
        let mut checked = 0;
        for path in files {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let original = std::fs::read(&path).unwrap();
            let retimed = match retime(&original, DELTA) {
                Ok(r) => r,
                Err(e) => panic!("{name}: {e}"),
            };
            let (a, b) = (decode(&original).unwrap(), decode(&retimed).unwrap());
            assert_eq!(a.records.len(), b.records.len(), "{name}");
            assert_eq!(a.sessions.len(), b.sessions.len(), "{name}");
            for (x, y) in a.sessions.iter().zip(&b.sessions) {
                assert_eq!(x.total_distance_m, y.total_distance_m, "{name}");
                assert_eq!(x.total_elapsed_time_s, y.total_elapsed_time_s, "{name}");
                assert_eq!(
                    x.start_time.map(|t| i64::from(t) + DELTA),
                    y.start_time.map(i64::from),
                    "{name}"
                );
            }
            if let (Some(&x), Some(&y)) = (a.records.timestamp.first(), b.records.timestamp.first())
            {
                assert_eq!(i64::from(x) + DELTA, i64::from(y), "{name}");
            }
            if a.time_created.is_some() || !a.records.is_empty() {
                assert_ne!(original, retimed, "{name}: nothing moved");
            }
            // And the whole decode, time for time.
            let (want, got) = (format!("{:?}", shifted(&a, DELTA)), format!("{b:?}"));
            if want != got {
                let at = want
                    .bytes()
                    .zip(got.bytes())
                    .take_while(|(x, y)| x == y)
                    .count();
                let from = at.saturating_sub(300);
                panic!(
                    "{name}: decodes differ at char {at}:\n want …{}\n got  …{}",
                    &want[from..(at + 80).min(want.len())],
                    &got[from..(at + 80).min(got.len())]
                );
            }
            checked += 1;
        }
        eprintln!("{checked} corpus files retimed");
    }
}
