//! Charts as self-contained SVG documents, drawn with plotters.
//!
//! SVG keeps text crisp at any zoom and needs no font files at render time; the
//! colours come from a [`Palette`] per theme so every chart reads in light and dark.

mod streams;
mod theme;

pub use streams::activity_streams;
pub use theme::Palette;

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
