//! Fitting the digest into WhatsApp's limits.

/// The longest text message body WhatsApp accepts, in characters.
pub const MAX_TEXT_CHARS: usize = 4096;
/// The longest media caption WhatsApp accepts, in characters.
pub const MAX_CAPTION_CHARS: usize = 1024;

/// Splits `text` into bodies of at most `max_chars` characters, in order: whole lines
/// where they fit (line breaks between lines of a chunk kept), a line longer than
/// `max_chars` cut at character boundaries. Never an empty or whitespace-only chunk;
/// chunks are trimmed of trailing whitespace. `max_chars` 0 counts as 1.
pub fn split_text(text: &str, max_chars: usize) -> Vec<String> {
    let max = max_chars.max(1);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_len = 0usize;
    let mut flush = |cur: &mut String, cur_len: &mut usize| {
        let t = cur.trim_end();
        if !t.trim_start().is_empty() {
            out.push(t.to_string());
        }
        cur.clear();
        *cur_len = 0;
    };
    for line in text.lines() {
        let line = line.trim_end();
        let len = line.chars().count();
        // +1 for the line break that joins it to the chunk
        let need = if cur.is_empty() {
            len
        } else {
            cur_len + 1 + len
        };
        if need <= max {
            if !cur.is_empty() {
                cur.push('\n');
                cur_len += 1;
            }
            cur.push_str(line);
            cur_len += len;
            continue;
        }
        flush(&mut cur, &mut cur_len);
        if len <= max {
            cur.push_str(line);
            cur_len = len;
            continue;
        }
        // one line too long on its own: hard cuts, the rest starts the next chunk
        let chars: Vec<char> = line.chars().collect();
        let mut pieces = chars.chunks(max).peekable();
        while let Some(piece) = pieces.next() {
            let piece: String = piece.iter().collect();
            if pieces.peek().is_some() {
                cur.push_str(&piece);
                flush(&mut cur, &mut cur_len);
            } else {
                cur_len = piece.chars().count();
                cur = piece;
            }
        }
    }
    flush(&mut cur, &mut cur_len);
    out
}

/// `s` cut to at most `max` characters, ending in `…` when cut.
pub(crate) fn truncate_chars(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_chunk() {
        assert_eq!(split_text("a\nb", 10), vec!["a\nb"]);
        assert!(split_text("", 10).is_empty());
        assert!(split_text(" \n\n  ", 10).is_empty());
    }

    #[test]
    fn splits_at_line_boundaries() {
        // "aaaa\nbbbb" is 9 chars: fits 9, not 8
        assert_eq!(split_text("aaaa\nbbbb\ncc", 9), vec!["aaaa\nbbbb", "cc"]);
        assert_eq!(split_text("aaaa\nbbbb\ncc", 8), vec!["aaaa", "bbbb\ncc"]);
    }

    #[test]
    fn hard_splits_a_long_line_on_char_boundaries() {
        // 4 two-byte chars cut after 3; the rest joins the next line (1 + 1 + 1 = 3)
        assert_eq!(split_text("éééé\nx", 3), vec!["ééé", "é\nx"]);
        // with 2, "é\nx" would be 3: separate chunks
        assert_eq!(split_text("ééééé\nx", 2), vec!["éé", "éé", "é", "x"]);
    }

    #[test]
    fn drops_blank_chunks_and_keeps_all_content() {
        let text = "line one\n\n\nline two is longer\n   \nthree";
        let chunks = split_text(text, 12);
        assert!(chunks.iter().all(|c| !c.trim().is_empty()));
        assert!(chunks.iter().all(|c| c.chars().count() <= 12));
        let joined: String = chunks.concat();
        let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(strip(&joined), strip(text));
    }

    #[test]
    fn truncates_captions() {
        assert_eq!(truncate_chars("abc", 3), "abc");
        assert_eq!(truncate_chars("abcd", 3), "ab…");
    }
}
