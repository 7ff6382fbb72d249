//! Per-activity training metrics: streams resampled to 1 Hz, then the pure load
//! engine, scored with the thresholds valid on the activity's day.

use paceline_load::clean::{resample, Channel, CleanConfig};
use paceline_load::{self as load, activity::ActivityThresholds, thresholds::ThresholdHistory};
use paceline_model::Streams;
use paceline_store::CurveRow;
use paceline_types::{
    ActivityMetrics, ActivitySummary, BestEffort, CriticalPower, Sex, Sport, Threshold,
    WbalSummary, ZoneTime,
};

/// The extra stream with each sample's right-leg share of the power, % (see
/// `paceline-import`'s FIT extras).
pub(crate) const LR_BALANCE: &str = "lr_balance";

/// Durations shown as best efforts (s); all are on the default mean-max grid.
const BEST_EFFORTS: [u32; 8] = [5, 60, 300, 600, 1200, 1800, 3600, 7200];

/// The window of best efforts behind an activity's critical power, s.
pub(crate) const CP_WINDOW_S: i64 = 90 * 86_400;

pub(crate) fn load_sport(s: Sport) -> load::Sport {
    match s {
        Sport::Ride => load::Sport::Bike,
        Sport::Run | Sport::Walk | Sport::Hike => load::Sport::Run,
        Sport::Swim => load::Sport::Swim,
        _ => load::Sport::Other,
    }
}

pub(crate) fn wire_sport(s: load::Sport) -> Sport {
    match s {
        load::Sport::Bike => Sport::Ride,
        load::Sport::Run => Sport::Run,
        load::Sport::Swim => Sport::Swim,
        load::Sport::Other => Sport::Other,
    }
}

/// Everything scoring needs beside the activity itself.
pub(crate) struct Scoring {
    pub hist: ThresholdHistory,
    /// Weights TRIMP; without it TRIMP is left out.
    pub sex: Option<Sex>,
}

impl Scoring {
    pub fn new(entries: &[Threshold], sex: Option<Sex>) -> Scoring {
        Scoring {
            hist: history(entries),
            sex,
        }
    }
}

pub(crate) fn history(entries: &[Threshold]) -> ThresholdHistory {
    ThresholdHistory::from_entries(entries.iter().map(|t| load::thresholds::ThresholdEntry {
        sport: t.sport.map(load_sport),
        kind: t.kind,
        from: t.from_day,
        value: t.value as f32,
    }))
}

/// The athlete's local calendar day of an activity.
pub(crate) fn local_day(start_utc: i64, offset_s: i32) -> i32 {
    (start_utc + i64::from(offset_s)).div_euclid(86_400) as i32
}

/// A stream on a 1 Hz grid starting at the activity's t = 0.
pub(crate) fn one_hz(time: &[f64], values: &[f32], ch: Channel) -> Vec<Option<f32>> {
    if values.is_empty() || time.is_empty() {
        return Vec::new();
    }
    let samples: Vec<(f64, f32)> = time
        .iter()
        .zip(values)
        .filter(|(_, v)| v.is_finite())
        .map(|(&t, &v)| (t, v))
        .collect();
    let r = resample(&samples, &CleanConfig::for_channel(ch));
    let lead = r.start_s.max(0.0).round() as usize;
    let mut out = vec![None; lead];
    out.extend(r.values);
    out
}

fn f(x: Option<f32>) -> Option<f64> {
    x.map(f64::from).filter(|v| v.is_finite())
}

fn zone_times(stream: &[Option<f32>], zones: Option<load::zones::Zones>) -> Vec<ZoneTime> {
    let Some(z) = zones else { return Vec::new() };
    let secs = load::zones::time_in_zones(stream, &z);
    if secs.iter().all(|&s| s == 0) {
        return Vec::new();
    }
    z.names
        .iter()
        .cloned()
        .zip(secs)
        .map(|(name, seconds)| ZoneTime { name, seconds })
        .collect()
}

/// The critical power model in use for activity `a`: the credible 2-parameter fit
/// of the best efforts of the same sport in the 90 days before it (`curves` may hold
/// any activities; the others are ignored).
pub(crate) fn cp_before(curves: &[CurveRow], a: &ActivitySummary) -> Option<CriticalPower> {
    let sport = load_sport(a.sport);
    let window = curves.iter().filter(|r| {
        r.activity_id != a.id
            && r.start_utc < a.start_utc
            && r.start_utc >= a.start_utc - CP_WINDOW_S
            && load_sport(r.sport) == sport
    });
    let best = best_on_grid(window, &load::cp::CP2_DURATIONS);
    let efforts: Vec<(u32, f32)> = load::cp::CP2_DURATIONS
        .into_iter()
        .zip(best)
        .filter(|(_, w)| *w > 0.0)
        .collect();
    let fit = load::cp::cp2_fit(&efforts).filter(load::cp::is_credible)?;
    Some(CriticalPower {
        cp_w: f64::from(fit.cp_w),
        w_prime_j: f64::from(fit.w_prime_j),
        efforts: fit.n,
    })
}

