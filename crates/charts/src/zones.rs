//! Time in zone: one horizontal bar per zone, easiest at the top, each
//! labelled with its share and its time ("1h 05m").

use paceline_load::zones::Zones;
use paceline_types::Theme;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::frame::{self, TITLE_H};
use crate::{ChartError, Palette};

/// Draws time in each zone of `zones` from `seconds` (one entry per zone, as
/// `paceline_load::zones::time_in_zones` returns). `title` names the model,
/// e.g. "Power zones".
pub fn time_in_zone(
    zones: &Zones,
    seconds: &[u32],
    title: &str,
    theme: Theme,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    let n = zones.names.len();
    let secs: Vec<f64> = (0..n)
        .map(|i| f64::from(seconds.get(i).copied().unwrap_or(0)))
        .collect();
    let total: f64 = secs.iter().sum();
    frame::render(theme, width, height, |root, pal| {
        if n == 0 || total <= 0.0 {
            return frame::no_data(
                root,
                pal,
                title,
                "Time in each zone appears once activities have data for these zones.",
            );
        }
        draw(root, pal, zones, &secs, total, title)
    })
}

/// "52%"; "<1%" for a zone with a little time, so it does not read as none.
fn percent(share: f64) -> String {
    if share > 0.0 && share < 0.005 {
        "<1%".to_string()
    } else {
        format!("{:.0}%", share * 100.0)
    }
}

fn draw(
    root: &frame::Area,
    pal: &Palette,
    zones: &Zones,
    secs: &[f64],
    total: f64,
    title: &str,
) -> Result<(), ChartError> {
    let (w, h) = root.dim_in_pixel();
    let n = secs.len();
    frame::title(root, pal, title)?;
    let total_label = format!("{} total", frame::hmm(total));
    root.draw(&Text::new(
        total_label.clone(),
        (
            w as i32 - frame::RIGHT_M as i32 - frame::text_w(&total_label, 12),
            10,
        ),
        frame::font(pal, 12).color(&pal.axis),
    ))?;
    let names_w = zones
        .names
        .iter()
        .map(|s| frame::text_w(s, 12))
        .max()
        .unwrap_or(0)
        + 24;
    let value_w = frame::text_w("100% · 10h 00m", 12) + 12;
    let left = names_w;
    let right = w as i32 - frame::RIGHT_M as i32 - value_w;
    let top = TITLE_H as i32 + 6;
    let row = ((h as i32 - top - 8) / n as i32).clamp(12, 44);
    let bar_h = (row * 7 / 10).max(8);
    let span = (right - left).max(20) as f64;
    for (i, (name, &s)) in zones.names.iter().zip(secs).enumerate() {
        let y0 = top + row * i as i32;
        let cy = y0 + row / 2;
        let color = pal.zones[i.min(pal.zones.len() - 1)];
        let share = s / total;
        root.draw(&Text::new(
            name.clone(),
            (names_w - 12, cy),
            frame::font(pal, 12).pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
        // Track behind each bar so empty zones still read as rows; it stands for
        // all the time, so bars are drawn to 100 % (scaled to the largest zone,
        // a 52 % bar filled the track and looked like everything).
        root.draw(&Rectangle::new(
            [(left, cy - bar_h / 2), (right, cy + bar_h / 2)],
            pal.grid.filled(),
        ))?;
        // A zone with any time keeps a visible sliver.
        let len = ((span * share).round() as i32).max(if s > 0.0 { 2 } else { 0 });
        if len > 0 {
            root.draw(&Rectangle::new(
                [(left, cy - bar_h / 2), (left + len, cy + bar_h / 2)],
                color.mix(0.9).filled(),
            ))?;
        }
        root.draw(&Text::new(
            format!("{} · {}", percent(share), frame::hmm(s)),
            (right + 8, cy),
            frame::font(pal, 12).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use paceline_load::zones::coggan_power_zones;

    #[test]
    fn labels_each_zone_with_share_and_time() {
        let z = coggan_power_zones(250.0).unwrap();
        let secs = [600, 3600, 1800, 900, 300, 20, 0];
        assert_eq!(percent(0.004), "<1%");
        assert_eq!(percent(0.0), "0%");
        let svg = time_in_zone(&z, &secs, "Power zones", Theme::Light, 700, 320).unwrap();
        for label in [
            "Power zones",
            "Z1 Active recovery",
            "Z7 Neuromuscular",
            "2h 00m total",
            "50% · 1h 00m",
            "&lt;1% · &lt;1m",
            "0% · 0m",
        ] {
            assert!(svg.contains(label), "missing {label}");
        }
    }

    #[test]
    fn no_time_says_no_data_yet() {
        let z = coggan_power_zones(250.0).unwrap();
        let svg = time_in_zone(&z, &[], "Power zones", Theme::Dark, 700, 320).unwrap();
        assert!(svg.contains("No data yet"));
        let none = Zones {
            names: vec![],
            upper: vec![],
            upper_inclusive: true,
        };
        let svg = time_in_zone(&none, &[5], "HR zones", Theme::Dark, 700, 320).unwrap();
        assert!(svg.contains("No data yet"));
    }
}
