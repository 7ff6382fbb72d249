//! Logbook progress: an exercise's estimated 1RM over time (Epley and Brzycki),
//! weekly volume stacked by muscle group, and body weight with its 7-day mean.
//! Plain values in (days since 1970-01-01, kg), SVG out.

use paceline_load::Day;
use paceline_types::Theme;
use plotters::prelude::*;

use crate::frame::{self, item, LegendItem, Swatch, TITLE_H, Y_LABELS_W};
use crate::{ChartError, Palette};

/// One day of an exercise's e1RM: (day, Epley kg, Brzycki kg).
pub type E1rmDay = (Day, f64, f64);
/// One week's volume: (Monday, [(muscle label, kg)]).
pub type WeekVolume = (Day, Vec<(String, f64)>);
/// One day of the weight trend: (day, that day's weight if weighed, 7-day mean).
pub type WeightDay = (Day, Option<f64>, f64);

/// e1RM of `exercise` per training day, both formulas.
pub fn e1rm_progress(
    exercise: &str,
    days: &[E1rmDay],
    theme: Theme,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    let title = format!("{exercise}: estimated 1RM");
    let days: Vec<E1rmDay> = days
        .iter()
        .copied()
        .filter(|d| d.1.is_finite() && d.2.is_finite())
        .collect();
    frame::render(theme, width, height, |root, pal| {
        if days.is_empty() {
            return frame::no_data(
                root,
                pal,
                &title,
                "Log sets of 1–15 reps of this exercise to see its estimated 1RM.",
            );
        }
        let items = vec![
            item(Swatch::Line, pal.fitness, "Epley: w × (1 + r/30)"),
            item(Swatch::Line, pal.fatigue, "Brzycki: w × 36 / (37 − r)"),
        ];
        let series = [
            (pal.fitness, days.iter().map(|d| (d.0, d.1)).collect()),
            (pal.fatigue, days.iter().map(|d| (d.0, d.2)).collect()),
        ];
        lines(root, pal, &title, &items, "kg", &series, None)
    })
}

/// Body weight per weighed day (dots) and its 7-day mean (line).
pub fn body_weight(
    days: &[WeightDay],
    theme: Theme,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    const TITLE: &str = "Body weight";
    frame::render(theme, width, height, |root, pal| {
        if days.is_empty() {
            return frame::no_data(
                root,
                pal,
                TITLE,
                "Your weight and its 7-day mean appear here once you log it.",
            );
        }
        let items = vec![
            item(Swatch::Dot, pal.resting_hr, "Weight (kg)"),
            item(Swatch::Line, pal.hrv_mean, "7-day mean"),
        ];
        let dots: Vec<(Day, f64)> = days.iter().filter_map(|d| d.1.map(|w| (d.0, w))).collect();
        let series = [(pal.hrv_mean, days.iter().map(|d| (d.0, d.2)).collect())];
        lines(
            root,
            pal,
            TITLE,
            &items,
            "kg",
            &series,
            Some((pal.resting_hr, &dots)),
        )
    })
}

