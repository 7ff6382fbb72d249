//! The Garmin card's sentences, pure so they are tested on the host: the status, the
//! last sync, the backfill facts and a running sync's progress. Times are formatted by
//! the caller (`time`), which knows the computer's time zone.

use paceline_types::{GarminStatus, GarminSyncPhase, GarminSyncProgress};

pub fn status_line(s: &GarminStatus) -> String {
    if !s.connected {
        return "Not connected".into();
    }
    let who = s.display_name.as_deref().unwrap_or("your Garmin account");
    format!(
        "Connected as {who} · {} activities synced",
        s.synced_activities
    )
}

pub fn last_sync_line(s: &GarminStatus, time: &dyn Fn(i64) -> String) -> String {
    match &s.last_sync {
        None => "No sync yet".into(),
        Some(l) => {
            let mut line = format!(
                "Last sync {} · {} · {} new activities, {} new days",
                time(l.started_utc),
                l.outcome,
                l.new_activities,
                l.new_days
            );
            if let Some(e) = &l.error {
                line += &format!(" · {e}");
            }
            line
        }
    }
}

/// Backfill, wellness, cooldown and schedule facts, as one line.
pub fn detail_line(s: &GarminStatus, time: &dyn Fn(i64) -> String) -> String {
    let mut parts = Vec::new();
    if s.connected {
        parts.push(if s.backfill_done {
            "History synced".to_string()
        } else {
            "History still being synced".to_string()
        });
    }
    if let Some(w) = &s.wellness_through {
        parts.push(format!("wellness through {w}"));
    }
    if let Some(until) = s.login_cooldown_until_utc {
        parts.push(format!("Garmin refuses sign-ins until {}", time(until)));
    }
    if let Some(exp) = s.refresh_expires_utc {
        parts.push(format!("sign-in valid until {}", time(exp)));
    }
    parts.join(" · ")
}

/// "Activities 12 of 40 · 9 new activities · 0 new days · 57 requests"
pub fn progress_line(p: &GarminSyncProgress) -> String {
    let phase = match p.phase {
        GarminSyncPhase::Listing => "Listing activities",
        GarminSyncPhase::Activities => "Activities",
        GarminSyncPhase::Wellness => "Wellness days",
    };
    let count = if p.total > 0 {
        format!(" {} of {}", p.done, p.total)
    } else {
        String::new()
    };
    format!(
        "{phase}{count} · {} new activities · {} new days · {} requests",
        p.new_activities, p.new_days, p.requests
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_reads_as_a_sentence() {
        let p = GarminSyncProgress {
            phase: GarminSyncPhase::Activities,
            done: 12,
            total: 40,
            new_activities: 9,
            new_days: 0,
            requests: 57,
            elapsed_s: 3.0,
        };
        assert_eq!(
            progress_line(&p),
            "Activities 12 of 40 · 9 new activities · 0 new days · 57 requests"
        );
        let listing = GarminSyncProgress {
            phase: GarminSyncPhase::Listing,
            total: 0,
            ..p
        };
        assert!(progress_line(&listing).starts_with("Listing activities · "));
    }

    #[test]
    fn status_and_last_sync_read_as_sentences() {
        let s = GarminStatus {
            connected: false,
            display_name: None,
            refresh_expires_utc: None,
            synced_activities: 0,
            backfill_done: false,
            backfill_since: None,
            wellness_through: None,
            login_cooldown_until_utc: None,
            schedule: None,
            last_sync: None,
        };
        assert_eq!(status_line(&s), "Not connected");
        assert_eq!(last_sync_line(&s, &|t| t.to_string()), "No sync yet");
        assert_eq!(detail_line(&s, &|t| t.to_string()), "");
        let s = GarminStatus {
            connected: true,
            display_name: Some("ana".into()),
            synced_activities: 3,
            ..s
        };
        assert_eq!(status_line(&s), "Connected as ana · 3 activities synced");
        let s = GarminStatus {
            backfill_done: true,
            wellness_through: Some("2026-12-04".into()),
            last_sync: Some(paceline_types::GarminSyncLogEntry {
                started_utc: 100,
                finished_utc: Some(160),
                requests: 12,
                new_activities: 2,
                new_days: 1,
                outcome: "failed".into(),
                error: Some("Garmin answered 500".into()),
            }),
            ..s
        };
        let time = |t: i64| format!("t{t}");
        assert_eq!(
            last_sync_line(&s, &time),
            "Last sync t100 · failed · 2 new activities, 1 new days · Garmin answered 500"
        );
        assert_eq!(
            detail_line(&s, &time),
            "History synced · wellness through 2026-12-04"
        );
    }
}
