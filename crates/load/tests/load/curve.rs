use super::{c, cat, close};
use paceline_load::curve::*;

#[test]
fn default_grid() {
    let d = default_durations(21_600);
    // 60 + 30 + 36 + 30 + 20 + 40 + 60 points.
    assert_eq!(d.len(), 276);
    assert_eq!(&d[..3], &[1, 2, 3]);
    assert!(d.windows(2).all(|w| w[0] < w[1]));
    for x in [60, 120, 300, 1200, 3600, 21_600] {
        assert!(d.contains(&x), "{x}");
    }
    // Short ride: grid stops at, and includes, its length.
    let d = default_durations(91);
    assert_eq!(d.len(), 60 + 15 + 1);
    assert_eq!(*d.last().unwrap(), 91);
    assert!(default_durations(0).is_empty());
}

#[test]
fn exact_values_and_envelope() {
    // [100, 300, 200, 0, 400]: raw bests d1 = 400 (@4), d2 = (300+200)/2 = 250
    // (@1), d3 = max(600, 500, 600)/3 = 200, d4 = (300+200+0+400)/4 = 225 (@1),
    // d5 = 1000/5 = 200. The 4 s beats the 3 s, so d3 is raised to 225.
    let s = [
        Some(100.0),
        Some(300.0),
        Some(200.0),
        Some(0.0),
        Some(400.0),
    ];
    let m = mean_max(&s, &[5, 4, 3, 2, 1, 1, 0, 9]);
    let v: Vec<(u32, f32, u32)> = m
        .points
        .iter()
        .map(|p| (p.secs, p.value, p.start))
        .collect();
    assert_eq!(
        v,
        vec![
            (1, 400.0, 4),
            (2, 250.0, 1),
            (3, 225.0, 1),
            (4, 225.0, 1),
            (5, 200.0, 0)
        ]
    );
    assert_eq!(best_mean(&s, 3), Some((200.0, 0)));
}

#[test]
fn pauses_count_as_zero() {
    // 10 s at 300, 10 s paused, 10 s at 300: any 20 s window holds 10 s of
    // 300 W → 3000/20 = 150.
    let s = cat(&[c(300.0, 10), vec![None; 10], c(300.0, 10)]);
    let m = mean_max(&s, &[10, 20]);
    close(m.points[0].value, 300.0, 1e-4);
    close(m.points[1].value, 150.0, 1e-4);
}

#[test]
fn interpolation_and_merge() {
    let a = mean_max(&cat(&[c(300.0, 10), c(0.0, 10)]), &[10, 20]); // 300, 150
                                                                    // at(14) = 300 + (150 − 300) × ln(14/10)/ln(20/10) = 300 − 150 × 0.485427 = 227.186.
    close(a.at(14).unwrap(), 227.186, 1e-2);
    assert_eq!(a.at(10), Some(300.0));
    assert_eq!(a.at(5), None);
    assert_eq!(a.at(21), None);
    let b = mean_max(&c(200.0, 30), &[10, 20, 30]); // 200, 200, 200
    let m = MeanMaxCurve::best_of(&[&a, &b]);
    let v: Vec<f32> = m.points.iter().map(|p| p.value).collect();
    assert_eq!(v, vec![300.0, 200.0, 200.0]);
}

#[test]
fn six_hour_default_curve_is_complete() {
    let s = c(180.0, 6 * 3600);
    let m = mean_max_default(&s);
    assert_eq!(m.points.len(), 276);
    assert!(m.points.iter().all(|p| (p.value - 180.0).abs() < 1e-3));
    assert!(mean_max(&[], &[1, 2]).points.is_empty());
}
