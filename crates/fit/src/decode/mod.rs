//! Streaming FIT decoder: one pass over the bytes, definitions compiled into
//! short field plans, data written straight into the columnar model.

mod apply;
mod plan;
mod resync;

use crate::crc::crc16;
use crate::error::{sniff, DecodeError, Warning};
use crate::model::{DevFieldStream, FitFile};
use plan::{type_size, wanted, DevOp, Kind, Op, Plan};

/// Decoder switches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeOptions {
    /// Check header and file CRCs (mismatches are warnings, never errors).
    pub verify_crc: bool,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions { verify_crc: true }
    }
}

/// Decodes a FIT byte stream (possibly several chained FIT files) with CRC checks.
pub fn decode(bytes: &[u8]) -> Result<FitFile, DecodeError> {
    decode_with(bytes, DecodeOptions::default())
}

/// Decodes with explicit options. Never panics; partial results carry warnings.
pub fn decode_with(bytes: &[u8], opts: DecodeOptions) -> Result<FitFile, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let mut st = State::default();
    // Rough preallocation: a record is rarely under 20 bytes.
    st.s.out.records.reserve(bytes.len() / 32);
    let mut pos = 0usize;
    let mut files = 0u32;
    while pos < bytes.len() {
        let Some(h) = Header::parse(&bytes[pos..]) else {
            if files == 0 {
                return Err(DecodeError::NotFit {
                    looks_like: sniff(bytes),
                });
            }
            // Zero padding after the last file is common and harmless.
            if bytes[pos..].iter().any(|&b| b != 0) {
                st.warn(Warning::TrailingBytes {
                    at_byte: pos,
                    count: bytes.len() - pos,
                });
            }
            break;
        };
        let data_start = pos + h.size;
        if data_start >= bytes.len() {
            if files == 0 {
                return Err(DecodeError::HeaderOnly);
            }
            st.warn(Warning::Truncated {
                at_byte: bytes.len(),
                of_bytes: data_start + h.data_size as usize + 2,
                records_salvaged: st.s.out.records.len(),
            });
            break;
        }
        if opts.verify_crc && h.crc != 0 && h.size >= 14 && crc16(&bytes[pos..pos + 12]) != h.crc {
            st.warn(Warning::HeaderCrcMismatch { file_offset: pos });
        }
        files += 1;
        st.begin_file();

        let declared_end = data_start.saturating_add(h.data_size as usize);
        let available = bytes.len() - data_start;
        // Decide where this file's data ends when the header is not trustworthy.
        let (end, size_ok) = if h.data_size == 0 || declared_end > bytes.len() {
            let crc_fits = available >= 2 && crc16(&bytes[pos..]) == 0;
            let end = if crc_fits {
                bytes.len() - 2
            } else {
                bytes.len()
            };
            (end, false)
        } else {
            (declared_end, true)
        };
        let stop = st.decode_messages(bytes, data_start, end, size_ok);
        match stop {
            Stop::End => {}
            Stop::Truncated(at) => {
                st.warn(Warning::Truncated {
                    at_byte: at,
                    of_bytes: declared_end.max(end).saturating_add(2),
                    records_salvaged: st.s.out.records.len(),
                });
            }
            Stop::Undefined(at, local) => {
                st.warn(Warning::UndefinedLocalMessage { at_byte: at, local })
            }
            Stop::BadDefinition(at) => st.warn(Warning::BadDefinition { at_byte: at }),
        }
        if !size_ok {
            st.warn(Warning::DataSizeMismatch {
                declared: h.data_size,
                actual: (end - data_start) as u32,
            });
        }
        if stop != Stop::End {
            // A truncated file has no real CRC to check; a corrupt one might.
            let cut = matches!(stop, Stop::Truncated(_));
            if opts.verify_crc && !cut && size_ok && declared_end + 2 <= bytes.len() {
                st.check_crc(bytes, pos, declared_end);
            }
            break;
        }
        if end + 2 > bytes.len() {
            st.warn(Warning::MissingCrc { file_offset: pos });
            break;
        }
        if opts.verify_crc {
            st.check_crc(bytes, pos, end);
        }
        pos = end + 2;
    }
    st.s.out.chained_files = files;
    Ok(st.s.out)
}

#[derive(Debug, Clone, Copy)]
struct Header {
    size: usize,
    data_size: u32,
    crc: u16,
}

impl Header {
    fn parse(b: &[u8]) -> Option<Header> {
        let size = *b.first()? as usize;
        if size < 12 || b.get(8..12)? != b".FIT" {
            return None;
        }
        let data_size = u32::from_le_bytes(b.get(4..8)?.try_into().ok()?);
        let crc = if size >= 14 {
            b.get(12..14)
                .map_or(0, |c| u16::from_le_bytes([c[0], c[1]]))
        } else {
            0
        };
        Some(Header {
            size,
            data_size,
            crc,
        })
    }
}

