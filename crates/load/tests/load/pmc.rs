use super::close;
use paceline_load::pmc::*;
use paceline_load::Sport;

#[test]
fn single_workout_trainingpeaks_form() {
    // Day 0 load 100 from zero: CTL = 100/42 = 2.380952, ATL = 100/7 = 14.285714,
    // TSB(day 0) = 0 − 0 = 0. Day 1 rest: CTL = 2.380952 × 41/42 = 2.324263,
    // ATL = 14.285714 × 6/7 = 12.244898, TSB(day 1) = 2.380952 − 14.285714 = −11.904762.
    let r = pmc(
        &[100.0, 0.0],
        500,
        PmcState::default(),
        &PmcConfig::default(),
    );
    assert_eq!((r[0].day, r[1].day), (500, 501));
    close(r[0].ctl, 2.380_952, 1e-5);
    close(r[0].atl, 14.285_714, 1e-5);
    close(r[0].tsb, 0.0, 1e-9);
    close(r[1].ctl, 2.324_263, 1e-5);
    close(r[1].atl, 12.244_898, 1e-5);
    close(r[1].tsb, -11.904_762, 1e-5);
}

#[test]
fn exponential_form() {
    // k = 1 − e^(−1/42) = 0.0235283 → CTL = 2.35283 after one 100 load.
    let cfg = PmcConfig {
        decay: Decay::Exponential,
        ..Default::default()
    };
    let r = pmc(&[100.0], 0, PmcState::default(), &cfg);
    close(r[0].ctl, 2.352_831, 1e-5);
}

#[test]
fn ramp_rate() {
    // 100/day from zero: CTL_n = 100(1 − (41/42)^(n+1)).
    // Day 6: ramp = CTL_6 − 0 = 100(1 − (41/42)^7) = 15.52232.
    // Day 7: ramp = CTL_7 − CTL_0 = 17.53370 − 2.38095 = 15.15274.
    let r = pmc(&[100.0; 8], 0, PmcState::default(), &PmcConfig::default());
    close(r[6].ramp, 15.522_323, 1e-4);
    close(r[7].ramp, 15.152_744, 1e-4);
}

#[test]
fn per_sport_and_totals() {
    let loads = [
        DailyLoad {
            day: 10,
            sport: Sport::Bike,
            load: 100.0,
        },
        DailyLoad {
            day: 10,
            sport: Sport::Run,
            load: 50.0,
        },
        DailyLoad {
            day: 11,
            sport: Sport::Run,
            load: f32::NAN,
        },
        DailyLoad {
            day: 12,
            sport: Sport::Run,
            load: -5.0,
        },
        DailyLoad {
            day: 99,
            sport: Sport::Swim,
            load: 80.0,
        }, // outside range
    ];
    assert_eq!(daily_totals(&loads, None, 10, 12), vec![150.0, 0.0, 0.0]);
    assert_eq!(
        daily_totals(&loads, Some(Sport::Run), 10, 11),
        vec![50.0, 0.0]
    );
    assert!(daily_totals(&loads, None, 12, 10).is_empty());
    let p = pmc_by_sport(&loads, 10, 12, &PmcConfig::default());
    close(p.combined[0].ctl, 150.0 / 42.0, 1e-5);
    let sports: Vec<Sport> = p.sports.iter().map(|s| s.0).collect();
    assert_eq!(sports, vec![Sport::Bike, Sport::Run]);
    close(p.sports[0].1[0].ctl, 100.0 / 42.0, 1e-5);
    close(p.sports[1].1[0].ctl, 50.0 / 42.0, 1e-5);
}

#[test]
fn projection() {
    // From CTL 50 / ATL 60, plan 100 on day 1 (and 2 × 50 summed on day 2):
    // day 1: CTL = 50 + (100 − 50)/42 = 51.190476, ATL = 60 + 40/7 = 65.714286,
    // TSB = 50 − 60 = −10.
    let plan = [(1, 100.0), (2, 50.0), (2, 50.0), (9, 100.0)];
    let r = project(
        PmcState {
            ctl: 50.0,
            atl: 60.0,
        },
        &plan,
        1,
        3,
        &PmcConfig::default(),
    );
    assert_eq!(r.len(), 3);
    close(r[0].ctl, 51.190_476, 1e-4);
    close(r[0].atl, 65.714_286, 1e-4);
    close(r[0].tsb, -10.0, 1e-5);
    assert_eq!(r[1].load, 100.0);
    assert_eq!(r[2].load, 0.0);
}

#[test]
fn acwr_forms() {
    // Constant 100/day: rolling 7/28 = 1.0 from day 27; EWMA from zero:
    // acute 100(1 − 0.75^28), chronic 100(1 − (27/29)^28) → ratio 1.155997.
    let a = acwr(&[100.0; 30], 0);
    assert_eq!(a[26].rolling, None);
    close(a[27].rolling.unwrap(), 1.0, 1e-6);
    close(a[27].ewma.unwrap(), 1.155_997, 1e-4);
    // A week of double load after 4 weeks of 100: acute 200 / chronic
    // (21×100 + 7×200)/28 = 125 → 1.6.
    let mut d = vec![100.0; 28];
    d.extend([200.0; 7]);
    close(acwr(&d, 0)[34].rolling.unwrap(), 1.6, 1e-5);
    assert!(acwr(&[0.0; 40], 0)
        .iter()
        .all(|x| x.rolling.is_none() && x.ewma.is_none()));
}

#[test]
fn monotony_and_strain() {
    // [100,0,100,0,100,0,100]: mean 400/7, population SD 100·√12/7 →
    // monotony = 4/√12 = 1.154701; strain = 400 × 1.154701 = 461.880.
    let m = monotony_strain(&[100.0, 0.0, 100.0, 0.0, 100.0, 0.0, 100.0], 3);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].day, 9);
    close(m[0].monotony.unwrap(), 1.154_701, 1e-5);
    close(m[0].strain.unwrap(), 461.880, 1e-2);
    // Same load every day → capped at 10; strain 350 × 10.
    let m = monotony_strain(&[50.0; 7], 0);
    assert_eq!((m[0].monotony, m[0].strain), (Some(10.0), Some(3500.0)));
    assert_eq!(monotony_strain(&[0.0; 7], 0)[0].monotony, None);
    assert!(monotony_strain(&[1.0; 6], 0).is_empty());
}
