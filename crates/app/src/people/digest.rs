//! Generating a digest: the members' sessions up to the week's Sunday gathered from the
//! vault (their local days), computed and rendered by `paceline-digest`, the chart drawn
//! by `paceline-charts`, and a group's digest stored with the athletes it names.

use std::sync::Arc;

use base64::Engine as _;
use paceline_digest::{AthleteHistory, Digest, DigestInput, IsoWeek, Session};
use paceline_store::{DigestRow, NewDigest};
use paceline_types::date::{civil_from_days, days_from_civil};
use paceline_types::{AthleteId, DigestView, JobId, JobPayload, Theme, Units};

use super::invalid;
use crate::{App, AppError, AthleteScope, Result};

/// The largest UTC offset in use (+14:00): a session that starts before the next
/// Monday 00:00 UTC plus this may still be on the week's Sunday locally.
const MAX_OFFSET_S: i64 = 14 * 3600;

fn date_of_day(day: i64) -> Result<jiff::civil::Date> {
    let (y, m, d) = civil_from_days(day);
    jiff::civil::Date::new(y as i16, m as i8, d as i8)
        .map_err(|e| AppError::Internal(format!("day {day} out of range: {e}")))
}

fn day_of_date(d: jiff::civil::Date) -> i64 {
    days_from_civil(
        i64::from(d.year()),
        d.month().unsigned_abs().into(),
        d.day().unsigned_abs().into(),
    )
}

/// Reads `2026-W48`; a bad week is an error that says how to write one.
pub fn parse_week(text: &str) -> Result<IsoWeek> {
    text.trim()
        .parse::<IsoWeek>()
        .map_err(|e| invalid(e.to_string()))
}

/// The last full ISO week before day `today`.
fn last_full_week(today: i64) -> Result<IsoWeek> {
    Ok(IsoWeek::containing(date_of_day(today)?).previous())
}

/// One athlete's sessions up to the end of `week`, with their local days.
fn history(app: &App, athlete: AthleteId, week: &IsoWeek) -> Result<AthleteHistory> {
    let name = app.store.athlete(athlete)?.name;
    let sunday = day_of_date(week.sunday());
    let to_utc = (sunday + 1) * 86_400 + MAX_OFFSET_S;
    let sessions = app
        .store
        .digest_sessions(athlete, to_utc)?
        .into_iter()
        .filter_map(|r| {
            let day = (r.start_utc + i64::from(r.utc_offset_s)).div_euclid(86_400);
            if day > sunday {
                return None;
            }
            Some(Session {
                activity_id: r.activity_id,
                date: date_of_day(day).ok()?,
                sport: r.sport,
                name: r.name,
                duration_s: r.active_s,
                distance_m: r.distance_m.unwrap_or(0.0),
                elevation_m: r.ascent_m.unwrap_or(0.0),
                load: r.load.unwrap_or(0.0),
                power_curve: r.curve,
            })
        })
        .collect();
    Ok(AthleteHistory {
        athlete_id: athlete,
        name,
        sessions,
    })
}

/// A digest's three text forms and its chart.
pub(crate) struct Rendered {
    pub digest: Digest,
    pub markdown: String,
    pub html: String,
    pub whatsapp: String,
    pub png: Option<Vec<u8>>,
}

/// The chart of a digest, as PNG (none when nobody trained).
fn chart_png(d: &Digest) -> Result<Option<Vec<u8>>> {
    let rows = paceline_digest::chart_rows(d);
    if rows.is_empty() {
        return Ok(None);
    }
    let height = paceline_charts::digest_load_height(rows.len());
    let svg = paceline_charts::digest_load_svg(&rows, Theme::Light, 900, height)
        .map_err(|e| AppError::Internal(format!("digest chart: {e}")))?;
    let png = paceline_charts::svg_to_png(&svg, 1.5)
        .map_err(|e| AppError::Internal(format!("digest chart: {e}")))?;
    Ok(Some(png))
}

/// The chart's file name beside the Markdown and HTML files.
pub(crate) fn chart_file(title: &str, week: &str) -> String {
    format!("{}.png", file_stem(title, week))
}

