//! Highlights: the group's longest and hardest sessions, new bests on the
//! power curve and for run pace, and streaks.
//!
//! A "new best" needs history: this week's best must beat (at display
//! precision: whole watts, whole seconds per km) everything the athlete did
//! before the week's Monday at that duration or distance. The first power
//! data ever, or the first 10 km run, sets a baseline, not a best.

use paceline_types::Sport;

use crate::compute::Day;
use crate::model::{AthleteHistory, Highlight, HighlightKind};
use crate::week::{monday_of, ymd};

/// Power-curve durations with bests, s: 5 s, 1, 5, 20 and 60 min.
pub const POWER_DURATIONS: [u32; 5] = [5, 60, 300, 1200, 3600];
/// Run distances with pace bests, m: 5 km, 10 km, half and full marathon.
pub const PACE_DISTANCES: [f64; 4] = [5_000.0, 10_000.0, 21_100.0, 42_200.0];
/// Shortest day streak worth a highlight.
pub const MIN_STREAK_DAYS: u32 = 3;
/// Shortest run of weeks worth a highlight.
pub const MIN_STREAK_WEEKS: u32 = 4;

/// Mean-max power at `secs`: the exact point, else interpolated in log-time
/// between the neighbouring points (as `paceline_load`'s curve does); `None`
/// outside the curve. Points need not be sorted; bad watts are skipped.
pub(crate) fn curve_at(curve: &[(u32, f32)], secs: u32) -> Option<f64> {
    let mut below: Option<(u32, f64)> = None;
    let mut above: Option<(u32, f64)> = None;
    for &(s, w) in curve {
        let w = f64::from(w);
        if s == 0 || !w.is_finite() || w <= 0.0 {
            continue;
        }
        if s == secs {
            return Some(w);
        }
        if s < secs && below.is_none_or(|b| s > b.0) {
            below = Some((s, w));
        } else if s > secs && above.is_none_or(|a| s < a.0) {
            above = Some((s, w));
        }
    }
    let ((s0, w0), (s1, w1)) = (below?, above?);
    let (a, b, x) = (f64::from(s0).ln(), f64::from(s1).ln(), f64::from(secs).ln());
    Some(w0 + (w1 - w0) * (x - a) / (b - a))
}

/// A streak: its length (days or weeks) and its first day.
pub(crate) type Streak = (u32, i64);

/// Day streak through a day of the week starting `monday`: (days, first
/// day) of the longest run of consecutive training days that reaches into
/// the week; and the run of weeks with a session ending with this one:
/// (weeks, first Monday). `days` is sorted by day and ends by the Sunday.
pub(crate) fn streaks(days: &[Day], monday: i64) -> (Option<Streak>, Option<Streak>) {
    let mut best: Option<Streak> = None;
    let mut start = i64::MIN;
    let mut prev = i64::MIN;
    let close = |start: i64, end: i64, best: &mut Option<Streak>| {
        if end >= monday && start != i64::MIN {
            let len = (end - start + 1) as u32;
            // Ties: the later run (days arrive in order).
            if best.is_none_or(|b| len >= b.0) {
                *best = Some((len, start));
            }
        }
    };
    for d in days {
        if d.day == prev {
            continue;
        }
        if prev == i64::MIN || d.day != prev + 1 {
            close(start, prev, &mut best);
            start = d.day;
        }
        prev = d.day;
    }
    close(start, prev, &mut best);

    let mut weeks: Option<Streak> = None;
    let mut want = monday;
    for d in days.iter().rev() {
        let m = monday_of(d.day);
        if m > want {
            continue;
        }
        if m < want {
            break;
        }
        weeks = Some((weeks.map_or(1, |w| w.0 + 1), m));
        want = m - 7;
    }
    (best, weeks)
}

/// A candidate for longest or hardest: (value, day, activity id) and its
/// highlight. Higher value wins, then the earlier day, then the lower id.
type Candidate = ((f64, i64, i64), Highlight);

fn better(new: (f64, i64, i64), old: Option<&Candidate>) -> bool {
    old.is_none_or(|(o, _)| new.0 > o.0 || (new.0 == o.0 && (new.1, new.2) < (o.1, o.2)))
}

fn highlight(kind: HighlightKind, a: &AthleteHistory, value: f64) -> Highlight {
    Highlight {
        kind,
        athlete_id: a.athlete_id,
        athlete: a.name.clone(),
        value,
        previous: None,
        session: None,
        duration_s: None,
        distance_m: None,
        since: None,
    }
}

/// Gathers highlights athlete by athlete (in name order).
#[derive(Default)]
pub(crate) struct Collector {
    longest: Option<Candidate>,
    hardest: Option<Candidate>,
    power: Vec<Highlight>,
    pace: Vec<Highlight>,
    day_streaks: Vec<Highlight>,
    week_streaks: Vec<Highlight>,
}

