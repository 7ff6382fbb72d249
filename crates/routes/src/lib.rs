//! Paceline routes: the pure core of the Routes page.
//!
//! A [`Route`] is a line of points (latitude, longitude, optional elevation) read from a
//! GPX route or track ([`gpx`]) or saved from a recorded activity
//! ([`Route::from_points`]). [`Profile`] resamples it to a fixed step with smoothed
//! elevation; [`sections`] splits that profile into climbs, descents and flats by a
//! documented rule and lets the athlete split, merge and rename them; [`physics`]
//! estimates riding time from power and running time from grade-adjusted pace;
//! [`gearing`] finds the gear a section needs; [`matching`] finds recorded activities
//! that ride or run a route and times their sections.
//!
//! Nothing here reads files, the clock or the store: bytes and numbers in, values out.
//! Bad input gives a typed error, never a panic.

pub mod gearing;
pub mod geometry;
pub mod gpx;
pub mod matching;
pub mod physics;
pub mod profile;
pub mod sections;
pub mod summary;

use serde::{Deserialize, Serialize};

pub use gearing::{lowest_gear, Bike, Gear, GearNeed, GearingError};
pub use geometry::haversine_m;
pub use matching::{match_route, ActivityTrack, MatchError, MatchOptions, RouteMatch, RouteTrace};
pub use physics::{
    estimate, BikeAssumptions, Estimate, Intensity, PhysicsError, RunAssumptions, SectionEstimate,
};
pub use profile::{Profile, ProfileOptions};
pub use sections::{
    auto_sections, route_stats, section_stats, Section, SectionEditError, SectionKind, SectionRule,
    SectionStats,
};
pub use summary::{summarize, RouteSummary, SectionSummary};

/// One point of a route. Elevation is `None` where the file has none.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RoutePoint {
    pub lat_deg: f64,
    pub lon_deg: f64,
    pub ele_m: Option<f64>,
}

/// A planned line to ride or run: points in order, at least two distinct positions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    /// The file's route/track name (else its metadata name); may be empty.
    pub name: String,
    /// The file's `<type>` for the route or track, when it has one ("cycling", "Run").
    pub kind: Option<String>,
    pub points: Vec<RoutePoint>,
}

/// Why bytes or streams do not make a route. Messages say what to do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RouteError {
    #[error("the file is empty (0 bytes)")]
    Empty,
    #[error("not a GPX file{}; routes are imported from GPX files", looks_like.map(|k| format!(": looks like {k}")).unwrap_or_default())]
    NotGpx { looks_like: Option<&'static str> },
    #[error("damaged GPX file: {0}; export the route again")]
    Damaged(String),
    #[error("the file is cut off ({0}); download or export the route again")]
    Truncated(String),
    #[error("holds no route ({0})")]
    NoRoute(String),
    #[error(
        "the latitude, longitude and elevation streams differ in length ({lat}, {lon}, {ele})"
    )]
    StreamLengths { lat: usize, lon: usize, ele: usize },
}

impl Route {
    /// "Save as route" from a recorded activity's streams (`Streams::lat_deg`,
    /// `lon_deg`, `altitude_m`). Samples without a valid position are skipped;
    /// `ele_m` may be empty (no elevation) or NaN where missing. Consecutive samples at
    /// the same position (standing still) are kept once.
    pub fn from_points(
        name: impl Into<String>,
        lat_deg: &[f64],
        lon_deg: &[f64],
        ele_m: &[f32],
    ) -> Result<Route, RouteError> {
        if lat_deg.len() != lon_deg.len() || !(ele_m.is_empty() || ele_m.len() == lat_deg.len()) {
            return Err(RouteError::StreamLengths {
                lat: lat_deg.len(),
                lon: lon_deg.len(),
                ele: ele_m.len(),
            });
        }
        let mut points: Vec<RoutePoint> = Vec::with_capacity(lat_deg.len());
        for (i, (&lat, &lon)) in lat_deg.iter().zip(lon_deg).enumerate() {
            if !valid_position(lat, lon) {
                continue;
            }
            let ele = ele_m
                .get(i)
                .map(|&e| f64::from(e))
                .filter(|e| e.is_finite());
            match points.last_mut() {
                Some(p) if p.lat_deg == lat && p.lon_deg == lon => {
                    p.ele_m = p.ele_m.or(ele);
                }
                _ => points.push(RoutePoint {
                    lat_deg: lat,
                    lon_deg: lon,
                    ele_m: ele,
                }),
            }
        }
        Route::new(name.into(), None, points)
    }

    /// A route from points, refused when it has fewer than two distinct positions.
    pub fn new(
        name: String,
        kind: Option<String>,
        points: Vec<RoutePoint>,
    ) -> Result<Route, RouteError> {
        let points: Vec<RoutePoint> = points
            .into_iter()
            .filter(|p| valid_position(p.lat_deg, p.lon_deg))
            .map(|p| RoutePoint {
                ele_m: p.ele_m.filter(|e| e.is_finite()),
                ..p
            })
            .collect();
        let Some(first) = points.first() else {
            return Err(RouteError::NoRoute("no points with a position".into()));
        };
        if points
            .iter()
            .all(|p| p.lat_deg == first.lat_deg && p.lon_deg == first.lon_deg)
        {
            return Err(RouteError::NoRoute(
                "all points are at the same place".into(),
            ));
        }
        Ok(Route { name, kind, points })
    }

    /// Length along the points, metres (haversine sum).
    pub fn distance_m(&self) -> f64 {
        self.points
            .windows(2)
            .map(|w| haversine_m(w[0].lat_deg, w[0].lon_deg, w[1].lat_deg, w[1].lon_deg))
            .sum()
    }

    /// Whether any point carries an elevation.
    pub fn has_elevation(&self) -> bool {
        self.points.iter().any(|p| p.ele_m.is_some())
    }
}

fn valid_position(lat: f64, lon: f64) -> bool {
    lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0
}
