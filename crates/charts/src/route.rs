//! Route pictures: the outline (positions projected flat, no map tiles) and the
//! elevation profile coloured by grade, with the sections marked and labelled.
//!
//! Grade colours reuse the palette's zone colours, easiest to hardest: descents
//! (≤ −3 %) blue, −3 to 3 % grey, then 3–6, 6–9, 9–12 and ≥ 12 % in green, yellow,
//! orange and red. The profile is drawn per pixel-wide bin of the smoothed profile
//! (grade over the bin), so a 200 km route is a few hundred polygons, not 20 000.

use paceline_routes::{Profile, Section, SectionKind};
use paceline_types::{Theme, Units};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::frame::{self, item, Swatch, TITLE_H, X_LABELS_H, Y_LABELS_W};
use crate::{ChartError, Palette};

const M_PER_MILE: f64 = 1609.344;
const FT_PER_M: f64 = 3.280_84;

/// Upper grade bound (percent) of each colour band; the last is open.
const BANDS: [(f64, &str); 6] = [
    (-3.0, "< −3 %"),
    (3.0, "−3–3 %"),
    (6.0, "3–6 %"),
    (9.0, "6–9 %"),
    (12.0, "9–12 %"),
    (f64::INFINITY, "≥ 12 %"),
];

fn band(grade_pct: f64) -> usize {
    BANDS
        .iter()
        .position(|(hi, _)| grade_pct < *hi)
        .unwrap_or(BANDS.len() - 1)
}

fn band_color(pal: &Palette, b: usize) -> RGBColor {
    // zones: grey, blue, green, yellow, orange, red, purple.
    [1, 0, 2, 3, 4, 5].map(|z| pal.zones[z])[b.min(5)]
}

fn dist_unit(units: Units) -> (f64, &'static str) {
    match units {
        Units::Metric => (1000.0, "km"),
        Units::Imperial => (M_PER_MILE, "mi"),
    }
}

fn ele_unit(units: Units) -> (f64, &'static str) {
    match units {
        Units::Metric => (1.0, "m"),
        Units::Imperial => (FT_PER_M, "ft"),
    }
}

/// The elevation profile of `profile` coloured by grade, `sections` marked by lines
/// at their starts and labelled with name, length and average grade where they fit.
/// `title` is usually the route's name. Sizes in CSS pixels.
pub fn route_profile(
    profile: &Profile,
    sections: &[Section],
    title: &str,
    units: Units,
    theme: Theme,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    frame::render(theme, width, height, |root, pal| {
        if !profile.has_elevation || profile.distance_m.len() < 2 {
            return frame::no_data(
                root,
                pal,
                title,
                "This route has no elevation, so there is no profile to draw.",
            );
        }
        draw_profile(root, pal, profile, sections, title, units)
    })
}

