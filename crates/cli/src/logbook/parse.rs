//! The logbook's argument syntax: sets (`5x100@8`), durations (`45m`), distances
//! (`8km`), times (`18:30`). Pure, unit-tested here.

use paceline_types::SetEntry;

/// Sets written `[SETSx]REPSxKG[@RPE|@rirN][/REST]`: `5x100`, `5x100kg@8`,
/// `3x5x100@rir2/120` (three sets of 5 at 100 kg, 2 reps in reserve, 120 s rest),
/// `8x0` (body weight). Validation of the values is the app's.
pub fn sets(spec: &str, exercise: &str) -> Result<Vec<SetEntry>, String> {
    let bad = || {
        format!(
            "{spec:?} is not a set: write REPSxKG (5x100), optionally SETSxREPSxKG (3x5x100), \
             @RPE (@8) or @rirN (@rir2), /REST seconds (/120)"
        )
    };
    let s = spec.trim().to_lowercase();
    let (s, rest_s) = match s.split_once('/') {
        Some((a, r)) => {
            let r = r.trim().trim_end_matches('s');
            (a.to_string(), Some(r.parse::<u32>().map_err(|_| bad())?))
        }
        None => (s, None),
    };
    let (load, effort) = match s.split_once('@') {
        Some((a, e)) => (a.to_string(), Some(e.trim().to_string())),
        None => (s, None),
    };
    let (rpe, rir) = match effort.as_deref() {
        None => (None, None),
        Some(e) => match e.strip_prefix("rir") {
            Some(n) => (None, Some(n.trim().parse::<u32>().map_err(|_| bad())?)),
            None => (Some(e.parse::<f64>().map_err(|_| bad())?), None),
        },
    };
    let parts: Vec<&str> = load.split('x').map(str::trim).collect();
    let (count, reps, kg) = match parts.as_slice() {
        [r, w] => ("1", *r, *w),
        [n, r, w] => (*n, *r, *w),
        _ => return Err(bad()),
    };
    let count: u32 = count.parse().map_err(|_| bad())?;
    let reps: u32 = reps.parse().map_err(|_| bad())?;
    let weight_kg: f64 = kg.trim_end_matches("kg").parse().map_err(|_| bad())?;
    if count == 0 || count > 50 {
        return Err(format!("{spec:?}: 1 to 50 sets at once"));
    }
    Ok((0..count)
        .map(|_| SetEntry {
            exercise: exercise.to_string(),
            reps,
            weight_kg,
            rpe,
            rir,
            rest_s,
            notes: String::new(),
        })
        .collect())
}

/// `45m`, `45min`, `1h30m`, `1h`, `90s`, `1:30:00`, `45:00`, or bare minutes (`45`) → seconds.
pub fn duration(s: &str) -> Result<f64, String> {
    let bad = || format!("{s:?} is not a duration: write 45m, 1h30m, 1:30:00 or minutes (45)");
    let t = s.trim().to_lowercase();
    if t.contains(':') {
        let parts: Vec<f64> = t
            .split(':')
            .map(|p| p.parse::<f64>().map_err(|_| bad()))
            .collect::<Result<_, _>>()?;
        return match parts.as_slice() {
            [m, sec] => Ok(m * 60.0 + sec),
            [h, m, sec] => Ok(h * 3600.0 + m * 60.0 + sec),
            _ => Err(bad()),
        };
    }
    if let Ok(min) = t.parse::<f64>() {
        return Ok(min * 60.0);
    }
    let mut total = 0.0;
    let mut num = String::new();
    let mut rest = t.as_str();
    while !rest.is_empty() {
        let c = rest.chars().next().unwrap_or(' ');
        if c.is_ascii_digit() || c == '.' {
            num.push(c);
            rest = &rest[1..];
            continue;
        }
        let (unit, len) = if rest.starts_with("min") {
            (60.0, 3)
        } else if c == 'h' {
            (3600.0, 1)
        } else if c == 'm' {
            (60.0, 1)
        } else if c == 's' {
            (1.0, 1)
        } else {
            return Err(bad());
        };
        total += num.parse::<f64>().map_err(|_| bad())? * unit;
        num.clear();
        rest = &rest[len..];
    }
    if !num.is_empty() {
        return Err(bad());
    }
    Ok(total)
}

/// `8km`, `800m`, `5mi`, or bare kilometres (`8`) → metres.
pub fn distance(s: &str) -> Result<f64, String> {
    let bad = || format!("{s:?} is not a distance: write 8km, 800m, 5mi or kilometres (8)");
    let t = s.trim().to_lowercase();
    let (num, factor) = if let Some(n) = t.strip_suffix("km") {
        (n, 1000.0)
    } else if let Some(n) = t.strip_suffix("mi") {
        (n, 1609.344)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 1.0)
    } else {
        (t.as_str(), 1000.0)
    };
    num.trim()
        .parse::<f64>()
        .map(|v| v * factor)
        .map_err(|_| bad())
}

/// `18:30` → minutes after midnight.
pub fn time_of_day(s: &str) -> Result<u32, String> {
    let bad = || format!("{s:?} is not a time of day: write HH:MM (18:30)");
    let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_read_as_written() {
        let s = sets("5x100@8", "back_squat").unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(
            (s[0].reps, s[0].weight_kg, s[0].rpe, s[0].rir),
            (5, 100.0, Some(8.0), None)
        );
        let s = sets("3x5x102.5kg@rir2/120s", "bench_press").unwrap();
        assert_eq!(s.len(), 3);
        assert!(s.iter().all(|x| x.reps == 5
            && x.weight_kg == 102.5
            && x.rir == Some(2)
            && x.rest_s == Some(120)
            && x.exercise == "bench_press"));
        assert_eq!(sets("8x0", "pull_up").unwrap()[0].weight_kg, 0.0);
        for bad in [
            "5",
            "5x",
            "x100",
            "5x100@",
            "5x100@rirx",
            "5x100/abc",
            "0x5x100",
        ] {
            assert!(sets(bad, "a").is_err(), "{bad}");
        }
    }

    #[test]
    fn durations_distances_and_times() {
        assert_eq!(duration("45m"), Ok(2700.0));
        assert_eq!(duration("45min"), Ok(2700.0));
        assert_eq!(duration("1h30m"), Ok(5400.0));
        assert_eq!(duration("1:30:00"), Ok(5400.0));
        assert_eq!(duration("45:30"), Ok(2730.0));
        assert_eq!(duration("45"), Ok(2700.0));
        assert_eq!(duration("90s"), Ok(90.0));
        assert!(duration("45x").is_err() && duration("1h30").is_err());
        assert_eq!(distance("8km"), Ok(8000.0));
        assert_eq!(distance("800m"), Ok(800.0));
        assert_eq!(distance("8"), Ok(8000.0));
        assert!((distance("1mi").unwrap() - 1609.344).abs() < 1e-9);
        assert!(distance("far").is_err());
        assert_eq!(time_of_day("18:30"), Ok(1110));
        assert!(time_of_day("24:00").is_err() && time_of_day("1830").is_err());
    }
}
