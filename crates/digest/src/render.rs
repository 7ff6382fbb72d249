//! Markdown, HTML and WhatsApp text from minijinja templates compiled in
//! from `templates/`. Numbers are formatted here (see [`crate::format`]) so
//! the templates only lay out strings; HTML auto-escapes everything, Markdown
//! escapes user text with the `md` filter.

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment};
use paceline_types::Units;
use serde::Serialize;

use crate::format as f;
use crate::model::{Amounts, Digest, Rank, Trend};
use crate::DigestError;

const MARKDOWN: &str = include_str!("../templates/digest.md.j2");
const HTML: &str = include_str!("../templates/digest.html.j2");
const WHATSAPP: &str = include_str!("../templates/digest.whatsapp.j2");

/// Leaderboard lines in the WhatsApp text, per board.
const WHATSAPP_TOP: usize = 3;
/// Highlights in the WhatsApp text; the rest are counted.
const WHATSAPP_HIGHLIGHTS: usize = 8;
/// The page formats (Markdown, HTML) list at most this many highlights: a big group's
/// streaks would otherwise bury the week's bests.
const PAGE_HIGHLIGHTS: usize = 20;

#[derive(Serialize)]
struct Row {
    label: String,
    sessions: u32,
    time: String,
    distance: String,
    /// Any distance at all (strength sessions have none).
    has_distance: bool,
    elevation: String,
    load: String,
}

fn row(label: &str, a: &Amounts, units: Units) -> Row {
    Row {
        label: label.to_string(),
        sessions: a.sessions,
        time: f::duration(a.time_s),
        distance: f::distance(a.distance_m, units),
        has_distance: a.distance_m > 0.0,
        elevation: f::elevation(a.elevation_m, units),
        load: f::load(a.load),
    }
}

#[derive(Serialize)]
struct TrendRow {
    label: &'static str,
    this_week: String,
    previous: String,
    change: String,
    /// CSS class: "up", "down" or "".
    direction: &'static str,
}

fn direction(pct: Option<f64>) -> &'static str {
    match pct.map(f64::round) {
        Some(p) if p > 0.0 => "up",
        Some(p) if p < 0.0 => "down",
        _ => "",
    }
}

fn trend_rows(t: &Trend, units: Units) -> Vec<TrendRow> {
    vec![
        TrendRow {
            label: "Time",
            this_week: f::duration(t.time_s.this_week),
            previous: f::duration(t.time_s.previous_mean),
            change: f::change(t.time_s.change_pct),
            direction: direction(t.time_s.change_pct),
        },
        TrendRow {
            label: "Distance",
            this_week: f::distance(t.distance_m.this_week, units),
            previous: f::distance(t.distance_m.previous_mean, units),
            change: f::change(t.distance_m.change_pct),
            direction: direction(t.distance_m.change_pct),
        },
        TrendRow {
            label: "Load",
            this_week: f::load(t.load.this_week),
            previous: f::load(t.load.previous_mean),
            change: f::change(t.load.change_pct),
            direction: direction(t.load.change_pct),
        },
    ]
}

#[derive(Serialize)]
struct BoardRow {
    /// "1", or "=2" when shared.
    rank: String,
    name: String,
    value: String,
    active: bool,
}

#[derive(Serialize)]
struct Board {
    title: &'static str,
    rows: Vec<BoardRow>,
    /// The first lines with training, for short formats.
    top: Vec<BoardRow>,
}

fn board(title: &'static str, ranks: &[Rank], fmt: impl Fn(f64) -> String) -> Board {
    let line = |r: &Rank| BoardRow {
        rank: if r.tied {
            format!("={}", r.rank)
        } else {
            r.rank.to_string()
        },
        name: r.name.clone(),
        value: if r.active {
            fmt(r.value)
        } else {
            "—".to_string()
        },
        active: r.active,
    };
    Board {
        title,
        rows: ranks.iter().map(line).collect(),
        top: ranks
            .iter()
            .filter(|r| r.active)
            .take(WHATSAPP_TOP)
            .map(line)
            .collect(),
    }
}

#[derive(Serialize)]
struct HighlightRow {
    who: String,
    text: String,
}

#[derive(Serialize)]
struct AthleteRow {
    name: String,
    days: u32,
    totals: Row,
    load_change: String,
}

#[derive(Serialize)]
struct SessionRow {
    day: String,
    sport: &'static str,
    name: String,
    time: String,
    distance: String,
    elevation: String,
    load: String,
}

/// Everything a template shows, as strings.
#[derive(Serialize)]
struct View {
    title: String,
    week: String,
    range: String,
    chart_file: Option<String>,
    /// More than one athlete: show the leaderboard and the athletes table.
    group: bool,
    athlete_count: usize,
    /// No session at all this week.
    empty: bool,
    sports: Vec<Row>,
    total: Row,
    days_trained: u32,
    trend: Vec<TrendRow>,
    boards: Vec<Board>,
    highlights: Vec<HighlightRow>,
    /// How many highlights the short format shows, and how many it leaves.
    highlight_limit: usize,
    more_highlights: usize,
    page_limit: usize,
    more_on_page: usize,
    athletes: Vec<AthleteRow>,
    /// The sessions of a one-athlete digest.
    sessions: Vec<SessionRow>,
}

