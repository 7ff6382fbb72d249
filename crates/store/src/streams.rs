//! Columnar stream blobs: one row per stream, its `encoding` saying how. A 6-hour
//! ride is ~20 k samples per stream; one row each keeps reads to a handful of blobs
//! instead of 20 k rows.
//!
//! Encodings: 1/2 = little-endian f32/f64 deflated (what vaults before codec 3 hold,
//! read until `recode` has converted them; routes still write them), 3 = [`codec`]
//! (quantized, delta varints, zstd), written for every activity stream.
//!
//! Original files: since codec 3 a packed FIT file ([`crate::fitpack`], magic
//! `PLF\x01`) or a zstd frame, before it raw deflate. A deflate stream can start with
//! neither magic (its first block would be a stored block whose length check fails),
//! so the first four bytes tell the three apart.

use std::io::{Read, Write};

use flate2::{read::DeflateDecoder, write::DeflateEncoder, Compression};
use paceline_model::{Column, StreamId, Streams};

use crate::codec::{self, ENC_CODEC};
use crate::{Error, Result};

pub(crate) const ENC_F32_DEFLATE: i64 = 1;
pub(crate) const ENC_F64_DEFLATE: i64 = 2;
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];
/// zstd level for originals that are not packed FIT (GPX, TCX): on the corpus, level 3
/// is 3 % smaller than 1 at 1.7× its time; 6 and up cost 3–20× for 1–4 % more.
pub(crate) const ORIGINAL_LEVEL: i32 = 3;

/// An original file as stored: a FIT file packed by [`crate::fitpack`], anything else
/// (and a FIT file it cannot pack) a plain zstd frame.
pub(crate) fn pack_original(bytes: &[u8]) -> Vec<u8> {
    crate::fitpack::pack(bytes).unwrap_or_else(|| {
        crate::codec::zstd_compress(bytes, ORIGINAL_LEVEL).expect("zstd into memory")
    })
}

/// An original file back from either stored form; `len` is its recorded size.
pub(crate) fn unpack_original(blob: &[u8], len: usize) -> Result<Vec<u8>> {
    if blob.starts_with(&crate::fitpack::MAGIC) {
        crate::fitpack::unpack_len(blob, len)
    } else if is_zstd(blob) {
        crate::codec::zstd_decompress(blob, len)
            .map_err(|e| Error::Damaged(format!("a compressed blob is unreadable: {e}")))
    } else {
        inflate(blob, len)
    }
}

pub(crate) fn is_zstd(blob: &[u8]) -> bool {
    blob.starts_with(&ZSTD_MAGIC)
}

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
    if enc == ENC_CODEC {
        return codec::decode_f32(blob);
    }
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
    if enc == ENC_CODEC {
        return codec::decode_f64(blob);
    }
    if enc != ENC_F64_DEFLATE {
        return Err(Error::Damaged(format!("unknown column encoding {enc}")));
    }
    let raw = inflate(blob, blob.len() * 4)?;
    Ok(raw
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")))
        .collect())
}

/// One extra stream (lossless, see [`codec::EXTRA`]).
pub(crate) fn encode_extra(v: &[f32]) -> (i64, Vec<u8>) {
    (ENC_CODEC, codec::encode_f32(v, codec::EXTRA))
}

/// Encodes one core stream with codec 3; `None` when it is absent.
pub(crate) fn encode_one(s: &Streams, id: StreamId) -> Option<Vec<u8>> {
    match s.column(id) {
        Column::F64(v) if !v.is_empty() => Some(codec::encode_f64(v, codec::spec(id))),
        Column::F32(v) if !v.is_empty() => Some(codec::encode_f32(v, codec::spec(id))),
        _ => None,
    }
}

/// Encodes the present streams as `(kind, encoding, blob)` rows.
pub(crate) fn encode(s: &Streams) -> Vec<(&'static str, i64, Vec<u8>)> {
    StreamId::ALL
        .into_iter()
        .filter_map(|id| Some((id.key(), ENC_CODEC, encode_one(s, id)?)))
        .collect()
}

/// Puts one stored row back into `s`. Unknown kinds (from a newer build) are skipped.
pub(crate) fn decode_into(s: &mut Streams, kind: &str, enc: i64, blob: &[u8]) -> Result<()> {
    let Some(id) = StreamId::from_key(kind) else {
        return Ok(());
    };
    match enc {
        ENC_CODEC => match s.column(id) {
            Column::F64(_) => s.set_f64(id, codec::decode_f64(blob)?),
            Column::F32(_) => s.set_f32(id, codec::decode_f32(blob)?),
        },
        ENC_F64_DEFLATE => s.set_f64(id, decode_f64(enc, blob)?),
        ENC_F32_DEFLATE => s.set_f32(id, decode_f32(enc, blob)?),
        other => {
            return Err(Error::Damaged(format!(
                "stream {kind} has unknown encoding {other}"
            )))
        }
    }
    Ok(())
}

/// The legacy rows of `s` (codec 1/2), as vaults before codec 3 stored them: lets
/// tests build an old vault to migrate.
#[cfg(test)]
pub(crate) fn encode_legacy(s: &Streams) -> Vec<(&'static str, i64, Vec<u8>)> {
    StreamId::ALL
        .into_iter()
        .filter_map(|id| match s.column(id) {
            Column::F64(v) if !v.is_empty() => {
                let (e, b) = encode_f64(v);
                Some((id.key(), e, b))
            }
            Column::F32(v) if !v.is_empty() => {
                let (e, b) = encode_f32(v);
                Some((id.key(), e, b))
            }
            _ => None,
        })
        .collect()
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
        for rows in [encode(&s), encode_legacy(&s)] {
            let mut back = Streams::default();
            for (kind, enc, blob) in rows {
                decode_into(&mut back, kind, enc, &blob).unwrap();
            }
            assert_eq!(back.time_s, s.time_s);
            assert_eq!(back.lat_deg[0], 47.123456789);
            assert!(back.lat_deg[1].is_nan() && back.heart_rate[1].is_nan());
            assert_eq!(back.heart_rate[2], 130.0);
            assert!(back.power_w.is_empty());
        }
    }

    #[test]
    fn originals_read_back_from_both_forms() {
        let file = b"a FIT file, a FIT file, a FIT file".repeat(20);
        for blob in [pack_original(&file), deflate(&file)] {
            assert_eq!(unpack_original(&blob, file.len()).unwrap(), file);
        }
        assert!(is_zstd(&pack_original(b"")) && !is_zstd(&deflate(b"x")));
        let fit = paceline_demo::generate(&paceline_demo::ALEX, 20_415 * 86_400, 1, 3)
            .remove(0)
            .bytes;
        let packed = pack_original(&fit);
        assert!(packed.starts_with(&crate::fitpack::MAGIC));
        assert_eq!(unpack_original(&packed, fit.len()).unwrap(), fit);
    }
}
