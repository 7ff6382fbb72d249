//! The UTC offset from a FIT file's `activity` message (local_timestamp − timestamp).
//!
//! `paceline_fit` does not decode the activity message (yet), so this walks the
//! message stream just far enough to find it: definitions are tracked, every other
//! message is skipped by size. Any oddity simply means "no offset"; it never fails.

use paceline_fit::profile::mesg;

/// Offsets beyond ±14 h are not real time zones (a device clock glitch).
const MAX_OFFSET_S: i64 = 14 * 3600;

#[derive(Clone, Default)]
struct Def {
    big_endian: bool,
    global: u16,
    /// (field number, size) in order; developer fields as (255, size).
    fields: Vec<(u8, usize)>,
    size: usize,
}

/// Local time minus UTC from the last activity message, if any.
pub(crate) fn utc_offset(bytes: &[u8]) -> Option<i32> {
    let mut pos = 0usize;
    let mut found = None;
    // Chained files: each has its own header and CRC.
    while let Some(&hsize) = bytes.get(pos) {
        let hsize = usize::from(hsize);
        if bytes.get(pos + 8..pos + 12) != Some(b".FIT".as_slice()) || hsize < 12 {
            break;
        }
        let size = u32::from_le_bytes(bytes.get(pos + 4..pos + 8)?.try_into().ok()?) as usize;
        let start = pos + hsize;
        let end = start.saturating_add(size).min(bytes.len());
        if let Some(o) = scan(bytes.get(start..end)?) {
            found = Some(o);
        }
        if size == 0 {
            break;
        }
        pos = end + 2;
    }
    found
}

fn scan(data: &[u8]) -> Option<i32> {
    let mut defs: Vec<Option<Def>> = vec![None; 16];
    let mut found = None;
    let mut p = 0usize;
    while let Some(&h) = data.get(p) {
        p += 1;
        if h & 0x80 != 0 {
            // Compressed timestamp header: a data message of local type 0..3.
            let def = defs[usize::from((h >> 5) & 0x03)].as_ref()?;
            p += def.size;
            continue;
        }
        let local = usize::from(h & 0x0F);
        if h & 0x40 != 0 {
            let big_endian = *data.get(p + 1)? == 1;
            let g = data.get(p + 2..p + 4)?;
            let global = if big_endian {
                u16::from_be_bytes([g[0], g[1]])
            } else {
                u16::from_le_bytes([g[0], g[1]])
            };
            let n = usize::from(*data.get(p + 4)?);
            p += 5;
            let mut fields = Vec::with_capacity(n);
            for _ in 0..n {
                let f = data.get(p..p + 3)?;
                fields.push((f[0], usize::from(f[1])));
                p += 3;
            }
            if h & 0x20 != 0 {
                let nd = usize::from(*data.get(p)?);
                p += 1;
                for _ in 0..nd {
                    fields.push((255, usize::from(*data.get(p + 1)?)));
                    p += 3;
                }
            }
            let size = fields.iter().map(|f| f.1).sum();
            defs[local] = Some(Def {
                big_endian,
                global,
                fields,
                size,
            });
            continue;
        }
        let def = defs[local].as_ref()?;
        let msg = data.get(p..p + def.size)?;
        p += def.size;
        if def.global == mesg::ACTIVITY {
            if let Some(o) = offset_of(def, msg) {
                found = Some(o);
            }
        }
    }
    found
}

fn offset_of(def: &Def, msg: &[u8]) -> Option<i32> {
    let (mut ts, mut local) = (None, None);
    let mut at = 0usize;
    for &(num, size) in &def.fields {
        let raw = msg.get(at..at + size)?;
        at += size;
        if size != 4 || !(num == 253 || num == 5) {
            continue;
        }
        let b = [raw[0], raw[1], raw[2], raw[3]];
        let v = if def.big_endian {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        };
        if v == u32::MAX {
            continue; // invalid
        }
        if num == 253 {
            ts = Some(i64::from(v));
        } else {
            local = Some(i64::from(v));
        }
    }
    let offset = local? - ts?;
    // Time zones are whole quarter hours; devices may take the two clocks a moment
    // apart. Anything else (FR55: 225 s) is not a zone.
    let zone = (offset as f64 / 900.0).round() as i64 * 900;
    ((offset - zone).abs() <= 120 && zone.abs() <= MAX_OFFSET_S).then_some(zone as i32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use paceline_fit::*;

    #[test]
    fn reads_the_offset_our_writer_puts_in() {
        let t0 = unix_to_fit(1_700_000_000);
        let mut b = ActivityBuilder::new(&DeviceIdent {
            time_created: t0,
            ..Default::default()
        });
        b.timer_start(t0);
        b.record(&RecordSample {
            timestamp: t0,
            heart_rate: Some(120),
            ..Default::default()
        });
        let s = Summary {
            sport: Sport::RUNNING,
            start_time: t0,
            timestamp: t0 + 1,
            ..Default::default()
        };
        b.timer_stop(t0 + 1)
            .lap(&s)
            .session(&s)
            .activity(t0 + 1, -5 * 3600);
        assert_eq!(utc_offset(&b.finish()), Some(-5 * 3600));
        assert_eq!(utc_offset(b"garbage"), None);
    }
}
