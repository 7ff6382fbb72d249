//! FIT timestamps: seconds since 1989-12-31T00:00:00Z.

/// Unix time of the FIT epoch.
pub const FIT_EPOCH_UNIX: i64 = 631_065_600;

/// Unix seconds to FIT seconds, clamped to the representable range.
pub fn unix_to_fit(unix_secs: i64) -> u32 {
    (unix_secs - FIT_EPOCH_UNIX).clamp(0, i64::from(u32::MAX - 1)) as u32
}

/// FIT seconds to unix seconds.
pub fn fit_to_unix(fit_secs: u32) -> i64 {
    i64::from(fit_secs) + FIT_EPOCH_UNIX
}

/// Degrees to semicircles (2^31 semicircles = 180 degrees).
pub fn deg_to_semicircles(deg: f64) -> i32 {
    (deg * (2_147_483_648.0 / 180.0))
        .round()
        .clamp(-2_147_483_647.0, 2_147_483_647.0) as i32
}

/// Semicircles to degrees.
pub fn semicircles_to_deg(sc: i32) -> f64 {
    f64::from(sc) * (180.0 / 2_147_483_648.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch() {
        assert_eq!(unix_to_fit(631_065_600), 0);
        assert_eq!(fit_to_unix(1_000_000_000), 1_631_065_600);
        assert_eq!(unix_to_fit(0), 0);
    }

    #[test]
    fn semicircles() {
        let sc = deg_to_semicircles(48.8566);
        assert!((semicircles_to_deg(sc) - 48.8566).abs() < 1e-7);
        assert_eq!(deg_to_semicircles(180.0), i32::MAX);
    }
}
