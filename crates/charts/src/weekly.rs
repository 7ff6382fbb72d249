//! Weekly training load: one bar per ISO week (Monday to Sunday), stacked by
//! sport, with the week's total above the bar when there is room.

use paceline_load::pmc::DailyLoad;
use paceline_load::{Day, Sport};
use paceline_types::Theme;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::frame::{self, item, Swatch, TITLE_H, X_LABELS_H, Y_LABELS_W};
use crate::{ChartError, Palette};

const TITLE: &str = "Weekly load";
/// Fill opacity of the week in progress (full weeks: 0.85).
const PARTIAL_ALPHA: f64 = 0.4;

pub(crate) fn sport_name(s: Sport) -> &'static str {
    match s {
        Sport::Bike => "Bike",
        Sport::Run => "Run",
        Sport::Swim => "Swim",
        Sport::Other => "Other",
    }
}

/// Load per week and sport for the `weeks` ISO weeks ending with the one
/// holding `end`: (Monday, [bike, run, swim, other]).
fn weekly_sums(loads: &[DailyLoad], end: Day, weeks: u32) -> Vec<(Day, [f64; 4])> {
    let last = frame::monday_of(end);
    let first = last.saturating_sub(7 * (weeks.max(1) as i32 - 1));
    let mut out: Vec<(Day, [f64; 4])> = (0..weeks.max(1) as i32)
        .map(|i| (first + 7 * i, [0.0; 4]))
        .collect();
    for l in loads {
        if l.day < first || l.day > end || !l.load.is_finite() || l.load <= 0.0 {
            continue;
        }
        let i = ((frame::monday_of(l.day) - first) / 7) as usize;
        let s = Sport::ALL.iter().position(|s| *s == l.sport).unwrap_or(3);
        out[i].1[s] += f64::from(l.load);
    }
    out
}

/// Draws the load of the `weeks` ISO weeks ending with the week of `end`
/// (the caller's "today"), stacked by sport. Loads after `end` are ignored.
pub fn weekly_load(
    loads: &[DailyLoad],
    end: Day,
    weeks: u32,
    theme: Theme,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    let weeks = weeks.clamp(1, 520);
    // Keep day arithmetic far from i32's ends (±27 000 years).
    let end = end.clamp(-10_000_000, 10_000_000);
    let sums = weekly_sums(loads, end, weeks);
    frame::render(theme, width, height, |root, pal| {
        if sums.iter().all(|(_, s)| s.iter().sum::<f64>() <= 0.0) {
            return frame::no_data(
                root,
                pal,
                TITLE,
                "Each week's training load, by sport, appears here once you have activities.",
            );
        }
        // The week holding `end` is still going unless `end` is its Sunday.
        let partial = end - frame::monday_of(end) < 6;
        draw(root, pal, &sums, partial)
    })
}