/// Resync attempts per FIT file before giving up (bounds work on random input).
const MAX_RESYNCS: u32 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    End,
    Truncated(usize),
    Undefined(usize, u8),
    BadDefinition(usize),
}

/// Developer field description in force for the current file.
#[derive(Debug, Clone, Copy)]
struct DevDesc {
    index: u8,
    num: u8,
    stream: u32,
    ty: u8,
    scale: f64,
    offset: f64,
}

/// Decoder state that data messages write into (split from the definition slots
/// so a plan can be borrowed while the sink is mutated).
#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub(crate) out: FitFile,
    pub(crate) last_ts: Option<u32>,
    /// (last 12-bit raw distance, accumulated 1/16 m) for compressed_speed_distance.
    pub(crate) dist_acc: Option<(u32, u64)>,
    dev: Vec<DevDesc>,
    warned_odd: Vec<(u16, u8)>,
    warned_dev: Vec<(u8, u8)>,
    pub(crate) seen_file_id: bool,
}

#[derive(Debug, Default)]
struct State {
    slots: [Option<Plan>; 16],
    s: Sink,
}

impl Sink {
    fn warn(&mut self, w: Warning) {
        self.out.warnings.push(w);
    }

    #[inline]
    fn data(
        &mut self,
        bytes: &[u8],
        pos: usize,
        end: usize,
        plan: &Plan,
        ts: Option<u32>,
    ) -> Result<usize, Stop> {
        let next = pos + 1 + plan.size;
        if next > end {
            return Err(Stop::Truncated(pos));
        }
        if ts.is_some() {
            self.last_ts = ts;
        }
        self.apply(plan, &bytes[pos + 1..next], ts);
        Ok(next)
    }
}

impl State {
    fn warn(&mut self, w: Warning) {
        self.s.warn(w);
    }

    /// Local definitions and developer descriptions are scoped to one FIT file.
    fn begin_file(&mut self) {
        self.slots = Default::default();
        self.s.dev.clear();
    }

    fn check_crc(&mut self, bytes: &[u8], file_start: usize, data_end: usize) {
        let Some(stored) = bytes.get(data_end..data_end + 2) else {
            return;
        };
        let stored = u16::from_le_bytes([stored[0], stored[1]]);
        let computed = crc16(&bytes[file_start..data_end]);
        if stored != computed {
            self.warn(Warning::CrcMismatch {
                file_offset: file_start,
                expected: stored,
                computed,
            });
        }
    }

    /// Decodes messages in `start..end`. When `trust_end` (the header's size is
    /// consistent), a message running past `end` means corruption, not truncation,
    /// and like other corruption it triggers a resync attempt.
    fn decode_messages(&mut self, bytes: &[u8], start: usize, end: usize, trust_end: bool) -> Stop {
        let mut pos = start;
        let mut resyncs = 0;
        while pos < end {
            match self.step(bytes, pos, end) {
                Ok(next) => pos = next,
                Err(stop) => {
                    let corrupt = match stop {
                        Stop::Truncated(_) => trust_end,
                        Stop::Undefined(..) | Stop::BadDefinition(_) => true,
                        Stop::End => false,
                    };
                    let found = if corrupt && resyncs < MAX_RESYNCS {
                        self.resync(bytes, pos, end)
                    } else {
                        None
                    };
                    let Some(next) = found else { return stop };
                    resyncs += 1;
                    self.warn(Warning::SkippedCorruptBytes {
                        from_byte: pos,
                        to_byte: next,
                    });
                    pos = next;
                }
            }
        }
        Stop::End
    }

    #[inline]
    fn step(&mut self, bytes: &[u8], pos: usize, end: usize) -> Result<usize, Stop> {
        let h = bytes[pos];
        if h & 0x80 != 0 {
            // Compressed timestamp header: 5-bit rolling offset on the last timestamp.
            let local = (h >> 5) & 0x03;
            let Some(plan) = &self.slots[local as usize] else {
                return Err(Stop::Undefined(pos, local));
            };
            let offset = u32::from(h & 0x1F);
            let last = self.s.last_ts.unwrap_or(0);
            let mut ts = (last & !0x1F) | offset;
            if offset < (last & 0x1F) {
                ts = ts.wrapping_add(0x20);
            }
            self.s.data(bytes, pos, end, plan, Some(ts))
        } else if h & 0x40 != 0 {
            self.define(bytes, pos, end)
        } else {
            let local = h & 0x0F;
            let Some(plan) = &self.slots[local as usize] else {
                return Err(Stop::Undefined(pos, local));
            };
            self.s.data(bytes, pos, end, plan, None)
        }
    }

