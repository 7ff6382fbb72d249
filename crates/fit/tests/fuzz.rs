//! The decoder must never panic: random bytes, random FIT-looking streams and
//! random mutations of corpus files.

mod common;

use paceline_fit::crc::crc16;
use paceline_fit::decode;
use proptest::prelude::*;
use std::sync::OnceLock;

/// Small and mid-sized corpus files (fast to mutate many times).
fn corpus() -> &'static [Vec<u8>] {
    static FILES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut v: Vec<Vec<u8>> = common::fit_files("fit")
            .into_iter()
            .chain(common::fit_files("broken"))
            .filter_map(|p| std::fs::read(p).ok())
            .filter(|b| b.len() < 120_000)
            .collect();
        v.sort_by_key(Vec::len);
        v
    })
}

fn fit_header(data_len: u32) -> Vec<u8> {
    let mut h = vec![14, 0x20, 0x54, 0x08];
    h.extend_from_slice(&data_len.to_le_bytes());
    h.extend_from_slice(b".FIT");
    let c = crc16(&h);
    h.extend_from_slice(&c.to_le_bytes());
    h
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = decode(&bytes);
    }

    /// A valid header in front of random data reaches the message parser.
    #[test]
    fn random_messages_never_panic(
        body in proptest::collection::vec(any::<u8>(), 0..4096),
        lie in any::<bool>(),
        chain in any::<bool>(),
    ) {
        let declared = if lie { (body.len() as u32).wrapping_mul(3) } else { body.len() as u32 };
        let mut bytes = fit_header(declared);
        bytes.extend_from_slice(&body);
        bytes.extend_from_slice(&crc16(&bytes).to_le_bytes());
        if chain {
            let again = bytes.clone();
            bytes.extend_from_slice(&again[..again.len() / 2]);
        }
        let _ = decode(&bytes);
    }

    /// Definitions with random field lists followed by random data messages.
    #[test]
    fn random_definitions_never_panic(
        defs in proptest::collection::vec(
            (0u8..16, any::<bool>(), prop_oneof![Just(20u16), Just(18), Just(19), Just(206), Just(207), Just(78), any::<u16>()],
             proptest::collection::vec((any::<u8>(), any::<u8>(), any::<u8>()), 0..12),
             proptest::collection::vec((any::<u8>(), any::<u8>(), 0u8..3), 0..3),
             proptest::collection::vec(any::<u8>(), 0..300)),
            1..6),
    ) {
        let mut body = Vec::new();
        for (local, big, global, fields, devs, data) in defs {
            body.push(0x40 | local | if devs.is_empty() { 0 } else { 0x20 });
            body.push(0);
            body.push(u8::from(big));
            let g = if big { global.to_be_bytes() } else { global.to_le_bytes() };
            body.extend_from_slice(&g);
            body.push(fields.len() as u8);
            for (n, s, b) in &fields { body.extend_from_slice(&[*n, *s, *b]); }
            if !devs.is_empty() {
                body.push(devs.len() as u8);
                for (n, s, i) in &devs { body.extend_from_slice(&[*n, *s, *i]); }
            }
            // Data messages for this local type, normal and compressed headers.
            body.push(local);
            body.extend_from_slice(&data);
            body.push(0x80 | ((local & 3) << 5) | 7);
            body.extend_from_slice(&data);
        }
        let mut bytes = fit_header(body.len() as u32);
        bytes.extend_from_slice(&body);
        bytes.extend_from_slice(&crc16(&bytes).to_le_bytes());
        let _ = decode(&bytes);
    }

    #[test]
    fn corpus_mutations_never_panic(
        pick in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..4), 1..16),
        cut in any::<prop::sample::Index>(),
        do_cut in any::<bool>(),
    ) {
        let files = corpus();
        if files.is_empty() {
            return Ok(());
        }
        let mut bytes = files[pick.index(files.len())].clone();
        for (at, val, op) in edits {
            if bytes.is_empty() { break; }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = val,
                1 => bytes[i] ^= 1 << (val % 8),
                2 => bytes.insert(i, val),
                _ => { bytes.remove(i); }
            }
        }
        if do_cut && !bytes.is_empty() {
            bytes.truncate(cut.index(bytes.len()));
        }
        let _ = decode(&bytes);
    }
}

#[test]
fn every_prefix_of_a_small_file_is_safe() {
    let Some(small) = corpus().iter().find(|b| b.len() > 2000) else {
        return;
    };
    for n in 0..small.len() {
        let _ = decode(&small[..n]);
    }
}
