use paceline_load::clean::{resample, Channel, CleanConfig};
use paceline_load::curve::{default_durations, mean_max};
use paceline_load::pmc::{pmc, Decay, PmcConfig, PmcState};
use paceline_load::power::{average_power, normalized_power, rolling_mean_power};
use paceline_load::wbal::w_prime_balance;
use proptest::prelude::*;

fn stream(max: f32) -> impl Strategy<Value = Vec<Option<f32>>> {
    prop::collection::vec(prop::option::weighted(0.9, 0.0f32..max), 0..400)
}

proptest! {
    /// NP ≥ the mean of the same 30 s rolling averages it is built from
    /// (power-mean inequality); for streams without pauses at least 30 s
    /// long that mean differs from the average only by the first 29 s.
    #[test]
    fn np_at_least_rolling_mean(s in stream(2000.0)) {
        match (normalized_power(&s), rolling_mean_power(&s)) {
            (Some(np), Some(m)) => prop_assert!(np >= m * (1.0 - 1e-5) - 1e-3, "{np} < {m}"),
            (None, None) => prop_assert!(average_power(&s).is_none()),
            other => prop_assert!(false, "{other:?}"),
        }
    }

    /// A constant daily load L drives CTL (and ATL) to L, both decay forms.
    #[test]
    fn ctl_converges(load in 0.0f32..500.0, exp in any::<bool>(), c0 in 0.0f32..300.0) {
        let cfg = PmcConfig { decay: if exp { Decay::Exponential } else { Decay::TrainingPeaks }, ..Default::default() };
        let r = pmc(&vec![load; 1000], 0, PmcState { ctl: c0, atl: c0 }, &cfg);
        let last = r.last().unwrap();
        prop_assert!((last.ctl - load).abs() < 1e-2 * (1.0 + load / 100.0), "{} vs {load}", last.ctl);
        prop_assert!((last.atl - load).abs() < 1e-3 * (1.0 + load));
        prop_assert!(last.tsb.abs() < 1e-2 * (1.0 + load / 100.0));
    }

    /// Mean-max is non-increasing in duration, for any requested durations.
    #[test]
    fn mean_max_non_increasing(s in stream(1500.0), ds in prop::collection::vec(1u32..500, 0..40)) {
        for durations in [ds, default_durations(s.len() as u32)] {
            let m = mean_max(&s, &durations);
            for w in m.points.windows(2) {
                prop_assert!(w[0].secs < w[1].secs);
                prop_assert!(w[1].value <= w[0].value, "{:?}", w);
            }
        }
    }

    /// W′bal never exceeds W′.
    #[test]
    fn wbal_at_most_w_prime(s in stream(2500.0), cp in 50.0f32..500.0, wp in 1000.0f32..50_000.0) {
        for v in w_prime_balance(&s, cp, wp) {
            prop_assert!(v <= wp);
        }
    }

    /// Resampling never panics, keeps values within the channel range and
    /// never outputs more seconds than the sample span.
    #[test]
    fn resample_is_sane(raw in prop::collection::vec((-10.0f64..5000.0, -100.0f32..4000.0), 0..300)) {
        let cfg = CleanConfig::for_channel(Channel::Power);
        let r = resample(&raw, &cfg);
        for v in r.values.iter().flatten() {
            prop_assert!((0.0..=2500.0).contains(v));
        }
        prop_assert!(r.values.len() <= 5012);
    }
}
