use paceline_routes::physics::{air_density, bike_speed, run_speed};
use paceline_routes::{
    auto_sections, estimate, lowest_gear, Bike, BikeAssumptions, GearNeed, GearingError, Intensity,
    PhysicsError, Profile, ProfileOptions, RunAssumptions, SectionRule,
};

use crate::{close, profile_route};

/// 75 kg rider, 8 kg bike, CdA 0.30 m², Crr 0.004, 2.5 % drivetrain loss, 15 °C.
fn rider() -> BikeAssumptions {
    BikeAssumptions {
        rider_kg: 75.0,
        bike_kg: 8.0,
        cda_m2: 0.30,
        crr: 0.004,
        drivetrain_loss: 0.025,
        temperature_c: 15.0,
        max_speed_mps: 70.0 / 3.6,
    }
}

#[test]
fn air_density_by_elevation() {
    // Sea level, 15 °C: 101325 / (287.05 · 288.15) = 1.22501 kg/m³.
    close(air_density(0.0, 15.0), 1.22501, 1e-5);
    // 500 m: p = 101325 · (1 − 0.0112789)^5.25588 = 95461 Pa → 1.15411 kg/m³.
    close(air_density(500.0, 15.0), 1.15411, 1e-4);
}

/// Flat 40 km at 250 W at sea level.
/// Wheel power 250 · 0.975 = 243.75 W. Drag ½ρCdA = 0.5 · 1.22501 · 0.30 = 0.183752;
/// rolling m·g·Crr = 83 · 9.80665 · 0.004 = 3.255808 N.
/// 0.183752 v³ + 3.255808 v = 243.75 → v = 10.45056 m/s (check: 0.183752 · 1141.39 +
/// 34.025 = 209.73 + 34.03 = 243.75), i.e. 37.62 km/h; 40000 / 10.45056 = 3827.5 s
/// (1:03:48).
#[test]
fn flat_40_km_at_250_w() {
    close(bike_speed(250.0, 0.0, 0.0, &rider()), 10.45056, 1e-4);
    let mut r = profile_route(&[(40_000.0, 0.0)]);
    for p in &mut r.points {
        p.ele_m = Some(0.0);
    }
    let p = Profile::new(&r, ProfileOptions::default());
    let s = auto_sections(&p, &SectionRule::default());
    let e = estimate(
        &p,
        &s,
        Intensity::Power { watts: 250.0 },
        &rider(),
        &RunAssumptions::default(),
    )
    .unwrap();
    close(e.total_s, 3827.5, 1.0);
    close(e.avg_speed_mps, 10.4506, 0.003);
    assert_eq!(e.power_w, Some(250.0));
    assert_eq!(e.sections.len(), 1);
    close(e.sections[0].time_s, e.total_s, 1e-6);
    // 250 W as 80 % of a 312.5 W FTP is the same ride.
    let f = estimate(
        &p,
        &s,
        Intensity::FtpPct {
            ftp_w: 312.5,
            pct: 80.0,
        },
        &rider(),
        &RunAssumptions::default(),
    )
    .unwrap();
    close(f.total_s, e.total_s, 1e-9);
}

