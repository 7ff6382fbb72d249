//! The route as a distance-indexed profile: every `step_m` metres, with smoothed
//! elevation. Sections, statistics, estimates and charts all read this one profile.

use serde::{Deserialize, Serialize};

use crate::geometry::{cumulative_m, grid, resample, smooth};
use crate::Route;

/// Most samples in a profile (20 000 km at the default 10 m step); a longer line gets
/// a longer step.
pub const MAX_SAMPLES: f64 = 2_000_000.0;

/// How a route becomes a profile.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileOptions {
    /// Sample spacing, metres. Default 10 m.
    pub step_m: f64,
    /// Elevation smoothing: centred moving average over this distance, metres.
    /// Default 100 m (see [`crate::geometry::smooth`]).
    pub smooth_m: f64,
    /// Window of the "max grade" figure, metres: the steepest stretch this long.
    /// Default 100 m.
    pub grade_window_m: f64,
}

impl Default for ProfileOptions {
    fn default() -> Self {
        ProfileOptions {
            step_m: 10.0,
            smooth_m: 100.0,
            grade_window_m: 100.0,
        }
    }
}

/// Distance and smoothed elevation every `step_m`, plus position for charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub options: ProfileOptions,
    /// Distance from the start, metres: 0, step, 2·step, …, total.
    pub distance_m: Vec<f64>,
    /// Smoothed elevation, metres; 0 everywhere when the route has none.
    pub ele_m: Vec<f64>,
    pub lat_deg: Vec<f64>,
    pub lon_deg: Vec<f64>,
    /// Whether the route had elevation (else grades, ascent and descent are 0).
    pub has_elevation: bool,
}

impl Profile {
    pub fn new(route: &Route, options: ProfileOptions) -> Profile {
        let mut o = sane(options);
        let at = cumulative_m(&route.points);
        let total = at.last().copied().unwrap_or(0.0);
        // A file with wild jumps (a point on the other side of the world) must not
        // make millions of samples: the step grows instead.
        o.step_m = o.step_m.max(total / MAX_SAMPLES);
        let col = |f: &dyn Fn(&crate::RoutePoint) -> Option<f64>| -> Vec<Option<f64>> {
            route.points.iter().map(f).collect()
        };
        let ele = resample(&at, &col(&|p| p.ele_m), o.step_m);
        let has_elevation = ele.iter().any(Option::is_some);
        let ele: Vec<f64> = ele.into_iter().map(|e| e.unwrap_or(0.0)).collect();
        let window = ((o.smooth_m / o.step_m).round() as usize) | 1;
        let unwrap = |v: Vec<Option<f64>>| v.into_iter().map(|x| x.unwrap_or(0.0)).collect();
        Profile {
            options: o,
            distance_m: grid(total, o.step_m),
            ele_m: smooth(&ele, window),
            lat_deg: unwrap(resample(&at, &col(&|p| Some(p.lat_deg)), o.step_m)),
            lon_deg: unwrap(resample(&at, &col(&|p| Some(p.lon_deg)), o.step_m)),
            has_elevation,
        }
    }

    pub fn total_m(&self) -> f64 {
        self.distance_m.last().copied().unwrap_or(0.0)
    }

    /// Index of the sample at or just before `d` metres.
    pub fn index_at(&self, d: f64) -> usize {
        let i = self.distance_m.partition_point(|&x| x <= d);
        i.saturating_sub(1)
            .min(self.distance_m.len().saturating_sub(1))
    }

    /// Elevation at `d` metres, interpolated.
    pub fn ele_at(&self, d: f64) -> f64 {
        let i = self.index_at(d);
        match (self.distance_m.get(i), self.distance_m.get(i + 1)) {
            (Some(&d0), Some(&d1)) if d1 > d0 && d > d0 => {
                let u = ((d - d0) / (d1 - d0)).min(1.0);
                self.ele_m[i] + (self.ele_m[i + 1] - self.ele_m[i]) * u
            }
            _ => self.ele_m.get(i).copied().unwrap_or(0.0),
        }
    }

    /// Grade (fraction) of each step `i → i+1`; one fewer than the samples.
    pub fn step_grades(&self) -> Vec<f64> {
        self.distance_m
            .windows(2)
            .zip(self.ele_m.windows(2))
            .map(|(d, e)| grade(e[1] - e[0], d[1] - d[0]))
            .collect()
    }

    /// Grade (fraction) over the window centred on each sample (`grade_window_m`,
    /// shrinking at the ends).
    pub fn window_grades(&self) -> Vec<f64> {
        let n = self.distance_m.len();
        let half =
            ((self.options.grade_window_m / self.options.step_m / 2.0).round() as usize).max(1);
        (0..n)
            .map(|i| {
                let a = i.saturating_sub(half);
                let b = (i + half).min(n - 1);
                grade(
                    self.ele_m[b] - self.ele_m[a],
                    self.distance_m[b] - self.distance_m[a],
                )
            })
            .collect()
    }
}

fn grade(rise: f64, run: f64) -> f64 {
    if run > 1e-9 {
        rise / run
    } else {
        0.0
    }
}

fn sane(o: ProfileOptions) -> ProfileOptions {
    let d = ProfileOptions::default();
    let pick = |v: f64, lo: f64, dflt: f64| if v.is_finite() && v >= lo { v } else { dflt };
    let step_m = pick(o.step_m, 1.0, d.step_m);
    ProfileOptions {
        step_m,
        smooth_m: pick(o.smooth_m, 0.0, d.smooth_m),
        grade_window_m: pick(o.grade_window_m, step_m, d.grade_window_m),
    }
}
