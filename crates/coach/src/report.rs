//! The deep analysis as one self-contained HTML file: inline CSS, each step's text
//! escaped (a model's answer is data, never markup), and the charts as inline SVG
//! drawn by the app. No script, no external resource.

use std::fmt::Write;

/// One step of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportStep {
    pub title: String,
    /// `llm` or `rules`.
    pub source: String,
    pub text: String,
}

/// A chart: an SVG document from the app's chart functions.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportChart {
    pub title: String,
    pub svg: String,
}

/// What the report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    /// A line under the title (athlete, date, status).
    pub subtitle: String,
    pub steps: Vec<ReportStep>,
    pub charts: Vec<ReportChart>,
    /// The proposed plan changes in words, and where to approve them.
    pub proposal: Vec<String>,
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// The SVG element alone (no XML declaration or doctype); `None` for anything that is
/// not a plain SVG document (the charts draw no script, so one that has it is refused).
fn inline_svg(svg: &str) -> Option<&str> {
    let start = svg.find("<svg")?;
    let body = &svg[start..];
    let lower = body.to_ascii_lowercase();
    if lower.contains("<script")
        || lower.contains("javascript:")
        || lower.contains("<foreignobject")
    {
        return None;
    }
    Some(body.trim_end())
}

fn paragraphs(text: &str, o: &mut String) {
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let lines: Vec<String> = para.lines().map(escape).collect();
        let _ = writeln!(o, "<p>{}</p>", lines.join("<br>\n"));
    }
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:920px;\
margin:2rem auto;padding:0 1rem;color:#1d232a;line-height:1.5}h1{margin-bottom:.2rem}\
.sub{color:#5b6570;margin-top:0}section{border-top:1px solid #dde2e7;padding:.6rem 0}\
.src{font-size:.8rem;color:#5b6570;font-weight:normal}figure{margin:1rem 0}\
figure svg{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#5b6570}\
li{margin:.2rem 0}";

/// The report as one HTML document.
pub fn render_html(r: &Report) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{}</title><style>{CSS}</style></head><body>",
        escape(&r.title)
    );
    let _ = writeln!(o, "<h1>{}</h1>", escape(&r.title));
    let _ = writeln!(o, "<p class=\"sub\">{}</p>", escape(&r.subtitle));
    if !r.charts.is_empty() {
        o.push_str("<section><h2>Charts</h2>\n");
        for c in &r.charts {
            if let Some(svg) = inline_svg(&c.svg) {
                let _ = writeln!(
                    o,
                    "<figure>{svg}<figcaption>{}</figcaption></figure>",
                    escape(&c.title)
                );
            }
        }
        o.push_str("</section>\n");
    }
    for (i, s) in r.steps.iter().enumerate() {
        let _ = writeln!(
            o,
            "<section><h2>{}. {} <span class=\"src\">({})</span></h2>",
            i + 1,
            escape(&s.title),
            if s.source == "llm" {
                "written by the coach's model"
            } else {
                "rule-based"
            }
        );
        paragraphs(&s.text, &mut o);
        o.push_str("</section>\n");
    }
    if !r.proposal.is_empty() {
        o.push_str("<section><h2>Proposed plan changes</h2><ul>\n");
        for p in &r.proposal {
            let _ = writeln!(o, "<li>{}</li>", escape(p));
        }
        o.push_str("</ul></section>\n");
    }
    o.push_str("</body></html>\n");
    o
}
