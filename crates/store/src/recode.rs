//! Converting a vault written before codec 3 in place: its activity streams (codec
//! 1/2 → [`crate::codec`]) and original files (deflate → packed FIT or zstd).
//!
//! The schema migration `2026-12-06-stream-codec-3` only records the work to do (a
//! cursor setting, when the vault holds activities): a named migration is what makes
//! an older build refuse the vault instead of failing on blobs it cannot read. The
//! conversion itself needs Rust, not SQL, and takes a while on a big vault, so it runs
//! in the background after [`crate::Store::open`]: activities in id order, a batch at a
//! time, each batch one transaction that also advances the cursor, so a crash or a
//! close resumes at the first unconverted batch. Meanwhile both forms are read (every
//! reader dispatches on the row's encoding or the original's magic).
//!
//! Each batch reads the old rows under the writer lock, converts them without it (the
//! CPU part), and writes them back under it in one `IMMEDIATE` transaction, guarded by
//! "still the old form", so an activity reprocessed, replaced or deleted meanwhile is
//! left as it now is. A blob that does not decode is left for `integrity_check` to
//! report; it never stops the conversion.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use paceline_model::{StreamId, Streams};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::codec::{self, ENC_CODEC};
use crate::streams::{decode_into, encode_one, inflate, pack_original, ENC_F32_DEFLATE};
use crate::{Result, Store};

/// Setting holding the last activity id converted; absent once the vault is done.
pub(crate) const CURSOR: &str = "recode.codec3";
/// Activities per transaction: a few MB of blobs, well under a second of work.
pub const BATCH: usize = 16;
/// The pause between batches, so imports and readers get the writer.
const PAUSE: Duration = Duration::from_millis(5);

type Writer = Arc<Mutex<Connection>>;

fn lock(w: &Mutex<Connection>) -> std::sync::MutexGuard<'_, Connection> {
    w.lock().unwrap_or_else(|p| p.into_inner())
}

/// What one batch read: the old rows of a run of activities.
#[derive(Default)]
struct Old {
    last_id: i64,
    /// (activity, kind, encoding, blob)
    streams: Vec<(i64, String, i64, Vec<u8>)>,
    /// (activity, key, blob)
    extras: Vec<(i64, String, Vec<u8>)>,
    /// (activity, byte_len, blob)
    sources: Vec<(i64, i64, Vec<u8>)>,
    /// (activity, content_hash, byte_len, blob)
    linked: Vec<(i64, Vec<u8>, i64, Vec<u8>)>,
}

