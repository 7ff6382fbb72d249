//! Stream codec 3: every sample stream as integers at a known step, delta + zigzag
//! varints, zstd. About a fifth of the bytes of little-endian floats deflated (the
//! corpus: 8.2 MB → 1.8 MB), which is what codec 1/2 ([`crate::streams`], still read)
//! stored.
//!
//! Each stream is quantized at the **coarsest step that reproduces every sample
//! exactly**, tried coarse to fine; only when none does is it rounded to its kind's
//! documented resolution. Integer sources (FIT heart rate, power, cadence, positions in
//! semicircles, whole seconds) therefore read back bit for bit, and so do decimals at
//! or above the resolution (GPX `<ele>123.4</ele>`, FIT altitude at 0.2 m).
//!
//! | stream | steps tried | documented resolution (worst case) |
//! |---|---|---|
//! | time | 1 s … 1 ms | 1 ms |
//! | lat, lon | FIT semicircle (180/2³¹ °), then 1° … 10⁻⁹° | semicircle, ≈ 8.4·10⁻⁸ ° (≈ 9 mm) |
//! | altitude | 1 m, 0.1 m | 0.1 m |
//! | distance | 1 m … 1 cm | 1 cm |
//! | speed | 1 m/s … 1 mm/s | 1 mm/s |
//! | heart rate, power, temperature | 1, 0.1 | 0.1 bpm, 0.1 W, 0.1 °C |
//! | cadence | 1 … 0.01 | 0.01 rpm |
//! | extra streams (dynamics, L/R balance, developer fields) | 1 … 10⁻⁴ | lossless: raw f32 when no step is exact |
//!
//! A stream is also stored raw (lossless f32/f64) when a value is infinite or too
//! large for its step (|v / step| ≥ 2⁵³). NaN (a missing sample) stays NaN; −0 reads
//! back as 0. Values are compared numerically, so any NaN payload becomes the
//! canonical NaN.
//!
//! Blob layout (`encoding` column = [`ENC_CODEC`]): `[version = 1][step code][order]
//! [sample count, varint]` then one zstd frame holding, per sample, `0` for NaN or
//! `zigzag(token) + 1` as a LEB128 varint. The token is `d = q − previous q` at order
//! one, `d − previous d` at order two (positions and distance, which change by nearly
//! the same amount each sample: 35–40 % smaller there, worse elsewhere). Previous
//! values start at 0 and skip NaN. Step codes: `0..=9` = 10⁻ⁿ, [`STEP_SEMICIRCLE`],
//! [`STEP_RAW_F32`], [`STEP_RAW_F64`] (then the frame holds little-endian samples).

use paceline_model::StreamId;
use std::cell::RefCell;

use crate::{Error, Result};

/// The `encoding` column value of a codec-3 blob (1 and 2 are the deflated floats).
pub(crate) const ENC_CODEC: i64 = 3;
const VERSION: u8 = 1;
const STEP_SEMICIRCLE: u8 = 0x40;
const STEP_RAW_F32: u8 = 0xfe;
const STEP_RAW_F64: u8 = 0xff;
/// zstd level for streams: the varints are already small, level 3 gains < 2 % over 1
/// at twice the time (measured on the corpus, see `tests/codec.rs`).
const LEVEL: i32 = 1;
/// No recording has this many samples (≈ 1 year at 1 Hz); a count above it is damage,
/// not a reason to allocate.
const MAX_SAMPLES: u64 = 1 << 25;
/// |q| below this converts to f64 and back without loss.
const MAX_Q: f64 = 9_007_199_254_740_992.0;

/// How a kind of stream may be quantized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Spec {
    /// Try FIT semicircles before the decimal steps (positions).
    semicircle: bool,
    /// Order of the differences stored (1 or 2).
    pub(crate) order: u8,
    /// Finest decimal step tried: 10^-finest.
    finest: u8,
    /// Step used when none is exact: `None` = keep the raw floats (lossless).
    documented: Option<u8>,
}

