//! Training-load commands: metrics, PMC, charts and thresholds.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use paceline_app::{App, AthleteScope};
use paceline_types::date::{format_ymd, parse_ymd};
use paceline_types::{
    ChartRequest, LoadChartKind, LoadChartRequest, Sport, Theme, Threshold, ThresholdId,
    ThresholdKind, Units,
};

use crate::print;

#[derive(Clone, Copy, ValueEnum)]
pub enum ChartKind {
    /// Fitness, fatigue and form, last 90 days.
    Pmc,
    /// The PMC over the last year.
    PmcYear,
    /// The PMC over all history.
    PmcAll,
    /// Weekly load stacked by sport (16 weeks).
    Weekly,
    /// Mean-max power curve, best ever vs last 90 days, with the CP fit.
    PowerCurve,
    /// Morning HRV with its normal range, and resting HR (90 days).
    Hrv,
    /// One activity's streams with zones and laps (needs --id).
    Activity,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Ftp,
    Lthr,
    MaxHr,
    RestingHr,
    /// Threshold running speed in m/s (or give --pace MM:SS per km).
    ThresholdSpeed,
    /// Critical swim speed in m/s.
    Css,
    Weight,
}

#[derive(Subcommand)]
pub enum ThresholdCmd {
    /// Add a dated value (valid from --from, default today).
    Set {
        kind: Kind,
        value: f64,
        /// run, ride, swim…; omit for all sports.
        #[arg(long)]
        sport: Option<String>,
        /// YYYY-MM-DD.
        #[arg(long)]
        from: Option<String>,
    },
    /// Remove the value valid from --from (the previous one applies again) and
    /// rescore the activities.
    Delete {
        kind: Kind,
        /// run, ride, swim…; omit for an all-sports value.
        #[arg(long)]
        sport: Option<String>,
        /// YYYY-MM-DD: the day the value applies from, as `thresholds list` shows.
        #[arg(long)]
        from: String,
    },
    /// Set the critical swim speed from a 400/200 m test: `css-test 6:00 2:50`.
    CssTest {
        /// 400 m time, m:ss.
        t400: String,
        /// 200 m time, m:ss.
        t200: String,
        /// YYYY-MM-DD (default today).
        #[arg(long)]
        from: Option<String>,
    },
    /// List values with their history, and suggestions from recent activities.
    List {
        #[arg(long)]
        json: bool,
    },
}

impl Kind {
    fn wire(self) -> ThresholdKind {
        match self {
            Kind::Ftp => ThresholdKind::Ftp,
            Kind::Lthr => ThresholdKind::Lthr,
            Kind::MaxHr => ThresholdKind::MaxHr,
            Kind::RestingHr => ThresholdKind::RestingHr,
            Kind::ThresholdSpeed => ThresholdKind::ThresholdSpeed,
            Kind::Css => ThresholdKind::Css,
            Kind::Weight => ThresholdKind::Weight,
        }
    }
}

fn sport_arg(sport: Option<String>) -> paceline_app::Result<Option<Sport>> {
    sport
        .map(|s| {
            Sport::from_key(&s.to_ascii_lowercase()).ok_or_else(|| {
                paceline_app::AppError::InvalidInput(format!(
                    "unknown sport {s:?} (run, ride, swim, …)"
                ))
            })
        })
        .transpose()
}

fn day_arg(s: &Option<String>, what: &str) -> paceline_app::Result<Option<i32>> {
    s.as_deref()
        .map(|v| {
            parse_ymd(v).map(|d| d as i32).ok_or_else(|| {
                paceline_app::AppError::InvalidInput(format!(
                    "{what}: {v:?} is not a date (YYYY-MM-DD)"
                ))
            })
        })
        .transpose()
}

