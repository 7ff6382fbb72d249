//! Charts as self-contained SVG documents, drawn with plotters.
//!
//! SVG keeps text crisp at any zoom and needs no font files at render time; the
//! colours come from a [`Palette`] per theme so every chart reads in light and dark.

mod streams;
mod theme;

mod digest;
mod frame;
#[cfg(test)]
mod gallery;
mod hrv;
mod logbook;
mod pmc;
mod png;
mod power_curve;
mod route;
#[cfg(test)]
mod testdata;
mod weekly;
mod zones;

pub use streams::{activity_streams, activity_streams_by_distance, StreamOverlays};
pub use theme::Palette;

pub use digest::{digest_load_height, digest_load_svg};
pub use frame::{format_day, format_month};
pub use hrv::hrv_trend;
pub use logbook::{body_weight, e1rm_progress, muscle_volume, E1rmDay, WeekVolume, WeightDay};
pub use pmc::{pmc_chart, PmcRange};
pub use png::svg_to_png;
pub use power_curve::{power_curve, PowerCurves};
pub use route::{route_outline, route_profile};
pub use weekly::weekly_load;
pub use zones::time_in_zone;

/// Drawing failed (plotters reports backend errors as text).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartError(pub String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not draw the chart: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>>
    for ChartError
{
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}