pub(crate) const EXTRA: Spec = Spec {
    semicircle: false,
    order: 1,
    finest: 4,
    documented: None,
};

pub(crate) fn spec(id: StreamId) -> Spec {
    let decimal = |finest| Spec {
        semicircle: false,
        order: 1,
        finest,
        documented: Some(finest),
    };
    match id {
        StreamId::Time => decimal(3),
        StreamId::Lat | StreamId::Lon => Spec {
            semicircle: true,
            order: 2,
            finest: 9,
            documented: Some(STEP_SEMICIRCLE),
        },
        StreamId::Altitude => decimal(1),
        StreamId::Distance => Spec {
            order: 2,
            ..decimal(2)
        },
        StreamId::Speed => decimal(3),
        StreamId::HeartRate | StreamId::Power | StreamId::Temperature => decimal(1),
        StreamId::Cadence => decimal(2),
    }
}

const POW10: [f64; 10] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
/// Semicircles per degree and back; both exact in f64 (2³¹/180 = 2²⁹/45 is not, but
/// the decoder multiplies by 180/2³¹ = 45·2⁻²⁹, which is, as the FIT decoder does).
const SC_PER_DEG: f64 = 2_147_483_648.0 / 180.0;
const DEG_PER_SC: f64 = 180.0 / 2_147_483_648.0;

fn to_q(v: f64, step: u8) -> f64 {
    match step {
        STEP_SEMICIRCLE => round(v * SC_PER_DEG),
        e => round(v * POW10[e as usize]),
    }
}

/// `f64::round` (half away from zero), inlined: the libm call was 3.6 % of an
/// import's CPU. Exact below 2⁵² (where `x − trunc(x)` is exact); beyond, and for
/// NaN, the library's.
#[inline]
fn round(x: f64) -> f64 {
    // NaN fails the comparison too.
    if x.is_nan() || x.abs() >= 4_503_599_627_370_496.0 {
        return x.round();
    }
    let t = x as i64 as f64;
    let frac = x - t;
    if frac >= 0.5 {
        t + 1.0
    } else if frac <= -0.5 {
        t - 1.0
    } else {
        t
    }
}

fn from_q(q: i64, step: u8) -> f64 {
    match step {
        STEP_SEMICIRCLE => q as f64 * DEG_PER_SC,
        e => q as f64 / POW10[e as usize],
    }
}

/// Steps to try for `spec`, coarse to fine.
fn candidates(spec: Spec) -> impl Iterator<Item = u8> {
    spec.semicircle
        .then_some(STEP_SEMICIRCLE)
        .into_iter()
        .chain(0..=spec.finest)
}

fn fits(mut v: impl Iterator<Item = f64>, step: u8) -> bool {
    v.all(|x| x.is_nan() || (x.is_finite() && to_q(x, step).abs() < MAX_Q))
}

fn header(step: u8, order: u8, n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(12);
    out.push(VERSION);
    out.push(step);
    out.push(order);
    put_varint(&mut out, n as u64);
    out
}

/// Varint tokens of `v` at `step` into `payload` (cleared first): differences of
/// order 1 (q − previous q) or 2 (that difference minus the previous one: smooth
/// streams such as distance and positions change by nearly the same amount each
/// sample). With `EXACT`, stops and says `false` at the first finite sample that
/// `step` does not reproduce (with `narrow` applied on the way back, f32 columns) or
/// that is out of the integer range: checking and encoding in one pass, instead of a
/// pass per check and another to encode.
fn quantize<const EXACT: bool>(
    v: impl Iterator<Item = f64>,
    step: u8,
    order: u8,
    narrow: impl Fn(f64) -> f64,
    payload: &mut Vec<u8>,
) -> bool {
    // The step's conversions chosen once, not per sample; each is `to_q`/`from_q`
    // exactly (× 1 and ÷ 1 change no value): step 0, the most common, then needs no
    // division, which was the hottest instruction of the encoder.
    match step {
        0 => quantize_with::<EXACT>(v, order, round, |q| q as f64, narrow, payload),
        STEP_SEMICIRCLE => quantize_with::<EXACT>(
            v,
            order,
            |x| round(x * SC_PER_DEG),
            |q| q as f64 * DEG_PER_SC,
            narrow,
            payload,
        ),
        e => {
            let p = POW10[usize::from(e)];
            quantize_with::<EXACT>(
                v,
                order,
                |x| round(x * p),
                |q| q as f64 / p,
                narrow,
                payload,
            )
        }
    }
}

