//! Route engine tests: hand-computed physics and gearing, section boundaries on
//! synthetic profiles, GPX files from the shared corpus, matching true and false cases.

mod gpx;
mod matching;
mod physics;
mod sections;

use paceline_routes::{Route, RoutePoint};

/// Metres per degree along the equator (the haversine's mean radius).
pub const M_PER_DEG: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;

/// A straight route east along the equator, a point every 10 m, from (length m, grade)
/// pieces starting at 100 m elevation.
pub fn profile_route(pieces: &[(f64, f64)]) -> Route {
    let mut points = vec![RoutePoint {
        lat_deg: 0.0,
        lon_deg: 0.0,
        ele_m: Some(100.0),
    }];
    let (mut d, mut e) = (0.0, 100.0);
    for &(len, grade) in pieces {
        let n = (len / 10.0).round() as usize;
        for _ in 0..n {
            d += 10.0;
            e += 10.0 * grade;
            points.push(RoutePoint {
                lat_deg: 0.0,
                lon_deg: d / M_PER_DEG,
                ele_m: Some(e),
            });
        }
    }
    Route::new("synthetic".into(), None, points).unwrap()
}

#[track_caller]
pub fn close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol, "{a} != {b} (±{tol})");
}
