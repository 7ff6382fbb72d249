//! Columnar stream blobs: one row per stream, little-endian samples, deflated.
//! A 6-hour ride is ~20 k samples per stream; one row each keeps reads to a
//! handful of blobs instead of 20 k rows.

use std::io::{Read, Write};

use flate2::{read::DeflateDecoder, write::DeflateEncoder, Compression};
use paceline_model::{Column, StreamId, Streams};

use crate::{Error, Result};

const ENC_F32_DEFLATE: i64 = 1;
const ENC_F64_DEFLATE: i64 = 2;

pub(crate) fn deflate(bytes: &[u8]) -> Vec<u8> {
    // Level 1: most of the size win at a fraction of the time (imports are bulk work).
    // flate2 runs on zlib-rs here: miniz_oxide took 38 % of a 3,000-file import's CPU,
    // zlib-rs halves that (300 files: 4.2 s → 2.4 s), same deflate format.
    let mut enc = DeflateEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::fast());
    enc.write_all(bytes).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail")
}

pub(crate) fn inflate(bytes: &[u8], expected_len: usize) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(expected_len);
    DeflateDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| Error::Damaged(format!("a compressed blob is unreadable: {e}")))?;
    Ok(out)
}

/// One f32 column as a deflated little-endian blob.
pub(crate) fn encode_f32(v: &[f32]) -> (i64, Vec<u8>) {
    let raw: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
    (ENC_F32_DEFLATE, deflate(&raw))
}

pub(crate) fn decode_f32(enc: i64, blob: &[u8]) -> Result<Vec<f32>> {
    if enc != ENC_F32_DEFLATE {
        return Err(Error::Damaged(format!("unknown column encoding {enc}")));
    }
    let raw = inflate(blob, blob.len() * 4)?;
    Ok(raw
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes")))
        .collect())
}

/// One f64 column as a deflated little-endian blob (route positions).
pub(crate) fn encode_f64(v: &[f64]) -> (i64, Vec<u8>) {
    let raw: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
    (ENC_F64_DEFLATE, deflate(&raw))
}

pub(crate) fn decode_f64(enc: i64, blob: &[u8]) -> Result<Vec<f64>> {
    if enc != ENC_F64_DEFLATE {
        return Err(Error::Damaged(format!("unknown column encoding {enc}")));
    }
    let raw = inflate(blob, blob.len() * 4)?;
    Ok(raw
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")))
        .collect())
}

/// Encodes the present streams as `(kind, encoding, blob)` rows.
pub(crate) fn encode(s: &Streams) -> Vec<(&'static str, i64, Vec<u8>)> {
    let mut rows = Vec::new();
    for id in StreamId::ALL {
        let (enc, raw): (i64, Vec<u8>) = match s.column(id) {
            Column::F64(v) if !v.is_empty() => (
                ENC_F64_DEFLATE,
                v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            ),
            Column::F32(v) if !v.is_empty() => (
                ENC_F32_DEFLATE,
                v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            ),
            _ => continue,
        };
        rows.push((id.key(), enc, deflate(&raw)));
    }
    rows
}

/// Puts one stored row back into `s`. Unknown kinds (from a newer build) are skipped.
pub(crate) fn decode_into(s: &mut Streams, kind: &str, enc: i64, blob: &[u8]) -> Result<()> {
    let Some(id) = StreamId::from_key(kind) else {
        return Ok(());
    };
    let raw = inflate(blob, blob.len() * 4)?;
    match enc {
        ENC_F64_DEFLATE => s.set_f64(
            id,
            raw.chunks_exact(8)
                .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")))
                .collect(),
        ),
        ENC_F32_DEFLATE => s.set_f32(
            id,
            raw.chunks_exact(4)
                .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes")))
                .collect(),
        ),
        other => {
            return Err(Error::Damaged(format!(
                "stream {kind} has unknown encoding {other}"
            )))
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_nan_and_precision() {
        let s = Streams {
            time_s: vec![0.0, 1.0, 2.5],
            lat_deg: vec![47.123456789, f64::NAN, 47.2],
            heart_rate: vec![120.0, f32::NAN, 130.0],
            ..Default::default()
        };
        let mut back = Streams::default();
        for (kind, enc, blob) in encode(&s) {
            decode_into(&mut back, kind, enc, &blob).unwrap();
        }
        assert_eq!(back.time_s, s.time_s);
        assert_eq!(back.lat_deg[0], 47.123456789);
        assert!(back.lat_deg[1].is_nan() && back.heart_rate[1].is_nan());
        assert_eq!(back.heart_rate[2], 130.0);
        assert!(back.power_w.is_empty());
    }
}
