//! Human-readable output. Columns are fixed-width so the output lines up in a terminal.

use paceline_types::date::format_date_time;
use paceline_types::{
    present, units::duration, ActivityDetail, ActivitySummary, AppInfo, FileOutcome, ImportReport,
    Units,
};

pub fn json<T: serde::Serialize>(v: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(v).expect("wire types serialize")
    );
}

pub fn import_report(r: &ImportReport) {
    for f in &r.files {
        match f {
            FileOutcome::Imported { path, id, name } => {
                println!("imported   {path}  → #{id} {name}")
            }
            FileOutcome::AlreadyPresent { path, id, note } => match note {
                Some(n) => println!("present    {path}  (#{id}: {n})"),
                None => println!("present    {path}  (#{id})"),
            },
            FileOutcome::Skipped { path, reason } => println!("skipped    {path}: {reason}"),
            FileOutcome::Failed { path, reason } => println!("FAILED     {path}: {reason}"),
        }
    }
    println!("{}", r.headline());
}

fn opt(v: Option<f64>, f: impl Fn(f64) -> String) -> String {
    v.map(f).unwrap_or_else(|| "-".into())
}

/// Pace or speed as the sport reads it (swims per 100 m, runs per km, rides km/h).
fn speed_or_pace(a: &ActivitySummary, units: Units) -> String {
    a.avg_speed_mps
        .and_then(|v| present::pace_or_speed(a.sport, v, units))
        .unwrap_or_else(|| "-".into())
}

pub fn activities(list: &[ActivitySummary], units: Units) {
    println!(
        "{:>5}  {:16}  {:10}  {:>8}  {:>10}  {:>5}  {:>5}  name",
        "id", "start (local)", "sport", "time", "distance", "hr", "watts"
    );
    for a in list {
        println!(
            "{:>5}  {:16}  {:10}  {:>8}  {:>10}  {:>5}  {:>5}  {}",
            a.id,
            format_date_time(a.start_utc, a.utc_offset_s),
            a.sport.label(),
            duration(a.elapsed_s),
            opt(a.distance_m, |d| units.distance(d)),
            opt(a.avg_hr, |h| format!("{h:.0}")),
            opt(a.avg_power, |p| format!("{p:.0}")),
            a.name
        );
    }
    println!("{} activities", list.len());
}

pub fn detail(d: &ActivityDetail, units: Units) {
    let a = &d.summary;
    println!(
        "#{} {} — {} ({})",
        a.id,
        a.name,
        a.sport.label(),
        format_date_time(a.start_utc, a.utc_offset_s)
    );
    let rows: Vec<(&str, String)> = vec![
        ("elapsed", duration(a.elapsed_s)),
        ("moving", duration(a.moving_s)),
        ("distance", opt(a.distance_m, |v| units.distance(v))),
        ("ascent", opt(a.ascent_m, |v| units.elevation(v))),
        ("avg speed", speed_or_pace(a, units)),
        (
            "avg / max HR",
            format!(
                "{} / {}",
                opt(a.avg_hr, |v| format!("{v:.0}")),
                opt(a.max_hr, |v| format!("{v:.0} bpm"))
            ),
        ),
        (
            "avg / max power",
            format!(
                "{} / {}",
                opt(a.avg_power, |v| format!("{v:.0}")),
                opt(a.max_power, |v| format!("{v:.0} W"))
            ),
        ),
        ("cadence", opt(a.avg_cadence, |v| format!("{v:.0}"))),
        ("calories", opt(a.calories, |v| format!("{v:.0} kcal"))),
        ("device", a.device.clone().unwrap_or_else(|| "-".into())),
        (
            "samples",
            if d.sample_count == 0 {
                "none: the file holds totals and laps only (no chart)".into()
            } else {
                d.sample_count.to_string()
            },
        ),
        ("source", a.source_format.clone()),
    ];
    for (k, v) in rows {
        println!("  {k:<16} {v}");
    }
    extras(&d.extras, units);
    for w in &d.warnings {
        println!("  warning: {w}");
    }
    if !d.laps.is_empty() {
        println!("  laps:");
        for l in &d.laps {
            println!(
                "    {:>3}  {:>8}  {:>10}  hr {:>4}  {:>5} W",
                l.index + 1,
                duration(l.elapsed_s),
                opt(l.distance_m, |v| units.distance(v)),
                opt(l.avg_hr, |v| format!("{v:.0}")),
                opt(l.avg_power, |v| format!("{v:.0}"))
            );
        }
    }
}

