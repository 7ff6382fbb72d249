//! Archives built in memory (never on disk) from FIT files our own writer makes:
//! ZIP and gzip wrapping, Garmin's nested bulk export, and the hostile cases.

use std::io::{Cursor, Write};

use paceline_import::{content_hash, decode, decode_many, ImportError, MAX_ARCHIVE_DEPTH};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::support::ride;

const T0: i64 = 1_700_000_000;

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn gzip_of(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn names(entries: &[(String, Result<paceline_import::Decoded, ImportError>)]) -> Vec<&str> {
    entries.iter().map(|(n, _)| n.as_str()).collect()
}

#[test]
fn a_plain_file_is_one_entry_of_itself() {
    let fit = ride(T0);
    let entries = decode_many("a.fit", &fit);
    assert_eq!(names(&entries), ["a.fit"]);
    let d = entries.into_iter().next().unwrap().1.unwrap();
    assert!(d.unpacked.is_none());
    assert_eq!(d.content_hash, content_hash(&fit));
    assert_eq!(d.activity.utc_offset_s, 3600);
    assert_eq!(d.activity.avg_power, Some(200.0));
}

#[test]
fn gzip_and_single_file_zip_decode_like_the_file() {
    let fit = ride(T0);
    let plain = decode("a.fit", &fit).unwrap();
    for (name, wrapped) in [
        ("a.fit.gz", gzip_of(&fit)),
        ("a.zip", zip_of(&[("a.fit", &fit)])),
    ] {
        let d = decode(name, &wrapped).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Same hash as the plain file: importing both is one activity.
        assert_eq!(d.content_hash, plain.content_hash, "{name}");
        assert_eq!(d.unpacked.as_deref(), Some(&fit[..]), "{name}");
        assert_eq!(d.activity, plain.activity, "{name}");
    }
}

#[test]
fn garmin_bulk_export_nested_zips_without_the_json() {
    let (a, b, c) = (ride(T0), ride(T0 + 86_400), ride(T0 + 2 * 86_400));
    let part1 = zip_of(&[("1001.fit", &a), ("1002.fit", &b)]);
    let part2 = zip_of(&[("1003.FIT", &c)]);
    let export = zip_of(&[
        (
            "DI_CONNECT/DI-Connect-Fitness/user_summarizedActivities.json",
            b"[{}]",
        ),
        (
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip",
            &part1,
        ),
        (
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part2.zip",
            &part2,
        ),
        ("DI_CONNECT/DI-Connect-User/user_profile.json", b"{}"),
    ]);
    let entries = decode_many("export.zip", &export);
    let p = "export.zip/DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part";
    assert_eq!(
        names(&entries),
        [
            format!("{p}1.zip/1001.fit"),
            format!("{p}1.zip/1002.fit"),
            format!("{p}2.zip/1003.FIT"),
        ]
    );
    let starts: Vec<i64> = entries
        .iter()
        .map(|(n, r)| {
            r.as_ref()
                .unwrap_or_else(|e| panic!("{n}: {e}"))
                .activity
                .start_utc
        })
        .collect();
    assert_eq!(starts, [T0, T0 + 86_400, T0 + 2 * 86_400]);
    // A single-file decode refuses a batch with a message that says what to do.
    assert_eq!(
        decode("export.zip", &export).unwrap_err(),
        ImportError::SeveralInArchive(3)
    );
}

#[test]
fn path_traversal_entries_fail_and_the_others_import() {
    let fit = ride(T0);
    let z = zip_of(&[
        ("../../evil.fit", &fit),
        ("good.fit", &fit),
        ("/etc/x.fit", &fit),
    ]);
    let entries = decode_many("in.zip", &z);
    assert_eq!(entries.len(), 3);
    assert_eq!(
        entries[0].1.as_ref().unwrap_err(),
        &ImportError::UnsafePath("../../evil.fit".into())
    );
    assert!(entries[0]
        .1
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("unsafe path"));
    assert!(entries[1].1.is_ok());
    assert!(matches!(entries[2].1, Err(ImportError::UnsafePath(_))));
}

#[test]
fn zip_bombs_are_refused() {
    // 20 MB of zeros deflate to ~20 KB: a 1000:1 entry above the 1 MB floor.
    let zeros = vec![0u8; 20 * 1024 * 1024];
    let z = zip_of(&[("big.fit", &zeros), ("good.fit", &ride(T0))]);
    assert!(z.len() < 200 * 1024);
    let entries = decode_many("bomb.zip", &z);
    assert_eq!(
        names(&entries),
        ["bomb.zip"],
        "the whole archive is refused"
    );
    let err = entries[0].1.as_ref().unwrap_err();
    assert!(matches!(err, ImportError::ZipBomb(_)), "{err}");
    assert!(err.to_string().contains("ZIP bomb"), "{err}");
    // gzip has no directory to check first: the limit holds while inflating.
    let gz = decode_many("big.fit.gz", &gzip_of(&zeros));
    assert!(
        matches!(gz[0].1, Err(ImportError::ZipBomb(_))),
        "{:?}",
        gz[0].1.as_ref().err()
    );
}

#[test]
fn small_entries_may_compress_well() {
    // A GPX of identical points compresses far beyond 100:1 but is tiny: fine.
    let pt = "<trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T10:00:00Z</time></trkpt>";
    let gpx = format!(
        "<gpx version=\"1.1\"><trk><trkseg>{}</trkseg></trk></gpx>",
        pt.repeat(5000)
    );
    let entries = decode_many("g.zip", &zip_of(&[("a.gpx", gpx.as_bytes())]));
    // Not a bomb; all points share one time, which is no recording.
    assert!(
        matches!(entries[0].1, Err(ImportError::NoActivity(_))),
        "{:?}",
        entries[0].1.as_ref().err()
    );
}

#[test]
fn nesting_is_bounded() {
    let mut inner = zip_of(&[("a.fit", &ride(T0))]);
    for _ in 0..MAX_ARCHIVE_DEPTH {
        inner = zip_of(&[("n.zip", &inner)]);
    }
    let entries = decode_many("deep.zip", &inner);
    assert_eq!(entries.len(), 1);
    assert!(
        matches!(entries[0].1, Err(ImportError::Archive(_))),
        "{:?}",
        entries[0].1.as_ref().err()
    );
}

#[test]
fn damaged_and_empty_archives_say_so() {
    let z = zip_of(&[("a.fit", &ride(T0))]);
    let cut = decode_many("cut.zip", &z[..z.len() / 2]);
    assert!(
        matches!(cut[0].1, Err(ImportError::Archive(_))),
        "{:?}",
        cut[0].1.as_ref().err()
    );
    let only_json = decode_many("j.zip", &zip_of(&[("a.json", b"{}")]));
    assert!(only_json[0].1.as_ref().unwrap_err().is_skip());
    let bad_gz = decode_many("x.fit.gz", &[0x1f, 0x8b, 8, 0, 1, 2, 3]);
    assert!(matches!(bad_gz[0].1, Err(ImportError::Archive(_))));
}
