//! Routes through the application layer: GPX files in (a broken one does not stop the
//! others), sections found on a synthetic climb and edited, estimates at a power, a
//! share of FTP and a pace, the gear a climb needs, efforts of recorded activities,
//! pictures, and the corpus's real GPX files.

use paceline_app::AthleteScope;
use paceline_routes::haversine_m;
use paceline_types::{
    BikeEntry, ErrorCode, RouteChartKind, RouteIntensity, RouteView, Sport, Theme, Threshold,
    ThresholdKind,
};

use super::support;

const M_PER_DEG: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;
/// Start of the synthetic route.
const LAT0: f64 = 45.0;
const LON0: f64 = 6.0;

/// Elevation at `d` m of the synthetic route: 2 km flat at 500 m, 3 km at 6 %
/// (+180 m), 2 km flat at 680 m.
fn ele(d: f64) -> f64 {
    500.0 + 0.06 * (d - 2000.0).clamp(0.0, 3000.0)
}

/// Points every `step` m due north from (LAT0, LON0) over 7 km.
fn line(step: f64) -> Vec<(f64, f64, f64)> {
    let n = (7000.0 / step) as usize;
    (0..=n)
        .map(|i| {
            let d = i as f64 * step;
            (LAT0 + d / M_PER_DEG, LON0, ele(d))
        })
        .collect()
}

fn climb_gpx() -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"test\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><name>Test climb</name><type>cycling</type><trkseg>\n",
    );
    for (lat, lon, e) in line(10.0) {
        s.push_str(&format!(
            "<trkpt lat=\"{lat:.8}\" lon=\"{lon:.8}\"><ele>{e:.2}</ele></trkpt>\n"
        ));
    }
    s.push_str("</trkseg></trk></gpx>\n");
    s
}

fn import_climb(app: &AthleteScope, dir: &std::path::Path) -> i64 {
    let p = dir.join("climb.gpx");
    std::fs::write(&p, climb_gpx()).unwrap();
    app.import_route_file(&p).unwrap()
}

fn at_power(app: &AthleteScope, id: i64, watts: f64) -> RouteView {
    app.route_view(id, Some(RouteIntensity::Power { watts }))
        .unwrap()
}

fn compact_bike() -> BikeEntry {
    BikeEntry {
        id: 0,
        name: "Road".into(),
        chainrings: vec![50, 34],
        cassette: vec![11, 12, 13, 14, 15, 17, 19, 21, 24, 28],
        wheel_circumference_m: 2.1,
        min_cadence_rpm: 60.0,
        is_default: true,
    }
}

#[test]
fn many_files_import_and_a_broken_one_is_its_own_error() {
    let (dir, vault) = support::app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let files = dir.path().join("in");
    std::fs::create_dir_all(&files).unwrap();
    let good = files.join("climb.gpx");
    std::fs::write(&good, climb_gpx()).unwrap();
    let cut = files.join("cut.gpx");
    std::fs::write(&cut, &climb_gpx()[..2000]).unwrap();
    let fit = files.join("ride.fit");
    std::fs::write(&fit, b"\x0e\x10\x00\x00junk.FIT").unwrap();
    let missing = files.join("missing.gpx");
    let out = app.import_route_files(&[cut.clone(), good, fit, missing]);
    assert_eq!(out.len(), 4);
    assert!(out[0].route_id.is_none());
    assert!(
        out[0]
            .error
            .as_deref()
            .unwrap()
            .contains("export the route again"),
        "{:?}",
        out[0]
    );
    let id = out[1].route_id.expect("the good file imports");
    assert_eq!(out[1].file, "climb.gpx");
    assert!(out[2].error.as_deref().unwrap().contains("not a GPX file"));
    assert!(out[3].error.is_some());

    let list = app.routes().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, id);
    assert_eq!(list[0].name, "Test climb");
    assert_eq!(list[0].sport, Sport::Ride);
    assert_eq!(list[0].source_file.as_deref(), Some("climb.gpx"));
    assert!(
        (list[0].distance_m - 7000.0).abs() < 5.0,
        "{}",
        list[0].distance_m
    );
    assert!(
        (list[0].ascent_m - 180.0).abs() < 2.0,
        "{}",
        list[0].ascent_m
    );

    // Another athlete neither sees nor reaches it.
    let other = vault.add_athlete("Other").unwrap();
    let other = vault.athlete(other.id).unwrap();
    assert!(other.routes().unwrap().is_empty());
    let e = other.route_view(id, None).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    assert_eq!(
        other.delete_route(id).unwrap_err().code(),
        ErrorCode::NotFound
    );
    app.delete_route(id).unwrap();
    assert!(app.routes().unwrap().is_empty());
}

