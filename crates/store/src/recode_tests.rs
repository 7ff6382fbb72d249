//! The conversion of a vault from before codec 3: built as that release wrote it
//! (deflated floats, deflated originals, migrations up to the one before codec 3),
//! opened by this build, converted — in the foreground, in steps with a close in
//! between, in the background, and under `kill -9` — and compared with what the
//! importer produced.

use std::path::Path;
use std::time::{Duration, Instant};

use paceline_model::{Activity, Column, SourceFormat, StreamId, Streams};
use rusqlite::params;

use crate::migrations::SCHEMA_VERSION;
use crate::recode::CURSOR;
use crate::streams::{decode_into, deflate, encode, encode_f32, encode_legacy};
use crate::{KeyOptions, NewActivity, Store};

const PASS: &str = "recode";

fn opts() -> KeyOptions {
    KeyOptions::with_passphrase(PASS)
}

/// (file name, bytes, activity): the demo athlete's month and up to eight corpus FIT
/// files with extras (developer fields, HRV, dynamics) when the corpus is here.
fn files() -> Vec<(String, Vec<u8>, Activity)> {
    let mut out = Vec::new();
    let mut add = |name: String, bytes: Vec<u8>| {
        if let Ok(d) = paceline_import::decode(&name, &bytes) {
            if d.unpacked.is_none() && !d.activity.streams.is_empty() {
                out.push((name, bytes, d.activity));
            }
        }
    };
    for f in paceline_demo::generate(&paceline_demo::ALEX, 20_415 * 86_400, 3, 5) {
        add(f.file_name, f.bytes);
    }
    match paceline_testsupport::corpus_files("fit", &[".fit"]) {
        Some(files) => {
            let mut n = 0;
            for f in files {
                let bytes = std::fs::read(&f).unwrap();
                if n < 8 && bytes.len() < 600_000 {
                    n += 1;
                    add(f.display().to_string(), bytes);
                }
            }
        }
        None => eprintln!("SKIP (part): corpus absent, the demo athlete only"),
    }
    out
}

/// Imports `files` and rewrites their blobs as the release before codec 3 stored
/// them, with the migration record of that time; the vault is closed after.
fn old_vault(dir: &Path, files: &[(String, Vec<u8>, Activity)]) -> Vec<i64> {
    let store = Store::open_foreground(dir, &opts()).unwrap();
    let athlete = store.ensure_athlete("Old", 0).unwrap();
    let mut ids = Vec::new();
    for (i, (name, bytes, a)) in files.iter().enumerate() {
        let r = store
            .insert_activity(&NewActivity {
                athlete_id: athlete,
                activity: a,
                format: SourceFormat::Fit,
                content_hash: paceline_import::content_hash(bytes),
                file_name: name,
                original: bytes,
                imported_utc: i as i64,
                metrics: None,
            })
            .unwrap();
        match r {
            crate::Inserted::New(id) => ids.push(id),
            crate::Inserted::Replaced { id, old_id, .. } => {
                ids.retain(|&i| i != old_id);
                ids.push(id);
            }
            // Another file of a stored recording: a linked file, no activity of its own.
            _ => continue,
        }
        let id = *ids.last().unwrap();
        store
            .write(|c| {
                c.execute("DELETE FROM stream WHERE activity_id = ?1", [id])?;
                for (kind, enc, blob) in encode_legacy(&a.streams) {
                    c.execute(
                        "INSERT INTO stream VALUES (?1, ?2, ?3, ?4)",
                        params![id, kind, enc, blob],
                    )?;
                }
                for e in &a.extras.streams {
                    let (enc, blob) = encode_f32(&e.values);
                    c.execute(
                        "UPDATE extra_stream SET encoding = ?3, data = ?4
                         WHERE activity_id = ?1 AND key = ?2",
                        params![id, e.key, enc, blob],
                    )?;
                }
                c.execute(
                    "UPDATE source_file SET deflated = ?2 WHERE activity_id = ?1",
                    params![id, deflate(bytes)],
                )?;
                Ok(())
            })
            .unwrap();
    }
    store
        .write(|c| {
            c.execute(
                "DELETE FROM schema_migration WHERE name = '2026-12-06-stream-codec-3'",
                [],
            )?;
            c.execute("DELETE FROM setting WHERE key = ?1", [CURSOR])?;
            c.pragma_update(None, "user_version", SCHEMA_VERSION - 1)?;
            Ok(())
        })
        .unwrap();
    ids
}

