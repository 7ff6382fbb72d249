//! GPX 1.0/1.1 routes (`rte/rtept`) and tracks (`trk/trkseg/trkpt`) as [`Route`]s.
//!
//! Times are not needed (planned routes have none) and are ignored. A track's segments
//! are joined into one line. Like the activity importer's reader it takes a BOM, leading
//! whitespace and any namespace prefix; unlike it, it keeps no element path or
//! attributes as strings and reads text only inside `ele`, `name` and `type` (a 200 km
//! track recorded every second: ~17 ms of CPU, half of what the activity reader takes).
//!
//! Unlike an activity, half a route is not a route: a cut-off or damaged file is refused
//! with [`RouteError::Truncated`] / [`RouteError::Damaged`], not salvaged.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::{Route, RouteError, RoutePoint};

#[derive(Default)]
struct Line {
    name: Option<String>,
    kind: Option<String>,
    points: Vec<RoutePoint>,
}

/// The elements that matter; everything else (times, extensions) is skipped unread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Metadata,
    Line,
    Point,
    Ele,
    Name,
    Type,
    Wpt,
    Other,
}

fn tag(e: &BytesStart<'_>) -> Tag {
    match e.local_name().as_ref() {
        "metadata" => Tag::Metadata,
        "rte" | "trk" => Tag::Line,
        "rtept" | "trkpt" => Tag::Point,
        "ele" => Tag::Ele,
        "name" => Tag::Name,
        "type" => Tag::Type,
        "wpt" => Tag::Wpt,
        _ => Tag::Other,
    }
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
    /// Open elements (the `gpx` root included).
    stack: Vec<Tag>,
    text: String,
}

impl Gpx {
    fn parent(&self) -> Option<Tag> {
        self.stack.len().checked_sub(2).map(|i| self.stack[i])
    }

    fn open(&mut self, e: &BytesStart<'_>) {
        let t = tag(e);
        self.stack.push(t);
        self.text.clear();
        match t {
            Tag::Line if self.cur.is_none() => self.cur = Some(Line::default()),
            Tag::Point if self.cur.is_some() && self.parent() != Some(Tag::Point) => {
                let (mut lat, mut lon) = (f64::NAN, f64::NAN);
                for a in e.attributes().flatten() {
                    let v = num(&a.value);
                    match a.key.local_name().as_ref() {
                        "lat" => lat = v.unwrap_or(f64::NAN),
                        "lon" => lon = v.unwrap_or(f64::NAN),
                        _ => {}
                    }
                }
                self.pt = Some(RoutePoint {
                    lat_deg: lat,
                    lon_deg: lon,
                    ele_m: None,
                });
            }
            _ => {}
        }
    }

    fn close(&mut self) {
        let parent = self.parent();
        let Some(t) = self.stack.pop() else { return };
        let text = self.text.trim();
        let non_empty = || Some(text.to_string()).filter(|t| !t.is_empty());
        match (t, parent) {
            (Tag::Ele, Some(Tag::Point)) => {
                if let Some(p) = self.pt.as_mut() {
                    p.ele_m = num(text);
                }
            }
            (Tag::Point, _) => {
                if let (Some(p), Some(l)) = (self.pt.take(), self.cur.as_mut()) {
                    l.points.push(p);
                }
            }
            (Tag::Name, Some(Tag::Line)) => {
                if let Some(l) = self.cur.as_mut() {
                    l.name = l.name.take().or_else(non_empty);
                }
            }
            (Tag::Type, Some(Tag::Line)) => {
                if let Some(l) = self.cur.as_mut() {
                    l.kind = l.kind.take().or_else(non_empty);
                }
            }
            (Tag::Line, _) => {
                if let Some(l) = self.cur.take() {
                    self.lines.push(l);
                }
            }
            // <metadata><name> (GPX 1.1) or <gpx><name> (GPX 1.0).
            (Tag::Name, _)
                if self.meta_name.is_none()
                    && (parent == Some(Tag::Metadata) || self.stack.len() == 1) =>
            {
                self.meta_name = non_empty()
            }
            (Tag::Wpt, _) => self.waypoints += 1,
            _ => {}
        }
        self.text.clear();
    }

    /// Text is kept only where it is read.
    fn wants_text(&self) -> bool {
        matches!(self.stack.last(), Some(Tag::Ele | Tag::Name | Tag::Type))
    }
}

/// A finite number, or `None` for empty/garbage text.
fn num(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Reads the document; `Err` for XML that is cut off or not well-formed.
fn read(text: &str, g: &mut Gpx) -> Result<(), RouteError> {
    let mut r = Reader::from_str(text);
    loop {
        let ev = r
            .read_event()
            .map_err(|e| RouteError::Damaged(format!("{e} (at byte {})", r.error_position())))?;
        match ev {
            Event::Start(e) => g.open(&e),
            Event::Empty(e) => {
                g.open(&e);
                g.close();
            }
            Event::End(_) => g.close(),
            Event::Text(t) if g.wants_text() => g.text.push_str(&t.xml10_content()),
            Event::CData(t) if g.wants_text() => g.text.push_str(&t.xml10_content()),
            Event::GeneralRef(e) if g.wants_text() => match e.resolve_char_ref() {
                Ok(Some(c)) => g.text.push(c),
                _ => g.text.push_str(match e.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                }),
            },
            Event::Eof if g.stack.is_empty() => return Ok(()),
            Event::Eof => {
                return Err(RouteError::Truncated(
                    "it ends before its closing </gpx>".into(),
                ))
            }
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
    // BOM and leading whitespace occur in the wild; invalid UTF-8 is replaced, not refused.
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(b);
    let text = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let root = ["<gpx", ":gpx ", ":gpx>"].iter().any(|r| text.contains(r));
    if !text.starts_with('<') || !root {
        return Err(RouteError::NotGpx {
            looks_like: paceline_import::sniff(bytes),
        });
    }
    let mut g = Gpx::default();
    read(text, &mut g)?;
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