fn quantize_with<const EXACT: bool>(
    v: impl Iterator<Item = f64>,
    order: u8,
    to_q: impl Fn(f64) -> f64,
    from_q: impl Fn(i64) -> f64,
    narrow: impl Fn(f64) -> f64,
    payload: &mut Vec<u8>,
) -> bool {
    payload.clear();
    let (mut prev, mut prev_d) = (0i64, 0i64);
    // The last sample converted: a repeated value (a stop, a flat road) has the same
    // q and passed the same check, so neither is done again.
    let (mut last_x, mut last_q) = (f64::NAN, 0i64);
    for x in v {
        if x.is_nan() {
            payload.push(0);
            continue;
        }
        let q = if x.to_bits() == last_x.to_bits() {
            last_q
        } else {
            let q = to_q(x);
            if EXACT && !(q.abs() < MAX_Q && narrow(from_q(q as i64)) == x) {
                return false;
            }
            (last_x, last_q) = (x, q as i64);
            last_q
        };
        let d = q.wrapping_sub(prev);
        prev = q;
        let token = if order == 2 {
            d.wrapping_sub(prev_d)
        } else {
            d
        };
        prev_d = d;
        put_varint(payload, zigzag(token) + 1);
    }
    true
}

/// Encodes `v` at the coarsest exact step of `spec`, else its documented one, else
/// `None` (then it is stored raw).
fn encode_steps<I>(
    v: impl Fn() -> I,
    n: usize,
    spec: Spec,
    narrow: impl Fn(f64) -> f64 + Copy,
) -> Option<Vec<u8>>
where
    I: Iterator<Item = f64>,
{
    let mut payload = Vec::with_capacity(n * 2);
    let step = match candidates(spec)
        .find(|&s| quantize::<true>(v(), s, spec.order, narrow, &mut payload))
    {
        Some(step) => step,
        None => {
            let step = spec.documented.filter(|&s| fits(v(), s))?;
            quantize::<false>(v(), step, spec.order, narrow, &mut payload);
            step
        }
    };
    Some(finish(header(step, spec.order, n), &payload))
}

fn finish(mut head: Vec<u8>, payload: &[u8]) -> Vec<u8> {
    // zstd into a Vec fails only when allocation does, which aborts anyway.
    head.extend(zstd_compress(payload, LEVEL).expect("zstd into memory"));
    head
}

/// A zstd setting: a level, and optionally the window, hash and chain table sizes
/// (log2) instead of the level's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Zstd {
    pub level: i32,
    pub tables: Option<(u32, u32, u32)>,
}