pub fn info(i: &AppInfo) {
    println!("Paceline {}", i.version);
    println!("  athlete     {}", i.athlete_name);
    println!("  activities  {}", i.activity_count);
    println!("  data folder {}", i.data_dir);
    println!("  vault       {}", i.vault_path);
    println!(
        "  key         {}",
        match i.key_source {
            paceline_types::KeySource::Keyring => "random 256-bit key in the OS keyring",
            paceline_types::KeySource::Passphrase => "derived from PACELINE_PASSPHRASE (Argon2id)",
        }
    );
}

/// "25 m", "33.3 m", or in yards for imperial units ("25 yd" for a 22.86 m pool).
fn pool_length(m: f64, units: Units) -> String {
    let (v, unit) = match units {
        Units::Metric => (m, "m"),
        Units::Imperial => (m / 0.9144, "yd"),
    };
    if (v - v.round()).abs() < 0.05 {
        format!("{v:.0} {unit}")
    } else {
        format!("{v:.1} {unit}")
    }
}

fn extras(x: &paceline_types::ExtrasSummary, units: Units) {
    for (i, l) in x.legs.iter().enumerate() {
        println!(
            "  leg {:<12} {} {} {}",
            i + 1,
            l.sport.label(),
            duration(l.elapsed_s),
            opt(l.distance_m, |v| units.distance(v))
        );
    }
    if !x.streams.is_empty() {
        let names: Vec<String> = x.streams.iter().map(|s| s.label()).collect();
        println!("  {:<16} {}", "sensors", names.join(", "));
    }
    if x.hrv_beats > 0 {
        println!("  {:<16} {} beats", "HRV (RR)", x.hrv_beats);
    }
    if let Some(p) = x.pool_length_m {
        println!("  {:<16} {}", "pool", pool_length(p, units));
    }
    if x.active_lengths > 0 {
        let strokes = x
            .strokes
            .map(|s| format!(", {s} strokes"))
            .unwrap_or_default();
        println!("  {:<16} {}{strokes}", "pool lengths", x.active_lengths);
    }
    for (i, s) in x.strength_sets.iter().enumerate() {
        let reps = s
            .reps
            .map(|r| format!("{r} reps"))
            .unwrap_or_else(|| "-".into());
        let kg = s
            .weight_kg
            .map(|w| format!(" × {w:.1} kg"))
            .unwrap_or_default();
        println!("  set {:<12} {reps}{kg}", i + 1);
    }
    for f in &x.linked_files {
        println!("  {:<16} {f}", "linked file");
    }
}

#[cfg(test)]
mod tests {
    use paceline_types::Units;

    #[test]
    fn pool_lengths_read_as_pools_are_named() {
        assert_eq!(super::pool_length(25.0, Units::Metric), "25 m");
        assert_eq!(super::pool_length(33.33, Units::Metric), "33.3 m");
        assert_eq!(super::pool_length(22.86, Units::Imperial), "25 yd");
    }

    #[test]
    fn swims_read_per_100_m_like_in_the_window() {
        let mut a: paceline_types::ActivitySummary = serde_json::from_value(serde_json::json!({
            "id": 1, "name": "Pool", "sport": "swim", "start_utc": 0, "utc_offset_s": 0,
            "elapsed_s": 2100.0, "moving_s": 2100.0, "source_format": "fit",
            "avg_speed_mps": 100.0 / 105.0
        }))
        .expect("a summary");
        assert_eq!(super::speed_or_pace(&a, Units::Metric), "1:45 /100 m");
        a.sport = paceline_types::Sport::Ride;
        a.avg_speed_mps = Some(9.0);
        assert_eq!(super::speed_or_pace(&a, Units::Metric), "32.4 km/h");
        a.avg_speed_mps = None;
        assert_eq!(super::speed_or_pace(&a, Units::Metric), "-");
    }
}