pub fn metrics(app: &AthleteScope, id: i64, json: bool) -> paceline_app::Result<()> {
    let m = app.activity_metrics(id)?;
    if json {
        print::json(&m);
        return Ok(());
    }
    let n = |v: Option<f64>, d: usize, unit: &str| {
        v.map(|x| format!("{x:.d$}{unit}"))
            .unwrap_or_else(|| "-".into())
    };
    println!(
        "  load             {} ({})",
        n(m.load, 1, ""),
        m.load_source.as_deref().unwrap_or("no source")
    );
    for (k, v) in [
        ("intensity", n(m.intensity_factor, 2, "")),
        ("NP", n(m.normalized_power, 0, " W")),
        ("VI", n(m.variability_index, 2, "")),
        ("EF", n(m.efficiency_factor, 2, "")),
        ("work", n(m.work_kj, 0, " kJ")),
        (
            "L/R balance",
            m.left_balance_pct
                .map_or("-".into(), |l| format!("{l:.1} / {:.1} %", 100.0 - l)),
        ),
        ("hrTSS", n(m.hr_tss, 1, "")),
        ("TRIMP", n(m.trimp, 1, "")),
        ("session RPE", n(m.session_rpe, 0, " AU")),
        ("decoupling", n(m.decoupling_pct, 1, " %")),
        ("FTP used", n(m.ftp, 0, " W")),
        ("LTHR used", n(m.lthr, 0, " bpm")),
    ] {
        println!("  {k:<16} {v}");
    }
    if let Some(cp) = m.critical_power {
        println!(
            "  {:<16} {:.0} W, W′ {:.1} kJ (best efforts of the 90 days before; {} durations)",
            "CP used",
            cp.cp_w,
            cp.w_prime_j / 1000.0,
            cp.efforts
        );
    }
    if let Some(w) = m.wbal {
        println!("  {:<16} {}", "W′bal low", w.describe());
    }
    if !m.best_efforts.is_empty() {
        let efforts: Vec<String> = m
            .best_efforts
            .iter()
            .map(|b| {
                format!(
                    "{} {:.0} W",
                    paceline_types::units::duration(f64::from(b.seconds)),
                    b.watts
                )
            })
            .collect();
        println!("  best efforts     {}", efforts.join(" · "));
    }
    for (title, zones) in [
        ("power zones", &m.power_zones),
        ("HR zones", &m.hr_zones),
        ("pace zones", &m.pace_zones),
    ] {
        if !zones.is_empty() {
            println!("  {title}:");
            for z in zones.iter() {
                println!(
                    "    {:<24} {}",
                    z.name,
                    paceline_types::units::duration(f64::from(z.seconds))
                );
            }
        }
    }
    for note in &m.notes {
        println!("  note: {note}");
    }
    Ok(())
}

pub fn pmc(
    app: &AthleteScope,
    from: &Option<String>,
    to: &Option<String>,
    csv: bool,
) -> paceline_app::Result<()> {
    let (from, to) = (day_arg(from, "--from")?, day_arg(to, "--to")?);
    let rows = app.pmc(from, to)?;
    // Same days, same order: both run from the first load (or --from) to --to.
    let balance = app.load_balance(from, to)?;
    print_pmc(&rows, Some(&balance), csv);
    Ok(())
}

