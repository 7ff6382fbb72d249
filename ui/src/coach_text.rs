//! The coach's words and small form rules, pure so they are tested on the host:
//! money and token counts, budget caps from the form, a provider's line, the fallback
//! order after a move, a line diff of two prompt versions, suggestion lines.

use paceline_types::{CoachProvider, CoachSuggestion};

/// What the chat says when no model is configured.
pub const NO_PROVIDER: &str = "No model is configured yet. Add a model in Settings › Coach.";

/// Spend shown by Settings › Coach, in days.
pub const SPEND_DAYS: u32 = 30;

/// USD: cents for a dollar or more, four decimals below (a call often costs $0.0012).
pub fn usd(x: f64) -> String {
    if x.abs() >= 1.0 || x == 0.0 {
        format!("${x:.2}")
    } else {
        format!("${x:.4}")
    }
}

/// Token counts: `950`, `12.3k`, `1.20M`.
pub fn tokens(n: u64) -> String {
    match n {
        0..=999 => n.to_string(),
        1_000..=999_999 => format!("{:.1}k", n as f64 / 1e3),
        _ => format!("{:.2}M", n as f64 / 1e6),
    }
}

/// A budget cap as typed: empty is no cap, 0 refuses paid calls, otherwise USD ≥ 0
/// (a leading `$` and a decimal comma are accepted).
pub fn parse_cap(what: &str, s: &str) -> Result<Option<f64>, String> {
    let t = s.trim().trim_start_matches('$').trim().replace(',', ".");
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
        _ => Err(format!(
            "The {what} budget is an amount in USD (0 refuses paid calls; empty: no cap), not “{}”.",
            s.trim()
        )),
    }
}

/// A cap for the form's input: empty when there is none.
pub fn cap_input(v: Option<f64>) -> String {
    v.map(|x| {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    })
    .map(|s| if s.is_empty() { "0".into() } else { s })
    .unwrap_or_default()
}

/// A price per million tokens as typed: empty is the default price.
pub fn parse_price(what: &str, s: &str) -> Result<Option<f64>, String> {
    parse_cap(what, s).map_err(|_| {
        format!(
            "The {what} price is USD per million tokens (empty: the default), not “{}”.",
            s.trim()
        )
    })
}

/// The API's address when the form leaves it empty.
pub fn default_base_url(kind: &str) -> &'static str {
    match kind {
        "anthropic" => "https://api.anthropic.com",
        "ollama" => "http://localhost:11434",
        _ => "https://api.openai.com/v1",
    }
}

/// `$0.15 in · $0.60 out per Mtok (set)`.
pub fn price_line(p: &CoachProvider) -> String {
    let source = match p.price_source.as_str() {
        "table" => "set",
        "local" => "local, free",
        "default" => "default",
        other => other,
    };
    format!(
        "${:.2} in · ${:.2} out per Mtok ({source})",
        p.price_in, p.price_out
    )
}

/// The order after moving entry `i` one place up (`up`) or down; `None` when it cannot move.
pub fn moved(names: &[String], i: usize, up: bool) -> Option<Vec<String>> {
    let j = if up { i.checked_sub(1)? } else { i + 1 };
    if i >= names.len() || j >= names.len() {
        return None;
    }
    let mut out = names.to_vec();
    out.swap(i, j);
    Some(out)
}

/// One line of a diff between two texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffLine {
    Same(String),
    /// Only in the old text.
    Removed(String),
    /// Only in the new text.
    Added(String),
}

/// Longest texts compared line by line (a prompt is a few dozen lines).
const MAX_DIFF_LINES: usize = 2_000;

/// A line diff (longest common subsequence) from `old` to `new`.
pub fn line_diff(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().take(MAX_DIFF_LINES).collect();
    let b: Vec<&str> = new.lines().take(MAX_DIFF_LINES).collect();
    // lcs[i][j]: the common length of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push(DiffLine::Same(a[i].into()));
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            out.push(DiffLine::Removed(a[i].into()));
            i += 1;
        } else {
            out.push(DiffLine::Added(b[j].into()));
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(|l| DiffLine::Removed((*l).into())));
    out.extend(b[j..].iter().map(|l| DiffLine::Added((*l).into())));
    out
}

/// `3 lines added, 1 removed`, or `No difference`.
pub fn diff_summary(d: &[DiffLine]) -> String {
    let added = d.iter().filter(|l| matches!(l, DiffLine::Added(_))).count();
    let removed = d
        .iter()
        .filter(|l| matches!(l, DiffLine::Removed(_)))
        .count();
    if added + removed == 0 {
        return "No difference".into();
    }
    let lines = |n: usize| if n == 1 { "line" } else { "lines" };
    format!("{added} {} added, {removed} removed", lines(added))
}

/// `Pending · by the model` (what the suggestion is and where it came from).
pub fn suggestion_status(s: &CoachSuggestion) -> String {
    let status = match s.status.as_str() {
        "pending" => "Pending".to_string(),
        "approved" => match s.plan_version {
            Some(v) => format!("Approved · plan version {v}"),
            None => "Approved".into(),
        },
        "rejected" => "Rejected".into(),
        other => other.to_string(),
    };
    let by = if s.source == "llm" {
        "by the model"
    } else {
        "by rule"
    };
    format!("{status} · {by}")
}

