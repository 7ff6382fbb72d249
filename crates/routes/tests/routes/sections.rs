use paceline_routes::sections::{merge, rename, split, validate};
use paceline_routes::{
    auto_sections, route_stats, section_stats, Profile, ProfileOptions, SectionEditError,
    SectionKind, SectionRule,
};

use crate::{close, profile_route};

fn kinds_and_bounds(pieces: &[(f64, f64)]) -> Vec<(SectionKind, f64, f64)> {
    let p = Profile::new(&profile_route(pieces), ProfileOptions::default());
    auto_sections(&p, &SectionRule::default())
        .into_iter()
        .map(|s| (s.kind, s.start_m, s.end_m))
        .collect()
}

/// Boundaries land within half the grade window (50 m) plus a step of the true change.
#[track_caller]
fn expect(got: &[(SectionKind, f64, f64)], want: &[(SectionKind, f64, f64)]) {
    assert_eq!(got.len(), want.len(), "{got:?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g.0, w.0, "{got:?}");
        close(g.1, w.1, 60.0);
        close(g.2, w.2, 60.0);
    }
}

#[test]
fn climb_descent_and_flats() {
    use SectionKind::*;
    let got = kinds_and_bounds(&[
        (2000.0, 0.0),
        (3000.0, 0.06),
        (2000.0, 0.0),
        (2000.0, -0.05),
        (1000.0, 0.0),
    ]);
    expect(
        &got,
        &[
            (Flat, 0.0, 2000.0),
            (Climb, 2000.0, 5000.0),
            (Flat, 5000.0, 7000.0),
            (Descent, 7000.0, 9000.0),
            (Flat, 9000.0, 10000.0),
        ],
    );
    // Exact ends: the first starts at 0 and the last ends at the route's length.
    assert_eq!(got[0].1, 0.0);
    close(got[4].2, 10_000.0, 1e-6);
}

#[test]
fn a_small_dip_stays_inside_the_climb() {
    use SectionKind::*;
    // 1 km at 6 %, 200 m at −4 % (an 8 m dip, within the 10 m tolerated), 1 km at 6 %.
    let got = kinds_and_bounds(&[
        (1000.0, 0.0),
        (1000.0, 0.06),
        (200.0, -0.04),
        (1000.0, 0.06),
        (1000.0, 0.0),
    ]);
    expect(
        &got,
        &[
            (Flat, 0.0, 1000.0),
            (Climb, 1000.0, 3200.0),
            (Flat, 3200.0, 4200.0),
        ],
    );
}

#[test]
fn a_deep_dip_splits_the_climb() {
    use SectionKind::*;
    // A 400 m dip at −4 % drops 16 m: two climbs, and the dip (too short for a descent)
    // is a flat between them.
    let got = kinds_and_bounds(&[
        (1000.0, 0.0),
        (1000.0, 0.06),
        (400.0, -0.04),
        (1000.0, 0.06),
        (1000.0, 0.0),
    ]);
    expect(
        &got,
        &[
            (Flat, 0.0, 1000.0),
            (Climb, 1000.0, 2000.0),
            (Flat, 2000.0, 2400.0),
            (Climb, 2400.0, 3400.0),
            (Flat, 3400.0, 4400.0),
        ],
    );
}

#[test]
fn short_or_gentle_rises_are_flat() {
    use SectionKind::*;
    // 400 m at 8 % is too short; 2 km at 2 % too gentle; 600 m at 4 % is a climb.
    let got = kinds_and_bounds(&[
        (1000.0, 0.0),
        (400.0, 0.08),
        (1000.0, 0.0),
        (2000.0, 0.02),
        (1000.0, 0.0),
    ]);
    expect(&got, &[(Flat, 0.0, 5400.0)]);
    let got = kinds_and_bounds(&[(1000.0, 0.0), (600.0, 0.04), (1000.0, 0.0)]);
    expect(
        &got,
        &[
            (Flat, 0.0, 1000.0),
            (Climb, 1000.0, 1600.0),
            (Flat, 1600.0, 2600.0),
        ],
    );
}

#[test]
fn a_climb_straight_into_a_descent_shares_its_top() {
    use SectionKind::*;
    let got = kinds_and_bounds(&[(1500.0, 0.07), (1500.0, -0.07)]);
    expect(&got, &[(Climb, 0.0, 1500.0), (Descent, 1500.0, 3000.0)]);
    assert_eq!(got[0].2, got[1].1, "contiguous");
}

#[test]
fn no_elevation_is_one_flat() {
    let mut r = profile_route(&[(3000.0, 0.05)]);
    for p in &mut r.points {
        p.ele_m = None;
    }
    let p = Profile::new(&r, ProfileOptions::default());
    let s = auto_sections(&p, &SectionRule::default());
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].kind, SectionKind::Flat);
    assert_eq!(route_stats(&p).ascent_m, 0.0);
}

