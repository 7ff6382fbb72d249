//! Groups of athletes (a coach's squad, a family, a club) and their weekly digest: what
//! each did, the leaderboard and the highlights, generated on each group's schedule in
//! its own time zone and delivered to a folder or a WhatsApp group.
//!
//! `paceline-digest` computes and renders; this module gathers the week from the vault,
//! stores what was generated, runs the schedule and keeps the delivery log
//! ([`deliver`]).

mod deliver;
mod digest;

use std::sync::Arc;

use paceline_jobs::Schedule;
use paceline_types::{AthleteId, GroupInfo, GroupMember};

pub use deliver::{WHATSAPP_TOKEN_SECRET, WHATSAPP_URL_ENV};
pub use digest::parse_week;

use crate::{App, AppError, Result};

/// The scheduler entry of a group.
fn schedule_name(group: i64) -> String {
    format!("digest/{group}")
}

fn invalid(msg: impl Into<String>) -> AppError {
    AppError::InvalidInput(msg.into())
}

fn clean_name(name: &str) -> Result<&str> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(invalid("a group name needs 1 to 80 characters"));
    }
    if name.chars().any(char::is_control) {
        return Err(invalid("a group name cannot hold control characters"));
    }
    Ok(name)
}

/// Reads a group schedule: `mon 07:00` (in the group's zone), or a full one
/// (`mon 07:00 America/New_York`, `daily 18:00 UTC`); `off`/empty for none.
pub(crate) fn parse_schedule(text: &str, tz: &str) -> Result<Option<Schedule>> {
    let text = text.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("off") || text.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    let full = if text.split_whitespace().count() == 2 && !text.starts_with("every") {
        format!("{text} {tz}")
    } else {
        text.to_string()
    };
    let s = Schedule::parse(&full).map_err(|e| {
        invalid(format!(
            "not a schedule: “{text}” ({e}); write e.g. “mon 07:00” or “off”"
        ))
    })?;
    Ok(Some(s))
}

impl App {
    /// The groups, by name.
    pub fn groups(&self) -> Result<Vec<GroupInfo>> {
        let names: std::collections::HashMap<AthleteId, String> = self
            .store
            .athletes()?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect();
        let due: std::collections::HashMap<String, i64> = self
            .schedules()
            .into_iter()
            .map(|(n, _, due)| (n, due))
            .collect();
        self.store
            .groups()?
            .into_iter()
            .map(|g| {
                let last_week = self.store.digests(g.id)?.first().map(|d| d.1.clone());
                Ok(GroupInfo {
                    // Registered (the window's scheduler), else when it would be due.
                    next_due_utc: due.get(&schedule_name(g.id)).copied().or_else(|| {
                        let s = parse_schedule(g.schedule.as_deref()?, &g.tz).ok()??;
                        s.next_after(self.now()).ok()
                    }),
                    members: g
                        .members
                        .iter()
                        .map(|id| GroupMember {
                            id: *id,
                            name: names.get(id).cloned().unwrap_or_default(),
                        })
                        .collect(),
                    id: g.id,
                    name: g.name,
                    tz: g.tz,
                    schedule: g.schedule,
                    whatsapp_recipient: g.whatsapp_recipient,
                    last_week,
                })
            })
            .collect()
    }

    /// The athlete's IANA zone, when set (a new group's default).
    pub fn athlete_zone(&self, athlete: AthleteId) -> Result<Option<String>> {
        Ok(self.store.athlete(athlete)?.tz)
    }

    pub fn group(&self, id: i64) -> Result<GroupInfo> {
        self.groups()?
            .into_iter()
            .find(|g| g.id == id)
            .ok_or_else(|| AppError::NotFound(format!("no group with id {id}")))
    }

    /// The group called `what` (ignoring case), or with that id.
    pub fn resolve_group(&self, what: &str) -> Result<i64> {
        let all = self.store.groups()?;
        let what = what.trim();
        if let Ok(id) = what.parse::<i64>() {
            if all.iter().any(|g| g.id == id) {
                return Ok(id);
            }
        }
        all.iter()
            .find(|g| g.name.eq_ignore_ascii_case(what))
            .map(|g| g.id)
            .ok_or_else(|| {
                let names: Vec<&str> = all.iter().map(|g| g.name.as_str()).collect();
                AppError::NotFound(if names.is_empty() {
                    format!("no group “{what}”; there are no groups yet (paceline groups add NAME)")
                } else {
                    format!("no group “{what}”; the groups are: {}", names.join(", "))
                })
            })
    }

