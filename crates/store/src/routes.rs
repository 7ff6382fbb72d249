//! Routes: each athlete's routes with their points, the sections as the athlete edited
//! them, bikes with gearing, the time estimate's assumptions and links from planned
//! workouts to routes.
//!
//! The vault keeps its own rows: points as deflated little-endian columns (the
//! activity streams' encoding: f64 positions, f32 elevation with NaN = none), section
//! kinds as their snake_case keys, tags one per line, gearing as comma-separated
//! teeth. A route without section rows uses the automatic split (the app derives it);
//! every write is one transaction and checks the route belongs to the athlete.

use paceline_types::Sport;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::athletes::exists;
use crate::streams::{decode_f32, decode_f64, encode_f32, encode_f64};
use crate::{Error, Result, Store};

/// A route's points: positions in degrees and elevation in metres (NaN = none), all
/// the same length.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoutePoints {
    pub lat_deg: Vec<f64>,
    pub lon_deg: Vec<f64>,
    pub ele_m: Vec<f32>,
}

/// A stored section: `kind` is `climb`, `descent` or `flat`.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionRow {
    pub name: String,
    pub kind: String,
    pub start_m: f64,
    pub end_m: f64,
}

/// A route without its points (what lists show).
#[derive(Debug, Clone, PartialEq)]
pub struct RouteRow {
    pub id: i64,
    pub name: String,
    pub sport: Sport,
    pub tags: Vec<String>,
    pub notes: String,
    /// The file it was imported from (its name only), when it came from a file.
    pub source_file: Option<String>,
    /// The activity it was saved from, when it was.
    pub from_activity_id: Option<i64>,
    pub created_utc: i64,
    pub point_count: u32,
    pub distance_m: f64,
    pub ascent_m: f64,
    pub descent_m: f64,
    /// The athlete has edited the sections (else they are the automatic split).
    pub sections_edited: bool,
}

/// A route to store.
#[derive(Debug, Clone, Copy)]
pub struct NewRoute<'a> {
    pub name: &'a str,
    pub sport: Sport,
    pub tags: &'a [String],
    pub notes: &'a str,
    pub source_file: Option<&'a str>,
    pub from_activity_id: Option<i64>,
    pub created_utc: i64,
    pub points: &'a RoutePoints,
    pub distance_m: f64,
    pub ascent_m: f64,
    pub descent_m: f64,
}

/// Name, sport, tags and notes of a route (what the athlete may change).
#[derive(Debug, Clone, PartialEq)]
pub struct RouteMeta {
    pub name: String,
    pub sport: Sport,
    pub tags: Vec<String>,
    pub notes: String,
}

/// A bike's gearing as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct BikeRow {
    /// 0 for a bike not stored yet.
    pub id: i64,
    pub name: String,
    pub chainrings: Vec<u16>,
    pub cassette: Vec<u16>,
    pub wheel_circumference_m: f64,
    pub min_cadence_rpm: f64,
    pub is_default: bool,
}

/// The estimate's assumptions the athlete set (the rider's mass is their weight
/// threshold, not stored here).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RouteAssumptions {
    pub bike_kg: f64,
    pub cda_m2: f64,
    pub crr: f64,
    pub drivetrain_loss: f64,
}

/// A planned workout (by its day and name) linked to a route.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkoutRouteLink {
    pub day: i32,
    pub workout_name: String,
    pub route_id: i64,
}

const ROUTE_COLS: &str = "id, name, sport, tags, notes, source_file, from_activity_id, created_utc,
    point_count, distance_m, ascent_m, descent_m, sections_edited";

fn route_row(r: &Row) -> rusqlite::Result<RouteRow> {
    let sport: String = r.get(2)?;
    let tags: String = r.get(3)?;
    Ok(RouteRow {
        id: r.get(0)?,
        name: r.get(1)?,
        sport: Sport::from_key(&sport).unwrap_or(Sport::Other),
        tags: split_tags(&tags),
        notes: r.get(4)?,
        source_file: r.get(5)?,
        from_activity_id: r.get(6)?,
        created_utc: r.get(7)?,
        point_count: r.get(8)?,
        distance_m: r.get(9)?,
        ascent_m: r.get(10)?,
        descent_m: r.get(11)?,
        sections_edited: r.get(12)?,
    })
}

