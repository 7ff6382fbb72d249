//! Errors for unusable input and warnings for salvaged partial decodes.

use std::fmt;

/// The input cannot be read as FIT at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty file")]
    Empty,
    #[error("not a FIT file{}", looks_like.map(|k| format!(" (looks like {k})")).unwrap_or_default())]
    NotFit {
        /// "GPX", "TCX", "XML", "ZIP", "gzip" when recognisable.
        looks_like: Option<&'static str>,
    },
    #[error("FIT header only, no data")]
    HeaderOnly,
    #[error("FIT data is unreadable from byte {at_byte}: {reason}")]
    Unreadable {
        at_byte: usize,
        reason: &'static str,
    },
}

/// Something was wrong but a partial or complete result was still decoded.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// The data ended before the declared size (or the file was cut mid-message).
    Truncated {
        /// Bytes of the file consumed (messages fully decoded up to here).
        at_byte: usize,
        /// Bytes the header(s) declared (header + data + CRC).
        of_bytes: usize,
        /// Records decoded before the cut.
        records_salvaged: usize,
    },
    /// The header's data_size does not fit the file; decoded to the end instead.
    DataSizeMismatch {
        declared: u32,
        actual: u32,
    },
    HeaderCrcMismatch {
        file_offset: usize,
    },
    CrcMismatch {
        file_offset: usize,
        expected: u16,
        computed: u16,
    },
    /// No trailing CRC after the data.
    MissingCrc {
        file_offset: usize,
    },
    /// A data message referenced a local type that was never defined: decoding stopped.
    UndefinedLocalMessage {
        at_byte: usize,
        local: u8,
    },
    /// Corrupt bytes were skipped; decoding resumed at the next plausible message.
    SkippedCorruptBytes {
        from_byte: usize,
        to_byte: usize,
    },
    /// A definition message was malformed: decoding stopped.
    BadDefinition {
        at_byte: usize,
    },
    /// A field's size does not match its base type; it was ignored (reported once per field).
    OddFieldSize {
        mesg_num: u16,
        field_num: u8,
        size: u8,
        base_type: u8,
    },
    /// Developer field data without a matching field_description; ignored.
    UnknownDeveloperField {
        developer_data_index: u8,
        field_number: u8,
    },
    /// Bytes after the last FIT file that are not another FIT file.
    TrailingBytes {
        at_byte: usize,
        count: usize,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Warning::Truncated { at_byte, of_bytes, records_salvaged } => {
                let pct = if of_bytes == 0 { 0.0 } else { at_byte as f64 * 100.0 / of_bytes as f64 };
                write!(f, "truncated after {pct:.0} % (byte {at_byte} of {of_bytes}) — {records_salvaged} records salvaged")?;
                if at_byte > 0 && records_salvaged > 0 && of_bytes > at_byte {
                    let est = (records_salvaged as f64 * of_bytes as f64 / at_byte as f64).round();
                    write!(f, " of about {est}")?;
                }
                Ok(())
            }
            Warning::DataSizeMismatch { declared, actual } => {
                write!(f, "header declares {declared} data bytes but {actual} are present")
            }
            Warning::HeaderCrcMismatch { file_offset } => {
                write!(f, "header CRC mismatch (file at byte {file_offset})")
            }
            Warning::CrcMismatch { file_offset, expected, computed } => write!(
                f,
                "file CRC mismatch (file at byte {file_offset}: stored {expected:#06x}, computed {computed:#06x})"
            ),
            Warning::MissingCrc { file_offset } => {
                write!(f, "file CRC missing (file at byte {file_offset})")
            }
            Warning::UndefinedLocalMessage { at_byte, local } => write!(
                f,
                "undefined local message {local} at byte {at_byte}: stopped, kept what came before"
            ),
            Warning::SkippedCorruptBytes { from_byte, to_byte } => write!(
                f,
                "skipped {} corrupt bytes ({from_byte}..{to_byte}) and resumed",
                to_byte - from_byte
            ),
            Warning::BadDefinition { at_byte } => {
                write!(f, "malformed definition at byte {at_byte}: stopped, kept what came before")
            }
            Warning::OddFieldSize { mesg_num, field_num, size, base_type } => write!(
                f,
                "message {mesg_num} field {field_num}: size {size} does not fit base type {base_type:#04x}; ignored"
            ),
            Warning::UnknownDeveloperField { developer_data_index, field_number } => write!(
                f,
                "developer field {developer_data_index}:{field_number} has no description; ignored"
            ),
            Warning::TrailingBytes { at_byte, count } => {
                write!(f, "{count} trailing bytes after the last FIT file at byte {at_byte}")
            }
        }
    }
}

impl Warning {
    /// True for warnings that mean data may be missing (not just a checksum complaint).
    pub fn is_data_loss(&self) -> bool {
        matches!(
            self,
            Warning::Truncated { .. }
                | Warning::UndefinedLocalMessage { .. }
                | Warning::SkippedCorruptBytes { .. }
                | Warning::BadDefinition { .. }
        )
    }
}

/// Guesses what a non-FIT file is from its first bytes.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Some("ZIP");
    }
    if bytes.starts_with(&[0x1F, 0x8B]) {
        return Some("gzip");
    }
    let head = &bytes[..bytes.len().min(2048)];
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('<') {
        if text.contains("<gpx") {
            return Some("GPX");
        }
        if text.contains("<TrainingCenterDatabase") {
            return Some("TCX");
        }
        return Some("XML");
    }
    if t.starts_with('{') || t.starts_with('[') {
        return Some("JSON");
    }
    None
}
