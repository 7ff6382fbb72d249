//! Re-synchronisation after corrupt bytes: find the next offset where a run of
//! strictly plausible messages starts, so data after a damaged region is kept.

use super::plan::type_size;
use super::State;

/// Messages that must parse in a row before we trust a resync point.
const RUN: usize = 24;
/// How far past the damage we look.
const WINDOW: usize = 64 * 1024;

#[derive(Clone, Copy)]
struct Sim {
    size: usize,
    /// (offset of field 253, big endian)
    ts: Option<(usize, bool)>,
}

fn valid_base(b: u8) -> bool {
    matches!(
        b,
        0x00 | 0x01
            | 0x02
            | 0x83
            | 0x84
            | 0x85
            | 0x86
            | 0x07
            | 0x88
            | 0x89
            | 0x0A
            | 0x8B
            | 0x8C
            | 0x0D
            | 0x8E
            | 0x8F
            | 0x90
    )
}

impl State {
    /// Next plausible message start after `from`, if any within the window.
    pub(super) fn resync(&self, bytes: &[u8], from: usize, end: usize) -> Option<usize> {
        let limit = end.min(from.saturating_add(WINDOW));
        let sims: [Option<Sim>; 16] = std::array::from_fn(|i| {
            self.slots[i].as_ref().map(|p| Sim {
                size: p.size,
                ts: p
                    .ops
                    .iter()
                    .find(|o| o.num == 253 && o.size >= 4 && o.ty == 0x06)
                    .map(|o| (o.offset as usize, p.big_endian)),
            })
        });
        (from + 1..limit).find(|&p| plausible_run(bytes, p, end, sims, self.s.last_ts))
    }
}

fn plausible_run(
    bytes: &[u8],
    mut p: usize,
    end: usize,
    mut sims: [Option<Sim>; 16],
    mut last_ts: Option<u32>,
) -> bool {
    // At least one timestamp must check out: runs of untimed messages prove little.
    let mut timed = false;
    for n in 0..RUN {
        if p == end {
            return n > 0 && timed;
        }
        let Some(&h) = bytes.get(p).filter(|_| p < end) else {
            return false;
        };
        if h & 0x80 != 0 {
            let Some(s) = sims[((h >> 5) & 3) as usize] else {
                return false;
            };
            p += 1 + s.size;
        } else if h & 0x40 != 0 {
            if h & 0x10 != 0 {
                return false; // reserved bit
            }
            let Some(fixed) = bytes.get(p + 1..p + 6) else {
                return false;
            };
            if fixed[0] != 0 || fixed[1] > 1 {
                return false;
            }
            let big = fixed[1] == 1;
            let nf = fixed[4] as usize;
            let Some(fields) = bytes.get(p + 6..p + 6 + 3 * nf) else {
                return false;
            };
            let (mut size, mut ts) = (0usize, None);
            for f in fields.chunks_exact(3) {
                let (num, fsize, base) = (f[0], f[1] as usize, f[2]);
                let strict = base == 0x07 || base == 0x0D || fsize % type_size(base & 0x1F) == 0;
                if !valid_base(base) || fsize == 0 || !strict {
                    return false;
                }
                if num == 253 && base == 0x86 && fsize == 4 {
                    ts = Some((size, big));
                }
                size += fsize;
            }
            p += 6 + 3 * nf;
            if h & 0x20 != 0 {
                let Some(&nd) = bytes.get(p) else {
                    return false;
                };
                let Some(devs) = bytes.get(p + 1..p + 1 + 3 * nd as usize) else {
                    return false;
                };
                size += devs.chunks_exact(3).map(|d| d[1] as usize).sum::<usize>();
                p += 1 + 3 * nd as usize;
            }
            sims[(h & 0x0F) as usize] = Some(Sim { size, ts });
        } else {
            if h & 0x10 != 0 {
                return false; // reserved bit
            }
            let Some(s) = sims[(h & 0x0F) as usize] else {
                return false;
            };
            if let Some((off, big)) = s.ts {
                let Some(b) = bytes.get(p + 1 + off..p + 5 + off) else {
                    return false;
                };
                let b = [b[0], b[1], b[2], b[3]];
                let t = if big {
                    u32::from_be_bytes(b)
                } else {
                    u32::from_le_bytes(b)
                };
                // Timestamps move forward by seconds to hours, not years.
                if let Some(last) = last_ts {
                    if t < last.saturating_sub(3600) || t > last.saturating_add(7 * 86_400) {
                        return false;
                    }
                }
                last_ts = Some(t);
                timed = true;
            }
            p += 1 + s.size;
        }
    }
    timed && p <= end
}
