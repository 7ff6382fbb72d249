//! Charts as image files, for the CLI's `chart --out x.png` (the window shows the SVG).

use crate::{AppError, Result};

/// Rasterises a chart's SVG at `scale` (2.0 for a sharp image on a high-DPI
/// screen) into PNG bytes. Fails with what to install when the system has no fonts.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>> {
    paceline_charts::svg_to_png(svg, scale).map_err(|e| AppError::Internal(e.to_string()))
}