    fn define(&mut self, bytes: &[u8], pos: usize, end: usize) -> Result<usize, Stop> {
        let h = bytes[pos];
        let local = (h & 0x0F) as usize;
        let has_dev = h & 0x20 != 0;
        let fixed = bytes
            .get(pos + 1..pos + 6)
            .filter(|_| pos + 6 <= end)
            .ok_or(Stop::Truncated(pos))?;
        let big_endian = match fixed[1] {
            0 => false,
            1 => true,
            _ => return Err(Stop::BadDefinition(pos)),
        };
        let global = if big_endian {
            u16::from_be_bytes([fixed[2], fixed[3]])
        } else {
            u16::from_le_bytes([fixed[2], fixed[3]])
        };
        let n = fixed[4] as usize;
        let fields_end = pos + 6 + 3 * n;
        if fields_end > end {
            return Err(Stop::Truncated(pos));
        }
        let kind = Kind::of(global);
        let mut plan = Plan {
            kind,
            global,
            big_endian,
            size: 0,
            ops: Vec::new(),
            dev_ops: Vec::new(),
        };
        let mut offset = 0usize;
        for f in bytes[pos + 6..fields_end].chunks_exact(3) {
            let (num, size, base) = (f[0], f[1], f[2]);
            let ty = if base & 0x1F <= 0x10 {
                base & 0x1F
            } else {
                0x0D
            };
            if size > 0 && wanted(kind, num) {
                let natural = type_size(ty);
                if ty != 0x07 && ty != 0x0D && (size as usize) < natural {
                    if !self.s.warned_odd.contains(&(global, num)) {
                        self.s.warned_odd.push((global, num));
                        self.warn(Warning::OddFieldSize {
                            mesg_num: global,
                            field_num: num,
                            size,
                            base_type: base,
                        });
                    }
                } else {
                    plan.ops.push(Op {
                        offset: offset as u16,
                        size,
                        ty,
                        num,
                    });
                }
            }
            offset += size as usize;
        }
        let mut next = fields_end;
        if has_dev {
            let nd = *bytes
                .get(next)
                .filter(|_| next < end)
                .ok_or(Stop::Truncated(pos))? as usize;
            let dev_end = next + 1 + 3 * nd;
            if dev_end > end {
                return Err(Stop::Truncated(pos));
            }
            for f in bytes[next + 1..dev_end].chunks_exact(3) {
                let (num, size, index) = (f[0], f[1], f[2]);
                match self.s.dev.iter().find(|d| d.index == index && d.num == num) {
                    Some(d) if size > 0 => plan.dev_ops.push(DevOp {
                        offset: offset as u16,
                        size,
                        ty: d.ty,
                        stream: d.stream,
                        scale: d.scale,
                        value_offset: d.offset,
                    }),
                    Some(_) => {}
                    None => {
                        if !self.s.warned_dev.contains(&(index, num)) {
                            self.s.warned_dev.push((index, num));
                            self.warn(Warning::UnknownDeveloperField {
                                developer_data_index: index,
                                field_number: num,
                            });
                        }
                    }
                }
                offset += size as usize;
            }
            next = dev_end;
        }
        // Offsets are u16: a message longer than that cannot be addressed (max is 255*255*2).
        if offset > u16::MAX as usize {
            return Err(Stop::BadDefinition(pos));
        }
        plan.size = offset;
        self.slots[local] = Some(plan);
        Ok(next)
    }
}

impl Sink {
    /// Registers a field_description; streams with the same identity are shared
    /// across chained files so values merge.
    pub(crate) fn describe_dev_field(
        &mut self,
        stream: DevFieldStream,
        scale: Option<u8>,
        offset: Option<i8>,
    ) {
        let ty = stream.base_type & 0x1F;
        let ty = if ty <= 0x10 { ty } else { 0x0D };
        let existing = self.out.developer_fields.iter().position(|s| {
            s.developer_data_index == stream.developer_data_index
                && s.field_number == stream.field_number
                && s.name == stream.name
                && s.units == stream.units
        });
        let idx = existing.unwrap_or_else(|| {
            self.out.developer_fields.push(stream.clone());
            self.out.developer_fields.len() - 1
        }) as u32;
        let desc = DevDesc {
            index: stream.developer_data_index,
            num: stream.field_number,
            stream: idx,
            ty,
            scale: f64::from(scale.filter(|&s| s != 0).unwrap_or(1)),
            offset: f64::from(offset.unwrap_or(0)),
        };
        self.dev
            .retain(|d| !(d.index == desc.index && d.num == desc.num));
        self.dev.push(desc);
    }
}