fn draw_profile(
    root: &frame::Area,
    pal: &Palette,
    p: &Profile,
    sections: &[Section],
    title: &str,
    units: Units,
) -> Result<(), ChartError> {
    let (w, h) = root.dim_in_pixel();
    let items: Vec<_> = BANDS
        .iter()
        .enumerate()
        .map(|(b, (_, label))| item(Swatch::Box(0.85), band_color(pal, b), *label))
        .collect();
    let head_h = TITLE_H + frame::legend_height(&items, 12, w);
    let label_h = 36;
    let (head, rest) = root.split_vertically(head_h);
    let (labels, rest) = rest.split_vertically(label_h);
    let plot_h = h.saturating_sub(head_h + label_h + X_LABELS_H).max(60);
    let (plot_area, xlab) = rest.split_vertically(plot_h);
    frame::title(&head, pal, title)?;
    frame::legend(&head, pal, &items, 12, TITLE_H as i32 - 4)?;

    let (dk, dunit) = dist_unit(units);
    let (ek, eunit) = ele_unit(units);
    let total = p.total_m() / dk;
    let (lo, hi) = p
        .ele_m
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &e| {
            (a.min(e), b.max(e))
        });
    let (lo, hi) = (lo * ek, hi * ek);
    let step = frame::nice_step((hi - lo).max(20.0 * ek), 4);
    let y0 = (lo / step).floor() * step - step * 0.25;
    let y1 = ((hi / step).ceil() * step).max(y0 + step);
    let yt = frame::multiples(y0, y1, step);
    let fmt = move |v: &f64| format!("{v:.0} {eunit}");
    let mut chart = frame::plot(&plot_area, pal, 0.0..total, y0..y1, &yt, &fmt)?;
    let xt = frame::multiples(0.0, total, frame::nice_step(total, (w / 90).max(2)));
    frame::x_grid(&mut chart, pal, &xt)?;

    // Bins about a pixel wide (at least one profile step).
    let plot_w = w.saturating_sub(Y_LABELS_W + frame::RIGHT_M).max(50) as usize;
    let n = p.distance_m.len();
    let per = n.div_ceil(plot_w).max(1);
    let mut runs: Vec<(usize, Vec<(f64, f64)>)> = Vec::new();
    let mut i = 0;
    while i + 1 < n {
        let j = (i + per).min(n - 1);
        let run_m = p.distance_m[j] - p.distance_m[i];
        let g = if run_m > 0.0 {
            (p.ele_m[j] - p.ele_m[i]) / run_m * 100.0
        } else {
            0.0
        };
        // Banded at 0.1 % so an even 6 % does not flicker between two colours.
        let b = band((g * 10.0).round() / 10.0);
        let pts = [
            (p.distance_m[i] / dk, p.ele_m[i] * ek),
            (p.distance_m[j] / dk, p.ele_m[j] * ek),
        ];
        match runs.last_mut() {
            Some((rb, v)) if *rb == b => v.push(pts[1]),
            _ => runs.push((b, pts.to_vec())),
        }
        i = j;
    }
    for (b, pts) in &runs {
        let mut poly = pts.clone();
        poly.push((pts[pts.len() - 1].0, y0));
        poly.push((pts[0].0, y0));
        chart.draw_series(std::iter::once(Polygon::new(
            poly,
            band_color(pal, *b).mix(0.85).filled(),
        )))?;
    }
    chart.draw_series(LineSeries::new(
        p.distance_m
            .iter()
            .zip(&p.ele_m)
            .step_by(per)
            .map(|(d, e)| (d / dk, e * ek)),
        pal.text.stroke_width(1),
    ))?;

    // Section boundaries and labels.
    let base = plot_area.get_base_pixel();
    let lbase = labels.get_base_pixel();
    chart.draw_series(sections.iter().filter(|s| s.start_m > 0.0).map(|s| {
        PathElement::new(
            vec![(s.start_m / dk, y0), (s.start_m / dk, y1)],
            pal.axis.stroke_width(1),
        )
    }))?;
    let px = |d: f64| chart.backend_coord(&(d / dk, y0)).0;
    for s in sections {
        let (a, b) = (px(s.start_m), px(s.end_m));
        let room = b - a - 6;
        let stats = paceline_routes::section_stats(p, s.start_m, s.end_m);
        let detail = match s.kind {
            SectionKind::Flat => format!("{:.1} {dunit}", stats.distance_m / dk),
            _ => format!(
                "{:.1} {dunit} · {:.1} %",
                stats.distance_m / dk,
                stats.avg_grade_pct
            ),
        };
        let mid = (a + b) / 2 - lbase.0;
        let centre = Pos::new(HPos::Center, VPos::Top);
        if frame::text_w(&s.name, 12) <= room {
            labels.draw(&Text::new(
                s.name.clone(),
                (mid, 2),
                frame::bold(pal, 12).pos(centre),
            ))?;
            if frame::text_w(&detail, 11) <= room {
                labels.draw(&Text::new(
                    detail,
                    (mid, 18),
                    frame::font(pal, 11).color(&pal.axis).pos(centre),
                ))?;
            }
        }
    }
    let ticks: Vec<(i32, String)> = xt
        .iter()
        .map(|&x| {
            let label = if x == 0.0 {
                format!("0 {dunit}")
            } else {
                trim(x)
            };
            (chart.backend_coord(&(x, y0)).0 - base.0, label)
        })
        .collect();
    frame::x_tick_labels(&xlab, pal, &ticks, 4)?;
    Ok(())
}

