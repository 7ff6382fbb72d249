//! Times a synthetic group digest (compute, three renders, the chart as SVG
//! and PNG) and optionally writes the files:
//! `cargo run --release -p paceline-digest --example synthetic_digest -- [athletes] [years] [out-dir]`.

use std::time::Instant;

use paceline_digest::{chart_rows, compute, render_html, render_markdown, render_whatsapp};
use paceline_types::{Theme, Units};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let athletes: usize = args.next().map_or(Ok(50), |a| a.parse())?;
    let years: u32 = args.next().map_or(Ok(2), |a| a.parse())?;
    let out = args.next();

    let input = paceline_digest::synthetic_input(athletes, years, 42);
    let sessions: usize = input.athletes.iter().map(|a| a.sessions.len()).sum();
    let t = Instant::now();
    let d = compute(&input);
    let computed = t.elapsed();
    let md = render_markdown(&d, Units::Metric, Some("chart.png"))?;
    let html = render_html(&d, Units::Metric, Some("chart.png"))?;
    let wa = render_whatsapp(&d, Units::Metric)?;
    let rendered = t.elapsed();
    let rows = chart_rows(&d);
    let height = paceline_charts::digest_load_height(rows.len());
    let svg = paceline_charts::digest_load_svg(&rows, Theme::Light, 900, height)?;
    let png = paceline_charts::svg_to_png(&svg, 1.0)?;
    let total = t.elapsed();
    println!(
        "{athletes} athletes × {years} years, {sessions} sessions: compute {computed:?}, \
         + render {rendered:?}, + chart (SVG + PNG) {total:?}"
    );
    if let Some(dir) = out {
        std::fs::create_dir_all(&dir)?;
        std::fs::write(format!("{dir}/digest.md"), md)?;
        std::fs::write(format!("{dir}/digest.html"), html)?;
        std::fs::write(format!("{dir}/digest.txt"), wa)?;
        std::fs::write(format!("{dir}/chart.png"), png)?;
        println!("wrote {dir}/digest.{{md,html,txt}} and chart.png");
    }
    Ok(())
}