/// A date-axis line chart: `series` as lines (with dots on each point), `dots` as
/// points only; the y scale fits the values with a margin.
fn lines(
    root: &frame::Area,
    pal: &Palette,
    title: &str,
    items: &[LegendItem],
    unit: &str,
    series: &[(RGBColor, Vec<(Day, f64)>)],
    dots: Option<(RGBColor, &[(Day, f64)])>,
) -> Result<(), ChartError> {
    let (w, h) = root.dim_in_pixel();
    let all = || {
        series
            .iter()
            .flat_map(|s| s.1.iter())
            .chain(dots.iter().flat_map(|d| d.1.iter()))
    };
    let first = all().map(|p| p.0).min().unwrap_or(0);
    let last = all().map(|p| p.0).max().unwrap_or(0).max(first + 1);
    let lo = all().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let hi = all().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.12).max(2.0);
    let (lo, hi) = ((lo - pad).max(0.0), hi + pad);
    let plot_w = w.saturating_sub(Y_LABELS_W + frame::RIGHT_M).max(50);
    let ticks = frame::date_ticks(first, last, (plot_w / 78) as usize);
    let strip = TITLE_H + frame::legend_height(items, 12, w);
    let (head, rest) = root.split_vertically(strip);
    let (body, _) = rest.split_vertically(h.saturating_sub(strip + ticks.labels_h()).max(60));
    frame::title(&head, pal, title)?;
    frame::legend(&head, pal, items, 12, TITLE_H as i32 - 4)?;
    head.draw(&Text::new(
        unit.to_string(),
        (
            w as i32 - frame::RIGHT_M as i32 - frame::text_w(unit, 12),
            10,
        ),
        frame::font(pal, 12).color(&pal.axis),
    ))?;
    let x = f64::from(first) - 0.5..f64::from(last) + 0.5;
    let y_ticks = frame::ticks_at_least_3(lo, hi);
    let mut chart = frame::plot(&body, pal, x, lo..hi, &y_ticks, &|v| format!("{v:.0}"))?;
    let tick_xs: Vec<f64> = ticks.ticks.iter().map(|(d, _)| f64::from(*d)).collect();
    frame::x_grid(&mut chart, pal, &tick_xs)?;
    let pt = |p: &(Day, f64)| (f64::from(p.0), p.1);
    if let Some((color, dots)) = dots {
        chart.draw_series(
            dots.iter()
                .map(|p| Circle::new(pt(p), 3, color.mix(0.6).filled())),
        )?;
    }
    for (color, s) in series {
        chart.draw_series(LineSeries::new(s.iter().map(pt), color.stroke_width(2)))?;
        if dots.is_none() {
            chart.draw_series(s.iter().map(|p| Circle::new(pt(p), 3, color.filled())))?;
        }
    }
    let y = chart.backend_coord(&(f64::from(first), lo)).1 + 6;
    let labels: Vec<(i32, Day, String)> = ticks
        .ticks
        .iter()
        .map(|(d, l)| (chart.backend_coord(&(f64::from(*d), lo)).0, *d, l.clone()))
        .collect();
    frame::x_date_labels(root, pal, &labels, y, ticks.year_row)?;
    Ok(())
}

