//! Screenshots of the test's own Xvfb display, read over the X11 protocol.
//!
//! Not WebDriver's: with WebKit drawing on the CPU (the default without a GPU, as on
//! Xvfb) WebKitWebDriver 2.50's screenshot never answers once the page has changed
//! after the first one (reproduced with curl against tauri-driver: the second
//! screenshot hangs, in every mode without compositing). The display shows what a
//! user sees anyway, the window's frame and any popup included.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{ConnectionExt, ImageFormat};

/// Which display each WebDriver session's app runs on.
static DISPLAYS: Mutex<Option<HashMap<String, String>>> = Mutex::new(None);

pub fn register(session: &str, display: &str) {
    let mut map = DISPLAYS.lock().unwrap();
    map.get_or_insert_with(HashMap::new)
        .insert(session.to_string(), display.to_string());
}

pub fn display_of(session: &str) -> Option<String> {
    DISPLAYS.lock().unwrap().as_ref()?.get(session).cloned()
}

/// Writes the whole screen of `display` to `path` as an RGB PNG.
pub fn capture(display: &str, path: &Path) -> Result<(), String> {
    let (conn, screen) = x11rb::connect(Some(display)).map_err(|e| format!("{display}: {e}"))?;
    let root = &conn.setup().roots[screen];
    let (w, h) = (root.width_in_pixels, root.height_in_pixels);
    let image = conn
        .get_image(ImageFormat::Z_PIXMAP, root.root, 0, 0, w, h, !0)
        .map_err(|e| e.to_string())?
        .reply()
        .map_err(|e| e.to_string())?;
    // 24-bit depth comes as 32 bits per pixel, little-endian BGRX.
    let (w, h) = (usize::from(w), usize::from(h));
    if image.data.len() < w * h * 4 {
        return Err(format!("{} bytes for {w}×{h}", image.data.len()));
    }
    let rgb: Vec<u8> = image.data[..w * h * 4]
        .chunks_exact(4)
        .flat_map(|p| [p[2], p[1], p[0]])
        .collect();
    let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), w as u32, h as u32);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&rgb).map_err(|e| e.to_string())
}
