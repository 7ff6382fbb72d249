//! Storing imported activities: prepared (encoded, compressed) off the lock, then
//! written in batches, one transaction per batch and a savepoint per activity so
//! each activity is whole or absent and one bad row never sinks its batch.
//!
//! Duplicates: the same bytes (content hash, also of linked files) are stored once;
//! the same recording in another file (start within [`MATCH_WINDOW_S`], same sport,
//! overlapping for [`MIN_OVERLAP`] of the shorter one) is one activity: the richer
//! file wins and the other is kept as a linked file. A manual workout (no file) is
//! never the same recording as a file: the file is stored beside it.

use paceline_model::{Activity, SourceFormat};
use paceline_types::ActivityMetrics;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, ToSql};

use crate::streams::{encode, encode_extra, pack_original};
use crate::{extras, Result, Store};

/// Two recordings starting further apart than this are different sessions.
pub const MATCH_WINDOW_S: i64 = 600;
/// Share of the shorter recording that must overlap the other's time span.
pub const MIN_OVERLAP: f64 = 0.8;

/// Everything needed to store one imported file.
pub struct NewActivity<'a> {
    pub athlete_id: i64,
    pub activity: &'a Activity,
    pub format: SourceFormat,
    pub content_hash: [u8; 32],
    pub file_name: &'a str,
    pub original: &'a [u8],
    pub imported_utc: i64,
    /// Derived metrics, written in the same transaction when given.
    pub metrics: Option<&'a ActivityMetrics>,
}

/// What storing one activity did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inserted {
    New(i64),
    /// The same bytes were imported before; nothing was written.
    Existing(i64),
    /// The same recording is stored from a richer file; this one was linked to it.
    Linked {
        id: i64,
        stored_format: String,
    },
    /// This file is richer than the stored copy of the same recording: it replaced
    /// activity `old_id`, whose file is now linked to `id`.
    Replaced {
        id: i64,
        old_id: i64,
        old_format: String,
    },
}

impl Inserted {
    /// The activity the file is stored under now.
    pub fn id(&self) -> i64 {
        match self {
            Inserted::New(id) | Inserted::Existing(id) => *id,
            Inserted::Linked { id, .. } | Inserted::Replaced { id, .. } => *id,
        }
    }
}

/// An activity encoded for storage. Building it is the CPU-heavy part (stream
/// encoding, compression of the original), so importers do it on worker threads.
pub struct Prepared {
    athlete_id: i64,
    activity: Activity,
    sample_count: usize,
    format: SourceFormat,
    content_hash: [u8; 32],
    file_name: String,
    original_len: usize,
    original: Vec<u8>,
    streams: Vec<(&'static str, i64, Vec<u8>)>,
    extra_streams: Vec<(String, String, String, i64, Vec<u8>)>,
    /// (beats, deflated little-endian u16 RR intervals)
    rr: Option<(u32, Vec<u8>)>,
    metrics: Option<crate::training::MetricsRow>,
    imported_utc: i64,
    /// The Garmin Connect activity this file is (its id, when it was synced): linked
    /// in the activity's own savepoint, so a sync killed between the two leaves
    /// neither an unlinked activity nor a link to nothing.
    garmin: Option<(i64, i64)>,
}

impl Prepared {
    /// Takes the activity by value: its streams are encoded and dropped.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        athlete_id: i64,
        mut activity: Activity,
        format: SourceFormat,
        content_hash: [u8; 32],
        file_name: String,
        original: &[u8],
        imported_utc: i64,
        metrics: Option<&ActivityMetrics>,
    ) -> Prepared {
        let streams = encode(&activity.streams);
        let sample_count = activity.streams.len();
        activity.streams = Default::default();
        let extra_streams = std::mem::take(&mut activity.extras.streams)
            .into_iter()
            .map(|s| {
                let (enc, blob) = encode_extra(&s.values);
                (s.key, s.name, s.units, enc, blob)
            })
            .collect();
        let rr_ms = std::mem::take(&mut activity.extras.rr_ms);
        let rr = (!rr_ms.is_empty()).then(|| {
            let ms: Vec<f32> = rr_ms.iter().map(|&x| f32::from(x)).collect();
            (
                rr_ms.len() as u32,
                crate::codec::encode_f32(&ms, crate::codec::EXTRA),
            )
        });
        let metrics = metrics.map(crate::training::MetricsRow::new);
        Prepared {
            athlete_id,
            sample_count,
            format,
            content_hash,
            file_name,
            original_len: original.len(),
            original: pack_original(original),
            streams,
            extra_streams,
            rr,
            metrics,
            imported_utc,
            activity,
            garmin: None,
        }
    }

    /// Links the stored activity to Garmin activity `garmin_id` (and moves the sync
    /// cursor to it) in the same transaction as the activity itself.
    pub fn with_garmin_link(mut self, garmin_id: i64, synced_utc: i64) -> Prepared {
        self.garmin = Some((garmin_id, synced_utc));
        self
    }

