//! Did a recorded activity ride or run a route, and how long did each section take?
//!
//! The route is sampled every `step_m` (20 m). A sample is *covered* when the activity's
//! path (its GPS points joined by straight lines) passes within `tolerance_m` (50 m) of
//! it, in order: each sample is matched to the first pass after the previous sample's
//! (so a route ridden backwards does not match), at the closest point of that pass. The
//! activity matches when at least `min_coverage` (90 %) of the samples are covered; it
//! may hold more than the route (the ride to the start and home again).
//!
//! Speed: [`ActivityTrack`] indexes the activity once in a grid of cells at least
//! `tolerance_m` wide, so a sample looks at its 3 × 3 cells only; routes whose bounding
//! box misses the activity's are rejected at once, and a route is given up as soon as
//! more than 10 % of its samples are missed.

use serde::{Deserialize, Serialize};

use crate::geometry::{cumulative_m, resample};
use crate::sections::Section;
use crate::Route;

/// Metres per degree of latitude (mean Earth radius, as the haversine).
const M_PER_DEG: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;
/// Most grid cells along the longer side of an activity's bounding box.
const MAX_CELLS: f64 = 1024.0;
/// Most cells one segment's box may cover to be indexed (64 × 64).
const MAX_SEGMENT_CELLS: usize = 4096;

/// Tolerances of a match.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MatchOptions {
    /// Largest distance from the route, metres. Default 50.
    pub tolerance_m: f64,
    /// Least share of the route covered, 0–1. Default 0.9.
    pub min_coverage: f64,
    /// Route sample spacing, metres. Default 20.
    pub step_m: f64,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            tolerance_m: 50.0,
            min_coverage: 0.9,
            step_m: 20.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct BBox {
    lat: (f64, f64),
    lon: (f64, f64),
}

impl BBox {
    fn of(lat: &[f64], lon: &[f64]) -> BBox {
        let span = |v: &[f64]| {
            v.iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                    (a.min(x), b.max(x))
                })
        };
        BBox {
            lat: span(lat),
            lon: span(lon),
        }
    }

    fn grown(&self, m: f64) -> BBox {
        let dlat = m / M_PER_DEG;
        let c = self
            .lat
            .0
            .abs()
            .max(self.lat.1.abs())
            .to_radians()
            .cos()
            .max(0.01);
        let dlon = dlat / c;
        BBox {
            lat: (self.lat.0 - dlat, self.lat.1 + dlat),
            lon: (self.lon.0 - dlon, self.lon.1 + dlon),
        }
    }

    fn overlaps(&self, o: &BBox) -> bool {
        self.lat.0 <= o.lat.1
            && o.lat.0 <= self.lat.1
            && self.lon.0 <= o.lon.1
            && o.lon.0 <= self.lon.1
    }
}

/// A route prepared for matching (sampled every `step_m`); build once per route.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteTrace {
    step_m: f64,
    lat: Vec<f64>,
    lon: Vec<f64>,
    bbox: BBox,
}

impl RouteTrace {
    pub fn new(route: &Route, options: &MatchOptions) -> RouteTrace {
        let step = if options.step_m.is_finite() && options.step_m >= 1.0 {
            options.step_m
        } else {
            20.0
        };
        let at = cumulative_m(&route.points);
        let step = step.max(at.last().copied().unwrap_or(0.0) / crate::profile::MAX_SAMPLES);
        let col = |f: fn(&crate::RoutePoint) -> f64| -> Vec<f64> {
            let v: Vec<Option<f64>> = route.points.iter().map(|p| Some(f(p))).collect();
            resample(&at, &v, step)
                .into_iter()
                .map(|x| x.unwrap_or(f64::NAN))
                .collect()
        };
        let (lat, lon) = (col(|p| p.lat_deg), col(|p| p.lon_deg));
        RouteTrace {
            step_m: step,
            bbox: BBox::of(&lat, &lon),
            lat,
            lon,
        }
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.lat.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lat.is_empty()
    }
}