/// What the window says after an approval.
pub fn approved_line(id: i64, version: u32) -> String {
    format!("Suggestion #{id} approved: the plan is now version {version}.")
}

/// What the window says after the coach wrote a plan.
pub fn llm_plan_line(version: u32, workouts: u32, repaired: bool, cost: f64) -> String {
    format!(
        "The coach's plan is saved as version {version}: {workouts} workouts{}, {}.",
        if repaired {
            " (after one repair round)"
        } else {
            ""
        },
        usd(cost)
    )
}

/// An error message split into its lines (the checker's reasons arrive as `- …`).
pub fn reason_lines(message: &str) -> (String, Vec<String>) {
    let mut lines = message.lines();
    let head = lines.next().unwrap_or_default().trim().to_string();
    let reasons = lines
        .map(|l| l.trim().trim_start_matches("- ").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    (head, reasons)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(source: &str) -> CoachProvider {
        CoachProvider {
            name: "openrouter".into(),
            kind: "openai".into(),
            base_url: "https://openrouter.ai/api/v1".into(),
            model: "gpt-4o-mini".into(),
            position: 0,
            has_key: true,
            local: false,
            price_in: 0.15,
            price_out: 0.6,
            price_source: source.into(),
        }
    }

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn money_and_tokens_read_short() {
        assert_eq!(usd(0.0), "$0.00");
        assert_eq!(usd(0.00123), "$0.0012");
        assert_eq!(usd(2.5), "$2.50");
        assert_eq!(tokens(950), "950");
        assert_eq!(tokens(12_345), "12.3k");
        assert_eq!(tokens(1_200_000), "1.20M");
    }

    #[test]
    fn caps_empty_zero_and_amounts() {
        assert_eq!(parse_cap("daily", "  "), Ok(None));
        assert_eq!(parse_cap("daily", "0"), Ok(Some(0.0)));
        assert_eq!(parse_cap("daily", "$1,50"), Ok(Some(1.5)));
        assert!(parse_cap("weekly", "-1").unwrap_err().contains("weekly"));
        assert!(parse_cap("weekly", "lots").is_err());
        assert!(parse_price("input", "abc")
            .unwrap_err()
            .contains("per million"));
        assert_eq!(cap_input(None), "");
        assert_eq!(cap_input(Some(0.0)), "0");
        assert_eq!(cap_input(Some(1.5)), "1.5");
        assert_eq!(cap_input(Some(20.0)), "20");
    }

    #[test]
    fn a_price_line_names_its_source() {
        assert_eq!(
            price_line(&provider("table")),
            "$0.15 in · $0.60 out per Mtok (set)"
        );
        assert!(price_line(&provider("local")).ends_with("(local, free)"));
    }

    #[test]
    fn an_empty_url_is_the_kind_default() {
        assert_eq!(default_base_url("anthropic"), "https://api.anthropic.com");
        assert_eq!(default_base_url("openai"), "https://api.openai.com/v1");
    }

    #[test]
    fn moving_stays_inside_the_list() {
        let n = names(&["a", "b", "c"]);
        assert_eq!(moved(&n, 1, true), Some(names(&["b", "a", "c"])));
        assert_eq!(moved(&n, 1, false), Some(names(&["a", "c", "b"])));
        assert_eq!(moved(&n, 0, true), None);
        assert_eq!(moved(&n, 2, false), None);
        assert_eq!(moved(&n, 5, true), None);
    }

    #[test]
    fn the_line_diff_keeps_the_common_lines() {
        let d = line_diff("a\nb\nc", "a\nx\nc\nd");
        assert_eq!(
            d,
            vec![
                DiffLine::Same("a".into()),
                DiffLine::Removed("b".into()),
                DiffLine::Added("x".into()),
                DiffLine::Same("c".into()),
                DiffLine::Added("d".into()),
            ]
        );
        assert_eq!(diff_summary(&d), "2 lines added, 1 removed");
        assert_eq!(diff_summary(&line_diff("same", "same")), "No difference");
        assert_eq!(line_diff("", "only"), vec![DiffLine::Added("only".into())]);
    }

    #[test]
    fn suggestion_lines_say_status_and_source() {
        let mut s = CoachSuggestion {
            id: 4,
            created_utc: 0,
            activity_id: Some(1),
            source: "llm".into(),
            analysis: "Harder than planned.".into(),
            change_lines: vec![],
            status: "pending".into(),
            plan_version: None,
        };
        assert_eq!(suggestion_status(&s), "Pending · by the model");
        s.status = "approved".into();
        s.plan_version = Some(3);
        s.source = "rules".into();
        assert_eq!(suggestion_status(&s), "Approved · plan version 3 · by rule");
        assert_eq!(
            approved_line(4, 3),
            "Suggestion #4 approved: the plan is now version 3."
        );
        assert_eq!(
            llm_plan_line(5, 40, true, 0.0123),
            "The coach's plan is saved as version 5: 40 workouts (after one repair round), $0.0123."
        );
    }

    #[test]
    fn reasons_come_out_of_the_message() {
        let (head, r) = reason_lines(
            "the coach's plan still fails; nothing was saved:\n- too many hours\n- no taper",
        );
        assert_eq!(head, "the coach's plan still fails; nothing was saved:");
        assert_eq!(r, vec!["too many hours", "no taper"]);
        assert_eq!(reason_lines("plain").1, Vec::<String>::new());
    }
}
