//! HRV and resting-HR trend: daily rMSSD with its 7-day mean over the
//! "normal range" band, and morning resting HR in a panel of its own.
//!
//! HRV is plotted as ln rMSSD (the band and means are computed on it) but the
//! axis is labelled in milliseconds, the number a watch shows: "4.1" on an
//! axis means nothing to most athletes.
//!
//! The band is exactly the one readiness judges against
//! (`paceline_load::readiness`): the 60-day baseline (ending the day before)
//! mean ± 0.5 SD of daily ln rMSSD, Plews' smallest worthwhile change. It is
//! drawn only on days with enough history for a baseline (14 readings in the
//! window, 3 this week).

use paceline_load::readiness::{readiness, WellnessDay, HRV_BAND_SD, MIN_WEEK_READINGS};
use paceline_load::Day;
use paceline_types::Theme;
use plotters::prelude::*;

use crate::frame::{self, item, Swatch, TITLE_H, Y_LABELS_W};
use crate::{ChartError, Palette};

const TITLE: &str = "HRV & resting HR";
/// Longest history drawn, days.
const MAX_DAYS: Day = 3653;

/// Everything drawn, per day of the range.
struct Series {
    first: Day,
    last: Day,
    ln: Vec<(f64, f64)>,
    ln7: Vec<Vec<(f64, f64)>>,
    /// (day, low, high) runs.
    band: Vec<Vec<(f64, f64, f64)>>,
    rhr: Vec<(f64, f64)>,
    rhr7: Vec<Vec<(f64, f64)>>,
}

/// Last valid value per day (a later entry for the same day wins).
fn by_day(
    days: &[WellnessDay],
    first: Day,
    f: impl Fn(&WellnessDay) -> Option<f32>,
) -> Vec<Option<f64>> {
    let last = days.iter().map(|d| d.day).max().unwrap_or(first);
    let mut v = vec![None; (last - first + 1).max(0) as usize];
    for d in days {
        if let Some(x) = f(d).filter(|x| x.is_finite() && *x > 0.0) {
            v[(d.day - first) as usize] = Some(f64::from(x));
        }
    }
    v
}