/// PMC rows as a table or CSV; with `balance` (same days) also ACWR, monotony and
/// strain.
fn print_pmc(
    rows: &[paceline_app::PmcDay],
    balance: Option<&[paceline_app::BalanceDay]>,
    csv: bool,
) {
    let opt = |v: Option<f32>, d: usize| v.map(|x| format!("{x:.d$}")).unwrap_or_default();
    let mut header = if csv {
        "date,load,ctl,atl,tsb,ramp".to_string()
    } else {
        format!(
            "{:<10}  {:>6}  {:>6}  {:>6}  {:>6}  {:>6}",
            "date", "load", "CTL", "ATL", "TSB", "ramp"
        )
    };
    if balance.is_some() {
        header += &if csv {
            ",acwr,acwr_ewma,monotony,strain".to_string()
        } else {
            format!("  {:>5}  {:>5}  {:>6}", "ACWR", "mono", "strain")
        };
    }
    println!("{header}");
    for (i, d) in rows.iter().enumerate() {
        let day = format_ymd(d.day.into());
        let mut line = if csv {
            format!(
                "{day},{:.1},{:.2},{:.2},{:.2},{:.2}",
                d.load, d.ctl, d.atl, d.tsb, d.ramp
            )
        } else {
            format!(
                "{day:<10}  {:>6.0}  {:>6.1}  {:>6.1}  {:>6.1}  {:>6.1}",
                d.load, d.ctl, d.atl, d.tsb, d.ramp
            )
        };
        if let Some(b) = balance.and_then(|b| b.get(i)) {
            line += &if csv {
                format!(
                    ",{},{},{},{}",
                    opt(b.acwr, 3),
                    opt(b.acwr_ewma, 3),
                    opt(b.monotony, 3),
                    opt(b.strain, 1)
                )
            } else {
                format!(
                    "  {:>5}  {:>5}  {:>6}",
                    opt(b.acwr, 2),
                    opt(b.monotony, 2),
                    opt(b.strain, 0)
                )
            };
        }
        println!("{line}");
    }
}

pub fn chart(
    app: &AthleteScope,
    kind: ChartKind,
    id: Option<i64>,
    out: &PathBuf,
    dark: bool,
    by_distance: bool,
    (width, height): (u32, u32),
) -> paceline_app::Result<()> {
    let theme = if dark { Theme::Dark } else { Theme::Light };
    let load = |kind| {
        app.load_chart(&LoadChartRequest {
            kind,
            activity_id: id,
            theme,
            width,
            height,
        })
    };
    let svg = match kind {
        ChartKind::Pmc => load(LoadChartKind::Pmc90)?,
        ChartKind::PmcYear => load(LoadChartKind::Pmc365)?,
        ChartKind::PmcAll => load(LoadChartKind::PmcAll)?,
        ChartKind::Weekly => load(LoadChartKind::WeeklyLoad)?,
        ChartKind::PowerCurve => load(LoadChartKind::PowerCurve)?,
        ChartKind::Hrv => load(LoadChartKind::HrvTrend)?,
        ChartKind::Activity => app.activity_chart(&ChartRequest {
            id: id.ok_or_else(|| {
                paceline_app::AppError::InvalidInput("an activity chart needs --id".into())
            })?,
            theme,
            units: app.app().units()?,
            width,
            height,
            zones: true,
            laps: true,
            by_distance,
        })?,
    }
    .svg;
    let is_svg = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    let bytes = if is_svg {
        svg.into_bytes()
    } else {
        paceline_charts::svg_to_png(&svg, 2.0)
            .map_err(|e| paceline_app::AppError::Internal(e.to_string()))?
    };
    std::fs::write(out, bytes)
        .map_err(|e| paceline_app::AppError::InvalidInput(format!("{}: {e}", out.display())))?;
    println!("wrote {}", out.display());
    Ok(())
}

