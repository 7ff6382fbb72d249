//! What the training-load charts share: calendar dates, the canvas with its
//! "no data yet" state, titles, legends and hand-placed axis ticks.
//!
//! Legends live in strips *above* the plots (never over the data), and ticks on
//! date and log axes are placed by hand so they land on real calendar days and
//! round durations rather than wherever plotters' linear ticks fall.

use paceline_load::Day;
use paceline_types::Theme;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::ops::Range;

use crate::{ChartError, Palette};

pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

pub(crate) const FONT: &str = "sans-serif";
/// Height of a title strip, px.
pub(crate) const TITLE_H: u32 = 30;
/// Width reserved left of every plot for y tick labels, px.
pub(crate) const Y_LABELS_W: u32 = 52;
/// Right margin of every plot, px.
pub(crate) const RIGHT_M: u32 = 18;
/// Height reserved under the last plot for x tick labels, px.
pub(crate) const X_LABELS_H: u32 = 26;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// (year, month 1–12, day 1–31) of a day number (days since 1970-01-01).
pub(crate) fn civil(day: Day) -> (i32, u32, u32) {
    let (y, m, d) = paceline_types::date::civil_from_days(i64::from(day));
    (y as i32, m, d)
}

/// Day number of a calendar date (inverse of [`civil`]).
pub(crate) fn day_of(y: i32, m: u32, d: u32) -> Day {
    paceline_types::date::days_from_civil(i64::from(y), m, d) as Day
}

/// "Mar 3".
pub fn format_day(day: Day) -> String {
    let (_, m, d) = civil(day);
    format!("{} {d}", MONTHS[(m - 1) as usize])
}

/// "2026-03".
pub fn format_month(day: Day) -> String {
    let (y, m, _) = civil(day);
    format!("{y}-{m:02}")
}

/// Monday of the ISO week holding `day` (1970-01-01 was a Thursday).
pub(crate) fn monday_of(day: Day) -> Day {
    let d = i64::from(day);
    (d - (d + 3).rem_euclid(7)).max(i64::from(Day::MIN)) as Day
}

/// Date ticks for an x axis and whether the years go in a row under them.
#[derive(Debug)]
pub(crate) struct DateTicks {
    /// (day, label): "Mar 3" (Mondays), "Mar" (month starts) or "2026".
    pub ticks: Vec<(Day, String)>,
    /// Labels without a year ("Mar 3", "Mar") need one under the first label
    /// and the first of each new year, else "Jan" after "Dec" reads as the
    /// same year; see [`x_date_labels`].
    pub year_row: bool,
}

/// Height of the year row under date labels, px.
pub(crate) const YEAR_ROW_H: u32 = 15;

impl DateTicks {
    /// Height under the plot for the labels (and the year row).
    pub fn labels_h(&self) -> u32 {
        X_LABELS_H + if self.year_row { YEAR_ROW_H } else { 0 }
    }
}

/// Whether `first..=last` spans more than one calendar year.
pub(crate) fn crosses_year(first: Day, last: Day) -> bool {
    civil(first).0 != civil(last).0
}

/// Calendar ticks for `first..=last` at most `max_ticks` of them: Mondays
/// labelled "Mar 3" for spans up to ~4 months, else month starts "Mar" (the
/// year in a row below), or years for spans of many years.
pub(crate) fn date_ticks(first: Day, last: Day, max_ticks: usize) -> DateTicks {
    let max_ticks = max_ticks.max(2);
    let span = i64::from(last) - i64::from(first);
    if span <= 124 {
        for step in [7, 14, 28] {
            let ticks: Vec<Day> = (monday_of(first)..=last)
                .step_by(step)
                .filter(|d| *d >= first)
                .collect();
            if ticks.len() <= max_ticks || step == 28 {
                return DateTicks {
                    ticks: ticks.into_iter().map(|d| (d, format_day(d))).collect(),
                    year_row: crosses_year(first, last),
                };
            }
        }
    }
    let (y0, m0, _) = civil(first);
    let (y1, m1, _) = civil(last);
    let months = (y1 - y0) * 12 + m1 as i32 - m0 as i32 + 1;
    let step = [1, 2, 3, 6, 12, 24, 60]
        .into_iter()
        .find(|s| months / s < max_ticks as i32)
        .unwrap_or(120);
    let ticks = (0..=months)
        .map(|i| {
            let k = (y0 * 12 + m0 as i32 - 1) + i;
            (k.div_euclid(12), (k.rem_euclid(12) + 1) as u32)
        })
        .filter(|(_, m)| (m - 1) % step as u32 == 0 || step > 12)
        .filter(|(y, m)| step <= 12 || (*m == 1 && y % (step / 12) == 0))
        .map(|(y, m)| day_of(y, m, 1))
        .filter(|d| *d >= first && *d <= last)
        .map(|d| {
            let (y, m, _) = civil(d);
            let label = if step < 12 {
                MONTHS[(m - 1) as usize].to_string()
            } else {
                y.to_string()
            };
            (d, label)
        })
        .collect();
    // Month names always get their year: a span of months may be last year's.
    DateTicks {
        ticks,
        year_row: step < 12,
    }
}

