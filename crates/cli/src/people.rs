//! `paceline groups …` and `paceline digest …`: groups of athletes and their weekly
//! digest (Markdown, HTML and a chart), saved to a folder or sent to WhatsApp.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Subcommand};
use paceline_app::{App, AppError, AthleteScope, SecretString};
use paceline_types::date::format_ymd;
use paceline_types::{DeliveryInfo, DigestView, GroupInfo};

use crate::print;

#[derive(Subcommand)]
pub enum GroupsCmd {
    /// Every group with its zone, schedule and members.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a group.
    Add {
        name: String,
        /// IANA time zone its weeks and schedule are read in (default: the current
        /// athlete's, else UTC).
        #[arg(long)]
        tz: Option<String>,
        /// When its digest is generated (and sent), e.g. "mon 07:00".
        #[arg(long)]
        schedule: Option<String>,
        /// Its athletes, by name or id (repeat, or separate with commas).
        #[arg(long, value_delimiter = ',')]
        members: Vec<String>,
    },
    /// Show a group's members, or change them.
    Members {
        group: String,
        /// Athletes to add (name or id; repeat or separate with commas).
        #[arg(long, value_delimiter = ',')]
        add: Vec<String>,
        /// Athletes to remove.
        #[arg(long, value_delimiter = ',')]
        remove: Vec<String>,
    },
    /// Set when the group's digest is generated and sent ("mon 07:00", "off").
    Schedule { group: String, schedule: String },
    /// Send this group's digest to another WhatsApp recipient than the default
    /// (a phone number or a group id); `--clear` goes back to the default.
    Recipient {
        group: String,
        recipient: Option<String>,
        #[arg(long)]
        clear: bool,
    },
    /// Rename a group or move it to another time zone.
    Rename {
        group: String,
        name: String,
        #[arg(long)]
        tz: Option<String>,
    },
    /// Delete a group and its digests (its athletes stay).
    Delete { group: String },
}