    /// Bytes this will write (for sizing batches).
    pub fn blob_bytes(&self) -> usize {
        self.original.len()
            + self.streams.iter().map(|s| s.2.len()).sum::<usize>()
            + self.extra_streams.iter().map(|s| s.4.len()).sum::<usize>()
    }

    /// How much a file carries, to pick the richer of two copies of one recording:
    /// streams first, then a full file over an activity summary (totals and laps
    /// only), then the format (FIT keeps the most), then samples.
    fn richness(&self) -> Richness {
        (
            self.streams.len() + self.extra_streams.len(),
            !self.activity.summary_only,
            format_rank(self.format.key()),
            self.sample_count,
        )
    }
}

/// (streams, not a summary file, format rank, samples), compared in that order.
type Richness = (usize, bool, u8, usize);

fn format_rank(key: &str) -> u8 {
    match key {
        "fit" => 2,
        "tcx" => 1,
        _ => 0,
    }
}

impl Store {
    /// Stores one activity (see [`Store::insert_batch`]).
    pub fn insert_activity(&self, new: &NewActivity) -> Result<Inserted> {
        let p = Prepared::new(
            new.athlete_id,
            new.activity.clone(),
            new.format,
            new.content_hash,
            new.file_name.to_string(),
            new.original,
            new.imported_utc,
            new.metrics,
        );
        self.insert_batch(&[&p]).and_then(|mut v| v.remove(0))
    }

    /// Stores prepared activities in one transaction, each under its own savepoint:
    /// the outer error is for the transaction itself, the inner ones per activity.
    pub fn insert_batch(&self, items: &[&Prepared]) -> Result<Vec<Result<Inserted>>> {
        self.write(|c| {
            let mut tx = c.transaction()?;
            let mut out = Vec::with_capacity(items.len());
            for p in items {
                let sp = tx.savepoint()?;
                let linked = insert_one(&sp, p).and_then(|r| {
                    if let Some((garmin_id, synced)) = p.garmin {
                        crate::garmin::link(&sp, p.athlete_id, garmin_id, Some(r.id()), synced)?;
                    }
                    Ok(r)
                });
                match linked {
                    Ok(r) => {
                        sp.commit()?;
                        out.push(Ok(r));
                    }
                    // Dropping the savepoint rolls this activity back, nothing else.
                    Err(e) => out.push(Err(e)),
                }
            }
            tx.commit()?;
            Ok(out)
        })
    }
}

fn insert_one(c: &Connection, p: &Prepared) -> Result<Inserted> {
    if let Some(id) = existing(c, p.athlete_id, &p.content_hash)? {
        return Ok(Inserted::Existing(id));
    }
    let same = same_recording(c, p)?;
    if let Some(m) = &same {
        if m.richness >= p.richness() {
            link_file(c, m.id, p)?;
            return Ok(Inserted::Linked {
                id: m.id,
                stored_format: m.format.clone(),
            });
        }
    }
    let id = insert_row(c, p)?;
    write_children(c, id, p)?;
    c.execute(
        "INSERT INTO source_file(activity_id, file_name, byte_len, deflated) VALUES (?1, ?2, ?3, ?4)",
        params![id, p.file_name, p.original_len as i64, p.original],
    )?;
    match same {
        Some(m) => {
            // The poorer copy's file, and any it already had, move to the new activity.
            c.execute(
                "INSERT INTO linked_file SELECT ?1, a.content_hash, s.file_name, a.source_format,
                    s.byte_len, s.deflated, ?3
                 FROM activity a JOIN source_file s ON s.activity_id = a.id WHERE a.id = ?2",
                params![id, m.id, p.imported_utc],
            )?;
            c.execute(
                "UPDATE linked_file SET activity_id = ?1 WHERE activity_id = ?2",
                params![id, m.id],
            )?;
            // A Garmin id found on the poorer copy stays with the recording.
            c.execute(
                "UPDATE garmin_activity SET activity_id = ?1 WHERE activity_id = ?2",
                params![id, m.id],
            )?;
            c.execute("DELETE FROM activity WHERE id = ?1", [m.id])?;
            Ok(Inserted::Replaced {
                id,
                old_id: m.id,
                old_format: m.format,
            })
        }
        None => Ok(Inserted::New(id)),
    }
}