/// `digest-club-2026-W48`: a file name safe on every OS.
pub(crate) fn file_stem(title: &str, week: &str) -> String {
    let slug: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let slug: String = slug.chars().take(40).collect();
    if slug.is_empty() {
        format!("digest-{week}")
    } else {
        format!("digest-{slug}-{week}")
    }
}

fn render(input: &DigestInput, units: Units) -> Result<Rendered> {
    let digest = paceline_digest::compute(input);
    let chart = chart_file(&digest.title, &digest.week);
    let err = |e: paceline_digest::DigestError| AppError::Internal(format!("digest: {e}"));
    let png = chart_png(&digest)?;
    let file = png.as_ref().map(|_| chart.as_str());
    Ok(Rendered {
        markdown: paceline_digest::render_markdown(&digest, units, file).map_err(err)?,
        html: paceline_digest::render_html(&digest, units, file).map_err(err)?,
        whatsapp: paceline_digest::render_whatsapp(&digest, units).map_err(err)?,
        png,
        digest,
    })
}

/// The chart as base64 and the page with it inline, for the window (the stored and saved
/// page names the PNG file beside it instead).
fn inline_page(d: &Digest, units: Units, png: Option<&[u8]>) -> Result<(String, String)> {
    let png_base64 = png
        .map(|p| base64::engine::general_purpose::STANDARD.encode(p))
        .unwrap_or_default();
    let inline = (!png_base64.is_empty()).then(|| format!("data:image/png;base64,{png_base64}"));
    let html = paceline_digest::render_html(d, units, inline.as_deref())
        .map_err(|e| AppError::Internal(format!("digest: {e}")))?;
    Ok((png_base64, html))
}

impl App {
    /// The week a group's digest covers by default: the last full week in its zone.
    fn group_week(&self, tz: &str) -> Result<IsoWeek> {
        let today = paceline_jobs::local_day(self.now(), tz)
            .map_err(|e| invalid(format!("group time zone: {e}")))?;
        last_full_week(today.into())
    }

    /// Generates (or regenerates) the group's digest for `week` (`2026-W48`; default
    /// the last full week in the group's zone) and stores it; its delivery log stays.
    pub fn generate_group_digest(&self, group: i64, week: Option<&str>) -> Result<DigestView> {
        let g = self.store.group(group)?;
        let week = match week {
            Some(w) => parse_week(w)?,
            None => self.group_week(&g.tz)?,
        };
        if g.members.is_empty() {
            return Err(invalid(format!(
                "the group “{}” has no members yet; add athletes to it first",
                g.name
            )));
        }
        let athletes = g
            .members
            .iter()
            .map(|a| history(self, *a, &week))
            .collect::<Result<Vec<_>>>()?;
        let input = DigestInput {
            title: g.name.clone(),
            week,
            athletes,
        };
        let r = render(&input, self.units()?)?;
        let json = serde_json::to_string(&r.digest)
            .map_err(|e| AppError::Internal(format!("digest: {e}")))?;
        let id = self.store.put_digest(
            &NewDigest {
                group_id: group,
                week: &r.digest.week,
                json: &json,
                markdown: &r.markdown,
                html: &r.html,
                whatsapp: &r.whatsapp,
                png: r.png.as_deref(),
                athletes: &g.members,
            },
            self.now(),
        )?;
        tracing::info!(group, digest = id, week = %r.digest.week, "digest generated");
        self.digest(id)
    }

    /// The group's stored digest of `week` (default: the newest), if any.
    pub fn group_digest(&self, group: i64, week: Option<&str>) -> Result<Option<DigestView>> {
        self.store.group(group)?;
        let row = match week {
            Some(w) => {
                let w = parse_week(w)?.to_string();
                self.store.digest_of_week(group, &w)?
            }
            None => match self.store.digests(group)?.first() {
                Some((id, _, _)) => Some(self.store.digest(*id)?),
                None => None,
            },
        };
        row.map(|r| self.view(r)).transpose()
    }

    /// A stored digest, ready to show.
    pub fn digest(&self, id: i64) -> Result<DigestView> {
        let row = self.store.digest(id)?;
        self.view(row)
    }

