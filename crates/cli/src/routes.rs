//! `paceline routes …`: the route library (GPX import, save an activity as a route),
//! one route's figures, sections and time estimate, its pictures, the athlete's
//! efforts on it, section edits, bikes and the estimate's assumptions.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use paceline_app::{AppError, AthleteScope, WorkoutRef};
use paceline_types::units::{duration, parse_m_ss};
use paceline_types::{
    date, BikeEntry, RouteAssumptionsSet, RouteChartKind, RouteIntensity, RouteView, Theme, Units,
};

use crate::print;

#[derive(Subcommand)]
pub enum RoutesCmd {
    /// Import GPX routes or tracks (one route per file; a bad file does not stop the
    /// others, the exit status says one failed).
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The routes with their ids, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// A route's figures, sections, time estimate and gears.
    Show {
        id: i64,
        #[command(flatten)]
        at: At,
        #[arg(long)]
        json: bool,
    },
    /// The time per section and in total at a power, a share of FTP or a pace.
    Estimate {
        id: i64,
        #[command(flatten)]
        at: At,
        #[arg(long)]
        json: bool,
    },
    /// Draw the elevation profile (coloured by grade) or the outline, PNG or SVG by
    /// the file's extension.
    Chart {
        id: i64,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = ChartKind::Profile)]
        kind: ChartKind,
        #[arg(long)]
        dark: bool,
        #[arg(long, default_value_t = 1000)]
        width: u32,
        #[arg(long, default_value_t = 400)]
        height: u32,
    },
    /// Recorded activities that rode or ran the route, fastest first, per section.
    Efforts {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Save a recorded activity's GPS line as a route.
    SaveActivity {
        activity_id: i64,
        #[arg(long)]
        name: Option<String>,
    },
    /// Delete a route.
    Delete { id: i64 },
    /// Split, merge, rename sections (numbered from 1 as `show` lists them), or
    /// reset them to the automatic split.
    Section {
        #[command(subcommand)]
        cmd: SectionCmd,
    },
    /// Bikes with their gearing: add, list, remove.
    Bike {
        #[command(subcommand)]
        cmd: BikeCmd,
    },
    /// The estimate's assumptions; prints them, or sets those given.
    Assumptions {
        #[arg(long)]
        bike_kg: Option<f64>,
        #[arg(long)]
        cda: Option<f64>,
        #[arg(long)]
        crr: Option<f64>,
        /// Share of pedal power lost in the drivetrain, e.g. 0.025.
        #[arg(long)]
        loss: Option<f64>,
    },
    /// Link a workout of the current plan (`#n` as `plan show` lists it, or its
    /// date YYYY-MM-DD) to a route; `--unlink` removes the link.
    Link {
        workout: String,
        route: Option<i64>,
        #[arg(long)]
        unlink: bool,
    },
}

