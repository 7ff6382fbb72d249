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
    /// Jobs of this process: running first, then the recent finished ones.
    List {
        #[arg(long)]
        json: bool,
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
        JobCmd::List { json } => {
            let list = app.list_jobs();
            if json {
                crate::print::json(&list);
            } else if list.is_empty() {
                println!("no jobs");
            } else {
                for j in &list {
                    let who = j
                        .athlete_id
                        .map(|a| format!(" athlete {a}"))
                        .unwrap_or_default();
                    let err = j
                        .error
                        .as_deref()
                        .map(|e| format!(": {e}"))
                        .unwrap_or_default();
                    println!("#{} {}{who} {:?}{err}", j.id, j.kind, j.state);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