/// The best value of stored mean-max curves at each `grid` duration (0 where none
/// reaches it). Each curve is non-increasing already, so the pointwise best is
/// the merged curve's value there: no merge and re-envelope of thousands of curves.
pub(crate) fn best_on_grid<'a>(
    rows: impl IntoIterator<Item = &'a CurveRow>,
    grid: &[u32],
) -> Vec<f32> {
    let mut best = vec![0f32; grid.len()];
    for r in rows {
        for (b, d) in best.iter_mut().zip(grid) {
            if let Ok(i) = r.curve.binary_search_by_key(d, |p| p.0) {
                *b = b.max(r.curve[i].1);
            }
        }
    }
    best
}

/// Everything the activity page shows under "metrics", without W′ balance (which
/// needs the critical power of other activities: [`compute_with_cp`]).
pub(crate) fn compute(
    a: &ActivitySummary,
    s: &Streams,
    right_pct: &[f32],
    sc: &Scoring,
) -> ActivityMetrics {
    compute_with_cp(a, s, right_pct, sc, None)
}

/// [`compute`], plus W′ balance with `cp` (from [`cp_before`]).
pub(crate) fn compute_with_cp(
    a: &ActivitySummary,
    s: &Streams,
    right_pct: &[f32],
    sc: &Scoring,
    cp: Option<CriticalPower>,
) -> ActivityMetrics {
    let sport = load_sport(a.sport);
    let day = local_day(a.start_utc, a.utc_offset_s);
    let th = ActivityThresholds::from_history(&sc.hist, sport, day);
    let power = one_hz(&s.time_s, &s.power_w, Channel::Power);
    let hr = one_hz(&s.time_s, &s.heart_rate, Channel::HeartRate);
    let speed = one_hz(&s.time_s, &s.speed_mps, Channel::Speed);
    let grade = if sport == load::Sport::Run && !s.altitude_m.is_empty() && !s.distance_m.is_empty()
    {
        let dist = one_hz(&s.time_s, &s.distance_m, Channel::Other);
        let alt = one_hz(&s.time_s, &s.altitude_m, Channel::Other);
        load::run::grade_from_profile(&dist, &alt, 10)
    } else {
        Vec::new()
    };
    let swim_totals = (sport == load::Sport::Swim)
        .then(|| a.distance_m.map(|d| (d as f32, a.moving_s as f32)))
        .flatten();
    let input = load::activity::ActivityInput {
        sport: Some(sport),
        power: &power,
        speed: &speed,
        grade: &grade,
        hr: &hr,
        swim_totals,
        avg_hr: a.avg_hr.map(|h| h as f32),
        rpe: a.rpe.map(|r| r as f32),
        duration_s: Some(a.moving_s as f32),
    };
    let mut m = ActivityMetrics {
        ftp: f(th.ftp_w),
        lthr: f(th.lthr),
        threshold_speed_mps: f(th.threshold_speed_ms),
        css_mps: f(th.css_ms),
        ..Default::default()
    };
    if let Some(l) = load::activity::activity_load(&input, &th) {
        m.load = Some(f64::from(l.load));
        m.intensity_factor = Some(f64::from(l.intensity_factor));
        m.load_source = Some(
            match l.source {
                load::activity::LoadSource::Power => "power",
                load::activity::LoadSource::Pace => "pace",
                load::activity::LoadSource::HeartRate => "heart_rate",
                load::activity::LoadSource::Rpe => "rpe",
            }
            .to_string(),
        );
    }
    if let Some(p) = load::power::power_summary(&power, th.ftp_w) {
        m.normalized_power = Some(f64::from(p.np_w));
        m.variability_index = f(p.variability_index);
        m.work_kj = Some(f64::from(p.work_kj));
        m.efficiency_factor = f(load::power::efficiency_factor(&power, &hr));
        m.decoupling_pct = f(load::hr::aerobic_decoupling(&power, &hr));
        let curve = load::curve::mean_max_default(&power);
        m.best_efforts = curve
            .points
            .iter()
            .filter(|p| p.value > 0.0 && BEST_EFFORTS.contains(&p.secs))
            .map(|p| BestEffort {
                seconds: p.secs,
                watts: f64::from(p.value),
            })
            .collect();
        m.power_curve = Some(curve.points.iter().map(|p| (p.secs, p.value)).collect());
        m.power_zones = zone_times(&power, th.ftp_w.and_then(load::zones::coggan_power_zones));
        if !right_pct.is_empty() {
            let left: Vec<f32> = right_pct.iter().map(|r| 100.0 - r).collect();
            let left = one_hz(&s.time_s, &left, Channel::Other);
            m.left_balance_pct =
                load::power::lr_balance(&left, &power).map(|b| f64::from(b.left_pct));
        }
        if let Some(cp) = cp {
            m.wbal = wbal(&power, &cp);
            m.critical_power = Some(cp);
        }
    } else if !speed.is_empty() && sport != load::Sport::Swim {
        m.decoupling_pct = f(load::hr::aerobic_decoupling(&speed, &hr));
    }
    if sport == load::Sport::Run {
        // Grade-adjusted, as rTSS is: a steep climb at 6:00 /km is not an easy jog.
        let gap = load::run::gap_stream(&speed, &grade);
        let zones = th
            .threshold_speed_ms
            .and_then(load::zones::friel_pace_zones);
        m.pace_zones = zone_times(&gap, zones);
    }
    // Computed, and nothing to keep: later lookups need not try again.
    m.power_curve.get_or_insert_with(Vec::new);
    if let Some(lthr) = th.lthr {
        m.hr_tss = if s.is_empty() {
            a.avg_hr.and_then(|h| {
                load::hr::hr_tss_from_average(h as f32, a.moving_s as f32, lthr, th.resting_hr)
            })
        } else {
            load::hr::hr_tss(&hr, lthr, th.resting_hr)
        }
        .map(|h| f64::from(h.tss));
        let friel = load::zones::FrielSport::of(sport);
        m.hr_zones = zone_times(&hr, load::zones::friel_hr_zones5(lthr, friel));
    }
    m.rpe = a.rpe;
    m.session_rpe = a
        .rpe
        .and_then(|r| load::rpe::session_rpe(r as f32, a.moving_s as f32 / 60.0))
        .map(f64::from);
    if m.load.is_none() {
        m.notes.push(match sport {
            load::Sport::Bike if !power.is_empty() => {
                "set your FTP to score this ride's power".into()
            }
            load::Sport::Run if !speed.is_empty() => {
                "set your threshold pace to score this run".into()
            }
            load::Sport::Swim => "set your CSS (critical swim speed) to score this swim".into(),
            _ if !hr.is_empty() || (s.is_empty() && a.avg_hr.is_some()) => {
                "set your LTHR to score this activity by heart rate".into()
            }
            _ => "no power, pace or heart rate: rate the session (RPE) to score it".into(),
        });
    }
    if s.is_empty() {
        m.notes.push(
            "the file has no samples (totals and laps only): scored from its totals, \
             no zones or best efforts"
                .into(),
        );
    }
    // After the load's note: that one matters more.
    m.trimp = trimp(&hr, sc, sport, day, &mut m.notes);
    m
}

