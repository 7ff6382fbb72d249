//! `paceline`: every command the desktop app offers, without a window.
//!
//! A thin binary: argument parsing and printing here, everything else in
//! `paceline-app`, exactly as the Tauri shell calls it.

mod athletes;
mod backup;
mod coach;
mod garmin;
mod logbook;
mod people;
mod plan;
mod print;
mod progress;
mod routes;
mod training;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use paceline_app::{App, Config};

#[derive(Parser)]
#[command(
    name = "paceline",
    version,
    about = "Private, local-first training coach (headless)"
)]
struct Cli {
    /// Data folder holding the vault (default: the OS app-data folder).
    #[arg(long, global = true, env = "PACELINE_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Also log to stderr.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// The athlete to act for, by name or id (default: the last one used).
    #[arg(long, global = true, env = "PACELINE_ATHLETE")]
    athlete: Option<String>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Import activity files or folders (walked recursively).
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// No progress bar (it is drawn only on a terminal anyway).
        #[arg(short, long)]
        quiet: bool,
    },
    /// List activities, newest first.
    Activities {
        #[arg(long)]
        json: bool,
    },
    /// Show one activity's totals and laps.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Vault location, key source and counts.
    Info {
        #[arg(long)]
        json: bool,
    },
    /// Fill an empty vault with the demo athlete's history.
    Demo {
        /// Weeks of history, ending yesterday.
        #[arg(long, default_value_t = 12)]
        weeks: u32,
    },
    /// Check the vault's encryption HMACs and database structure.
    Check,
    /// Decode the kept original files again with this version's importers (all
    /// activities, or the ids given) and recompute their metrics.
    Reprocess {
        ids: Vec<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Watch folders (e.g. a mounted watch's GARMIN/Activity) and import new
    /// activity files as they appear; runs until Ctrl-C.
    Watch {
        #[arg(required = true)]
        folders: Vec<PathBuf>,
    },
    /// Training metrics of one activity (load and its source, NP, IF, zones…).
    Metrics {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Fitness (CTL), fatigue (ATL) and form (TSB) per day.
    Pmc {
        /// First day shown, YYYY-MM-DD (history before it still counts).
        #[arg(long)]
        from: Option<String>,
        /// Last day, YYYY-MM-DD (default today).
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        csv: bool,
    },
    /// Fitness, fatigue and form carried forward from today with planned loads,
    /// e.g. `project 2026-12-01=80 2026-12-02=40 --to 2026-12-14`.
    Project {
        /// Planned loads, DATE=LOAD (TSS-equivalent); unplanned days are rest.
        plan: Vec<String>,
        /// Last day (default: the last planned day, or two weeks from today).
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        csv: bool,
    },
    /// Critical power (2- and 3-parameter fits), W′ and eFTP from recent rides.
    Cp {
        /// Days of rides, ending today.
        #[arg(long, default_value_t = 90)]
        days: u32,
        #[arg(long)]
        json: bool,
    },
    /// Draw a chart to a PNG or SVG file.
    Chart {
        kind: training::ChartKind,
        /// The activity, for `activity`.
        #[arg(long)]
        id: Option<i64>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        dark: bool,
        /// `activity`: streams against distance instead of time.
        #[arg(long)]
        by_distance: bool,
        #[arg(long, default_value_t = 1000)]
        width: u32,
        #[arg(long, default_value_t = 500)]
        height: u32,
    },
    /// Rate how hard an activity felt (session RPE, 0–10), or `clear` the rating.
    /// Scores workouts without power, pace or heart rate (strength, manual).
    Rpe {
        id: i64,
        /// 0 (rest) … 10 (maximal), or `clear`.
        rating: String,
    },
    /// The athlete's name and sex (sex weights TRIMP); prints it without options.
    Profile {
        #[arg(long)]
        name: Option<String>,
        /// female, male or none.
        #[arg(long)]
        sex: Option<String>,
    },
    /// Training thresholds (FTP, LTHR, threshold pace, CSS…) with their history.
    Thresholds {
        #[command(subcommand)]
        cmd: training::ThresholdCmd,
    },
    /// The athletes of this vault: list, add, rename, archive, delete.
    Athletes {
        #[command(subcommand)]
        cmd: athletes::AthleteCmd,
    },
    /// Routes: import GPX, list, show with sections and a time estimate, charts,
    /// efforts, section edits, bikes.
    Routes {
        #[command(subcommand)]
        cmd: routes::RoutesCmd,
    },
    /// Training plans: the brief (races, availability, equipment, injuries, rules),
    /// the built-in planner and checker, versions, moves, compliance, exports.
    Plan {
        #[command(subcommand)]
        cmd: plan::PlanCmd,
    },
    /// The logbook: strength sessions, manual workouts, journal, body metrics, progress.
    Log {
        #[command(subcommand)]
        cmd: logbook::LogCmd,
    },
    /// The LLM coach: providers, budget, ledger, ask, rules from words, analysis and
    /// suggestions.
    Coach {
        #[command(subcommand)]
        cmd: coach::CoachCmd,
    },
    /// An encrypted backup of the whole vault (`--out FILE`), or its schedule/status.
    /// The passphrase is asked for, or taken from PACELINE_BACKUP_PASSPHRASE.
    Backup {
        /// The backup file to write.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(subcommand)]
        cmd: Option<backup::BackupCmd>,
    },
    /// Export everything to open formats: CSV and JSON per table and the original
    /// files, into a folder or a ZIP (`--out export.zip`); the athlete's, or `--all`.
    Export {
        #[arg(long)]
        out: PathBuf,
        /// Every athlete of the vault.
        #[arg(long)]
        all: bool,
    },
    /// Replace the vault with a backup, verified first (a new computer: just this).
    Restore {
        file: PathBuf,
        /// Replace an existing vault without asking.
        #[arg(long)]
        yes: bool,
    },
    /// Garmin Connect: sign in, sync activities and wellness, the sync log.
    Garmin {
        #[command(subcommand)]
        cmd: garmin::GarminCmd,
    },
    /// Stored wellness days (HRV, resting HR, sleep, steps, stress, …), whatever
    /// their source.
    Wellness {
        /// First day, YYYY-MM-DD (default: 27 days before --to).
        #[arg(long)]
        from: Option<String>,
        /// Last day, YYYY-MM-DD (default today).
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Groups of athletes (a squad, a family, a club): members, time zone, the
    /// digest's schedule and WhatsApp recipient.
    Groups {
        #[command(subcommand)]
        cmd: people::GroupsCmd,
    },
    /// The weekly digest of a group (`--group NAME`) or of the athlete: totals,
    /// leaderboard, highlights and a chart, as Markdown, HTML and PNG; WhatsApp
    /// delivery (`digest whatsapp`, `digest send`, `digest log`).
    #[command(args_conflicts_with_subcommands = true)]
    Digest {
        #[command(flatten)]
        args: people::DigestArgs,
        #[command(subcommand)]
        cmd: Option<people::DigestCmd>,
    },
    /// Background jobs (imports, reprocessing, the demo, the folder watcher).
    Jobs {
        #[command(subcommand)]
        cmd: athletes::JobCmd,
    },
}

fn main() -> ExitCode {
    // `paceline activities | head` should end quietly like any Unix tool, not panic
    // on the closed pipe: restore the default SIGPIPE action Rust's runtime ignores.
    // SAFETY: setting a signal disposition to SIG_DFL at start-up, before any thread.
    #[cfg(unix)]
    #[allow(unsafe_code)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let cfg = Config::from_env(cli.data_dir.clone());
    let _log = paceline_app::logging::init(&cfg.data_dir, cli.verbose);
    // A restore replaces the vault: it runs before (instead of) opening it.
    if let Cmd::Restore { file, yes } = &cli.cmd {
        return backup::restore(&cfg, file, *yes).unwrap_or_else(|e| {
            eprintln!("paceline: {e}");
            ExitCode::FAILURE
        });
    }
    let app = match App::open(&cfg) {
        Ok(a) => a,
        Err(e) => {
            eprintln!(
                "paceline: cannot open the vault in {}: {e}",
                cfg.data_dir.display()
            );
            return ExitCode::from(2);
        }
    };
    match run(&std::sync::Arc::new(app), cli.athlete.as_deref(), cli.cmd) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("paceline: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(
    vault: &std::sync::Arc<App>,
    athlete: Option<&str>,
    cmd: Cmd,
) -> paceline_app::Result<ExitCode> {
    let units = vault.units()?;
    // Vault-wide commands first; everything else acts for one athlete.
    let cmd = match cmd {
        Cmd::Athletes { cmd } => return athletes::run(vault, cmd),
        Cmd::Jobs { cmd } => return athletes::jobs(vault, cmd),
        Cmd::Groups { cmd } => {
            let current = vault.current_athlete().ok();
            return people::groups(vault, current, cmd);
        }
        Cmd::Backup { cmd: Some(cmd), .. } => return backup::run(vault, cmd),
        Cmd::Backup { out: Some(out), .. } => return backup::backup(vault, &out),
        Cmd::Backup { .. } => {
            return Err(paceline_app::AppError::InvalidInput(
                "give the backup file: paceline backup --out FILE".into(),
            ))
        }
        Cmd::Check => {
            let problems = vault.integrity_check()?;
            if problems.is_empty() {
                println!("ok: encryption and structure verified");
                return Ok(ExitCode::SUCCESS);
            }
            for p in &problems {
                println!("problem: {p}");
            }
            return Ok(ExitCode::FAILURE);
        }
        other => other,
    };
    let athlete_id = match athlete {
        Some(what) => vault.resolve_athlete(what)?,
        None => vault.current_athlete()?,
    };
    vault.set_current_athlete(athlete_id)?;
    let app = &vault.athlete(athlete_id)?;
    match cmd {
        Cmd::Import { paths, json, quiet } => {
            let report = progress::import(vault, athlete_id, &paths, !quiet)?;
            if json {
                print::json(&report);
            } else {
                print::import_report(&report);
            }
            // Success when every file was imported, already there, or not an activity
            // (a full disk stops the import with files not started: a failure).
            return Ok(if report.failed() == 0 && report.stopped.is_none() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        Cmd::Activities { json } => {
            let list = app.list_activities()?;
            if json {
                print::json(&list);
            } else {
                print::activities(&list, units);
            }
        }
        Cmd::Show { id, json } => {
            let detail = app.activity(id)?;
            if json {
                print::json(&detail);
            } else {
                print::detail(&detail, units);
            }
        }
        Cmd::Info { json } => {
            let info = app.info()?;
            if json {
                print::json(&info);
            } else {
                print::info(&info);
            }
        }
        Cmd::Demo { weeks } => {
            let report = app.seed_demo(weeks)?;
            if report.files.is_empty() {
                println!(
                    "The vault already holds activities; the demo is only added to an empty vault."
                );
            } else {
                println!("Demo athlete: {}", report.headline());
            }
        }
        Cmd::Reprocess { ids, json } => {
            let r = app.reprocess((!ids.is_empty()).then_some(&ids[..]))?;
            if json {
                print::json(&r);
            } else {
                for f in &r.failed {
                    println!("FAILED     #{}: {}", f.id, f.reason);
                }
                println!("{} reprocessed, {} failed", r.reprocessed, r.failed.len());
            }
            if !r.failed.is_empty() {
                return Ok(ExitCode::FAILURE);
            }
        }
        Cmd::Watch { folders } => progress::watch(vault, athlete_id, &folders)?,
        Cmd::Metrics { id, json } => training::metrics(app, id, json)?,
        Cmd::Pmc { from, to, csv } => training::pmc(app, &from, &to, csv)?,
        Cmd::Project { plan, to, csv } => training::project(app, &plan, &to, csv)?,
        Cmd::Cp { days, json } => training::power_profile(app, days, json)?,
        Cmd::Chart {
            kind,
            id,
            out,
            dark,
            by_distance,
            width,
            height,
        } => training::chart(app, kind, id, &out, dark, by_distance, (width, height))?,
        Cmd::Thresholds { cmd } => training::thresholds(app, cmd)?,
        Cmd::Rpe { id, rating } => training::rpe(app, id, &rating)?,
        Cmd::Profile { name, sex } => training::profile(app, name, sex)?,
        Cmd::Plan { cmd } => return plan::run(app, cmd),
        Cmd::Routes { cmd } => return routes::run(app, cmd),
        Cmd::Log { cmd } => logbook::run(app, cmd)?,
        Cmd::Coach { cmd } => return coach::run(app, cmd),
        Cmd::Garmin { cmd } => return garmin::run(vault, athlete_id, cmd),
        Cmd::Wellness { from, to, json } => {
            garmin::wellness(vault, athlete_id, app.today()?, &from, &to, json)?
        }
        Cmd::Digest { args, cmd } => return people::digest(vault, app, args, cmd),
        Cmd::Export { out, all } => {
            let r = vault.export(&out, (!all).then_some(athlete_id))?;
            let rows: u64 = r.tables.iter().map(|t| t.1).sum();
            println!(
                "Exported {} tables ({rows} rows) and {} original files to {}",
                r.tables.len(),
                r.files,
                r.path.display()
            );
        }
        Cmd::Athletes { .. }
        | Cmd::Groups { .. }
        | Cmd::Jobs { .. }
        | Cmd::Check
        | Cmd::Backup { .. }
        | Cmd::Restore { .. } => unreachable!("handled above"),
    }
    Ok(ExitCode::SUCCESS)
}