/// Laps, streams, extras and metrics of activity `id` (everything derived from its file).
fn write_children(c: &Connection, id: i64, p: &Prepared) -> Result<()> {
    {
        let mut st = c.prepare_cached("INSERT INTO lap(activity_id, idx, start_utc, elapsed_s, distance_m, avg_hr, avg_power, avg_speed_mps) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
        for (i, lap) in p.activity.laps.iter().enumerate() {
            st.execute(params![
                id,
                i as i64,
                lap.start_utc,
                lap.elapsed_s,
                lap.distance_m,
                lap.avg_hr,
                lap.avg_power,
                lap.avg_speed_mps
            ])?;
        }
        let mut st = c.prepare_cached(
            "INSERT INTO stream(activity_id, kind, encoding, data) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (kind, enc, blob) in &p.streams {
            st.execute(params![id, kind, enc, blob])?;
        }
        let mut st =
            c.prepare_cached("INSERT INTO extra_stream(activity_id, key, name, units, encoding, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        for (key, name, units, enc, blob) in &p.extra_streams {
            st.execute(params![id, key, name, units, enc, blob])?;
        }
    }
    if let Some((beats, rr)) = &p.rr {
        c.execute(
            "INSERT INTO hrv(activity_id, beats, encoding, rr_deflated) VALUES (?1, ?2, ?3, ?4)",
            params![id, beats, crate::codec::ENC_CODEC, rr],
        )?;
    }
    extras::insert(c, id, &p.activity.extras)?;
    if let Some(m) = &p.metrics {
        m.write(c, id)?;
    }
    if !p.metrics.as_ref().is_some_and(|m| m.has_curve()) {
        // Stored without its curve: the vault needs a backfill pass again.
        c.execute(
            "DELETE FROM setting WHERE key = ?1",
            [crate::training::CURVES_COMPLETE],
        )?;
    }
    Ok(())
}

/// Tables holding what is derived from an activity's file (not the file itself).
const DERIVED: [&str; 9] = [
    "lap",
    "stream",
    "extra_stream",
    "hrv",
    "leg",
    "swim_length",
    "strength_set",
    "activity_metrics",
    "power_curve",
];

impl Store {
    /// Replaces what was derived from activity `id`'s file with a fresh decode of it
    /// (same id, same original file, links kept), in one transaction.
    pub fn replace_derived(&self, athlete_id: i64, id: i64, p: &Prepared) -> Result<()> {
        self.write(|c| {
            crate::owned(c, athlete_id, id)?;
            let tx = c.transaction()?;
            for t in DERIVED {
                tx.execute(&format!("DELETE FROM {t} WHERE activity_id = ?1"), [id])?;
            }
            let set: Vec<String> = DERIVED_COLS
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c} = ?{}", i + 2))
                .collect();
            // A rating entered by the athlete outlives the file's own.
            let sql = format!(
                "UPDATE activity SET {}, rpe = coalesce(rpe, ?{}) WHERE id = ?1",
                set.join(", "),
                DERIVED_COLS.len() + 2
            );
            let n = with_derived(p, |values| {
                let all: Vec<&dyn ToSql> = [&id as &dyn ToSql]
                    .into_iter()
                    .chain(values.iter().copied())
                    .chain([&p.activity.rpe as &dyn ToSql])
                    .collect();
                tx.execute(&sql, params_from_iter(all))
            })?;
            if n == 0 {
                return Err(crate::Error::NotFound(id));
            }
            write_children(&tx, id, p)?;
            tx.commit()?;
            Ok(())
        })
    }
}

/// The activity these bytes were stored as, directly or as a linked file.
fn existing(c: &Connection, athlete_id: i64, hash: &[u8; 32]) -> Result<Option<i64>> {
    let direct = c
        .prepare_cached("SELECT id FROM activity WHERE athlete_id = ?1 AND content_hash = ?2")?
        .query_row(params![athlete_id, &hash[..]], |r| r.get(0))
        .optional()?;
    if direct.is_some() {
        return Ok(direct);
    }
    Ok(c.prepare_cached(
        "SELECT l.activity_id FROM linked_file l JOIN activity a ON a.id = l.activity_id
         WHERE a.athlete_id = ?1 AND l.content_hash = ?2",
    )?
    .query_row(params![athlete_id, &hash[..]], |r| r.get(0))
    .optional()?)
}

struct Match {
    id: i64,
    format: String,
    richness: Richness,
}

/// A stored activity that is the same recording as `p`, if any.
fn same_recording(c: &Connection, p: &Prepared) -> Result<Option<Match>> {
    let a = &p.activity;
    if a.elapsed_s < 60.0 || a.start_utc <= 0 {
        return Ok(None);
    }
    let sport = a.sport_or_other().key();
    let mut st = c.prepare_cached(
        "SELECT a.id, a.source_format, a.start_utc, a.elapsed_s, a.sample_count,
            (SELECT count(*) FROM stream s WHERE s.activity_id = a.id)
          + (SELECT count(*) FROM extra_stream e WHERE e.activity_id = a.id),
            a.summary_only
         FROM activity a
         WHERE a.athlete_id = ?1 AND a.start_utc BETWEEN ?2 AND ?3
           AND (a.sport = ?4 OR a.sport = 'other' OR ?4 = 'other')
           AND a.source_format <> 'manual'",
    )?;
    let rows = st.query_map(
        params![
            p.athlete_id,
            a.start_utc - MATCH_WINDOW_S,
            a.start_utc + MATCH_WINDOW_S,
            sport
        ],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, f64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, bool>(6)?,
            ))
        },
    )?;
    for row in rows {
        let (id, format, start, elapsed, samples, streams, summary_only) = row?;
        if overlaps(a.start_utc, a.elapsed_s, start, elapsed) {
            return Ok(Some(Match {
                id,
                richness: (
                    streams as usize,
                    !summary_only,
                    format_rank(&format),
                    samples as usize,
                ),
                format,
            }));
        }
    }
    Ok(None)
}

