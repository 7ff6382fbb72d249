use paceline_routes::gpx::{parse, parse_all};
use paceline_routes::{Profile, ProfileOptions, Route, RouteError};

use crate::close;

fn doc(body: &str) -> Vec<u8> {
    format!("<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"t\"><metadata><name>Meta</name></metadata>{body}</gpx>").into_bytes()
}

#[test]
fn routes_and_tracks() {
    let bytes = doc(r#"
        <rte><name>Col &amp; Pass</name><type>cycling</type>
          <rtept lat="45.0" lon="6.0"><ele>500</ele><name>start</name></rtept>
          <rtept lat="45.01" lon="6.0"><ele>600</ele></rtept>
        </rte>
        <trk><trkseg>
          <trkpt lat="45.0" lon="6.0"><ele>500</ele><time>2020-01-01T10:00:00Z</time></trkpt>
          <trkpt lat="45.0" lon="6.01"/>
        </trkseg><trkseg/><trkseg>
          <trkpt lat="45.0" lon="6.02"><ele>510</ele></trkpt>
        </trkseg></trk>"#);
    let all = parse_all(&bytes).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].name, "Col & Pass");
    assert_eq!(all[0].kind.as_deref(), Some("cycling"));
    assert_eq!(all[0].points[1].ele_m, Some(600.0));
    // The track has no name: the metadata's; its three segments are one line.
    assert_eq!(all[1].name, "Meta");
    assert_eq!(all[1].points.len(), 3);
    assert_eq!(all[1].points[1].ele_m, None);
    // 0.01° of latitude = 1111.95 m.
    close(all[0].distance_m(), 1111.95, 0.01);
    // parse() takes the line with the most points.
    assert_eq!(parse(&bytes).unwrap().points.len(), 3);
}

#[test]
fn gpx_1_0_name_bom_and_prefixes() {
    let bytes = "\u{feff}\n <?xml version=\"1.0\"?><g:gpx xmlns:g=\"x\"><g:name>Old</g:name><g:trk><g:trkseg><g:trkpt lat=\"1\" lon=\"2\"><g:ele>5</g:ele></g:trkpt><g:trkpt lat=\"1.01\" lon=\"2\"/></g:trkseg></g:trk></g:gpx>";
    let r = parse(bytes.as_bytes()).unwrap();
    assert_eq!(r.name, "Old");
    assert_eq!(r.points[0].ele_m, Some(5.0));
    assert_eq!(r.points.len(), 2);
}