/// 8 % at 500 m, 250 W: θ = atan 0.08 = 4.5739°; m·g·(sin θ + Crr cos θ) =
/// 813.95 · (0.079745 + 0.004 · 0.996815) = 68.1542 N; ½ρCdA = 0.5 · 1.15411 · 0.30 =
/// 0.173117. 0.173117 v³ + 68.1542 v = 243.75 → v = 3.47029 m/s (12.49 km/h).
#[test]
fn climb_speed_and_the_gear_it_needs() {
    let v = bike_speed(250.0, 0.08, 500.0, &rider());
    close(v, 3.47029, 1e-4);
    let bike = Bike {
        name: "Road".into(),
        chainrings: vec![50, 34],
        cassette: vec![11, 12, 13, 14, 15, 17, 19, 21, 24, 27, 30, 32],
        wheel_circumference_m: 2.105,
    };
    // At 70 rpm the gear may move at most 60 · 3.47029 / 70 = 2.97454 m per turn.
    // 34×24 moves 2.105 · 34/24 = 2.98208 m (69.82 rpm, just too hard); 34×27 moves
    // 2.65074 m: 60 · 3.47029 / 2.65074 = 78.55 rpm. Every 50-ring gear is harder.
    let need = lowest_gear(&bike, v, 70.0).unwrap();
    let GearNeed::Gear { gear, cadence_rpm } = need else {
        panic!("{need:?}")
    };
    assert_eq!((gear.chainring, gear.cog), (34, 27));
    close(cadence_rpm, 78.55, 0.01);
    assert_eq!(need.to_string(), "34×27");
    // At 65 rpm 34×24 is enough: 60 · 3.47029 / 2.98208 = 69.82 rpm.
    let GearNeed::Gear { gear, .. } = lowest_gear(&bike, v, 65.0).unwrap() else {
        panic!()
    };
    assert_eq!((gear.chainring, gear.cog), (34, 24));
    // 1 m/s (a 20 % wall at low power) in 34×32 (2.23656 m) is 26.8 rpm: walk.
    let walk = lowest_gear(&bike, 1.0, 60.0).unwrap();
    let GearNeed::Walk {
        easiest,
        cadence_rpm,
    } = walk
    else {
        panic!("{walk:?}")
    };
    assert_eq!((easiest.chainring, easiest.cog), (34, 32));
    close(cadence_rpm, 26.83, 0.01);
    assert_eq!(walk.to_string(), "walk");

    let broken = Bike {
        cassette: vec![],
        ..bike.clone()
    };
    assert_eq!(lowest_gear(&broken, v, 70.0), Err(GearingError::Teeth));
    let wheel = Bike {
        wheel_circumference_m: 0.0,
        ..bike.clone()
    };
    assert_eq!(lowest_gear(&wheel, v, 70.0), Err(GearingError::Wheel(0.0)));
    assert!(matches!(
        lowest_gear(&bike, f64::NAN, 70.0),
        Err(GearingError::Speed(_))
    ));
    assert!(matches!(
        lowest_gear(&bike, v, 0.0),
        Err(GearingError::Cadence(_))
    ));
}

#[test]
fn steep_descents_are_capped_and_never_nan() {
    let a = rider();
    // Coasting down 3 % (no power): terminal speed where drag + rolling = gravity:
    // ½ρCdA v² = m g (sin θ − Crr cos θ): 813.95 · (0.029987 − 0.004 · 0.99955) / 0.183752
    // = 115.11 → v = 10.729 m/s. With 1 W (to avoid the 0 W refusal) barely more.
    close(bike_speed(1e-9, -0.03, 0.0, &a), 10.729, 0.01);
    for g in [-0.05, -0.15, -0.30, -1.0, -10.0] {
        let v = bike_speed(250.0, g, 0.0, &a);
        assert!(v.is_finite() && v <= a.max_speed_mps + 1e-12, "{g}: {v}");
    }
    close(bike_speed(250.0, -0.15, 0.0, &a), a.max_speed_mps, 1e-12);
    // A wall: slow but moving.
    let v = bike_speed(250.0, 0.30, 0.0, &a);
    assert!(v > 0.5 && v < 1.5, "{v}");
}

#[test]
fn time_per_section_adds_up_and_climbs_are_slower() {
    let p = Profile::new(
        &profile_route(&[
            (3000.0, 0.0),
            (3000.0, 0.07),
            (3000.0, -0.07),
            (3000.0, 0.0),
        ]),
        ProfileOptions::default(),
    );
    let s = auto_sections(&p, &SectionRule::default());
    assert_eq!(s.len(), 4, "{s:?}");
    let e = estimate(
        &p,
        &s,
        Intensity::Power { watts: 200.0 },
        &BikeAssumptions::default(),
        &RunAssumptions::default(),
    )
    .unwrap();
    let sum: f64 = e.sections.iter().map(|x| x.time_s).sum();
    close(sum, e.total_s, 1e-6);
    let speed: Vec<f64> = e.sections.iter().map(|x| x.avg_speed_mps).collect();
    assert!(speed[1] < speed[0] && speed[0] < speed[2], "{speed:?}");
    // The steepest window of the climb is ridden at the 7 % speed.
    let v7 = bike_speed(200.0, 0.07, 100.0 + 150.0, &BikeAssumptions::default());
    close(e.sections[1].steepest_speed_mps, v7, 0.05);
}