/// Whether two time spans overlap for at least [`MIN_OVERLAP`] of the shorter one.
pub(crate) fn overlaps(s1: i64, d1: f64, s2: i64, d2: f64) -> bool {
    let shorter = d1.min(d2);
    if shorter <= 0.0 {
        return false;
    }
    let (s1, s2) = (s1 as f64, s2 as f64);
    let overlap = (s1 + d1).min(s2 + d2) - s1.max(s2);
    overlap >= MIN_OVERLAP * shorter
}

fn link_file(c: &Connection, id: i64, p: &Prepared) -> Result<()> {
    c.execute(
        "INSERT INTO linked_file(activity_id, content_hash, file_name, source_format, byte_len, deflated, linked_utc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            id,
            &p.content_hash[..],
            p.file_name,
            p.format.key(),
            p.original_len as i64,
            p.original,
            p.imported_utc
        ],
    )?;
    Ok(())
}

/// The activity columns derived from its file, in the order [`with_derived`] gives
/// their values (shared by the insert and by `reprocess`'s update).
const DERIVED_COLS: [&str; 22] = [
    "name",
    "sport",
    "sub_sport",
    "start_utc",
    "utc_offset_s",
    "elapsed_s",
    "moving_s",
    "distance_m",
    "ascent_m",
    "descent_m",
    "avg_hr",
    "max_hr",
    "avg_power",
    "max_power",
    "avg_speed_mps",
    "avg_cadence",
    "calories",
    "device",
    "sample_count",
    "warnings",
    "pool_length_m",
    "summary_only",
];

fn with_derived<T>(p: &Prepared, f: impl FnOnce(&[&dyn ToSql]) -> T) -> T {
    let a = &p.activity;
    let sport = a.sport_or_other().key();
    let samples = p.sample_count as i64;
    let warnings = serde_json::to_string(&a.warnings).expect("strings serialize");
    f(&[
        &a.name,
        &sport,
        &a.sub_sport,
        &a.start_utc,
        &a.utc_offset_s,
        &a.elapsed_s,
        &a.moving_s,
        &a.distance_m,
        &a.ascent_m,
        &a.descent_m,
        &a.avg_hr,
        &a.max_hr,
        &a.avg_power,
        &a.max_power,
        &a.avg_speed_mps,
        &a.avg_cadence,
        &a.calories,
        &a.device,
        &samples,
        &warnings,
        &a.pool_length_m,
        &a.summary_only,
    ])
}

fn insert_row(c: &Connection, p: &Prepared) -> Result<i64> {
    let marks: Vec<String> = (1..=DERIVED_COLS.len() + 5)
        .map(|i| format!("?{i}"))
        .collect();
    let sql = format!(
        "INSERT INTO activity (athlete_id, source_format, content_hash, imported_utc, rpe, {})
         VALUES ({})",
        DERIVED_COLS.join(", "),
        marks.join(", ")
    );
    let (format, hash) = (p.format.key(), &p.content_hash[..]);
    with_derived(p, |values| {
        let all: Vec<&dyn ToSql> = [
            &p.athlete_id as &dyn ToSql,
            &format,
            &hash,
            &p.imported_utc,
            &p.activity.rpe,
        ]
        .into_iter()
        .chain(values.iter().copied())
        .collect();
        c.prepare_cached(&sql)?.execute(params_from_iter(all))
    })?;
    Ok(c.last_insert_rowid())
}

#[cfg(test)]
mod tests {
    use super::overlaps;

    #[test]
    fn overlap_is_measured_on_the_shorter_span() {
        // Same ride, the TCX starts 5 s later and ends 5 s earlier.
        assert!(overlaps(1000, 3600.0, 1005, 3590.0));
        // A 1 h run fully inside a 2 h ride's span still counts (80 % of the shorter).
        assert!(overlaps(0, 7200.0, 300, 3600.0));
        // Back-to-back sessions do not.
        assert!(!overlaps(0, 3600.0, 3000, 3600.0));
        assert!(!overlaps(0, 0.0, 0, 100.0));
    }
}