#[test]
fn broken_input_gives_typed_errors() {
    assert_eq!(parse(b""), Err(RouteError::Empty));
    assert_eq!(parse(b"  \n"), Err(RouteError::Empty));
    assert_eq!(
        parse(b"hello world"),
        Err(RouteError::NotGpx { looks_like: None })
    );
    assert!(matches!(
        parse(b"<?xml version=\"1.0\"?><TrainingCenterDatabase/>"),
        Err(RouteError::NotGpx { .. })
    ));
    let cut = doc(r#"<trk><trkseg><trkpt lat="1" lon="2"/><trkpt lat="1" lon="3"/>"#);
    let cut = &cut[..cut.len() - "</gpx>".len()];
    assert!(
        matches!(parse(cut), Err(RouteError::Truncated(_))),
        "{:?}",
        parse(cut)
    );
    assert!(matches!(
        parse(&doc("<trk><trkseg></trk>")),
        Err(RouteError::Damaged(_))
    ));
    assert_eq!(
        parse(&doc("")),
        Err(RouteError::NoRoute("no route or track".into()))
    );
    assert_eq!(
        parse(&doc(r#"<wpt lat="1" lon="2"/>"#)),
        Err(RouteError::NoRoute(
            "only waypoints, no route or track".into()
        ))
    );
    let one = parse(&doc(
        r#"<rte><rtept lat="1" lon="2"/><rtept lat="1" lon="2"/></rte>"#,
    ));
    assert!(matches!(one, Err(RouteError::NoRoute(_))));
    // Out-of-range and garbage coordinates are dropped, not trusted.
    let odd = parse(&doc(
        r#"<rte><rtept lat="91" lon="2"/><rtept lat="x" lon="2"/><rtept lat="1" lon="2"/><rtept lat="1.001" lon="2"/></rte>"#,
    ))
    .unwrap();
    assert_eq!(odd.points.len(), 2);
    // Messages say what to do.
    assert_eq!(
        RouteError::Truncated("x".into()).to_string(),
        "the file is cut off (x); download or export the route again"
    );
}

#[test]
fn save_as_route_from_streams() {
    let lat = [f64::NAN, 45.0, 45.0, 45.001, 45.002];
    let lon = [6.0, 6.0, 6.0, 6.0, 6.0];
    let alt = [f32::NAN, 100.0, 101.0, f32::NAN, 103.0];
    let r = Route::from_points("Saved", &lat, &lon, &alt).unwrap();
    // No fix dropped; standing still kept once (its first elevation).
    assert_eq!(r.points.len(), 3);
    assert_eq!(r.points[0].ele_m, Some(100.0));
    assert_eq!(r.points[1].ele_m, None);
    close(r.distance_m(), 222.39, 0.01);
    assert!(Route::from_points("x", &lat, &lon, &[]).unwrap().points[0]
        .ele_m
        .is_none());
    assert_eq!(
        Route::from_points("x", &lat, &lon[..2], &[]),
        Err(RouteError::StreamLengths {
            lat: 5,
            lon: 2,
            ele: 0
        })
    );
    assert!(matches!(
        Route::from_points("x", &[45.0, 45.0], &[6.0, 6.0], &[]),
        Err(RouteError::NoRoute(_))
    ));
}

/// Our own haversine sum, written out here, as the reference.
fn reference_m(r: &Route) -> f64 {
    let rad = |d: f64| d * std::f64::consts::PI / 180.0;
    r.points
        .windows(2)
        .map(|w| {
            let (a, b) = (&w[0], &w[1]);
            let h = (rad(b.lat_deg - a.lat_deg) / 2.0).sin().powi(2)
                + rad(a.lat_deg).cos()
                    * rad(b.lat_deg).cos()
                    * (rad(b.lon_deg - a.lon_deg) / 2.0).sin().powi(2);
            2.0 * 6_371_008.8 * h.sqrt().asin()
        })
        .sum()
}

#[test]
fn corpus_files_within_one_percent() {
    let Some(files) = paceline_testsupport::corpus_files("gpx", &[".gpx"]) else {
        return;
    };
    let mut checked = 0;
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let route = match parse(&bytes) {
            Ok(r) => r,
            Err(e) => {
                // Only the files without a route or track may fail.
                assert!(matches!(e, RouteError::NoRoute(_)), "{name}: {e}");
                continue;
            }
        };
        let want = reference_m(&route);
        let p = Profile::new(&route, ProfileOptions::default());
        for got in [route.distance_m(), p.total_m()] {
            assert!(
                (got - want).abs() <= want * 0.01 + 1e-6,
                "{name}: {got} vs {want}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 15, "{checked}");
}

#[test]
fn corpus_point_counts_and_elevation() {
    let Some(dir) = paceline_testsupport::corpus("gpx") else {
        return;
    };
    let read = |n: &str| std::fs::read(dir.join(n)).unwrap();
    // MANIFEST: rte=1, rtept=139 with elevation.
    let r = parse(&read("gpxrs_ecology-trail-and-lovers-lane-loop.gpx")).unwrap();
    assert_eq!(r.points.len(), 139);
    assert!(r.points.iter().all(|p| p.ele_m.is_some()));
    // Route only, no elevation: 55 rtept.
    let r = parse(&read("gpxpy_route.gpx")).unwrap();
    assert_eq!(r.points.len(), 55);
    assert!(!r.has_elevation());
    // A recorded track with 5935 points, all with elevation.
    let r = parse(&read("gc_1292585194-20906.gpx")).unwrap();
    assert_eq!(r.points.len(), 5935);
    // Metadata only.
    assert!(matches!(
        parse(&read("gc_MetadataOnly.gpx")),
        Err(RouteError::NoRoute(_))
    ));
    // BOM and no version attribute, a waypoint only.
    assert_eq!(
        parse(&read("gpxpy_unicode_with_bom.gpx")),
        Err(RouteError::NoRoute(
            "only waypoints, no route or track".into()
        ))
    );
}

#[test]
fn corpus_broken_files() {
    let Some(dir) = paceline_testsupport::corpus("broken") else {
        return;
    };
    let read = |n: &str| std::fs::read(dir.join(n)).unwrap();
    assert!(matches!(
        parse(&read("derived_truncated_from_gpxrs_garmin-activity.gpx")),
        Err(RouteError::Truncated(_))
    ));
    assert!(matches!(
        parse(&read("gpxrs_badcharacter.xml")),
        Err(RouteError::NotGpx { .. })
    ));
}

#[test]
fn the_same_distance_as_the_activity_importer() {
    // A recorded track read as a route and as an activity: same line, same metres.
    let Some(dir) = paceline_testsupport::corpus("gpx") else {
        return;
    };
    for name in [
        "gpxrs_garmin-activity.gpx",
        "sl_strava.gpx",
        "gc_Move_2014_01_16_19_48_44.gpx",
    ] {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let route = parse(&bytes).unwrap();
        let act = paceline_import::decode(name, &bytes).unwrap().activity;
        let d = act
            .streams
            .distance_m
            .iter()
            .rev()
            .find(|d| d.is_finite())
            .copied()
            .unwrap();
        close(route.distance_m(), f64::from(d), f64::from(d) * 0.005);
    }
}
