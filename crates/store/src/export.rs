//! Everything an athlete owns, read out for export to open formats: every table as
//! rows of plain cells, and the original activity files as imported. Binary columns
//! are hex; columnar streams, power curves and RR intervals are not tables a person
//! reads (the original files hold that data), and secrets (API keys, Garmin tokens)
//! are never exported. Route points, which no original file holds, are decoded into
//! `route_points`.

use paceline_types::AthleteId;
use rusqlite::types::ValueRef;

use crate::streams::unpack_original;
use crate::{Result, Store};

/// One value of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// Receives each exported row: the column names and the row's cells.
pub type RowFn<'a> = &'a mut dyn FnMut(&[String], Vec<Cell>) -> Result<()>;

/// `?1` is the athlete (NULL: every athlete).
const BY_ATHLETE: &str = "(?1 IS NULL OR athlete_id = ?1)";
const BY_ACTIVITY: &str =
    "activity_id IN (SELECT id FROM activity WHERE ?1 IS NULL OR athlete_id = ?1)";

const BY_DIGEST: &str =
    "(?1 IS NULL OR id IN (SELECT digest_id FROM digest_member WHERE athlete_id = ?1))";

/// Exported tables: their file name and the query of one athlete's (or all) rows.
const TABLES: &[(&str, &str, &str)] = &[
    ("athletes", "SELECT id, name, sex, created_utc, archived_utc, tz FROM athlete", "(?1 IS NULL OR id = ?1)"),
    ("activities", "SELECT id, athlete_id, name, sport, sub_sport, start_utc, utc_offset_s, elapsed_s, moving_s, distance_m, ascent_m, descent_m, avg_hr, max_hr, avg_power, max_power, avg_speed_mps, avg_cadence, calories, device, source_format, content_hash, sample_count, warnings, imported_utc, rpe, pool_length_m, summary_only FROM activity", BY_ATHLETE),
    ("laps", "SELECT * FROM lap", BY_ACTIVITY),
    ("legs", "SELECT * FROM leg", BY_ACTIVITY),
    ("swim_lengths", "SELECT * FROM swim_length", BY_ACTIVITY),
    ("strength_sets", "SELECT * FROM strength_set", BY_ACTIVITY),
    ("metrics", "SELECT activity_id, load, load_source, json FROM activity_metrics", BY_ACTIVITY),
    ("linked_files", "SELECT activity_id, content_hash, file_name, source_format, byte_len, linked_utc FROM linked_file", BY_ACTIVITY),
    ("thresholds", "SELECT * FROM threshold", BY_ATHLETE),
    ("wellness", "SELECT * FROM wellness", BY_ATHLETE),
    ("watched_folders", "SELECT * FROM watched_folder", BY_ATHLETE),
    ("plan_races", "SELECT * FROM plan_race", BY_ATHLETE),
    ("plan_availability", "SELECT * FROM plan_availability", BY_ATHLETE),
    ("plan_equipment", "SELECT * FROM plan_equipment", BY_ATHLETE),
    ("plan_injuries", "SELECT * FROM plan_injury", BY_ATHLETE),
    ("plan_rules", "SELECT * FROM plan_rules", BY_ATHLETE),
    ("plan_profile", "SELECT * FROM plan_profile", BY_ATHLETE),
    ("plan_versions", "SELECT * FROM plan_version", BY_ATHLETE),
    ("plan_workouts", "SELECT * FROM plan_workout", BY_ATHLETE),
    ("job_runs", "SELECT * FROM job_run", BY_ATHLETE),
    // Routes without their encoded point columns: those are decoded into
    // `route_points` (one row a point), see [`ROUTE_POINTS`].
    ("routes", "SELECT id, athlete_id, name, sport, tags, notes, source_file, from_activity_id, created_utc, point_count, distance_m, ascent_m, descent_m, sections_edited FROM route", BY_ATHLETE),
    ("route_sections", "SELECT * FROM route_section", BY_ATHLETE),
    ("route_workouts", "SELECT * FROM route_workout", BY_ATHLETE),
    ("bikes", "SELECT * FROM bike", BY_ATHLETE),
    ("route_assumptions", "SELECT * FROM route_assumptions", BY_ATHLETE),
    ("logbook_exercises", "SELECT * FROM lb_exercise", BY_ATHLETE),
    ("logbook_sessions", "SELECT * FROM lb_session", BY_ATHLETE),
    ("logbook_sets", "SELECT * FROM lb_set", BY_ATHLETE),
    ("logbook_manual", "SELECT * FROM lb_manual", BY_ATHLETE),
    ("journal", "SELECT * FROM lb_journal", BY_ATHLETE),
    ("body", "SELECT * FROM lb_body", BY_ATHLETE),
    ("coach_chats", "SELECT * FROM coach_chat", BY_ATHLETE),
    ("coach_suggestions", "SELECT * FROM coach_suggestion", BY_ATHLETE),
    ("coach_reviews", "SELECT * FROM coach_review", BY_ATHLETE),
    ("coach_deep_runs", "SELECT * FROM coach_deep_run", BY_ATHLETE),
    ("coach_deep_steps", "SELECT * FROM coach_deep_step", BY_ATHLETE),
    // Every model call and its cost; an export of all also has the calls of deleted
    // athletes (athlete_id NULL).
    ("coach_ledger", "SELECT * FROM coach_ledger", BY_ATHLETE),
    ("garmin_activities", "SELECT * FROM garmin_activity", BY_ATHLETE),
    ("garmin_sync_log", "SELECT * FROM garmin_sync_log", BY_ATHLETE),
    // The cursors and the login cooldown; the tokens live with the secrets, never here.
    ("garmin_sync_state", "SELECT * FROM garmin_sync_state", BY_ATHLETE),
    // Groups the athlete is in, and the digests that name them (other members' week
    // numbers included: the digest is the group's shared page). The PNG stays out.
    ("groups", "SELECT * FROM athlete_group", "(?1 IS NULL OR id IN (SELECT group_id FROM group_member WHERE athlete_id = ?1))"),
    ("group_members", "SELECT * FROM group_member", BY_ATHLETE),
    ("digests", "SELECT id, group_id, week, created_utc, markdown FROM digest", BY_DIGEST),
    ("digest_deliveries", "SELECT * FROM digest_delivery", "(?1 IS NULL OR digest_id IN (SELECT digest_id FROM digest_member WHERE athlete_id = ?1))"),
];