/// Rough rendered width of `text` at `size` px in a typical sans-serif
/// (DejaVu Sans averages ~0.6 em; plotters' own estimate without a font
/// engine is no better).
pub(crate) fn text_w(text: &str, size: u32) -> i32 {
    (text.chars().count() as f64 * f64::from(size) * 0.6).ceil() as i32
}

/// Splits `text` into lines no wider than `max_w` px at `px` pixels.
pub(crate) fn wrap(text: &str, px: u32, max_w: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if text_w(&format!("{l} {word}"), px) <= max_w => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Text `px` pixels high. plotters' SVG backend writes `font-size` as the
/// given size ÷ 1.24 (points to pixels), so scale it back up here.
pub(crate) fn font(pal: &Palette, px: u32) -> TextStyle<'static> {
    (FONT, f64::from(px) * 1.24).into_font().color(&pal.text)
}

/// Bold text `px` pixels high.
pub(crate) fn bold(pal: &Palette, px: u32) -> TextStyle<'static> {
    (FONT, f64::from(px) * 1.24)
        .into_font()
        .style(FontStyle::Bold)
        .color(&pal.text)
}

/// Draws a chart onto a fresh SVG string: background filled, document closed.
pub(crate) fn render(
    theme: Theme,
    width: u32,
    height: u32,
    draw: impl FnOnce(&Area, &Palette) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let pal = Palette::for_theme(theme);
    let (width, height) = (width.clamp(320, 4000), height.clamp(200, 4000));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&pal.background)?;
        draw(&root, &pal)?;
        root.present()?;
    }
    Ok(svg)
}

/// Bold title at the top left of `area`.
pub(crate) fn title(area: &Area, pal: &Palette, text: &str) -> Result<(), ChartError> {
    area.draw(&Text::new(text.to_string(), (12, 8), bold(pal, 15)))?;
    Ok(())
}

/// The chart for an athlete without the data yet: its title and a sentence
/// saying what will appear and what it needs.
pub(crate) fn no_data(
    area: &Area,
    pal: &Palette,
    heading: &str,
    what: &str,
) -> Result<(), ChartError> {
    title(area, pal, heading)?;
    let (w, h) = area.dim_in_pixel();
    let centre = Pos::new(HPos::Center, VPos::Center);
    area.draw(&Text::new(
        "No data yet".to_string(),
        (w as i32 / 2, h as i32 / 2 - 12),
        bold(pal, 16).color(&pal.axis).pos(centre),
    ))?;
    let lines = wrap(what, 13, w.saturating_sub(32) as i32);
    for (i, line) in lines.into_iter().enumerate() {
        area.draw(&Text::new(
            line,
            (w as i32 / 2, h as i32 / 2 + 12 + 18 * i as i32),
            font(pal, 13).color(&pal.axis).pos(centre),
        ))?;
    }
    Ok(())
}

/// How a legend entry is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Swatch {
    Line,
    Dashed,
    Dot,
    /// Filled box with this opacity.
    Box(f64),
}

pub(crate) struct LegendItem {
    pub swatch: Swatch,
    pub color: RGBColor,
    pub label: String,
}

pub(crate) fn item(swatch: Swatch, color: RGBColor, label: impl Into<String>) -> LegendItem {
    LegendItem {
        swatch,
        color,
        label: label.into(),
    }
}

const LEGEND_SIZE: u32 = 12;
const LEGEND_ROW: i32 = 18;
const SWATCH_W: i32 = 18;
const ITEM_GAP: i32 = 16;

/// Where each legend item goes when laid out left to right from `x`,
/// wrapping before `max_x`: (x, row) per item and the number of rows.
fn legend_layout(items: &[LegendItem], x: i32, max_x: i32) -> (Vec<(i32, i32)>, i32) {
    let (mut cx, mut row) = (x, 0);
    let mut out = Vec::with_capacity(items.len());
    for it in items {
        let w = SWATCH_W + 5 + text_w(&it.label, LEGEND_SIZE);
        if cx > x && cx + w > max_x {
            cx = x;
            row += 1;
        }
        out.push((cx, row));
        cx += w + ITEM_GAP;
    }
    (out, row + 1)
}

