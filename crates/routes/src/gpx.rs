//! GPX 1.0/1.1 routes (`rte/rtept`) and tracks (`trk/trkseg/trkpt`) as [`Route`]s.
//!
//! Times are not needed (planned routes have none) and are ignored. A track's segments
//! are joined into one line. The walk is the activity importer's
//! (`paceline_import::xml`): BOM, leading whitespace, any namespace prefix.
//!
//! Unlike an activity, half a route is not a route: a cut-off or damaged file is refused
//! with [`RouteError::Truncated`] / [`RouteError::Damaged`], not salvaged.

use paceline_import::xml::{self, attr, num, Handler};

use crate::{Route, RouteError, RoutePoint};

#[derive(Default)]
struct Line {
    name: Option<String>,
    kind: Option<String>,
    points: Vec<RoutePoint>,
}

#[derive(Default)]
struct Gpx {
    meta_name: Option<String>,
    lines: Vec<Line>,
    /// Open `rte`/`trk`.
    cur: Option<Line>,
    /// Open `rtept`/`trkpt`.
    pt: Option<RoutePoint>,
    waypoints: usize,
}

impl Handler for Gpx {
    fn open(&mut self, path: &[String], attrs: &[(String, String)]) {
        match path.last().map(String::as_str) {
            Some("rte" | "trk") => self.cur = Some(Line::default()),
            Some("rtept" | "trkpt") if self.cur.is_some() => {
                self.pt = Some(RoutePoint {
                    lat_deg: attr(attrs, "lat").and_then(num).unwrap_or(f64::NAN),
                    lon_deg: attr(attrs, "lon").and_then(num).unwrap_or(f64::NAN),
                    ele_m: None,
                })
            }
            _ => {}
        }
    }

    fn close(&mut self, path: &[String], text: &str) {
        let name = path.last().map_or("", String::as_str);
        let parent = path.len().checked_sub(2).map_or("", |i| path[i].as_str());
        let non_empty = || Some(text.to_string()).filter(|t| !t.is_empty());
        match (name, parent) {
            ("ele", "rtept" | "trkpt") => {
                if let Some(p) = self.pt.as_mut() {
                    p.ele_m = num(text);
                }
            }
            ("rtept" | "trkpt", _) => {
                if let (Some(p), Some(l)) = (self.pt.take(), self.cur.as_mut()) {
                    l.points.push(p);
                }
            }
            ("name", "rte" | "trk") => {
                if let Some(l) = self.cur.as_mut() {
                    l.name = l.name.take().or_else(non_empty);
                }
            }
            ("type", "rte" | "trk") => {
                if let Some(l) = self.cur.as_mut() {
                    l.kind = l.kind.take().or_else(non_empty);
                }
            }
            ("rte" | "trk", _) => {
                if let Some(l) = self.cur.take() {
                    self.lines.push(l);
                }
            }
            ("name", "metadata" | "gpx") if self.meta_name.is_none() => {
                self.meta_name = non_empty()
            }
            ("wpt", _) => self.waypoints += 1,
            _ => {}
        }
    }
}

/// Every route and track in the file, in file order; empty ones (no or one point) are
/// left out. Fails when the file holds none.
pub fn parse_all(bytes: &[u8]) -> Result<Vec<Route>, RouteError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(RouteError::Empty);
    }
    let text = xml::prepare(bytes);
    if !text.starts_with('<') || !text.contains("<gpx") {
        return Err(RouteError::NotGpx {
            looks_like: paceline_import::sniff(bytes),
        });
    }
    let mut g = Gpx::default();
    if let Err(e) = xml::walk(&text, &mut g) {
        return Err(if e.truncated {
            RouteError::Truncated(e.reason)
        } else {
            RouteError::Damaged(e.reason)
        });
    }
    let lines = g.lines.len();
    let meta = g.meta_name.clone().unwrap_or_default();
    let routes: Vec<Route> = g
        .lines
        .into_iter()
        .filter_map(|l| Route::new(l.name.unwrap_or_else(|| meta.clone()), l.kind, l.points).ok())
        .collect();
    if routes.is_empty() {
        let why = if lines > 0 {
            "its routes and tracks have fewer than two points with a position"
        } else if g.waypoints > 0 {
            "only waypoints, no route or track"
        } else {
            "no route or track"
        };
        return Err(RouteError::NoRoute(why.into()));
    }
    Ok(routes)
}

/// The file's route: the route or track with the most points (a file with a planned
/// `rte` and the recorded `trk` of it gives the denser line).
pub fn parse(bytes: &[u8]) -> Result<Route, RouteError> {
    let mut all = parse_all(bytes)?;
    let best = (0..all.len())
        .max_by_key(|&i| (all[i].points.len(), std::cmp::Reverse(i)))
        .unwrap_or(0);
    Ok(all.swap_remove(best))
}