/// Reads the next batch after the cursor; `None` when the vault has nothing to do.
fn read_batch(c: &Connection, batch: usize) -> Result<Option<Old>> {
    let Some(cursor) = c
        .query_row("SELECT value FROM setting WHERE key = ?1", [CURSOR], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
    else {
        return Ok(None);
    };
    let cursor: i64 = cursor.parse().unwrap_or(0);
    let ids: Vec<i64> = c
        .prepare_cached("SELECT id FROM activity WHERE id > ?1 ORDER BY id LIMIT ?2")?
        .query_map(params![cursor, batch as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let Some(&last_id) = ids.last() else {
        c.execute("DELETE FROM setting WHERE key = ?1", [CURSOR])?;
        tracing::info!("vault streams and originals converted to codec 3");
        give_back_space(c)?;
        return Ok(None);
    };
    let mut old = Old {
        last_id,
        ..Old::default()
    };
    let (first, last) = (ids[0], last_id);
    let mut st = c.prepare_cached(
        "SELECT activity_id, kind, encoding, data FROM stream
         WHERE activity_id BETWEEN ?1 AND ?2 AND encoding IN (1, 2)",
    )?;
    old.streams = st
        .query_map([first, last], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = c.prepare_cached(
        "SELECT activity_id, key, data FROM extra_stream
         WHERE activity_id BETWEEN ?1 AND ?2 AND encoding = 1",
    )?;
    old.extras = st
        .query_map([first, last], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = c.prepare_cached(
        "SELECT activity_id, byte_len, deflated FROM source_file
         WHERE activity_id BETWEEN ?1 AND ?2 AND substr(deflated, 1, 4) NOT IN (x'28b52ffd', x'504c4601')",
    )?;
    old.sources = st
        .query_map([first, last], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = c.prepare_cached(
        "SELECT activity_id, content_hash, byte_len, deflated FROM linked_file
         WHERE activity_id BETWEEN ?1 AND ?2 AND substr(deflated, 1, 4) NOT IN (x'28b52ffd', x'504c4601')",
    )?;
    old.linked = st
        .query_map([first, last], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(old))
}

/// The converted blobs are a fraction of the old ones: once, at the end, the file is
/// rewritten without the freed pages (imports would reuse them, but a vault that
/// shrank from 1.2 GB to 0.4 GB should look it). Skipped when little was freed.
fn give_back_space(c: &Connection) -> Result<()> {
    let free: i64 = c.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
    let pages: i64 = c.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    if free * 4 > pages {
        tracing::info!(free, pages, "vacuuming the converted vault");
        c.execute_batch("VACUUM;")?;
    }
    Ok(())
}

/// A legacy stream blob in codec 3, or `None` (left as is) when it does not decode.
fn convert_stream(id: i64, kind: &str, enc: i64, blob: &[u8]) -> Option<Vec<u8>> {
    let sid = StreamId::from_key(kind)?;
    let mut s = Streams::default();
    if let Err(e) = decode_into(&mut s, kind, enc, blob) {
        tracing::warn!(activity = id, kind, error = %e, "stream left in its old encoding");
        return None;
    }
    // An empty old blob stays an (empty) row: absent streams have no row at all.
    Some(encode_one(&s, sid).unwrap_or_else(|| codec::encode_f32(&[], codec::spec(sid))))
}

fn convert_original(id: i64, len: i64, blob: &[u8]) -> Option<Vec<u8>> {
    match inflate(blob, len.max(0) as usize) {
        Ok(raw) if raw.len() as i64 == len => Some(pack_original(&raw)),
        Ok(_) | Err(_) => {
            tracing::warn!(activity = id, "original file left in its old form");
            None
        }
    }
}

/// One batch; `Ok(false)` once there is nothing left.
fn batch(writer: &Mutex<Connection>, size: usize) -> Result<bool> {
    let Some(old) = read_batch(&lock(writer), size)? else {
        return Ok(false);
    };
    let streams: Vec<_> = old
        .streams
        .iter()
        .filter_map(|(id, kind, enc, blob)| {
            Some((*id, kind, *enc, convert_stream(*id, kind, *enc, blob)?))
        })
        .collect();
    let extras: Vec<_> = old
        .extras
        .iter()
        .filter_map(
            |(id, key, blob)| match crate::streams::decode_f32(ENC_F32_DEFLATE, blob) {
                Ok(v) => Some((*id, key, codec::encode_f32(&v, codec::EXTRA))),
                Err(e) => {
                    tracing::warn!(activity = id, key, error = %e, "extra stream left as is");
                    None
                }
            },
        )
        .collect();
    let sources: Vec<_> = old
        .sources
        .iter()
        .filter_map(|(id, len, blob)| Some((*id, convert_original(*id, *len, blob)?)))
        .collect();
    let linked: Vec<_> = old
        .linked
        .iter()
        .filter_map(|(id, hash, len, blob)| Some((*id, hash, convert_original(*id, *len, blob)?)))
        .collect();

    let mut c = lock(writer);
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut st = tx.prepare_cached(
            "UPDATE stream SET encoding = ?4, data = ?5
             WHERE activity_id = ?1 AND kind = ?2 AND encoding = ?3",
        )?;
        for (id, kind, enc, blob) in &streams {
            st.execute(params![id, kind, enc, ENC_CODEC, blob])?;
        }
        let mut st = tx.prepare_cached(
            "UPDATE extra_stream SET encoding = ?3, data = ?4
             WHERE activity_id = ?1 AND key = ?2 AND encoding = 1",
        )?;
        for (id, key, blob) in &extras {
            st.execute(params![id, key, ENC_CODEC, blob])?;
        }
        let mut st = tx.prepare_cached(
            "UPDATE source_file SET deflated = ?2
             WHERE activity_id = ?1 AND substr(deflated, 1, 4) NOT IN (x'28b52ffd', x'504c4601')",
        )?;
        for (id, blob) in &sources {
            st.execute(params![id, blob])?;
        }
        let mut st = tx.prepare_cached(
            "UPDATE linked_file SET deflated = ?3
             WHERE activity_id = ?1 AND content_hash = ?2 AND substr(deflated, 1, 4) NOT IN (x'28b52ffd', x'504c4601')",
        )?;
        for (id, hash, blob) in &linked {
            st.execute(params![id, hash, blob])?;
        }
        // Only while the work is still recorded: a vault finished meanwhile stays so.
        tx.execute(
            "UPDATE setting SET value = ?2 WHERE key = ?1",
            params![CURSOR, old.last_id.to_string()],
        )?;
    }
    tx.commit()?;
    Ok(true)
}

/// The background conversion of one open vault.
pub(crate) struct Worker {
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Worker {
    /// Starts converting when the vault has work recorded; `None` otherwise.
    pub(crate) fn start(writer: &Writer) -> Result<Option<Worker>> {
        if !pending(&lock(writer))? {
            return Ok(None);
        }
        let stop = Arc::new(AtomicBool::new(false));
        let (w, flag) = (Arc::clone(writer), Arc::clone(&stop));
        let handle = std::thread::Builder::new()
            .name("vault-recode".into())
            .spawn(move || run(&w, &flag))
            .map_err(|e| crate::Error::Io("starting the vault conversion".into(), e))?;
        Ok(Some(Worker {
            stop,
            handle: Some(handle),
        }))
    }
}

impl Drop for Worker {
    /// Stops after the batch under way (its transaction commits or never began).
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

fn run(writer: &Mutex<Connection>, stop: &AtomicBool) {
    let mut failures = 0;
    while !stop.load(Ordering::Relaxed) {
        match batch(writer, BATCH) {
            Ok(true) => failures = 0,
            Ok(false) => return,
            Err(e) => {
                // Busy or full disk: try a few times, then leave it to the next open.
                failures += 1;
                tracing::warn!(error = %e, failures, "vault conversion batch failed");
                if failures >= 5 {
                    return;
                }
                std::thread::sleep(Duration::from_secs(1));
            }
        }
        std::thread::sleep(PAUSE);
    }
}

fn pending(c: &Connection) -> Result<bool> {
    Ok(c.prepare_cached("SELECT 1 FROM setting WHERE key = ?1")?
        .exists([CURSOR])?)
}

impl Store {
    /// Whether the conversion to codec 3 still has activities to do.
    pub fn recode_pending(&self) -> Result<bool> {
        pending(&lock(&self.writer))
    }

    /// Converts the next `size` activities in one transaction; `false` once done.
    /// The background worker calls this; tests and tools may too.
    pub fn recode_step(&self, size: usize) -> Result<bool> {
        batch(&self.writer, size.max(1))
    }

    /// Converts everything left, in the foreground.
    pub fn recode_all(&self) -> Result<()> {
        while self.recode_step(BATCH)? {}
        Ok(())
    }
}
