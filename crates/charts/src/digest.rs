//! The weekly digest's chart: this week's load per athlete as horizontal
//! bars (long name lists read better down the side), stacked by sport, with
//! each athlete's total at the end of the bar.

use paceline_types::Theme;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::frame::{self, item, Swatch, RIGHT_M, TITLE_H, X_LABELS_H};
use crate::{ChartError, Palette};

const TITLE: &str = "Load this week";
/// The buckets of each row, in order.
const BUCKETS: [&str; 5] = ["Ride", "Run", "Swim", "Strength", "Other"];
/// Row pitch the chart reads best at, px (see [`digest_load_height`]).
const ROW_PX: u32 = 20;
/// Name labels: px size and the widest share of the canvas they may take.
const NAME_PX: u32 = 12;
const NAME_SHARE: f64 = 0.3;
/// Room right of the longest bar for its total, px.
const TOTAL_W: i32 = 44;

/// A height that gives every athlete a readable row: 20 px per athlete plus
/// the title, legend and axis (at least 220 px).
pub fn digest_load_height(athletes: usize) -> u32 {
    let rows = u32::try_from(athletes.max(1)).unwrap_or(u32::MAX);
    rows.saturating_mul(ROW_PX)
        .saturating_add(110)
        .clamp(220, 4000)
}

/// Colour of each bucket: the house sport colours, violet for strength.
fn colours(pal: &Palette) -> [RGBColor; 5] {
    [
        pal.sports[0],
        pal.sports[1],
        pal.sports[2],
        pal.power,
        pal.sports[3],
    ]
}