    /// Adds a group in time zone `tz` (IANA) with its members; `schedule` as
    /// [`App::set_group_schedule`] takes it.
    pub fn add_group(
        self: &Arc<Self>,
        name: &str,
        tz: &str,
        members: &[AthleteId],
        schedule: Option<&str>,
    ) -> Result<GroupInfo> {
        let name = clean_name(name)?;
        paceline_jobs::validate_tz(tz)
            .map_err(|e| invalid(format!("{e}; use an IANA zone such as Europe/Berlin")))?;
        if self
            .store
            .groups()?
            .iter()
            .any(|g| g.name.eq_ignore_ascii_case(name))
        {
            return Err(invalid(format!("there is already a group called “{name}”")));
        }
        for m in members {
            self.athlete(*m)?;
        }
        if let Some(s) = schedule {
            parse_schedule(s, tz)?;
        }
        let id = self.store.add_group(name, tz, self.now())?;
        self.store.set_group_members(id, members)?;
        if let Some(s) = schedule {
            self.set_group_schedule(id, s)?;
        }
        tracing::info!(group = id, "group added");
        self.group(id)
    }

    /// Renames a group or moves it to another time zone (its schedule follows).
    pub fn update_group(self: &Arc<Self>, id: i64, name: &str, tz: &str) -> Result<GroupInfo> {
        let name = clean_name(name)?;
        paceline_jobs::validate_tz(tz)
            .map_err(|e| invalid(format!("{e}; use an IANA zone such as Europe/Berlin")))?;
        let g = self.store.group(id)?;
        if self
            .store
            .groups()?
            .iter()
            .any(|o| o.id != id && o.name.eq_ignore_ascii_case(name))
        {
            return Err(invalid(format!("there is already a group called “{name}”")));
        }
        self.store.update_group(
            id,
            name,
            tz,
            g.schedule.as_deref(),
            g.whatsapp_recipient.as_deref(),
        )?;
        if let Some(s) = &g.schedule {
            // A schedule given as "mon 07:00" moves with the group's zone.
            let short = s.strip_suffix(&format!(" {}", g.tz)).unwrap_or(s);
            self.set_group_schedule(id, short)?;
        }
        self.group(id)
    }

    /// Replaces the members of a group.
    pub fn set_group_members(&self, id: i64, members: &[AthleteId]) -> Result<GroupInfo> {
        for m in members {
            self.athlete(*m)?;
        }
        self.store.set_group_members(id, members)?;
        self.group(id)
    }

    /// Generates the group's digest on `schedule` from now on (`mon 07:00` in the
    /// group's zone, a full schedule, or `off`): the week that just ended, stored,
    /// announced and sent to WhatsApp when that is configured.
    pub fn set_group_schedule(self: &Arc<Self>, id: i64, schedule: &str) -> Result<GroupInfo> {
        let g = self.store.group(id)?;
        let parsed = parse_schedule(schedule, &g.tz)?;
        let text = parsed.as_ref().map(|s| s.to_string());
        match parsed {
            None => {
                self.unschedule(&schedule_name(id));
            }
            Some(s) => {
                self.schedule(&schedule_name(id), s, move |app| {
                    app.start_scheduled_digest(id)
                })?;
            }
        }
        self.store.update_group(
            id,
            &g.name,
            &g.tz,
            text.as_deref(),
            g.whatsapp_recipient.as_deref(),
        )?;
        self.group(id)
    }

    /// Sets (or with `None` clears) where this group's digest goes on WhatsApp.
    pub fn set_group_whatsapp(&self, id: i64, recipient: Option<&str>) -> Result<GroupInfo> {
        let g = self.store.group(id)?;
        let recipient = recipient.map(str::trim).filter(|r| !r.is_empty());
        if let Some(r) = recipient {
            paceline_whatsapp::Recipient::parse(r).map_err(|e| invalid(e.to_string()))?;
        }
        self.store
            .update_group(id, &g.name, &g.tz, g.schedule.as_deref(), recipient)?;
        self.group(id)
    }

    /// Deletes a group with its digests and their logs; its athletes stay.
    pub fn delete_group(&self, id: i64) -> Result<()> {
        self.unschedule(&schedule_name(id));
        Ok(self.store.delete_group(id)?)
    }

    /// Registers every group's saved schedule (the desktop shell at start).
    pub fn restore_digest_schedules(self: &Arc<Self>) -> Result<u32> {
        let mut n = 0;
        for g in self.store.groups()? {
            let Some(s) = g.schedule.clone() else {
                continue;
            };
            match parse_schedule(&s, &g.tz) {
                Ok(Some(parsed)) => {
                    let id = g.id;
                    self.schedule(&schedule_name(id), parsed, move |app| {
                        app.start_scheduled_digest(id)
                    })?;
                    n += 1;
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(group = g.id, error = %e, "group schedule unusable"),
            }
        }
        Ok(n)
    }
}
