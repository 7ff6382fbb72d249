//! Colours per theme. Series colours are chosen to stay distinct on both
//! backgrounds and for the common colour-vision deficiencies (no red/green pairs).

use paceline_types::Theme;
use plotters::style::RGBColor;

#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub background: RGBColor,
    pub text: RGBColor,
    pub grid: RGBColor,
    pub axis: RGBColor,
    pub power: RGBColor,
    pub heart_rate: RGBColor,
    pub speed: RGBColor,
    pub cadence: RGBColor,
    pub altitude: RGBColor,
}

impl Palette {
    pub fn for_theme(theme: Theme) -> Palette {
        match theme {
            Theme::Light => Palette {
                background: RGBColor(255, 255, 255),
                text: RGBColor(33, 37, 41),
                grid: RGBColor(233, 236, 239),
                axis: RGBColor(134, 142, 150),
                power: RGBColor(124, 58, 237),
                heart_rate: RGBColor(220, 38, 38),
                speed: RGBColor(37, 99, 235),
                cadence: RGBColor(13, 148, 136),
                altitude: RGBColor(120, 113, 108),
            },
            Theme::Dark => Palette {
                background: RGBColor(24, 26, 31),
                text: RGBColor(222, 226, 230),
                grid: RGBColor(45, 49, 57),
                axis: RGBColor(134, 142, 150),
                power: RGBColor(167, 139, 250),
                heart_rate: RGBColor(248, 113, 113),
                speed: RGBColor(96, 165, 250),
                cadence: RGBColor(45, 212, 191),
                altitude: RGBColor(168, 162, 158),
            },
        }
    }
}
