//! Guessing what a file really is from its first bytes, so a misnamed file gets a
//! useful message ("not a FIT file: looks like GPX") instead of a parser error.

/// The kind of content, by magic bytes or the first XML element.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() >= 12 && &bytes[8..12] == b".FIT" {
        return Some("FIT");
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Some("ZIP");
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Some("gzip");
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let text = head.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('<') {
        if text.contains("<gpx") {
            return Some("GPX");
        }
        if text.contains("<trainingcenterdatabase") {
            return Some("TCX");
        }
        return Some("XML");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_common_kinds() {
        assert_eq!(
            sniff(b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT\x00\x00"),
            Some("FIT")
        );
        assert_eq!(
            sniff(b"\xef\xbb\xbf  <?xml version='1.0'?><gpx>"),
            Some("GPX")
        );
        assert_eq!(sniff(b"<?xml?>\n<TrainingCenterDatabase>"), Some("TCX"));
        assert_eq!(sniff(b"PK\x03\x04rest"), Some("ZIP"));
        assert_eq!(sniff(b"hello"), None);
    }
}