fn view(d: &Digest, units: Units, chart_file: Option<&str>) -> View {
    let lb = &d.leaderboard;
    let sessions = match d.athletes.as_slice() {
        [one] => one
            .sessions
            .iter()
            .map(|s| SessionRow {
                day: f::day(&s.date),
                sport: s.sport.label(),
                name: s.name.clone(),
                time: f::duration(s.duration_s),
                distance: f::distance(s.distance_m, units),
                elevation: f::elevation(s.elevation_m, units),
                load: f::load(s.load),
            })
            .collect(),
        _ => Vec::new(),
    };
    View {
        title: d.title.clone(),
        week: d.week.clone(),
        range: f::range(&d.monday, &d.sunday),
        chart_file: chart_file.map(str::to_string),
        group: d.athletes.len() > 1,
        athlete_count: d.athletes.len(),
        empty: d.group.all.sessions == 0,
        sports: d
            .group
            .by_sport
            .iter()
            .map(|s| row(s.sport.label(), &s.amounts, units))
            .collect(),
        total: row("Total", &d.group.all, units),
        days_trained: d.group.days_trained,
        trend: trend_rows(&d.group_trend, units),
        boards: vec![
            board("Time", &lb.time, f::duration),
            board("Distance", &lb.distance, |v| f::distance(v, units)),
            board("Load", &lb.load, f::load),
            board("Days trained", &lb.consistency, |v| format!("{v:.0}")),
        ],
        highlights: d
            .highlights
            .iter()
            .map(|h| HighlightRow {
                who: h.athlete.clone(),
                text: f::highlight(h, units),
            })
            .collect(),
        highlight_limit: WHATSAPP_HIGHLIGHTS,
        more_highlights: d.highlights.len().saturating_sub(WHATSAPP_HIGHLIGHTS),
        page_limit: PAGE_HIGHLIGHTS,
        more_on_page: d.highlights.len().saturating_sub(PAGE_HIGHLIGHTS),
        athletes: d
            .athletes
            .iter()
            .map(|a| AthleteRow {
                name: a.name.clone(),
                days: a.totals.days_trained,
                totals: row(&a.name, &a.totals.all, units),
                load_change: f::change(a.trend.load.change_pct),
            })
            .collect(),
        sessions,
    }
}

/// Backslash-escapes what Markdown would read as markup (and `|`, which
/// would split a table cell); newlines become spaces.
fn md_escape(s: String) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// WhatsApp has no escape: characters that toggle bold, italics, strike or
/// monospace are dropped from user text, newlines become spaces.
fn wa_escape(s: String) -> String {
    s.chars()
        .filter(|c| !matches!(c, '*' | '_' | '~' | '`'))
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect()
}

fn render(name: &'static str, source: &'static str, v: &View) -> Result<String, DigestError> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html.j2") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    if let Ok(syntax) = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env.add_filter("md", md_escape);
    env.add_filter("wa", wa_escape);
    let err = |e: minijinja::Error| DigestError::Template {
        name,
        message: e.to_string(),
    };
    env.add_template(name, source).map_err(err)?;
    let out = env
        .get_template(name)
        .map_err(err)?
        .render(Serde(v))
        .map_err(err)?;
    Ok(out)
}

/// The digest as Markdown; `chart_file` (a path or URL beside the file) is
/// embedded as an image when given.
pub fn render_markdown(
    d: &Digest,
    units: Units,
    chart_file: Option<&str>,
) -> Result<String, DigestError> {
    render("digest.md.j2", MARKDOWN, &view(d, units, chart_file))
}

/// The digest as a self-contained HTML page (inline CSS, light, prints
/// cleanly); all text is HTML-escaped.
pub fn render_html(
    d: &Digest,
    units: Units,
    chart_file: Option<&str>,
) -> Result<String, DigestError> {
    render("digest.html.j2", HTML, &view(d, units, chart_file))
}

/// A short text for a WhatsApp message: WhatsApp's own formatting (`*bold*`,
/// `_italic_`), no tables or headings: totals, the top of each board and the
/// highlights.
pub fn render_whatsapp(d: &Digest, units: Units) -> Result<String, DigestError> {
    render("digest.whatsapp.j2", WHATSAPP, &view(d, units, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_and_whatsapp_escapes() {
        assert_eq!(md_escape("a|b *c* <x>".into()), r"a\|b \*c\* \<x\>");
        assert_eq!(wa_escape("*Bo_b*\nX".into()), "Bob X");
    }
}
