//! Vault integrity: SQLCipher's page HMACs, SQLite's structure, and the store's own
//! promise that an activity is whole (its streams and its original file) or absent.
//! A crash mid-import must never leave half an activity; this is how tests see it.

use rusqlite::Connection;

use crate::codec::{self, ENC_CODEC};
use crate::streams::{inflate, unpack_original, ENC_F32_DEFLATE, ENC_F64_DEFLATE};
use crate::{Result, Store};

impl Store {
    /// Checks encryption, structure and activity wholeness; returns the problems
    /// found, empty when the vault is sound.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        self.write(|c| {
            let mut problems = Vec::new();
            for pragma in ["PRAGMA cipher_integrity_check", "PRAGMA integrity_check"] {
                let mut st = c.prepare(pragma)?;
                let rows = st.query_map([], |r| r.get::<_, String>(0))?;
                for row in rows {
                    let row = row?;
                    if row != "ok" {
                        problems.push(row);
                    }
                }
            }
            // Past broken pages, the rows themselves cannot be trusted.
            if problems.is_empty() {
                foreign_keys(c, &mut problems)?;
                activities_whole(c, &mut problems)?;
            }
            Ok(problems)
        })
    }
}

fn foreign_keys(c: &Connection, problems: &mut Vec<String>) -> Result<()> {
    let mut st = c.prepare("PRAGMA foreign_key_check")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (table, row, parent): (String, Option<i64>, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        problems.push(format!(
            "{table} row {} points to a missing {parent}",
            row.map_or("?".into(), |v| v.to_string())
        ));
    }
    Ok(())
}

/// Bytes per sample of a stream encoding (see `streams.rs`).
/// How many samples a stream blob holds, by its encoding (decoded in full: a blob
/// that reads back is what the check promises).
fn stored_samples(encoding: i64, blob: &[u8], expected: usize) -> Result<usize> {
    match encoding {
        ENC_CODEC => Ok(codec::decode_f64(blob)?.len()),
        ENC_F32_DEFLATE => Ok(inflate(blob, expected * 4)?.len() / 4),
        ENC_F64_DEFLATE => Ok(inflate(blob, expected * 8)?.len() / 8),
        other => Err(crate::Error::Damaged(format!("unknown encoding {other}"))),
    }
}