impl Collector {
    /// `days`: the athlete's sessions up to the Sunday, sorted by day and id.
    pub(crate) fn athlete(&mut self, a: &AthleteHistory, days: &[Day], monday: i64) {
        let split = days.partition_point(|d| d.day < monday);
        let (before, week) = days.split_at(split);
        for d in week {
            let key = |v: f64| (v, d.day, d.s.activity_id);
            let (time, load) = (d.amounts.time_s, d.amounts.load);
            if time > 0.0 && better(key(time), self.longest.as_ref()) {
                let mut h = highlight(HighlightKind::LongestSession, a, time);
                h.session = Some(d.to_ref());
                self.longest = Some((key(time), h));
            }
            if load > 0.0 && better(key(load), self.hardest.as_ref()) {
                let mut h = highlight(HighlightKind::HardestSession, a, load);
                h.session = Some(d.to_ref());
                self.hardest = Some((key(load), h));
            }
        }
        self.power_bests(a, before, week);
        self.pace_bests(a, before, week);
        let (streak, weeks) = streaks(days, monday);
        if let Some((n, since)) = streak.filter(|s| s.0 >= MIN_STREAK_DAYS) {
            let mut h = highlight(HighlightKind::DayStreak, a, f64::from(n));
            h.since = Some(ymd(since));
            self.day_streaks.push(h);
        }
        if let Some((n, since)) = weeks.filter(|s| s.0 >= MIN_STREAK_WEEKS) {
            let mut h = highlight(HighlightKind::WeekStreak, a, f64::from(n));
            h.since = Some(ymd(since));
            self.week_streaks.push(h);
        }
    }

    fn power_bests(&mut self, a: &AthleteHistory, before: &[Day], week: &[Day]) {
        if week.iter().all(|d| d.s.power_curve.is_empty()) {
            return;
        }
        for secs in POWER_DURATIONS {
            let prior = before
                .iter()
                .filter_map(|d| curve_at(&d.s.power_curve, secs))
                .fold(0.0, f64::max);
            if prior <= 0.0 {
                continue;
            }
            let mut top: Option<(f64, &Day)> = None;
            for d in week {
                if let Some(w) = curve_at(&d.s.power_curve, secs) {
                    if top.is_none_or(|t| w > t.0) {
                        top = Some((w, d));
                    }
                }
            }
            if let Some((w, d)) = top.filter(|t| t.0.round() > prior.round()) {
                let mut h = highlight(HighlightKind::PowerBest, a, w);
                h.previous = Some(prior);
                h.session = Some(d.to_ref());
                h.duration_s = Some(secs);
                self.power.push(h);
            }
        }
    }

    fn pace_bests(&mut self, a: &AthleteHistory, before: &[Day], week: &[Day]) {
        // Seconds per km of a run at least `min` metres long.
        let pace = |d: &Day, min: f64| {
            let (t, m) = (d.amounts.time_s, d.amounts.distance_m);
            (d.s.sport == Sport::Run && m >= min && t > 0.0).then(|| t / (m / 1000.0))
        };
        for min in PACE_DISTANCES {
            let Some(prior) = before
                .iter()
                .filter_map(|d| pace(d, min))
                .min_by(f64::total_cmp)
            else {
                continue;
            };
            let mut top: Option<(f64, &Day)> = None;
            for d in week {
                if let Some(p) = pace(d, min) {
                    if top.is_none_or(|t| p < t.0) {
                        top = Some((p, d));
                    }
                }
            }
            if let Some((p, d)) = top.filter(|t| t.0.round() < prior.round()) {
                let mut h = highlight(HighlightKind::PaceBest, a, p);
                h.previous = Some(prior);
                h.session = Some(d.to_ref());
                h.distance_m = Some(min);
                self.pace.push(h);
            }
        }
    }

    /// Longest, hardest, power bests, pace bests, day streaks, week streaks;
    /// bests by athlete name, then duration or distance; streaks longest
    /// first, then by name.
    pub(crate) fn finish(mut self) -> Vec<Highlight> {
        for streaks in [&mut self.day_streaks, &mut self.week_streaks] {
            // Stable: equal streaks keep the name order they arrived in.
            streaks.sort_by(|a, b| b.value.total_cmp(&a.value));
        }
        let mut out: Vec<Highlight> = self.longest.into_iter().map(|c| c.1).collect();
        out.extend(self.hardest.map(|c| c.1));
        out.extend(self.power);
        out.extend(self.pace);
        out.extend(self.day_streaks);
        out.extend(self.week_streaks);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curve_lookup_is_exact_or_log_interpolated() {
        let c = [(1, 900.0), (10, 500.0), (5, 700.0), (100, 300.0)];
        assert_eq!(curve_at(&c, 5), Some(700.0));
        // 1 min between 10 s (500 W) and 100 s (300 W): ln-time fraction
        // (ln 60 − ln 10)/(ln 100 − ln 10) = 0.778 → 500 − 200 × 0.778 = 344.4.
        let w = curve_at(&c, 60).unwrap();
        assert!((w - 344.37).abs() < 0.01, "{w}");
        assert_eq!(curve_at(&c, 3600), None);
        assert_eq!(curve_at(&[], 5), None);
        assert_eq!(curve_at(&[(5, f32::NAN), (5, -1.0)], 5), None);
    }
}
