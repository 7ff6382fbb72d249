//! The activity page chart: one panel per stream (power, heart rate, speed or pace,
//! cadence, altitude) stacked over a shared axis of elapsed time or distance. Separate panels instead of
//! twin y-axes: each keeps its own honest scale.
//!
//! Training zones are shaded behind the power and heart-rate panels (labelled in
//! the right margin, so no label sits on the data) and lap starts are thin
//! vertical lines through every panel, numbered ("L2") above the first when
//! there is room.

use paceline_load::zones::Zones;
use paceline_model::{Sport, Streams};
use paceline_types::{units, Theme, Units};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::frame;
use crate::{ChartError, Palette};

/// What is drawn over the streams besides the data.
#[derive(Debug, Clone, Copy, Default)]
pub struct StreamOverlays<'a> {
    /// Shaded behind the power panel (W), e.g. Coggan's levels from the day's FTP.
    pub power_zones: Option<&'a Zones>,
    /// Shaded behind the heart-rate panel (bpm), e.g. Friel's zones from LTHR.
    pub hr_zones: Option<&'a Zones>,
    /// Lap starts, seconds on the streams' time axis (a lap at 0 is not drawn).
    pub lap_starts_s: &'a [f64],
}

/// Right margin of every panel, px; with zones it holds their labels ("Z5").
const RIGHT_PLAIN: u32 = 16;
const RIGHT_ZONES: u32 = 30;
/// A zone band is labelled only when it is at least this tall, px.
const MIN_LABEL_BAND: i32 = 11;
/// Zone label centres are at least this far apart, px (11 px text).
const ZONE_LABEL_GAP: i32 = 13;
/// Lap numbers need this much plot width each, px; denser laps keep their
/// lines but lose their numbers.
const LAP_LABEL_PX: f64 = 40.0;
/// Left edge of the panel titles, px.
const TITLE_X: i32 = 66;

type Scale<'a> = Box<dyn Fn(f64) -> f64 + 'a>;
type Tick<'a> = Box<dyn Fn(f64) -> String + 'a>;

struct Panel<'a> {
    title: String,
    values: &'a [f32],
    color: RGBColor,
    /// Converts a raw sample to the plotted unit.
    scale: Scale<'a>,
    /// Formats a tick of the plotted unit.
    tick: Tick<'a>,
    filled: bool,
    /// Shaded behind the data; in the panel's raw units (scale is the identity).
    zones: Option<&'a Zones>,
    /// Smallest y span: (fraction of the stream's level, plotted units).
    min_span: (f64, f64),
}

/// Power, heart rate, speed and cadence held steady still get ±10 % of their
/// level: zoomed to 87–89 rpm, a constant 88 looks like a wild signal.
const LEVEL_SPAN: (f64, f64) = (0.2, 1.0);

fn is_paced(sport: Sport) -> bool {
    matches!(sport, Sport::Run | Sport::Walk | Sport::Hike | Sport::Swim)
}

