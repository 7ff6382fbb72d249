//! GPX 1.0 and 1.1 tracks, with Garmin's `TrackPointExtension` (hr, cad, atemp,
//! speed) and the power extensions (`PowerInWatts`, `power`).
//!
//! Why not the `gpx` crate: measured on the corpus (gpx 0.10) it drops every
//! `<extensions>` value (no heart rate, cadence or power), rejects GPX 1.0 files using
//! `<magvar>` and files without a `version` attribute (the BOM sample). quick-xml with a
//! small path-based reader handles all of them.

use paceline_model::{Activity, Streams};

use crate::xml::{self, attr, num, parse_time, Handler, XmlError};
use crate::{sniff, sport_from_text, ImportError};

#[derive(Default, Clone)]
struct Point {
    t: Option<f64>,
    lat: Option<f64>,
    lon: Option<f64>,
    ele: Option<f64>,
    hr: Option<f64>,
    cad: Option<f64>,
    power: Option<f64>,
    temp: Option<f64>,
    speed: Option<f64>,
}

#[derive(Default)]
struct Gpx {
    creator: Option<String>,
    track_name: Option<String>,
    meta_name: Option<String>,
    kind: Option<String>,
    points: Vec<Point>,
    cur: Option<Point>,
    route_points: usize,
    waypoints: usize,
}

fn parent(path: &[String]) -> &str {
    path.len().checked_sub(2).map_or("", |i| path[i].as_str())
}

impl Handler for Gpx {
    fn open(&mut self, path: &[String], attrs: &[(String, String)]) {
        match path.last().map(String::as_str) {
            Some("gpx") => self.creator = attr(attrs, "creator").map(str::to_string),
            Some("trkpt") => {
                self.cur = Some(Point {
                    lat: attr(attrs, "lat").and_then(num),
                    lon: attr(attrs, "lon").and_then(num),
                    ..Default::default()
                })
            }
            _ => {}
        }
    }

    fn close(&mut self, path: &[String], text: &str) {
        let name = path.last().map_or("", String::as_str);
        if let Some(p) = self.cur.as_mut() {
            // Extension names vary by vendor; matched by local name, lower case.
            match name.to_ascii_lowercase().as_str() {
                "trkpt" => {
                    if let Some(p) = self.cur.take() {
                        self.points.push(p);
                    }
                }
                "ele" => p.ele = num(text),
                "time" if parent(path) == "trkpt" => p.t = parse_time(text),
                "hr" | "heartrate" => p.hr = num(text),
                "cad" | "cadence" => p.cad = num(text),
                "powerinwatts" | "power" | "watts" => p.power = num(text),
                "atemp" | "temp" => p.temp = num(text),
                "speed" => p.speed = num(text),
                _ => {}
            }
            return;
        }
        let non_empty = || Some(text.to_string()).filter(|t| !t.is_empty());
        match (name, parent(path)) {
            ("name", "trk") if self.track_name.is_none() => self.track_name = non_empty(),
            ("type", "trk") if self.kind.is_none() => self.kind = non_empty(),
            ("name", "metadata" | "gpx") if self.meta_name.is_none() => {
                self.meta_name = non_empty()
            }
            ("rtept", _) => self.route_points += 1,
            ("wpt", _) => self.waypoints += 1,
            _ => {}
        }
    }
}

pub(crate) fn decode(bytes: &[u8]) -> Result<Activity, ImportError> {
    let text = xml::prepare(bytes);
    if !text.starts_with('<') || !text.contains("<gpx") {
        return Err(ImportError::WrongContent {
            expected: "GPX",
            looks_like: sniff(bytes),
        });
    }
    let mut g = Gpx::default();
    let damage = xml::walk(&text, &mut g).err();
    build(g, damage)
}

fn build(g: Gpx, damage: Option<XmlError>) -> Result<Activity, ImportError> {
    let track_points = g.points.len();
    let timed: Vec<&Point> = g.points.iter().filter(|p| p.t.is_some()).collect();
    let damaged = |e: XmlError| ImportError::Damaged {
        format: "GPX",
        reason: e.reason,
    };
    if timed.len() < 2 {
        if let Some(e) = damage {
            return Err(damaged(e));
        }
        let why = if track_points > 0 || g.route_points > 0 {
            "a route without times — import it as a route"
        } else if g.waypoints > 0 {
            "only waypoints, no track"
        } else {
            "no track points"
        };
        return Err(ImportError::NoActivity(why.into()));
    }
    let span = timed
        .iter()
        .filter_map(|p| p.t)
        .fold((f64::MAX, f64::MIN), |(lo, hi), t| (lo.min(t), hi.max(t)));
    if span.1 - span.0 <= 0.0 {
        return Err(ImportError::NoActivity(
            "all points carry the same time".into(),
        ));
    }
    // A few stray times (GPSBabel marks some points) do not make a planned route a recording.
    if timed.len() * 2 < track_points {
        return Err(ImportError::NoActivity(
            "a route without times — import it as a route".into(),
        ));
    }
    let mut a = Activity {
        name: g.track_name.or(g.meta_name).unwrap_or_default(),
        sport: g.kind.as_deref().and_then(sport_from_text),
        device: g.creator.as_deref().and_then(creator),
        ..Default::default()
    };
    a.streams = streams(&timed, &mut a.start_utc);
    if let Some(e) = damage {
        let kept = a.streams.len();
        a.warnings.push(if e.truncated {
            format!("the file is cut off; the {kept} track points before the cut were kept")
        } else {
            format!(
                "the file is damaged ({}); the {kept} track points before it were kept",
                e.reason
            )
        });
    }
    Ok(a)
}