#[derive(Args)]
pub struct DigestArgs {
    /// The group (name or id); without it, the athlete's own digest.
    #[arg(long)]
    group: Option<String>,
    /// ISO week, e.g. 2026-W48 (default: the last full week).
    #[arg(long)]
    week: Option<String>,
    /// Save Markdown, HTML and the chart's PNG into this folder (else print the
    /// Markdown).
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum DigestCmd {
    /// Set up WhatsApp delivery (WhatsApp Business Cloud API); without options, show
    /// the settings.
    Whatsapp {
        /// The sending number's phone-number id (WhatsApp Manager).
        #[arg(long)]
        phone_number_id: Option<String>,
        /// The default recipient: a phone number (digits) or a group id.
        #[arg(long)]
        recipient: Option<String>,
        /// The environment variable holding the access token (never on the command line).
        #[arg(long)]
        token_env: Option<String>,
        /// Forget the settings and the token.
        #[arg(long)]
        clear: bool,
    },
    /// Send a group's digest to WhatsApp (generated first if it is not yet).
    Send {
        #[arg(long)]
        group: String,
        #[arg(long)]
        week: Option<String>,
        /// Send it again although it was sent.
        #[arg(long)]
        again: bool,
    },
    /// The delivery log of a group's digest.
    Log {
        #[arg(long)]
        group: String,
        #[arg(long)]
        week: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

fn print_groups(list: &[GroupInfo]) {
    if list.is_empty() {
        println!("No groups yet: paceline groups add NAME --members A,B");
        return;
    }
    for g in list {
        let members: Vec<&str> = g.members.iter().map(|m| m.name.as_str()).collect();
        println!("{:>3}  {}  ({})", g.id, g.name, g.tz);
        println!(
            "     members:  {}",
            if members.is_empty() {
                "none".into()
            } else {
                members.join(", ")
            }
        );
        match (&g.schedule, g.next_due_utc) {
            (Some(s), Some(due)) => println!("     schedule: {s} (next {})", when(due)),
            (Some(s), None) => println!("     schedule: {s}"),
            (None, _) => println!("     schedule: on demand"),
        }
        if let Some(r) = &g.whatsapp_recipient {
            println!("     WhatsApp: {r}");
        }
        if let Some(w) = &g.last_week {
            println!("     last digest: {w}");
        }
    }
}

fn when(utc: i64) -> String {
    let day = utc.div_euclid(86_400);
    let s = utc.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02} UTC",
        format_ymd(day),
        s / 3600,
        s % 3600 / 60
    )
}

fn athletes(vault: &App, names: &[String]) -> paceline_app::Result<Vec<i64>> {
    names
        .iter()
        .filter(|n| !n.trim().is_empty())
        .map(|n| vault.resolve_athlete(n))
        .collect()
}

pub fn groups(
    vault: &Arc<App>,
    current: Option<i64>,
    cmd: GroupsCmd,
) -> paceline_app::Result<ExitCode> {
    match cmd {
        GroupsCmd::List { json } => {
            let list = vault.groups()?;
            if json {
                print::json(&list);
            } else {
                print_groups(&list);
            }
        }
        GroupsCmd::Add {
            name,
            tz,
            schedule,
            members,
        } => {
            let tz = match tz {
                Some(tz) => tz,
                None => current
                    .and_then(|id| vault.athlete_zone(id).ok().flatten())
                    .unwrap_or_else(|| "UTC".to_string()),
            };
            let ids = athletes(vault, &members)?;
            let g = vault.add_group(&name, &tz, &ids, schedule.as_deref())?;
            println!("Added group {} ({}) in {}", g.name, g.id, g.tz);
            print_groups(&[g]);
        }
        GroupsCmd::Members { group, add, remove } => {
            let id = vault.resolve_group(&group)?;
            let mut ids: Vec<i64> = vault.group(id)?.members.iter().map(|m| m.id).collect();
            if !add.is_empty() || !remove.is_empty() {
                ids.extend(athletes(vault, &add)?);
                let gone = athletes(vault, &remove)?;
                ids.retain(|a| !gone.contains(a));
                ids.sort_unstable();
                ids.dedup();
                vault.set_group_members(id, &ids)?;
            }
            let g = vault.group(id)?;
            for m in &g.members {
                println!("{:>4}  {}", m.id, m.name);
            }
            if g.members.is_empty() {
                println!("{} has no members", g.name);
            }
        }
        GroupsCmd::Schedule { group, schedule } => {
            let id = vault.resolve_group(&group)?;
            print_groups(&[vault.set_group_schedule(id, &schedule)?]);
        }
        GroupsCmd::Recipient {
            group,
            recipient,
            clear,
        } => {
            let id = vault.resolve_group(&group)?;
            let to = if clear { None } else { recipient.as_deref() };
            if to.is_none() && !clear {
                return Err(AppError::InvalidInput(
                    "give the recipient, or --clear to use the default".into(),
                ));
            }
            print_groups(&[vault.set_group_whatsapp(id, to)?]);
        }
        GroupsCmd::Rename { group, name, tz } => {
            let id = vault.resolve_group(&group)?;
            let tz = tz.unwrap_or(vault.group(id)?.tz);
            print_groups(&[vault.update_group(id, &name, &tz)?]);
        }
        GroupsCmd::Delete { group } => {
            let id = vault.resolve_group(&group)?;
            vault.delete_group(id)?;
            println!("Deleted the group {group}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_log(log: &[DeliveryInfo]) {
    if log.is_empty() {
        println!("Not delivered yet.");
    }
    for d in log {
        let to = d.target.as_deref().unwrap_or("");
        print!(
            "{}  {:<8} {:<8} {to}  (attempts {}, messages {})",
            when(d.updated_utc),
            d.channel,
            d.status,
            d.attempts,
            d.parts_sent
        );
        match &d.error {
            Some(e) => println!("\n      {e}"),
            None => println!(),
        }
    }
}

fn show(view: &DigestView, out: Option<&std::path::Path>, json: bool) {
    if json {
        print::json(view);
    } else if out.is_none() {
        println!("{}", view.markdown);
    }
}

/// `paceline digest …`.
pub fn digest(
    vault: &Arc<App>,
    me: &AthleteScope,
    args: DigestArgs,
    cmd: Option<DigestCmd>,
) -> paceline_app::Result<ExitCode> {
    match cmd {
        None => {}
        Some(DigestCmd::Whatsapp {
            phone_number_id,
            recipient,
            token_env,
            clear,
        }) => {
            if clear {
                vault.clear_whatsapp()?;
                println!("WhatsApp delivery is off; the token is deleted.");
                return Ok(ExitCode::SUCCESS);
            }
            if phone_number_id.is_some() || recipient.is_some() || token_env.is_some() {
                let now = vault.whatsapp_settings()?;
                let phone = phone_number_id
                    .or(now.phone_number_id)
                    .ok_or_else(|| AppError::InvalidInput("give --phone-number-id".into()))?;
                let to = recipient
                    .or(now.recipient)
                    .ok_or_else(|| AppError::InvalidInput("give --recipient".into()))?;
                let token = match token_env {
                    Some(var) => Some(SecretString::from(std::env::var(&var).map_err(|_| {
                        AppError::InvalidInput(format!(
                            "the environment variable {var} is not set (it should hold the access token)"
                        ))
                    })?)),
                    None => None,
                };
                vault.set_whatsapp(&phone, &to, token.as_ref())?;
            }
            let s = vault.whatsapp_settings()?;
            println!(
                "phone-number id: {}",
                s.phone_number_id.as_deref().unwrap_or("not set")
            );
            println!(
                "recipient:       {}",
                s.recipient.as_deref().unwrap_or("not set")
            );
            println!(
                "token:           {}",
                if s.token_set { "stored" } else { "not set" }
            );
            println!("API:             {}", s.base_url);
            return Ok(ExitCode::SUCCESS);
        }
        Some(DigestCmd::Send { group, week, again }) => {
            let id = vault.resolve_group(&group)?;
            let view = match vault.group_digest(id, week.as_deref())? {
                Some(v) if week.is_some() => v,
                _ => vault.generate_group_digest(id, week.as_deref())?,
            };
            let d = vault.send_digest(view.id, again)?;
            print_log(std::slice::from_ref(&d));
            return Ok(if d.status == "sent" {
                println!("Sent the {} digest of {}.", view.week, view.title);
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        Some(DigestCmd::Log { group, week, json }) => {
            let id = vault.resolve_group(&group)?;
            let Some(view) = vault.group_digest(id, week.as_deref())? else {
                println!("No digest of that week yet: paceline digest --group {group}");
                return Ok(ExitCode::FAILURE);
            };
            if json {
                print::json(&view.deliveries);
            } else {
                println!("{} · {}", view.title, view.week);
                print_log(&view.deliveries);
            }
            return Ok(ExitCode::SUCCESS);
        }
    }
    let out = args.out.as_deref();
    match args.group {
        Some(group) => {
            let id = vault.resolve_group(&group)?;
            let view = vault.generate_group_digest(id, args.week.as_deref())?;
            show(&view, out, args.json);
            if let Some(dir) = out {
                let saved = vault.save_digest(view.id, dir)?;
                print_saved(&saved);
            }
        }
        None => {
            let view = me.digest(args.week.as_deref())?;
            show(&view, out, args.json);
            if let Some(dir) = out {
                print_saved(&me.save_digest(args.week.as_deref(), dir)?);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_saved(s: &paceline_types::SavedDigest) {
    println!("Saved {}", s.markdown);
    println!("Saved {}", s.html);
    if let Some(p) = &s.png {
        println!("Saved {p}");
    }
}