/// Running at 5:00 /km flat (3.3333 m/s). On 10 % Minetti's cost is
/// 155.4e-5 − 30.4e-4 − 43.3e-3 + 46.3e-2 + 1.95 + 3.6 = 5.968214 J/kg/m against 3.6
/// flat: speed 3.33333 · 3.6 / 5.968214 = 2.01066 m/s.
#[test]
fn running_from_grade_adjusted_pace() {
    let a = RunAssumptions::default();
    close(run_speed(1000.0 / 300.0, 0.0, &a), 3.33333, 1e-5);
    close(run_speed(1000.0 / 300.0, 0.10, &a), 2.01066, 1e-4);
    // Fast downhill pace is capped.
    assert_eq!(run_speed(5.5, -0.2, &a), a.max_speed_mps);
    let p = Profile::new(&profile_route(&[(1000.0, 0.0)]), ProfileOptions::default());
    let e = estimate(
        &p,
        &[],
        Intensity::Pace { s_per_km: 300.0 },
        &BikeAssumptions::default(),
        &a,
    )
    .unwrap();
    close(e.total_s, 300.0, 1e-6);
    assert_eq!(e.pace_s_per_km, Some(300.0));
}

#[test]
fn bad_intensity_or_assumptions_are_refused() {
    let p = Profile::new(&profile_route(&[(1000.0, 0.0)]), ProfileOptions::default());
    let run = RunAssumptions::default();
    let est = |i: Intensity, b: &BikeAssumptions| estimate(&p, &[], i, b, &run);
    let ok = BikeAssumptions::default();
    assert_eq!(
        est(Intensity::Power { watts: 0.0 }, &ok),
        Err(PhysicsError::Power(0.0))
    );
    assert!(matches!(
        est(Intensity::Power { watts: f64::NAN }, &ok),
        Err(PhysicsError::Power(_))
    ));
    assert_eq!(
        est(Intensity::Pace { s_per_km: -1.0 }, &ok),
        Err(PhysicsError::Pace(-1.0))
    );
    let heavy = BikeAssumptions {
        rider_kg: 0.0,
        ..ok
    };
    let err = est(Intensity::Power { watts: 200.0 }, &heavy).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the athlete's mass must be between 20 and 300 kg (got 0)"
    );
    // Assumptions read from partial JSON take the defaults for the rest.
    let partial: BikeAssumptions = serde_json::from_str(r#"{"rider_kg": 68}"#).unwrap();
    assert_eq!(partial.rider_kg, 68.0);
    assert_eq!(partial.crr, ok.crr);
}

#[test]
fn summary_for_show_json() {
    use paceline_routes::summarize;
    let p = Profile::new(
        &profile_route(&[(2000.0, 0.0), (3000.0, 0.08), (2000.0, 0.0)]),
        ProfileOptions::default(),
    );
    let s = auto_sections(&p, &SectionRule::default());
    let a = rider();
    let e = estimate(
        &p,
        &s,
        Intensity::Power { watts: 250.0 },
        &a,
        &RunAssumptions::default(),
    )
    .unwrap();
    let bike = Bike {
        name: "Road".into(),
        chainrings: vec![50, 34],
        cassette: vec![11, 12, 13, 14, 15, 17, 19, 21, 24, 27, 30, 32],
        wheel_circumference_m: 2.105,
    };
    let sum = summarize(&p, &s, Some(&e), Some((&bike, 70.0)));
    let json = serde_json::to_value(&sum).unwrap();
    for k in ["distance_m", "ascent_m", "descent_m", "est_time_s"] {
        assert!(json[k].is_number(), "{k}");
    }
    let climb = &json["sections"][1];
    assert_eq!(climb["name"], "Climb 1");
    assert_eq!(climb["kind"], "climb");
    for k in [
        "start_m",
        "end_m",
        "distance_m",
        "ascent_m",
        "avg_grade_pct",
        "max_grade_pct",
        "est_time_s",
    ] {
        assert!(climb[k].is_number(), "{k}");
    }
    // The 8 % climb at 100–340 m: about the 3.47 m/s of the hand-computed 8 % at 500 m
    // (denser air here: a touch slower), so 34×27 as there.
    assert_eq!(climb["min_gear"], "34×27");
    close(sum.distance_m, 7000.0, 1e-6);
    close(sum.est_time_s.unwrap(), e.total_s, 1e-9);
    // Without an estimate: figures only.
    let bare = summarize(&p, &s, None, Some((&bike, 70.0)));
    assert!(bare.est_time_s.is_none() && bare.sections[1].min_gear.is_none());
}
