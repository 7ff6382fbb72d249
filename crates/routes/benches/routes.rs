//! Targets (issue 15): importing and sectioning a 200 km, 1 s-resolution track < 50 ms;
//! matching one activity against 200 routes < 100 ms.
//! `cargo xtask bench routes` (or `cargo bench -p paceline-routes`).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use paceline_routes::{
    auto_sections, gpx, match_route, route_stats, ActivityTrack, MatchOptions, Profile,
    ProfileOptions, Route, RoutePoint, RouteTrace, SectionRule,
};

const M_PER_DEG: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;

/// A winding line of `n` points `step` metres apart from (lat0, lon0), heading turning
/// slowly, with rolling hills and noise in the elevation.
fn wiggle(n: usize, step: f64, lat0: f64, lon0: f64, seed: f64) -> Vec<(f64, f64, f64)> {
    let (mut lat, mut lon) = (lat0, lon0);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ seed.to_bits();
    (0..n)
        .map(|i| {
            let d = i as f64 * step;
            let heading = seed + (d / 7000.0).sin() * 1.5 + d / 40_000.0;
            lat += step * heading.cos() / M_PER_DEG;
            lon += step * heading.sin() / (M_PER_DEG * lat.to_radians().cos());
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let noise = (x % 100) as f64 / 50.0 - 1.0;
            let ele = 400.0 + 150.0 * (d / 9000.0).sin() + 40.0 * (d / 1300.0).sin() + noise;
            (lat, lon, ele)
        })
        .collect()
}

/// A 200 km ride recorded every second at 8.33 m/s (24 000 points) as GPX text.
fn gpx_200km() -> Vec<u8> {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"bench\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n<trk><name>200 km</name><trkseg>\n",
    );
    for (i, (lat, lon, ele)) in wiggle(24_000, 200_000.0 / 24_000.0, 45.0, 6.0, 0.3)
        .into_iter()
        .enumerate()
    {
        let (h, m, sec) = (8 + i / 3600, (i / 60) % 60, i % 60);
        s.push_str(&format!(
            "<trkpt lat=\"{lat:.7}\" lon=\"{lon:.7}\"><ele>{ele:.1}</ele><time>2024-06-01T{h:02}:{m:02}:{sec:02}Z</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>140</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>\n"
        ));
    }
    s.push_str("</trkseg></trk></gpx>\n");
    s.into_bytes()
}

fn route_of(pts: &[(f64, f64, f64)]) -> Route {
    let points = pts
        .iter()
        .map(|&(lat, lon, ele)| RoutePoint {
            lat_deg: lat,
            lon_deg: lon,
            ele_m: Some(ele),
        })
        .collect();
    Route::new("r".into(), None, points).unwrap()
}

fn bench(c: &mut Criterion) {
    let bytes = gpx_200km();
    c.bench_function("import + section a 200 km 1 s track", |b| {
        b.iter(|| {
            let r = gpx::parse(black_box(&bytes)).unwrap();
            let p = Profile::new(&r, ProfileOptions::default());
            let s = auto_sections(&p, &SectionRule::default());
            black_box((route_stats(&p), s))
        })
    });

    // One 100 km ride at 1 s; 200 routes of 20–120 km around the same town, ten of them
    // parts of the ride, the others other roads.
    let ride = wiggle(12_000, 100_000.0 / 12_000.0, 45.0, 6.0, 0.3);
    let (lat, lon): (Vec<f64>, Vec<f64>) = ride.iter().map(|p| (p.0, p.1)).unzip();
    let time: Vec<f64> = (0..ride.len()).map(|i| i as f64).collect();
    let o = MatchOptions::default();
    let routes: Vec<(RouteTrace, Vec<paceline_routes::Section>)> = (0..200)
        .map(|k| {
            let route = if k % 20 == 0 {
                let a = k * 50;
                route_of(
                    &ride[a..a + 2000]
                        .iter()
                        .step_by(12)
                        .copied()
                        .collect::<Vec<_>>(),
                )
            } else {
                let km = 20.0 + (k % 11) as f64 * 10.0;
                route_of(&wiggle(
                    (km * 10.0) as usize,
                    100.0,
                    45.0,
                    6.0,
                    k as f64 * 0.9,
                ))
            };
            let p = Profile::new(&route, ProfileOptions::default());
            let s = auto_sections(&p, &SectionRule::default());
            (RouteTrace::new(&route, &o), s)
        })
        .collect();
    let matched = {
        let t = ActivityTrack::new(&lat, &lon, &time, o.tolerance_m).unwrap();
        routes
            .iter()
            .filter(|(r, s)| match_route(&t, r, s, &o).matched)
            .count()
    };
    assert!(matched >= 10, "{matched}");
    c.bench_function("match one 100 km activity against 200 routes", |b| {
        b.iter(|| {
            let t = ActivityTrack::new(&lat, &lon, &time, o.tolerance_m).unwrap();
            routes
                .iter()
                .filter(|(r, s)| match_route(&t, r, s, &o).matched)
                .count()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