fn panels<'a>(
    s: &'a Streams,
    sport: Sport,
    units: Units,
    pal: &Palette,
    ov: &StreamOverlays<'a>,
) -> Vec<Panel<'a>> {
    let mut v = Vec::new();
    let plain = |x: f64| format!("{x:.0}");
    if !s.power_w.is_empty() {
        v.push(Panel {
            title: "Power (W)".into(),
            values: &s.power_w,
            color: pal.power,
            scale: Box::new(|x| x),
            tick: Box::new(plain),
            filled: true,
            zones: ov.power_zones,
            min_span: LEVEL_SPAN,
        });
    }
    if !s.heart_rate.is_empty() {
        v.push(Panel {
            title: "Heart rate (bpm)".into(),
            values: &s.heart_rate,
            color: pal.heart_rate,
            scale: Box::new(|x| x),
            tick: Box::new(plain),
            filled: false,
            zones: ov.hr_zones,
            min_span: LEVEL_SPAN,
        });
    }
    if !s.speed_mps.is_empty() {
        let (title, scale, tick): (String, Scale, Tick) = if is_paced(sport) {
            // Pace as negative minutes per distance: faster plots higher, and the
            // ticks land on whole and half minutes (5:00, 5:30); in seconds they
            // would fall on round seconds (400 s = 6:40).
            let (per, unit) = match (sport == Sport::Swim, units) {
                (true, Units::Metric) => (100.0, "/100 m"),
                (true, Units::Imperial) => (91.44, "/100 yd"),
                (false, Units::Metric) => (1000.0, "/km"),
                (false, Units::Imperial) => (1609.344, "/mi"),
            };
            (
                format!("Pace ({unit})"),
                Box::new(move |x| if x > 0.5 { -(per / x) / 60.0 } else { f64::NAN }),
                Box::new(|y| units::duration(-y * 60.0)),
            )
        } else {
            (
                format!("Speed ({})", units.speed_unit()),
                Box::new(move |x| units.speed_value(x)),
                Box::new(|x| format!("{x:.0}")),
            )
        };
        v.push(Panel {
            title,
            values: &s.speed_mps,
            color: pal.speed,
            scale,
            tick,
            filled: false,
            zones: None,
            min_span: LEVEL_SPAN,
        });
    }
    if !s.cadence.is_empty() {
        let unit = if matches!(sport, Sport::Run | Sport::Walk | Sport::Hike) {
            "spm"
        } else {
            "rpm"
        };
        let double = unit == "spm";
        v.push(Panel {
            title: format!("Cadence ({unit})"),
            values: &s.cadence,
            color: pal.cadence,
            // FIT stores running cadence as strides per minute; show steps.
            scale: Box::new(move |x| if double { 2.0 * x } else { x }),
            tick: Box::new(plain),
            filled: false,
            zones: None,
            min_span: LEVEL_SPAN,
        });
    }
    if !s.altitude_m.is_empty() {
        let imperial = units == Units::Imperial;
        v.push(Panel {
            title: format!("Elevation ({})", if imperial { "ft" } else { "m" }),
            values: &s.altitude_m,
            color: pal.altitude,
            scale: Box::new(move |x| if imperial { x * 3.280_84 } else { x }),
            tick: Box::new(plain),
            filled: true,
            zones: None,
            // Height above the sea says nothing about how hilly a ride is:
            // a fixed 20 m (66 ft) keeps a flat course flat without zooming.
            min_span: (0.0, if imperial { 66.0 } else { 20.0 }),
        });
    }
    v
}

/// Zone `i`'s value range (open-ended zones reach ±∞), clipped to `lo..hi`;
/// `None` when the zone is outside the visible range.
pub(crate) fn zone_band(z: &Zones, i: usize, lo: f64, hi: f64) -> Option<(f64, f64)> {
    let bottom = if i == 0 {
        f64::NEG_INFINITY
    } else {
        f64::from(*z.upper.get(i - 1)?)
    };
    let top = z.upper.get(i).map_or(f64::INFINITY, |&u| f64::from(u));
    let (a, b) = (bottom.max(lo), top.min(hi));
    (a < b).then_some((a, b))
}

/// Colour of zone `i`: the palette's zone colours, easiest first.
fn zone_color(pal: &Palette, i: usize) -> RGBColor {
    pal.zones[i.min(pal.zones.len() - 1)]
}

