//! Mean-maximal power curve on a log duration axis: the best ever, a recent
//! window (e.g. the last 90 days), and the critical-power model fitted to it
//! with CP and W′ written on the chart.

use paceline_load::cp::CpFit;
use paceline_load::curve::MeanMaxCurve;
use paceline_types::Theme;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::frame::{self, item, Swatch, TITLE_H, X_LABELS_H, Y_LABELS_W};
use crate::{ChartError, Palette};

const TITLE: &str = "Power curve";
/// Axis ticks, s, with their labels.
const TICKS: [(u32, &str); 12] = [
    (1, "1s"),
    (5, "5s"),
    (15, "15s"),
    (30, "30s"),
    (60, "1m"),
    (120, "2m"),
    (300, "5m"),
    (600, "10m"),
    (1200, "20m"),
    (3600, "1h"),
    (10_800, "3h"),
    (21_600, "6h"),
];
/// The axis ends at 6 h; longer durations are not drawn.
const MAX_SECS: u32 = 21_600;
/// Ticks kept when space is short, most important first.
const KEY_TICKS: [u32; 7] = [1, 5, 60, 300, 1200, 3600, 21_600];

/// The curves to draw.
#[derive(Debug, Clone, Copy)]
pub struct PowerCurves<'a> {
    /// Best ever (all-time envelope).
    pub best: &'a MeanMaxCurve,
    /// A recent window's curve; empty to leave it out.
    pub recent: &'a MeanMaxCurve,
    /// Legend label of the recent curve, e.g. "Last 90 days".
    pub recent_label: &'a str,
    /// CP fit (2- or 3-parameter) to draw as P = W′/(t − k) + CP.
    pub fit: Option<&'a CpFit>,
}

fn points(c: &MeanMaxCurve) -> Vec<(f64, f64)> {
    c.points
        .iter()
        .filter(|p| p.secs > 0 && p.secs <= MAX_SECS && p.value.is_finite() && p.value > 0.0)
        .map(|p| (f64::from(p.secs).ln(), f64::from(p.value)))
        .collect()
}

/// Model power at `t` s.
fn model(f: &CpFit, t: f64) -> f64 {
    let k = f64::from(f.k_s.unwrap_or(0.0));
    f64::from(f.w_prime_j) / (t - k) + f64::from(f.cp_w)
}

/// Draws the power-duration curves; `width`/`height` in CSS pixels.
pub fn power_curve(
    curves: &PowerCurves,
    theme: Theme,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    let best = points(curves.best);
    let recent = points(curves.recent);
    let fit = curves
        .fit
        .filter(|f| f.cp_w.is_finite() && f.cp_w > 0.0 && f.w_prime_j.is_finite());
    frame::render(theme, width, height, |root, pal| {
        if best.is_empty() && recent.is_empty() {
            return frame::no_data(
                root,
                pal,
                TITLE,
                "Your best power for every duration appears after rides with a power meter.",
            );
        }
        draw(root, pal, &best, &recent, curves.recent_label, fit)
    })
}