/// Height a legend needs in a strip `width` px wide starting at `x`.
pub(crate) fn legend_height(items: &[LegendItem], x: i32, width: u32) -> u32 {
    if items.is_empty() {
        return 0;
    }
    let (_, rows) = legend_layout(items, x, width as i32 - RIGHT_M as i32);
    (rows * LEGEND_ROW) as u32 + 4
}

/// Draws a legend in rows starting at (`x`, `y`) (top of the first row).
pub(crate) fn legend(
    area: &Area,
    pal: &Palette,
    items: &[LegendItem],
    x: i32,
    y: i32,
) -> Result<(), ChartError> {
    let max_x = area.dim_in_pixel().0 as i32 - RIGHT_M as i32;
    let (pos, _) = legend_layout(items, x, max_x);
    for (it, (ix, row)) in items.iter().zip(pos) {
        let cy = y + row * LEGEND_ROW + LEGEND_ROW / 2;
        match it.swatch {
            Swatch::Line => {
                area.draw(&PathElement::new(
                    vec![(ix, cy), (ix + SWATCH_W, cy)],
                    it.color.stroke_width(3),
                ))?;
            }
            Swatch::Dashed => {
                for k in 0..3 {
                    let a = ix + k * 7;
                    area.draw(&PathElement::new(
                        vec![(a, cy), (a + 4, cy)],
                        it.color.stroke_width(2),
                    ))?;
                }
            }
            Swatch::Dot => {
                area.draw(&Circle::new((ix + SWATCH_W / 2, cy), 4, it.color.filled()))?;
            }
            Swatch::Box(alpha) => {
                area.draw(&Rectangle::new(
                    [(ix + 2, cy - 6), (ix + SWATCH_W - 2, cy + 6)],
                    it.color.mix(alpha).filled(),
                ))?;
                area.draw(&Rectangle::new(
                    [(ix + 2, cy - 6), (ix + SWATCH_W - 2, cy + 6)],
                    it.color.stroke_width(1),
                ))?;
            }
        }
        area.draw(&Text::new(
            it.label.clone(),
            (ix + SWATCH_W + 5, cy),
            font(pal, LEGEND_SIZE).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(())
}

/// Which of the labels centred at `x` fit on a canvas `w` px wide without
/// overlapping the previous one kept.
fn fitting<'s>(w: i32, ticks: impl Iterator<Item = (i32, &'s str)>) -> Vec<bool> {
    let mut right_edge = i32::MIN;
    ticks
        .map(|(x, label)| {
            let half = text_w(label, 12) / 2;
            let fits = x - half >= right_edge + 8 && x - half >= 2 && x + half <= w - 2;
            if fits {
                right_edge = x + half;
            }
            fits
        })
        .collect()
}

fn tick_label(area: &Area, pal: &Palette, text: &str, x: i32, y: i32) -> Result<(), ChartError> {
    area.draw(&Text::new(
        text.to_string(),
        (x, y),
        font(pal, 12)
            .color(&pal.text)
            .pos(Pos::new(HPos::Center, VPos::Top)),
    ))?;
    Ok(())
}

/// X tick labels centred under pixel positions `xs` at pixel row `y`,
/// skipping any that would overlap the previous one or leave the canvas.
pub(crate) fn x_tick_labels(
    area: &Area,
    pal: &Palette,
    ticks: &[(i32, String)],
    y: i32,
) -> Result<(), ChartError> {
    let w = area.dim_in_pixel().0 as i32;
    let fits = fitting(w, ticks.iter().map(|(x, l)| (*x, l.as_str())));
    for ((x, label), fits) in ticks.iter().zip(fits) {
        if fits {
            tick_label(area, pal, label, *x, y)?;
        }
    }
    Ok(())
}

/// Date labels as [`x_tick_labels`] (pixel x, day, label); with `year_row`,
/// the year goes under the first label drawn and under the first drawn in
/// each new year. Where two years would touch, the later one (the one that
/// marks New Year) wins.
pub(crate) fn x_date_labels(
    area: &Area,
    pal: &Palette,
    ticks: &[(i32, Day, String)],
    y: i32,
    year_row: bool,
) -> Result<(), ChartError> {
    let w = area.dim_in_pixel().0 as i32;
    let fits = fitting(w, ticks.iter().map(|(x, _, l)| (*x, l.as_str())));
    let mut years: Vec<(i32, i32)> = Vec::new();
    for ((x, day, label), fits) in ticks.iter().zip(fits) {
        if !fits {
            continue;
        }
        tick_label(area, pal, label, *x, y)?;
        let year = civil(*day).0;
        if year_row && years.last().is_none_or(|(_, y)| *y != year) {
            years.push((*x, year));
        }
    }
    // Bold is wider than text_w's regular estimate: measure it a size up.
    let half = |year: i32| text_w(&year.to_string(), 13) / 2;
    let keep: Vec<bool> = (0..years.len())
        .map(|i| {
            years.get(i + 1).is_none_or(|&(nx, ny)| {
                let (x, year) = years[i];
                x + half(year) + 8 <= nx - half(ny)
            })
        })
        .collect();
    for ((x, year), keep) in years.into_iter().zip(keep) {
        if keep {
            let half = half(year);
            area.draw(&Text::new(
                year.to_string(),
                (
                    x.clamp(half + 2, (w - half - 2).max(half + 2)),
                    y + YEAR_ROW_H as i32,
                ),
                bold(pal, 12)
                    .color(&pal.axis)
                    .pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }
    }
    Ok(())
}

/// Round tick step for a y axis spanning `span` with about `n` ticks.
pub(crate) fn nice_step(span: f64, n: u32) -> f64 {
    let raw = (span / f64::from(n.max(1))).max(1e-9);
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// A y scale from 0 to `hi` rounded up to a whole nice step, with its ticks:
/// the top is a tick, so the scale's maximum is always labelled.
pub(crate) fn zero_scale(hi: f64, n: u32) -> (f64, Vec<f64>) {
    let hi = if hi.is_finite() && hi > 0.0 { hi } else { 1.0 };
    let step = nice_step(hi, n);
    let top = (hi / step).ceil() * step;
    (top, multiples(0.0, top, step))
}

/// Multiples of `step` within `lo..=hi` (with a little slack for rounding).
pub(crate) fn multiples(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    if !(step > 0.0 && lo.is_finite() && hi.is_finite()) || (hi - lo) / step > 1000.0 {
        return Vec::new();
    }
    let eps = step * 1e-6;
    let first = ((lo - eps) / step).ceil() as i64;
    let last = ((hi + eps) / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// Whole-number ticks in `lo..hi`, at least three of them: the coarsest step of
/// 1, 2, 5, 10, 20… that gives three. For narrow ranges (resting HR over a few
/// bpm) where a fixed label count can leave only two.
pub(crate) fn ticks_at_least_3(lo: f64, hi: f64) -> Vec<f64> {
    let decades = (hi - lo).max(1.0).log10().ceil().min(15.0) as i32;
    (0..=decades)
        .rev()
        .flat_map(|k| [10.0, 5.0, 2.0].map(|m| m * 10f64.powi(k - 1)))
        .filter(|step| *step >= 1.0)
        .map(|step| multiples(lo, hi, step))
        .find(|t| t.len() >= 3)
        .unwrap_or_else(|| multiples(lo, hi, 1.0))
}

pub(crate) type Plot<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A plot filling `area` (y labels on the left at `y_ticks`, no x labels:
/// callers place their own with [`x_tick_labels`]), horizontal grid lines
/// only. Ticks are given, not left to plotters, which picks its own steps and
/// can leave the top of a 0–250 scale unlabelled.
pub(crate) fn plot<'a, 'b>(
    area: &'a Area<'b>,
    pal: &Palette,
    x: Range<f64>,
    y: Range<f64>,
    y_ticks: &[f64],
    y_fmt: &dyn Fn(&f64) -> String,
) -> Result<Plot<'a, 'b>, ChartError> {
    let (x0, x1, y0, y1) = (x.start, x.end, y.start, y.end);
    let mut chart = ChartBuilder::on(area)
        .margin_right(RIGHT_M)
        .margin_top(4)
        .y_label_area_size(Y_LABELS_W)
        .x_label_area_size(0)
        .build_cartesian_2d(x, y)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .disable_y_mesh()
        .x_labels(0)
        .y_labels(0)
        .axis_style(pal.axis)
        .draw()?;
    let ticks: Vec<f64> = y_ticks
        .iter()
        .copied()
        .filter(|v| *v >= y0.min(y1) && *v <= y0.max(y1))
        .collect();
    chart.draw_series(
        ticks
            .iter()
            .map(|&v| PathElement::new(vec![(x0, v), (x1, v)], pal.grid)),
    )?;
    let base = area.get_base_pixel();
    for v in ticks {
        let (px, py) = chart.backend_coord(&(x0, v));
        let (px, py) = (px - base.0, py - base.1);
        area.draw(&PathElement::new(vec![(px - 5, py), (px, py)], pal.axis))?;
        area.draw(&Text::new(
            y_fmt(&v),
            (px - 9, py),
            font(pal, 12).pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
    }
    Ok(chart)
}

/// Vertical grid lines at `xs` across the whole plot.
pub(crate) fn x_grid(chart: &mut Plot, pal: &Palette, xs: &[f64]) -> Result<(), ChartError> {
    let (y0, y1) = (chart.y_range().start, chart.y_range().end);
    chart.draw_series(
        xs.iter()
            .map(|&x| PathElement::new(vec![(x, y0), (x, y1)], pal.grid)),
    )?;
    Ok(())
}

/// "1h 05m", "18m" or "<1m" for a number of seconds. Units written out: a bare
/// "0:18" reads as well as 18 seconds as 18 minutes.
pub(crate) fn hmm(secs: f64) -> String {
    let secs = if secs.is_finite() { secs.max(0.0) } else { 0.0 };
    let m = (secs / 60.0).round() as u64;
    match m {
        0 if secs > 0.0 => "<1m".to_string(),
        0..60 => format!("{m}m"),
        _ => format!("{}h {:02}m", m / 60, m % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trips_and_formats() {
        assert_eq!(civil(0), (1970, 1, 1));
        let d = day_of(2026, 3, 3);
        assert_eq!(civil(d), (2026, 3, 3));
        assert_eq!(format_day(d), "Mar 3");
        assert_eq!(format_month(d), "2026-03");
        assert_eq!(civil(day_of(2024, 2, 29)), (2024, 2, 29));
        assert_eq!(civil(-1), (1969, 12, 31));
        // 2026-03-02 is a Monday.
        assert_eq!(monday_of(d), day_of(2026, 3, 2));
        assert_eq!(monday_of(day_of(2026, 3, 2)), day_of(2026, 3, 2));
        assert_eq!(monday_of(day_of(2026, 3, 8)), day_of(2026, 3, 2));
    }

    #[test]
    fn ticks_pick_weeks_or_months() {
        let end = day_of(2026, 3, 31);
        let short = date_ticks(end - 89, end, 10);
        assert!(
            short.ticks.len() <= 10 && short.ticks.len() >= 4,
            "{short:?}"
        );
        assert!(short.ticks.iter().all(|(d, _)| monday_of(*d) == *d));
        // 2026-01-01 to 03-31: one year, no year row needed.
        assert!(!short.year_row);
        let year = date_ticks(end - 364, end, 12);
        assert!(year.ticks.iter().all(|(d, _)| civil(*d).2 == 1));
        assert!(year.ticks.iter().any(|(_, l)| l == "Jan"));
        assert!(year.year_row, "month names need their years");
        let all = date_ticks(end - 3000, end, 8);
        assert!(all.ticks.len() <= 8 && !all.ticks.is_empty(), "{all:?}");
        assert!(all.ticks.iter().all(|(_, l)| l.parse::<i32>().is_ok()));
        assert!(!all.year_row, "year labels are their own years");
        // Weeks across New Year.
        let winter = date_ticks(day_of(2025, 11, 20), day_of(2026, 2, 10), 12);
        assert!(winter.year_row);
    }

    #[test]
    fn y_ticks_label_the_top_and_narrow_ranges_get_three() {
        let (top, ticks) = zero_scale(238.0, 5);
        assert_eq!(top, 250.0);
        assert_eq!(ticks.last(), Some(&250.0), "{ticks:?}");
        assert_eq!(
            multiples(-40.0, 40.0, 20.0),
            vec![-40.0, -20.0, 0.0, 20.0, 40.0]
        );
        // Resting HR 44.9–54.1 bpm: 10 → 5 gives 45, 50; 2 gives five.
        assert_eq!(
            ticks_at_least_3(44.9, 54.1),
            vec![46.0, 48.0, 50.0, 52.0, 54.0]
        );
        for (lo, hi) in [(45.5, 49.9), (40.0, 90.0), (46.0, 54.0), (0.0, 3.0)] {
            let t = ticks_at_least_3(lo, hi);
            assert!(t.len() >= 3 && t.len() <= 9, "{lo}–{hi}: {t:?}");
        }
    }

    #[test]
    fn nice_scales() {
        assert_eq!(zero_scale(87.0, 4).0, 100.0);
        assert_eq!(nice_step(100.0, 4), 25.0);
        assert_eq!(hmm(3900.0), "1h 05m");
        assert_eq!(hmm(1080.0), "18m");
        assert_eq!(hmm(20.0), "<1m");
        assert_eq!(hmm(0.0), "0m");
        assert_eq!(wrap("aa bb cc", 10, 40), vec!["aa bb", "cc"]);
    }
}