#[derive(Args)]
#[group(multiple = false)]
pub struct At {
    /// Ride at this power, W.
    #[arg(long)]
    power: Option<f64>,
    /// Ride at this % of the FTP valid today.
    #[arg(long)]
    ftp_pct: Option<f64>,
    /// Run at this flat pace per km, M:SS.
    #[arg(long)]
    pace: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ChartKind {
    Profile,
    Outline,
}

#[derive(Subcommand)]
pub enum SectionCmd {
    /// Split the section containing AT_KM km from the start there.
    Split { id: i64, at_km: f64 },
    /// Merge section N with the next.
    Merge { id: i64, n: usize },
    /// Rename section N.
    Rename { id: i64, n: usize, name: String },
    /// Back to the automatic split.
    Reset { id: i64 },
}

#[derive(Subcommand)]
pub enum BikeCmd {
    /// Add a bike, e.g. `--chainrings 50,34 --cassette 11,12,13,14,15,17,19,21,24,28`.
    Add {
        name: String,
        #[arg(long, value_delimiter = ',', required = true)]
        chainrings: Vec<u16>,
        #[arg(long, value_delimiter = ',', required = true)]
        cassette: Vec<u16>,
        /// Rolling circumference of the rear wheel, m (700×28c ≈ 2.136).
        #[arg(long, default_value_t = 2.136)]
        wheel_m: f64,
        /// Lowest comfortable cadence, rpm.
        #[arg(long, default_value_t = 60.0)]
        min_cadence: f64,
        /// Make it the default bike (the first bike always is).
        #[arg(long)]
        default: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Remove {
        id: i64,
    },
}

fn bad(msg: impl Into<String>) -> AppError {
    AppError::InvalidInput(msg.into())
}

fn intensity(at: &At) -> paceline_app::Result<Option<RouteIntensity>> {
    Ok(match (at.power, at.ftp_pct, &at.pace) {
        (Some(watts), _, _) => Some(RouteIntensity::Power { watts }),
        (_, Some(pct), _) => Some(RouteIntensity::FtpPct { pct }),
        (_, _, Some(p)) => Some(RouteIntensity::Pace {
            s_per_km: parse_m_ss(p).ok_or_else(|| {
                bad(format!(
                    "--pace is minutes:seconds per km, e.g. 5:30 (got {p})"
                ))
            })?,
        }),
        _ => None,
    })
}

fn section_index(n: usize) -> paceline_app::Result<usize> {
    n.checked_sub(1)
        .ok_or_else(|| bad("sections are numbered from 1, as `routes show` lists them"))
}

pub fn run(app: &AthleteScope, cmd: RoutesCmd) -> paceline_app::Result<ExitCode> {
    let units = app.app().units()?;
    match cmd {
        RoutesCmd::Import { files, json } => {
            let out = app.import_route_files(&files);
            if json {
                print::json(&out);
            } else {
                for o in &out {
                    match (&o.route_id, &o.error) {
                        (Some(id), _) => println!("imported   {}: route {id}", o.file),
                        (_, e) => println!("FAILED     {}: {}", o.file, e.as_deref().unwrap_or("")),
                    }
                }
            }
            let failed = out.iter().filter(|o| o.route_id.is_none()).count();
            if !json {
                println!("{} imported, {failed} failed", out.len() - failed);
            }
            return Ok(if failed == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        RoutesCmd::List { json } => {
            let list = app.routes()?;
            if json {
                print::json(&list);
            } else if list.is_empty() {
                println!("No routes yet: `paceline routes import FILE.gpx`.");
            } else {
                println!(
                    "{:>5}  {:<32} {:<6} {:>10} {:>8}",
                    "id", "name", "sport", "distance", "ascent"
                );
                for r in &list {
                    println!(
                        "{:>5}  {:<32} {:<6} {:>10} {:>8}",
                        r.id,
                        truncate(&r.name, 32),
                        r.sport.key(),
                        units.distance(r.distance_m),
                        units.elevation(r.ascent_m)
                    );
                }
            }
        }
        RoutesCmd::Show { id, at, json } => {
            let v = app.route_view(id, intensity(&at)?)?;
            if json {
                print::json(&v);
            } else {
                show(&v, units);
            }
        }
        RoutesCmd::Estimate { id, at, json } => {
            let v = app.route_view(id, intensity(&at)?)?;
            if json {
                print::json(&v);
            } else {
                estimate(&v, units);
            }
        }
        RoutesCmd::Chart {
            id,
            out,
            kind,
            dark,
            width,
            height,
        } => chart(app, id, &out, kind, dark, (width, height))?,
        RoutesCmd::Efforts { id, json } => {
            let list = app.route_efforts(id)?;
            if json {
                print::json(&list);
            } else if list.is_empty() {
                println!(
                    "No recorded activity rode or ran this route (within 50 m over 90 % of it)."
                );
            } else {
                for (i, e) in list.iter().enumerate() {
                    let times: Vec<String> = e
                        .section_times_s
                        .iter()
                        .map(|t| t.map_or_else(|| "–".into(), duration))
                        .collect();
                    println!(
                        "{:>2}. {:>8}  {}  #{} {}  [{}]",
                        i + 1,
                        duration(e.elapsed_s),
                        date::format_ymd(e.start_utc.div_euclid(86_400)),
                        e.activity_id,
                        e.name,
                        times.join(" | ")
                    );
                }
            }
        }
        RoutesCmd::SaveActivity { activity_id, name } => {
            let id = app.save_activity_as_route(activity_id, name.as_deref())?;
            println!("saved activity {activity_id} as route {id}");
        }
        RoutesCmd::Delete { id } => {
            app.delete_route(id)?;
            println!("deleted route {id}");
        }
        RoutesCmd::Section { cmd } => {
            let id = match cmd {
                SectionCmd::Split { id, at_km } => {
                    app.split_route_section(id, at_km * 1000.0)?;
                    id
                }
                SectionCmd::Merge { id, n } => {
                    app.merge_route_sections(id, section_index(n)?)?;
                    id
                }
                SectionCmd::Rename { id, n, name } => {
                    app.rename_route_section(id, section_index(n)?, &name)?;
                    id
                }
                SectionCmd::Reset { id } => {
                    app.reset_route_sections(id)?;
                    id
                }
            };
            sections(&app.route_view(id, None)?, units);
        }
        RoutesCmd::Bike { cmd } => bike(app, cmd)?,
        RoutesCmd::Assumptions {
            bike_kg,
            cda,
            crr,
            loss,
        } => {
            let cur = app.route_assumptions()?;
            if bike_kg.is_some() || cda.is_some() || crr.is_some() || loss.is_some() {
                app.set_route_assumptions(&RouteAssumptionsSet {
                    bike_kg: bike_kg.unwrap_or(cur.bike_kg),
                    cda_m2: cda.unwrap_or(cur.cda_m2),
                    crr: crr.unwrap_or(cur.crr),
                    drivetrain_loss: loss.unwrap_or(cur.drivetrain_loss),
                })?;
            }
            let a = app.route_assumptions()?;
            println!(
                "rider {:.1} kg{}, bike {:.1} kg, CdA {:.3} m², Crr {:.4}, drivetrain loss {:.1} %",
                a.rider_kg,
                if a.rider_kg_from_athlete {
                    ""
                } else {
                    " (default: set a weight threshold)"
                },
                a.bike_kg,
                a.cda_m2,
                a.crr,
                a.drivetrain_loss * 100.0
            );
        }
        RoutesCmd::Link {
            workout,
            route,
            unlink,
        } => {
            let which = match workout.strip_prefix('#') {
                Some(n) => WorkoutRef::Index(
                    n.parse()
                        .map_err(|_| bad(format!("{workout}: a workout is #n or YYYY-MM-DD")))?,
                ),
                None => WorkoutRef::Date(
                    paceline_app::plan::Date::parse(&workout)
                        .ok_or_else(|| bad(format!("{workout}: a workout is #n or YYYY-MM-DD")))?,
                ),
            };
            let route = match (route, unlink) {
                (Some(r), false) => Some(r),
                (None, true) => None,
                _ => return Err(bad("give a route id, or --unlink")),
            };
            app.link_workout_route(which, route)?;
            for l in app.workout_routes()? {
                println!(
                    "{}  {} → route {} {}",
                    date::format_ymd(i64::from(l.day)),
                    l.workout_name,
                    l.route_id,
                    l.route_name
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).chain(['…']).collect()
    }
}

fn intensity_line(v: &RouteView) -> String {
    match v.intensity {
        RouteIntensity::Power { watts } => format!("at {watts:.0} W"),
        RouteIntensity::FtpPct { pct } => format!(
            "at {pct:.0} % of FTP ({:.0} W)",
            v.power_w.unwrap_or_default()
        ),
        RouteIntensity::Pace { s_per_km } => format!("at {} /km flat pace", duration(s_per_km)),
    }
}

fn show(v: &RouteView, units: Units) {
    println!("{} (route {}, {})", v.name, v.id, v.sport.key());
    println!(
        "{}, ascent {}, descent {}, max grade {:.1} % (100 m), {} → {}",
        units.distance(v.distance_m),
        units.elevation(v.ascent_m),
        units.elevation(v.descent_m),
        v.max_grade_pct,
        units.elevation(v.ele_start_m),
        units.elevation(v.ele_end_m)
    );
    if !v.has_elevation {
        println!("(the file has no elevation: grades and climbs are unknown)");
    }
    estimate(v, units);
}

fn sections(v: &RouteView, units: Units) {
    println!(
        "{:>3}  {:<24} {:>9} {:>9} {:>8} {:>7} {:>7} {:>9} {:>7}",
        "#", "section", "from", "length", "ascent", "avg %", "max %", "time", "gear"
    );
    for (i, s) in v.sections.iter().enumerate() {
        println!(
            "{:>3}  {:<24} {:>9} {:>9} {:>8} {:>7.1} {:>7.1} {:>9} {:>7}",
            i + 1,
            truncate(&s.name, 24),
            units.distance(s.start_m),
            units.distance(s.distance_m),
            units.elevation(s.ascent_m),
            s.avg_grade_pct,
            s.max_grade_pct,
            s.est_time_s.map_or_else(|| "–".into(), duration),
            s.min_gear.as_deref().unwrap_or("–")
        );
    }
}

fn estimate(v: &RouteView, units: Units) {
    sections(v, units);
    let a = &v.assumptions;
    println!(
        "total {} {} ({}), rider {:.0} kg + bike {:.1} kg, CdA {:.2}, Crr {:.4}{}",
        duration(v.est_time_s),
        intensity_line(v),
        units.speed(v.avg_speed_mps),
        a.rider_kg,
        a.bike_kg,
        a.cda_m2,
        a.crr,
        match (&v.bike, v.min_cadence_rpm) {
            (Some(b), Some(c)) => format!("; gears of {b} at ≥ {c:.0} rpm"),
            _ => String::new(),
        }
    );
}

fn chart(
    app: &AthleteScope,
    id: i64,
    out: &Path,
    kind: ChartKind,
    dark: bool,
    (width, height): (u32, u32),
) -> paceline_app::Result<()> {
    let kind = match kind {
        ChartKind::Profile => RouteChartKind::Profile,
        ChartKind::Outline => RouteChartKind::Outline,
    };
    let theme = if dark { Theme::Dark } else { Theme::Light };
    let svg = app.route_chart(id, kind, theme, width, height)?.svg;
    let is_svg = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    let bytes = if is_svg {
        svg.into_bytes()
    } else {
        paceline_app::charts::svg_to_png(&svg, 2.0)?
    };
    std::fs::write(out, bytes).map_err(|e| bad(format!("{}: {e}", out.display())))?;
    println!("wrote {}", out.display());
    Ok(())
}

fn bike(app: &AthleteScope, cmd: BikeCmd) -> paceline_app::Result<()> {
    match cmd {
        BikeCmd::Add {
            name,
            chainrings,
            cassette,
            wheel_m,
            min_cadence,
            default,
        } => {
            let id = app.save_bike(&BikeEntry {
                id: 0,
                name,
                chainrings,
                cassette,
                wheel_circumference_m: wheel_m,
                min_cadence_rpm: min_cadence,
                is_default: default,
            })?;
            println!("added bike {id}");
        }
        BikeCmd::List { json } => {
            let list = app.bikes()?;
            if json {
                print::json(&list);
            } else if list.is_empty() {
                println!("No bikes: `paceline routes bike add NAME --chainrings 50,34 --cassette 11,…,28`.");
            }
            if !json {
                for b in &list {
                    let t = |v: &[u16]| v.iter().map(u16::to_string).collect::<Vec<_>>().join(",");
                    println!(
                        "{:>3}  {}{}: {} × {}, wheel {:.3} m, ≥ {:.0} rpm",
                        b.id,
                        b.name,
                        if b.is_default { " (default)" } else { "" },
                        t(&b.chainrings),
                        t(&b.cassette),
                        b.wheel_circumference_m,
                        b.min_cadence_rpm
                    );
                }
            }
        }
        BikeCmd::Remove { id } => {
            app.delete_bike(id)?;
            println!("removed bike {id}");
        }
    }
    Ok(())
}