/// Why an activity cannot be matched.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MatchError {
    #[error("the activity has no GPS track (fewer than two positions)")]
    NoTrack,
    #[error("the latitude, longitude and time streams differ in length ({lat}, {lon}, {time})")]
    StreamLengths { lat: usize, lon: usize, time: usize },
    #[error("the tolerance must be between 1 and 1000 m (got {0})")]
    Tolerance(f64),
}

/// A recorded activity's path, indexed for matching against many routes.
#[derive(Debug, Clone)]
pub struct ActivityTrack {
    lat: Vec<f64>,
    lon: Vec<f64>,
    /// Seconds, one per point; empty when the activity has no times.
    time: Vec<f64>,
    tolerance_m: f64,
    bbox: BBox,
    origin: (f64, f64),
    cell_deg: (f64, f64),
    cols: usize,
    rows: usize,
    /// Segment ids per cell, compressed: cell `c` holds `ids[start[c]..start[c + 1]]`.
    start: Vec<u32>,
    ids: Vec<u32>,
}

impl ActivityTrack {
    /// Indexes the activity's `lat_deg`/`lon_deg` (NaN = no fix: skipped) and `time_s`
    /// (the same length, or empty) for matching within `tolerance_m`.
    pub fn new(
        lat_deg: &[f64],
        lon_deg: &[f64],
        time_s: &[f64],
        tolerance_m: f64,
    ) -> Result<ActivityTrack, MatchError> {
        if lat_deg.len() != lon_deg.len() || !(time_s.is_empty() || time_s.len() == lat_deg.len()) {
            return Err(MatchError::StreamLengths {
                lat: lat_deg.len(),
                lon: lon_deg.len(),
                time: time_s.len(),
            });
        }
        if !(tolerance_m.is_finite() && (1.0..=1000.0).contains(&tolerance_m)) {
            return Err(MatchError::Tolerance(tolerance_m));
        }
        let (mut lat, mut lon, mut time) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..lat_deg.len() {
            let (la, lo) = (lat_deg[i], lon_deg[i]);
            if la.is_finite() && lo.is_finite() && la.abs() <= 90.0 && lo.abs() <= 180.0 {
                lat.push(la);
                lon.push(lo);
                if let Some(&t) = time_s.get(i) {
                    time.push(t);
                }
            }
        }
        if lat.len() < 2 {
            return Err(MatchError::NoTrack);
        }
        let bbox = BBox::of(&lat, &lon);
        let c = bbox
            .lat
            .0
            .abs()
            .max(bbox.lat.1.abs())
            .to_radians()
            .cos()
            .max(0.01);
        let extent_m =
            ((bbox.lat.1 - bbox.lat.0) * M_PER_DEG).max((bbox.lon.1 - bbox.lon.0) * M_PER_DEG * c);
        let cell_m = tolerance_m.max(extent_m / MAX_CELLS);
        // Cells at least `cell_m` wide everywhere in the box (narrowest at the widest cos).
        let cell_deg = (cell_m / M_PER_DEG, cell_m / (M_PER_DEG * c));
        let cols = ((bbox.lon.1 - bbox.lon.0) / cell_deg.1) as usize + 1;
        let rows = ((bbox.lat.1 - bbox.lat.0) / cell_deg.0) as usize + 1;
        let mut t = ActivityTrack {
            lat,
            lon,
            time,
            tolerance_m,
            bbox,
            origin: (bbox.lat.0, bbox.lon.0),
            cell_deg,
            cols,
            rows,
            start: Vec::new(),
            ids: Vec::new(),
        };
        t.index();
        Ok(t)
    }

    fn cell(&self, lat: f64, lon: f64) -> (usize, usize) {
        let r = ((lat - self.origin.0) / self.cell_deg.0).max(0.0) as usize;
        let c = ((lon - self.origin.1) / self.cell_deg.1).max(0.0) as usize;
        (r.min(self.rows - 1), c.min(self.cols - 1))
    }