/// "GPS Visualizer http://www.gpsvisualizer.com/" → "GPS Visualizer".
fn creator(c: &str) -> Option<String> {
    let c = c.trim();
    // "http://ridewithgps.com/" → "ridewithgps.com"
    let c = match c.split_once("://") {
        Some((scheme, rest)) if !scheme.contains(' ') => rest.trim_end_matches('/'),
        _ => c
            .split(" http")
            .next()
            .unwrap_or(c)
            .trim_end_matches([' ', '-']),
    };
    (!c.is_empty()).then(|| c.to_string())
}

/// Samples in time order (a point stepping back in time is dropped), all segments
/// joined. Distance is summed point to point, across segment breaks too: a break is
/// usually lost GPS while the athlete kept moving.
fn streams(points: &[&Point], start: &mut i64) -> Streams {
    let t0 = points[0].t.unwrap_or_default();
    *start = t0.floor() as i64;
    let base = *start as f64;
    let f = |v: Option<f64>| v.map_or(f32::NAN, |x| x as f32);
    let mut s = Streams::default();
    let mut dist = 0.0f64;
    let mut last_pos: Option<(f64, f64)> = None;
    let have_speed = points.iter().any(|p| p.speed.is_some());
    for p in points {
        let t = p.t.unwrap_or_default() - base;
        let prev_t = s.time_s.last().copied();
        if prev_t.is_some_and(|last| t < last) {
            continue;
        }
        let pos = p
            .lat
            .zip(p.lon)
            .filter(|(la, lo)| la.abs() <= 90.0 && lo.abs() <= 180.0);
        let before = dist;
        if let (Some((la, lo)), Some((pla, plo))) = (pos, last_pos) {
            dist += xml::haversine_m(pla, plo, la, lo);
        }
        if pos.is_some() {
            last_pos = pos;
        }
        s.time_s.push(t);
        s.lat_deg.push(pos.map_or(f64::NAN, |x| x.0));
        s.lon_deg.push(pos.map_or(f64::NAN, |x| x.1));
        s.altitude_m.push(f(p.ele));
        s.distance_m.push(if last_pos.is_some() {
            dist as f32
        } else {
            f32::NAN
        });
        let speed = if have_speed {
            p.speed
        } else {
            prev_t
                .map(|pt| t - pt)
                .filter(|&dt| dt > 0.0 && pos.is_some())
                .map(|dt| (dist - before) / dt)
        };
        s.speed_mps.push(f(speed));
        s.heart_rate.push(f(p.hr.filter(|&h| h > 0.0)));
        s.cadence.push(f(p.cad));
        s.power_w.push(f(p.power));
        s.temperature_c.push(f(p.temp));
    }
    s.prune_empty();
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gpx(body: &str) -> Result<Activity, ImportError> {
        decode(format!("<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"Test http://x\">{body}</gpx>").as_bytes())
    }

    #[test]
    fn track_with_extensions() {
        let a = gpx(r#"<trk><name>Lunch</name><type>cycling</type><trkseg>
            <trkpt lat="0" lon="0"><ele>10</ele><time>2020-01-01T10:00:00Z</time>
              <extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>120</gpxtpx:hr><gpxtpx:cad>80</gpxtpx:cad></gpxtpx:TrackPointExtension><gpxpx:PowerInWatts>200</gpxpx:PowerInWatts></extensions></trkpt>
            </trkseg><trkseg>
            <trkpt lat="0" lon="0.001"><ele>11</ele><time>2020-01-01T10:00:10Z</time>
              <extensions><power>220</power></extensions></trkpt>
            </trkseg></trk>"#)
        .unwrap();
        assert_eq!(a.name, "Lunch");
        assert_eq!(a.sport, Some(paceline_model::Sport::Ride));
        assert_eq!(a.device.as_deref(), Some("Test"));
        assert_eq!(a.streams.time_s, vec![0.0, 10.0]);
        assert_eq!(a.streams.power_w, vec![200.0, 220.0]);
        assert_eq!(a.streams.heart_rate[0], 120.0);
        let d = a.streams.distance_m[1];
        assert!((d - 111.2).abs() < 0.5, "{d}");
        assert!((a.streams.speed_mps[1] - 11.12).abs() < 0.1);
    }

    #[test]
    fn routes_and_waypoints_are_not_activities() {
        let route =
            gpx(r#"<trk><trkseg><trkpt lat="1" lon="2"/><trkpt lat="1" lon="3"/></trkseg></trk>"#);
        assert_eq!(
            route.unwrap_err(),
            ImportError::NoActivity("a route without times — import it as a route".into())
        );
        let rte = gpx(r#"<rte><rtept lat="1" lon="2"/></rte>"#).unwrap_err();
        assert!(rte.is_skip());
        let wpt = gpx(r#"<wpt lat="1" lon="2"/>"#).unwrap_err();
        assert_eq!(
            wpt,
            ImportError::NoActivity("only waypoints, no track".into())
        );
        assert!(gpx("<metadata><name>x</name></metadata>")
            .unwrap_err()
            .is_skip());
    }

    #[test]
    fn not_gpx() {
        assert!(matches!(
            decode(b"hello"),
            Err(ImportError::WrongContent {
                expected: "GPX",
                ..
            })
        ));
    }
}
