//! One load number per activity, by precedence power > pace > HR > RPE.

use crate::thresholds::{ThresholdHistory, ThresholdKind};
use crate::util::{count_recorded, pos};
use crate::{hr, power, rpe, run, swim, Day, Sport};
use serde::{Deserialize, Serialize};

/// Which data the load came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoadSource {
    /// TSS from power and FTP (bike, or run power with a run FTP).
    Power,
    /// rTSS (run, NGP vs threshold pace) or sTSS (swim, vs CSS).
    Pace,
    /// hrTSS from HR and LTHR.
    HeartRate,
    /// Session-RPE mapped to a TSS equivalent.
    Rpe,
}

/// An activity's load.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ActivityLoad {
    /// TSS-equivalent.
    pub load: f32,
    /// The intensity factor behind it.
    pub intensity_factor: f32,
    pub source: LoadSource,
}

/// An activity's data (clean 1 Hz streams; empty slice = not recorded).
#[derive(Debug, Clone, Copy, Default)]
pub struct ActivityInput<'a> {
    pub sport: Option<Sport>,
    pub power: &'a [Option<f32>],
    /// m/s.
    pub speed: &'a [Option<f32>],
    /// Fraction; empty = flat.
    pub grade: &'a [Option<f32>],
    pub hr: &'a [Option<f32>],
    /// Swim totals when there is no speed stream: (distance m, moving s).
    pub swim_totals: Option<(f32, f32)>,
    /// The session's average HR, bpm: scores hrTSS over `duration_s` when no
    /// stream at all was recorded (an activity summary file).
    pub avg_hr: Option<f32>,
    /// CR-10 session RPE.
    pub rpe: Option<f32>,
    /// Duration for RPE, s (defaults to the longest recorded stream).
    pub duration_s: Option<f32>,
}

/// The thresholds valid on the activity's day.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ActivityThresholds {
    pub ftp_w: Option<f32>,
    pub threshold_speed_ms: Option<f32>,
    pub css_ms: Option<f32>,
    pub lthr: Option<f32>,
    pub resting_hr: Option<f32>,
}

impl ActivityThresholds {
    /// Look up everything valid for `sport` on `day`.
    pub fn from_history(h: &ThresholdHistory, sport: Sport, day: Day) -> Self {
        let g = |k| h.get(sport, k, day);
        ActivityThresholds {
            ftp_w: g(ThresholdKind::Ftp),
            threshold_speed_ms: g(ThresholdKind::ThresholdSpeed),
            css_ms: g(ThresholdKind::Css),
            lthr: g(ThresholdKind::Lthr),
            resting_hr: g(ThresholdKind::RestingHr),
        }
    }
}

/// A stream must cover this share of the activity's recorded time to be
/// used (a power meter that died after 10 min must not decide a 3 h ride).
pub const MIN_COVERAGE: f32 = 0.8;

/// Load by precedence power > pace > HR > RPE; each source is used only if
/// its stream covers ≥ 80 % of the longest stream's recorded seconds and its
/// threshold is known. Pace means rTSS for runs and sTSS for swims. HR uses
/// the heart-rate-reserve form when a resting HR is known; without any stream
/// it comes from `avg_hr` over `duration_s`. `None` if no source applies.
pub fn activity_load(a: &ActivityInput, th: &ActivityThresholds) -> Option<ActivityLoad> {
    let rec = [a.power, a.speed, a.hr].map(count_recorded);
    let longest = rec.iter().copied().max().unwrap_or(0) as f32;
    let covers = |n: usize| n > 0 && n as f32 >= MIN_COVERAGE * longest;
    let mk = |load: f32, if_: f32, source| {
        (load.is_finite() && if_.is_finite()).then_some(ActivityLoad {
            load,
            intensity_factor: if_,
            source,
        })
    };

    if covers(rec[0]) {
        if let Some(s) = th
            .ftp_w
            .and_then(|f| power::power_summary(a.power, Some(f)))
        {
            if let (Some(t), Some(i)) = (s.tss, s.intensity_factor) {
                return mk(t, i, LoadSource::Power);
            }
        }
    }
    match a.sport {
        Some(Sport::Run) if covers(rec[1]) => {
            if let Some(r) = th
                .threshold_speed_ms
                .and_then(|t| run::rtss(a.speed, a.grade, t))
            {
                return mk(r.tss, r.intensity_factor, LoadSource::Pace);
            }
        }
        Some(Sport::Swim) => {
            let totals = a.swim_totals.or_else(|| {
                // Distance = Σ speed × 1 s; moving time = recorded seconds.
                let dist: f32 = a
                    .speed
                    .iter()
                    .filter_map(|v| v.filter(|x| x.is_finite()))
                    .map(|x| x.max(0.0))
                    .sum();
                covers(rec[1]).then_some((dist, rec[1] as f32))
            });
            if let Some(s) = totals
                .zip(th.css_ms)
                .and_then(|((d, t), c)| swim::swim_tss(d, t, c))
            {
                return mk(s.tss, s.intensity_factor, LoadSource::Pace);
            }
        }
        _ => {}
    }
    if covers(rec[2]) {
        if let Some(h) = th.lthr.and_then(|l| hr::hr_tss(a.hr, l, th.resting_hr)) {
            return mk(h.tss, h.intensity_factor, LoadSource::HeartRate);
        }
    }
    // Known only by its totals: the session's average HR over its duration.
    if longest == 0.0 {
        let from_avg = a
            .avg_hr
            .zip(a.duration_s)
            .zip(th.lthr)
            .and_then(|((h, secs), l)| hr::hr_tss_from_average(h, secs, l, th.resting_hr));
        if let Some(h) = from_avg {
            return mk(h.tss, h.intensity_factor, LoadSource::HeartRate);
        }
    }
    let r = a.rpe?;
    let secs = a.duration_s.and_then(pos).unwrap_or(longest);
    let t = rpe::rpe_tss(r, secs / 60.0)?;
    mk(t, rpe::rpe_intensity_factor(r)?, LoadSource::Rpe)
}
