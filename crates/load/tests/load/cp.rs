use super::close;
use paceline_load::cp::*;
use paceline_load::curve::{MeanMaxCurve, MeanMaxPoint};

/// P(t) = W′/(t − k) + CP.
fn morton(cp: f32, wp: f32, k: f32, ds: &[u32]) -> Vec<(u32, f32)> {
    ds.iter().map(|&t| (t, wp / (t as f32 - k) + cp)).collect()
}

fn curve(e: &[(u32, f32)]) -> MeanMaxCurve {
    MeanMaxCurve {
        points: e
            .iter()
            .map(|&(secs, value)| MeanMaxPoint {
                secs,
                value,
                start: 0,
            })
            .collect(),
    }
}

#[test]
fn two_parameter_exact() {
    // CP 250, W′ 20 kJ: P(120) = 250 + 20000/120 = 416.67, P(1200) = 266.67;
    // work = 250·t + 20000 is exactly linear → r² = 1.
    let e = morton(250.0, 20_000.0, 0.0, &CP2_DURATIONS);
    let f = cp2_fit(&e).unwrap();
    close(f.cp_w, 250.0, 0.01);
    close(f.w_prime_j, 20_000.0, 2.0);
    close(f.r2, 1.0, 1e-6);
    assert_eq!((f.n, f.k_s), (9, None));
    let g = cp2_from_curve(&curve(&e)).unwrap();
    close(g.cp_w, 250.0, 0.01);
}

#[test]
fn two_parameter_degenerate() {
    assert!(cp2_fit(&[]).is_none());
    assert!(cp2_fit(&[(300, 300.0)]).is_none());
    // Flat 200 W at every duration: work = 200 t → W′ = 0 → not a maximal test.
    assert!(cp2_fit(&[(120, 200.0), (600, 200.0), (1200, 200.0)]).is_none());
    assert!(cp2_fit(&[(120, f32::NAN), (600, 0.0)]).is_none());
}

#[test]
fn three_parameter_recovers_morton() {
    // CP 250 W, W′ 20 kJ, k = −30 s: P(60) = 20000/90 + 250 = 472.2 W.
    let e = morton(250.0, 20_000.0, -30.0, &CP3_DURATIONS);
    let f = cp3_fit(&e).unwrap();
    close(f.cp_w, 250.0, 0.5);
    close(f.w_prime_j, 20_000.0, 150.0);
    close(f.k_s.unwrap(), -30.0, 1.0);
    assert!(f.rmse_w < 0.1 && f.r2 > 0.9999);
    let g = cp3_from_curve(&curve(&e)).unwrap();
    close(g.cp_w, 250.0, 0.5);
    // Two durations cannot fix three parameters.
    assert!(cp3_fit(&e[..2]).is_none());
}

#[test]
fn eftp_prefers_credible_cp() {
    let e = morton(250.0, 20_000.0, 0.0, &CP2_DURATIONS);
    let x = eftp(&curve(&e)).unwrap();
    assert_eq!(x.method, EftpMethod::CriticalPower);
    close(x.watts, 250.0, 0.01);
    // Flat curve (endurance ride): no credible fit → 0.95 × 200 = 190.
    let flat: Vec<(u32, f32)> = CP2_DURATIONS.iter().map(|&d| (d, 200.0)).collect();
    let x = eftp(&curve(&flat)).unwrap();
    assert_eq!(x.method, EftpMethod::Best20Min);
    close(x.watts, 190.0, 1e-4);
    // No 20-min point and no fit.
    assert!(eftp(&curve(&[(60, 300.0)])).is_none());
}
