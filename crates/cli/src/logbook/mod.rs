//! `paceline log …`: strength sessions, manual workouts, the daily journal, body
//! metrics, templates and progress. Syntax of sets, durations and distances in
//! [`parse`]; scales and formulas in docs/logbook.md.

mod parse;

use std::path::PathBuf;

use clap::{CommandFactory, Subcommand};
use paceline_app::{AppError, AthleteScope, Result};
use paceline_types::date::{format_ymd, parse_ymd};
use paceline_types::{
    units, BodyEntry, ExerciseInfo, ExerciseProgress, JournalEntry, LogbookChartKind,
    LogbookChartRequest, ManualInput, SessionInput, SessionSource, SetEntry, Sport, Theme,
};

use crate::print;

#[derive(Subcommand)]
pub enum LogCmd {
    /// Log a strength session: `--exercise "Back squat" --set 5x100@8 --set 3x110
    /// --exercise bench_press --set 3x5x80@rir2/120` (each --set belongs to the
    /// --exercise before it; SETSxREPSxKG, @RPE or @rirN, /REST seconds).
    Strength {
        /// Exercise (library id or name, or your own) for the --set options after it.
        #[arg(long)]
        exercise: Vec<String>,
        /// A set (or several: 3x5x100) of the --exercise before it.
        #[arg(long)]
        set: Vec<String>,
        /// Day (YYYY-MM-DD, default today).
        #[arg(long)]
        date: Option<String>,
        /// Start time, HH:MM.
        #[arg(long)]
        time: Option<String>,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        notes: Option<String>,
        /// Review the strength sets of this imported activity (the file's sets stay).
        #[arg(long)]
        activity: Option<i64>,
        /// Replace logged session ID instead of adding one.
        #[arg(long)]
        id: Option<i64>,
        /// Start from template ID (its sets come before any --set given).
        #[arg(long)]
        template: Option<i64>,
    },
    /// Log a workout without a file, scored by its session RPE:
    /// `--sport run --duration 45m --rpe 6 [--distance 8km]`.
    Manual {
        /// run, ride, swim, walk, hike, row, ski, strength, yoga, other…
        #[arg(long)]
        sport: String,
        /// 45m, 1h30m, 1:30:00 or minutes.
        #[arg(long)]
        duration: String,
        /// Session RPE, 1 (very easy) to 10 (maximal).
        #[arg(long)]
        rpe: f64,
        /// 8km, 800m, 5mi or kilometres.
        #[arg(long)]
        distance: Option<String>,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        time: Option<String>,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        notes: Option<String>,
        /// Replace manual workout ID (its activity id).
        #[arg(long)]
        id: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Today's journal (or --date's); every scale 1–5: sleep 1 very poor … 5 excellent,
    /// soreness 1 none … 5 very sore, mood 1 very low … 5 very good, stress 1 very
    /// relaxed … 5 very stressed, motivation 1 none … 5 very eager.
    Journal {
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        sleep: Option<u8>,
        #[arg(long)]
        soreness: Option<u8>,
        #[arg(long)]
        mood: Option<u8>,
        #[arg(long)]
        stress: Option<u8>,
        #[arg(long)]
        motivation: Option<u8>,
        /// Body weight, kg.
        #[arg(long)]
        weight: Option<f64>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Body metrics of a day: weight kg, body fat %, resting HR, girths in cm.
    Body {
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        weight: Option<f64>,
        #[arg(long)]
        fat: Option<f64>,
        #[arg(long)]
        rhr: Option<f64>,
        #[arg(long)]
        waist: Option<f64>,
        #[arg(long)]
        hips: Option<f64>,
        #[arg(long)]
        chest: Option<f64>,
        #[arg(long)]
        arm: Option<f64>,
        #[arg(long)]
        thigh: Option<f64>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Everything logged, newest first (watch sessions to review included).
    List {
        #[arg(long)]
        json: bool,
    },
    /// An exercise's e1RM over time (Epley, Brzycki) and records; --chart writes the
    /// e1RM chart (PNG, or SVG by extension).
    Progress {
        exercise: String,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        chart: Option<PathBuf>,
        #[arg(long)]
        dark: bool,
    },
    /// Weekly volume per muscle group, records of every exercise, weight trend;
    /// --chart writes the volume chart, --weight-chart the body-weight chart.
    Summary {
        #[arg(long)]
        json: bool,
        #[arg(long)]
        chart: Option<PathBuf>,
        #[arg(long)]
        weight_chart: Option<PathBuf>,
        #[arg(long)]
        dark: bool,
    },
    /// The exercise library and your own exercises.
    Exercises {
        #[arg(long)]
        json: bool,
    },
    /// Templates: list, save a session as one, delete.
    Template {
        #[command(subcommand)]
        cmd: TemplateCmd,
    },
    /// Delete a logged entry: `session ID`, `manual ID`, `journal DATE`, `body DATE`.
    Delete { what: String, key: String },
}

#[derive(Subcommand)]
pub enum TemplateCmd {
    List {
        #[arg(long)]
        json: bool,
    },
    /// Save logged session SESSION as a template.
    Save {
        session: i64,
        name: String,
    },
    Delete {
        id: i64,
    },
}

fn invalid(msg: impl Into<String>) -> AppError {
    AppError::InvalidInput(msg.into())
}

fn day(app: &AthleteScope, date: &Option<String>) -> Result<i32> {
    match date {
        None => app.today(),
        Some(d) => parse_ymd(d.trim())
            .map(|d| d as i32)
            .ok_or_else(|| invalid(format!("{d:?} is not a date (YYYY-MM-DD)"))),
    }
}

fn exercise(list: &[ExerciseInfo], what: &str) -> Result<ExerciseInfo> {
    let k = what.trim();
    list.iter()
        .find(|e| e.id == k || e.name.eq_ignore_ascii_case(k))
        .cloned()
        .ok_or_else(|| {
            invalid(format!(
                "no exercise {what:?}: see `paceline log exercises`, or add your own in the app"
            ))
        })
}

fn name_of(list: &[ExerciseInfo], id: &str) -> String {
    list.iter()
        .find(|e| e.id == id)
        .map_or_else(|| format!("{id} (pick an exercise)"), |e| e.name.clone())
}

/// The --set options of `log strength`, each paired with the --exercise before it
/// (clap keeps their positions on the command line).
fn strength_sets(list: &[ExerciseInfo]) -> Result<Vec<SetEntry>> {
    let m = crate::Cli::command().get_matches();
    let Some(m) = m
        .subcommand_matches("log")
        .and_then(|m| m.subcommand_matches("strength"))
    else {
        return Ok(Vec::new());
    };
    let with_idx = |name: &str| -> Vec<(usize, String)> {
        match (m.indices_of(name), m.get_many::<String>(name)) {
            (Some(i), Some(v)) => i.zip(v.cloned()).collect(),
            _ => Vec::new(),
        }
    };
    let exercises = with_idx("exercise");
    let mut out = Vec::new();
    for (at, spec) in with_idx("set") {
        let Some((_, ex)) = exercises.iter().rev().find(|(i, _)| *i < at) else {
            return Err(invalid(format!(
                "--set {spec}: give its --exercise before it"
            )));
        };
        let ex = exercise(list, ex)?;
        out.extend(parse::sets(&spec, &ex.id).map_err(invalid)?);
    }
    Ok(out)
}

fn set_line(list: &[ExerciseInfo], s: &SetEntry) -> String {
    let mut line = format!(
        "{:<26} {:>3} × {:>6} kg",
        name_of(list, &s.exercise),
        s.reps,
        fmt_kg(s.weight_kg)
    );
    if let Some(r) = s.rpe {
        line.push_str(&format!("  @{r}"));
    }
    if let Some(r) = s.rir {
        line.push_str(&format!("  RIR {r}"));
    }
    if let Some(r) = s.rest_s {
        line.push_str(&format!("  rest {r} s"));
    }
    line
}

fn fmt_kg(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

fn write_chart(svg: &str, out: &std::path::Path) -> Result<()> {
    let svg_out = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    let bytes = if svg_out {
        svg.as_bytes().to_vec()
    } else {
        paceline_app::charts::svg_to_png(svg, 1.0)?
    };
    std::fs::write(out, bytes)
        .map_err(|e| AppError::Internal(format!("cannot write {}: {e}", out.display())))?;
    println!("wrote {}", out.display());
    Ok(())
}

fn chart(app: &AthleteScope, kind: LogbookChartKind, dark: bool) -> Result<String> {
    Ok(app
        .logbook_chart(&LogbookChartRequest {
            kind,
            theme: if dark { Theme::Dark } else { Theme::Light },
            width: 900,
            height: 420,
        })?
        .svg)
}

pub fn run(app: &AthleteScope, cmd: LogCmd) -> Result<()> {
    match cmd {
        LogCmd::Strength {
            date,
            time,
            name,
            notes,
            activity,
            id,
            template,
            ..
        } => {
            let list = app.logbook_exercises()?;
            let day = day(app, &date)?;
            let mut input = match template {
                Some(t) => app.start_from_template(t, day)?,
                None => SessionInput {
                    day,
                    name: "Strength".into(),
                    ..Default::default()
                },
            };
            input.sets.extend(strength_sets(&list)?);
            if let Some(t) = time {
                input.start_min = Some(parse::time_of_day(&t).map_err(invalid)?);
            }
            if let Some(n) = name {
                input.name = n;
            }
            if let Some(n) = notes {
                input.notes = n;
            }
            input.activity_id = activity;
            let saved = app.save_strength_session(id, &input)?;
            let volume: f64 = input
                .sets
                .iter()
                .map(|s| f64::from(s.reps) * s.weight_kg)
                .sum();
            println!(
                "logged session {saved} on {}: {} sets, volume {} kg",
                format_ymd(i64::from(day)),
                input.sets.len(),
                fmt_kg(volume)
            );
        }
        LogCmd::Manual {
            sport,
            duration,
            rpe,
            distance,
            date,
            time,
            name,
            notes,
            id,
            json,
        } => {
            let sport = Sport::from_key(sport.trim()).ok_or_else(|| {
                invalid(format!(
                    "unknown sport {sport:?} (run, ride, swim, walk, hike, …)"
                ))
            })?;
            let input = ManualInput {
                day: day(app, &date)?,
                start_min: time
                    .map(|t| parse::time_of_day(&t))
                    .transpose()
                    .map_err(invalid)?,
                sport,
                duration_s: parse::duration(&duration).map_err(invalid)?,
                distance_m: distance
                    .map(|d| parse::distance(&d))
                    .transpose()
                    .map_err(invalid)?,
                rpe,
                name: name.unwrap_or_default(),
                notes: notes.unwrap_or_default(),
            };
            let w = app.save_manual_workout(id, &input)?;
            if json {
                print::json(&w);
            } else {
                println!(
                    "logged {} #{} on {}: {} at RPE {}, session RPE {:.0} AU, load {}",
                    w.input.name,
                    w.id,
                    format_ymd(i64::from(w.input.day)),
                    units::duration(w.input.duration_s),
                    w.input.rpe,
                    w.session_rpe,
                    w.load.map_or("—".into(), |l| format!("{l:.1}"))
                );
            }
        }
        LogCmd::Journal {
            date,
            sleep,
            soreness,
            mood,
            stress,
            motivation,
            weight,
            note,
        } => {
            let e = JournalEntry {
                day: day(app, &date)?,
                sleep_quality: sleep,
                soreness,
                mood,
                stress,
                motivation,
                weight_kg: weight,
                notes: note.unwrap_or_default(),
            };
            app.save_journal(&e)?;
            println!("journal of {} saved", format_ymd(i64::from(e.day)));
        }
        LogCmd::Body {
            date,
            weight,
            fat,
            rhr,
            waist,
            hips,
            chest,
            arm,
            thigh,
            note,
        } => {
            let e = BodyEntry {
                day: day(app, &date)?,
                weight_kg: weight,
                body_fat_pct: fat,
                resting_hr: rhr,
                waist_cm: waist,
                hip_cm: hips,
                chest_cm: chest,
                arm_cm: arm,
                thigh_cm: thigh,
                notes: note.unwrap_or_default(),
            };
            app.save_body_metrics(&e)?;
            println!("body metrics of {} saved", format_ymd(i64::from(e.day)));
        }
        LogCmd::List { json } => list(app, json)?,
        LogCmd::Progress {
            exercise,
            json,
            chart: out,
            dark,
        } => {
            let p = app.exercise_progress(&exercise)?;
            if json {
                print::json(&p);
            } else {
                print_progress(&p);
            }
            if let Some(out) = out {
                let kind = LogbookChartKind::E1rm {
                    exercise: p.records.exercise.id.clone(),
                };
                write_chart(&chart(app, kind, dark)?, &out)?;
            }
        }
        LogCmd::Summary {
            json,
            chart: out,
            weight_chart,
            dark,
        } => {
            let p = app.logbook_progress()?;
            if json {
                print::json(&p);
            } else {
                for w in &p.weekly_volume {
                    let by: Vec<String> = w
                        .by_muscle
                        .iter()
                        .map(|(m, v)| format!("{m} {}", fmt_kg(*v)))
                        .collect();
                    println!(
                        "week of {}: {}",
                        format_ymd(i64::from(w.monday)),
                        by.join(", ")
                    );
                }
                for r in &p.records {
                    print_records(r);
                }
                if let Some(last) = p.weight.last() {
                    println!(
                        "weight 7-day mean on {}: {} kg",
                        format_ymd(i64::from(last.day)),
                        fmt_kg(last.mean7_kg)
                    );
                }
            }
            if let Some(out) = out {
                write_chart(&chart(app, LogbookChartKind::WeeklyVolume, dark)?, &out)?;
            }
            if let Some(out) = weight_chart {
                write_chart(&chart(app, LogbookChartKind::BodyWeight, dark)?, &out)?;
            }
        }
        LogCmd::Exercises { json } => {
            let list = app.logbook_exercises()?;
            if json {
                print::json(&list);
            } else {
                for e in &list {
                    println!(
                        "{:<28} {:<28} {:<10} {}",
                        e.id,
                        e.name,
                        e.equipment,
                        e.muscles.join(", ")
                    );
                }
            }
        }
        LogCmd::Template { cmd } => match cmd {
            TemplateCmd::List { json } => {
                let t = app.strength_templates()?;
                if json {
                    print::json(&t);
                } else {
                    let list = app.logbook_exercises()?;
                    for t in &t {
                        println!("#{} {} ({} sets)", t.id, t.name, t.sets.len());
                        for s in &t.sets {
                            println!("    {}", set_line(&list, s));
                        }
                    }
                }
            }
            TemplateCmd::Save { session, name } => {
                let id = app.save_template(session, &name)?;
                println!("saved template {id}");
            }
            TemplateCmd::Delete { id } => app.delete_template(id)?,
        },
        LogCmd::Delete { what, key } => {
            let id = || {
                key.parse::<i64>()
                    .map_err(|_| invalid(format!("{key:?} is not an id")))
            };
            let date = || day(app, &Some(key.clone()));
            match what.as_str() {
                "session" => app.delete_strength_session(id()?)?,
                "manual" => app.delete_manual_workout(id()?)?,
                "journal" => app.delete_journal(date()?)?,
                "body" => app.delete_body_metrics(date()?)?,
                other => {
                    return Err(invalid(format!(
                        "delete what? {other:?}: session ID, manual ID, journal DATE or body DATE"
                    )))
                }
            }
            println!("deleted");
        }
    }
    Ok(())
}

fn list(app: &AthleteScope, json: bool) -> Result<()> {
    let lb = app.logbook()?;
    if json {
        print::json(&lb);
        return Ok(());
    }
    let ex = app.logbook_exercises()?;
    for s in &lb.sessions {
        let (id, tag) = match (s.id, s.source) {
            (Some(id), SessionSource::Reviewed) => (format!("#{id}"), " (reviewed watch file)"),
            (Some(id), _) => (format!("#{id}"), ""),
            (None, _) => ("to review".to_string(), " (watch file)"),
        };
        println!(
            "{}  strength {id}: {}{tag}, {} sets, {} kg{}",
            format_ymd(i64::from(s.input.day)),
            s.input.name,
            s.input.sets.len(),
            fmt_kg(s.volume_kg),
            s.input
                .activity_id
                .map_or(String::new(), |a| format!(", activity {a}"))
        );
        for x in &s.input.sets {
            println!("    {}", set_line(&ex, x));
        }
    }
    for w in &lb.manual {
        println!(
            "{}  manual #{}: {} ({}), {}{}, RPE {}, load {}",
            format_ymd(i64::from(w.input.day)),
            w.id,
            w.input.name,
            w.input.sport.key(),
            units::duration(w.input.duration_s),
            w.input
                .distance_m
                .map_or(String::new(), |d| format!(", {:.2} km", d / 1000.0)),
            w.input.rpe,
            w.load.map_or("—".into(), |l| format!("{l:.1}"))
        );
    }
    for j in &lb.journal {
        let f = |v: Option<u8>| v.map_or("–".into(), |v| v.to_string());
        println!(
            "{}  journal: sleep {} soreness {} mood {} stress {} motivation {}{}{}",
            format_ymd(i64::from(j.day)),
            f(j.sleep_quality),
            f(j.soreness),
            f(j.mood),
            f(j.stress),
            f(j.motivation),
            j.weight_kg
                .map_or(String::new(), |w| format!(", {} kg", fmt_kg(w))),
            if j.notes.is_empty() {
                String::new()
            } else {
                format!(" — {}", j.notes)
            }
        );
    }
    for b in &lb.body {
        let mut parts = Vec::new();
        let mut add = |label: &str, v: Option<f64>, unit: &str| {
            if let Some(v) = v {
                parts.push(format!("{label} {}{unit}", fmt_kg(v)));
            }
        };
        add("weight", b.weight_kg, " kg");
        add("body fat", b.body_fat_pct, " %");
        add("resting HR", b.resting_hr, " bpm");
        add("waist", b.waist_cm, " cm");
        add("hips", b.hip_cm, " cm");
        add("chest", b.chest_cm, " cm");
        add("arm", b.arm_cm, " cm");
        add("thigh", b.thigh_cm, " cm");
        println!(
            "{}  body: {}",
            format_ymd(i64::from(b.day)),
            parts.join(", ")
        );
    }
    if lb.sessions.is_empty() && lb.manual.is_empty() && lb.journal.is_empty() && lb.body.is_empty()
    {
        println!("Nothing logged yet: try `paceline log strength`, `log manual` or `log journal`.");
    }
    Ok(())
}

fn print_records(r: &paceline_types::ExerciseRecords) {
    let pr = |label: &str, p: Option<paceline_types::PrEntry>| {
        if let Some(p) = p {
            println!(
                "  {label:<18} {:>7} kg on {} ({} × {} kg)",
                fmt_kg((p.value * 10.0).round() / 10.0),
                format_ymd(i64::from(p.day)),
                p.reps,
                fmt_kg(p.weight_kg)
            );
        }
    };
    println!("{}", r.exercise.name);
    pr("heaviest", r.heaviest);
    pr("best e1RM (Epley)", r.best_e1rm);
    pr("best day volume", r.best_day_volume);
}

fn print_progress(p: &ExerciseProgress) {
    print_records(&p.records);
    if p.e1rm.is_empty() {
        println!("  no sets of 1–15 reps with weight yet");
        return;
    }
    println!("  {:<12} {:>10} {:>10}", "day", "Epley", "Brzycki");
    for x in &p.e1rm {
        println!(
            "  {:<12} {:>10.1} {:>10.1}",
            format_ymd(i64::from(x.day)),
            x.epley_kg,
            x.brzycki_kg
        );
    }
}