fn split_tags(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

fn join_tags(tags: &[String]) -> String {
    tags.iter()
        .map(|t| t.replace(['\n', '\r'], " ").trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn teeth(s: &str) -> Vec<u16> {
    s.split(',').filter_map(|t| t.trim().parse().ok()).collect()
}

fn join_teeth(t: &[u16]) -> String {
    t.iter().map(u16::to_string).collect::<Vec<_>>().join(",")
}

/// Route `id` belongs to `athlete_id`, else `Missing`.
fn route_owned(c: &Connection, athlete_id: i64, id: i64) -> Result<()> {
    let found = c
        .prepare_cached("SELECT 1 FROM route WHERE id = ?1 AND athlete_id = ?2")?
        .exists((id, athlete_id))?;
    if found {
        Ok(())
    } else {
        Err(Error::Missing { what: "route", id })
    }
}

fn bike_row(r: &Row) -> rusqlite::Result<BikeRow> {
    let rings: String = r.get(2)?;
    let cogs: String = r.get(3)?;
    Ok(BikeRow {
        id: r.get(0)?,
        name: r.get(1)?,
        chainrings: teeth(&rings),
        cassette: teeth(&cogs),
        wheel_circumference_m: r.get(4)?,
        min_cadence_rpm: r.get(5)?,
        is_default: r.get(6)?,
    })
}

fn write_sections(c: &Connection, athlete_id: i64, id: i64, s: &[SectionRow]) -> Result<()> {
    c.execute("DELETE FROM route_section WHERE route_id = ?1", [id])?;
    let mut st = c.prepare_cached(
        "INSERT INTO route_section(route_id, athlete_id, seq, name, kind, start_m, end_m)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (seq, x) in s.iter().enumerate() {
        st.execute(params![
            id, athlete_id, seq as i64, x.name, x.kind, x.start_m, x.end_m
        ])?;
    }
    Ok(())
}

const ENSURE_DEFAULT: &str = "UPDATE bike SET is_default = 1 WHERE athlete_id = ?1
    AND NOT EXISTS (SELECT 1 FROM bike WHERE athlete_id = ?1 AND is_default)
    AND id = (SELECT min(id) FROM bike WHERE athlete_id = ?1)";

impl Store {
    /// Stores a route (points and all, in one transaction); returns its id.
    pub fn add_route(&self, athlete_id: i64, r: &NewRoute) -> Result<i64> {
        let p = r.points;
        if p.lat_deg.len() != p.lon_deg.len() || p.lat_deg.len() != p.ele_m.len() {
            return Err(Error::Damaged(format!(
                "route columns differ in length ({}, {}, {})",
                p.lat_deg.len(),
                p.lon_deg.len(),
                p.ele_m.len()
            )));
        }
        let (lat_enc, lat) = encode_f64(&p.lat_deg);
        let (lon_enc, lon) = encode_f64(&p.lon_deg);
        let (ele_enc, ele) = encode_f32(&p.ele_m);
        self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, athlete_id)?;
            tx.execute(
                "INSERT INTO route(athlete_id, name, sport, tags, notes, source_file,
                    from_activity_id, created_utc, point_count, lat_enc, lat, lon_enc, lon,
                    ele_enc, ele, distance_m, ascent_m, descent_m)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                    ?16, ?17, ?18)",
                params![
                    athlete_id,
                    r.name,
                    r.sport.key(),
                    join_tags(r.tags),
                    r.notes,
                    r.source_file,
                    r.from_activity_id,
                    r.created_utc,
                    p.lat_deg.len() as i64,
                    lat_enc,
                    lat,
                    lon_enc,
                    lon,
                    ele_enc,
                    ele,
                    r.distance_m,
                    r.ascent_m,
                    r.descent_m
                ],
            )?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            Ok(id)
        })
    }

    /// The athlete's routes, newest first.
    pub fn routes(&self, athlete_id: i64) -> Result<Vec<RouteRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {ROUTE_COLS} FROM route WHERE athlete_id = ?1 ORDER BY id DESC"
            ))?;
            let rows = st.query_map([athlete_id], route_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// One route of the athlete (`Missing` when it is not theirs).
    pub fn route(&self, athlete_id: i64, id: i64) -> Result<RouteRow> {
        self.read(|c| {
            c.query_row(
                &format!("SELECT {ROUTE_COLS} FROM route WHERE id = ?1 AND athlete_id = ?2"),
                (id, athlete_id),
                route_row,
            )
            .optional()?
            .ok_or(Error::Missing { what: "route", id })
        })
    }

    /// A route's points.
    pub fn route_points(&self, athlete_id: i64, id: i64) -> Result<RoutePoints> {
        self.read(|c| {
            let row = c
                .query_row(
                    "SELECT lat_enc, lat, lon_enc, lon, ele_enc, ele FROM route
                     WHERE id = ?1 AND athlete_id = ?2",
                    (id, athlete_id),
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, Vec<u8>>(1)?,
                            r.get::<_, i64>(2)?,
                            r.get::<_, Vec<u8>>(3)?,
                            r.get::<_, i64>(4)?,
                            r.get::<_, Vec<u8>>(5)?,
                        ))
                    },
                )
                .optional()?
                .ok_or(Error::Missing { what: "route", id })?;
            let p = RoutePoints {
                lat_deg: decode_f64(row.0, &row.1)?,
                lon_deg: decode_f64(row.2, &row.3)?,
                ele_m: decode_f32(row.4, &row.5)?,
            };
            if p.lat_deg.len() != p.lon_deg.len() || p.lat_deg.len() != p.ele_m.len() {
                return Err(Error::Damaged(format!(
                    "route {id}'s columns differ in length"
                )));
            }
            Ok(p)
        })
    }

    /// Changes name, sport, tags and notes.
    pub fn set_route_meta(&self, athlete_id: i64, id: i64, m: &RouteMeta) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            route_owned(&tx, athlete_id, id)?;
            tx.execute(
                "UPDATE route SET name = ?2, sport = ?3, tags = ?4, notes = ?5 WHERE id = ?1",
                params![id, m.name, m.sport.key(), join_tags(&m.tags), m.notes],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Deletes a route with its sections and workout links.
    pub fn delete_route(&self, athlete_id: i64, id: i64) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            route_owned(&tx, athlete_id, id)?;
            tx.execute("DELETE FROM route_section WHERE route_id = ?1", [id])?;
            tx.execute("DELETE FROM route_workout WHERE route_id = ?1", [id])?;
            tx.execute("DELETE FROM route WHERE id = ?1", [id])?;
            tx.commit()?;
            Ok(())
        })
    }

    /// The sections the athlete edited, in order; `None` when they never did (use the
    /// automatic split).
    pub fn route_sections(&self, athlete_id: i64, id: i64) -> Result<Option<Vec<SectionRow>>> {
        self.read(|c| {
            let edited: bool = c
                .query_row(
                    "SELECT sections_edited FROM route WHERE id = ?1 AND athlete_id = ?2",
                    (id, athlete_id),
                    |r| r.get(0),
                )
                .optional()?
                .ok_or(Error::Missing { what: "route", id })?;
            if !edited {
                return Ok(None);
            }
            let mut st = c.prepare_cached(
                "SELECT name, kind, start_m, end_m FROM route_section WHERE route_id = ?1
                 ORDER BY seq",
            )?;
            let rows = st.query_map([id], |r| {
                Ok(SectionRow {
                    name: r.get(0)?,
                    kind: r.get(1)?,
                    start_m: r.get(2)?,
                    end_m: r.get(3)?,
                })
            })?;
            Ok(Some(rows.collect::<rusqlite::Result<_>>()?))
        })
    }

    /// Replaces the sections with the athlete's edit; `None` goes back to the
    /// automatic split.
    pub fn set_route_sections(
        &self,
        athlete_id: i64,
        id: i64,
        sections: Option<&[SectionRow]>,
    ) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            route_owned(&tx, athlete_id, id)?;
            write_sections(&tx, athlete_id, id, sections.unwrap_or_default())?;
            tx.execute(
                "UPDATE route SET sections_edited = ?2 WHERE id = ?1",
                (id, sections.is_some()),
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// The athlete's bikes, the default first.
    pub fn bikes(&self, athlete_id: i64) -> Result<Vec<BikeRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, name, chainrings, cassette, wheel_circumference_m, min_cadence_rpm,
                    is_default FROM bike WHERE athlete_id = ?1 ORDER BY is_default DESC, id",
            )?;
            let rows = st.query_map([athlete_id], bike_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Adds a bike (`b.id` is ignored) or, with `Some(id)`, replaces that one; returns
    /// its id. The athlete's first bike, or one marked default, becomes the default
    /// (the others lose it).
    pub fn save_bike(&self, athlete_id: i64, id: Option<i64>, b: &BikeRow) -> Result<i64> {
        self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, athlete_id)?;
            let count: i64 = tx.query_row(
                "SELECT count(*) FROM bike WHERE athlete_id = ?1 AND id IS NOT ?2",
                (athlete_id, id),
                |r| r.get(0),
            )?;
            let default = b.is_default || count == 0;
            if default {
                tx.execute(
                    "UPDATE bike SET is_default = 0 WHERE athlete_id = ?1",
                    [athlete_id],
                )?;
            }
            let id = match id {
                Some(id) => {
                    let n = tx.execute(
                        "UPDATE bike SET name = ?2, chainrings = ?3, cassette = ?4,
                            wheel_circumference_m = ?5, min_cadence_rpm = ?6, is_default = ?7
                         WHERE athlete_id = ?1 AND id = ?8",
                        params![
                            athlete_id,
                            b.name,
                            join_teeth(&b.chainrings),
                            join_teeth(&b.cassette),
                            b.wheel_circumference_m,
                            b.min_cadence_rpm,
                            default,
                            id
                        ],
                    )?;
                    if n == 0 {
                        return Err(Error::Missing { what: "bike", id });
                    }
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO bike(athlete_id, name, chainrings, cassette,
                            wheel_circumference_m, min_cadence_rpm, is_default)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![
                            athlete_id,
                            b.name,
                            join_teeth(&b.chainrings),
                            join_teeth(&b.cassette),
                            b.wheel_circumference_m,
                            b.min_cadence_rpm,
                            default
                        ],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            tx.execute(ENSURE_DEFAULT, [athlete_id])?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Removes a bike; when it was the default, the oldest other bike becomes it.
    pub fn delete_bike(&self, athlete_id: i64, id: i64) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            let n = tx.execute(
                "DELETE FROM bike WHERE id = ?1 AND athlete_id = ?2",
                (id, athlete_id),
            )?;
            if n == 0 {
                return Err(Error::Missing { what: "bike", id });
            }
            tx.execute(ENSURE_DEFAULT, [athlete_id])?;
            tx.commit()?;
            Ok(())
        })
    }

    /// The assumptions the athlete set; `None` before they set any.
    pub fn route_assumptions(&self, athlete_id: i64) -> Result<Option<RouteAssumptions>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT bike_kg, cda_m2, crr, drivetrain_loss FROM route_assumptions
                 WHERE athlete_id = ?1",
                [athlete_id],
                |r| {
                    Ok(RouteAssumptions {
                        bike_kg: r.get(0)?,
                        cda_m2: r.get(1)?,
                        crr: r.get(2)?,
                        drivetrain_loss: r.get(3)?,
                    })
                },
            )
            .optional()?)
        })
    }

    pub fn set_route_assumptions(&self, athlete_id: i64, a: &RouteAssumptions) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, athlete_id)?;
            tx.execute(
                "INSERT OR REPLACE INTO route_assumptions(athlete_id, bike_kg, cda_m2, crr,
                    drivetrain_loss) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![athlete_id, a.bike_kg, a.cda_m2, a.crr, a.drivetrain_loss],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Links the planned workout named `workout_name` on `day` to a route of the
    /// athlete (replacing its previous link), or with `None` unlinks it.
    pub fn link_workout_route(
        &self,
        athlete_id: i64,
        day: i32,
        workout_name: &str,
        route_id: Option<i64>,
    ) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction()?;
            exists(&tx, athlete_id)?;
            tx.execute(
                "DELETE FROM route_workout WHERE athlete_id = ?1 AND day = ?2
                   AND workout_name = ?3",
                params![athlete_id, day, workout_name],
            )?;
            if let Some(id) = route_id {
                route_owned(&tx, athlete_id, id)?;
                tx.execute(
                    "INSERT INTO route_workout(athlete_id, day, workout_name, route_id)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![athlete_id, day, workout_name, id],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
    }

    /// The athlete's workout → route links, by day.
    pub fn workout_route_links(&self, athlete_id: i64) -> Result<Vec<WorkoutRouteLink>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT day, workout_name, route_id FROM route_workout WHERE athlete_id = ?1
                 ORDER BY day, workout_name",
            )?;
            let rows = st.query_map([athlete_id], |r| {
                Ok(WorkoutRouteLink {
                    day: r.get(0)?,
                    workout_name: r.get(1)?,
                    route_id: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