/// "12", "2.5", "0.25": no trailing zeros.
fn trim(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The route's outline: positions projected flat (equirectangular about the route's
/// middle latitude, equal scale both ways, north up), climbs and descents drawn in
/// their grade colours over the line, start and finish marked, a scale bar.
pub fn route_outline(
    profile: &Profile,
    sections: &[Section],
    title: &str,
    units: Units,
    theme: Theme,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    frame::render(theme, width, height, |root, pal| {
        if profile.lat_deg.len() < 2 {
            return frame::no_data(root, pal, title, "This route has no positions to draw.");
        }
        draw_outline(root, pal, profile, sections, title, units)
    })
}

fn draw_outline(
    root: &frame::Area,
    pal: &Palette,
    p: &Profile,
    sections: &[Section],
    title: &str,
    units: Units,
) -> Result<(), ChartError> {
    let w = root.dim_in_pixel().0;
    let (climb, descent) = (band_color(pal, 3), band_color(pal, 0));
    let (start_c, finish_c) = (band_color(pal, 2), pal.text);
    let items = vec![
        item(Swatch::Line, pal.axis, "Route"),
        item(Swatch::Line, climb, "Climb"),
        item(Swatch::Line, descent, "Descent"),
        item(Swatch::Dot, start_c, "Start"),
        item(Swatch::Dot, finish_c, "Finish"),
    ];
    let head_h = TITLE_H + frame::legend_height(&items, 12, w);
    let (head, body) = root.split_vertically(head_h);
    frame::title(&head, pal, title)?;
    frame::legend(&head, pal, &items, 12, TITLE_H as i32 - 4)?;

    // Metres east/north of the box's south-west corner.
    let (la0, la1) = span(&p.lat_deg);
    let (lo0, lo1) = span(&p.lon_deg);
    let m_per_deg = 6_371_008.8 * std::f64::consts::PI / 180.0;
    let kx = m_per_deg * ((la0 + la1) / 2.0).to_radians().cos();
    let xy: Vec<(f64, f64)> = p
        .lat_deg
        .iter()
        .zip(&p.lon_deg)
        .map(|(la, lo)| ((lo - lo0) * kx, (la - la0) * m_per_deg))
        .collect();
    let (wm, hm) = (
        ((lo1 - lo0) * kx).max(1.0),
        ((la1 - la0) * m_per_deg).max(1.0),
    );
    let (bw, bh) = body.dim_in_pixel();
    let pad = 24.0;
    let scale = ((f64::from(bw) - 2.0 * pad) / wm)
        .min((f64::from(bh) - 2.0 * pad - 20.0) / hm)
        .max(1e-9);
    // Centre the route in the area.
    let ox = (f64::from(bw) - wm * scale) / 2.0;
    let oy = (f64::from(bh) - 20.0 + hm * scale) / 2.0;
    let pix = |(x, y): (f64, f64)| ((ox + x * scale) as i32, (oy - y * scale) as i32);
    // A few thousand points are plenty at any size.
    let every = (xy.len() / 4000).max(1);
    let line = |a: usize, b: usize| -> Vec<(i32, i32)> {
        let mut v: Vec<(i32, i32)> = (a..=b).step_by(every).map(|i| pix(xy[i])).collect();
        v.push(pix(xy[b]));
        v
    };
    let last = xy.len() - 1;
    body.draw(&PathElement::new(line(0, last), pal.axis.stroke_width(3)))?;
    for s in sections {
        let colour = match s.kind {
            SectionKind::Climb => climb,
            SectionKind::Descent => descent,
            SectionKind::Flat => continue,
        };
        let (a, b) = (p.index_at(s.start_m), p.index_at(s.end_m).min(last));
        if b > a {
            body.draw(&PathElement::new(line(a, b), colour.stroke_width(4)))?;
        }
    }
    body.draw(&Circle::new(pix(xy[last]), 6, finish_c.filled()))?;
    body.draw(&Circle::new(pix(xy[0]), 6, start_c.filled()))?;
    body.draw(&Circle::new(pix(xy[0]), 6, pal.background.stroke_width(1)))?;

    // Scale bar: a round length about a fifth of the width.
    let (dk, dunit) = dist_unit(units);
    let bar = frame::nice_step(f64::from(bw) / scale / dk / 5.0, 1);
    let bar_px = (bar * dk * scale) as i32;
    let y = bh as i32 - 14;
    body.draw(&PathElement::new(
        vec![(12, y), (12 + bar_px, y)],
        pal.text.stroke_width(2),
    ))?;
    body.draw(&Text::new(
        format!("{} {dunit}", trim(bar)),
        (18 + bar_px, y),
        frame::font(pal, 12).pos(Pos::new(HPos::Left, VPos::Center)),
    ))?;
    Ok(())
}

fn span(v: &[f64]) -> (f64, f64) {
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use paceline_routes::{auto_sections, ProfileOptions, Route, RoutePoint, SectionRule};

    /// A loop: 4 km east climbing 6 %, 2 km north flat, back west descending, south.
    pub(crate) fn loop_route() -> (Profile, Vec<Section>) {
        let m = 6_371_008.8 * std::f64::consts::PI / 180.0;
        let mut pts = Vec::new();
        let mut ele = 200.0;
        for (dx, dy, g, n) in [
            (10.0, 0.0, 0.06, 400),
            (0.0, 10.0, 0.0, 200),
            (-10.0, 0.0, -0.05, 400),
            (0.0, -10.0, 0.0, 200),
        ] {
            for _ in 0..n {
                let (x, y) = pts
                    .last()
                    .map_or((0.0, 0.0), |&(x, y, _): &(f64, f64, f64)| (x, y));
                ele += 10.0 * g;
                pts.push((x + dx, y + dy, ele));
            }
        }
        let points = pts
            .iter()
            .map(|&(x, y, e)| RoutePoint {
                lat_deg: 46.0 + y / m,
                lon_deg: 7.0 + x / (m * 46f64.to_radians().cos()),
                ele_m: Some(e),
            })
            .collect();
        let r = Route::new("Loop".into(), None, points).unwrap();
        let p = Profile::new(&r, ProfileOptions::default());
        let s = auto_sections(&p, &SectionRule::default());
        (p, s)
    }

    #[test]
    fn profile_and_outline_draw_with_labels() {
        let (p, s) = loop_route();
        for theme in [Theme::Light, Theme::Dark] {
            let svg = route_profile(&p, &s, "Loop", Units::Metric, theme, 900, 360).unwrap();
            assert!(svg.contains("Climb 1"), "section label");
            assert!(
                svg.contains("4.0 km · 6.0 %") || svg.contains("6.0 %"),
                "climb detail"
            );
            assert!(svg.contains("≥ 12 %"));
            let bg = Palette::for_theme(theme).background;
            assert!(svg.contains(&format!("#{:02X}{:02X}{:02X}", bg.0, bg.1, bg.2)));
            let out = route_outline(&p, &s, "Loop", Units::Imperial, theme, 600, 500).unwrap();
            assert!(out.contains("Finish") && out.contains(" mi\n"), "{out}");
        }
    }

    #[test]
    fn no_elevation_says_so() {
        let (mut p, s) = loop_route();
        p.has_elevation = false;
        let svg = route_profile(&p, &s, "Flat", Units::Metric, Theme::Light, 600, 300).unwrap();
        assert!(svg.contains("no elevation"));
    }
}