/// A value fit to draw: NaN, infinities and negatives draw as nothing.
fn clean(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

/// `name` cut with "…" to fit `max_w` px at `px` pixels.
fn truncate(name: &str, px: u32, max_w: i32) -> String {
    let name = name.trim();
    if frame::text_w(name, px) <= max_w {
        return name.to_string();
    }
    let mut out: String = name.chars().collect();
    while !out.is_empty() && frame::text_w(&format!("{out}…"), px) > max_w {
        out.pop();
    }
    format!("{}…", out.trim_end())
}

/// This week's load per athlete, `rows` as (name, load per bucket [Ride,
/// Run, Swim, Strength, Other]) in the order to draw them, top to bottom.
/// Use [`digest_load_height`] for a height where every name shows; in less
/// room, names are thinned so they never overlap. No rows, or no load at
/// all, draws "No training this week".
pub fn digest_load_svg(
    rows: &[(String, [f64; 5])],
    theme: Theme,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    let rows: Vec<(&str, [f64; 5])> = rows
        .iter()
        .map(|(n, l)| (n.as_str(), l.map(clean)))
        .collect();
    frame::render(theme, width, height, |root, pal| {
        if rows.iter().all(|(_, l)| l.iter().sum::<f64>() <= 0.0) {
            return no_training(root, pal);
        }
        draw(root, pal, &rows)
    })
}

fn no_training(root: &frame::Area, pal: &Palette) -> Result<(), ChartError> {
    frame::title(root, pal, TITLE)?;
    let (w, h) = root.dim_in_pixel();
    root.draw(&Text::new(
        "No training this week".to_string(),
        (w as i32 / 2, h as i32 / 2),
        frame::bold(pal, 16)
            .color(&pal.axis)
            .pos(Pos::new(HPos::Center, VPos::Center)),
    ))?;
    Ok(())
}

fn draw(root: &frame::Area, pal: &Palette, rows: &[(&str, [f64; 5])]) -> Result<(), ChartError> {
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let colours = colours(pal);
    let present: Vec<usize> = (0..5)
        .filter(|&k| rows.iter().any(|(_, l)| l[k] > 0.0))
        .collect();
    let items: Vec<_> = present
        .iter()
        .map(|&k| item(Swatch::Box(0.85), colours[k], BUCKETS[k]))
        .collect();
    let strip = (TITLE_H + frame::legend_height(&items, 12, w as u32)) as i32;
    frame::title(root, pal, TITLE)?;
    root.draw(&Text::new(
        "TSS",
        (w - RIGHT_M as i32 - frame::text_w("TSS", 12), 10),
        frame::font(pal, 12).color(&pal.axis),
    ))?;
    frame::legend(root, pal, &items, 12, TITLE_H as i32 - 4)?;

    // Name column as wide as the longest name, within its share.
    let max_name = (f64::from(w) * NAME_SHARE) as i32;
    let name_w = rows
        .iter()
        .map(|(n, _)| frame::text_w(n.trim(), NAME_PX))
        .max()
        .unwrap_or(0)
        .min(max_name);
    let x0 = 12 + name_w + 8;
    let x1 = (w - RIGHT_M as i32 - TOTAL_W).max(x0 + 40);
    let y0 = strip + 6;
    let y1 = (h - X_LABELS_H as i32 - 4).max(y0 + 20);
    let pitch = f64::from(y1 - y0) / rows.len() as f64;
    let bar = (pitch * 0.7).clamp(1.0, 26.0);

    let hi = rows
        .iter()
        .map(|(_, l)| l.iter().sum::<f64>())
        .fold(0.0, f64::max);
    let (hi, ticks) = frame::zero_scale(hi, 5);
    let px = |v: f64| x0 + ((v / hi) * f64::from(x1 - x0)).round() as i32;

    // Grid and tick labels first, so the bars sit on top.
    for &t in &ticks {
        let x = px(t);
        root.draw(&PathElement::new(vec![(x, y0), (x, y1)], pal.grid))?;
    }
    let labels: Vec<(i32, String)> = ticks.iter().map(|&t| (px(t), format!("{t:.0}"))).collect();
    frame::x_tick_labels(root, pal, &labels, y1 + 6)?;
    root.draw(&PathElement::new(vec![(x0, y0), (x0, y1)], pal.axis))?;
    root.draw(&PathElement::new(vec![(x0, y1), (x1, y1)], pal.axis))?;

    // Thin the names when rows are too tight for them (every k-th row).
    let every = ((f64::from(NAME_PX) + 2.0) / pitch).ceil().max(1.0) as usize;
    let name_px = NAME_PX.min((pitch * 0.8).max(9.0) as u32);
    for (i, (name, loads)) in rows.iter().enumerate() {
        let cy = y0 + (pitch * (i as f64 + 0.5)).round() as i32;
        let half = (bar / 2.0).round().max(1.0) as i32;
        let mut base = 0.0;
        for &k in &present {
            if loads[k] <= 0.0 {
                continue;
            }
            let (a, b) = (px(base), px(base + loads[k]));
            if b > a {
                root.draw(&Rectangle::new(
                    [(a, cy - half), (b, cy + half)],
                    colours[k].mix(0.85).filled(),
                ))?;
            }
            base += loads[k];
        }
        if i % every == 0 {
            root.draw(&Text::new(
                truncate(name, name_px, name_w),
                (x0 - 8, cy),
                frame::font(pal, name_px).pos(Pos::new(HPos::Right, VPos::Center)),
            ))?;
            if base > 0.0 || pitch >= 10.0 {
                root.draw(&Text::new(
                    format!("{base:.0}"),
                    (px(base) + 5, cy),
                    frame::font(pal, 11)
                        .color(&pal.axis)
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata;

    fn rows(n: usize) -> Vec<(String, [f64; 5])> {
        let names = [
            "Ana Almeida",
            "Ben",
            "Chloé Castellanos-Dubois",
            "Dan <Dev>",
        ];
        (0..n)
            .map(|i| {
                let name = if n <= names.len() {
                    names[i].to_string()
                } else {
                    format!("Athlete {i:02}")
                };
                let f = (n - i) as f64;
                (name, [20.0 * f, 10.0 * f, 5.0 * (i % 3) as f64, 8.0, 0.0])
            })
            .collect()
    }

    #[test]
    fn four_athletes_show_names_totals_and_legend() {
        let svg = digest_load_svg(&rows(4), Theme::Light, 800, digest_load_height(4)).unwrap();
        let texts = testdata::texts(&svg);
        let has = |s: &str| texts.iter().any(|t| t.2 == s);
        for s in [
            TITLE,
            "Ride",
            "Run",
            "Swim",
            "Strength",
            "Ana Almeida",
            "Ben",
            "TSS",
        ] {
            assert!(has(s), "missing {s}: {texts:?}");
        }
        // Escaped by the SVG backend, not dropped.
        assert!(has("Dan &lt;Dev&gt;"), "{texts:?}");
        assert!(!has("Other"), "no Other load in the rows");
        // Totals: row 0 = 80 + 40 + 0 + 8.
        assert!(has("128"), "{texts:?}");
        // Rows run top to bottom in the given order.
        let y = |s: &str| texts.iter().find(|t| t.2 == s).map(|t| t.1);
        assert!(y("Ana Almeida") < y("Ben"));
        let png = crate::svg_to_png(&svg, 1.0).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        if let Ok(dir) = std::env::var("PACELINE_CHART_OUT") {
            let _ = std::fs::write(format!("{dir}/digest-chart.png"), &png);
        }
    }

    #[test]
    fn fifty_athletes_each_get_a_row() {
        let rows = rows(50);
        let svg = digest_load_svg(&rows, Theme::Dark, 900, digest_load_height(50)).unwrap();
        let texts = testdata::texts(&svg);
        for (name, _) in &rows {
            assert!(texts.iter().any(|t| &t.2 == name), "missing {name}");
        }
        // Names never overlap: at least 12 px between row labels.
        let mut ys: Vec<f64> = texts
            .iter()
            .filter(|t| t.2.starts_with("Athlete "))
            .map(|t| t.1)
            .collect();
        ys.sort_by(f64::total_cmp);
        assert!(ys.windows(2).all(|p| p[1] - p[0] >= 12.0), "{ys:?}");
        let png = crate::svg_to_png(&svg, 1.0).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        if let Ok(dir) = std::env::var("PACELINE_CHART_OUT") {
            let _ = std::fs::write(format!("{dir}/digest-chart-50.png"), &png);
        }
        // In too little room the names thin out instead of overlapping.
        let svg = digest_load_svg(&rows, Theme::Light, 600, 300).unwrap();
        let shown = testdata::texts(&svg)
            .iter()
            .filter(|t| t.2.starts_with("Athlete "))
            .count();
        assert!((10..50).contains(&shown), "{shown}");
    }

    #[test]
    fn long_names_are_cut_and_nothing_to_show_says_so() {
        let long = "Bartholomew Featherstonehaugh-Cholmondeley the Third";
        let t = truncate(long, 12, 120);
        assert!(t.ends_with('…') && frame::text_w(&t, 12) <= 120, "{t}");
        assert_eq!(truncate("Ana", 12, 120), "Ana");
        for rows in [vec![], vec![("Ana".to_string(), [0.0; 5])]] {
            let svg = digest_load_svg(&rows, Theme::Light, 600, 300).unwrap();
            assert!(svg.contains("No training this week"));
        }
        let bad = vec![("Ana".to_string(), [f64::NAN, -5.0, f64::INFINITY, 0.0, 0.0])];
        let svg = digest_load_svg(&bad, Theme::Light, 600, 300).unwrap();
        assert!(svg.contains("No training this week"));
    }
}
