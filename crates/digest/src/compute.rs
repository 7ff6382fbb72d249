//! The digest's numbers: totals by sport, the week against the previous four,
//! leaderboards and the chart rows. One pass over each athlete's sessions.

use std::cmp::Ordering;

use paceline_types::Sport;

use crate::highlights;
use crate::model::*;
use crate::week::{day_number, ymd};

/// The order sports are listed in: the chart's buckets first, then the rest.
pub const SPORT_ORDER: [Sport; 10] = [
    Sport::Ride,
    Sport::Run,
    Sport::Swim,
    Sport::Strength,
    Sport::Walk,
    Sport::Hike,
    Sport::Row,
    Sport::Multisport,
    Sport::Transition,
    Sport::Other,
];

/// The chart's buckets, in the order of [`ChartRow::loads`].
pub const BUCKETS: [&str; 5] = ["Ride", "Run", "Swim", "Strength", "Other"];

fn sport_index(s: Sport) -> usize {
    SPORT_ORDER.iter().position(|x| *x == s).unwrap_or(9)
}

/// Chart bucket of a sport: Ride, Run, Swim, Strength, or Other for the rest
/// (walks, hikes, rowing, multisport, transitions).
pub fn bucket(s: Sport) -> usize {
    sport_index(s).min(4)
}

/// A number fit to add: NaN, infinities and negatives count as 0.
pub(crate) fn clean(x: f64) -> f64 {
    if x.is_finite() && x > 0.0 {
        x
    } else {
        0.0
    }
}

/// A session with its day number and cleaned numbers.
pub(crate) struct Day<'a> {
    pub day: i64,
    pub s: &'a Session,
    pub amounts: Amounts,
}

impl Day<'_> {
    pub(crate) fn to_ref(&self) -> SessionRef {
        SessionRef {
            activity_id: self.s.activity_id,
            date: ymd(self.day),
            sport: self.s.sport,
            name: self.s.name.clone(),
            duration_s: self.amounts.time_s,
            distance_m: self.amounts.distance_m,
            elevation_m: self.amounts.elevation_m,
            load: self.amounts.load,
        }
    }
}

/// One athlete's sessions up to the Sunday, cleaned, in date then id order.
pub(crate) fn prepare(a: &AthleteHistory, sunday: i64) -> Vec<Day<'_>> {
    let mut days: Vec<Day> = a
        .sessions
        .iter()
        .map(|s| Day {
            day: day_number(s.date),
            s,
            amounts: Amounts {
                sessions: 1,
                time_s: clean(s.duration_s),
                distance_m: clean(s.distance_m),
                elevation_m: clean(s.elevation_m),
                load: clean(s.load),
            },
        })
        .filter(|d| d.day <= sunday)
        .collect();
    days.sort_by_key(|d| (d.day, d.s.activity_id));
    days
}

/// Per-sport sums (indexed as [`SPORT_ORDER`]) into [`Totals`].
fn totals(per_sport: &[Amounts; 10], days_trained: u32) -> Totals {
    let mut all = Amounts::default();
    let by_sport = SPORT_ORDER
        .iter()
        .zip(per_sport)
        .filter(|(_, a)| a.sessions > 0)
        .map(|(sport, a)| {
            all.add(a);
            SportTotal {
                sport: *sport,
                amounts: *a,
            }
        })
        .collect();
    Totals {
        by_sport,
        all,
        days_trained,
    }
}

/// Everything about one athlete's week, plus what the group sums need.
struct Computed {
    week: AthleteWeek,
    per_sport: [Amounts; 10],
    previous: [f64; 3],
    chart: [f64; 5],
}

fn athlete_week(a: &AthleteHistory, days: &[Day], monday: i64) -> Computed {
    let first_previous = monday - 28;
    let mut per_sport = [Amounts::default(); 10];
    let mut previous = [0.0; 3];
    let mut chart = [0.0; 5];
    let mut trained = [false; 7];
    let mut sessions = Vec::new();
    for d in days {
        if d.day >= monday {
            per_sport[sport_index(d.s.sport)].add(&d.amounts);
            chart[bucket(d.s.sport)] += d.amounts.load;
            trained[(d.day - monday) as usize] = true;
            sessions.push(d.to_ref());
        } else if d.day >= first_previous {
            previous[0] += d.amounts.time_s;
            previous[1] += d.amounts.distance_m;
            previous[2] += d.amounts.load;
        }
    }
    let totals = totals(&per_sport, trained.iter().filter(|t| **t).count() as u32);
    let trend = trend(&totals.all, &previous);
    let (streak_days, streak_weeks) = highlights::streaks(days, monday);
    Computed {
        week: AthleteWeek {
            athlete_id: a.athlete_id,
            name: a.name.clone(),
            totals,
            trend,
            sessions,
            streak_days: streak_days.map_or(0, |s| s.0),
            streak_weeks: streak_weeks.map_or(0, |s| s.0),
        },
        per_sport,
        previous,
        chart,
    }
}

