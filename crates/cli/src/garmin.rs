//! `paceline garmin …` (sign-in, status, sync with a progress bar, the sync log, the
//! schedule, pushing a planned workout) and `paceline wellness`. Tokens never reach
//! this crate: the app keeps them.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use clap::Subcommand;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use paceline_app::{App, AppError, GarminLoginStep, GarminSyncOptions, SecretString, WorkoutRef};
use paceline_types::date::{format_date_time, format_ymd, parse_ymd};
use paceline_types::{
    AthleteId, GarminStatus, GarminSyncLogEntry, GarminSyncPhase, GarminSyncProgress,
    GarminSyncReport, GarminSyncScope, WellnessDayView,
};

use crate::training::day_arg;

#[derive(Subcommand)]
pub enum GarminCmd {
    /// Connect to Garmin Connect: with a service ticket (`ST-…` or the URL holding
    /// it), python-garminconnect's token file, or else email, password and MFA code.
    Login {
        /// The ticket, or the whole URL with `ticket=ST-…` (it works once).
        #[arg(long, conflicts_with = "import_tokens")]
        ticket: Option<String>,
        /// python-garminconnect's `garmin_tokens.json`.
        #[arg(long, value_name = "FILE")]
        import_tokens: Option<PathBuf>,
        /// The account's email (asked when not given).
        #[arg(long, conflicts_with_all = ["ticket", "import_tokens"])]
        email: Option<String>,
    },
    /// Whether this athlete is connected, and how the sync stands.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Sign out: the tokens are deleted (synced data stays).
    Logout,
    /// New activities and wellness days from Garmin Connect. The first sync backfills
    /// the history (from --since); Ctrl-C pauses, the next sync resumes.
    Sync {
        /// How far back a first sync reaches, YYYY-MM-DD (default: the whole history;
        /// wellness: the last 28 days).
        #[arg(long)]
        since: Option<String>,
        #[arg(long, conflicts_with = "activities_only")]
        wellness_only: bool,
        #[arg(long)]
        activities_only: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// No progress bar.
        #[arg(short, long)]
        quiet: bool,
    },
    /// The sync log: when, requests, new activities and days, outcome.
    Log {
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Sync on a schedule while the app runs: `every 6h`, `daily 07:00 Europe/Berlin`,
    /// or `off`. Without an argument, prints it.
    Schedule { spec: Option<String> },
    /// Send a planned workout (its date or #id from `paceline plan show`) to Garmin
    /// Connect, scheduled on its day.
    Push {
        workout: String,
        /// The plan version (default: the latest).
        #[arg(long)]
        version: Option<u32>,
    },
}

fn bad(m: String) -> AppError {
    AppError::InvalidInput(m)
}

pub fn run(app: &Arc<App>, athlete: AthleteId, cmd: GarminCmd) -> paceline_app::Result<ExitCode> {
    match cmd {
        GarminCmd::Login {
            ticket,
            import_tokens,
            email,
        } => {
            let s = if let Some(t) = ticket {
                app.garmin_connect_ticket(athlete, &t)?
            } else if let Some(f) = import_tokens {
                let json = std::fs::read_to_string(&f)
                    .map_err(|e| bad(format!("cannot read {}: {e}", f.display())))?;
                app.garmin_import_tokens(athlete, &json)?
            } else {
                interactive(app, athlete, email)?
            };
            println!(
                "Connected to Garmin Connect{}.",
                s.display_name
                    .map(|d| format!(" as {d}"))
                    .unwrap_or_default()
            );
        }
        GarminCmd::Status { json } => {
            let s = app.garmin_status(athlete)?;
            if json {
                crate::print::json(&s);
            } else {
                status(&s);
            }
        }
        GarminCmd::Logout => {
            if app.garmin_logout(athlete)? {
                println!("Signed out of Garmin Connect (synced data kept).");
            } else {
                println!("Not connected to Garmin Connect.");
            }
        }
        GarminCmd::Sync {
            since,
            wellness_only,
            activities_only,
            json,
            quiet,
        } => {
            let scope = match (wellness_only, activities_only) {
                (true, _) => GarminSyncScope::WellnessOnly,
                (_, true) => GarminSyncScope::ActivitiesOnly,
                _ => GarminSyncScope::All,
            };
            let opts = GarminSyncOptions {
                scope,
                since_day: day_arg(&since, "--since")?,
            };
            let r = sync(app, athlete, opts, !quiet && !json)?;
            if json {
                crate::print::json(&r);
            } else {
                println!("{}", report_line(&r));
            }
        }
        GarminCmd::Log { json, limit } => {
            let log = app.garmin_log(athlete, limit)?;
            if json {
                crate::print::json(&log);
            } else if log.is_empty() {
                println!("No sync yet: paceline garmin sync");
            } else {
                log.iter().for_each(|l| println!("{}", log_line(l)));
            }
        }
        GarminCmd::Schedule { spec } => match spec.as_deref() {
            None => match app
                .garmin_status(athlete)?
                .schedule
                .filter(|s| !s.is_empty())
            {
                Some(s) => println!("{s}"),
                None => println!("No scheduled sync."),
            },
            Some("off") => {
                app.set_garmin_schedule(athlete, None)?;
                println!("Scheduled sync off.");
            }
            Some(s) => {
                let next = app.set_garmin_schedule(athlete, Some(s))?;
                println!(
                    "Garmin sync {s} while Paceline runs{}.",
                    next.map(|n| format!("; next at {} UTC", format_date_time(n, 0)))
                        .unwrap_or_default()
                );
            }
        },
        GarminCmd::Push { workout, version } => {
            let which = match parse_ymd(&workout) {
                Some(d) => WorkoutRef::Date(paceline_app::plan::Date(d as i32)),
                None => WorkoutRef::Index(workout.trim_start_matches('#').parse().map_err(
                    |_| {
                        bad(format!(
                            "name the workout by its date (YYYY-MM-DD) or its id from `paceline plan show`, not {workout:?}"
                        ))
                    },
                )?),
            };
            let p = app.garmin_push_workout(athlete, which, version)?;
            println!(
                "Sent to Garmin Connect as workout {}, scheduled on {}.",
                p.workout_id, p.date
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One line from stdin after a prompt on stderr.
fn ask(prompt: &str) -> paceline_app::Result<String> {
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| bad(format!("cannot read the answer: {e}")))?;
    Ok(line.trim().to_string())
}

/// Email, password (not echoed on a terminal) and, when Garmin asks, the MFA code.
fn interactive(
    app: &Arc<App>,
    athlete: AthleteId,
    email: Option<String>,
) -> paceline_app::Result<GarminStatus> {
    let email = match email {
        Some(e) => e,
        None => ask("Garmin Connect email: ")?,
    };
    let password = if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Password: ")
            .map_err(|e| bad(format!("cannot read the password: {e}")))?
    } else {
        ask("Password: ")?
    };
    let password = SecretString::from(password);
    match app.garmin_login(athlete, &email, &password)? {
        GarminLoginStep::Connected(s) => Ok(s),
        GarminLoginStep::NeedsMfa(mfa) => {
            let mut tries = 0;
            loop {
                let code = ask(&format!("Code Garmin sent ({}): ", mfa.method()))?;
                match app.garmin_login_mfa(athlete, &mfa, &code) {
                    Err(e @ AppError::InvalidInput(_)) if tries < 2 => {
                        eprintln!("{e}");
                        tries += 1;
                    }
                    r => return r,
                }
            }
        }
    }
}

/// The sync in the foreground with a progress bar; Ctrl-C pauses it.
fn sync(
    app: &Arc<App>,
    athlete: AthleteId,
    opts: GarminSyncOptions,
    show: bool,
) -> paceline_app::Result<GarminSyncReport> {
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("\npausing: the next sync resumes here (Ctrl-C again to quit now)");
    });
    let bar = ProgressBar::with_draw_target(
        Some(0),
        if show {
            ProgressDrawTarget::stderr_with_hz(8)
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {msg}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let update = |p: &GarminSyncProgress| {
        bar.set_length(u64::from(p.total.max(1)));
        bar.set_position(u64::from(p.done));
        bar.set_message(progress_line(p));
    };
    let r = app.run_garmin_sync(athlete, opts, &update, &cancel);
    bar.finish_and_clear();
    r
}

/// "activities 12/200 · 11 new · 0 days · 14 requests"
fn progress_line(p: &GarminSyncProgress) -> String {
    let phase = match p.phase {
        GarminSyncPhase::Listing => "listing activities",
        GarminSyncPhase::Activities => "activities",
        GarminSyncPhase::Wellness => "wellness days",
    };
    format!(
        "{phase} {}/{} · {} new activities · {} new days · {} requests",
        p.done, p.total, p.new_activities, p.new_days, p.requests
    )
}

fn report_line(r: &GarminSyncReport) -> String {
    let mut s = format!(
        "{} new activities, {} already present, {} skipped, {} new wellness days · {} requests · {:.1} s",
        r.new_activities, r.already_present, r.skipped, r.new_days, r.requests, r.elapsed_s
    );
    if r.cancelled {
        s.push_str(" · paused (the next sync resumes)");
    }
    s
}

fn log_line(l: &GarminSyncLogEntry) -> String {
    let mut s = format!(
        "{} UTC  {:<9} {:>4} activities {:>4} days {:>5} requests",
        format_date_time(l.started_utc, 0),
        l.outcome,
        l.new_activities,
        l.new_days,
        l.requests
    );
    if let Some(e) = &l.error {
        s.push_str(&format!("  {e}"));
    }
    s
}

fn status(s: &GarminStatus) {
    if !s.connected {
        println!("Not connected to Garmin Connect: paceline garmin login");
    } else {
        println!(
            "Connected to Garmin Connect{}",
            s.display_name
                .as_ref()
                .map(|d| format!(" as {d}"))
                .unwrap_or_default()
        );
        if let Some(t) = s.refresh_expires_utc {
            println!("  sign-in valid until {} UTC", format_date_time(t, 0));
        }
    }
    println!("  {} activities synced", s.synced_activities);
    match (&s.backfill_since, s.backfill_done) {
        (_, true) => println!("  history backfilled"),
        (Some(d), false) => println!("  backfill from {d} not finished (resumes next sync)"),
        (None, false) => println!("  history not backfilled yet"),
    }
    if let Some(w) = &s.wellness_through {
        println!("  wellness through {w}");
    }
    if let Some(sc) = s.schedule.as_ref().filter(|s| !s.is_empty()) {
        println!("  scheduled: {sc}");
    }
    if let Some(u) = s.login_cooldown_until_utc {
        println!(
            "  sign-in blocked by Garmin until {} UTC",
            format_date_time(u, 0)
        );
    }
    if let Some(l) = &s.last_sync {
        println!("  last sync: {}", log_line(l));
    }
}

/// `paceline wellness`: the stored days, whatever their source.
pub fn wellness(
    app: &App,
    athlete: AthleteId,
    today: i32,
    from: &Option<String>,
    to: &Option<String>,
    json: bool,
) -> paceline_app::Result<()> {
    let to = day_arg(to, "--to")?.unwrap_or(today);
    let from = day_arg(from, "--from")?.unwrap_or(to - 27);
    let days = app.wellness_days(athlete, from, to)?;
    if json {
        crate::print::json(&days);
        return Ok(());
    }
    if days.is_empty() {
        println!(
            "No wellness days from {} to {}.",
            format_ymd(from.into()),
            format_ymd(to.into())
        );
        return Ok(());
    }
    println!(
        "{:<10}  {:>5} {:>4} {:>5} {:>5} {:>6} {:>6} {:>4} {:>4} {:>5} {:>5} {:>6} {:>5}  source",
        "date",
        "HRV",
        "RHR",
        "sleep",
        "score",
        "steps",
        "stress",
        "BB+",
        "BB-",
        "resp",
        "SpO2",
        "kg",
        "ready"
    );
    for d in &days {
        println!("{}", wellness_line(d));
    }
    Ok(())
}

fn wellness_line(d: &WellnessDayView) -> String {
    let f = |v: Option<f64>, w: usize, p: usize| match v {
        Some(x) => format!("{x:>w$.p$}"),
        None => format!("{:>w$}", "–"),
    };
    format!(
        "{:<10}  {} {} {} {} {} {} {} {} {} {} {} {}  {}",
        d.date,
        f(d.hrv_rmssd_ms, 5, 0),
        f(d.resting_hr, 4, 0),
        f(d.sleep_s.map(|s| s / 3600.0), 5, 1),
        f(d.sleep_score, 5, 0),
        f(d.steps.map(|s| s as f64), 6, 0),
        f(d.stress_avg, 6, 0),
        f(d.body_battery_high, 4, 0),
        f(d.body_battery_low, 4, 0),
        f(d.respiration_avg, 5, 1),
        f(d.spo2_avg, 5, 0),
        f(d.weight_kg, 6, 1),
        f(d.readiness_score, 5, 0),
        d.source.as_deref().unwrap_or("")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wellness_line_shows_hours_and_dashes() {
        let d = WellnessDayView {
            date: "2026-03-01".into(),
            hrv_rmssd_ms: Some(61.4),
            sleep_s: Some(27_000.0),
            steps: Some(12_413),
            source: Some("garmin".into()),
            ..Default::default()
        };
        assert_eq!(
            wellness_line(&d),
            "2026-03-01     61    –   7.5     –  12413      –    –    –     –     –      –     –  garmin"
        );
    }
}
