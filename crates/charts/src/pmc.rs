//! Performance Management Chart: fitness (CTL) and fatigue (ATL) over the daily
//! load bars in one panel (all three are TSS per day, so one honest scale), and
//! form (TSB) in a second panel over shaded form bands. When more than one sport
//! carries load, each of bike, run and swim adds its own fitness as a dashed line
//! in its sport colour (they sum to the solid combined line: the PMC is linear).
//!
//! Form bands (TSB, TrainingPeaks-style guidance as popularised by Coggan and
//! intervals.icu; guidance, not physiology):
//!
//! | TSB          | band             | meaning                                   |
//! |--------------|------------------|-------------------------------------------|
//! | > +25        | Transition       | very fresh; fitness is being lost          |
//! | +5 … +25     | Fresh            | race-ready                                |
//! | −10 … +5     | Neutral          | maintenance                               |
//! | −30 … −10    | Optimal training | productive overload                       |
//! | < −30        | High risk        | overreaching; injury and illness risk     |

use paceline_load::pmc::{PmcBySport, PmcDay};
use paceline_load::{Day, Sport};
use paceline_types::Theme;
use plotters::prelude::*;

use crate::frame::{self, item, Swatch, TITLE_H, Y_LABELS_W};
use crate::{ChartError, Palette};

/// How much history the PMC shows, ending on the last day given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PmcRange {
    Days90,
    Year,
    All,
}

impl PmcRange {
    fn days(self) -> i32 {
        match self {
            PmcRange::Days90 => 90,
            PmcRange::Year => 365,
            // "All" stops at a century: no athlete has more, and it keeps a
            // stray day number from stretching the axis over millennia.
            PmcRange::All => 36_525,
        }
    }
}

/// A form band: label, TSB range (lower, upper).
pub(crate) const FORM_BANDS: [(&str, f64, f64); 5] = [
    ("Transition > +25", 25.0, f64::INFINITY),
    ("Fresh +5 to +25", 5.0, 25.0),
    ("Neutral −10 to +5", -10.0, 5.0),
    ("Optimal −30 to −10", -30.0, -10.0),
    ("High risk < −30", f64::NEG_INFINITY, -30.0),
];

const TITLE: &str = "Fitness, fatigue & form";

/// Bars of daily load, averaged over `k` days when there are too many days
/// for one bar each: (first day, last day, mean TSS/day).
fn load_bars(days: &[PmcDay], k: usize) -> Vec<(f64, f64, f64)> {
    days.chunks(k.max(1))
        .map(|c| {
            let mean = c.iter().map(|d| f64::from(d.load)).sum::<f64>() / c.len() as f64;
            (f64::from(c[0].day), f64::from(c[c.len() - 1].day), mean)
        })
        .collect()
}

/// Draws the PMC for the `range` ending on the last of `pmc.combined`'s days
/// (any order; a missing day is simply not drawn). `width`/`height` in CSS pixels.
pub fn pmc_chart(
    pmc: &PmcBySport,
    range: PmcRange,
    theme: Theme,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    let mut days: Vec<PmcDay> = pmc
        .combined
        .iter()
        .filter(|d| d.ctl.is_finite() && d.atl.is_finite() && d.tsb.is_finite())
        .copied()
        .collect();
    days.sort_by_key(|d| d.day);
    if let Some(last) = days.last().map(|d| d.day) {
        days.retain(|d| d.day > last.saturating_sub(range.days()));
    }
    let sports = sport_lines(pmc, &days);
    frame::render(theme, width, height, |root, pal| {
        if days.is_empty() {
            return frame::no_data(
                root,
                pal,
                TITLE,
                "Fitness, fatigue and form appear after your first activities with a training load.",
            );
        }
        draw(root, pal, &days, &sports)
    })
}

/// The sports drawn as lines of their own, with their palette index.
const SPORT_LINES: [(Sport, &str, usize); 3] = [
    (Sport::Bike, "Bike CTL", 0),
    (Sport::Run, "Run CTL", 1),
    (Sport::Swim, "Swim CTL", 2),
];

