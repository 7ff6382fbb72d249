//! PNG export of any chart SVG, rasterised with resvg using the system fonts.
//!
//! Charts ask for the generic `sans-serif` family. fontdb maps that to Arial
//! by default, which a Linux desktop rarely has, so the first installed face
//! of a list of common sans families takes its place (DejaVu Sans comes with
//! Debian's `fonts-dejavu-core`).

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};

use crate::ChartError;

/// Sans-serif families to try for `sans-serif`, in order.
const SANS: [&str; 8] = [
    "DejaVu Sans",
    "Liberation Sans",
    "Noto Sans",
    "Arial",
    "Helvetica",
    "Segoe UI",
    "Cantarell",
    "Ubuntu",
];

/// Largest PNG side, px (a 4000 px chart at 4×).
const MAX_SIDE: f32 = 16_384.0;

/// The system fonts, loaded once per process (a scan takes tens of ms).
fn fonts() -> &'static Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        let has = |db: &fontdb::Database, name: &str| {
            db.faces()
                .any(|f| f.families.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)))
        };
        let sans = SANS
            .iter()
            .find(|n| has(&db, n))
            .map(|n| n.to_string())
            .or_else(|| {
                let f = db.faces().next()?;
                f.families.first().map(|(n, _)| n.clone())
            });
        if let Some(name) = sans {
            db.set_sans_serif_family(name);
        }
        Arc::new(db)
    })
}

/// Rasterises a chart SVG at `scale` (1.0 = the SVG's own size in px, 2.0 for
/// a sharp image on a high-DPI screen) into PNG bytes.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, ChartError> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(ChartError(format!(
            "the PNG scale must be a positive number, not {scale}"
        )));
    }
    let db = fonts();
    if db.is_empty() {
        return Err(ChartError(
            "no fonts found on this system for the chart text; install a font \
             package such as fonts-dejavu-core (Debian/Ubuntu) and try again"
                .into(),
        ));
    }
    let opt = usvg::Options {
        fontdb: Arc::clone(db),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &opt)
        .map_err(|e| ChartError(format!("the chart SVG could not be read: {e}")))?;
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).round(),
        (size.height() * scale).round(),
    );
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(ChartError(format!(
            "a {w}×{h} px PNG is too large; use a smaller scale"
        )));
    }
    let mut pixmap = Pixmap::new((w as u32).max(1), (h as u32).max(1))
        .ok_or_else(|| ChartError(format!("could not allocate a {w}×{h} px image")))?;
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| ChartError(format!("PNG encoding failed: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use paceline_types::Theme;

    /// Width and height from a PNG's signature and IHDR chunk.
    pub(crate) fn png_size(png: &[u8]) -> (u32, u32) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
        assert_eq!(&png[12..16], b"IHDR");
        let be = |i: usize| u32::from_be_bytes(png[i..i + 4].try_into().unwrap());
        (be(16), be(20))
    }

    fn year_pmc_640x360() -> String {
        crate::pmc_chart(
            &crate::testdata::combined(&[]),
            crate::PmcRange::Year,
            Theme::Light,
            640,
            360,
        )
        .unwrap()
    }

    #[test]
    fn png_has_the_requested_size() {
        let svg = year_pmc_640x360();
        let png = svg_to_png(&svg, 1.0).unwrap();
        assert_eq!(png_size(&png), (640, 360));
        let png = svg_to_png(&svg, 2.0).unwrap();
        assert_eq!(png_size(&png), (1280, 720));
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(svg_to_png("not svg", 1.0).is_err());
        let svg = year_pmc_640x360();
        assert!(svg_to_png(&svg, 0.0).is_err());
        assert!(svg_to_png(&svg, f32::NAN).is_err());
        assert!(svg_to_png(&svg, 100.0).is_err());
    }
}
