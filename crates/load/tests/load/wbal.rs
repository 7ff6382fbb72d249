use super::{c, cat, close};
use paceline_load::wbal::*;

#[test]
fn depletion_and_recovery() {
    // 60 s at CP + 100 W: W′bal = 20000 − 60 × 100 = 14000 J.
    let p = cat(&[c(350.0, 60), c(0.0, 80)]);
    let w = w_prime_balance(&p, 250.0, 20_000.0);
    close(w[59], 14_000.0, 1e-2);
    // 1 s at 0 W: 20000 − 6000·e^(−250/20000) = 20000 − 6000 × 0.9875778 = 14074.53.
    close(w[60], 14_074.533, 1e-2);
    // τ = W′/(CP − P) = 20000/250 = 80 s: after 80 s the deficit is 6000/e →
    // 20000 − 2207.277 = 17792.72.
    close(w[139], 17_792.723, 0.05);
    let s = wbal_summary(&w, 20_000.0).unwrap();
    assert_eq!(s.min_at_s, 59);
    close(s.max_depletion_pct, 30.0, 1e-3); // 6000/20000
    assert_eq!(s.below_zero_s, 0);
}

#[test]
fn below_cp_stays_full_and_pauses_recover() {
    let w = w_prime_balance(&c(200.0, 100), 250.0, 20_000.0);
    assert!(w.iter().all(|&x| x == 20_000.0));
    // A pause (None) recovers like 0 W.
    let a = w_prime_balance(&[Some(1250.0), None], 250.0, 20_000.0);
    let b = w_prime_balance(&[Some(1250.0), Some(0.0)], 250.0, 20_000.0);
    assert_eq!(a, b);
    close(a[0], 19_000.0, 1e-3);
}

#[test]
fn overdraft_and_degenerate() {
    // 30 s at CP + 1000 W with W′ 20 kJ → −10 kJ: kept negative as a signal.
    let w = w_prime_balance(&c(1250.0, 30), 250.0, 20_000.0);
    close(w[29], -10_000.0, 1e-2);
    assert_eq!(wbal_summary(&w, 20_000.0).unwrap().below_zero_s, 10); // seconds 21–30 (bal = 20000 − 1000·s)
    assert!(w_prime_balance(&[], 250.0, 20_000.0).is_empty());
    assert!(w_prime_balance(&c(300.0, 5), 0.0, 20_000.0).is_empty());
    assert!(w_prime_balance(&c(300.0, 5), 250.0, f32::NAN).is_empty());
    assert!(wbal_summary(&[], 20_000.0).is_none());
}
