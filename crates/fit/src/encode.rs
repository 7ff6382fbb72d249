//! Low-level FIT encoder: messages are built field by field; definitions are
//! emitted only when a local message slot's layout changes.

use crate::crc::crc16;
use crate::profile::base;

/// FIT protocol 2.0 (needed for developer data; harmless otherwise).
const PROTOCOL_VERSION: u8 = 0x20;
/// Profile 21.32; readers only use it for diagnostics.
const PROFILE_VERSION: u16 = 2132;

/// (field number, size, base type) of each field in a definition.
type FieldDefs = Vec<(u8, u8, u8)>;

/// One data message under construction: present fields only.
#[derive(Debug, Clone)]
pub struct Msg {
    global: u16,
    defs: FieldDefs,
    data: Vec<u8>,
}

impl Msg {
    pub fn new(global: u16) -> Self {
        Msg {
            global,
            defs: Vec::with_capacity(16),
            data: Vec::with_capacity(64),
        }
    }

    fn raw(&mut self, num: u8, base: u8, bytes: &[u8]) -> &mut Self {
        self.defs.push((num, bytes.len() as u8, base));
        self.data.extend_from_slice(bytes);
        self
    }

    pub fn u8(&mut self, num: u8, v: Option<u8>) -> &mut Self {
        match v {
            Some(v) if v != u8::MAX => self.raw(num, base::UINT8, &[v]),
            _ => self,
        }
    }
    pub fn enum_(&mut self, num: u8, v: Option<u8>) -> &mut Self {
        match v {
            Some(v) if v != u8::MAX => self.raw(num, base::ENUM, &[v]),
            _ => self,
        }
    }
    pub fn i8(&mut self, num: u8, v: Option<i8>) -> &mut Self {
        match v {
            Some(v) if v != i8::MAX => self.raw(num, base::SINT8, &v.to_le_bytes()),
            _ => self,
        }
    }
    pub fn u16(&mut self, num: u8, v: Option<u16>) -> &mut Self {
        match v {
            Some(v) if v != u16::MAX => self.raw(num, base::UINT16, &v.to_le_bytes()),
            _ => self,
        }
    }
    pub fn u32(&mut self, num: u8, v: Option<u32>) -> &mut Self {
        match v {
            Some(v) if v != u32::MAX => self.raw(num, base::UINT32, &v.to_le_bytes()),
            _ => self,
        }
    }
    pub fn u32z(&mut self, num: u8, v: Option<u32>) -> &mut Self {
        match v {
            Some(v) if v != 0 => self.raw(num, base::UINT32Z, &v.to_le_bytes()),
            _ => self,
        }
    }
    pub fn i32(&mut self, num: u8, v: Option<i32>) -> &mut Self {
        match v {
            Some(v) if v != i32::MAX => self.raw(num, base::SINT32, &v.to_le_bytes()),
            _ => self,
        }
    }
    /// Null-terminated UTF-8, cut at a char boundary to fit the 255-byte field limit.
    pub fn string(&mut self, num: u8, v: Option<&str>) -> &mut Self {
        let Some(s) = v.filter(|s| !s.is_empty()) else {
            return self;
        };
        let mut end = s.len().min(254);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        let mut bytes = s.as_bytes()[..end].to_vec();
        bytes.retain(|&b| b != 0);
        bytes.push(0);
        self.raw(num, base::STRING, &bytes)
    }

    /// Scaled unsigned value: `round((v + offset) * scale)`, dropped when out of range.
    pub fn u16_scaled(&mut self, num: u8, v: Option<f64>, scale: f64, offset: f64) -> &mut Self {
        let raw = v.and_then(|v| scaled(v, scale, offset, f64::from(u16::MAX - 1)));
        self.u16(num, raw.map(|r| r as u16))
    }
    pub fn u32_scaled(&mut self, num: u8, v: Option<f64>, scale: f64, offset: f64) -> &mut Self {
        let raw = v.and_then(|v| scaled(v, scale, offset, f64::from(u32::MAX - 1)));
        self.u32(num, raw.map(|r| r as u32))
    }

    fn signature_matches(&self, global: u16, defs: &[(u8, u8, u8)]) -> bool {
        self.global == global && self.defs == defs
    }
}

fn scaled(v: f64, scale: f64, offset: f64, max: f64) -> Option<f64> {
    let r = ((v + offset) * scale).round();
    (r.is_finite() && (0.0..=max).contains(&r)).then_some(r)
}

/// Accumulates messages and produces a complete FIT file.
#[derive(Debug, Default)]
pub struct Encoder {
    body: Vec<u8>,
    /// Current definition of each of the 16 local message types.
    slots: [Option<(u16, FieldDefs)>; 16],
    next_slot: usize,
}

impl Encoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a data message, preceded by a definition when needed.
    pub fn write(&mut self, msg: &Msg) {
        let local = match self.slots.iter().position(|s| {
            s.as_ref()
                .is_some_and(|(g, d)| msg.signature_matches(*g, d))
        }) {
            Some(i) => i,
            None => {
                // Reuse the slot of the same global message so hot messages (records)
                // do not evict everything else; otherwise round-robin.
                let i = self
                    .slots
                    .iter()
                    .position(|s| s.as_ref().is_some_and(|(g, _)| *g == msg.global))
                    .unwrap_or_else(|| {
                        let i = self.next_slot;
                        self.next_slot = (self.next_slot + 1) % 16;
                        i
                    });
                self.define(i as u8, msg);
                self.slots[i] = Some((msg.global, msg.defs.clone()));
                i
            }
        };
        self.body.push(local as u8);
        self.body.extend_from_slice(&msg.data);
    }

    fn define(&mut self, local: u8, msg: &Msg) {
        self.body.push(0x40 | local);
        self.body.push(0); // reserved
        self.body.push(0); // little endian
        self.body.extend_from_slice(&msg.global.to_le_bytes());
        self.body.push(msg.defs.len() as u8);
        for &(num, size, base) in &msg.defs {
            self.body.extend_from_slice(&[num, size, base]);
        }
    }

    /// 14-byte header with CRC, body, trailing file CRC.
    pub fn finish(self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.body.len() + 16);
        out.push(14);
        out.push(PROTOCOL_VERSION);
        out.extend_from_slice(&PROFILE_VERSION.to_le_bytes());
        out.extend_from_slice(&(self.body.len() as u32).to_le_bytes());
        out.extend_from_slice(b".FIT");
        let hcrc = crc16(&out);
        out.extend_from_slice(&hcrc.to_le_bytes());
        out.extend_from_slice(&self.body);
        let crc = crc16(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }
}