/// Banister TRIMP with the max and resting HR valid that day; a note says what is
/// missing when the activity has HR and only part of what TRIMP needs is set.
fn trimp(
    hr: &[Option<f32>],
    sc: &Scoring,
    sport: load::Sport,
    day: i32,
    notes: &mut Vec<String>,
) -> Option<f64> {
    if hr.iter().all(Option::is_none) {
        return None;
    }
    let get = |k| sc.hist.get(sport, k, day);
    use load::thresholds::ThresholdKind as K;
    let (rest, max) = (get(K::RestingHr), get(K::MaxHr));
    let (Some(rest), Some(max), Some(sex)) = (rest, max, sc.sex) else {
        // Only once the athlete has started on it: TRIMP is optional, not a nag.
        if rest.is_some() || max.is_some() || sc.sex.is_some() {
            notes.push("set your resting and max HR and your sex (Settings) for TRIMP".into());
        }
        return None;
    };
    let sex = match sex {
        Sex::Female => load::hr::Sex::Female,
        Sex::Male => load::hr::Sex::Male,
    };
    load::hr::trimp(hr, rest, max, sex).map(f64::from)
}

fn wbal(power: &[Option<f32>], cp: &CriticalPower) -> Option<WbalSummary> {
    let wp = cp.w_prime_j as f32;
    let trace = load::wbal::w_prime_balance(power, cp.cp_w as f32, wp);
    load::wbal::wbal_summary(&trace, wp).map(|w| WbalSummary {
        min_kj: f64::from(w.min_j) / 1000.0,
        min_at_s: w.min_at_s,
        below_zero_s: w.below_zero_s,
    })
}