fn trend(this: &Amounts, previous: &[f64; 3]) -> Trend {
    Trend {
        time_s: Change::new(this.time_s, previous[0]),
        distance_m: Change::new(this.distance_m, previous[1]),
        load: Change::new(this.load, previous[2]),
    }
}

/// Name order for ties and listings: case-insensitive, then exact, then id.
pub(crate) fn by_name(a: (&str, i64), b: (&str, i64)) -> Ordering {
    a.0.to_lowercase()
        .cmp(&b.0.to_lowercase())
        .then_with(|| a.0.cmp(b.0))
        .then_with(|| a.1.cmp(&b.1))
}

/// A board over `athletes`: `key` is the value at display precision (higher
/// is better), `value` the raw one. Standard competition ranking (1, 1, 3),
/// ties by name; athletes without a session this week go last, sharing the
/// rank after the last active one.
fn board(
    athletes: &[AthleteWeek],
    value: impl Fn(&AthleteWeek) -> f64,
    key: impl Fn(f64) -> i64,
) -> Vec<Rank> {
    let mut rows: Vec<(i64, bool, &AthleteWeek)> = athletes
        .iter()
        .map(|a| {
            let active = a.totals.all.sessions > 0;
            (if active { key(value(a)) } else { 0 }, active, a)
        })
        .collect();
    // Active first, then by key descending, then by name.
    rows.sort_by(|x, y| {
        y.1.cmp(&x.1)
            .then(y.0.cmp(&x.0))
            .then_with(|| by_name((&x.2.name, x.2.athlete_id), (&y.2.name, y.2.athlete_id)))
    });
    let group = |r: &(i64, bool, &AthleteWeek)| (r.1, r.0);
    let mut out = Vec::with_capacity(rows.len());
    let mut rank = 1;
    for (i, r) in rows.iter().enumerate() {
        if i > 0 && group(&rows[i - 1]) != group(r) {
            rank = i as u32 + 1;
        }
        let tied = rows.iter().filter(|o| group(o) == group(r)).count() > 1;
        out.push(Rank {
            rank,
            athlete_id: r.2.athlete_id,
            name: r.2.name.clone(),
            value: value(r.2),
            tied,
            active: r.1,
        });
    }
    out
}

/// The four boards, keys at display precision.
fn leaderboard(athletes: &[AthleteWeek]) -> Leaderboard {
    Leaderboard {
        time: board(
            athletes,
            |a| a.totals.all.time_s,
            |v| (v / 60.0).round() as i64,
        ),
        distance: board(
            athletes,
            |a| a.totals.all.distance_m,
            |v| (v / 100.0).round() as i64,
        ),
        load: board(athletes, |a| a.totals.all.load, |v| v.round() as i64),
        consistency: board(athletes, |a| f64::from(a.totals.days_trained), |v| v as i64),
    }
}

/// Computes the digest of `input.week`. Pure and deterministic: the same
/// input gives the same digest whatever the order of athletes or sessions.
pub fn compute(input: &DigestInput) -> crate::Digest {
    let monday = input.week.monday_day();
    let sunday = monday + 6;
    let mut athletes: Vec<&AthleteHistory> = input.athletes.iter().collect();
    athletes.sort_by(|a, b| by_name((&a.name, a.athlete_id), (&b.name, b.athlete_id)));

    let mut weeks = Vec::with_capacity(athletes.len());
    let mut group_sport = [Amounts::default(); 10];
    let mut group_previous = [0.0; 3];
    let mut group_days = 0;
    let mut chart = Vec::with_capacity(athletes.len());
    let mut highlights = highlights::Collector::default();
    for a in athletes {
        let days = prepare(a, sunday);
        let c = athlete_week(a, &days, monday);
        for (g, s) in group_sport.iter_mut().zip(&c.per_sport) {
            g.add(s);
        }
        for (g, p) in group_previous.iter_mut().zip(&c.previous) {
            *g += p;
        }
        group_days += c.week.totals.days_trained;
        chart.push(ChartRow {
            name: a.name.clone(),
            loads: c.chart,
        });
        highlights.athlete(a, &days, monday);
        weeks.push(c.week);
    }
    let group = totals(&group_sport, group_days);
    let group_trend = trend(&group.all, &group_previous);
    chart.sort_by(|a, b| {
        let (ta, tb) = (a.loads.iter().sum::<f64>(), b.loads.iter().sum::<f64>());
        tb.total_cmp(&ta)
            .then_with(|| by_name((&a.name, 0), (&b.name, 0)))
    });
    crate::Digest {
        title: input.title.clone(),
        week: input.week.to_string(),
        monday: ymd(monday),
        sunday: ymd(sunday),
        leaderboard: leaderboard(&weeks),
        highlights: highlights.finish(),
        athletes: weeks,
        group,
        group_trend,
        chart,
    }
}

/// Per athlete, this week's load by bucket [Ride, Run, Swim, Strength,
/// Other], in the digest's chart order (highest total first).
pub fn chart_rows(d: &crate::Digest) -> Vec<(String, [f64; 5])> {
    d.chart.iter().map(|r| (r.name.clone(), r.loads)).collect()
}