/// Short label of a zone name: "Z5a Super-threshold" → "Z5a".
fn zone_short(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// Averages samples into at most `buckets` points at x `xs` so a 10-hour file stays
/// a small SVG. Missing samples (NaN) are skipped; an all-missing bucket is left
/// out, which shows as a gap rather than a fake zero.
fn downsample(
    xs: &[f64],
    values: &[f32],
    buckets: usize,
    scale: &dyn Fn(f64) -> f64,
) -> Vec<Vec<(f64, f64)>> {
    let n = xs.len().min(values.len());
    if n == 0 {
        return Vec::new();
    }
    let per = n.div_ceil(buckets.max(1));
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for chunk in (0..n).step_by(per).map(|i| i..(i + per).min(n)) {
        let (sum, cnt) = chunk
            .clone()
            .map(|i| scale(f64::from(values[i])))
            .filter(|v| v.is_finite())
            .fold((0.0, 0), |(s, c), v| (s + v, c + 1));
        if cnt == 0 {
            if !runs.last().expect("never empty").is_empty() {
                runs.push(Vec::new());
            }
            continue;
        }
        let t = xs[chunk.start + (chunk.len() / 2)];
        if !t.is_finite() {
            continue;
        }
        runs.last_mut()
            .expect("never empty")
            .push((t, sum / f64::from(cnt)));
    }
    runs.retain(|r| !r.is_empty());
    runs
}

/// Robust y-range: 1st to 99th percentile, padded, so one spike cannot flatten
/// the rest; at least `rel` × level or `abs` wide, so a steady stream stays flat.
fn y_range(runs: &[Vec<(f64, f64)>], filled: bool, (rel, abs): (f64, f64)) -> (f64, f64) {
    let mut ys: Vec<f64> = runs.iter().flatten().map(|p| p.1).collect();
    if ys.is_empty() {
        return (0.0, 1.0);
    }
    ys.sort_by(f64::total_cmp);
    let (lo, hi) = (ys[ys.len() / 100], ys[ys.len() - 1 - ys.len() / 100]);
    let mid = (lo + hi) / 2.0;
    let half = ((hi - lo) / 2.0).max((rel * mid.abs()).max(abs) / 2.0);
    let (lo, hi) = (mid - half, mid + half);
    let pad = ((hi - lo) * 0.08).max(0.5);
    let lo = if filled && lo >= 0.0 && lo < (hi - lo) {
        0.0
    } else {
        lo - pad
    };
    (lo, hi + pad)
}

/// What the shared x axis of the activity chart measures.
struct XAxis {
    /// One x per sample (minutes, or km/mi), NaN where unknown.
    xs: Vec<f64>,
    max: f64,
    /// Lap starts on this axis, in lap order (lap n at index n − 1).
    laps: Vec<f64>,
    fmt: Box<dyn Fn(f64) -> String>,
}

fn time_axis(s: &Streams, lap_starts_s: &[f64]) -> XAxis {
    let max = (s.time_s.last().copied().unwrap_or(0.0) / 60.0).max(1.0);
    XAxis {
        xs: s.time_s.iter().map(|t| t / 60.0).collect(),
        max,
        laps: lap_starts_s.iter().map(|t| t / 60.0).collect(),
        fmt: Box::new(|m| units::duration(m * 60.0)),
    }
}

/// Distance axis in km or mi; `None` without a distance stream.
fn distance_axis(s: &Streams, units: Units, lap_starts_s: &[f64], labels: u32) -> Option<XAxis> {
    let (per, unit) = match units {
        Units::Metric => (1000.0, "km"),
        Units::Imperial => (1609.344, "mi"),
    };
    let xs: Vec<f64> = s.distance_m.iter().map(|d| f64::from(*d) / per).collect();
    let max = xs
        .iter()
        .copied()
        .filter(|x| x.is_finite())
        .fold(0.0, f64::max);
    if max <= 0.0 {
        return None;
    }
    // A lap starts at the distance covered when its clock starts (NaN past the
    // end: kept, so a lap's index stays its number).
    let laps = lap_starts_s
        .iter()
        .map(|&t| {
            let i = s.time_s.partition_point(|x| *x < t);
            xs.get(i..)
                .and_then(|r| r.iter().copied().find(|x| x.is_finite()))
                .unwrap_or(f64::NAN)
        })
        .collect();
    // Enough decimals that neighbouring ticks differ ("0.5 km", not "0 km" twice).
    let decimals = if max / f64::from(labels) >= 1.0 { 0 } else { 1 };
    Some(XAxis {
        xs,
        max: max.max(0.1),
        laps,
        fmt: Box::new(move |x| format!("{x:.decimals$} {unit}")),
    })
}

/// Draws the streams of one activity with its zones and laps against elapsed
/// time; `width`/`height` in CSS pixels.
pub fn activity_streams(
    s: &Streams,
    sport: Sport,
    overlays: &StreamOverlays,
    theme: Theme,
    units: Units,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    let axis = time_axis(s, overlays.lap_starts_s);
    draw_streams(s, sport, overlays, axis, theme, units, (width, height))
}

/// [`activity_streams`] against distance (km or mi by `units`), for comparing
/// laps of a course. Without a distance stream it falls back to time.
pub fn activity_streams_by_distance(
    s: &Streams,
    sport: Sport,
    overlays: &StreamOverlays,
    theme: Theme,
    units: Units,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    let labels = x_label_count(width.clamp(320, 4000));
    let axis = distance_axis(s, units, overlays.lap_starts_s, labels)
        .unwrap_or_else(|| time_axis(s, overlays.lap_starts_s));
    draw_streams(s, sport, overlays, axis, theme, units, (width, height))
}

/// How many x tick labels fit: about one per 75 px of plot ("12.5 km" is ~50 px).
fn x_label_count(width: u32) -> u32 {
    (width.saturating_sub(58 + 8 + RIGHT_ZONES) / 75).clamp(2, 10)
}

fn draw_streams(
    s: &Streams,
    sport: Sport,
    overlays: &StreamOverlays,
    axis: XAxis,
    theme: Theme,
    units: Units,
    (width, height): (u32, u32),
) -> Result<String, ChartError> {
    let light = theme == Theme::Light;
    frame::render(theme, width, height, |root, pal| {
        let (width, height) = root.dim_in_pixel();
        let panels = panels(s, sport, units, pal, overlays);
        if panels.is_empty() || s.is_empty() {
            return frame::no_data(
                root,
                pal,
                "Activity streams",
                "This activity has no sample streams to chart.",
            );
        }
        let x_max = axis.max;
        // (lap number, start): lap 1 starts the chart and gets no line.
        let laps: Vec<(usize, f64)> = (1..)
            .zip(axis.laps.iter().copied())
            .filter(|(_, x)| x.is_finite() && *x > 0.0 && *x < x_max)
            .collect();
        // Every panel gets the same right margin so the x axes line up.
        let right = if panels.iter().any(|p| p.zones.is_some()) {
            RIGHT_ZONES
        } else {
            RIGHT_PLAIN
        };
        let x_axis_h = 30;
        let per = (height - x_axis_h) / panels.len() as u32;
        let mut rest = root.clone();
        let buckets = (width as usize).min(1200);
        for (i, p) in panels.iter().enumerate() {
            let last = i + 1 == panels.len();
            let h = if last { rest.dim_in_pixel().1 } else { per };
            let (area, below) = rest.split_vertically(h);
            rest = below;
            let runs = downsample(&axis.xs, p.values, buckets, &*p.scale);
            let (lo, hi) = y_range(&runs, p.filled, p.min_span);
            let mut chart = ChartBuilder::on(&area)
                .margin_top(22)
                .margin_right(right)
                .margin_left(8)
                .x_label_area_size(if last { x_axis_h } else { 0 })
                .y_label_area_size(58)
                .build_cartesian_2d(0.0..x_max, lo..hi)?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .y_labels(4)
                .x_labels(x_label_count(width) as usize)
                .bold_line_style(pal.grid)
                .light_line_style(pal.background)
                .axis_style(pal.axis)
                .label_style(frame::font(pal, 12))
                .x_label_formatter(&|x| (axis.fmt)(*x))
                .y_label_formatter(&|y| (p.tick)(*y))
                .draw()?;
            if let Some(z) = p.zones {
                draw_zones(&area, &mut chart, pal, z, x_max, (lo, hi))?;
            }
            // Over zone bands a filled area would hide them: the line alone reads.
            let filled = p.filled && p.zones.is_none();
            for run in runs {
                if filled {
                    chart.draw_series(
                        AreaSeries::new(run, lo, p.color.mix(0.25))
                            .border_style(p.color.stroke_width(1)),
                    )?;
                } else {
                    chart.draw_series(LineSeries::new(run, p.color.stroke_width(1)))?;
                }
            }
            let lap_style = pal
                .text
                .mix(if light { 0.45 } else { 0.32 })
                .stroke_width(1);
            chart.draw_series(
                laps.iter()
                    .map(|&(_, t)| PathElement::new(vec![(t, lo), (t, hi)], lap_style)),
            )?;
            // Panel title in the strip above its plot, so it never covers the data.
            area.draw(&Text::new(
                p.title.clone(),
                (TITLE_X, 5),
                frame::bold(pal, 13).color(&p.color),
            ))?;
            if i == 0 {
                // Bold text is wider than text_w's estimate: measure a size up.
                let title_end = TITLE_X + frame::text_w(&p.title, 14);
                lap_numbers(&area, &chart, pal, &laps, (lo, hi), title_end)?;
            }
        }
        Ok(())
    })
}

/// "L2" right of each lap line in the strip above the first plot, where
/// neither data nor the panel title is; none when laps are too dense to read,
/// and any that would touch the previous number or the title is left out.
/// Text only (no lines): the lap lines stay one `<polyline>` per panel.
fn lap_numbers(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    chart: &StreamChart,
    pal: &Palette,
    laps: &[(usize, f64)],
    (lo, hi): (f64, f64),
    title_end: i32,
) -> Result<(), ChartError> {
    let base = area.get_base_pixel();
    let (left, _) = chart.backend_coord(&(0.0, lo));
    let (right, top) = chart.backend_coord(&(chart.x_range().end, hi));
    let (left, right, top) = (left - base.0, right - base.0, top - base.1);
    if laps.len() as f64 * LAP_LABEL_PX > f64::from(right - left) {
        return Ok(());
    }
    let mut prev_end = title_end;
    for &(n, t) in laps {
        let text = format!("L{n}");
        let x = chart.backend_coord(&(t, hi)).0 - base.0 + 3;
        let end = x + frame::text_w(&text, 11);
        if x < prev_end + 6 || end > right {
            continue;
        }
        area.draw(&Text::new(
            text,
            (x, top - 3),
            frame::font(pal, 11)
                .color(&pal.axis)
                .pos(Pos::new(HPos::Left, VPos::Bottom)),
        ))?;
        prev_end = end;
    }
    Ok(())
}

type StreamChart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Which zone bands (index, top px, bottom px) get a label and at which row:
/// the middle of each band at least `MIN_LABEL_BAND` tall, taller bands first,
/// leaving out any label that would come within `ZONE_LABEL_GAP` of one kept.
fn zone_label_rows(bands: &[(usize, i32, i32)]) -> Vec<(usize, i32)> {
    let mut tall: Vec<&(usize, i32, i32)> = bands
        .iter()
        .filter(|(_, top, bottom)| bottom - top >= MIN_LABEL_BAND)
        .collect();
    tall.sort_by_key(|(_, top, bottom)| std::cmp::Reverse(bottom - top));
    let mut rows: Vec<(usize, i32)> = Vec::new();
    for &(i, top, bottom) in tall {
        let y = (top + bottom) / 2;
        if rows.iter().all(|(_, r)| (r - y).abs() >= ZONE_LABEL_GAP) {
            rows.push((i, y));
        }
    }
    rows.sort_by_key(|(i, _)| *i);
    rows
}

/// Zone bands across the plot, each labelled in the right margin when tall enough.
fn draw_zones(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    chart: &mut StreamChart,
    pal: &Palette,
    z: &Zones,
    t_max: f64,
    (lo, hi): (f64, f64),
) -> Result<(), ChartError> {
    // Dark backgrounds need a little more colour for the same contrast.
    let alpha = if pal.background.0 > 128 { 0.14 } else { 0.17 };
    let bands: Vec<(usize, f64, f64)> = (0..=z.upper.len())
        .filter_map(|i| zone_band(z, i, lo, hi).map(|(a, b)| (i, a, b)))
        .collect();
    chart.draw_series(bands.iter().map(|&(i, a, b)| {
        Rectangle::new(
            [(0.0, a), (t_max, b)],
            zone_color(pal, i).mix(alpha).filled(),
        )
    }))?;
    let x = area.dim_in_pixel().0 as i32 - RIGHT_ZONES as i32 + 4;
    let px: Vec<(usize, i32, i32)> = bands
        .iter()
        .map(|&(i, a, b)| {
            let top = chart.backend_coord(&(0.0, b)).1;
            (i, top, chart.backend_coord(&(0.0, a)).1)
        })
        .collect();
    // backend_coord is on the whole canvas; the label is drawn in the panel.
    let ay = area.get_base_pixel().1;
    for (i, y) in zone_label_rows(&px) {
        let name = z.names.get(i).map_or("", |n| zone_short(n));
        area.draw(&Text::new(
            name.to_string(),
            (x, y - ay),
            frame::font(pal, 11)
                .color(&zone_color(pal, i))
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
