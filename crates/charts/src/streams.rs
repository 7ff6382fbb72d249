//! The activity page chart: one panel per stream (power, heart rate, speed or pace,
//! cadence, altitude) stacked over a shared time axis. Separate panels instead of
//! twin y-axes: each keeps its own honest scale.

use paceline_model::{Sport, Streams};
use paceline_types::{units, Theme, Units};
use plotters::prelude::*;

use crate::{ChartError, Palette};

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
}

fn is_paced(sport: Sport) -> bool {
    matches!(sport, Sport::Run | Sport::Walk | Sport::Hike | Sport::Swim)
}

fn panels<'a>(s: &'a Streams, sport: Sport, units: Units, pal: &Palette) -> Vec<Panel<'a>> {
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
        });
    }
    if !s.speed_mps.is_empty() {
        let (title, scale, tick): (String, Scale, Tick) = if is_paced(sport) {
            // Pace as negative seconds per distance: faster plots higher and the
            // ticks land on round paces (5:00, 5:30) instead of round speeds.
            let (per, unit) = match (sport == Sport::Swim, units) {
                (true, Units::Metric) => (100.0, "/100 m"),
                (true, Units::Imperial) => (91.44, "/100 yd"),
                (false, Units::Metric) => (1000.0, "/km"),
                (false, Units::Imperial) => (1609.344, "/mi"),
            };
            (
                format!("Pace ({unit})"),
                Box::new(move |x| if x > 0.5 { -(per / x) } else { f64::NAN }),
                Box::new(|y| units::duration(-y)),
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
        });
    }
    v
}

/// Averages samples into at most `buckets` points so a 10-hour file stays a small SVG.
/// Missing samples (NaN) are skipped; an all-missing bucket is left out, which shows
/// as a gap rather than a fake zero.
fn downsample(
    time: &[f64],
    values: &[f32],
    buckets: usize,
    scale: &dyn Fn(f64) -> f64,
) -> Vec<Vec<(f64, f64)>> {
    let n = time.len().min(values.len());
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
        let t = time[chunk.start + (chunk.len() / 2)] / 60.0;
        runs.last_mut()
            .expect("never empty")
            .push((t, sum / f64::from(cnt)));
    }
    runs.retain(|r| !r.is_empty());
    runs
}

/// Robust y-range: 1st to 99th percentile, padded, so one spike cannot flatten the rest.
fn y_range(runs: &[Vec<(f64, f64)>], filled: bool) -> (f64, f64) {
    let mut ys: Vec<f64> = runs.iter().flatten().map(|p| p.1).collect();
    if ys.is_empty() {
        return (0.0, 1.0);
    }
    ys.sort_by(f64::total_cmp);
    let lo = ys[ys.len() / 100];
    let hi = ys[ys.len() - 1 - ys.len() / 100];
    let pad = ((hi - lo) * 0.08).max(hi.abs() * 0.02).max(0.5);
    let lo = if filled && lo >= 0.0 && lo < (hi - lo) {
        0.0
    } else {
        lo - pad
    };
    (lo, hi + pad)
}

