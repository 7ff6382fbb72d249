//! Which rows of a long list to put in the DOM. Ten years of history is thousands
//! of rows; drawing all of them grew the web process by hundreds of MB, so the list
//! draws the rows in view plus a margin and stands spacers in for the rest.
//! Pure arithmetic, so it is tested on the host.

/// Rows drawn beyond each edge of the view, so a fast scroll or a key repeat never
/// shows a gap before the next frame.
pub const OVERSCAN: usize = 12;

/// The half-open range of row indices to draw, for `len` rows of `row_h` pixels in a
/// view `view_h` pixels tall scrolled `scroll_top` pixels down.
pub fn visible_range(
    len: usize,
    scroll_top: f64,
    view_h: f64,
    row_h: f64,
    overscan: usize,
) -> (usize, usize) {
    if len == 0 {
        return (0, 0);
    }
    // A zero or absurd measurement (a hidden table) must not draw nothing or everything.
    let row_h = if row_h.is_finite() && row_h >= 1.0 {
        row_h
    } else {
        1.0
    };
    let view_h = if view_h.is_finite() {
        view_h.clamp(0.0, 10_000.0)
    } else {
        0.0
    };
    let top = if scroll_top.is_finite() {
        scroll_top.max(0.0)
    } else {
        0.0
    };
    let first = ((top / row_h).floor() as usize).min(len - 1);
    let in_view = (view_h / row_h).ceil() as usize + 1;
    let start = first.saturating_sub(overscan);
    let end = (first + in_view + overscan).min(len);
    (start, end)
}

/// The scroll position that brings row `idx` fully into view, or `None` when it
/// already is. `header_h` is the sticky header's height, which covers the top of the
/// view; rows start below it.
pub fn scroll_to_show(
    idx: usize,
    scroll_top: f64,
    view_h: f64,
    row_h: f64,
    header_h: f64,
) -> Option<f64> {
    let row_top = header_h + idx as f64 * row_h;
    let row_bottom = row_top + row_h;
    if row_top < scroll_top + header_h {
        Some(row_top - header_h)
    } else if row_bottom > scroll_top + view_h {
        Some(row_bottom - view_h)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_the_view_plus_overscan_never_the_whole_history() {
        // 3,000 rows of 40 px in an 800 px view at the top: 21 in view + 12 below.
        assert_eq!(visible_range(3000, 0.0, 800.0, 40.0, 12), (0, 33));
        // Scrolled to row 1,000: 12 above, 21 in view, 12 below.
        assert_eq!(visible_range(3000, 40_000.0, 800.0, 40.0, 12), (988, 1033));
        // At the very end the range stops at the last row.
        assert_eq!(
            visible_range(3000, 3000.0 * 40.0, 800.0, 40.0, 12),
            (2987, 3000)
        );
    }

    #[test]
    fn short_lists_and_bad_measurements_stay_in_bounds() {
        assert_eq!(visible_range(0, 0.0, 800.0, 40.0, 12), (0, 0));
        assert_eq!(visible_range(5, 0.0, 800.0, 40.0, 12), (0, 5));
        // Overscrolled (rubber band) and not-yet-measured rows.
        assert_eq!(visible_range(100, -50.0, 800.0, 40.0, 0), (0, 21));
        let (s, e) = visible_range(100, f64::NAN, f64::INFINITY, 0.0, 12);
        assert!(s <= e && e <= 100);
        // A view of 10,000 px of 1 px rows is capped, not the whole of a huge list.
        assert!(visible_range(1_000_000, 0.0, 1e9, 0.0, 0).1 <= 10_001);
    }

    #[test]
    fn keyboard_moves_scroll_just_enough() {
        // 40 px rows, a 36 px header, a 436 px view: rows 0..=9 are visible at 0.
        assert_eq!(scroll_to_show(0, 0.0, 436.0, 40.0, 36.0), None);
        assert_eq!(scroll_to_show(9, 0.0, 436.0, 40.0, 36.0), None);
        // Row 10 ends at 36 + 440 = 476: scroll down by 40.
        assert_eq!(scroll_to_show(10, 0.0, 436.0, 40.0, 36.0), Some(40.0));
        // Scrolled to 400, row 5 is hidden under the header: its top goes to the header.
        assert_eq!(scroll_to_show(5, 400.0, 436.0, 40.0, 36.0), Some(200.0));
    }
}