/// The routes' points, decoded from the vault's own column encoding: route_id,
/// athlete_id, seq, lat, lon, ele (empty where the route has no elevation).
const ROUTE_POINTS: &str = "route_points";

/// The names of the exported tables, in export order.
pub fn export_tables() -> impl Iterator<Item = &'static str> {
    TABLES
        .iter()
        .map(|t| t.0)
        .chain(std::iter::once(ROUTE_POINTS))
}

/// An original activity file, decompressed, with what names it.
#[derive(Debug, Clone, PartialEq)]
pub struct OriginalFile {
    pub activity_id: i64,
    pub athlete_id: AthleteId,
    pub start_utc: i64,
    pub utc_offset_s: i32,
    pub sport: String,
    pub file_name: String,
    /// Another file of the same recording (a TCX beside its FIT).
    pub linked: bool,
    pub bytes: Vec<u8>,
}

fn cell(v: ValueRef) -> Cell {
    match v {
        ValueRef::Null => Cell::Null,
        ValueRef::Integer(i) => Cell::Int(i),
        ValueRef::Real(f) => Cell::Real(f),
        ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Cell::Text(crate::keys::hex(b)),
    }
}

impl Store {
    /// Calls `row` with the column names and each row of `table` (one of
    /// [`export_tables`]) for `athlete`, or every athlete with `None`.
    pub fn export_table(&self, table: &str, athlete: Option<AthleteId>, row: RowFn) -> Result<()> {
        if table == ROUTE_POINTS {
            return self.export_route_points(athlete, row);
        }
        let (_, select, filter) =
            TABLES
                .iter()
                .find(|t| t.0 == table)
                .ok_or_else(|| crate::Error::Missing {
                    what: "export table",
                    id: 0,
                })?;
        self.read(|c| {
            let mut st = c.prepare(&format!("{select} WHERE {filter} ORDER BY rowid"))?;
            let cols: Vec<String> = st.column_names().iter().map(|s| s.to_string()).collect();
            let mut rows = st.query([athlete])?;
            while let Some(r) = rows.next()? {
                let cells = (0..cols.len())
                    .map(|i| r.get_ref(i).map(cell))
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                row(&cols, cells)?;
            }
            Ok(())
        })
    }