#[test]
fn stats_of_a_climb_and_the_route() {
    let p = Profile::new(
        &profile_route(&[
            (2000.0, 0.0),
            (1000.0, 0.05),
            (500.0, 0.10),
            (1000.0, 0.05),
            (2000.0, -0.04),
        ]),
        ProfileOptions::default(),
    );
    // Rise 50 + 50 + 50 = 150 m over 2.5 km (6 % average); the steepest 100 m is 10 %.
    let c = section_stats(&p, 2000.0, 4500.0);
    close(c.distance_m, 2500.0, 1e-9);
    close(c.avg_grade_pct, 6.0, 0.1);
    close(c.max_grade_pct, 10.0, 0.05);
    assert!(
        (3000.0..3400.0).contains(&c.steepest_at_m),
        "{}",
        c.steepest_at_m
    );
    // The 11-sample (100 m) average rounds the corners: at the foot the five samples
    // after it are 0.05 · (10 + 20 + 30 + 40 + 50) = 7.5 m higher, so 100 + 7.5/11; at the
    // top the five before are 7.5 m lower and the five after 0.04 · 150 = 6 m lower.
    close(c.ele_start_m, 100.0 + 7.5 / 11.0, 1e-6);
    close(c.ele_end_m, 250.0 - 13.5 / 11.0, 1e-6);
    // The whole route: up 150 m and down 80 m, less the 13.5/11 m the smoothing takes
    // off the summit (the route's own ends are kept exactly; with a gentler far side
    // the smoothed top sits a step past the true one, 0.01 m higher).
    let r = route_stats(&p);
    close(r.distance_m, 6500.0, 1e-6);
    close(r.ascent_m, 150.0 - 13.5 / 11.0, 0.02);
    close(r.descent_m, 80.0 - 13.5 / 11.0, 0.02);
    close(r.min_grade_pct, -4.0, 0.05);
}

#[test]
fn split_merge_rename() {
    let p = Profile::new(
        &profile_route(&[(2000.0, 0.0), (3000.0, 0.06), (2000.0, 0.0)]),
        ProfileOptions::default(),
    );
    let rule = SectionRule::default();
    let mut s = auto_sections(&p, &rule);
    assert_eq!(s.len(), 3);
    assert_eq!(s[1].name, "Climb 1");
    split(&mut s, 3500.0).unwrap();
    assert_eq!(s.len(), 4);
    assert_eq!((s[1].end_m, s[2].start_m), (3500.0, 3500.0));
    assert_eq!(s[2].name, "Climb 1 (2)");
    assert_eq!(s[2].kind, SectionKind::Climb);
    validate(&s, p.total_m()).unwrap();
    rename(&mut s, 1, "  Lower ramp ").unwrap();
    assert_eq!(s[1].name, "Lower ramp");
    // Two climbs merge into one climb under the first one's name.
    merge(&mut s, 1, &p, &rule).unwrap();
    assert_eq!(s.len(), 3);
    assert_eq!(
        (s[1].kind, s[1].name.as_str()),
        (SectionKind::Climb, "Lower ramp")
    );
    close(s[1].end_m, 5000.0, 60.0);
    // The climb and the flat after it: 180 m over 5 km (3.6 %) is still a climb.
    merge(&mut s, 1, &p, &rule).unwrap();
    assert_eq!(s[1].kind, SectionKind::Climb);
    close(s[1].end_m, 7000.0, 1e-6);
    // With the first flat too: 180 m over 7 km (2.6 %) is flat.
    merge(&mut s, 0, &p, &rule).unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].kind, SectionKind::Flat);
    validate(&s, p.total_m()).unwrap();
    split(&mut s, 3000.0).unwrap();

    assert_eq!(
        split(&mut s, 99_999.0),
        Err(SectionEditError::NotInside { at_m: 99_999.0 })
    );
    let near_start = s[0].start_m + 5.0;
    assert_eq!(
        split(&mut s, near_start),
        Err(SectionEditError::TooShort { min_m: 20.0 })
    );
    assert!(split(&mut s, f64::NAN).is_err());
    let last = s.len() - 1;
    assert_eq!(
        merge(&mut s, last, &p, &rule),
        Err(SectionEditError::NothingToMerge)
    );
    assert_eq!(
        merge(&mut s, 9, &p, &rule),
        Err(SectionEditError::NoSuchSection { index: 9, count: 2 })
    );
    assert_eq!(rename(&mut s, 0, "   "), Err(SectionEditError::EmptyName));
    let mut gap = s.clone();
    gap[1].start_m += 10.0;
    assert!(validate(&gap, p.total_m()).is_err());
    assert!(validate(&[], 10.0).is_err());
}
