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

/// Calendar ticks for `first..=last` at most `max_ticks` of them: Mondays
/// labelled "Mar 3" for spans up to ~4 months, else month starts "2026-03".
pub(crate) fn date_ticks(first: Day, last: Day, max_ticks: usize) -> Vec<(Day, String)> {
    let max_ticks = max_ticks.max(2);
    let span = i64::from(last) - i64::from(first);
    if span <= 124 {
        for step in [7, 14, 28] {
            let ticks: Vec<Day> = (monday_of(first)..=last)
                .step_by(step)
                .filter(|d| *d >= first)
                .collect();
            if ticks.len() <= max_ticks || step == 28 {
                return ticks.into_iter().map(|d| (d, format_day(d))).collect();
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
    (0..=months)
        .map(|i| {
            let k = (y0 * 12 + m0 as i32 - 1) + i;
            (k.div_euclid(12), (k.rem_euclid(12) + 1) as u32)
        })
        .filter(|(_, m)| (m - 1) % step as u32 == 0 || step > 12)
        .filter(|(y, m)| step <= 12 || (*m == 1 && y % (step / 12) == 0))
        .map(|(y, m)| day_of(y, m, 1))
        .filter(|d| *d >= first && *d <= last)
        .map(|d| (d, format_month(d)))
        .collect()
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

/// X tick labels centred under pixel positions `xs` at pixel row `y`,
/// skipping any that would overlap the previous one or leave the canvas.
pub(crate) fn x_tick_labels(
    area: &Area,
    pal: &Palette,
    ticks: &[(i32, String)],
    y: i32,
) -> Result<(), ChartError> {
    let w = area.dim_in_pixel().0 as i32;
    let mut right_edge = i32::MIN;
    for (x, label) in ticks {
        let half = text_w(label, 12) / 2;
        if x - half < right_edge + 8 || x - half < 2 || x + half > w - 2 {
            continue;
        }
        area.draw(&Text::new(
            label.clone(),
            (*x, y),
            font(pal, 12)
                .color(&pal.text)
                .pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        right_edge = x + half;
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

/// `hi` rounded up to a whole step of a nice y scale from 0.
pub(crate) fn nice_max(hi: f64, n: u32) -> f64 {
    let hi = if hi.is_finite() && hi > 0.0 { hi } else { 1.0 };
    let step = nice_step(hi, n);
    (hi / step).ceil() * step
}

pub(crate) type Plot<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A plot filling `area` (y labels on the left, no x labels: callers place
/// their own with [`x_tick_labels`]), horizontal grid lines only.
pub(crate) fn plot<'a, 'b>(
    area: &'a Area<'b>,
    pal: &Palette,
    x: Range<f64>,
    y: Range<f64>,
    y_labels: usize,
    y_fmt: &dyn Fn(&f64) -> String,
) -> Result<Plot<'a, 'b>, ChartError> {
    let mut chart = ChartBuilder::on(area)
        .margin_right(RIGHT_M)
        .margin_top(4)
        .y_label_area_size(Y_LABELS_W)
        .x_label_area_size(0)
        .build_cartesian_2d(x, y)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(y_labels)
        .bold_line_style(pal.grid)
        .light_line_style(pal.background)
        .axis_style(pal.axis)
        .label_style(font(pal, 12))
        .y_label_formatter(y_fmt)
        .draw()?;
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
        assert!(short.len() <= 10 && short.len() >= 4, "{short:?}");
        assert!(short.iter().all(|(d, _)| monday_of(*d) == *d));
        let year = date_ticks(end - 364, end, 12);
        assert!(year.iter().all(|(d, _)| civil(*d).2 == 1));
        assert!(year.iter().any(|(_, l)| l == "2026-01"));
        let all = date_ticks(end - 3000, end, 8);
        assert!(all.len() <= 8 && !all.is_empty(), "{all:?}");
    }

    #[test]
    fn nice_scales() {
        assert_eq!(nice_max(87.0, 4), 100.0);
        assert_eq!(nice_step(100.0, 4), 25.0);
        assert_eq!(hmm(3900.0), "1h 05m");
        assert_eq!(hmm(1080.0), "18m");
        assert_eq!(hmm(20.0), "<1m");
        assert_eq!(hmm(0.0), "0m");
        assert_eq!(wrap("aa bb cc", 10, 40), vec!["aa bb", "cc"]);
    }
}
