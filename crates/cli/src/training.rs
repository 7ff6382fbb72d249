//! Training-load commands: metrics, PMC, charts and thresholds.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use paceline_app::{App, AthleteScope};
use paceline_types::date::{format_ymd, parse_ymd};
use paceline_types::{
    present, ChartRequest, LoadChartKind, LoadChartRequest, Sport, Theme, Threshold, ThresholdId,
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

/// `ftp`, `lthr`, `max-hr` (or `max_hr`), … → the one [`ThresholdKind`].
fn threshold_kind(s: &str) -> Result<ThresholdKind, String> {
    ThresholdKind::from_key(&s.trim().to_ascii_lowercase().replace('-', "_")).ok_or_else(|| {
        let keys: Vec<String> = ThresholdKind::ALL
            .iter()
            .map(|k| k.key().replace('_', "-"))
            .collect();
        format!(
            "unknown threshold kind {s:?}: give one of {}",
            keys.join(", ")
        )
    })
}

const KINDS_HELP: &str = "ftp, lthr, max-hr, resting-hr, threshold-speed, css or weight";

#[derive(Subcommand)]
pub enum ThresholdCmd {
    /// Add a dated value (valid from --from, default today).
    Set {
        #[arg(value_parser = threshold_kind, help = KINDS_HELP)]
        kind: ThresholdKind,
        /// W, bpm, kg; for threshold-speed and css m/s, or a pace m:ss per km / mi
        /// (threshold-speed) or per 100 m / 100 yd (css) in the vault's units.
        value: String,
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
        #[arg(value_parser = threshold_kind, help = KINDS_HELP)]
        kind: ThresholdKind,
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

/// A threshold value as typed: a number in the stored unit, or for a kind shown
/// as a pace a time "m:ss" per the pace's distance in `units`.
fn threshold_arg(kind: ThresholdKind, text: &str, units: Units) -> paceline_app::Result<f64> {
    let bad = |why: &str| {
        paceline_app::AppError::InvalidInput(format!("{} {text:?}: {why}", kind.label()))
    };
    if text.contains(':') {
        let (per, unit) = present::pace_basis(kind, units)
            .ok_or_else(|| bad("a time m:ss only fits threshold-speed and css"))?;
        let secs = paceline_types::units::parse_m_ss(text)
            .filter(|s| *s >= 1.0)
            .ok_or_else(|| bad(&format!("give a pace m:ss {unit}, like 4:15")))?;
        return Ok(per / secs);
    }
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| bad("give a number"))
}

/// A threshold with its unit ("250 W", "4:15 min/km"), or "-".
fn shown(kind: ThresholdKind, value: f64, units: Units) -> String {
    present::threshold_value(kind, value, units).unwrap_or_else(|| "-".into())
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

pub(crate) fn day_arg(s: &Option<String>, what: &str) -> paceline_app::Result<Option<i32>> {
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
        paceline_app::charts::svg_to_png(&svg, 2.0)?
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
            let units = app.app().units()?;
            let value = threshold_arg(kind, &value, units)?;
            let from_day = match day_arg(&from, "--from")? {
                Some(d) => d,
                None => app.today()?,
            };
            app.set_threshold(&Threshold {
                sport,
                kind,
                value,
                from_day,
            })?;
            println!(
                "set {} = {} from {} (activities rescored)",
                kind.label(),
                shown(kind, value, units),
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
                None => app.today()?,
            };
            app.set_threshold(&Threshold {
                sport: Some(Sport::Swim),
                kind: ThresholdKind::Css,
                value: css,
                from_day,
            })?;
            println!(
                "CSS {} from {} (swims rescored)",
                shown(ThresholdKind::Css, css, app.app().units()?),
                format_ymd(from_day.into())
            );
        }
        ThresholdCmd::Delete { kind, sport, from } => {
            let from_day = day_arg(&Some(from), "--from")?.expect("given");
            let id = ThresholdId {
                sport: sport_arg(sport)?,
                kind,
                from_day,
            };
            app.delete_threshold(&id)?;
            println!(
                "deleted {} from {} (activities rescored)",
                id.kind.label(),
                format_ymd(from_day.into())
            );
        }
        ThresholdCmd::List { json } => {
            let t = app.thresholds()?;
            if json {
                print::json(&t);
                return Ok(());
            }
            let units = app.app().units()?;
            for e in &t.entries {
                let sport = e.sport.map(|s| s.label()).unwrap_or("all sports");
                println!(
                    "{:<22} {:<12} {:>16}  from {}",
                    e.kind.label(),
                    sport,
                    shown(e.kind, e.value, units),
                    format_ymd(e.from_day.into())
                );
            }
            for s in &t.suggestions {
                let kind = s.threshold.kind;
                println!(
                    "suggestion: {} {} (now {}): {}",
                    kind.label(),
                    shown(kind, s.threshold.value, units),
                    s.current
                        .map_or("not set".into(), |c| shown(kind, c, units)),
                    s.reason
                );
            }
            for z in &t.zones {
                println!();
                println!("{}", z.title);
                for r in &z.zones {
                    let range = present::zone_range(z.kind, r, units);
                    println!("  {:<24} {}", r.name, range.as_deref().unwrap_or("-"));
                }
            }
        }
    }
    Ok(())
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
            None => app.today()? + 14,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_kinds_parse_by_key_with_dashes_or_underscores() {
        assert_eq!(threshold_kind("ftp"), Ok(ThresholdKind::Ftp));
        assert_eq!(threshold_kind("max-hr"), Ok(ThresholdKind::MaxHr));
        assert_eq!(threshold_kind("RESTING_HR"), Ok(ThresholdKind::RestingHr));
        assert_eq!(
            threshold_kind("threshold-speed"),
            Ok(ThresholdKind::ThresholdSpeed)
        );
        for k in ThresholdKind::ALL {
            assert_eq!(threshold_kind(&k.key().replace('_', "-")), Ok(k));
        }
        let e = threshold_kind("vo2max").unwrap_err();
        assert!(
            e.contains("\"vo2max\"") && e.contains("threshold-speed"),
            "{e}"
        );
    }

    #[test]
    fn threshold_values_as_numbers_or_paces() {
        let m = Units::Metric;
        assert_eq!(
            threshold_arg(ThresholdKind::Ftp, " 250 ", m).unwrap(),
            250.0
        );
        // 4:10 per km = 1000 m / 250 s = 4 m/s; 1:40 per 100 m = 1 m/s.
        assert_eq!(
            threshold_arg(ThresholdKind::ThresholdSpeed, "4:10", m).unwrap(),
            4.0
        );
        assert_eq!(threshold_arg(ThresholdKind::Css, "1:40", m).unwrap(), 1.0);
        assert_eq!(threshold_arg(ThresholdKind::Css, "1.2", m).unwrap(), 1.2);
        assert!(threshold_arg(ThresholdKind::Ftp, "4:10", m).is_err());
        assert!(threshold_arg(ThresholdKind::Css, "1:75", m).is_err());
        assert!(threshold_arg(ThresholdKind::Lthr, "fast", m).is_err());
    }
}