/// Draws the streams of one activity; `width`/`height` in CSS pixels.
pub fn activity_streams(
    s: &Streams,
    sport: Sport,
    theme: Theme,
    units: Units,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    let pal = Palette::for_theme(theme);
    let (width, height) = (width.clamp(320, 4000), height.clamp(200, 4000));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&pal.background)?;
        let panels = panels(s, sport, units, &pal);
        if panels.is_empty() || s.is_empty() {
            root.draw(&Text::new(
                "This activity has no sample streams to chart.",
                (20, (height / 2) as i32),
                ("sans-serif", 16).into_font().color(&pal.text),
            ))?;
            root.present()?;
            drop(root);
            return Ok(svg);
        }
        let t_max = (s.time_s.last().copied().unwrap_or(0.0) / 60.0).max(1.0);
        let x_axis_h = 34;
        let per = (height - x_axis_h) / panels.len() as u32;
        let mut rest = root.clone();
        let buckets = (width as usize).min(1200);
        for (i, p) in panels.iter().enumerate() {
            let last = i + 1 == panels.len();
            let h = if last { rest.dim_in_pixel().1 } else { per };
            let (area, below) = rest.split_vertically(h);
            rest = below;
            let runs = downsample(&s.time_s, p.values, buckets, &*p.scale);
            let (lo, hi) = y_range(&runs, p.filled);
            let mut chart = ChartBuilder::on(&area)
                .margin_top(20)
                .margin_right(16)
                .margin_left(8)
                .x_label_area_size(if last { x_axis_h } else { 0 })
                .y_label_area_size(58)
                .build_cartesian_2d(0.0..t_max, lo..hi)?;
            let font = ("sans-serif", 12).into_font().color(&pal.text);
            chart
                .configure_mesh()
                .disable_x_mesh()
                .y_labels(4)
                .x_labels(8)
                .bold_line_style(pal.grid)
                .light_line_style(pal.background)
                .axis_style(pal.axis)
                .label_style(font.clone())
                .x_label_formatter(&|m| units::duration(m * 60.0))
                .y_label_formatter(&|y| (p.tick)(*y))
                .draw()?;
            for run in runs {
                if p.filled {
                    chart.draw_series(
                        AreaSeries::new(run, lo, p.color.mix(0.25))
                            .border_style(p.color.stroke_width(1)),
                    )?;
                } else {
                    chart.draw_series(LineSeries::new(run, p.color.stroke_width(1)))?;
                }
            }
            // Panel title in the strip above its plot, so it never covers the data.
            area.draw(&Text::new(
                p.title.clone(),
                (68, 8),
                ("sans-serif", 13)
                    .into_font()
                    .style(FontStyle::Bold)
                    .color(&p.color),
            ))?;
        }
        root.present()?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ride() -> Streams {
        let n = 3600;
        Streams {
            time_s: (0..n).map(f64::from).collect(),
            power_w: (0..n).map(|i| 200.0 + (i % 60) as f32).collect(),
            heart_rate: (0..n)
                .map(|i| if i % 500 == 0 { f32::NAN } else { 140.0 })
                .collect(),
            speed_mps: vec![10.0; n as usize],
            altitude_m: (0..n)
                .map(|i| 400.0 + (i as f32 / 100.0).sin() * 20.0)
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn draws_one_panel_per_stream() {
        let svg =
            activity_streams(&ride(), Sport::Ride, Theme::Light, Units::Metric, 900, 600).unwrap();
        assert!(svg.starts_with("<svg"));
        for title in [
            "Power (W)",
            "Heart rate (bpm)",
            "Speed (km/h)",
            "Elevation (m)",
        ] {
            assert!(svg.contains(title), "missing {title}");
        }
        assert!(!svg.contains("Cadence"));
        // 60 minutes: the time axis ends near 1:00:00 and is labelled in h:mm:ss.
        assert!(svg.contains("50:00"));
    }

    #[test]
    fn run_speed_is_labelled_as_pace_and_theme_changes_background() {
        let mut s = ride();
        s.speed_mps = vec![1000.0 / 300.0; 3600]; // 5:00 /km
        let dark = activity_streams(&s, Sport::Run, Theme::Dark, Units::Metric, 900, 600).unwrap();
        assert!(dark.contains("Pace (/km)"));
        assert!(dark.contains("5:00"));
        assert!(
            dark.contains("#181A1F") || dark.contains("#181a1f"),
            "dark background"
        );
    }

    #[test]
    fn empty_streams_say_so() {
        let svg = activity_streams(
            &Streams::default(),
            Sport::Swim,
            Theme::Light,
            Units::Metric,
            600,
            300,
        )
        .unwrap();
        assert!(svg.contains("no sample streams"));
    }

    #[test]
    fn downsample_leaves_gaps_for_missing_data() {
        let t: Vec<f64> = (0..10).map(f64::from).collect();
        let v = [1.0, 1.0, f32::NAN, f32::NAN, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0];
        let runs = downsample(&t, &v, 5, &|x| x);
        assert_eq!(runs.len(), 2, "a gap splits the line");
        assert_eq!(runs[0], vec![(1.0 / 60.0, 1.0)]);
    }
}