fn draw(
    root: &frame::Area,
    pal: &Palette,
    sums: &[(Day, [f64; 4])],
    partial: bool,
) -> Result<(), ChartError> {
    let (w, h) = root.dim_in_pixel();
    let present: Vec<usize> = (0..4)
        .filter(|&i| sums.iter().any(|(_, s)| s[i] > 0.0))
        .collect();
    let mut items: Vec<_> = present
        .iter()
        .map(|&i| item(Swatch::Box(0.85), pal.sports[i], sport_name(Sport::ALL[i])))
        .collect();
    // A week in progress drawn like the others reads as a recovery week.
    let partial = partial
        && sums
            .last()
            .is_some_and(|(_, s)| s.iter().sum::<f64>() > 0.0);
    if partial {
        items.push(item(
            Swatch::Box(PARTIAL_ALPHA),
            pal.axis,
            "This week so far (lighter)",
        ));
    }
    let strip = TITLE_H + frame::legend_height(&items, 12, w);
    // A year under the dates once the weeks cross New Year.
    let last_day = sums.last().map_or(0, |(d, _)| d + 6);
    let year_row = frame::crosses_year(sums[0].0, last_day);
    let labels_h = X_LABELS_H + if year_row { frame::YEAR_ROW_H } else { 0 };
    let (head, rest) = root.split_vertically(strip);
    let (body, _) = rest.split_vertically(h.saturating_sub(strip + labels_h).max(60));
    frame::title(&head, pal, TITLE)?;
    head.draw(&Text::new(
        "TSS/week",
        (
            w as i32 - frame::RIGHT_M as i32 - frame::text_w("TSS/week", 12),
            10,
        ),
        frame::font(pal, 12).color(&pal.axis),
    ))?;
    frame::legend(&head, pal, &items, 12, TITLE_H as i32 - 4)?;

    let n = sums.len();
    let hi = sums
        .iter()
        .map(|(_, s)| s.iter().sum::<f64>())
        .fold(0.0, f64::max);
    let (hi, y_ticks) = frame::zero_scale(hi * 1.12, 4);
    let x = -0.5..n as f64 - 0.5;
    let mut chart = frame::plot(&body, pal, x, 0.0..hi, &y_ticks, &|v| format!("{v:.0}"))?;
    let plot_w = w.saturating_sub(Y_LABELS_W + frame::RIGHT_M).max(50) as f64;
    let bar_px = plot_w / n as f64;
    let half = if bar_px >= 6.0 { 0.36 } else { 0.5 };
    for (i, (_, s)) in sums.iter().enumerate() {
        let mut base = 0.0;
        for &k in &present {
            if s[k] <= 0.0 {
                continue;
            }
            let xi = i as f64;
            let alpha = if partial && i + 1 == n {
                PARTIAL_ALPHA
            } else {
                0.85
            };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(xi - half, base), (xi + half, base + s[k])],
                pal.sports[k].mix(alpha).filled(),
            )))?;
            base += s[k];
        }
    }
    // Totals above the bars when each bar has room for its number.
    if bar_px >= 34.0 {
        for (i, (_, s)) in sums.iter().enumerate() {
            let total: f64 = s.iter().sum();
            if total > 0.0 {
                let (px, py) = chart.backend_coord(&(i as f64, total));
                root.draw(&Text::new(
                    format!("{total:.0}"),
                    (px, py - 3),
                    frame::font(pal, 11)
                        .color(&pal.axis)
                        .pos(Pos::new(HPos::Center, VPos::Bottom)),
                ))?;
            }
        }
    }
    // Week labels (Monday's date), every k-th week so they never touch.
    let every = ((60.0 / bar_px).ceil() as usize).max(1);
    let y = chart.backend_coord(&(0.0, 0.0)).1 + 6;
    // Counted back from the current week, which always gets its label.
    let mut labels: Vec<(i32, Day, String)> = (0..n)
        .rev()
        .step_by(every)
        .map(|i| {
            (
                chart.backend_coord(&(i as f64, 0.0)).0,
                sums[i].0,
                frame::format_day(sums[i].0),
            )
        })
        .collect();
    labels.reverse();
    frame::x_date_labels(root, pal, &labels, y, year_row)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata;

    #[test]
    fn stacks_sports_with_a_legend_and_week_labels() {
        let loads = testdata::daily_loads();
        let end = testdata::END;
        let svg = weekly_load(&loads, end, 16, Theme::Light, 900, 420).unwrap();
        for label in [TITLE, "Bike", "Run", "Swim", "TSS/week"] {
            assert!(svg.contains(label), "missing {label}");
        }
        // The last week starts on Monday 2026-03-30.
        assert!(svg.contains("Mar 30"));
        assert!(!svg.contains("Other"), "no such sport in the data");
        // 2026-03-31 is a Tuesday: the last week is marked as in progress.
        assert!(svg.contains("This week so far"));
        let sunday = weekly_load(&loads, end + 5, 16, Theme::Light, 900, 420).unwrap();
        assert!(!sunday.contains("This week so far"));
    }

    #[test]
    fn weeks_across_new_year_name_their_years() {
        let loads = testdata::daily_loads();
        let svg = weekly_load(&loads, testdata::END, 52, Theme::Light, 900, 380).unwrap();
        let texts = testdata::texts(&svg);
        let at = |s: &str| texts.iter().find(|t| t.2 == s).map(|t| (t.0, t.1));
        // Weeks from Apr 2025 to Mar 2026, labelled every fourth: the first
        // label of 2026 is Monday Jan 5, with the year under it.
        let (x, y) = at("Jan 5").expect("a Jan 5 label");
        assert_eq!(at("2026"), Some((x, y + 15.0)));
        let first = texts.iter().find(|t| t.1 == y).expect("first date label");
        assert_eq!(at("2025"), Some((first.0, y + 15.0)));
        // Within one year: no year row.
        let end = frame::day_of(2025, 9, 30);
        let one = weekly_load(&loads, end, 12, Theme::Light, 900, 380).unwrap();
        assert!(!one.contains("\n2025\n</text>"));
        // Labels and years never overlap at any width.
        for w in (320..1400).step_by(37) {
            let svg = weekly_load(&loads, testdata::END, 52, Theme::Light, w, 380).unwrap();
            let texts = testdata::texts(&svg);
            let years = texts.iter().find(|t| t.2 == "2025").expect("a year").1;
            let mut row: Vec<(f64, f64, String)> = texts
                .into_iter()
                .filter(|t| t.1 == years || t.1 == years - 15.0)
                .collect();
            assert!(row.len() >= 3, "{w}: {row:?}");
            row.sort_by(|a, b| (a.1, a.0).partial_cmp(&(b.1, b.0)).unwrap());
            for p in row.windows(2).filter(|p| p[0].1 == p[1].1) {
                let half = |t: &str| f64::from(frame::text_w(t, 13)) / 2.0;
                assert!(
                    p[0].0 + half(&p[0].2) < p[1].0 - half(&p[1].2),
                    "{w}: {p:?}"
                );
            }
        }
    }

    #[test]
    fn sums_by_iso_week() {
        let mon = frame::day_of(2026, 3, 2);
        let loads = [
            DailyLoad {
                day: mon,
                sport: Sport::Run,
                load: 50.0,
            },
            DailyLoad {
                day: mon + 6,
                sport: Sport::Run,
                load: 25.0,
            },
            DailyLoad {
                day: mon + 7,
                sport: Sport::Bike,
                load: 100.0,
            },
        ];
        let s = weekly_sums(&loads, mon + 8, 2);
        assert_eq!(
            s,
            vec![
                (mon, [0.0, 75.0, 0.0, 0.0]),
                (mon + 7, [100.0, 0.0, 0.0, 0.0])
            ]
        );
    }

    #[test]
    fn no_loads_in_range_says_no_data_yet() {
        let svg = weekly_load(&[], 20_000, 12, Theme::Dark, 600, 300).unwrap();
        assert!(svg.contains("No data yet"));
    }
}