/// 7-day rolling mean (≥ `MIN_WEEK_READINGS` readings), split into runs at gaps.
fn rolling7(v: &[Option<f64>], first: Day) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for i in 0..v.len() {
        let w: Vec<f64> = v[i.saturating_sub(6)..=i]
            .iter()
            .flatten()
            .copied()
            .collect();
        if w.len() >= MIN_WEEK_READINGS {
            let m = w.iter().sum::<f64>() / w.len() as f64;
            runs.last_mut()
                .expect("never empty")
                .push((f64::from(first + i as Day), m));
        } else if !runs.last().expect("never empty").is_empty() {
            runs.push(Vec::new());
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

fn series(days: &[WellnessDay], from: Option<Day>) -> Option<Series> {
    let last = days.iter().map(|d| d.day).max()?;
    // At most ten years (and no giant allocation from a stray day number).
    let days: Vec<WellnessDay> = days
        .iter()
        .filter(|d| d.day > last.saturating_sub(MAX_DAYS))
        .copied()
        .collect();
    let days = &days[..];
    let first = days.iter().map(|d| d.day).min()?;
    // Days before `from` still count for the band and the 7-day means.
    let shown = from.map_or(first, |f| f.clamp(first, last));
    let ln = by_day(days, first, |d| {
        d.rmssd_ms.filter(|r| *r > 0.0).map(f32::ln)
    });
    let rhr = by_day(days, first, |d| d.resting_hr);
    let pts = |v: &[Option<f64>]| -> Vec<(f64, f64)> {
        v.iter()
            .enumerate()
            .filter_map(|(i, x)| x.map(|x| (f64::from(first + i as Day), x)))
            .collect()
    };
    let mut band: Vec<Vec<(f64, f64, f64)>> = vec![Vec::new()];
    if ln.iter().any(Option::is_some) {
        for d in shown..=last {
            match readiness(days, d, None).hrv {
                Some(h) => band.last_mut().expect("never empty").push((
                    f64::from(d),
                    f64::from(h.band_low),
                    f64::from(h.band_high),
                )),
                None if !band.last().expect("never empty").is_empty() => band.push(Vec::new()),
                None => {}
            }
        }
    }
    band.retain(|r| !r.is_empty());
    let from = f64::from(shown);
    let crop = |runs: Vec<Vec<(f64, f64)>>| -> Vec<Vec<(f64, f64)>> {
        runs.into_iter()
            .map(|r| r.into_iter().filter(|p| p.0 >= from).collect::<Vec<_>>())
            .filter(|r| !r.is_empty())
            .collect()
    };
    let mut ln_pts = pts(&ln);
    ln_pts.retain(|p| p.0 >= from);
    let mut rhr_pts = pts(&rhr);
    rhr_pts.retain(|p| p.0 >= from);
    Some(Series {
        first: shown,
        last,
        ln7: crop(rolling7(&ln, first)),
        ln: ln_pts,
        band,
        rhr7: crop(rolling7(&rhr, first)),
        rhr: rhr_pts,
    })
}

/// Draws HRV and resting HR from `from` (or the first of `days`) to the last of
/// `days`. Earlier days still feed the band (the 60 days before each day) and the
/// 7-day means, so pass them too. `width`/`height` in CSS pixels.
pub fn hrv_trend(
    days: &[WellnessDay],
    from: Option<Day>,
    theme: Theme,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    let s = series(days, from).filter(|s| !s.ln.is_empty() || !s.rhr.is_empty());
    frame::render(theme, width, height, |root, pal| match &s {
        None => frame::no_data(
            root,
            pal,
            TITLE,
            "Morning HRV (rMSSD) and resting heart rate appear here once you record them.",
        ),
        Some(s) => draw(root, pal, s),
    })
}

fn y_span(vals: impl Iterator<Item = f64>, min_span: f64) -> (f64, f64) {
    let (lo, hi) = vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let mid = (lo + hi) / 2.0;
    let half = ((hi - lo) / 2.0).max(min_span / 2.0) * 1.12;
    (mid - half, mid + half)
}

/// Round rMSSD values (ms) for an axis spanning ln `lo..hi`.
fn ms_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (a, b) = (lo.exp(), hi.exp());
    let step = frame::nice_step(b - a, 6).max(1.0);
    let first = (a / step).ceil() as i64;
    let last = (b / step).floor() as i64;
    (first..=last)
        .map(|k| k as f64 * step)
        .filter(|v| *v > 0.0)
        .collect()
}

fn draw(root: &frame::Area, pal: &Palette, s: &Series) -> Result<(), ChartError> {
    let (w, h) = root.dim_in_pixel();
    let plot_w = w.saturating_sub(Y_LABELS_W + frame::RIGHT_M).max(50);
    let has_hrv = !s.ln.is_empty();
    let has_rhr = !s.rhr.is_empty();
    let hrv_items = vec![
        item(Swatch::Dot, pal.hrv, "rMSSD, ms (daily, log scale)"),
        item(Swatch::Line, pal.hrv_mean, "7-day mean"),
        item(
            Swatch::Box(0.22),
            pal.band,
            format!("Normal range (60-day mean ± {HRV_BAND_SD} SD)"),
        ),
    ];
    let rhr_items = vec![
        item(Swatch::Dot, pal.resting_hr, "Resting HR (bpm)"),
        item(Swatch::Line, pal.resting_hr, "7-day mean"),
    ];
    let top_strip = TITLE_H
        + if has_hrv {
            frame::legend_height(&hrv_items, 12, w)
        } else {
            0
        };
    let mid_strip = if has_rhr {
        frame::legend_height(&rhr_items, 12, w) + 14
    } else {
        0
    };
    let ticks = frame::date_ticks(s.first, s.last, (plot_w / 78) as usize);
    let plots_h = h
        .saturating_sub(top_strip + mid_strip + ticks.labels_h())
        .max(80);
    let hrv_h = match (has_hrv, has_rhr) {
        (true, true) => plots_h * 3 / 5,
        (true, false) => plots_h,
        _ => 0,
    };
    let (head, rest) = root.split_vertically(top_strip);
    let (hrv_area, rest) = rest.split_vertically(hrv_h);
    let (mid, rest) = rest.split_vertically(mid_strip);
    let (rhr_area, _) = rest.split_vertically(plots_h - hrv_h);
    frame::title(&head, pal, TITLE)?;

    let x = f64::from(s.first) - 0.5..f64::from(s.last) + 0.5;
    let tick_xs: Vec<f64> = ticks.ticks.iter().map(|(d, _)| f64::from(*d)).collect();
    let dot = if s.last - s.first > 150 { 2 } else { 3 };
    let mut bottom = None;
    let mut coords: Vec<(i32, Day, String)> = Vec::new();
    if has_hrv {
        frame::legend(&head, pal, &hrv_items, 12, TITLE_H as i32 - 4)?;
        let (lo, hi) = y_span(
            s.ln.iter()
                .map(|p| p.1)
                .chain(s.band.iter().flatten().flat_map(|b| [b.1, b.2])),
            0.4,
        );
        // Ticks at round milliseconds on the ln scale.
        let ms: Vec<f64> = ms_ticks(lo, hi).iter().map(|v| v.ln()).collect();
        let mut chart = frame::plot(&hrv_area, pal, x.clone(), lo..hi, &ms, &|v| {
            format!("{:.0}", v.exp())
        })?;
        frame::x_grid(&mut chart, pal, &tick_xs)?;
        for run in &s.band {
            let mut poly: Vec<(f64, f64)> = run.iter().map(|b| (b.0, b.2)).collect();
            poly.extend(run.iter().rev().map(|b| (b.0, b.1)));
            chart.draw_series(std::iter::once(Polygon::new(
                poly,
                pal.band.mix(0.22).filled(),
            )))?;
        }
        chart.draw_series(
            s.ln.iter()
                .map(|&p| Circle::new(p, dot, pal.hrv.mix(0.75).filled())),
        )?;
        for run in &s.ln7 {
            chart.draw_series(LineSeries::new(run.clone(), pal.hrv_mean.stroke_width(2)))?;
        }
        bottom = Some(chart.backend_coord(&(x.start, lo)).1);
        coords = ticks
            .ticks
            .iter()
            .map(|(d, l)| (chart.backend_coord(&(f64::from(*d), lo)).0, *d, l.clone()))
            .collect();
    }
    if has_rhr {
        frame::legend(&mid, pal, &rhr_items, 12, 12)?;
        if !has_hrv {
            frame::legend(&head, pal, &rhr_items, 12, TITLE_H as i32 - 4)?;
        }
        let (lo, hi) = y_span(s.rhr.iter().map(|p| p.1), 8.0);
        // A short panel over a few bpm: make sure it still gets three labels.
        let bpm = frame::ticks_at_least_3(lo, hi);
        let mut chart = frame::plot(&rhr_area, pal, x.clone(), lo..hi, &bpm, &|v| {
            format!("{v:.0}")
        })?;
        frame::x_grid(&mut chart, pal, &tick_xs)?;
        chart.draw_series(
            s.rhr
                .iter()
                .map(|&p| Circle::new(p, dot, pal.resting_hr.mix(0.55).filled())),
        )?;
        for run in &s.rhr7 {
            chart.draw_series(LineSeries::new(run.clone(), pal.resting_hr.stroke_width(2)))?;
        }
        bottom = Some(chart.backend_coord(&(x.start, lo)).1);
        coords = ticks
            .ticks
            .iter()
            .map(|(d, l)| (chart.backend_coord(&(f64::from(*d), lo)).0, *d, l.clone()))
            .collect();
    }
    if let Some(y) = bottom {
        frame::x_date_labels(root, pal, &coords, y + 6, ticks.year_row)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata;

    #[test]
    fn draws_hrv_band_and_resting_hr() {
        let days = testdata::wellness();
        let svg = hrv_trend(&days, None, Theme::Light, 900, 520).unwrap();
        for label in [
            "HRV &amp; resting HR",
            "rMSSD, ms (daily, log scale)",
            "7-day mean",
            "Normal range (60-day mean ± 0.5 SD)",
            "Resting HR (bpm)",
        ] {
            assert!(svg.contains(label), "missing {label}");
        }
        assert!(svg.contains("<polygon"), "baseline band drawn");
    }

    #[test]
    fn hrv_axis_is_labelled_in_round_milliseconds() {
        // ln 3.85 … 4.45 is about 47 … 86 ms.
        assert_eq!(ms_ticks(3.85, 4.45), vec![50.0, 60.0, 70.0, 80.0]);
        let svg = hrv_trend(&testdata::wellness(), None, Theme::Light, 900, 480).unwrap();
        assert!(svg.contains("\n60\n"), "a 60 ms tick");
        assert!(!svg.contains("\n4.1\n"), "no ln ticks");
    }

    #[test]
    fn a_steady_resting_hr_still_gets_three_labels() {
        // 48 bpm every morning: the panel spans about 43.5–52.5 bpm, where
        // steps of 5 would label only 45 and 50.
        let days: Vec<WellnessDay> = testdata::wellness()
            .into_iter()
            .map(|d| WellnessDay {
                resting_hr: Some(48.0),
                ..d
            })
            .collect();
        for height in [300, 480] {
            let svg = hrv_trend(&days, None, Theme::Light, 900, height).unwrap();
            let texts = testdata::texts(&svg);
            let legend = texts.iter().find(|t| t.2 == "Resting HR (bpm)").unwrap().1;
            // Right-aligned y labels end left of the plot (x < Y_LABELS_W).
            let bpm: Vec<&str> = texts
                .iter()
                .filter(|t| t.1 > legend && t.0 < f64::from(Y_LABELS_W))
                .map(|t| t.2.as_str())
                .collect();
            assert!(bpm.len() >= 3, "{height}: {bpm:?}");
            assert!(bpm.contains(&"48"), "{bpm:?}");
        }
    }

    #[test]
    fn rhr_only_and_empty() {
        let days: Vec<WellnessDay> = testdata::wellness()
            .into_iter()
            .map(|d| WellnessDay {
                rmssd_ms: None,
                ..d
            })
            .collect();
        let svg = hrv_trend(&days, None, Theme::Dark, 700, 400).unwrap();
        assert!(svg.contains("Resting HR (bpm)"));
        assert!(!svg.contains("rMSSD"));
        let svg = hrv_trend(&[], None, Theme::Dark, 700, 400).unwrap();
        assert!(svg.contains("No data yet"));
    }

    #[test]
    fn a_later_start_keeps_the_band_from_the_days_before() {
        let days = testdata::wellness();
        let last = days.iter().map(|d| d.day).max().unwrap();
        let full = series(&days, None).unwrap();
        let recent = series(&days, Some(last - 29)).unwrap();
        assert_eq!((recent.first, recent.last), (last - 29, last));
        assert!(recent.ln.iter().all(|p| p.0 >= f64::from(last - 29)));
        // The band exists from the first shown day: its baseline lies before it.
        let band_start = recent.band[0][0].0;
        assert_eq!(band_start, f64::from(last - 29));
        // The same band values as the full chart on the shared days.
        let same = |s: &Series, d: f64| {
            s.band
                .iter()
                .flatten()
                .find(|b| b.0 == d)
                .map(|b| (b.1, b.2))
        };
        assert_eq!(same(&recent, band_start), same(&full, band_start));
        let m7 = |s: &Series| s.ln7.iter().flatten().find(|p| p.0 == band_start).copied();
        assert_eq!(m7(&recent), m7(&full));
    }
}