thread_local! {
    /// zstd contexts kept per thread and setting: a fresh one per stream (a dozen per
    /// activity, each allocating and clearing its tables) showed in the import's
    /// profile. Only a few settings are used.
    static COMPRESSORS: RefCell<Vec<(Zstd, zstd::bulk::Compressor<'static>)>> =
        const { RefCell::new(Vec::new()) };
    static DECOMPRESSOR: RefCell<Option<zstd::bulk::Decompressor<'static>>> =
        const { RefCell::new(None) };
}

/// One zstd frame of `bytes` at `level`, through this thread's context.
pub(crate) fn zstd_compress(bytes: &[u8], level: i32) -> std::io::Result<Vec<u8>> {
    zstd_compress_with(
        bytes,
        Zstd {
            level,
            tables: None,
        },
    )
}

/// One zstd frame of `bytes` with `setting`, through this thread's context for it.
/// Any zstd decoder reads the frame, whatever the setting.
pub(crate) fn zstd_compress_with(bytes: &[u8], setting: Zstd) -> std::io::Result<Vec<u8>> {
    use zstd::zstd_safe::CParameter;
    COMPRESSORS.with(|cell| {
        let mut all = cell.borrow_mut();
        if let Some((_, z)) = all.iter_mut().find(|(s, _)| *s == setting) {
            return z.compress(bytes);
        }
        let mut z = zstd::bulk::Compressor::new(setting.level)?;
        if let Some((window, hash, chain)) = setting.tables {
            z.set_parameter(CParameter::WindowLog(window))?;
            z.set_parameter(CParameter::HashLog(hash))?;
            z.set_parameter(CParameter::ChainLog(chain))?;
        }
        let out = z.compress(bytes);
        all.push((setting, z));
        out
    })
}

/// A zstd frame back, at most `capacity` bytes, through this thread's context.
pub(crate) fn zstd_decompress(frame: &[u8], capacity: usize) -> std::io::Result<Vec<u8>> {
    DECOMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        let mut z = match slot.take() {
            Some(z) => z,
            None => zstd::bulk::Decompressor::new()?,
        };
        let out = z.decompress(frame, capacity);
        *slot = Some(z);
        out
    })
}

/// Encodes an f64 column (time, positions).
pub(crate) fn encode_f64(v: &[f64], spec: Spec) -> Vec<u8> {
    encode_steps(|| v.iter().copied(), v.len(), spec, |x| x).unwrap_or_else(|| {
        let raw: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
        finish(header(STEP_RAW_F64, 0, v.len()), &raw)
    })
}

/// Encodes an f32 column (every other stream, extra streams).
pub(crate) fn encode_f32(v: &[f32], spec: Spec) -> Vec<u8> {
    let narrow = |x: f64| f64::from(x as f32);
    encode_steps(|| v.iter().map(|&x| f64::from(x)), v.len(), spec, narrow).unwrap_or_else(|| {
        let raw: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
        finish(header(STEP_RAW_F32, 0, v.len()), &raw)
    })
}

fn damaged(what: &str) -> Error {
    Error::Damaged(format!("a stream blob is unreadable: {what}"))
}

/// Splits a blob into its step, order, sample count and decompressed payload.
fn open(blob: &[u8]) -> Result<(u8, u8, usize, Vec<u8>)> {
    let (&version, rest) = blob.split_first().ok_or_else(|| damaged("empty"))?;
    if version != VERSION {
        return Err(damaged(&format!("codec version {version}")));
    }
    let (&step, rest) = rest.split_first().ok_or_else(|| damaged("no step"))?;
    let (&order, rest) = rest.split_first().ok_or_else(|| damaged("no order"))?;
    let mut pos = 0;
    let n = get_varint(rest, &mut pos).ok_or_else(|| damaged("no sample count"))?;
    if n > MAX_SAMPLES {
        return Err(damaged(&format!("{n} samples")));
    }
    let n = n as usize;
    let payload =
        zstd_decompress(&rest[pos..], n * 10).map_err(|e| damaged(&format!("zstd: {e}")))?;
    Ok((step, order, n, payload))
}

