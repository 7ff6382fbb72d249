//! Salvage behaviour on damaged writer output (no corpus needed).

use paceline_fit::*;

fn ride(n: u32) -> Vec<u8> {
    let mut b = ActivityBuilder::new(&DeviceIdent {
        time_created: 1_000_000_000,
        ..Default::default()
    });
    for i in 0..n {
        b.record(&RecordSample {
            timestamp: 1_000_000_000 + i,
            heart_rate: Some(120),
            power_w: Some(200),
            ..Default::default()
        });
    }
    b.finish()
}

#[test]
fn truncation_reports_share_and_salvaged_records() {
    let bytes = ride(1000);
    let cut = &bytes[..bytes.len() / 2];
    let f = decode(cut).unwrap();
    let w = f
        .warnings
        .iter()
        .find(|w| matches!(w, Warning::Truncated { .. }))
        .expect("truncated");
    let Warning::Truncated {
        of_bytes,
        records_salvaged,
        ..
    } = *w
    else {
        unreachable!()
    };
    assert_eq!(of_bytes, bytes.len());
    assert_eq!(records_salvaged, f.records.len());
    assert!(
        (490..=500).contains(&records_salvaged),
        "{records_salvaged}"
    );
    let text = w.to_string();
    assert!(text.starts_with("truncated after 50 %"), "{text}");
    assert!(text.contains("records salvaged of about 9"), "{text}");
}

#[test]
fn garbage_between_records_is_skipped() {
    let bytes = ride(300);
    // Splice junk in the middle of the record stream at a message boundary.
    let body = &bytes[14..bytes.len() - 2];
    let record_len = 1 + 4 + 1 + 2; // header + timestamp + heart_rate + power
    let at = body.len() - 100 * record_len;
    let mut data = body[..at].to_vec();
    data.extend_from_slice(&[0x5F; 40]);
    data.extend_from_slice(&body[at..]);
    let mut file = bytes[..14].to_vec();
    file[4..8].copy_from_slice(&(data.len() as u32).to_le_bytes());
    let hcrc = crc::crc16(&file[..12]);
    file[12..14].copy_from_slice(&hcrc.to_le_bytes());
    file.extend_from_slice(&data);
    let c = crc::crc16(&file);
    file.extend_from_slice(&c.to_le_bytes());

    let f = decode(&file).unwrap();
    assert!(
        f.warnings
            .iter()
            .any(|w| matches!(w, Warning::SkippedCorruptBytes { .. })),
        "{:?}",
        f.warnings
    );
    assert_eq!(f.records.len(), 300);
    assert_eq!(f.records.timestamp.last(), Some(&1_000_000_299));
}

#[test]
fn chained_files_merge() {
    let mut bytes = ride(10);
    bytes.extend_from_slice(&ride(5));
    let f = decode(&bytes).unwrap();
    assert_eq!(f.chained_files, 2);
    assert_eq!(f.records.len(), 15);
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
}

#[test]
fn typed_errors() {
    assert_eq!(decode(&[]), Err(DecodeError::Empty));
    assert_eq!(decode(&ride(1)[..14]), Err(DecodeError::HeaderOnly));
    assert_eq!(
        decode(b"<?xml version=\"1.0\"?><gpx>"),
        Err(DecodeError::NotFit {
            looks_like: Some("GPX")
        })
    );
    assert_eq!(
        decode(b"PK\x03\x04rest"),
        Err(DecodeError::NotFit {
            looks_like: Some("ZIP")
        })
    );
    assert_eq!(
        decode(&[0x1F, 0x8B, 8, 0]),
        Err(DecodeError::NotFit {
            looks_like: Some("gzip")
        })
    );
    assert_eq!(
        decode(b"hello"),
        Err(DecodeError::NotFit { looks_like: None })
    );
}

#[test]
fn bad_crc_is_a_warning_with_full_data() {
    let mut bytes = ride(50);
    let n = bytes.len();
    bytes[n - 1] ^= 0xFF;
    let f = decode(&bytes).unwrap();
    assert_eq!(f.records.len(), 50);
    assert!(matches!(f.warnings[..], [Warning::CrcMismatch { .. }]));
    let f = decode_with(&bytes, DecodeOptions { verify_crc: false }).unwrap();
    assert!(f.warnings.is_empty());
}
