//! The Groups page's and the digest view's words, pure so they are tested on the
//! host: ISO weeks (`2026-W48`) and their labels, group and delivery lines, notices.
//! Times are formatted by the caller (`time`), which knows the computer's time zone.

use paceline_types::date::{civil_from_days, days_from_civil, weekday};
use paceline_types::{DeliveryInfo, GroupInfo, SavedDigest, WhatsAppSettings};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// An ISO week: its year (which can differ from the calendar year of its days) and number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Week {
    pub year: i64,
    pub week: u32,
}

impl Week {
    /// Reads `2026-W48` (also `2026-w48`, `2026-W8`); `None` for anything else or a
    /// week the year does not have.
    pub fn parse(s: &str) -> Option<Week> {
        let (y, w) = s.trim().split_once(['W', 'w'])?;
        let year: i64 = y.strip_suffix('-')?.parse().ok()?;
        let week: u32 = w.parse().ok()?;
        let wk = Week { year, week };
        (week >= 1 && Week::of_day(wk.monday()) == wk).then_some(wk)
    }

    /// The week day `day` (days since 1970-01-01) falls in.
    pub fn of_day(day: i64) -> Week {
        // The ISO week belongs to the year of its Thursday.
        let thursday = day - weekday(day) as i64 + 3;
        let (year, _, _) = civil_from_days(thursday);
        let week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
        Week {
            year,
            week: u32::try_from(week).unwrap_or(1),
        }
    }

    /// The week's Monday (days since 1970-01-01); week 1 holds 4 January.
    pub fn monday(self) -> i64 {
        let jan4 = days_from_civil(self.year, 1, 4);
        jan4 - weekday(jan4) as i64 + 7 * (i64::from(self.week) - 1)
    }

    /// `n` weeks later (earlier when negative).
    pub fn shift(self, n: i64) -> Week {
        Week::of_day(self.monday() + 7 * n)
    }

    /// The last full week before day `today`.
    pub fn last_full(today: i64) -> Week {
        Week::of_day(today).shift(-1)
    }
}