/// Decodes to f64 whatever the blob's step (raw f32 samples widen exactly).
fn decode_wide(blob: &[u8]) -> Result<Vec<f64>> {
    let (step, order, n, payload) = open(blob)?;
    let raw = |size: usize| -> Result<()> {
        (payload.len() == n * size)
            .then_some(())
            .ok_or_else(|| damaged("raw samples cut short"))
    };
    match step {
        STEP_RAW_F64 => {
            raw(8)?;
            let v = payload
                .chunks_exact(8)
                .map(|c| f64::from_le_bytes(c.try_into().unwrap_or_default()))
                .collect();
            Ok(v)
        }
        STEP_RAW_F32 => {
            raw(4)?;
            let v = payload
                .chunks_exact(4)
                .map(|c| f64::from(f32::from_le_bytes(c.try_into().unwrap_or_default())))
                .collect();
            Ok(v)
        }
        STEP_SEMICIRCLE | 0..=9 if order == 1 || order == 2 => {
            let mut out = Vec::with_capacity(n);
            let (mut pos, mut prev, mut prev_d) = (0usize, 0i64, 0i64);
            while out.len() < n {
                let t = get_varint(&payload, &mut pos).ok_or_else(|| damaged("cut short"))?;
                if t == 0 {
                    out.push(f64::NAN);
                    continue;
                }
                let token = unzigzag(t - 1);
                let d = if order == 2 {
                    prev_d.wrapping_add(token)
                } else {
                    token
                };
                prev_d = d;
                prev = prev.wrapping_add(d);
                out.push(from_q(prev, step));
            }
            if pos != payload.len() {
                return Err(damaged("trailing bytes"));
            }
            Ok(out)
        }
        other => Err(damaged(&format!("step code {other}, order {order}"))),
    }
}

pub(crate) fn decode_f64(blob: &[u8]) -> Result<Vec<f64>> {
    decode_wide(blob)
}

pub(crate) fn decode_f32(blob: &[u8]) -> Result<Vec<f32>> {
    Ok(decode_wide(blob)?.into_iter().map(|x| x as f32).collect())
}

fn zigzag(d: i64) -> u64 {
    ((d << 1) ^ (d >> 63)) as u64
}

fn unzigzag(u: u64) -> i64 {
    ((u >> 1) as i64) ^ -((u & 1) as i64)
}