fn activities_whole(c: &Connection, problems: &mut Vec<String>) -> Result<()> {
    let mut st = c.prepare(
        "SELECT id FROM activity a WHERE source_format <> 'manual' AND NOT EXISTS
            (SELECT 1 FROM source_file f WHERE f.activity_id = a.id)",
    )?;
    for id in st.query_map([], |r| r.get::<_, i64>(0))? {
        problems.push(format!("activity {} has no original file", id?));
    }
    let mut st = c.prepare(
        "SELECT id, sample_count FROM activity a WHERE sample_count > 0 AND NOT EXISTS
            (SELECT 1 FROM stream s WHERE s.activity_id = a.id AND s.kind = 'time')",
    )?;
    for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (id, n) = row?;
        problems.push(format!("activity {id} has {n} samples but no time stream"));
    }

    let mut st = c.prepare(
        "SELECT a.id, a.sample_count, s.kind, s.encoding, s.data
         FROM stream s JOIN activity a ON a.id = s.activity_id",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (id, expected, kind, encoding): (i64, i64, String, i64) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        let blob = r.get_ref(4)?.as_blob().map_err(rusqlite::Error::from)?;
        match stored_samples(encoding, blob, expected.max(0) as usize) {
            Ok(n) if n as i64 == expected => {}
            Ok(n) => problems.push(format!(
                "activity {id}: stream {kind} holds {n} samples, the activity {expected}"
            )),
            Err(e) => problems.push(format!("activity {id}: stream {kind}: {e}")),
        }
    }

    let mut st = c.prepare("SELECT activity_id, byte_len, deflated FROM source_file")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (id, len): (i64, i64) = (r.get(0)?, r.get(1)?);
        let blob = r.get_ref(2)?.as_blob().map_err(rusqlite::Error::from)?;
        // A zstd frame larger than `len` is an error, not a longer file: read with room
        // for one more byte so a wrong length still shows as a length.
        match unpack_original(blob, len.max(0) as usize + 1) {
            Ok(raw) if raw.len() as i64 == len => {}
            Ok(raw) => problems.push(format!(
                "activity {id}: original file is {} bytes, {len} were stored",
                raw.len()
            )),
            Err(e) => problems.push(format!("activity {id}: original file: {e}")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use paceline_model::Streams;
    use rusqlite::params;

    use crate::streams::{encode, pack_original};
    use crate::{KeyOptions, Store};

    /// One activity written with plain SQL (independent of the insert path under test
    /// elsewhere): three samples, two streams, a 5-byte original.
    fn vault_with_one_activity() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), &KeyOptions::with_passphrase("integrity")).unwrap();
        let athlete = store.ensure_athlete("Test", 0).unwrap();
        let streams = Streams {
            time_s: vec![0.0, 1.0, 2.0],
            power_w: vec![200.0, 210.0, f32::NAN],
            ..Default::default()
        };
        store
            .write(|c| {
                c.execute(
                    "INSERT INTO activity (id, athlete_id, name, sport, start_utc, elapsed_s,
                        moving_s, source_format, content_hash, sample_count, imported_utc)
                     VALUES (1, ?1, 'ride', 'ride', 0, 3, 3, 'fit', x'01', 3, 0)",
                    [athlete],
                )?;
                for (kind, enc, blob) in encode(&streams) {
                    c.execute(
                        "INSERT INTO stream VALUES (1, ?1, ?2, ?3)",
                        params![kind, enc, blob],
                    )?;
                }
                c.execute(
                    "INSERT INTO source_file VALUES (1, 'ride.fit', 5, ?1)",
                    [pack_original(b"hello")],
                )?;
                Ok(())
            })
            .unwrap();
        (dir, store)
    }

    fn damage(store: &Store, sql: &str) -> Vec<String> {
        store.write(|c| Ok(c.execute_batch(sql)?)).unwrap();
        store.integrity_check().unwrap()
    }

    #[test]
    fn a_whole_activity_passes() {
        let (_dir, store) = vault_with_one_activity();
        assert_eq!(store.integrity_check().unwrap(), Vec::<String>::new());
    }

    #[test]
    fn a_missing_original_is_found() {
        let (_dir, store) = vault_with_one_activity();
        let p = damage(&store, "DELETE FROM source_file");
        assert_eq!(p, ["activity 1 has no original file"]);
    }

    #[test]
    fn a_missing_time_stream_is_found() {
        let (_dir, store) = vault_with_one_activity();
        let p = damage(&store, "DELETE FROM stream WHERE kind = 'time'");
        assert_eq!(p, ["activity 1 has 3 samples but no time stream"]);
    }

    #[test]
    fn a_short_stream_or_original_is_found() {
        let (_dir, store) = vault_with_one_activity();
        let p = damage(
            &store,
            "UPDATE activity SET sample_count = 4; UPDATE source_file SET byte_len = 6",
        );
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].contains("holds 3 samples, the activity 4"), "{p:?}");
        assert!(
            p[2].contains("original file is 5 bytes, 6 were stored"),
            "{p:?}"
        );
    }

    #[test]
    fn an_orphan_row_is_found() {
        let (_dir, store) = vault_with_one_activity();
        let p = damage(
            &store,
            "PRAGMA foreign_keys = OFF; DELETE FROM activity; PRAGMA foreign_keys = ON;",
        );
        assert!(p.iter().any(|m| m.contains("stream row")), "{p:?}");
        assert!(p.iter().any(|m| m.contains("source_file row")), "{p:?}");
    }
}
