use paceline_routes::{
    match_route, ActivityTrack, MatchError, MatchOptions, Route, RoutePoint, RouteTrace, Section,
    SectionKind,
};

use crate::{close, M_PER_DEG};

const LAT0: f64 = 45.0;

/// Metres east/north of (45°, 6°) to degrees.
fn deg(x: f64, y: f64) -> (f64, f64) {
    (
        LAT0 + y / M_PER_DEG,
        6.0 + x / (M_PER_DEG * LAT0.to_radians().cos()),
    )
}

/// An L: 3 km east, then 2 km north. Position at `d` metres along it.
fn along(d: f64) -> (f64, f64) {
    if d <= 3000.0 {
        (d, 0.0)
    } else {
        (3000.0, d - 3000.0)
    }
}

fn route() -> Route {
    let points = (0..=50)
        .map(|k| {
            let (lat, lon) = {
                let (x, y) = along(k as f64 * 100.0);
                deg(x, y)
            };
            RoutePoint {
                lat_deg: lat,
                lon_deg: lon,
                ele_m: None,
            }
        })
        .collect();
    Route::new("L".into(), None, points).unwrap()
}

fn sections() -> Vec<Section> {
    let s = |a: f64, b: f64| Section {
        name: format!("{a}"),
        kind: SectionKind::Flat,
        start_m: a,
        end_m: b,
    };
    vec![s(0.0, 3000.0), s(3000.0, 5000.0)]
}

/// A 1 s recording at `speed` m/s along the L from `from` to `to` metres (either
/// direction), shifted `offset` metres north, with ±`noise` m of deterministic jitter;
/// starts with 120 s of riding to the start from 1 km south-west.
fn ride(from: f64, to: f64, speed: f64, offset: f64, noise: f64) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let (mut lat, mut lon, mut t) = (Vec::new(), Vec::new(), Vec::new());
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut jitter = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        ((x % 2001) as f64 / 1000.0 - 1.0) * noise
    };
    let start = along(from);
    for s in 0..120 {
        let u = f64::from(s) / 120.0;
        let (la, lo) = deg(
            start.0 - 1000.0 * (1.0 - u),
            start.1 - 1000.0 * (1.0 - u) + offset,
        );
        lat.push(la);
        lon.push(lo);
        t.push(f64::from(s));
    }
    let n = ((to - from).abs() / speed).ceil() as usize;
    for s in 0..=n {
        let d = from + (to - from).signum() * (s as f64 * speed).min((to - from).abs());
        let (px, py) = along(d);
        let (la, lo) = deg(px + jitter(), py + jitter() + offset);
        lat.push(la);
        lon.push(lo);
        t.push(120.0 + s as f64);
    }
    (lat, lon, t)
}

fn run(from: f64, to: f64, offset: f64, noise: f64) -> paceline_routes::RouteMatch {
    let o = MatchOptions::default();
    let (lat, lon, t) = ride(from, to, 8.0, offset, noise);
    let track = ActivityTrack::new(&lat, &lon, &t, o.tolerance_m).unwrap();
    match_route(&track, &RouteTrace::new(&route(), &o), &sections(), &o)
}

#[test]
fn the_same_line_with_gps_noise_matches_and_is_timed() {
    let m = run(0.0, 5000.0, 0.0, 15.0);
    assert!(m.matched, "{m:?}");
    close(m.coverage, 1.0, 1e-9);
    // 3000 m and 2000 m at 8 m/s: 375 s and 250 s (a second of jitter either way).
    let times: Vec<f64> = m.section_times_s.iter().map(|t| t.unwrap()).collect();
    close(times[0], 375.0, 3.0);
    close(times[1], 250.0, 3.0);
    close(m.start_s.unwrap(), 120.0, 3.0);
    close(m.elapsed_s.unwrap(), 625.0, 3.0);
}

#[test]
fn forty_metres_off_still_matches_sixty_does_not() {
    assert!(run(0.0, 5000.0, 40.0, 0.0).matched);
    let m = run(0.0, 5000.0, 60.0, 0.0);
    // The northward leg still lies on the route (the offset runs along it): 40 %.
    assert!(!m.matched, "{m:?}");
    assert!(m.coverage < 0.9);
    assert!(m.section_times_s.is_empty());
}

#[test]
fn part_of_the_route_or_backwards_does_not_match() {
    // 85 % of it: not enough.
    assert!(!run(0.0, 4250.0, 0.0, 0.0).matched);
    // 95 %: enough, and the last section's end is found within 100 m of the stop.
    let m = run(0.0, 4750.0, 0.0, 0.0);
    assert!(m.matched, "{m:?}");
    close(m.coverage, 0.95, 0.01);
    // Backwards along the same road.
    let back = run(5000.0, 0.0, 0.0, 0.0);
    assert!(!back.matched, "{back:?}");
}

#[test]
fn far_away_routes_are_rejected_by_their_box() {
    let o = MatchOptions::default();
    let (lat, lon, t) = ride(0.0, 5000.0, 8.0, 0.0, 0.0);
    let track = ActivityTrack::new(&lat, &lon, &t, 50.0).unwrap();
    let mut far = route();
    for p in &mut far.points {
        p.lat_deg += 1.0;
    }
    let m = match_route(&track, &RouteTrace::new(&far, &o), &[], &o);
    assert!(!m.matched);
    assert_eq!(m.coverage, 0.0);
}

#[test]
fn bad_activity_streams() {
    assert_eq!(
        ActivityTrack::new(&[1.0], &[1.0, 2.0], &[], 50.0).unwrap_err(),
        MatchError::StreamLengths {
            lat: 1,
            lon: 2,
            time: 0
        }
    );
    assert_eq!(
        ActivityTrack::new(&[f64::NAN, 1.0], &[1.0, 2.0], &[], 50.0).unwrap_err(),
        MatchError::NoTrack
    );
    assert_eq!(
        ActivityTrack::new(&[1.0, 1.1], &[1.0, 2.0], &[], 0.0).unwrap_err(),
        MatchError::Tolerance(0.0)
    );
    // Without times it still matches, untimed.
    let (lat, lon, _) = ride(0.0, 5000.0, 8.0, 0.0, 0.0);
    let o = MatchOptions::default();
    let track = ActivityTrack::new(&lat, &lon, &[], 50.0).unwrap();
    let m = match_route(&track, &RouteTrace::new(&route(), &o), &sections(), &o);
    assert!(m.matched);
    assert_eq!(m.section_times_s, vec![None, None]);
}

#[test]
fn wild_jumps_stay_bounded() {
    // 200 points jumping between two ends of the world: ~3·10⁹ m of line.
    let (lat, lon): (Vec<f64>, Vec<f64>) = (0..200)
        .map(|i| {
            if i % 2 == 0 {
                (45.0, 6.0)
            } else {
                (-45.0, -170.0)
            }
        })
        .unzip();
    let r = Route::from_points("wild", &lat, &lon, &[]).unwrap();
    let p = paceline_routes::Profile::new(&r, Default::default());
    assert!(p.distance_m.len() <= 2_000_001, "{}", p.distance_m.len());
    let o = MatchOptions::default();
    let trace = RouteTrace::new(&r, &o);
    assert!(trace.len() <= 2_000_001);
    // Every segment spans the whole box: none is indexed, nothing matches, quickly.
    let track = ActivityTrack::new(&lat, &lon, &[], 50.0).unwrap();
    let m = match_route(&track, &RouteTrace::new(&route(), &o), &[], &o);
    assert!(!m.matched);
}
