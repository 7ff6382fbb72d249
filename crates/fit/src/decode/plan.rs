//! Compiled definition messages and raw field reads.

use crate::profile::mesg;

/// Message kinds the decoder extracts; everything else is skipped by size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    FileId,
    Sport,
    Session,
    Lap,
    Record,
    Event,
    DeviceInfo,
    Activity,
    Hrv,
    Length,
    FieldDescription,
    DeveloperDataId,
    Set,
    Workout,
    WorkoutStep,
    Other,
}

impl Kind {
    pub(crate) fn of(global: u16) -> Kind {
        match global {
            mesg::FILE_ID => Kind::FileId,
            mesg::SPORT => Kind::Sport,
            mesg::SESSION => Kind::Session,
            mesg::LAP => Kind::Lap,
            mesg::RECORD => Kind::Record,
            mesg::EVENT => Kind::Event,
            mesg::DEVICE_INFO => Kind::DeviceInfo,
            mesg::ACTIVITY => Kind::Activity,
            mesg::HRV => Kind::Hrv,
            mesg::LENGTH => Kind::Length,
            mesg::FIELD_DESCRIPTION => Kind::FieldDescription,
            mesg::DEVELOPER_DATA_ID => Kind::DeveloperDataId,
            mesg::SET => Kind::Set,
            mesg::WORKOUT => Kind::Workout,
            mesg::WORKOUT_STEP => Kind::WorkoutStep,
            _ => Kind::Other,
        }
    }
}

/// One field to extract: where it is in the data message and how to read it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Op {
    pub offset: u16,
    pub size: u8,
    /// Base type id (low 5 bits of the base type byte).
    pub ty: u8,
    pub num: u8,
}

/// One developer field to extract into a stream.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DevOp {
    pub offset: u16,
    pub size: u8,
    pub ty: u8,
    pub stream: u32,
    pub scale: f64,
    pub value_offset: f64,
}

/// A definition message compiled for fast data-message decoding.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub kind: Kind,
    pub global: u16,
    pub big_endian: bool,
    /// Total data bytes of a message with this definition.
    pub size: usize,
    pub ops: Vec<Op>,
    pub dev_ops: Vec<DevOp>,
}

/// Natural size of a base type id.
#[inline]
pub(crate) fn type_size(ty: u8) -> usize {
    match ty {
        0x00..=0x02 | 0x07 | 0x0A | 0x0D => 1,
        0x03 | 0x04 | 0x0B => 2,
        0x05 | 0x06 | 0x08 | 0x0C => 4,
        0x09 | 0x0E..=0x10 => 8,
        _ => 1,
    }
}

/// Whether the decoder needs field `num` of message `kind` (keeps plans short).
pub(crate) fn wanted(kind: Kind, num: u8) -> bool {
    if num == 253 {
        return true; // every timestamp feeds compressed-timestamp headers
    }
    match kind {
        Kind::Other => false,
        Kind::Record => matches!(num, 0..=8 | 13 | 30 | 39 | 41 | 73 | 78 | 85 | 139),
        _ => true,
    }
}

#[inline]
fn arr<const N: usize>(b: &[u8], big: bool) -> Option<[u8; N]> {
    let mut a: [u8; N] = b.get(..N)?.try_into().ok()?;
    if big {
        a.reverse();
    }
    Some(a)
}

/// Reads the first element of an integer field; `None` for the FIT invalid value,
/// for undersized fields and for non-integer types.
#[inline]
pub(crate) fn read_int(data: &[u8], op: &Op, big: bool) -> Option<i64> {
    let b = data.get(op.offset as usize..op.offset as usize + op.size as usize)?;
    let v = match op.ty {
        0x00 | 0x02 | 0x0D => {
            let v = *b.first()?;
            (v != 0xFF).then_some(i64::from(v))?
        }
        0x01 => {
            let v = *b.first()? as i8;
            (v != 0x7F).then_some(i64::from(v))?
        }
        0x0A => {
            let v = *b.first()?;
            (v != 0).then_some(i64::from(v))?
        }
        0x03 => {
            let v = i16::from_le_bytes(arr(b, big)?);
            (v != 0x7FFF).then_some(i64::from(v))?
        }
        0x04 => {
            let v = u16::from_le_bytes(arr(b, big)?);
            (v != 0xFFFF).then_some(i64::from(v))?
        }
        0x0B => {
            let v = u16::from_le_bytes(arr(b, big)?);
            (v != 0).then_some(i64::from(v))?
        }
        0x05 => {
            let v = i32::from_le_bytes(arr(b, big)?);
            (v != 0x7FFF_FFFF).then_some(i64::from(v))?
        }
        0x06 => {
            let v = u32::from_le_bytes(arr(b, big)?);
            (v != 0xFFFF_FFFF).then_some(i64::from(v))?
        }
        0x0C => {
            let v = u32::from_le_bytes(arr(b, big)?);
            (v != 0).then_some(i64::from(v))?
        }
        0x0E => {
            let v = i64::from_le_bytes(arr(b, big)?);
            (v != i64::MAX).then_some(v)?
        }
        0x0F => {
            let v = u64::from_le_bytes(arr(b, big)?);
            (v != u64::MAX).then_some(v as i64)?
        }
        0x10 => {
            let v = u64::from_le_bytes(arr(b, big)?);
            (v != 0).then_some(v as i64)?
        }
        0x08 | 0x09 => {
            let f = read_f64(data, op.offset, op.size, op.ty, big)?;
            f as i64
        }
        _ => return None,
    };
    Some(v)
}

/// Reads the first element of a numeric field as f64 (developer fields may be floats).
#[inline]
pub(crate) fn read_f64(data: &[u8], offset: u16, size: u8, ty: u8, big: bool) -> Option<f64> {
    match ty {
        0x08 => {
            let b = data.get(offset as usize..offset as usize + size as usize)?;
            let bits = u32::from_le_bytes(arr(b, big)?);
            let f = f32::from_bits(bits);
            (bits != u32::MAX && f.is_finite()).then_some(f64::from(f))
        }
        0x09 => {
            let b = data.get(offset as usize..offset as usize + size as usize)?;
            let bits = u64::from_le_bytes(arr(b, big)?);
            let f = f64::from_bits(bits);
            (bits != u64::MAX && f.is_finite()).then_some(f)
        }
        0x07 => None,
        _ => read_int(
            data,
            &Op {
                offset,
                size,
                ty,
                num: 0,
            },
            big,
        )
        .map(|v| v as f64),
    }
}

/// Reads every element of an unsigned 16-bit array field (HRV), skipping invalid ones.
pub(crate) fn read_u16_array(data: &[u8], op: &Op, big: bool, out: &mut Vec<u16>) {
    let Some(b) = data.get(op.offset as usize..op.offset as usize + op.size as usize) else {
        return;
    };
    for c in b.chunks_exact(2) {
        let v = if big {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            u16::from_le_bytes([c[0], c[1]])
        };
        if v != 0xFFFF {
            out.push(v);
        }
    }
}

/// Reads a NUL-terminated string field, lossy for non-UTF-8 bytes.
pub(crate) fn read_string(data: &[u8], op: &Op) -> Option<String> {
    let b = data.get(op.offset as usize..op.offset as usize + op.size as usize)?;
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    let s = String::from_utf8_lossy(&b[..end]);
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// Raw bytes of a field (byte arrays such as application_id).
pub(crate) fn read_bytes<'a>(data: &'a [u8], op: &Op) -> Option<&'a [u8]> {
    data.get(op.offset as usize..op.offset as usize + op.size as usize)
}