impl std::fmt::Display for Week {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

/// "23–29 Nov", "30 Nov – 6 Dec", "29 Dec 2025 – 4 Jan 2026".
pub fn day_range(monday: i64) -> String {
    let (y1, m1, d1) = civil_from_days(monday);
    let (y2, m2, d2) = civil_from_days(monday + 6);
    let month = |m: u32| MONTHS[(m as usize).saturating_sub(1) % 12];
    if y1 != y2 {
        format!("{d1} {} {y1} – {d2} {} {y2}", month(m1), month(m2))
    } else if m1 != m2 {
        format!("{d1} {} – {d2} {}", month(m1), month(m2))
    } else {
        format!("{d1}–{d2} {}", month(m1))
    }
}

/// "2026-W48 · 23–29 Nov"; a week that does not parse is shown as it is.
pub fn week_label(week: &str) -> String {
    match Week::parse(week) {
        Some(w) => format!("{w} · {}", day_range(w.monday())),
        None => week.to_string(),
    }
}

/// "Ana, Ben" or "No members".
pub fn members_line(g: &GroupInfo) -> String {
    if g.members.is_empty() {
        return "No members".into();
    }
    g.members
        .iter()
        .map(|m| m.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "mon 07:00 Europe/Berlin · next 30 Nov 07:00" or "On demand".
pub fn schedule_line(g: &GroupInfo, time: &dyn Fn(i64) -> String) -> String {
    match (&g.schedule, g.next_due_utc) {
        (Some(s), Some(next)) => format!("{s} · next {}", time(next)),
        (Some(s), None) => s.clone(),
        (None, _) => "On demand".into(),
    }
}

/// "Last digest 2026-W48 · 23–29 Nov" or "No digest yet".
pub fn last_digest_line(g: &GroupInfo) -> String {
    match &g.last_week {
        Some(w) => format!("Last digest {}", week_label(w)),
        None => "No digest yet".into(),
    }
}

/// What SET_GROUP_SCHEDULE gets from the schedule input: empty turns it off.
pub fn schedule_arg(input: &str) -> String {
    let t = input.trim();
    if t.is_empty() {
        "off".into()
    } else {
        t.to_string()
    }
}

/// Empty (or blank) input: `None`.
pub fn optional(input: &str) -> Option<String> {
    Some(input.trim().to_string()).filter(|s| !s.is_empty())
}

/// The cells of a delivery log row: when, channel, target, status, attempts,
/// messages, error.
pub fn delivery_cells(d: &DeliveryInfo, time: &dyn Fn(i64) -> String) -> [String; 7] {
    let channel = match d.channel.as_str() {
        "whatsapp" => "WhatsApp".to_string(),
        "folder" => "Folder".to_string(),
        other => other.to_string(),
    };
    [
        time(d.updated_utc),
        channel,
        d.target.clone().unwrap_or_else(|| "—".into()),
        d.status.clone(),
        d.attempts.to_string(),
        d.parts_sent.to_string(),
        d.error.clone().unwrap_or_default(),
    ]
}

/// What a send answered, as one sentence.
pub fn send_line(d: &DeliveryInfo) -> String {
    let to = d.target.as_deref().unwrap_or("WhatsApp");
    match d.status.as_str() {
        "sent" => format!(
            "Sent to {to} ({} message{})",
            d.parts_sent,
            if d.parts_sent == 1 { "" } else { "s" }
        ),
        "failed" => format!(
            "WhatsApp failed: {}",
            d.error.as_deref().unwrap_or("no reason given")
        ),
        other => format!("Delivery to {to}: {other}"),
    }
}

/// Whether a refused send was refused because it went out before (so "Send again"
/// makes sense).
pub fn already_sent(message: &str) -> bool {
    message.contains("already sent")
}

/// The shell's refusal as the window says it: its "send it again" points at the
/// CLI's flag, here the button is "Send again".
pub fn window_wording(message: &str) -> String {
    message.replace(
        "send it again with --again",
        "Send again sends it once more",
    )
}

/// The files a save wrote, Markdown first.
pub fn saved_paths(s: &SavedDigest) -> Vec<String> {
    let mut v = vec![s.markdown.clone(), s.html.clone()];
    v.extend(s.png.clone());
    v
}

/// Settings › WhatsApp: set up or not, where to, whether a token is stored.
pub fn whatsapp_status(s: &WhatsAppSettings) -> String {
    match (&s.phone_number_id, &s.recipient, s.token_set) {
        (Some(_), Some(to), true) => format!("Set up · sends to {to} · token stored"),
        (None, None, false) => "Not set up".into(),
        (_, to, token) => {
            let mut parts = vec!["Incomplete".to_string()];
            if s.phone_number_id.is_none() {
                parts.push("no phone-number id".into());
            }
            match to {
                Some(to) => parts.push(format!("sends to {to}")),
                None => parts.push("no recipient".into()),
            }
            parts.push(if token { "token stored" } else { "no token" }.into());
            parts.join(" · ")
        }
    }
}

/// The notice of a scheduled digest: "Digest 2026-W48 of Club ready · sent to WhatsApp".
pub fn digest_notice(
    group: &str,
    week: &str,
    delivery: Option<&str>,
    error: Option<&str>,
) -> String {
    let head = format!("Digest {week} of {group} ready");
    match (delivery, error) {
        (Some("sent"), _) => format!("{head} · sent to WhatsApp"),
        (Some(_), Some(e)) => format!("{head} · WhatsApp failed: {e}"),
        (Some(status), None) => format!("{head} · WhatsApp: {status}"),
        (None, _) => head,
    }
}

/// Whether that notice reports a failure (it then stays until dismissed).
pub fn notice_failed(delivery: Option<&str>) -> bool {
    delivery.is_some_and(|d| d != "sent")
}

#[cfg(test)]
mod tests {
    use super::*;
    use paceline_types::GroupMember;

    fn day(y: i64, m: u32, d: u32) -> i64 {
        days_from_civil(y, m, d)
    }

    #[test]
    fn weeks_follow_iso_8601() {
        // 2026-11-23 is a Monday in week 48 (1 Jan 2026 is a Thursday: week 1 holds it).
        let w = Week::of_day(day(2026, 11, 29));
        assert_eq!(
            w,
            Week {
                year: 2026,
                week: 48
            }
        );
        assert_eq!(w.monday(), day(2026, 11, 23));
        assert_eq!(w.to_string(), "2026-W48");
        // 1 Jan 2027 is a Friday: it belongs to 2026's week 53.
        assert_eq!(Week::of_day(day(2027, 1, 1)).to_string(), "2026-W53");
        // 29 Dec 2025 (a Monday) starts 2026-W01.
        assert_eq!(Week::of_day(day(2025, 12, 29)).to_string(), "2026-W01");
        assert_eq!(
            Week::parse("2026-W01").map(Week::monday),
            Some(day(2025, 12, 29))
        );
    }

    #[test]
    fn weeks_parse_and_shift_across_years() {
        assert_eq!(
            Week::parse(" 2026-w8 "),
            Some(Week {
                year: 2026,
                week: 8
            })
        );
        assert_eq!(
            Week::parse("2026-W53").map(|w| w.to_string()).as_deref(),
            Some("2026-W53")
        );
        // 2025 has 52 weeks (1 Jan 2025 is a Wednesday, not a leap year).
        assert_eq!(Week::parse("2025-W53"), None);
        assert_eq!(Week::parse("2026-W00"), None);
        assert_eq!(Week::parse("2026-48"), None);
        assert_eq!(Week::parse("W48"), None);
        let w = Week::parse("2026-W01").unwrap();
        assert_eq!(w.shift(-1).to_string(), "2025-W52");
        assert_eq!(w.shift(-1).shift(1), w);
        assert_eq!(
            Week::parse("2026-W53").unwrap().shift(1).to_string(),
            "2027-W01"
        );
        // Thursday 3 Dec 2026: the last full week is the one of 23–29 Nov.
        assert_eq!(Week::last_full(day(2026, 12, 3)).to_string(), "2026-W48");
        // On a Monday the week just ended is the last full one.
        assert_eq!(Week::last_full(day(2026, 11, 30)).to_string(), "2026-W48");
        assert!(Week::parse("2026-W48") < Week::parse("2026-W49"));
        assert!(Week::parse("2025-W52") < Week::parse("2026-W01"));
    }

    #[test]
    fn week_labels_name_their_days() {
        assert_eq!(week_label("2026-W48"), "2026-W48 · 23–29 Nov");
        assert_eq!(week_label("2026-W49"), "2026-W49 · 30 Nov – 6 Dec");
        assert_eq!(
            week_label("2026-W01"),
            "2026-W01 · 29 Dec 2025 – 4 Jan 2026"
        );
        assert_eq!(week_label("soon"), "soon");
    }

    fn group() -> GroupInfo {
        GroupInfo {
            id: 1,
            name: "Club".into(),
            tz: "Europe/Berlin".into(),
            schedule: None,
            next_due_utc: None,
            whatsapp_recipient: None,
            members: vec![],
            last_week: None,
        }
    }

    #[test]
    fn group_lines() {
        let time = |t: i64| format!("t{t}");
        let g = group();
        assert_eq!(members_line(&g), "No members");
        assert_eq!(schedule_line(&g, &time), "On demand");
        assert_eq!(last_digest_line(&g), "No digest yet");
        let g = GroupInfo {
            schedule: Some("mon 07:00 Europe/Berlin".into()),
            next_due_utc: Some(99),
            members: vec![
                GroupMember {
                    id: 1,
                    name: "Ana".into(),
                },
                GroupMember {
                    id: 2,
                    name: "Ben".into(),
                },
            ],
            last_week: Some("2026-W48".into()),
            ..g
        };
        assert_eq!(members_line(&g), "Ana, Ben");
        assert_eq!(
            schedule_line(&g, &time),
            "mon 07:00 Europe/Berlin · next t99"
        );
        assert_eq!(last_digest_line(&g), "Last digest 2026-W48 · 23–29 Nov");
        assert_eq!(schedule_arg("  "), "off");
        assert_eq!(schedule_arg(" mon 07:00 "), "mon 07:00");
        assert_eq!(optional("  "), None);
        assert_eq!(optional(" +4915 ").as_deref(), Some("+4915"));
    }

    fn delivery(status: &str, parts: u32, error: Option<&str>) -> DeliveryInfo {
        DeliveryInfo {
            id: 4,
            channel: "whatsapp".into(),
            target: Some("+4915112345".into()),
            status: status.into(),
            attempts: 2,
            parts_sent: parts,
            error: error.map(Into::into),
            created_utc: 10,
            updated_utc: 20,
        }
    }

    #[test]
    fn delivery_rows_and_send_lines() {
        let d = delivery("failed", 1, Some("WhatsApp answered 401"));
        let cells = delivery_cells(&d, &|t| format!("t{t}"));
        assert_eq!(
            cells,
            [
                "t20",
                "WhatsApp",
                "+4915112345",
                "failed",
                "2",
                "1",
                "WhatsApp answered 401"
            ]
            .map(String::from)
        );
        assert_eq!(send_line(&d), "WhatsApp failed: WhatsApp answered 401");
        assert_eq!(
            send_line(&delivery("sent", 2, None)),
            "Sent to +4915112345 (2 messages)"
        );
        assert_eq!(
            send_line(&delivery("sent", 1, None)),
            "Sent to +4915112345 (1 message)"
        );
        let folder = DeliveryInfo {
            channel: "folder".into(),
            target: None,
            ..delivery("sent", 0, None)
        };
        let cells = delivery_cells(&folder, &|t| format!("t{t}"));
        assert_eq!(
            (cells[1].as_str(), cells[2].as_str(), cells[6].as_str()),
            ("Folder", "—", "")
        );
        assert!(already_sent(
            "the 2026-W48 digest of “Club” was already sent to +49 (delivery 3); send it again with --again"
        ));
        assert!(!already_sent("WhatsApp is not set up"));
        assert_eq!(
            window_wording("was already sent to +49 (delivery 3); send it again with --again"),
            "was already sent to +49 (delivery 3); Send again sends it once more"
        );
    }

    #[test]
    fn whatsapp_and_notice_lines() {
        let mut s = WhatsAppSettings::default();
        assert_eq!(whatsapp_status(&s), "Not set up");
        s.phone_number_id = Some("123".into());
        s.recipient = Some("+49151".into());
        assert_eq!(
            whatsapp_status(&s),
            "Incomplete · sends to +49151 · no token"
        );
        s.token_set = true;
        assert_eq!(
            whatsapp_status(&s),
            "Set up · sends to +49151 · token stored"
        );
        s.phone_number_id = None;
        assert_eq!(
            whatsapp_status(&s),
            "Incomplete · no phone-number id · sends to +49151 · token stored"
        );

        assert_eq!(
            digest_notice("Club", "2026-W48", None, None),
            "Digest 2026-W48 of Club ready"
        );
        assert_eq!(
            digest_notice("Club", "2026-W48", Some("sent"), None),
            "Digest 2026-W48 of Club ready · sent to WhatsApp"
        );
        assert_eq!(
            digest_notice("Club", "2026-W48", Some("failed"), Some("timeout")),
            "Digest 2026-W48 of Club ready · WhatsApp failed: timeout"
        );
        assert!(notice_failed(Some("failed")));
        assert!(!notice_failed(Some("sent")));
        assert!(!notice_failed(None));
        let saved = SavedDigest {
            markdown: "/d/a.md".into(),
            html: "/d/a.html".into(),
            png: None,
        };
        assert_eq!(saved_paths(&saved), vec!["/d/a.md", "/d/a.html"]);
    }
}
