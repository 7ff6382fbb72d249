//! The route tables: a route round-trips with its points, edited sections replace
//! the automatic split, bikes keep one default, another athlete reaches nothing, and
//! deleting an athlete removes them.

use paceline_store::{
    BikeRow, Error, KeyOptions, NewRoute, RouteAssumptions, RouteMeta, RoutePoints, SectionRow,
    Store,
};
use paceline_types::Sport;

fn open(dir: &std::path::Path) -> Store {
    Store::open(dir, &KeyOptions::with_passphrase(super::PASS)).unwrap()
}

fn points() -> RoutePoints {
    RoutePoints {
        lat_deg: vec![45.123456789, 45.124, 45.125],
        lon_deg: vec![6.1, 6.1001, 6.1002],
        ele_m: vec![400.5, f32::NAN, 402.0],
    }
}

fn add(s: &Store, athlete: i64, p: &RoutePoints) -> i64 {
    s.add_route(
        athlete,
        &NewRoute {
            name: "Col",
            sport: Sport::Ride,
            tags: &["hills".into(), " two\nlines ".into()],
            notes: "windy",
            source_file: Some("col.gpx"),
            from_activity_id: None,
            created_utc: 1_800_000_000,
            points: p,
            distance_m: 222.5,
            ascent_m: 1.5,
            descent_m: 0.0,
        },
    )
    .unwrap()
}

fn bike(name: &str, default: bool) -> BikeRow {
    BikeRow {
        id: 0,
        name: name.into(),
        chainrings: vec![50, 34],
        cassette: vec![11, 12, 13, 28, 32],
        wheel_circumference_m: 2.136,
        min_cadence_rpm: 60.0,
        is_default: default,
    }
}

#[test]
fn routes_round_trip_and_stay_with_their_athlete() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(dir.path());
    let a = s.ensure_athlete("A", 0).unwrap();
    let b = s.add_athlete("B", 0).unwrap();
    let p = points();
    let id = add(&s, a, &p);

    let row = s.route(a, id).unwrap();
    assert_eq!(row.name, "Col");
    assert_eq!(row.sport, Sport::Ride);
    assert_eq!(row.tags, vec!["hills".to_string(), "two lines".to_string()]);
    assert_eq!(row.source_file.as_deref(), Some("col.gpx"));
    assert_eq!((row.point_count, row.distance_m), (3, 222.5));
    assert!(!row.sections_edited);
    let back = s.route_points(a, id).unwrap();
    assert_eq!(back.lat_deg, p.lat_deg);
    assert_eq!(back.lon_deg, p.lon_deg);
    assert_eq!(back.ele_m[0], 400.5);
    assert!(back.ele_m[1].is_nan());
    assert_eq!(s.routes(a).unwrap().len(), 1);

    // B sees and changes nothing of A's.
    assert!(s.routes(b).unwrap().is_empty());
    let missing = |r: Result<_, Error>| matches!(r, Err(Error::Missing { what: "route", .. }));
    assert!(missing(s.route(b, id).map(|_| ())));
    assert!(missing(s.route_points(b, id).map(|_| ())));
    assert!(missing(s.delete_route(b, id)));
    assert!(missing(s.set_route_sections(b, id, None)));
    assert!(missing(s.link_workout_route(
        b,
        20_000,
        "Long ride",
        Some(id)
    )));

    // Sections: none until edited; an edit replaces them; None goes back.
    assert_eq!(s.route_sections(a, id).unwrap(), None);
    let secs = vec![
        SectionRow {
            name: "Flat 1".into(),
            kind: "flat".into(),
            start_m: 0.0,
            end_m: 100.0,
        },
        SectionRow {
            name: "The wall".into(),
            kind: "climb".into(),
            start_m: 100.0,
            end_m: 222.5,
        },
    ];
    s.set_route_sections(a, id, Some(&secs)).unwrap();
    assert_eq!(s.route_sections(a, id).unwrap(), Some(secs.clone()));
    assert!(s.route(a, id).unwrap().sections_edited);
    s.set_route_sections(a, id, Some(&secs[..1])).unwrap();
    assert_eq!(s.route_sections(a, id).unwrap().unwrap().len(), 1);
    s.set_route_sections(a, id, None).unwrap();
    assert_eq!(s.route_sections(a, id).unwrap(), None);

    s.set_route_meta(
        a,
        id,
        &RouteMeta {
            name: "Col de la Croix".into(),
            sport: Sport::Run,
            tags: vec![],
            notes: String::new(),
        },
    )
    .unwrap();
    let row = s.route(a, id).unwrap();
    assert_eq!(
        (row.name.as_str(), row.sport),
        ("Col de la Croix", Sport::Run)
    );
    assert!(row.tags.is_empty());

    // Links: one per (day, workout); deleting the route removes them.
    s.link_workout_route(a, 20_000, "Long ride", Some(id))
        .unwrap();
    s.link_workout_route(a, 20_000, "Long ride", Some(id))
        .unwrap();
    assert_eq!(s.workout_route_links(a).unwrap().len(), 1);
    s.set_route_sections(a, id, Some(&secs)).unwrap();
    s.delete_route(a, id).unwrap();
    assert!(s.workout_route_links(a).unwrap().is_empty());
    assert!(missing(s.route(a, id).map(|_| ())));
}

