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
    /// PMC fitness (CTL), fatigue (ATL), form (TSB) and the daily load bars.
    pub fitness: RGBColor,
    pub fatigue: RGBColor,
    pub form: RGBColor,
    pub load: RGBColor,
    /// Form bands, from most rested to most loaded: transition, fresh, neutral,
    /// optimal training, high risk (shaded lightly behind the TSB line).
    pub form_bands: [RGBColor; 5],
    /// Weekly load per sport: bike, run, swim, other.
    pub sports: [RGBColor; 4],
    /// Power curve: best ever, the recent window, the CP model.
    pub best: RGBColor,
    pub recent: RGBColor,
    pub model: RGBColor,
    /// Training zones, easiest first (7; fewer zones take the first ones).
    pub zones: [RGBColor; 7],
    /// HRV (ln rMSSD) points and its 7-day mean; the baseline band; resting HR.
    pub hrv: RGBColor,
    pub hrv_mean: RGBColor,
    pub band: RGBColor,
    pub resting_hr: RGBColor,
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
                fitness: RGBColor(37, 99, 235),
                fatigue: RGBColor(219, 39, 119),
                form: RGBColor(30, 41, 59),
                load: RGBColor(148, 163, 184),
                form_bands: [
                    RGBColor(234, 179, 8),
                    RGBColor(59, 130, 246),
                    RGBColor(148, 163, 184),
                    RGBColor(13, 148, 136),
                    RGBColor(220, 38, 38),
                ],
                sports: [
                    RGBColor(37, 99, 235),
                    RGBColor(234, 88, 12),
                    RGBColor(8, 145, 178),
                    RGBColor(120, 113, 108),
                ],
                best: RGBColor(124, 58, 237),
                recent: RGBColor(234, 88, 12),
                model: RGBColor(71, 85, 105),
                zones: [
                    RGBColor(148, 163, 184),
                    RGBColor(59, 130, 246),
                    RGBColor(16, 185, 129),
                    RGBColor(234, 179, 8),
                    RGBColor(249, 115, 22),
                    RGBColor(220, 38, 38),
                    RGBColor(147, 51, 234),
                ],
                hrv: RGBColor(13, 148, 136),
                hrv_mean: RGBColor(15, 118, 110),
                band: RGBColor(20, 184, 166),
                resting_hr: RGBColor(220, 38, 38),
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
                fitness: RGBColor(96, 165, 250),
                fatigue: RGBColor(244, 114, 182),
                form: RGBColor(241, 245, 249),
                load: RGBColor(100, 116, 139),
                form_bands: [
                    RGBColor(250, 204, 21),
                    RGBColor(96, 165, 250),
                    RGBColor(148, 163, 184),
                    RGBColor(45, 212, 191),
                    RGBColor(248, 113, 113),
                ],
                sports: [
                    RGBColor(96, 165, 250),
                    RGBColor(251, 146, 60),
                    RGBColor(34, 211, 238),
                    RGBColor(168, 162, 158),
                ],
                best: RGBColor(167, 139, 250),
                recent: RGBColor(251, 146, 60),
                model: RGBColor(203, 213, 225),
                zones: [
                    RGBColor(148, 163, 184),
                    RGBColor(96, 165, 250),
                    RGBColor(52, 211, 153),
                    RGBColor(250, 204, 21),
                    RGBColor(251, 146, 60),
                    RGBColor(248, 113, 113),
                    RGBColor(192, 132, 252),
                ],
                hrv: RGBColor(45, 212, 191),
                hrv_mean: RGBColor(153, 246, 228),
                band: RGBColor(45, 212, 191),
                resting_hr: RGBColor(248, 113, 113),
            },
        }
    }
}