fn draw(
    root: &frame::Area,
    pal: &Palette,
    best: &[(f64, f64)],
    recent: &[(f64, f64)],
    recent_label: &str,
    fit: Option<&CpFit>,
) -> Result<(), ChartError> {
    let (w, h) = root.dim_in_pixel();
    let mut items = Vec::new();
    if !best.is_empty() {
        items.push(item(Swatch::Line, pal.best, "Best ever"));
    }
    if !recent.is_empty() {
        items.push(item(Swatch::Line, pal.recent, recent_label));
    }
    if let Some(f) = fit {
        let kind = if f.k_s.is_some() {
            "3-parameter"
        } else {
            "2-parameter"
        };
        items.push(item(
            Swatch::Dashed,
            pal.model,
            format!("CP model ({kind})"),
        ));
    }
    let strip = TITLE_H + frame::legend_height(&items, 12, w);
    let (head, rest) = root.split_vertically(strip);
    let (body, _) = rest.split_vertically(h.saturating_sub(strip + X_LABELS_H).max(60));
    frame::title(&head, pal, TITLE)?;
    head.draw(&Text::new(
        "watts",
        (
            w as i32 - frame::RIGHT_M as i32 - frame::text_w("watts", 12),
            10,
        ),
        frame::font(pal, 12).color(&pal.axis),
    ))?;
    frame::legend(&head, pal, &items, 12, TITLE_H as i32 - 4)?;

    // Duration axis: 1 s to the first of 1 h/2 h/3 h/6 h past the data.
    let longest = best
        .iter()
        .chain(recent)
        .map(|p| p.0)
        .fold(0.0, f64::max)
        .exp();
    let end = [3600u32, 7200, 10_800, 21_600]
        .into_iter()
        .find(|&s| f64::from(s) >= longest * 0.999)
        .unwrap_or(21_600);
    let x = 0.0..f64::from(end).ln();
    let peak = best.iter().chain(recent).map(|p| p.1).fold(0.0, f64::max);
    let (hi, y_ticks) = frame::zero_scale(peak * 1.08, 5);
    let mut chart = frame::plot(&body, pal, x.clone(), 0.0..hi, &y_ticks, &|v| {
        format!("{v:.0}")
    })?;
    let plot_w = f64::from(w.saturating_sub(Y_LABELS_W + frame::RIGHT_M).max(50));
    let px_per_ln = plot_w / x.end;
    // All ticks if they fit (≥ 38 px apart), else only the key ones.
    let all_fit = TICKS
        .windows(2)
        .filter(|p| p[1].0 <= end)
        .all(|p| (f64::from(p[1].0).ln() - f64::from(p[0].0).ln()) * px_per_ln >= 38.0);
    let ticks: Vec<(u32, &str)> = TICKS
        .iter()
        .copied()
        .filter(|(s, _)| *s <= end && (all_fit || KEY_TICKS.contains(s) || *s == end))
        .collect();
    let tick_xs: Vec<f64> = ticks.iter().map(|(s, _)| f64::from(*s).ln()).collect();
    frame::x_grid(&mut chart, pal, &tick_xs)?;

    if let Some(f) = fit {
        let cp = f64::from(f.cp_w);
        chart.draw_series(DashedLineSeries::new(
            vec![(x.start, cp), (x.end, cp)],
            3,
            5,
            pal.model.mix(0.6).stroke_width(1),
        ))?;
        // Name the CP line at its left end, where sprint power keeps the curves
        // far above it; otherwise it is an unexplained dotted line.
        let (lx, ly) = chart.backend_coord(&(x.start, cp));
        root.draw(&Text::new(
            "CP",
            (lx + 6, ly - 3),
            frame::font(pal, 11)
                .color(&pal.model)
                .pos(Pos::new(HPos::Left, VPos::Bottom)),
        ))?;
        // The model from 1 min (it overstates sprints) to the end of the axis.
        let k = f64::from(f.k_s.unwrap_or(0.0));
        let from = 60f64.max(k + 10.0).ln();
        let curve: Vec<(f64, f64)> = (0..=120)
            .map(|i| from + (x.end - from) * f64::from(i) / 120.0)
            .map(|lx| (lx, model(f, lx.exp())))
            .filter(|p| p.1 <= hi)
            .collect();
        chart.draw_series(DashedLineSeries::new(
            curve,
            7,
            5,
            pal.model.stroke_width(2),
        ))?;
    }
    if !best.is_empty() {
        chart.draw_series(LineSeries::new(best.to_vec(), pal.best.stroke_width(2)))?;
    }
    if !recent.is_empty() {
        chart.draw_series(LineSeries::new(recent.to_vec(), pal.recent.stroke_width(2)))?;
    }
    if let Some(f) = fit {
        // CP and W′ top right, where a power curve never reaches.
        let (right, top) = chart.backend_coord(&(x.end, hi));
        let lines = [
            format!("CP {:.0} W", f.cp_w),
            format!("W′ {:.1} kJ", f.w_prime_j / 1000.0),
            format!("R² {:.3} · {} efforts", f.r2, f.n),
        ];
        for (i, l) in lines.iter().enumerate() {
            let style = if i < 2 {
                frame::bold(pal, 14)
            } else {
                frame::font(pal, 12).color(&pal.axis)
            };
            root.draw(&Text::new(
                l.clone(),
                (right - 10, top + 10 + 20 * i as i32),
                style.pos(Pos::new(HPos::Right, VPos::Top)),
            ))?;
        }
    }
    let y = chart.backend_coord(&(0.0, 0.0)).1 + 6;
    let labels: Vec<(i32, String)> = ticks
        .iter()
        .map(|(s, l)| {
            (
                chart.backend_coord(&(f64::from(*s).ln(), 0.0)).0,
                l.to_string(),
            )
        })
        .collect();
    frame::x_tick_labels(root, pal, &labels, y)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata;

    #[test]
    fn draws_curves_model_and_annotation() {
        let (best, recent) = testdata::curves();
        let fit = paceline_load::cp::cp2_from_curve(&recent).expect("a fit");
        let c = PowerCurves {
            best: &best,
            recent: &recent,
            recent_label: "Last 90 days",
            fit: Some(&fit),
        };
        let svg = power_curve(&c, Theme::Light, 900, 480).unwrap();
        for label in [
            TITLE,
            "Best ever",
            "Last 90 days",
            "CP model (2-parameter)",
            "CP ",
            " kJ",
            "\n5s\n",
            "\n1m\n",
            "\n5m\n",
            "\n20m\n",
            "\n1h\n",
        ] {
            assert!(svg.contains(label), "missing {label}");
        }
    }

    #[test]
    fn model_follows_two_and_three_parameter_forms() {
        let mut f = CpFit {
            cp_w: 250.0,
            w_prime_j: 20_000.0,
            k_s: None,
            r2: 1.0,
            rmse_w: 0.0,
            n: 5,
        };
        assert!((model(&f, 200.0) - 350.0).abs() < 1e-9);
        f.k_s = Some(-20.0);
        assert!((model(&f, 180.0) - 350.0).abs() < 1e-9);
    }

    #[test]
    fn empty_curves_say_no_data_yet() {
        let e = MeanMaxCurve::default();
        let c = PowerCurves {
            best: &e,
            recent: &e,
            recent_label: "Last 90 days",
            fit: None,
        };
        let svg = power_curve(&c, Theme::Dark, 700, 400).unwrap();
        assert!(svg.contains("No data yet"));
    }
}
