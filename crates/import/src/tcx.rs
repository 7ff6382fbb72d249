//! TCX (Garmin Training Center): activities, laps with the device's own totals, and
//! trackpoints with the `TPX` extension (Watts, Speed, RunCadence).
//!
//! A file with several `<Activity>` elements that follow each other (a Forerunner 305
//! brick or triathlon, TCX's way of writing multisport) becomes ONE multisport
//! activity: it is one workout to the athlete, and the same session recorded as FIT
//! imports as one multisport activity too. Activities days apart (an export of several
//! workouts) are not one workout: the first is imported and a warning says how many
//! were left out, since one file must give one activity here.

use paceline_model::{Activity, Lap, Sport, Streams};

use crate::xml::{self, attr, num, parse_time, Handler, XmlError};
use crate::{sniff, sport_from_text, ImportError};

#[derive(Default, Clone)]
struct Point {
    t: Option<f64>,
    lat: Option<f64>,
    lon: Option<f64>,
    alt: Option<f64>,
    dist: Option<f64>,
    hr: Option<f64>,
    cad: Option<f64>,
    watts: Option<f64>,
    speed: Option<f64>,
}

#[derive(Default, Clone)]
struct LapAcc {
    start: Option<f64>,
    total_time: Option<f64>,
    distance: Option<f64>,
    calories: Option<f64>,
    avg_hr: Option<f64>,
    max_hr: Option<f64>,
    cadence: Option<f64>,
    avg_watts: Option<f64>,
    max_watts: Option<f64>,
    avg_speed: Option<f64>,
}

#[derive(Default)]
struct Act {
    sport: Option<String>,
    id: Option<f64>,
    creator: Option<String>,
    laps: Vec<LapAcc>,
    points: Vec<Point>,
}

#[derive(Default)]
struct Tcx {
    acts: Vec<Act>,
    act: Option<Act>,
    lap: Option<LapAcc>,
    pt: Option<Point>,
}

fn parent(path: &[String]) -> &str {
    path.len().checked_sub(2).map_or("", |i| path[i].as_str())
}

impl Tcx {
    /// Keeps whatever was open when the input ended early.
    fn flush(&mut self) {
        let pt = self.pt.take();
        let lap = self.lap.take();
        if let Some(act) = self.act.as_mut() {
            act.points.extend(pt);
            act.laps.extend(lap);
        }
        self.acts.extend(self.act.take());
    }
}

impl Handler for Tcx {
    fn open(&mut self, path: &[String], attrs: &[(String, String)]) {
        match path.last().map(String::as_str) {
            Some("Activity") => {
                self.act = Some(Act {
                    sport: attr(attrs, "Sport").map(str::to_string),
                    ..Default::default()
                })
            }
            Some("Lap") if self.act.is_some() => {
                self.lap = Some(LapAcc {
                    start: attr(attrs, "StartTime").and_then(parse_time),
                    ..Default::default()
                })
            }
            Some("Trackpoint") if self.act.is_some() => self.pt = Some(Point::default()),
            _ => {}
        }
    }

    fn close(&mut self, path: &[String], text: &str) {
        let name = path.last().map_or("", String::as_str);
        let up = parent(path);
        let v = num(text);
        if let Some(p) = self.pt.as_mut() {
            match (name, up) {
                ("Trackpoint", _) => {
                    let p = self.pt.take();
                    if let Some(act) = self.act.as_mut() {
                        act.points.extend(p);
                    }
                }
                ("Time", _) => p.t = parse_time(text),
                ("LatitudeDegrees", _) => p.lat = v,
                ("LongitudeDegrees", _) => p.lon = v,
                ("AltitudeMeters", _) => p.alt = v,
                ("DistanceMeters", "Trackpoint") => p.dist = v,
                ("Value", "HeartRateBpm") => p.hr = v,
                ("Cadence", "Trackpoint") => p.cad = v,
                ("RunCadence", _) => p.cad = p.cad.or(v),
                ("Watts", _) => p.watts = v,
                ("Speed", _) => p.speed = v,
                _ => {}
            }
            return;
        }
        if let Some(l) = self.lap.as_mut() {
            match (name, up) {
                ("Lap", _) => {
                    let l = self.lap.take();
                    if let Some(act) = self.act.as_mut() {
                        act.laps.extend(l);
                    }
                }
                ("TotalTimeSeconds", "Lap") => l.total_time = v,
                ("DistanceMeters", "Lap") => l.distance = v,
                ("Calories", "Lap") => l.calories = v,
                ("Value", "AverageHeartRateBpm") => l.avg_hr = v,
                ("Value", "MaximumHeartRateBpm") => l.max_hr = v,
                ("Cadence", "Lap") => l.cadence = v,
                ("AvgWatts", _) => l.avg_watts = v,
                ("MaxWatts", _) => l.max_watts = v,
                ("AvgSpeed", _) => l.avg_speed = v,
                _ => {}
            }
            return;
        }
        if let Some(act) = self.act.as_mut() {
            match (name, up) {
                ("Activity", _) => self.acts.extend(self.act.take()),
                ("Id", "Activity") => act.id = parse_time(text),
                ("Name", "Creator") if act.creator.is_none() => {
                    act.creator = Some(text.to_string()).filter(|t| !t.is_empty())
                }
                _ => {}
            }
        }
    }
}

