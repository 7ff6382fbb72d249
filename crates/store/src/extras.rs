//! Legs, pool lengths, strength sets, extra streams, HRV and linked files.

use paceline_model::{ExtraStream, Extras, Leg, StrengthSet, SwimLength};
use paceline_types::Sport;
use rusqlite::{params, Connection, OptionalExtension};

use crate::streams::{decode_f32, inflate};
use crate::{Result, Store};

/// Another file of the same recording, kept beside the activity it matched.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkedFile {
    pub file_name: String,
    pub format: String,
    pub byte_len: u64,
    pub linked_utc: i64,
}

pub(crate) fn insert(c: &Connection, id: i64, x: &Extras) -> Result<()> {
    let mut st =
        c.prepare_cached("INSERT INTO leg(activity_id, idx, sport, sub_sport, start_utc, elapsed_s, moving_s, distance_m, avg_hr, avg_power, calories) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")?;
    for (i, l) in x.legs.iter().enumerate() {
        st.execute(params![
            id,
            i as i64,
            l.sport.unwrap_or(Sport::Other).key(),
            l.sub_sport,
            l.start_utc,
            l.elapsed_s,
            l.moving_s,
            l.distance_m,
            l.avg_hr,
            l.avg_power,
            l.calories
        ])?;
    }
    let mut st = c.prepare_cached("INSERT INTO swim_length(activity_id, idx, start_utc, elapsed_s, strokes, stroke, active) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
    for (i, l) in x.lengths.iter().enumerate() {
        st.execute(params![
            id,
            i as i64,
            l.start_utc,
            l.elapsed_s,
            l.strokes,
            l.stroke,
            l.active
        ])?;
    }
    let mut st =
        c.prepare_cached("INSERT INTO strength_set(activity_id, idx, start_utc, duration_s, reps, weight_kg, category, active) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
    for (i, s) in x.sets.iter().enumerate() {
        st.execute(params![
            id,
            i as i64,
            s.start_utc,
            s.duration_s,
            s.reps,
            s.weight_kg,
            s.category,
            s.active
        ])?;
    }
    Ok(())
}

impl Store {
    /// Everything stored beyond the core streams of an activity.
    pub fn extras(&self, athlete_id: i64, id: i64) -> Result<Extras> {
        self.read(|c| {
            crate::owned(c, athlete_id, id)?;
            let legs = c
                .prepare_cached(
                    "SELECT sport, sub_sport, start_utc, elapsed_s, moving_s, distance_m, avg_hr,
                        avg_power, calories FROM leg WHERE activity_id = ?1 ORDER BY idx",
                )?
                .query_map([id], |r| {
                    Ok(Leg {
                        sport: Sport::from_key(&r.get::<_, String>(0)?),
                        sub_sport: r.get(1)?,
                        start_utc: r.get(2)?,
                        elapsed_s: r.get(3)?,
                        moving_s: r.get(4)?,
                        distance_m: r.get(5)?,
                        avg_hr: r.get(6)?,
                        avg_power: r.get(7)?,
                        calories: r.get(8)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let lengths = c
                .prepare_cached(
                    "SELECT start_utc, elapsed_s, strokes, stroke, active FROM swim_length
                     WHERE activity_id = ?1 ORDER BY idx",
                )?
                .query_map([id], |r| {
                    Ok(SwimLength {
                        start_utc: r.get(0)?,
                        elapsed_s: r.get(1)?,
                        strokes: r.get(2)?,
                        stroke: r.get(3)?,
                        active: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let sets = c
                .prepare_cached(
                    "SELECT start_utc, duration_s, reps, weight_kg, category, active
                     FROM strength_set WHERE activity_id = ?1 ORDER BY idx",
                )?
                .query_map([id], |r| {
                    Ok(StrengthSet {
                        start_utc: r.get(0)?,
                        duration_s: r.get(1)?,
                        reps: r.get(2)?,
                        weight_kg: r.get(3)?,
                        category: r.get(4)?,
                        active: r.get(5)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut streams = Vec::new();
            let mut st = c.prepare_cached(
                "SELECT key, name, units, encoding, data FROM extra_stream
                 WHERE activity_id = ?1 ORDER BY key",
            )?;
            let mut rows = st.query([id])?;
            while let Some(r) = rows.next()? {
                let blob = r.get_ref(4)?.as_blob().map_err(rusqlite::Error::from)?;
                streams.push(ExtraStream {
                    key: r.get(0)?,
                    name: r.get(1)?,
                    units: r.get(2)?,
                    values: decode_f32(r.get(3)?, blob)?,
                });
            }
            let rr: Option<(u32, i64, Vec<u8>)> = c
                .query_row(
                    "SELECT beats, encoding, rr_deflated FROM hrv WHERE activity_id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let rr_ms = match rr {
                // Codec 3 keeps whole milliseconds exactly (step 1).
                Some((_, crate::codec::ENC_CODEC, blob)) => crate::codec::decode_f32(&blob)?
                    .into_iter()
                    .map(|x| x as u16)
                    .collect(),
                Some((beats, _, blob)) => inflate(&blob, beats as usize * 2)?
                    .chunks_exact(2)
                    .map(|b| u16::from_le_bytes([b[0], b[1]]))
                    .collect(),
                None => Vec::new(),
            };
            Ok(Extras {
                legs,
                streams,
                rr_ms,
                lengths,
                sets,
            })
        })
    }

    /// One extra stream's values (aligned with the time stream), if recorded.
    pub fn extra_stream(&self, athlete_id: i64, id: i64, key: &str) -> Result<Option<Vec<f32>>> {
        self.read(|c| {
            crate::owned(c, athlete_id, id)?;
            let mut st = c.prepare_cached(
                "SELECT encoding, data FROM extra_stream WHERE activity_id = ?1 AND key = ?2",
            )?;
            let mut rows = st.query(rusqlite::params![id, key])?;
            match rows.next()? {
                Some(r) => {
                    let blob = r.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?;
                    Ok(Some(decode_f32(r.get(0)?, blob)?))
                }
                None => Ok(None),
            }
        })
    }

    /// Other files of the same recording, kept beside activity `id`.
    pub fn linked_files(&self, athlete_id: i64, id: i64) -> Result<Vec<LinkedFile>> {
        self.read(|c| {
            crate::owned(c, athlete_id, id)?;
            Ok(c.prepare_cached(
                "SELECT file_name, source_format, byte_len, linked_utc FROM linked_file
                 WHERE activity_id = ?1 ORDER BY linked_utc, file_name",
            )?
            .query_map([id], |r| {
                Ok(LinkedFile {
                    file_name: r.get(0)?,
                    format: r.get(1)?,
                    byte_len: r.get::<_, i64>(2)? as u64,
                    linked_utc: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
        })
    }
}