/// Volume (sets × reps × weight) per week, stacked by muscle group in the order
/// the groups first appear in `weeks`.
pub fn muscle_volume(
    weeks: &[WeekVolume],
    theme: Theme,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    const TITLE: &str = "Weekly volume by muscle group";
    let mut groups: Vec<String> = Vec::new();
    for (_, by) in weeks {
        for (m, _) in by {
            if !groups.contains(m) {
                groups.push(m.clone());
            }
        }
    }
    frame::render(theme, width, height, |root, pal| {
        let total = |by: &[(String, f64)]| by.iter().map(|v| v.1.max(0.0)).sum::<f64>();
        if weeks.iter().all(|(_, by)| total(by) <= 0.0) {
            return frame::no_data(
                root,
                pal,
                TITLE,
                "Each week's volume per muscle group appears here once you log sets with weight.",
            );
        }
        let colors: Vec<RGBColor> = pal.sports.iter().chain(&pal.zones).copied().collect();
        let color = |i: usize| colors[i % colors.len()];
        let items: Vec<_> = groups
            .iter()
            .enumerate()
            .map(|(i, g)| item(Swatch::Box(0.85), color(i), g.clone()))
            .collect();
        let (w, h) = root.dim_in_pixel();
        let strip = TITLE_H + frame::legend_height(&items, 12, w);
        let year_row = frame::crosses_year(weeks[0].0, weeks[weeks.len() - 1].0 + 6);
        let labels_h = frame::X_LABELS_H + if year_row { frame::YEAR_ROW_H } else { 0 };
        let (head, rest) = root.split_vertically(strip);
        let (body, _) = rest.split_vertically(h.saturating_sub(strip + labels_h).max(60));
        frame::title(&head, pal, TITLE)?;
        frame::legend(&head, pal, &items, 12, TITLE_H as i32 - 4)?;
        let hi = weeks.iter().map(|(_, by)| total(by)).fold(0.0, f64::max);
        let (hi, y_ticks) = frame::zero_scale(hi * 1.08, 4);
        let n = weeks.len();
        let mut chart = frame::plot(&body, pal, -0.5..n as f64 - 0.5, 0.0..hi, &y_ticks, &|v| {
            format!("{v:.0}")
        })?;
        for (i, (_, by)) in weeks.iter().enumerate() {
            let mut base = 0.0;
            for (g, name) in groups.iter().enumerate() {
                let v = by
                    .iter()
                    .find(|x| &x.0 == name)
                    .map_or(0.0, |x| x.1.max(0.0));
                if v <= 0.0 {
                    continue;
                }
                let xi = i as f64;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(xi - 0.36, base), (xi + 0.36, base + v)],
                    color(g).mix(0.85).filled(),
                )))?;
                base += v;
            }
        }
        let plot_w = w.saturating_sub(Y_LABELS_W + frame::RIGHT_M).max(50) as f64;
        let every = ((60.0 / (plot_w / n as f64)).ceil() as usize).max(1);
        let y = chart.backend_coord(&(0.0, 0.0)).1 + 6;
        let mut labels: Vec<(i32, Day, String)> = (0..n)
            .rev()
            .step_by(every)
            .map(|i| {
                let x = chart.backend_coord(&(i as f64, 0.0)).0;
                (x, weeks[i].0, frame::format_day(weeks[i].0))
            })
            .collect();
        labels.reverse();
        frame::x_date_labels(root, pal, &labels, y, year_row)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e1rm_chart_names_both_formulas_and_its_exercise() {
        let d = frame::day_of(2026, 3, 2);
        let svg = e1rm_progress(
            "Back squat",
            &[(d, 116.7, 112.5), (d + 7, 120.0, 116.1)],
            Theme::Light,
            800,
            360,
        )
        .unwrap();
        for s in ["Back squat: estimated 1RM", "Epley", "Brzycki", "Mar 2"] {
            assert!(svg.contains(s), "missing {s}");
        }
        let empty = e1rm_progress("Deadlift", &[], Theme::Dark, 800, 360).unwrap();
        assert!(empty.contains("No data yet"));
    }

    #[test]
    fn volume_chart_stacks_groups_with_a_legend() {
        let mon = frame::day_of(2026, 3, 2);
        let weeks = vec![
            (
                mon,
                vec![
                    ("Quads".to_string(), 1000.0),
                    ("Glutes".to_string(), 1000.0),
                ],
            ),
            (mon + 7, vec![("Chest".to_string(), 400.0)]),
        ];
        let svg = muscle_volume(&weeks, Theme::Light, 800, 360).unwrap();
        for s in [
            "Weekly volume by muscle group",
            "Quads",
            "Glutes",
            "Chest",
            "Mar 9",
        ] {
            assert!(svg.contains(s), "missing {s}");
        }
        // One more week of one group already shown: exactly one more bar.
        let mut more = weeks.clone();
        more.push((mon + 14, vec![("Quads".to_string(), 500.0)]));
        let more = muscle_volume(&more, Theme::Light, 800, 360).unwrap();
        assert_eq!(
            more.matches("<rect").count(),
            svg.matches("<rect").count() + 1
        );
        assert!(muscle_volume(&[], Theme::Light, 800, 360)
            .unwrap()
            .contains("No data yet"));
    }

    #[test]
    fn weight_chart_draws_the_mean() {
        let d = frame::day_of(2026, 3, 2);
        let svg = body_weight(
            &[
                (d, Some(72.0), 72.0),
                (d + 1, None, 72.0),
                (d + 2, Some(71.0), 71.5),
            ],
            Theme::Dark,
            800,
            360,
        )
        .unwrap();
        assert!(svg.contains("7-day mean") && svg.contains("Body weight"));
        assert!(svg.contains("<polyline"));
    }
}