#[test]
fn bikes_keep_one_default() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(dir.path());
    let a = s.ensure_athlete("A", 0).unwrap();
    let b = s.add_athlete("B", 0).unwrap();
    // The first bike is the default even when not asked.
    let road = s.save_bike(a, None, &bike("Road", false)).unwrap();
    let gravel = s.save_bike(a, None, &bike("Gravel", false)).unwrap();
    let list = s.bikes(a).unwrap();
    assert_eq!(list[0].id, road);
    assert!(list[0].is_default && !list[1].is_default);
    assert_eq!(list[0].chainrings, vec![50, 34]);
    assert_eq!(list[0].cassette, vec![11, 12, 13, 28, 32]);
    // Marking another default moves it.
    s.save_bike(a, Some(gravel), &bike("Gravel 1x", true))
        .unwrap();
    let list = s.bikes(a).unwrap();
    assert_eq!((list[0].id, list[0].name.as_str()), (gravel, "Gravel 1x"));
    assert!(!list[1].is_default);
    // Deleting the default hands it on.
    s.delete_bike(a, gravel).unwrap();
    let list = s.bikes(a).unwrap();
    assert_eq!(list.len(), 1);
    assert!(list[0].is_default);
    // Another athlete's bike id is not theirs.
    assert!(matches!(
        s.save_bike(b, Some(road), &bike("x", false)),
        Err(Error::Missing { what: "bike", .. })
    ));
    assert!(matches!(
        s.delete_bike(b, road),
        Err(Error::Missing { what: "bike", .. })
    ));

    assert_eq!(s.route_assumptions(a).unwrap(), None);
    let x = RouteAssumptions {
        bike_kg: 8.2,
        cda_m2: 0.28,
        crr: 0.0035,
        drivetrain_loss: 0.03,
    };
    s.set_route_assumptions(a, &x).unwrap();
    assert_eq!(s.route_assumptions(a).unwrap(), Some(x));
    assert_eq!(s.route_assumptions(b).unwrap(), None);
}

#[test]
fn deleting_an_athlete_removes_their_routes_and_bikes() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(dir.path());
    let keep = s.ensure_athlete("Keep", 0).unwrap();
    let gone = s.add_athlete("Gone", 0).unwrap();
    for who in [keep, gone] {
        let id = add(&s, who, &points());
        s.set_route_sections(
            who,
            id,
            Some(&[SectionRow {
                name: "All".into(),
                kind: "flat".into(),
                start_m: 0.0,
                end_m: 222.5,
            }]),
        )
        .unwrap();
        s.link_workout_route(who, 1, "Ride", Some(id)).unwrap();
        s.save_bike(who, None, &bike("Road", true)).unwrap();
        s.set_route_assumptions(
            who,
            &RouteAssumptions {
                bike_kg: 9.0,
                cda_m2: 0.3,
                crr: 0.004,
                drivetrain_loss: 0.025,
            },
        )
        .unwrap();
    }
    s.delete_athlete(gone).unwrap();
    let left: Vec<_> = s
        .debug_rows_of_athlete(gone)
        .unwrap()
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .collect();
    assert!(left.is_empty(), "rows left: {left:?}");
    let kept = s.debug_rows_of_athlete(keep).unwrap();
    for t in [
        "route",
        "route_section",
        "route_workout",
        "bike",
        "route_assumptions",
    ] {
        assert!(kept.iter().any(|(n, c)| n == t && *c == 1), "{t}: {kept:?}");
    }
}