/// Per-sport fitness over the days shown: (label, palette index, (day, CTL)).
/// None when one sport carries all the load (its line would be the combined one).
fn sport_lines(pmc: &PmcBySport, days: &[PmcDay]) -> Vec<SportLine> {
    if pmc.sports.len() < 2 {
        return Vec::new();
    }
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return Vec::new();
    };
    SPORT_LINES
        .iter()
        .filter_map(|&(sport, label, color)| {
            let (_, line) = pmc.sports.iter().find(|(s, _)| *s == sport)?;
            let pts: Vec<(f64, f64)> = line
                .iter()
                .filter(|d| d.day >= first.day && d.day <= last.day && d.ctl.is_finite())
                .map(|d| (f64::from(d.day), f64::from(d.ctl)))
                .collect();
            // A sport without fitness in the range would only add a legend entry.
            pts.iter()
                .any(|p| p.1 >= 0.5)
                .then_some((label, color, pts))
        })
        .collect()
}

type SportLine = (&'static str, usize, Vec<(f64, f64)>);

fn draw(
    root: &frame::Area,
    pal: &Palette,
    days: &[PmcDay],
    sports: &[SportLine],
) -> Result<(), ChartError> {
    let (w, h) = root.dim_in_pixel();
    let (first, last) = (days[0].day, days[days.len() - 1].day);
    let plot_w = w.saturating_sub(Y_LABELS_W + frame::RIGHT_M).max(50);
    let span = (last - first + 1) as usize;
    // One bar per day while bars stay ≥ 2 px wide, else weekly means.
    let k = if span as u32 * 2 > plot_w { 7 } else { 1 };
    let load_label = if k == 1 {
        "Daily load"
    } else {
        "Daily load (weekly mean)"
    };
    let mut top_items = vec![
        item(Swatch::Line, pal.fitness, "Fitness (CTL)"),
        item(Swatch::Line, pal.fatigue, "Fatigue (ATL)"),
        item(Swatch::Box(0.55), pal.load, load_label),
    ];
    top_items.extend(
        sports
            .iter()
            .map(|(label, c, _)| item(Swatch::Dashed, pal.sports[*c], *label)),
    );
    let band_items: Vec<_> = FORM_BANDS
        .iter()
        .zip(pal.form_bands)
        .map(|((label, _, _), c)| item(Swatch::Box(0.35), c, *label))
        .collect();
    let x_legend = 12;
    let top_strip = TITLE_H + frame::legend_height(&top_items, x_legend, w);
    let mid_strip = 34 + frame::legend_height(&band_items, x_legend, w);
    let ticks = frame::date_ticks(first, last, (plot_w / 78) as usize);
    let plots_h = h
        .saturating_sub(top_strip + mid_strip + ticks.labels_h())
        .max(80);
    let top_h = plots_h * 11 / 20;

    let (head, rest) = root.split_vertically(top_strip);
    let (top, rest) = rest.split_vertically(top_h);
    let (mid, rest) = rest.split_vertically(mid_strip);
    let (bottom, _) = rest.split_vertically(plots_h - top_h);

    frame::title(&head, pal, TITLE)?;
    head.draw(&Text::new(
        "TSS/day",
        (
            w as i32 - frame::RIGHT_M as i32 - frame::text_w("TSS/day", 12),
            10,
        ),
        frame::font(pal, 12).color(&pal.axis),
    ))?;
    frame::legend(&head, pal, &top_items, x_legend, TITLE_H as i32 - 4)?;

    let x = f64::from(first) - 0.5..f64::from(last) + 0.5;
    let tick_xs: Vec<f64> = ticks.ticks.iter().map(|(d, _)| f64::from(*d)).collect();

    // Fitness, fatigue and load.
    let bars = load_bars(days, k);
    let hi = days
        .iter()
        .map(|d| f64::from(d.ctl.max(d.atl)))
        .chain(bars.iter().map(|b| b.2))
        .fold(0.0, f64::max);
    // Steps of a fifth, not a quarter: one big day's bar otherwise lifts the
    // scale to the next 100 and squeezes fitness and fatigue into the bottom.
    // At least 0–10: an athlete with no recent load (every value under 0.5) would
    // otherwise get ticks of a tenth, all labelled "0".
    let (hi, y_ticks) = frame::zero_scale((hi * 1.05).max(10.0), 5);
    let mut chart = frame::plot(&top, pal, x.clone(), 0.0..hi, &y_ticks, &|v| {
        format!("{v:.0}")
    })?;
    frame::x_grid(&mut chart, pal, &tick_xs)?;
    let bar_style = pal.load.mix(0.55).filled();
    chart.draw_series(bars.iter().filter(|b| b.2 > 0.0).map(|&(a, b, v)| {
        let pad = if k == 1 { 0.15 } else { 0.3 };
        Rectangle::new([(a - 0.5 + pad, 0.0), (b + 0.5 - pad, v)], bar_style)
    }))?;
    // Under the combined lines: each sport's share of fitness.
    for (_, c, pts) in sports {
        chart.draw_series(DashedLineSeries::new(
            pts.iter().copied(),
            6,
            4,
            pal.sports[*c].stroke_width(2),
        ))?;
    }
    for (color, f) in [
        (pal.fitness, (|d: &PmcDay| d.ctl) as fn(&PmcDay) -> f32),
        (pal.fatigue, |d: &PmcDay| d.atl),
    ] {
        chart.draw_series(LineSeries::new(
            days.iter().map(|d| (f64::from(d.day), f64::from(f(d)))),
            color.stroke_width(2),
        ))?;
    }

    // Form over its bands.
    mid.draw(&Text::new("Form (TSB)", (12, 14), frame::bold(pal, 13)))?;
    frame::legend(&mid, pal, &band_items, x_legend, 32)?;
    let (tlo, thi) = days.iter().fold((0.0f64, 0.0f64), |(lo, hi), d| {
        (lo.min(f64::from(d.tsb)), hi.max(f64::from(d.tsb)))
    });
    let step = frame::nice_step((thi + 5.0).max(30.0) - (tlo - 5.0).min(-40.0), 5);
    let (ylo, yhi) = (
        ((tlo - 5.0).min(-40.0) / step).floor() * step,
        ((thi + 5.0).max(30.0) / step).ceil() * step,
    );
    // Typographic minus, as in the band legend ("−30"), not a hyphen.
    let tsb_ticks = frame::multiples(ylo, yhi, step);
    let mut chart = frame::plot(&bottom, pal, x.clone(), ylo..yhi, &tsb_ticks, &|v| {
        if v.round() > 0.0 {
            format!("+{v:.0}")
        } else if v.round() < 0.0 {
            format!("−{:.0}", -v)
        } else {
            "0".to_string()
        }
    })?;
    chart.draw_series(
        FORM_BANDS
            .iter()
            .zip(pal.form_bands)
            .map(|(&(_, lo, hi), c)| {
                Rectangle::new(
                    [(x.start, lo.max(ylo)), (x.end, hi.min(yhi))],
                    c.mix(0.16).filled(),
                )
            }),
    )?;
    frame::x_grid(&mut chart, pal, &tick_xs)?;
    chart.draw_series(LineSeries::new(
        vec![(x.start, 0.0), (x.end, 0.0)],
        pal.axis.stroke_width(1),
    ))?;
    chart.draw_series(LineSeries::new(
        days.iter().map(|d| (f64::from(d.day), f64::from(d.tsb))),
        pal.form.stroke_width(2),
    ))?;

    let y = chart.backend_coord(&(x.start, ylo)).1 + 6;
    let labels: Vec<(i32, Day, String)> = ticks
        .ticks
        .iter()
        .map(|(d, l)| (chart.backend_coord(&(f64::from(*d), ylo)).0, *d, l.clone()))
        .collect();
    frame::x_date_labels(root, pal, &labels, y, ticks.year_row)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata;

    #[test]
    fn draws_lines_bands_and_dates() {
        let days = testdata::pmc_history();
        let svg = pmc_chart(&days, PmcRange::Days90, Theme::Light, 900, 520).unwrap();
        for label in [
            "Fitness, fatigue &amp; form",
            "Fitness (CTL)",
            "Fatigue (ATL)",
            "Daily load",
            "Form (TSB)",
            "Optimal −30 to −10",
            "High risk &lt; −30",
            "TSS/day",
        ] {
            assert!(svg.contains(label), "missing {label}");
        }
        // 90 days ending 2026-03-31: weekly "Mar 2"-style ticks.
        assert!(svg.contains("Mar 2") || svg.contains("Mar 9"), "date ticks");
        let all = pmc_chart(&days, PmcRange::All, Theme::Dark, 900, 520).unwrap();
        assert!(all.contains("Daily load (weekly mean)"));
    }

    #[test]
    fn a_year_of_months_names_its_years_and_labels_the_top_of_the_load_axis() {
        let days = testdata::pmc_history();
        let svg = pmc_chart(&days, PmcRange::Year, Theme::Dark, 900, 520).unwrap();
        let texts = testdata::texts(&svg);
        let at = |s: &str| texts.iter().find(|t| t.2 == s).map(|t| (t.0, t.1));
        // Apr 2025 to Mar 2026: "Jan" with "2026" right under it, and the
        // first month label with "2025".
        let (jan_x, jan_y) = at("Jan").expect("a Jan tick");
        assert_eq!(at("2026"), Some((jan_x, jan_y + 15.0)));
        let (y25_x, _) = at("2025").expect("the first tick's year");
        assert!(y25_x < jan_x);
        assert!(!svg.contains("2026-01"), "no ISO months");
        // Load peaks near 238 TSS: the scale tops out at 250 and says so.
        assert!(at("250").is_some(), "top of the load axis labelled");
        assert!(at("300").is_none());
        // Years on their own need no year row.
        let all = pmc_chart(&days, PmcRange::All, Theme::Dark, 900, 520).unwrap();
        let years = testdata::texts(&all)
            .into_iter()
            .filter(|t| t.2 == "2025")
            .count();
        assert_eq!(years, 1);
    }

    #[test]
    fn sport_lines_are_dashed_in_sport_colours_and_sum_to_fitness() {
        let pmc = testdata::pmc_history();
        // The PMC is linear: the sports' fitness adds up to the combined line.
        let last = pmc.combined.len() - 1;
        let sum: f32 = pmc.sports.iter().map(|(_, d)| d[last].ctl).sum();
        assert!((sum - pmc.combined[last].ctl).abs() < 0.01);
        let svg = pmc_chart(&pmc, PmcRange::Days90, Theme::Light, 900, 520).unwrap();
        for label in ["Bike CTL", "Run CTL", "Swim CTL"] {
            assert!(svg.contains(label), "missing {label}");
        }
        // One sport only: its line would be the combined one, so none is drawn.
        let bike_only = PmcBySport {
            combined: pmc.combined.clone(),
            sports: pmc.sports[..1].to_vec(),
        };
        let one = pmc_chart(&bike_only, PmcRange::Days90, Theme::Light, 900, 520).unwrap();
        assert!(!one.contains("Bike CTL"));
        // Dashes: many short segments in the bike colour, none without sport lines.
        let pal = crate::Palette::for_theme(Theme::Light);
        let bike = format!(
            "stroke=\"#{:02X}{:02X}{:02X}\"",
            pal.sports[0].0, pal.sports[0].1, pal.sports[0].2
        );
        assert!(svg.matches(&bike).count() > 20, "dashed bike line");
        let plain = pmc_chart(
            &testdata::combined(&pmc.combined),
            PmcRange::Days90,
            Theme::Light,
            900,
            520,
        )
        .unwrap();
        assert!(!plain.contains("Run CTL"));
    }

    #[test]
    fn empty_input_says_no_data_yet() {
        let svg = pmc_chart(
            &testdata::combined(&[]),
            PmcRange::Year,
            Theme::Dark,
            900,
            520,
        )
        .unwrap();
        assert!(svg.contains("No data yet"));
        assert!(svg.contains("Fitness, fatigue &amp; form"));
    }

    #[test]
    fn no_recent_load_still_gets_distinct_whole_ticks() {
        // 90 days of a fitness fading below 0.5: the load axis reads 0, 2, … 10.
        let days: Vec<PmcDay> = (0..90)
            .map(|i| PmcDay {
                day: 20_000 + i,
                load: 0.0,
                ctl: 0.4 * (1.0 - i as f32 / 90.0),
                atl: 0.1,
                tsb: 0.3,
                ramp: 0.0,
            })
            .collect();
        let svg = pmc_chart(
            &testdata::combined(&days),
            PmcRange::Days90,
            Theme::Light,
            900,
            520,
        )
        .unwrap();
        let texts = testdata::texts(&svg);
        let zeros = texts.iter().filter(|t| t.2 == "0").count();
        // One "0" on the load axis and one on the form axis.
        assert!(zeros <= 2, "{zeros} labels read 0");
        for label in ["2", "4", "10"] {
            assert!(texts.iter().any(|t| t.2 == label), "no {label} tick");
        }
    }

    #[test]
    fn one_day_still_draws() {
        let d = testdata::pmc_history().combined[0];
        let svg = pmc_chart(
            &testdata::combined(&[d]),
            PmcRange::Days90,
            Theme::Light,
            320,
            200,
        )
        .unwrap();
        assert!(svg.contains("Form (TSB)"));
    }
}