pub fn thresholds(app: &AthleteScope, cmd: ThresholdCmd) -> paceline_app::Result<()> {
    match cmd {
        ThresholdCmd::Set {
            kind,
            value,
            sport,
            from,
        } => {
            let sport = sport_arg(sport)?;
            let from_day = match day_arg(&from, "--from")? {
                Some(d) => d,
                None => (paceline_app::now_utc() / 86_400) as i32,
            };
            let kind = kind.wire();
            app.set_threshold(&Threshold {
                sport,
                kind,
                value,
                from_day,
            })?;
            println!(
                "set {kind:?} = {value} from {} (activities rescored)",
                format_ymd(from_day.into())
            );
        }
        ThresholdCmd::CssTest { t400, t200, from } => {
            let secs = |s: &str| {
                parse_m_ss(s).ok_or_else(|| {
                    paceline_app::AppError::InvalidInput(format!("{s:?} is not a time (m:ss)"))
                })
            };
            let css = App::css_from_test(secs(&t400)?, secs(&t200)?)?;
            let from_day = match day_arg(&from, "--from")? {
                Some(d) => d,
                None => (paceline_app::now_utc() / 86_400) as i32,
            };
            app.set_threshold(&Threshold {
                sport: Some(Sport::Swim),
                kind: ThresholdKind::Css,
                value: css,
                from_day,
            })?;
            let per100 = 100.0 / css;
            println!(
                "CSS {}:{:02} /100 m ({css:.3} m/s) from {} (swims rescored)",
                (per100 / 60.0) as u32,
                (per100 % 60.0).round() as u32,
                format_ymd(from_day.into())
            );
        }
        ThresholdCmd::Delete { kind, sport, from } => {
            let from_day = day_arg(&Some(from), "--from")?.expect("given");
            let id = ThresholdId {
                sport: sport_arg(sport)?,
                kind: kind.wire(),
                from_day,
            };
            app.delete_threshold(&id)?;
            println!(
                "deleted {:?} from {} (activities rescored)",
                id.kind,
                format_ymd(from_day.into())
            );
        }
        ThresholdCmd::List { json } => {
            let t = app.thresholds()?;
            if json {
                print::json(&t);
                return Ok(());
            }
            for e in &t.entries {
                let sport = e.sport.map(|s| s.label()).unwrap_or("all sports");
                println!(
                    "{:<16} {:<12} {:>8.2}  from {}",
                    format!("{:?}", e.kind),
                    sport,
                    e.value,
                    format_ymd(e.from_day.into())
                );
            }
            for s in &t.suggestions {
                println!(
                    "suggestion: {:?} {:.1} (now {:?}): {}",
                    s.threshold.kind, s.threshold.value, s.current, s.reason
                );
            }
            let units = app.app().units()?;
            for z in &t.zones {
                println!();
                println!("{}", z.title);
                for r in &z.zones {
                    println!("  {:<24} {}", r.name, zone_range(z.kind, r, units));
                }
            }
        }
    }
    Ok(())
}

/// "≤ 138 W", "136–151 bpm", "4:31–5:10 /km" (a pace zone's slow end comes last).
fn zone_range(kind: ThresholdKind, r: &paceline_types::ZoneRange, units: Units) -> String {
    if kind == ThresholdKind::ThresholdSpeed {
        let pace = |v: f64| units.pace(v).unwrap_or_else(|| "-".into());
        return match (r.low, r.high) {
            (None, Some(h)) => format!("slower than {}", pace(h)),
            (Some(l), None) => format!("faster than {}", pace(l)),
            (Some(l), Some(h)) => format!("{} to {}", pace(h), pace(l)),
            (None, None) => "-".into(),
        };
    }
    let unit = if kind == ThresholdKind::Ftp {
        "W"
    } else {
        "bpm"
    };
    match (r.low, r.high) {
        (None, Some(h)) => format!("up to {h:.0} {unit}"),
        (Some(l), None) => format!("from {l:.0} {unit}"),
        (Some(l), Some(h)) => format!("{l:.0}–{h:.0} {unit}"),
        (None, None) => "-".into(),
    }
}

pub fn rpe(app: &AthleteScope, id: i64, rating: &str) -> paceline_app::Result<()> {
    let rpe = match rating {
        "clear" | "none" => None,
        v => Some(v.parse::<f64>().map_err(|_| {
            paceline_app::AppError::InvalidInput(format!(
                "{v:?} is not a rating: give 0 (rest) … 10 (maximal), or `clear`"
            ))
        })?),
    };
    let m = app.set_activity_rpe(id, rpe)?;
    match (rpe, m.session_rpe) {
        (Some(r), Some(s)) => println!("#{id} rated RPE {r} (session RPE {s:.0} AU)"),
        _ => println!("#{id}: rating cleared"),
    }
    println!(
        "load {} ({})",
        m.load.map_or("-".into(), |l| format!("{l:.1}")),
        m.load_source.as_deref().unwrap_or("no source")
    );
    Ok(())
}