    fn view(&self, row: DigestRow) -> Result<DigestView> {
        let digest: Digest = serde_json::from_str(&row.json)
            .map_err(|e| AppError::Internal(format!("stored digest {}: {e}", row.id)))?;
        let (png_base64, html) = inline_page(&digest, self.units()?, row.png.as_deref())?;
        let deliveries = self
            .store
            .deliveries(row.id)?
            .into_iter()
            .map(super::deliver::delivery_info)
            .collect();
        Ok(DigestView {
            id: row.id,
            group_id: Some(row.group_id),
            title: digest.title.clone(),
            week: row.week,
            monday: digest.monday.clone(),
            sunday: digest.sunday.clone(),
            created_utc: row.created_utc,
            markdown: row.markdown,
            html,
            whatsapp: row.whatsapp,
            png_base64,
            deliveries,
        })
    }

    /// Generates the group's digest as a job (the window's "Generate"), and sends it
    /// to WhatsApp when `send` and WhatsApp is configured.
    pub fn start_group_digest(
        self: &Arc<Self>,
        group: i64,
        week: Option<String>,
        send: bool,
    ) -> Result<JobId> {
        self.store.group(group)?;
        if let Some(w) = &week {
            parse_week(w)?;
        }
        let app = self.clone();
        let id = self
            .jobs
            .inner()
            .start(paceline_types::kind::DIGEST, None, move |ctx| {
                crate::jobs::recorded(&app, ctx, || {
                    let view = app
                        .generate_group_digest(group, week.as_deref())
                        .map_err(|e| e.to_string())?;
                    let (delivery, error) = if send && app.whatsapp_configured() {
                        match app.send_digest(view.id, false) {
                            Ok(d) => (Some(d.status), d.error),
                            Err(e) => (Some("failed".to_string()), Some(e.to_string())),
                        }
                    } else {
                        (None, None)
                    };
                    Ok(JobPayload::Digest {
                        group_id: group,
                        digest_id: view.id,
                        week: view.week,
                        delivery,
                        error,
                    })
                })
            })
            .map_err(crate::jobs::busy)?;
        Ok(id.0)
    }

    /// What the scheduler starts: the last full week's digest, sent when configured.
    pub(crate) fn start_scheduled_digest(self: &Arc<Self>, group: i64) -> Result<JobId> {
        self.start_group_digest(group, None, true)
    }
}

impl AthleteScope<'_> {
    /// The athlete's own digest of `week` (default: their last full week); not stored.
    pub fn digest(&self, week: Option<&str>) -> Result<DigestView> {
        let r = self.digest_files(week)?;
        let (png_base64, html) = inline_page(&r.digest, self.app.units()?, r.png.as_deref())?;
        Ok(DigestView {
            id: 0,
            group_id: None,
            title: r.digest.title.clone(),
            week: r.digest.week.clone(),
            monday: r.digest.monday.clone(),
            sunday: r.digest.sunday.clone(),
            created_utc: self.app.now(),
            markdown: r.markdown,
            html,
            whatsapp: r.whatsapp,
            png_base64,
            deliveries: Vec::new(),
        })
    }

    /// The athlete's digest, rendered.
    pub(crate) fn digest_files(&self, week: Option<&str>) -> Result<Rendered> {
        let week = match week {
            Some(w) => parse_week(w)?,
            None => last_full_week(self.today()?.into())?,
        };
        let input = DigestInput {
            title: self.store.athlete(self.athlete_id)?.name,
            athletes: vec![history(self.app, self.athlete_id, &week)?],
            week,
        };
        render(&input, self.app.units()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_are_safe_and_short() {
        assert_eq!(
            file_stem("Club Ouest", "2026-W48"),
            "digest-club-ouest-2026-W48"
        );
        assert_eq!(file_stem("../../etc", "2026-W01"), "digest-etc-2026-W01");
        assert_eq!(file_stem("///", "2026-W01"), "digest-2026-W01");
        assert!(file_stem(&"x".repeat(300), "2026-W01").len() < 60);
    }

    #[test]
    fn the_last_full_week_of_a_monday_is_the_week_before() {
        // 2026-11-30 is a Monday of 2026-W49.
        let monday = days_from_civil(2026, 11, 30);
        assert_eq!(last_full_week(monday).unwrap().to_string(), "2026-W48");
        assert_eq!(last_full_week(monday - 1).unwrap().to_string(), "2026-W47");
    }
}
