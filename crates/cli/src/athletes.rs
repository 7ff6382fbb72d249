//! `paceline athletes …` and `paceline jobs …`: vault-wide commands.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use clap::Subcommand;
use paceline_app::{App, AppError};
use paceline_types::AthleteInfo;

#[derive(Subcommand)]
pub enum AthleteCmd {
    /// Every athlete, with their id, activities and whether archived.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add an athlete.
    Add { name: String },
    /// Rename an athlete (by name or id).
    Rename { athlete: String, name: String },
    /// Archive an athlete: hidden from the switcher, data kept (`--restore` undoes it).
    Archive {
        athlete: String,
        #[arg(long)]
        restore: bool,
    },
    /// Delete an athlete and everything of theirs, for good; the vault is compacted.
    Delete {
        athlete: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
pub enum JobCmd {
    /// Recent jobs of the window and the CLI (newest first), and any running here.
    List {
        #[arg(long)]
        json: bool,
        /// How many finished jobs.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
}

fn print_list(list: &[AthleteInfo], current: i64) {
    println!("{:>4}  {:<28} {:>10}  state", "id", "name", "activities");
    for a in list {
        let state = match (a.archived, a.id == current) {
            (true, _) => "archived",
            (false, true) => "current",
            (false, false) => "",
        };
        println!(
            "{:>4}  {:<28} {:>10}  {state}",
            a.id, a.name, a.activity_count
        );
    }
}

/// Asks "yes/no" on a terminal; without one, refuses (use `--yes`).
fn confirm(question: &str) -> bool {
    if !std::io::stdin().is_terminal() {
        eprintln!("{question} Refusing without a terminal; pass --yes to confirm.");
        return false;
    }
    eprint!("{question} Type yes to confirm: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    line.trim().eq_ignore_ascii_case("yes")
}

pub fn run(app: &App, cmd: AthleteCmd) -> paceline_app::Result<ExitCode> {
    match cmd {
        AthleteCmd::List { json } => {
            let list = app.athletes()?;
            if json {
                crate::print::json(&list);
            } else {
                print_list(&list, app.current_athlete()?);
            }
        }
        AthleteCmd::Add { name } => {
            let a = app.add_athlete(&name)?;
            println!("added {} (id {})", a.name, a.id);
        }
        AthleteCmd::Rename { athlete, name } => {
            let id = app.resolve_athlete(&athlete)?;
            app.rename_athlete(id, &name)?;
            println!("renamed athlete {id} to {}", name.trim());
        }
        AthleteCmd::Archive { athlete, restore } => {
            let id = app.resolve_athlete(&athlete)?;
            app.archive_athlete(id, !restore)?;
            let name = app.athlete_info(id)?.name;
            println!("{name} {}", if restore { "restored" } else { "archived" });
        }
        AthleteCmd::Delete { athlete, yes } => {
            let id = app.resolve_athlete(&athlete)?;
            let a = app.athlete_info(id)?;
            let question = format!(
                "Delete {} and all {} of their activities, for good?",
                a.name, a.activity_count
            );
            if !yes && !confirm(&question) {
                return Err(AppError::InvalidInput("not deleted".into()));
            }
            let n = app.delete_athlete(id)?;
            println!(
                "deleted {} and {n} activities; the vault is compacted",
                a.name
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn jobs(app: &App, cmd: JobCmd) -> paceline_app::Result<ExitCode> {
    match cmd {
        JobCmd::List { json, limit } => {
            let running: Vec<_> = app
                .list_jobs()
                .into_iter()
                .filter(|j| j.state == paceline_types::JobState::Running)
                .collect();
            let history = app.job_history(limit)?;
            if json {
                crate::print::json(&serde_json::json!({ "running": running, "finished": history }));
                return Ok(ExitCode::SUCCESS);
            }
            if running.is_empty() && history.is_empty() {
                println!("no jobs yet");
            }
            for j in &running {
                println!("running   {:<10} athlete {:?}", j.kind, j.athlete_id);
            }
            for r in &history {
                let who = r
                    .athlete_id
                    .map(|a| format!("athlete {a}"))
                    .unwrap_or_default();
                let when = paceline_types::date::format_ymd(r.finished_utc.div_euclid(86_400));
                let what = r.error.as_deref().unwrap_or(&r.summary);
                let secs = r.finished_utc - r.started_utc;
                println!(
                    "{when}  {:<9} {:<10} {who:<11} {secs:>4} s  {what}",
                    format!("{:?}", r.state).to_lowercase(),
                    r.kind
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