pub fn profile(
    app: &AthleteScope,
    name: Option<String>,
    sex: Option<String>,
) -> paceline_app::Result<()> {
    let mut p = app.profile()?;
    if let Some(n) = name {
        p.name = n;
    }
    if let Some(s) = sex {
        p.sex = match s.as_str() {
            "none" => None,
            k => Some(paceline_types::Sex::from_key(k).ok_or_else(|| {
                paceline_app::AppError::InvalidInput(format!(
                    "--sex {k:?}: give female, male or none"
                ))
            })?),
        };
    }
    app.set_profile(&p)?;
    println!("  name  {}", p.name);
    println!("  sex   {}", p.sex.map_or("not set", |s| s.key()));
    Ok(())
}

pub fn project(
    app: &AthleteScope,
    plan: &[String],
    to: &Option<String>,
    csv: bool,
) -> paceline_app::Result<()> {
    let plan = plan
        .iter()
        .map(|p| {
            let bad = || {
                paceline_app::AppError::InvalidInput(format!(
                    "{p:?}: give a planned day as DATE=LOAD, e.g. 2026-12-01=80"
                ))
            };
            let (day, load) = p.split_once('=').ok_or_else(bad)?;
            let day = parse_ymd(day.trim()).ok_or_else(bad)? as i32;
            let load: f64 = load.trim().parse().map_err(|_| bad())?;
            Ok((day, load))
        })
        .collect::<paceline_app::Result<Vec<_>>>()?;
    let to = match day_arg(to, "--to")? {
        Some(d) => d,
        None => match plan.iter().map(|p| p.0).max() {
            Some(d) => d,
            None => app.pmc(None, None)?.last().map_or(0, |d| d.day) + 14,
        },
    };
    print_pmc(&app.projection(&plan, to)?, None, csv);
    Ok(())
}

pub fn power_profile(app: &AthleteScope, days: u32, json: bool) -> paceline_app::Result<()> {
    if !(1..=3660).contains(&days) {
        return Err(paceline_app::AppError::InvalidInput(format!(
            "--days {days}: give 1 to 3660"
        )));
    }
    let p = app.power_profile(days)?;
    if json {
        print::json(&p);
        return Ok(());
    }
    let Some(p) = p else {
        println!("No ride with power in the last {days} days.");
        return Ok(());
    };
    let model = |m: &Option<paceline_types::CpModel>| match m {
        None => "- (not enough maximal efforts)".to_string(),
        Some(m) => format!(
            "CP {:.0} W, W′ {:.1} kJ{}, r² {:.3}{}",
            m.cp_w,
            m.w_prime_j / 1000.0,
            m.pmax_w
                .map(|p| format!(", Pmax {p:.0} W"))
                .unwrap_or_default(),
            m.r2,
            if m.credible { "" } else { " (not credible)" }
        ),
    };
    println!("Rides of the last {} days", p.days);
    println!("  2-parameter   {}", model(&p.cp2));
    println!("  3-parameter   {}", model(&p.cp3));
    if let Some(w) = p.eftp_w {
        let how = if p.eftp_from_cp {
            "the 2-parameter CP"
        } else {
            "95 % of the best 20 min"
        };
        println!("  eFTP          {w:.0} W ({how})");
    }
    if let Some(w) = p.best_20min_w {
        println!("  best 20 min   {w:.0} W");
    }
    Ok(())
}

/// "6:05" or "365" → seconds.
fn parse_m_ss(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.contains(':') {
        return paceline_types::units::parse_m_ss(s);
    }
    s.parse().ok().filter(|v: &f64| v.is_finite() && *v > 0.0)
}