    /// Cells covered by segment `k`'s bounding box.
    fn cells_of(&self, k: usize) -> impl Iterator<Item = usize> + '_ {
        let (r0, c0) = self.cell(
            self.lat[k].min(self.lat[k + 1]),
            self.lon[k].min(self.lon[k + 1]),
        );
        let (r1, c1) = self.cell(
            self.lat[k].max(self.lat[k + 1]),
            self.lon[k].max(self.lon[k + 1]),
        );
        (r0..=r1).flat_map(move |r| (c0..=c1).map(move |c| r * self.cols + c))
    }

    /// Whether segment `k` is indexed: a jump across more than [`MAX_SEGMENT_CELLS`]
    /// cells is a GPS glitch or a gap in the recording, not a stretch ridden, and would
    /// fill the index.
    fn indexed(&self, k: usize) -> bool {
        let (r0, c0) = self.cell(
            self.lat[k].min(self.lat[k + 1]),
            self.lon[k].min(self.lon[k + 1]),
        );
        let (r1, c1) = self.cell(
            self.lat[k].max(self.lat[k + 1]),
            self.lon[k].max(self.lon[k + 1]),
        );
        (r1 - r0 + 1) * (c1 - c0 + 1) <= MAX_SEGMENT_CELLS
    }

    fn index(&mut self) {
        let n = self.rows * self.cols;
        let mut count = vec![0u32; n + 1];
        for k in (0..self.lat.len() - 1).filter(|&k| self.indexed(k)) {
            for cell in self.cells_of(k) {
                count[cell + 1] += 1;
            }
        }
        for i in 0..n {
            count[i + 1] += count[i];
        }
        let mut fill = count.clone();
        let mut ids = vec![0u32; count[n] as usize];
        for k in (0..self.lat.len() - 1).filter(|&k| self.indexed(k)) {
            let cells: Vec<usize> = self.cells_of(k).collect();
            for cell in cells {
                ids[fill[cell] as usize] = k as u32;
                fill[cell] += 1;
            }
        }
        self.start = count;
        self.ids = ids;
    }

    /// Distance, metres, from (lat, lon) to segment `k`, and where on it (0–1).
    fn seg_dist(&self, k: usize, lat: f64, lon: f64, kx: f64) -> (f64, f64) {
        let (ax, ay) = ((self.lon[k] - lon) * kx, (self.lat[k] - lat) * M_PER_DEG);
        let (bx, by) = (
            (self.lon[k + 1] - lon) * kx,
            (self.lat[k + 1] - lat) * M_PER_DEG,
        );
        let (dx, dy) = (bx - ax, by - ay);
        let len2 = dx * dx + dy * dy;
        let u = if len2 > 0.0 {
            (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        ((ax + u * dx).hypot(ay + u * dy), u)
    }

    /// The closest point of the first pass at or after segment `from` that comes
    /// within the tolerance of (lat, lon), as a fractional point index.
    fn pass_after(&self, from: usize, lat: f64, lon: f64) -> Option<f64> {
        let grown = self.bbox.grown(self.tolerance_m);
        if lat < grown.lat.0 || lat > grown.lat.1 || lon < grown.lon.0 || lon > grown.lon.1 {
            return None;
        }
        let kx = M_PER_DEG * lat.to_radians().cos();
        let (r, c) = self.cell(lat, lon);
        let mut first: Option<usize> = None;
        for rr in r.saturating_sub(1)..=(r + 1).min(self.rows - 1) {
            for cc in c.saturating_sub(1)..=(c + 1).min(self.cols - 1) {
                let cell = rr * self.cols + cc;
                for &k in &self.ids[self.start[cell] as usize..self.start[cell + 1] as usize] {
                    let k = k as usize;
                    if k >= from
                        && first.is_none_or(|f| k < f)
                        && self.seg_dist(k, lat, lon, kx).0 <= self.tolerance_m
                    {
                        first = Some(k);
                    }
                }
            }
        }
        // Follow the pass while it stays within the tolerance; keep its closest point.
        let k = first?;
        let (mut best_d, mut best) = {
            let (d, u) = self.seg_dist(k, lat, lon, kx);
            (d, k as f64 + u)
        };
        let mut j = k + 1;
        while j + 1 < self.lat.len() {
            let (d, u) = self.seg_dist(j, lat, lon, kx);
            if d > self.tolerance_m {
                break;
            }
            if d < best_d {
                (best_d, best) = (d, j as f64 + u);
            }
            j += 1;
        }
        Some(best)
    }

    fn time_at(&self, pos: f64) -> Option<f64> {
        if self.time.is_empty() {
            return None;
        }
        let i = (pos.floor() as usize).min(self.time.len() - 1);
        let u = pos - i as f64;
        let t = match self.time.get(i + 1) {
            Some(&t1) => self.time[i] + (t1 - self.time[i]) * u,
            None => self.time[i],
        };
        t.is_finite().then_some(t)
    }
}

/// The result of matching one activity against one route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteMatch {
    /// At least `min_coverage` of the route was covered, in order.
    pub matched: bool,
    /// Share of the route's samples covered, 0–1. When not matched the scan may stop
    /// early; the figure is then an upper bound (still below `min_coverage`).
    pub coverage: f64,
    /// Activity time (its `time_s` scale) at the route's start and end, and between.
    pub start_s: Option<f64>,
    pub end_s: Option<f64>,
    pub elapsed_s: Option<f64>,
    /// Time per section given (`None` where a boundary was not covered), only when
    /// matched.
    pub section_times_s: Vec<Option<f64>>,
}