#[test]
fn a_climb_is_found_estimated_and_geared() {
    let (dir, vault) = support::app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let id = import_climb(&app, dir.path());

    let v = at_power(&app, id, 250.0);
    let kinds: Vec<&str> = v.sections.iter().map(|s| s.kind.as_str()).collect();
    assert_eq!(kinds, ["flat", "climb", "flat"]);
    let climb = &v.sections[1];
    assert_eq!(climb.name, "Climb 1");
    // Boundaries within half the 100 m grade window of the real ones.
    assert!((climb.start_m - 2000.0).abs() <= 60.0, "{}", climb.start_m);
    assert!((climb.end_m - 5000.0).abs() <= 60.0, "{}", climb.end_m);
    assert!(
        (climb.avg_grade_pct - 6.0).abs() < 0.3,
        "{}",
        climb.avg_grade_pct
    );
    assert!(
        (climb.max_grade_pct - 6.0).abs() < 0.3,
        "{}",
        climb.max_grade_pct
    );
    assert!((v.distance_m - 7000.0).abs() < 5.0);
    assert!((v.ascent_m - 180.0).abs() < 2.0);
    assert!(v.descent_m < 1.0);
    // Section times add up to the total; at 250 W without an FTP the default is 200 W.
    let sum: f64 = v.sections.iter().map(|s| s.est_time_s.unwrap()).sum();
    assert!(
        (sum - v.est_time_s).abs() < 1e-6,
        "{sum} vs {}",
        v.est_time_s
    );
    assert_eq!(v.power_w, Some(250.0));
    assert_eq!(app.route_view(id, None).unwrap().power_w, Some(200.0));
    assert!(at_power(&app, id, 300.0).est_time_s < v.est_time_s);
    // No bike yet: no gear.
    assert_eq!(climb.min_gear, None);

    // % of FTP needs an FTP valid today, then equals that power exactly.
    let e = app
        .route_view(id, Some(RouteIntensity::FtpPct { pct: 100.0 }))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(e.to_string().contains("no FTP"), "{e}");
    let today = app.today().unwrap();
    let set = |kind, value| {
        app.set_threshold(&Threshold {
            sport: (kind == ThresholdKind::Ftp).then_some(Sport::Ride),
            kind,
            value,
            from_day: today - 10,
        })
        .unwrap()
    };
    set(ThresholdKind::Ftp, 250.0);
    let f = app
        .route_view(id, Some(RouteIntensity::FtpPct { pct: 100.0 }))
        .unwrap();
    assert_eq!(f.est_time_s, v.est_time_s);
    assert_eq!(f.ftp_w, Some(250.0));
    // The default is now 70 % of it.
    assert_eq!(app.route_view(id, None).unwrap().power_w, Some(175.0));
    // A lighter rider climbs faster; their weight is the rider's mass.
    assert_eq!(v.assumptions.rider_kg, 75.0);
    set(ThresholdKind::Weight, 60.0);
    let light = at_power(&app, id, 250.0);
    assert!(light.assumptions.rider_kg_from_athlete);
    assert!(light.sections[1].est_time_s.unwrap() < climb.est_time_s.unwrap());

    // The gear: the hardest that keeps ≥ 60 rpm at the climb's speed.
    let bike_id = app.save_bike(&compact_bike()).unwrap();
    let g = at_power(&app, id, 250.0);
    assert_eq!(g.bike.as_deref(), Some("Road"));
    let c = &g.sections[1];
    let gear = c.min_gear.as_deref().unwrap();
    let (ring, cog) = gear.split_once('×').unwrap();
    let (ring, cog): (f64, f64) = (ring.parse().unwrap(), cog.parse().unwrap());
    let cadence = c.min_gear_cadence_rpm.unwrap();
    assert!(cadence >= 60.0, "{gear} at {cadence}");
    let speed = cadence * 2.1 * ring / cog / 60.0;
    // Every harder gear of the bike turns slower than 60 rpm at that speed.
    let bike = compact_bike();
    for &r in &bike.chainrings {
        for &k in &bike.cassette {
            let dev = 2.1 * f64::from(r) / f64::from(k);
            if dev > 2.1 * ring / cog + 1e-9 {
                assert!(60.0 * speed / dev < 60.0, "{r}×{k} would do");
            }
        }
    }
    // A bike with one hard gear and a high minimum cadence walks the climb.
    app.save_bike(&BikeEntry {
        id: bike_id,
        chainrings: vec![53],
        cassette: vec![11],
        min_cadence_rpm: 90.0,
        ..compact_bike()
    })
    .unwrap();
    let w = at_power(&app, id, 150.0);
    assert_eq!(w.sections[1].min_gear.as_deref(), Some("walk"));
    // Bad gearing is refused with what is wrong.
    let e = app
        .save_bike(&BikeEntry {
            wheel_circumference_m: 21.0,
            ..compact_bike()
        })
        .unwrap_err();
    assert!(e.to_string().contains("wheel circumference"), "{e}");

    // Running: the pace is flat pace, slower uphill by the GAP model.
    let r = app
        .route_view(id, Some(RouteIntensity::Pace { s_per_km: 300.0 }))
        .unwrap();
    assert_eq!(r.pace_s_per_km, Some(300.0));
    assert!(r.sections[0].min_gear.is_none());
    let flat = &r.sections[0];
    let flat_pace = flat.est_time_s.unwrap() / (flat.distance_m / 1000.0);
    assert!((flat_pace - 300.0).abs() < 1.0, "{flat_pace}");
    let up = &r.sections[1];
    assert!(up.est_time_s.unwrap() / (up.distance_m / 1000.0) > 330.0);

    // Assumptions: stored and used; bad values refused.
    let mut a = paceline_types::RouteAssumptionsSet {
        bike_kg: 9.0,
        cda_m2: 0.25,
        crr: 0.004,
        drivetrain_loss: 0.025,
    };
    app.set_route_assumptions(&a).unwrap();
    assert_eq!(app.route_assumptions().unwrap().cda_m2, 0.25);
    assert!(at_power(&app, id, 250.0).sections[0].est_time_s < light.sections[0].est_time_s);
    a.crr = 0.5;
    assert_eq!(
        app.set_route_assumptions(&a).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
}

#[test]
fn sections_split_merge_rename_and_reset() {
    let (dir, vault) = support::app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let id = import_climb(&app, dir.path());
    app.split_route_section(id, 3500.0).unwrap();
    let v = app.route_view(id, None).unwrap();
    assert!(v.sections_edited);
    let names: Vec<&str> = v.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Flat 1", "Climb 1", "Climb 1 (2)", "Flat 2"]);
    assert_eq!(v.sections[2].start_m, 3500.0);
    app.rename_route_section(id, 1, "  Lower slopes ").unwrap();
    app.merge_route_sections(id, 1).unwrap();
    let v = app.route_view(id, None).unwrap();
    let names: Vec<&str> = v.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Flat 1", "Lower slopes", "Flat 2"]);
    assert_eq!(v.sections[1].kind, "climb");
    // Refusals say why.
    let e = app.split_route_section(id, 0.0).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(app.merge_route_sections(id, 2).is_err());
    assert!(app.rename_route_section(id, 0, " ").is_err());
    assert!(app.rename_route_section(id, 9, "x").is_err());
    app.reset_route_sections(id).unwrap();
    let v = app.route_view(id, None).unwrap();
    assert!(!v.sections_edited);
    assert_eq!(v.sections[1].name, "Climb 1");
}

#[test]
fn a_ride_along_the_route_is_an_effort_and_can_become_a_route() {
    let (dir, vault) = support::app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let id = import_climb(&app, dir.path());
    // 5 m/s along the route, one record a second: 1400 s.
    let pts = line(5.0);
    let fit = support::one_session_fit(
        1_764_000_000,
        pts.len() as u32,
        1,
        |i| {
            let (lat, lon, e) = pts[i as usize];
            paceline_fit::RecordSample {
                lat_deg: Some(lat),
                lon_deg: Some(lon),
                altitude_m: Some(e as f32),
                distance_m: Some(f64::from(i) * 5.0),
                ..Default::default()
            }
        },
        paceline_fit::Summary {
            sport: paceline_fit::Sport::CYCLING,
            total_distance_m: Some(7000.0),
            ..Default::default()
        },
    );
    let path = dir.path().join("ride.fit");
    std::fs::write(&path, fit).unwrap();
    let report = app.import_paths(&[path]);
    assert_eq!(report.imported(), 1, "{report:?}");
    let activity = app.list_activities().unwrap()[0].id;

    let efforts = app.route_efforts(id).unwrap();
    assert_eq!(efforts.len(), 1);
    let e = &efforts[0];
    assert_eq!(e.activity_id, activity);
    assert!((e.elapsed_s - 1400.0).abs() < 5.0, "{}", e.elapsed_s);
    assert!(e.coverage >= 0.99);
    let secs = app.route_view(id, None).unwrap().sections;
    assert_eq!(e.section_times_s.len(), secs.len());
    for (t, s) in e.section_times_s.iter().zip(&secs) {
        let expect = s.distance_m / 5.0;
        assert!((t.unwrap() - expect).abs() < 5.0, "{t:?} vs {expect}");
    }

    let saved = app
        .save_activity_as_route(activity, Some("Home climb"))
        .unwrap();
    let r = app.route_view(saved, None).unwrap();
    assert_eq!(r.name, "Home climb");
    assert_eq!(r.sport, Sport::Ride);
    assert!((r.distance_m - 7000.0).abs() < 5.0, "{}", r.distance_m);
    assert_eq!(app.route_efforts(saved).unwrap().len(), 1);

    // Pictures: SVG, light and dark.
    for kind in [RouteChartKind::Profile, RouteChartKind::Outline] {
        for theme in [Theme::Light, Theme::Dark] {
            let c = app.route_chart(id, kind, theme, 800, 300).unwrap();
            assert!(c.svg.starts_with("<svg"), "{kind:?}");
            assert!(c.svg.contains("Test climb"));
        }
    }
    assert!(app
        .route_chart(id, RouteChartKind::Profile, Theme::Light, 10, 10)
        .is_err());
}

/// The corpus's GPX files with a route or track import, each as long as the
/// haversine sum of its points (within 1 %); files without one are refused alone.
#[test]
fn corpus_gpx_files_import_with_their_length() {
    let Some(files) = paceline_testsupport::corpus_files("gpx", &["gpx"]) else {
        eprintln!("skipped: corpus not found (set PACELINE_CORPUS)");
        return;
    };
    let (_dir, vault) = support::app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let out = app.import_route_files(&files);
    let mut imported = 0;
    for (f, o) in files.iter().zip(&out) {
        let bytes = std::fs::read(f).unwrap();
        match (paceline_routes::gpx::parse(&bytes), o.route_id) {
            (Ok(route), Some(id)) => {
                imported += 1;
                let sum: f64 = route
                    .points
                    .windows(2)
                    .map(|w| haversine_m(w[0].lat_deg, w[0].lon_deg, w[1].lat_deg, w[1].lon_deg))
                    .sum();
                let v = app.route_view(id, None).unwrap();
                assert!(
                    (v.distance_m - sum).abs() <= sum * 0.01,
                    "{}: {} vs {sum}",
                    o.file,
                    v.distance_m
                );
                let last = v.sections.last().unwrap();
                assert!((last.end_m - v.distance_m).abs() < 1.0);
            }
            (Err(_), None) => assert!(o.error.is_some()),
            (p, id) => panic!("{}: parse {:?} but import {id:?}", o.file, p.map(|_| ())),
        }
    }
    assert!(
        imported >= 10,
        "only {imported} of {} imported",
        files.len()
    );
    assert_eq!(app.routes().unwrap().len(), imported);
}

/// A planned workout links to a route by its day and name; deleting the route drops
/// the link.
#[test]
fn a_planned_workout_links_to_a_route() {
    use paceline_app::plan::brief::Availability;
    use paceline_app::plan::Sport as PlanSport;
    use paceline_app::WorkoutRef;

    let (dir, vault) = support::app();
    let app = vault.athlete(vault.current_athlete().unwrap()).unwrap();
    let id = import_climb(&app, dir.path());
    // No plan yet: nothing to link.
    assert!(app
        .link_workout_route(WorkoutRef::Index(0), Some(id))
        .is_err());
    app.set_plan_sports(Some(vec![PlanSport::Bike]), vec![])
        .unwrap();
    app.set_availability(&Availability {
        mon: 0.0,
        tue: 1.0,
        wed: 1.0,
        thu: 1.0,
        fri: 0.0,
        sat: 2.0,
        sun: 2.0,
    })
    .unwrap();
    app.generate_plan().unwrap();
    let w = app.plan(None).unwrap().workouts[0].clone();
    app.link_workout_route(WorkoutRef::Index(0), Some(id))
        .unwrap();
    let links = app.workout_routes().unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(
        (
            links[0].day,
            links[0].workout_name.as_str(),
            links[0].route_id
        ),
        (w.date.0, w.name.as_str(), id)
    );
    assert_eq!(links[0].route_name, "Test climb");
    assert_eq!(
        app.link_workout_route(WorkoutRef::Index(9999), Some(id))
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
    // Another athlete's route cannot be linked.
    let other = vault.add_athlete("Other").unwrap();
    let theirs = import_climb(&vault.athlete(other.id).unwrap(), dir.path());
    assert_eq!(
        app.link_workout_route(WorkoutRef::Index(0), Some(theirs))
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
    assert_eq!(app.workout_routes().unwrap()[0].route_id, id);
    app.delete_route(id).unwrap();
    assert!(app.workout_routes().unwrap().is_empty());
}