fn bits_equal(a: &Streams, b: &Streams) -> bool {
    StreamId::ALL
        .iter()
        .all(|&id| match (a.column(id), b.column(id)) {
            (Column::F64(x), Column::F64(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .zip(y)
                        .all(|(p, q)| p.to_bits() == q.to_bits() || (p.is_nan() && q.is_nan()))
            }
            (Column::F32(x), Column::F32(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .zip(y)
                        .all(|(p, q)| p.to_bits() == q.to_bits() || (p.is_nan() && q.is_nan()))
            }
            _ => false,
        })
}

/// What a fresh import stores now: the streams through codec 3.
fn through_codec(s: &Streams) -> Streams {
    let mut back = Streams::default();
    for (kind, enc, blob) in encode(s) {
        decode_into(&mut back, kind, enc, &blob).unwrap();
    }
    back
}

/// Every activity reads back as the old vault held it (lossless floats) or, once
/// converted, as codec 3 holds it (`all_new`: every one must be the latter);
/// extras and originals exactly.
fn check_all(store: &Store, ids: &[i64], files: &[(String, Vec<u8>, Activity)], all_new: bool) {
    let athlete = store.athletes().unwrap()[0].id;
    let by_name: std::collections::HashMap<&str, &(String, Vec<u8>, Activity)> =
        files.iter().map(|f| (f.0.as_str(), f)).collect();
    for &id in ids {
        let (name, bytes) = store.source_file(athlete, id).unwrap();
        let (_, original, a) = by_name[name.as_str()];
        assert_eq!(&bytes, original, "original of {name}");
        let s = store.streams(athlete, id).unwrap();
        let new = bits_equal(&s, &through_codec(&a.streams));
        assert!(
            new || (!all_new && bits_equal(&s, &a.streams)),
            "{name}: streams"
        );
        let mut stored = store.extras(athlete, id).unwrap().streams;
        let mut want = a.extras.streams.clone();
        stored.sort_by(|x, y| x.key.cmp(&y.key));
        want.sort_by(|x, y| x.key.cmp(&y.key));
        assert_eq!(stored.len(), want.len(), "{name}");
        for (x, y) in stored.iter().zip(&want) {
            assert_eq!(x.key, y.key);
            assert!(x
                .values
                .iter()
                .zip(&y.values)
                .all(|(p, q)| p.to_bits() == q.to_bits() || (p.is_nan() && q.is_nan())));
        }
    }
    assert!(store.integrity_check().unwrap().is_empty());
}

/// (old-encoded stream rows, deflated originals) left in the vault.
fn old_rows(store: &Store) -> (i64, i64) {
    store
        .write(|c| {
            Ok((
                c.query_row(
                    "SELECT (SELECT count(*) FROM stream WHERE encoding <> 3)
                          + (SELECT count(*) FROM extra_stream WHERE encoding <> 3)",
                    [],
                    |r| r.get(0),
                )?,
                c.query_row(
                    "SELECT count(*) FROM source_file WHERE substr(deflated, 1, 4) NOT IN (x'28b52ffd', x'504c4601')",
                    [],
                    |r| r.get(0),
                )?,
            ))
        })
        .unwrap()
}

#[test]
fn an_old_vault_is_converted_in_steps_across_a_close() {
    let files = files();
    let dir = tempfile::tempdir().unwrap();
    let ids = old_vault(dir.path(), &files);
    assert!(ids.len() >= 4, "{} activities", ids.len());

    let store = Store::open_foreground(dir.path(), &opts()).unwrap();
    assert!(
        store.recode_pending().unwrap(),
        "the migration records the work"
    );
    let (streams, originals) = old_rows(&store);
    assert!(streams > 0 && originals == ids.len() as i64);
    check_all(&store, &ids, &files, false);

    // Two activities, then a close between batches: resumes where it stopped.
    assert!(store.recode_step(2).unwrap());
    assert_eq!(old_rows(&store).1, ids.len() as i64 - 2);
    check_all(&store, &ids, &files, false);
    drop(store);
    let store = Store::open_foreground(dir.path(), &opts()).unwrap();
    assert!(store.recode_pending().unwrap());
    assert_eq!(old_rows(&store).1, ids.len() as i64 - 2);
    store.recode_all().unwrap();
    assert!(!store.recode_pending().unwrap());
    assert_eq!(old_rows(&store), (0, 0));
    check_all(&store, &ids, &files, true);
    // The pages the old blobs held are given back.
    let free: i64 = store
        .write(|c| Ok(c.query_row("PRAGMA freelist_count", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(free, 0);
    // Done stays done: a later open starts nothing.
    drop(store);
    let store = Store::open(dir.path(), &opts()).unwrap();
    assert!(!store.recode_pending().unwrap());
}

#[test]
fn a_new_vault_has_nothing_to_convert() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &opts()).unwrap();
    assert!(!store.recode_pending().unwrap());
    assert!(!store.recode_step(10).unwrap());
}

#[test]
fn the_background_conversion_finishes_while_the_vault_is_read() {
    let files = files();
    let dir = tempfile::tempdir().unwrap();
    let ids = old_vault(dir.path(), &files);
    let store = Store::open(dir.path(), &opts()).unwrap();
    let started = Instant::now();
    while store.recode_pending().unwrap() {
        // Reads meanwhile see each activity whole, in one form or the other.
        check_all(&store, &ids[..2], &files, false);
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "never finished"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(old_rows(&store), (0, 0));
    check_all(&store, &ids, &files, true);
}

#[test]
fn a_reprocessed_activity_is_not_overwritten_by_the_conversion() {
    let files = files();
    let dir = tempfile::tempdir().unwrap();
    let ids = old_vault(dir.path(), &files);
    let store = Store::open_foreground(dir.path(), &opts()).unwrap();
    // The athlete reprocesses the first activity mid-conversion: codec 3 rows.
    let athlete = store.athletes().unwrap()[0].id;
    let (_, bytes, a) = &files
        .iter()
        .find(|f| f.0 == store.source_file(athlete, ids[0]).unwrap().0)
        .unwrap();
    let p = crate::Prepared::new(
        athlete,
        a.clone(),
        SourceFormat::Fit,
        paceline_import::content_hash(bytes),
        "x.fit".into(),
        bytes,
        0,
        None,
    );
    store.replace_derived(athlete, ids[0], &p).unwrap();
    store.recode_all().unwrap();
    check_all(&store, &ids, &files, true);
}

/// The child half of [`the_conversion_survives_kill_9`]: converts one activity per
/// transaction, pausing between them so kills land both in and between batches.
#[test]
#[ignore = "run by the_conversion_survives_kill_9 as a child process"]
fn recode_child() {
    let Some(dir) = std::env::var_os("PACELINE_RECODE_CHILD") else {
        return;
    };
    let store = Store::open_foreground(Path::new(&dir), &opts()).unwrap();
    while store.recode_step(1).unwrap() {
        std::thread::sleep(Duration::from_millis(30));
    }
}

#[test]
fn the_conversion_survives_kill_9() {
    let files = files();
    let dir = tempfile::tempdir().unwrap();
    let ids = old_vault(dir.path(), &files);
    let exe = std::env::current_exe().unwrap();
    let (mut kills, mut partial) = (0, 0);
    let mut left = ids.len() as i64;
    for round in 0..30u64 {
        let mut child = std::process::Command::new(&exe)
            .args([
                "recode_tests::recode_child",
                "--exact",
                "--ignored",
                "--quiet",
            ])
            .env("PACELINE_RECODE_CHILD", dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Opening takes the passphrase's Argon2id (a few hundred ms in a debug build,
        // more on a busy machine): kill later each round, at odd offsets.
        std::thread::sleep(Duration::from_millis(200 + round * 60 + (round * 37) % 50));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            kills += 1;
        }
        child.wait().unwrap();
        let store = Store::open_foreground(dir.path(), &opts()).unwrap();
        check_all(&store, &ids, &files, false);
        let now_left = old_rows(&store).1;
        assert!(now_left <= left, "the conversion went backwards");
        left = now_left;
        if left > 0 && left < ids.len() as i64 {
            partial += 1;
        }
        let pending = store.recode_pending().unwrap();
        drop(store);
        if !pending {
            break;
        }
    }
    let store = Store::open_foreground(dir.path(), &opts()).unwrap();
    store.recode_all().unwrap();
    check_all(&store, &ids, &files, true);
    assert_eq!(old_rows(&store), (0, 0));
    eprintln!("killed the conversion {kills} times, {partial} times part-way");
    assert!(kills >= 1, "the child always finished before the kill");
    assert!(
        partial >= 1,
        "no kill landed part-way through the conversion"
    );
}

/// RR intervals: written through codec 3 and read back exactly, and a row of the
/// deflated u16 form written before still reads.
#[test]
fn rr_intervals_read_back_exactly_in_either_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &opts()).unwrap();
    let athlete = store.ensure_athlete("RR", 0).unwrap();
    let (_, bytes, mut a) = files().remove(0);
    let rr: Vec<u16> = (0..5000u32)
        .map(|i| match i % 97 {
            0 => 0,
            1 => u16::MAX,
            _ => 800 + ((i * 37) % 90) as u16,
        })
        .collect();
    a.extras.rr_ms = rr.clone();
    let id = match store
        .insert_activity(&NewActivity {
            athlete_id: athlete,
            activity: &a,
            format: SourceFormat::Fit,
            content_hash: paceline_import::content_hash(&bytes),
            file_name: "rr.fit",
            original: &bytes,
            imported_utc: 0,
            metrics: None,
        })
        .unwrap()
    {
        crate::Inserted::New(id) => id,
        other => panic!("{other:?}"),
    };
    assert_eq!(store.extras(athlete, id).unwrap().rr_ms, rr);
    let (enc, len): (i64, i64) = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT encoding, length(rr_deflated) FROM hrv WHERE activity_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!(enc, crate::codec::ENC_CODEC);
    let raw: Vec<u8> = rr.iter().flat_map(|x| x.to_le_bytes()).collect();
    let old = deflate(&raw);
    assert!((len as usize) < old.len(), "{len} ≥ {} deflated", old.len());
    // As the release before wrote it.
    store
        .write(|c| {
            c.execute(
                "UPDATE hrv SET encoding = 1, rr_deflated = ?2 WHERE activity_id = ?1",
                params![id, old],
            )?;
            Ok(())
        })
        .unwrap();
    assert_eq!(store.extras(athlete, id).unwrap().rr_ms, rr);
}
