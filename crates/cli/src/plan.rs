//! `paceline plan …`: the athlete's brief (races, availability, equipment, injuries,
//! rules, sports, goal), the built-in planner, the checker, versions, moves,
//! compliance and exports. Exit status 3: the plan could not meet its goal safely
//! (or the checker refused it); the safest plan is printed all the same.

mod brief;
mod show;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use paceline_app::plan::{self, Brief, CheckerConfig, Date, Plan};
use paceline_app::{AppError, AthleteScope, WorkoutRef};

pub use brief::{InjuryCmd, RaceCmd, RuleCmd};

/// Exit status when the goal is infeasible or the plan fails the checker.
pub const INFEASIBLE: u8 = 3;

/// Who writes a plan.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Planner {
    Builtin,
    Llm,
}

/// The workouts of a plan with their ids (shared with the coach's commands).
pub fn show_workouts(p: &paceline_app::plan::Plan) {
    show::workouts(p);
}

#[derive(Subcommand)]
pub enum PlanCmd {
    /// The brief a plan is built from, as the vault holds it (start today).
    Brief {
        #[arg(long)]
        json: bool,
    },
    /// Plan with the built-in planner, check, and save as a new version (with
    /// --brief FILE: plan from that brief instead; nothing is saved).
    Generate {
        #[arg(long)]
        brief: Option<PathBuf>,
        /// Who writes the plan: the built-in planner, or the LLM coach (checked the same way).
        #[arg(long, value_enum, default_value = "builtin")]
        planner: Planner,
        /// Print the plan as JSON (the export format); reasons go to stderr.
        #[arg(long)]
        json: bool,
    },
    /// Run the checker alone on a plan file (export JSON) or a stored version number.
    Check {
        what: String,
        #[arg(long)]
        json: bool,
    },
    /// The workouts of a version (default: the current one), with their ids.
    Show {
        version: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// Export a version (default: the current one): JSON, FIT workouts, iCalendar.
    Export {
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// One FIT workout file per structured workout, into this folder.
        #[arg(long, value_name = "DIR")]
        fit: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        ics: Option<PathBuf>,
        #[arg(long)]
        version: Option<u32>,
    },
    /// Races: add, list, remove.
    Race {
        #[command(subcommand)]
        cmd: RaceCmd,
    },
    /// Hours per weekday, e.g. `mon=0 tue=1.5 sat=3` (days not named keep their
    /// value); prints them without arguments.
    Availability { days: Vec<String> },
    /// What the athlete has, e.g. `indoor_trainer power_meter pool pool_days=mon,thu
    /// open_water gym treadmill indoor_only` (replaces the list; `none` clears it);
    /// prints it without arguments.
    Equipment { items: Vec<String> },
    /// Injuries: add, list, remove.
    Injury {
        #[command(subcommand)]
        cmd: InjuryCmd,
    },
    /// Structured rules (each change a new version): add, list, remove.
    Rule {
        #[command(subcommand)]
        cmd: RuleCmd,
    },
    /// The sports to plan (default: the ones of your activities) and, after
    /// --cross, those allowed as cross-training; `auto` goes back to the default.
    Sports {
        sports: Vec<String>,
        #[arg(long, value_delimiter = ',')]
        cross: Vec<String>,
    },
    /// The CTL to reach on the first A race's morning, or `clear`.
    Goal { ctl: String },
    /// Checker limits: prints them; --set JSON overrides fields; --reset.
    Checker {
        #[arg(long)]
        set: Option<String>,
        #[arg(long)]
        reset: bool,
    },
    /// Every version with its parent, source and reason.
    Versions {
        #[arg(long)]
        json: bool,
    },
    /// What changed from version A to B.
    Diff {
        a: u32,
        b: u32,
        #[arg(long)]
        json: bool,
    },
    /// Move a workout (its date, when the day has one, or its id from `plan show`)
    /// to another day: re-checked and saved as a new version, or refused.
    Move { workout: String, new_date: String },
    /// Go back: a new version with the current version's parent's workouts.
    Undo,
    /// Planned vs done: each workout's status and score, adherence per week.
    Compliance {
        #[arg(long)]
        json: bool,
    },
    /// Low readiness today swaps today's hard session for an easy one (a new version).
    Readiness,
}

pub(crate) fn bad(msg: impl Into<String>) -> AppError {
    AppError::InvalidInput(msg.into())
}

pub(crate) fn date(s: &str, what: &str) -> paceline_app::Result<Date> {
    Date::parse(s.trim()).ok_or_else(|| bad(format!("{what}: expected YYYY-MM-DD, got {s:?}")))
}

fn read(path: &Path) -> paceline_app::Result<String> {
    std::fs::read_to_string(path).map_err(|e| bad(format!("cannot read {}: {e}", path.display())))
}

fn write(path: &Path, text: &str) -> paceline_app::Result<()> {
    std::fs::write(path, text).map_err(|e| bad(format!("cannot write {}: {e}", path.display())))
}

pub fn run(app: &AthleteScope, cmd: PlanCmd) -> paceline_app::Result<ExitCode> {
    match cmd {
        PlanCmd::Brief { json } => {
            let b = app.plan_brief()?;
            if json {
                crate::print::json(&b);
            } else {
                show::brief(&b);
            }
        }
        PlanCmd::Generate {
            brief: None,
            json,
            planner: Planner::Llm,
        } => return crate::coach::generate(app, json),
        PlanCmd::Generate {
            planner: Planner::Llm,
            ..
        } => {
            return Err(paceline_app::AppError::InvalidInput(
                "--planner llm plans from the vault's brief; leave out --brief".into(),
            ))
        }
        PlanCmd::Generate { brief, json, .. } => return generate(app, brief.as_deref(), json),
        PlanCmd::Check { what, json } => return check(app, &what, json),
        PlanCmd::Show { version, json } => {
            let p = app.plan(version)?;
            if json {
                println!("{}", plan::export::to_json(&p));
            } else {
                show::workouts(&p);
            }
        }
        PlanCmd::Export {
            json,
            fit,
            ics,
            version,
        } => {
            if json.is_none() && fit.is_none() && ics.is_none() {
                return Err(bad(
                    "say what to export: --json FILE, --fit DIR or --ics FILE",
                ));
            }
            if let Some(f) = json {
                write(&f, &app.export_plan_json(version)?)?;
                println!("plan written to {}", f.display());
            }
            if let Some(dir) = fit {
                let files = app.export_plan_fit(&dir, version)?;
                println!(
                    "{} FIT workout files written to {}",
                    files.len(),
                    dir.display()
                );
            }
            if let Some(f) = ics {
                write(&f, &app.export_plan_ics(version)?)?;
                println!("calendar written to {}", f.display());
            }
        }
        PlanCmd::Race { cmd } => brief::race(app, cmd)?,
        PlanCmd::Availability { days } => brief::availability(app, &days)?,
        PlanCmd::Equipment { items } => brief::equipment(app, &items)?,
        PlanCmd::Injury { cmd } => brief::injury(app, cmd)?,
        PlanCmd::Rule { cmd } => brief::rule(app, cmd)?,
        PlanCmd::Sports { sports, cross } => brief::sports(app, &sports, &cross)?,
        PlanCmd::Goal { ctl } => {
            let goal = match ctl.as_str() {
                "clear" | "none" => None,
                v => Some(v.parse::<f32>().map_err(|_| {
                    bad(format!("the goal is a CTL number (or `clear`), not {v:?}"))
                })?),
            };
            app.set_plan_goal(goal)?;
            match goal {
                Some(c) => println!("goal: CTL {c} on the first A race's morning"),
                None => println!("goal cleared"),
            }
        }
        PlanCmd::Checker { set, reset } => {
            if reset {
                app.set_checker_config(None)?;
            } else if let Some(j) = set {
                app.set_checker_config(Some(&j))?;
            }
            crate::print::json(&app.checker_config()?);
        }
        PlanCmd::Versions { json } => {
            let v = app.plan_versions()?;
            if json {
                crate::print::json(&v);
            } else {
                show::versions(&v);
            }
        }
        PlanCmd::Diff { a, b, json } => {
            let d = app.plan_diff(a, b)?;
            if json {
                crate::print::json(&d);
            } else {
                show::diff(&d);
            }
        }
        PlanCmd::Move { workout, new_date } => {
            let which = match date(&workout, "workout") {
                Ok(d) => WorkoutRef::Date(d),
                Err(_) => WorkoutRef::Index(
                    workout
                        .trim_start_matches('#')
                        .parse()
                        .map_err(|_| bad(format!(
                            "name the workout by its date (YYYY-MM-DD) or its id from `paceline plan show`, not {workout:?}"
                        )))?,
                ),
            };
            let v = app.move_workout(which, date(&new_date, "new date")?)?;
            let info = app.plan_versions()?.pop();
            println!(
                "saved as version {v}: {}",
                info.map(|i| i.reason).unwrap_or_default()
            );
        }
        PlanCmd::Undo => {
            let v = app.undo_plan_change()?;
            println!("saved as version {v}");
        }
        PlanCmd::Compliance { json } => {
            let (p, done, c) = app.plan_compliance(None)?;
            if json {
                crate::print::json(&c);
            } else {
                show::compliance(&p, &done, &c);
            }
        }
        PlanCmd::Readiness => {
            let r = app.readiness_adjust()?;
            println!("{}", show::readiness(&r));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `plan generate`: the plan is printed whether or not it is feasible; exit 3 when
/// it is not (or the checker refuses it).
fn generate(app: &AthleteScope, file: Option<&Path>, json: bool) -> paceline_app::Result<ExitCode> {
    let (plan, infeasible, report, saved) = match file {
        Some(path) => {
            let b = Brief::from_json(&read(path)?)
                .map_err(|e| bad(format!("{}: {e}", path.display())))?;
            let cfg = CheckerConfig::default();
            let out = plan::generate(&b, &cfg);
            let report = plan::check(&b, &out.plan, &cfg);
            (out.plan, out.infeasible, report, None)
        }
        None => {
            let g = app.generate_plan()?;
            (g.plan, g.infeasible, g.report, g.version)
        }
    };
    if json {
        println!("{}", plan::export::to_json(&plan));
    } else {
        show::workouts(&plan);
    }
    // Reasons go to stderr with --json so stdout stays the plan.
    let say = |s: String| {
        if json {
            eprintln!("{s}");
        } else {
            println!("{s}");
        }
    };
    for i in &infeasible {
        say(format!(
            "infeasible: {} (off by {:.1}): {}",
            i.constraint, i.by_how_much, i.message
        ));
    }
    for v in &report.violations {
        say(format!("checker: {}", show::violation(v)));
    }
    match saved {
        Some(v) => say(format!("saved as plan version {v}")),
        None if file.is_none() => say("the checker refused the plan: nothing was saved".into()),
        None => {}
    }
    Ok(if infeasible.is_empty() && report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(INFEASIBLE)
    })
}

/// `plan check FILE|ID`: exit 1 when the plan fails.
fn check(app: &AthleteScope, what: &str, json: bool) -> paceline_app::Result<ExitCode> {
    let path = Path::new(what);
    let report = match what.parse::<u32>() {
        Ok(v) if !path.exists() => app.check_plan_version(Some(v))?,
        _ => {
            let p: Plan = serde_json::from_str(&read(path)?)
                .map_err(|e| bad(format!("{what}: not a plan (export JSON): {e}")))?;
            app.check_plan(&p)?
        }
    };
    if json {
        crate::print::json(&report);
    } else if report.passed() {
        println!("ok: the plan passes every check");
    } else {
        for v in &report.violations {
            println!("{}", show::violation(v));
        }
        println!("{} problem(s)", report.violations.len());
    }
    Ok(if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