/// Matches `track` against `route` (module docs); section times for `sections`.
pub fn match_route(
    track: &ActivityTrack,
    route: &RouteTrace,
    sections: &[Section],
    options: &MatchOptions,
) -> RouteMatch {
    let n = route.len();
    let miss = |coverage: f64| RouteMatch {
        matched: false,
        coverage,
        start_s: None,
        end_s: None,
        elapsed_s: None,
        section_times_s: Vec::new(),
    };
    if n == 0 || !track.bbox.grown(track.tolerance_m).overlaps(&route.bbox) {
        return miss(0.0);
    }
    let min_cov = if options.min_coverage.is_finite() {
        options.min_coverage.clamp(0.0, 1.0)
    } else {
        0.9
    };
    let allowed = ((1.0 - min_cov) * n as f64).floor() as usize;
    let mut pos: Vec<Option<f64>> = Vec::with_capacity(n);
    let (mut from, mut misses) = (0usize, 0usize);
    for i in 0..n {
        match track.pass_after(from, route.lat[i], route.lon[i]) {
            Some(p) => {
                from = p.floor() as usize;
                pos.push(Some(p));
            }
            None => {
                misses += 1;
                pos.push(None);
                if misses > allowed {
                    return miss((n - misses) as f64 / n as f64);
                }
            }
        }
    }
    let coverage = (n - misses) as f64 / n as f64;
    // Time at a distance along the route: the nearest covered sample within 100 m.
    let reach = (100.0 / route.step_m).ceil() as usize;
    let time_at = |d: f64| -> Option<f64> {
        let i = ((d / route.step_m).round().max(0.0) as usize).min(n - 1);
        (0..=reach)
            .flat_map(|k| [i.checked_sub(k), Some(i + k).filter(|&j| j < n)])
            .flatten()
            .find_map(|j| pos[j])
            .and_then(|p| track.time_at(p))
    };
    let start_s = time_at(0.0);
    let end_s = time_at((n - 1) as f64 * route.step_m);
    let section_times_s = sections
        .iter()
        .map(|s| match (time_at(s.start_m), time_at(s.end_m)) {
            (Some(a), Some(b)) if b >= a => Some(b - a),
            _ => None,
        })
        .collect();
    RouteMatch {
        matched: true,
        coverage,
        start_s,
        end_s,
        elapsed_s: start_s.zip(end_s).map(|(a, b)| b - a).filter(|e| *e >= 0.0),
        section_times_s,
    }
}