pub(crate) fn decode(bytes: &[u8]) -> Result<Activity, ImportError> {
    let text = xml::prepare(bytes);
    if !text.starts_with('<') || !text.contains("<TrainingCenterDatabase") {
        return Err(ImportError::WrongContent {
            expected: "TCX",
            looks_like: sniff(bytes),
        });
    }
    let mut t = Tcx::default();
    let damage = xml::walk(&text, &mut t).err();
    t.flush();
    build(t.acts, damage)
}

fn build(mut acts: Vec<Act>, damage: Option<XmlError>) -> Result<Activity, ImportError> {
    acts.retain(|a| !a.laps.is_empty() || a.points.iter().any(|p| p.t.is_some()));
    if acts.is_empty() {
        return Err(match damage {
            Some(e) => ImportError::Damaged {
                format: "TCX",
                reason: e.reason,
            },
            None => ImportError::NoActivity("no activity with laps or trackpoints".into()),
        });
    }
    let begin = |a: &Act| {
        a.points
            .iter()
            .find_map(|p| p.t)
            .or_else(|| a.laps.iter().find_map(|l| l.start))
            .or(a.id)
    };
    acts.sort_by(|a, b| {
        begin(a)
            .partial_cmp(&begin(b))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let Some(t0) = acts.iter().find_map(begin) else {
        return Err(ImportError::NoActivity("no times in the file".into()));
    };
    let total = acts.len();
    let joined = contiguous(&acts, begin);
    acts.truncate(joined);
    let mut a = Activity {
        start_utc: t0.floor() as i64,
        device: acts.iter().find_map(|x| x.creator.clone()),
        ..Default::default()
    };
    let mut sports: Vec<Sport> = acts
        .iter()
        .map(|x| {
            x.sport
                .as_deref()
                .and_then(sport_from_text)
                .unwrap_or(Sport::Other)
        })
        .collect();
    sports.dedup();
    a.sport = Some(if sports.len() > 1 {
        Sport::Multisport
    } else {
        sports[0]
    });
    a.streams = streams(&acts, a.start_utc as f64);
    let laps: Vec<&LapAcc> = acts.iter().flat_map(|x| &x.laps).collect();
    totals(&mut a, &laps, &acts);
    a.laps = laps.iter().map(|l| lap(l)).collect();
    if acts.len() > 1 {
        a.warnings.push(format!(
            "{} activities in one TCX file were joined into one multisport activity",
            acts.len()
        ));
    }
    if total > joined {
        a.warnings.push(format!(
            "the TCX file holds {total} separate activities; only the first was imported ({} left out)",
            total - joined
        ));
    }
    if let Some(e) = damage {
        a.warnings.push(if e.truncated {
            format!(
                "the file is cut off; the {} trackpoints before the cut were kept",
                a.streams.len()
            )
        } else {
            format!(
                "the file is damaged ({}); the data before it was kept",
                e.reason
            )
        });
    }
    Ok(a)
}

/// Longest break between two `<Activity>` elements that still makes them one workout
/// (a triathlon transition or a brick's changeover is minutes).
const MAX_JOIN_GAP_S: f64 = 2.0 * 3600.0;

/// How many of the (sorted) activities, from the first, follow each other closely.
fn contiguous(acts: &[Act], begin: impl Fn(&Act) -> Option<f64>) -> usize {
    let end = |a: &Act| {
        let last_point = a.points.iter().filter_map(|p| p.t).reduce(f64::max);
        let last_lap = a
            .laps
            .iter()
            .filter_map(|l| Some(l.start? + l.total_time.unwrap_or(0.0)))
            .reduce(f64::max);
        last_point.into_iter().chain(last_lap).reduce(f64::max)
    };
    let mut n = 1;
    while n < acts.len() {
        match (end(&acts[n - 1]), begin(&acts[n])) {
            (Some(e), Some(b)) if b - e <= MAX_JOIN_GAP_S => n += 1,
            _ => break,
        }
    }
    n
}

/// Trackpoints of all activities in time order. Each `<Activity>` counts distance from
/// zero, so later ones are shifted by the distance already covered.
fn streams(acts: &[Act], base: f64) -> Streams {
    let f = |v: Option<f64>| v.map_or(f32::NAN, |x| x as f32);
    let mut s = Streams::default();
    let mut carried = 0.0;
    for act in acts {
        let mut last_dist: f64 = 0.0;
        // Positions but no distances (some exporters): measure along the track.
        let measure = !act.points.iter().any(|p| p.dist.is_some());
        let mut walked = 0.0;
        let mut prev: Option<(f64, f64)> = None;
        for p in &act.points {
            let Some(t) = p.t.map(|t| t - base) else {
                continue;
            };
            if s.time_s.last().is_some_and(|&last| t < last) {
                continue;
            }
            let pos = p.lat.zip(p.lon);
            if let (true, Some((la, lo)), Some((pla, plo))) = (measure, pos, prev) {
                walked += xml::haversine_m(pla, plo, la, lo);
            }
            prev = pos.or(prev);
            let d = if measure {
                prev.map(|_| walked)
            } else {
                p.dist
            };
            if let Some(d) = d {
                last_dist = last_dist.max(d);
            }
            s.time_s.push(t);
            s.lat_deg.push(p.lat.unwrap_or(f64::NAN));
            s.lon_deg.push(p.lon.unwrap_or(f64::NAN));
            s.altitude_m.push(f(p.alt));
            s.distance_m.push(f(d.map(|d| d + carried)));
            s.speed_mps.push(f(p.speed));
            s.heart_rate.push(f(p.hr.filter(|&h| h > 0.0)));
            s.cadence.push(f(p.cad));
            s.power_w.push(f(p.watts));
            s.temperature_c.push(f32::NAN);
        }
        carried += last_dist;
    }
    s.prune_empty();
    s
}

/// Totals from the laps (the device's own figures); the streams fill the rest later.
fn totals(a: &mut Activity, laps: &[&LapAcc], acts: &[Act]) {
    let sum = |g: fn(&LapAcc) -> Option<f64>| {
        let v: Vec<f64> = laps.iter().filter_map(|l| g(l)).collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>())
    };
    let weighted = |g: fn(&LapAcc) -> Option<f64>| {
        let (mut num, mut den) = (0.0, 0.0);
        for l in laps {
            if let (Some(v), Some(t)) = (g(l).filter(|&v| v > 0.0), l.total_time) {
                num += v * t;
                den += t;
            }
        }
        (den > 0.0).then(|| num / den)
    };
    a.moving_s = sum(|l| l.total_time).unwrap_or_default();
    let start = a.start_utc as f64;
    let last_point = acts
        .iter()
        .flat_map(|x| &x.points)
        .filter_map(|p| p.t)
        .reduce(f64::max);
    let last_lap_end = laps
        .iter()
        .filter_map(|l| Some(l.start? + l.total_time.unwrap_or(0.0)))
        .reduce(f64::max);
    let end = last_point.into_iter().chain(last_lap_end).reduce(f64::max);
    a.elapsed_s = end.map_or(0.0, |e| (e - start).max(a.moving_s));
    let stream_dist = a
        .streams
        .distance_m
        .iter()
        .rev()
        .find(|d| d.is_finite())
        .map(|&d| f64::from(d));
    a.distance_m = match (sum(|l| l.distance), stream_dist) {
        // Indoor laps report 0 m; a real distance in the samples beats that.
        (Some(d), Some(s)) if d <= 0.0 && s > 0.0 => Some(s),
        (Some(d), _) => Some(d),
        (None, s) => s,
    };
    a.calories = sum(|l| l.calories);
    a.avg_hr = weighted(|l| l.avg_hr);
    a.max_hr = laps.iter().filter_map(|l| l.max_hr).reduce(f64::max);
    a.avg_power = weighted(|l| l.avg_watts);
    a.max_power = laps.iter().filter_map(|l| l.max_watts).reduce(f64::max);
    a.avg_cadence = weighted(|l| l.cadence);
}

fn lap(l: &LapAcc) -> Lap {
    let elapsed = l.total_time.unwrap_or_default();
    Lap {
        start_utc: l.start.map_or(0, |t| t.floor() as i64),
        elapsed_s: elapsed,
        distance_m: l.distance,
        avg_hr: l.avg_hr,
        avg_power: l.avg_watts,
        avg_speed_mps: l
            .avg_speed
            .or_else(|| l.distance.filter(|_| elapsed > 0.0).map(|d| d / elapsed)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"<Activity Sport="Biking"><Id>2020-01-01T10:00:00Z</Id>
      <Lap StartTime="2020-01-01T10:00:00Z"><TotalTimeSeconds>10</TotalTimeSeconds>
        <DistanceMeters>100</DistanceMeters><Calories>5</Calories>
        <AverageHeartRateBpm><Value>130</Value></AverageHeartRateBpm>
        <Track>
          <Trackpoint><Time>2020-01-01T10:00:00Z</Time><DistanceMeters>0</DistanceMeters>
            <HeartRateBpm><Value>120</Value></HeartRateBpm><Cadence>80</Cadence>
            <Extensions><ns3:TPX><ns3:Speed>9.5</ns3:Speed><ns3:Watts>200</ns3:Watts></ns3:TPX></Extensions></Trackpoint>
          <Trackpoint><Time>2020-01-01T10:00:10Z</Time><DistanceMeters>100</DistanceMeters></Trackpoint>
        </Track></Lap>
      <Creator><Name>Edge 500</Name></Creator></Activity>"#;

    fn tcx(acts: &str) -> String {
        format!("\n  <?xml version=\"1.0\"?><TrainingCenterDatabase><Activities>{acts}</Activities></TrainingCenterDatabase>")
    }

    #[test]
    fn one_activity_with_leading_whitespace() {
        let a = decode(tcx(ONE).as_bytes()).unwrap();
        assert_eq!(a.sport, Some(Sport::Ride));
        assert_eq!(a.device.as_deref(), Some("Edge 500"));
        assert_eq!(a.distance_m, Some(100.0));
        assert_eq!(a.avg_hr, Some(130.0));
        assert_eq!(a.elapsed_s, 10.0);
        assert_eq!(a.streams.power_w[0], 200.0);
        assert_eq!(a.laps.len(), 1);
        assert!(a.warnings.is_empty());
    }

    #[test]
    fn several_activities_become_one_multisport() {
        let run = ONE.replace("Biking", "Running").replace("10:00:", "10:01:");
        let a = decode(tcx(&format!("{ONE}{run}")).as_bytes()).unwrap();
        assert_eq!(a.sport, Some(Sport::Multisport));
        assert_eq!(a.distance_m, Some(200.0));
        assert_eq!(a.laps.len(), 2);
        // The second activity's distances continue from the first's.
        assert_eq!(a.streams.distance_m.last().copied(), Some(200.0));
        assert_eq!(a.warnings.len(), 1);
        // The same two activities days apart: the first only, flagged.
        let later = run.replace("2020-01-01", "2020-01-05");
        let b = decode(tcx(&format!("{ONE}{later}")).as_bytes()).unwrap();
        assert_eq!(b.sport, Some(Sport::Ride));
        assert_eq!(b.distance_m, Some(100.0));
        assert!(b.warnings[0].contains("only the first"), "{:?}", b.warnings);
    }

    #[test]
    fn truncated_is_salvaged_and_flagged() {
        let full = tcx(ONE);
        let cut = &full[..full.find("<Creator>").unwrap()];
        let a = decode(cut.as_bytes()).unwrap();
        assert_eq!(a.streams.len(), 2);
        assert!(a.warnings[0].contains("cut off"), "{:?}", a.warnings);
    }
}
