//! What GPX and TCX share: a forgiving XML walk (BOM, whitespace before the
//! declaration, truncation), ISO-8601 times, and great-circle distance.
//!
//! The walk reports each element's open (with attributes) and close (with its text)
//! by *local* name, so `gpxtpx:hr`, `ns3:hr` and `hr` are the same thing: exporters
//! pick arbitrary namespace prefixes.

use quick_xml::events::Event;
use quick_xml::Reader;

/// Why a walk stopped early; the formats salvage what came before when they can.
#[derive(Debug)]
pub(crate) struct XmlError {
    pub reason: String,
    /// The input ended inside an element (a cut-off download or copy).
    pub truncated: bool,
}

pub(crate) trait Handler {
    /// `path` is the stack of local names, the opened element last.
    fn open(&mut self, path: &[String], attrs: &[(String, String)]);
    /// `path` still ends with the closing element; `text` is its direct text, trimmed.
    fn close(&mut self, path: &[String], text: &str);
}

/// The document as text: BOM and leading whitespace dropped (both occur in the wild
/// and strict parsers reject them), invalid UTF-8 replaced rather than refused.
pub(crate) fn prepare(bytes: &[u8]) -> String {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(b);
    text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
        .to_string()
}

pub(crate) fn walk(text: &str, h: &mut impl Handler) -> Result<(), XmlError> {
    let mut r = Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut buf = String::new();
    let local = |name: &str| name.to_string();
    loop {
        let ev = r.read_event().map_err(|e| XmlError {
            reason: format!("{e} (at byte {})", r.error_position()),
            truncated: false,
        })?;
        match ev {
            Event::Start(e) => {
                path.push(local(e.local_name().as_ref()));
                buf.clear();
                h.open(&path, &attrs(&e));
            }
            Event::Empty(e) => {
                path.push(local(e.local_name().as_ref()));
                h.open(&path, &attrs(&e));
                h.close(&path, "");
                path.pop();
                buf.clear();
            }
            Event::End(_) => {
                h.close(&path, buf.trim());
                buf.clear();
                path.pop();
            }
            Event::Text(t) => buf.push_str(&t.xml10_content()),
            Event::CData(t) => buf.push_str(&t.xml10_content()),
            Event::GeneralRef(g) => {
                if let Ok(Some(c)) = g.resolve_char_ref() {
                    buf.push(c);
                } else {
                    buf.push_str(match g.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::Eof => {
                return if path.is_empty() {
                    Ok(())
                } else {
                    Err(XmlError {
                        reason: format!("the file ends inside <{}> (cut off)", path.join("/")),
                        truncated: true,
                    })
                };
            }
            _ => {}
        }
    }
}

fn attrs(e: &quick_xml::events::BytesStart<'_>) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .map(|a| {
            let key = a.key.local_name().as_ref().to_string();
            let val = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string());
            (key, val)
        })
        .collect()
}

pub(crate) fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.as_str())
}

/// A finite number, or `None` for empty/garbage text.
pub(crate) fn num(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

/// ISO-8601 date-time to unix seconds: `2019-04-18T14:12:19.000Z`,
/// `2013-01-01T12:00:00` (no zone: taken as UTC), `…+02:00`, `…+0200`.
pub(crate) fn parse_time(s: &str) -> Option<f64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (n(0..4)?, n(5..7)?, n(8..10)?);
    let (hh, mm, ss) = (n(11..13)?, n(14..16)?, n(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let mut rest = &s[19..];
    let mut frac = 0.0;
    if let Some(r) = rest.strip_prefix(['.', ',']) {
        let digits = r.chars().take_while(char::is_ascii_digit).count();
        frac = format!("0.{}", &r[..digits]).parse().unwrap_or(0.0);
        rest = &r[digits..];
    }
    let offset = match rest {
        "" | "Z" | "z" => 0,
        z => {
            let sign = match z.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: String = z[1..].chars().filter(char::is_ascii_digit).collect();
            if digits.len() != 4 && digits.len() != 2 {
                return None;
            }
            let h: i64 = digits[..2].parse().ok()?;
            let m: i64 = digits
                .get(2..)
                .filter(|x| !x.is_empty())
                .map_or(Some(0), |x| x.parse().ok())?;
            sign * (h * 3600 + m * 60)
        }
    };
    let days = days_from_civil(y, mo, d);
    Some((days * 86_400 + hh * 3600 + mm * 60 + ss - offset) as f64 + frac)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Great-circle distance in metres (mean Earth radius; within 0.5 % of the ellipsoid).
pub fn haversine_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const R: f64 = 6_371_008.8;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * R * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(parse_time("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(
            parse_time("2019-04-18T14:12:19.500Z"),
            Some(1_555_596_739.5)
        );
        assert_eq!(parse_time("2013-01-01T12:00:00"), Some(1_357_041_600.0));
        assert_eq!(
            parse_time("2013-01-01T14:00:00+02:00"),
            Some(1_357_041_600.0)
        );
        assert_eq!(
            parse_time("2013-01-01T07:00:00-0500"),
            Some(1_357_041_600.0)
        );
        assert_eq!(parse_time("yesterday"), None);
        assert_eq!(parse_time("2013-13-01T07:00:00Z"), None);
    }

    #[test]
    fn distance() {
        // One degree of latitude is ~111.2 km.
        let d = haversine_m(0.0, 0.0, 1.0, 0.0);
        assert!((d - 111_195.0).abs() < 10.0, "{d}");
    }

    #[test]
    fn prepare_drops_bom_and_leading_space() {
        assert_eq!(prepare(b"\xEF\xBB\xBF \n <?xml?><a/>"), "<?xml?><a/>");
    }
}