/// LEB128, shared with the FIT packer.
pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(crate) fn get_varint(b: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *b.get(*pos)?;
        *pos += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(v);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_inlined_round_is_the_librarys() {
        let mut x = 0x1234_5678_9abc_def0u64;
        let mut values = vec![
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.5,
            0.49999999999999994,
            -0.49999999999999994,
            4_503_599_627_370_495.5,
            4_503_599_627_370_497.0,
            -0.0,
            f64::NAN,
            f64::INFINITY,
            1e300,
        ];
        for _ in 0..200_000 {
            // xorshift: values across scales, halves included
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let m = (x >> 11) as f64 / (1u64 << 53) as f64;
            let e = (x % 60) as i32 - 10;
            values.push((m - 0.5) * 2f64.powi(e));
            values.push(((x % 100_000) as f64 + 0.5) * if x & 1 == 0 { 1.0 } else { -1.0 });
        }
        for v in values {
            let (a, b) = (super::round(v), v.round());
            assert!(a == b || (a.is_nan() && b.is_nan()), "{v}: {a} ≠ {b}");
        }
    }

    use super::*;

    fn step_of(blob: &[u8]) -> u8 {
        blob[1]
    }

    #[test]
    fn integers_are_bit_exact_at_step_one() {
        let hr = [120.0f32, 121.0, f32::NAN, f32::NAN, 119.0, 0.0, 255.0];
        let blob = encode_f32(&hr, spec(StreamId::HeartRate));
        assert_eq!(step_of(&blob), 0);
        let back = decode_f32(&blob).unwrap();
        assert_eq!(back.len(), hr.len());
        for (a, b) in hr.iter().zip(&back) {
            assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()));
        }
    }

    #[test]
    fn decimals_pick_the_coarsest_exact_step() {
        // FIT altitude: raw / 5 − 500, a 0.2 m grid.
        let alt: Vec<f32> = (0..50).map(|i| (i as f32 * 0.2) + 123.4).collect();
        let blob = encode_f32(&alt, spec(StreamId::Altitude));
        let back = decode_f32(&blob).unwrap();
        assert!(alt.iter().zip(&back).all(|(a, b)| (a - b).abs() <= 0.05));
        let speed = [3.123f32, 3.5, 0.001];
        let blob = encode_f32(&speed, spec(StreamId::Speed));
        assert_eq!(step_of(&blob), 3);
        assert_eq!(decode_f32(&blob).unwrap(), speed);
    }

    #[test]
    fn finer_values_round_to_the_documented_resolution() {
        let alt = [100.04f32, 100.06, -12.345];
        let back = decode_f32(&encode_f32(&alt, spec(StreamId::Altitude))).unwrap();
        assert_eq!(back, [100.0, 100.1, -12.3]);
    }

    #[test]
    fn positions_are_exact_in_semicircles_and_decimals() {
        let sc = [566_000_000i32, -123_456_789, 1];
        let fit: Vec<f64> = sc.iter().map(|&s| f64::from(s) * DEG_PER_SC).collect();
        let blob = encode_f64(&fit, spec(StreamId::Lat));
        assert_eq!(step_of(&blob), STEP_SEMICIRCLE);
        assert_eq!(decode_f64(&blob).unwrap(), fit);
        let gpx = [47.1234567f64, 8.5, f64::NAN];
        let back = decode_f64(&encode_f64(&gpx, spec(StreamId::Lon))).unwrap();
        assert_eq!(back[..2], gpx[..2]);
        assert!(back[2].is_nan());
        // 12 decimals: rounded to a semicircle.
        let fine = [47.123456789012f64];
        let back = decode_f64(&encode_f64(&fine, spec(StreamId::Lat))).unwrap();
        assert!((back[0] - fine[0]).abs() <= DEG_PER_SC / 2.0);
        assert_ne!(back[0], fine[0]);
    }

    #[test]
    fn extras_never_lose_anything() {
        let v = [1.0f32 / 3.0, 2.5, f32::NAN];
        let blob = encode_f32(&v, EXTRA);
        assert_eq!(step_of(&blob), STEP_RAW_F32);
        let back = decode_f32(&blob).unwrap();
        assert_eq!(back[..2], v[..2]);
        assert!(back[2].is_nan());
    }

    #[test]
    fn infinities_and_huge_values_are_kept_raw() {
        let v = [1.0f64, f64::INFINITY, 1e300];
        let blob = encode_f64(&v, spec(StreamId::Time));
        assert_eq!(step_of(&blob), STEP_RAW_F64);
        assert_eq!(decode_f64(&blob).unwrap(), v);
    }

    #[test]
    fn empty_and_all_missing_streams_round_trip() {
        assert!(decode_f32(&encode_f32(&[], spec(StreamId::Power)))
            .unwrap()
            .is_empty());
        let back = decode_f32(&encode_f32(&[f32::NAN; 4], spec(StreamId::Power))).unwrap();
        assert_eq!(back.len(), 4);
        assert!(back.iter().all(|x| x.is_nan()));
    }

    #[test]
    fn damaged_blobs_are_errors_not_panics() {
        let good = encode_f32(&[1.0, 2.0, 3.0], spec(StreamId::Power));
        for cut in 0..good.len() {
            assert!(decode_f32(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut wrong = good.clone();
        wrong[0] = 9;
        assert!(decode_f32(&wrong).is_err());
        let mut huge = header(0, 1, usize::MAX >> 1);
        huge.extend([0u8; 8]);
        assert!(decode_f32(&huge).is_err());
    }

    #[test]
    fn zigzag_varints_round_trip_extremes() {
        for d in [0i64, 1, -1, 63, -64, i64::MAX, i64::MIN] {
            assert_eq!(unzigzag(zigzag(d)), d);
            let mut b = Vec::new();
            put_varint(&mut b, zigzag(d));
            assert_eq!(get_varint(&b, &mut 0), Some(zigzag(d)));
        }
    }
}