    /// One row a route point, route by route (one route's points in memory at a time).
    fn export_route_points(&self, athlete: Option<AthleteId>, row: RowFn) -> Result<()> {
        let routes: Vec<(i64, i64)> = self.read(|c| {
            let mut st = c.prepare(&format!(
                "SELECT id, athlete_id FROM route WHERE {BY_ATHLETE} ORDER BY id"
            ))?;
            let rows = st.query_map([athlete], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })?;
        let cols: Vec<String> = ["route_id", "athlete_id", "seq", "lat", "lon", "ele"]
            .map(String::from)
            .to_vec();
        for (route, owner) in routes {
            let p = self.route_points(owner, route)?;
            for (i, ((lat, lon), ele)) in p.lat_deg.iter().zip(&p.lon_deg).zip(&p.ele_m).enumerate()
            {
                let ele = if ele.is_finite() {
                    Cell::Real(f64::from(*ele))
                } else {
                    Cell::Null
                };
                let cells = vec![
                    Cell::Int(route),
                    Cell::Int(owner),
                    Cell::Int(i as i64),
                    Cell::Real(*lat),
                    Cell::Real(*lon),
                    ele,
                ];
                row(&cols, cells)?;
            }
        }
        Ok(())
    }

    /// Calls `file` with each original activity file (and linked file) of `athlete`,
    /// or of every athlete, one at a time (a 10-year history does not fit in memory).
    pub fn export_originals(
        &self,
        athlete: Option<AthleteId>,
        file: &mut dyn FnMut(OriginalFile) -> Result<()>,
    ) -> Result<()> {
        let ids: Vec<(i64, bool, Vec<u8>)> = self.read(|c| {
            let mut st = c.prepare(
                "SELECT activity_id, 0, x'' FROM source_file WHERE activity_id IN
                    (SELECT id FROM activity WHERE ?1 IS NULL OR athlete_id = ?1)
                 UNION ALL
                 SELECT activity_id, 1, content_hash FROM linked_file WHERE activity_id IN
                    (SELECT id FROM activity WHERE ?1 IS NULL OR athlete_id = ?1)
                 ORDER BY 1, 2",
            )?;
            let rows = st.query_map([athlete], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })?;
        for (id, linked, hash) in ids {
            let (meta, name, len, blob) = self.read(|c| {
                let meta = c.query_row(
                    "SELECT athlete_id, start_utc, utc_offset_s, sport FROM activity WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )?;
                let (name, len, blob): (String, i64, Vec<u8>) = if linked {
                    c.query_row(
                        "SELECT file_name, byte_len, deflated FROM linked_file
                         WHERE activity_id = ?1 AND content_hash = ?2",
                        (id, &hash),
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )?
                } else {
                    c.query_row(
                        "SELECT file_name, byte_len, deflated FROM source_file WHERE activity_id = ?1",
                        [id],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )?
                };
                Ok((meta, name, len, blob))
            })?;
            let (athlete_id, start_utc, utc_offset_s, sport): (i64, i64, i32, String) = meta;
            file(OriginalFile {
                activity_id: id,
                athlete_id,
                start_utc,
                utc_offset_s,
                sport,
                file_name: name,
                linked,
                bytes: unpack_original(&blob, len as usize)?,
            })?;
        }
        Ok(())
    }
}
